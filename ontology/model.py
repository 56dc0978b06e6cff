"""The data that flows from a loader to a store: sources, digests, stories, extractions (with the
vocabulary of ``vocabulary``, which these dataclasses name).

>>> s = Story(number=1, headline="ByteDance Releases X", paragraphs=["ByteDance released X."])
>>> s.text
'ByteDance Releases X\\n\\nByteDance released X.'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from .vocabulary import ENTITY_TYPES, EVENT_KINDS, PREDICATES, SYMMETRIC

__all__ = [
    "ENTITY_TYPES",
    "PREDICATES",
    "SYMMETRIC",
    "EVENT_KINDS",
    "InputError",
    "Source",
    "Story",
    "Digest",
    "Entity",
    "Event",
    "Triple",
    "Extraction",
]

class InputError(ValueError):
    """An input that cannot become a digest; the message names the input and says why."""


@dataclass(frozen=True)
class Source:
    """Raw text of one digest edition as read from a file, page, URL or feed item."""

    name: str  # the input's base name ("digest-15.txt") or the URL's last path segment
    text: str  # plain text, paragraphs separated by blank lines
    url: str | None = None  # http(s) source URL when known
    date: str | None = None  # ISO date (YYYY-MM-DD) from the page/file/feed when present
    title: str | None = None  # title from the page/feed when present


@dataclass(frozen=True)
class Story:
    number: int  # 1-based, as numbered in the digest
    headline: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join([self.headline, *self.paragraphs])


@dataclass(frozen=True)
class Digest:
    """One edition split into stories, with its metadata."""

    doc: str  # Source.name
    title: str
    date: str  # ISO date
    date_source: Literal["text", "page", "file", "ingest"]  # where the date came from
    source_url: str | None
    intro: str
    stories: list[Story]
    text: str  # the full plain text it was split from

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entity:
    name: str  # canonical display name after alias resolution
    type: str  # one of ENTITY_TYPES
    aliases: tuple[str, ...] = ()  # known aliases (from the entity table and the text)
    wikidata: str | None = None  # "Q12345" when known
    known: bool = False  # from the curated entity table (its type is certain)


@dataclass(frozen=True)
class Event:
    kind: str  # Event subclass local name, e.g. "Release" (see EVENT_KINDS)
    agent: Entity
    object: Entity
    date: str  # ISO date: the edition date unless the text names another
    amount: str | None = None  # money amount or percentage as stated ("18.23 billion yuan")


@dataclass(frozen=True)
class Triple:
    subject: Entity
    predicate: str  # one of PREDICATES
    object: Entity
    story: int  # 1-based story number
    evidence: str  # the sentence it was read from
    confidence: float  # 0..1
    event: Event | None = None


@dataclass
class Extraction:
    """Everything extracted from one digest."""

    digest: Digest
    entities: dict[int, list[Entity]] = field(default_factory=dict)  # story number -> entities
    triples: list[Triple] = field(default_factory=list)
    extractor_version: str = ""
    display: dict[str, str] = field(default_factory=dict)  # canonical name -> the name this digest uses
    min_confidence: float | None = None  # the threshold ``triples`` were filtered at, when they were

    def name(self, e: Entity) -> str:
        """The entity's name as this digest writes it (its canonical name unless the text never uses it)."""
        return self.display.get(e.name, e.name)

    def entity_list(self, min_confidence: float = 0.0) -> list[Entity]:
        """Each entity of the digest once, in order of first mention; a name that a fact (at
        ``min_confidence`` or above) stores as another type, such as a country acting as its
        state, once more with that type."""
        out: dict[tuple[str, str], Entity] = {}
        for ents in self.entities.values():
            for e in ents:
                if not any((e.name, t) in out for t in ENTITY_TYPES):  # a name's first mention decides
                    out[(e.name, e.type)] = e
        for t in self.triples:
            if t.confidence >= min_confidence:
                for e in (t.subject, t.object):
                    out.setdefault((e.name, e.type), e)
        return list(out.values())
