"""Deterministic IRIs for entities, digests, stories, statements and events.

The same input always gives the same IRI, so re-ingesting a digest rewrites
the same nodes instead of adding new ones.

>>> entity_iri("ByteDance", "Company")
rdflib.term.URIRef('https://digestkg.org/id/company/bytedance')
>>> story_iri(URIRef("https://digestkg.org/id/digest/0123456789abcdef"), 3)
rdflib.term.URIRef('https://digestkg.org/id/digest/0123456789abcdef/story/3')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

from digestkg.ontology import ID
from rdflib import URIRef

if TYPE_CHECKING:
    from digestkg.ontology.model import Digest

__all__ = ["slug", "entity_iri", "digest_iri", "story_iri", "story_digest", "statement_iri", "event_iri"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SEP = "\x1f"  # unit separator: cannot occur in IRIs, keeps hash inputs unambiguous


def slug(name: str) -> str:
    """The readable part of an entity IRI: ASCII lower case, runs of other characters as "-".

    Accents are folded first ("Nestlé" -> "nestle"); names with non-ASCII characters
    or an empty slug get a hash suffix so that different names never collide.

    >>> slug("State Administration for Market Regulation")
    'state-administration-for-market-regulation'
    >>> slug("AT&T")
    'at-t'
    >>> slug("字节跳动")  # doctest: +ELLIPSIS
    '-...'
    """
    nfc = unicodedata.normalize("NFC", name)
    folded = unicodedata.normalize("NFKD", nfc).encode("ascii", "ignore").decode("ascii")
    base = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if not base or not nfc.isascii():
        base += "-" + hashlib.sha1(nfc.encode("utf-8")).hexdigest()[:10]
    return base


def entity_iri(name: str, type: str) -> URIRef:
    """The IRI of an entity: ``kgid:<type lower-case>/<slug(name)>``.

    >>> entity_iri("State Administration for Market Regulation", "GovernmentBody")
    rdflib.term.URIRef('https://digestkg.org/id/governmentbody/state-administration-for-market-regulation')
    """
    return ID[f"{type.lower()}/{slug(name)}"]


def digest_iri(digest: Digest) -> URIRef:
    """The IRI of a digest edition, from its source URL (or its document name when it has none).

    >>> from types import SimpleNamespace
    >>> digest_iri(SimpleNamespace(source_url=None, doc="digest-15.txt"))
    rdflib.term.URIRef('https://digestkg.org/id/digest/e715f6aa816c2857')
    """
    key = digest.source_url or digest.doc
    return ID["digest/" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]]


def story_iri(digest_iri: str, n: int) -> URIRef:
    """The IRI of story number ``n`` (1-based) of a digest; also the name of the story's graph."""
    return URIRef(f"{digest_iri}/story/{int(n)}")


def story_digest(story_iri: str) -> str:
    """The IRI of the digest a story IRI (or a digest IRI) belongs to: ``story_iri``'s inverse.

    >>> story_digest(story_iri("https://digestkg.org/id/digest/ab12", 3))
    'https://digestkg.org/id/digest/ab12'
    """
    return str(story_iri).rsplit("/story/", 1)[0]


def _hash(*parts: object) -> str:
    return hashlib.sha1(_SEP.join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def statement_iri(story_iri: str, s: str, p: str, o: str) -> URIRef:
    """The IRI of the statement (provenance node) for the fact ``s p o`` read in a story.

    >>> statement_iri("https://digestkg.org/id/digest/x/story/3", "a", "b", "c")
    rdflib.term.URIRef('https://digestkg.org/id/digest/x/story/3/fact/a9b3a53fdedd')
    """
    return URIRef(f"{story_iri}/fact/{_hash(s, p, o)}")


def event_iri(story_iri: str, kind: str, agent: str, object: str) -> URIRef:
    """The IRI of an event of ``kind`` (e.g. "Penalty") with its agent and object, in a story."""
    return URIRef(f"{story_iri}/event/{_hash(kind, agent, object)}")
