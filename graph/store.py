"""The store protocol: what every graph backend offers, and a registry of backends.

A backend subclasses :class:`Store`, declares its ``name`` and ``capabilities`` and
registers itself with :func:`register`. The registry maps names to ``"module:Class"``
strings, so an optional backend (say a neo4j store) is imported only when asked for:

>>> get_store_class("oxigraph").capabilities >= {"sparql", "named_graphs"}
True
>>> with open_store("oxigraph") as store:  # no path: a temporary in-memory store
...     len(store)
0
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, NamedTuple, TypeVar

from digestkg.graph.pgraph import DigestGraph, to_quads
from digestkg.graph.result import QueryResult
from digestkg.ontology.model import PREDICATES
from rdflib import BNode, Literal, URIRef

__all__ = [
    "Quad",
    "DigestStamp",
    "CAPABILITIES",
    "DEFAULT_STORE",
    "Store",
    "StoreError",
    "StoreLockedError",
    "QueryError",
    "QueryResult",
    "EntityInfo",
    "FactRow",
    "FactSource",
    "Neighbour",
    "EntityFact",
    "FactPage",
    "newest_first",
    "entity_label",
    "Link",
    "EventRow",
    "StoryRow",
    "MentionRow",
    "EntityNames",
    "predicate_names",
    "register",
    "store_names",
    "get_store_class",
    "open_store",
]

# (subject, predicate, object, graph name), as rdflib terms
Quad = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal, URIRef]

# embedded: the store lives in the data directory (its constructor takes ``path``); a server
# store (neo4j) takes connection settings instead
CAPABILITIES = frozenset({"sparql", "named_graphs", "transactions", "persistent", "cypher", "embedded"})
DEFAULT_STORE = "oxigraph"


class StoreError(RuntimeError):
    """A store cannot be opened, read or written; the message says which and why."""


class StoreLockedError(StoreError):
    """Another process holds the store."""


class QueryError(ValueError):
    """A query was refused (not read-only, malformed, too slow); the message is one line."""


S = TypeVar("S", bound="Store")


def predicate_names(predicates: Iterable[str] | None) -> list[str]:
    """Local names of predicates given as local names or IRIs (all of them for None).

    >>> predicate_names(["owns", "https://digestkg.org/ontology#sues"])
    ['owns', 'sues']
    """
    if predicates is None:
        return list(PREDICATES)
    names = []
    for p in predicates:
        name = str(p).rsplit("#", 1)[-1]
        if name not in PREDICATES:
            raise ValueError(f"unknown predicate {p!r}; known: {', '.join(PREDICATES)}")
        names.append(name)
    return names


@dataclass(frozen=True)
class EntityInfo:
    iri: str
    label: str  # the alphabetically first label when stories disagree
    type: str  # local name of its class, e.g. "Company"
    wikidata: str | None = None  # "Q..." when known


@dataclass(frozen=True)
class FactRow:
    """One fact as read in one story (one kg:Statement)."""

    subject: str  # IRIs as strings
    predicate: str  # local name, e.g. "owns"
    object: str
    confidence: float | None
    evidence: str
    story: str  # story IRI
    story_number: int | None
    digest: str | None  # digest IRI
    date: str | None  # the digest's edition date
    source_url: str | None

    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        return (self.date or "", self.digest or "", self.story_number or 0, self.subject, self.predicate,
                self.object)


class FactSource(NamedTuple):
    """One story's statement of a fact: its sentence, and the story and digest it was read in."""

    statement: str  # the kg:Statement's IRI
    evidence: str
    confidence: float | None
    story: str  # story IRI
    story_number: int | None
    headline: str | None
    digest: str | None  # digest IRI
    doc: str | None
    title: str | None
    source_url: str | None
    date: str | None  # the digest's edition date, "YYYY-MM-DD"


def newest_first(sources: Iterable[FactSource]) -> list[FactSource]:
    """Sources newest first (by edition date; undated last), then by story and statement IRI.

    >>> s = FactSource("st", "", None, "story/1", 1, None, None, None, None, None, None)
    >>> [x.date for x in newest_first([s, s._replace(date="2024-01-02"), s._replace(date="2023-05-01")])]
    ['2024-01-02', '2023-05-01', None]
    """
    by_story = sorted(sources, key=lambda x: (x.story, x.statement))
    return sorted(by_story, key=lambda x: x.date or "", reverse=True)


def entity_label(iri: str, label: str | None = None) -> str:
    """An entity's name: its ``label``, else the last segment of its IRI.

    >>> entity_label("https://digestkg.org/id/company/bytedance"), entity_label("x/y", "Y Corp")
    ('bytedance', 'Y Corp')
    """
    return label if label else iri.rsplit("/", 1)[-1]


class Neighbour(NamedTuple):
    """One fact of an entity, seen from it: the predicate, its direction and the other entity."""

    direction: str  # "out" (the entity is the subject) or "in"
    predicate: str  # local name, e.g. "owns"
    other: str  # the other entity's IRI
    other_label: str
    other_type: str  # local name of its class


class EntityFact(NamedTuple):
    """One fact of an entity (Wikidata-style: one row per fact, its references under it), with how many
    stories state it and the newest of their statements."""

    direction: str
    predicate: str
    other: str
    other_label: str
    other_type: str
    stated: int  # statements of it, one per story
    sources: tuple[FactSource, ...]  # newest first, at most as many as asked for

    def as_dict(self) -> dict[str, Any]:
        """As JSON data: its sources a list of objects."""
        return {**self._asdict(), "sources": [src._asdict() for src in self.sources]}


@dataclass(frozen=True)
class FactPage:
    """A page of an entity's facts, ordered by predicate, direction (out first), the other entity's name."""

    total: int  # the entity's facts (distinct predicate, direction, other entity)
    statements: int  # their statements: the facts as read in every story
    offset: int
    facts: list[EntityFact]  # the page, with sources
    neighbours: list[Neighbour]  # every fact, in the same order, without sources

    def as_dict(self) -> dict[str, Any]:
        """The page as JSON fields of its entity: ``facts`` (with their sources), ``facts_total`` and
        ``statements_total`` (the neighbours are left out: a page shows some of them, grouped)."""
        return {"facts": [f.as_dict() for f in self.facts], "facts_total": self.total,
                "statements_total": self.statements}


class Link(NamedTuple):
    """A fact between two entities, whatever story read it, with the entities' names and types."""

    subject: str
    predicate: str  # local name, e.g. "owns"
    object: str
    subject_name: str
    subject_type: str
    object_name: str
    object_type: str


class EventRow(NamedTuple):
    """An event with its two entities (names, type local names) and where it was read."""

    event: str  # the event's IRI
    kind: str  # local name of its class, e.g. "Release"
    date: str  # "YYYY-MM-DD"
    amount: str | None
    agent: str
    agent_label: str
    agent_type: str
    object: str
    object_label: str
    object_type: str
    evidence: str | None
    story_number: int | None
    digest: str | None  # digest IRI
    doc: str | None
    source_url: str | None


class StoryRow(NamedTuple):
    """One story of a digest."""

    iri: str
    number: int
    headline: str
    text: str


class MentionRow(NamedTuple):
    """An entity as one story names it: that story's label and every name (label and aliases, sorted)."""

    story: str  # story IRI
    entity: str
    label: str
    type: str  # local name of its class
    names: tuple[str, ...]


class EntityNames(NamedTuple):
    """An entity with every name it goes by, for search."""

    iri: str
    label: str  # the alphabetically first label
    type: str  # local name of its class
    names: tuple[str, ...]  # every label and alias, sorted


class DigestStamp(NamedTuple):
    """What a store records of how it got a digest: the text's hash, the extractor that read it and
    the confidence below which its statements were not stored."""

    content_hash: str
    extractor_version: str | None
    min_confidence: float | None = None


class Store(ABC):
    """A knowledge-graph store holding one set of named graphs per digest.

    Every digest owns its digest graph (named by the digest IRI) and one graph per
    story (named ``<digest IRI>/story/<n>``); replacing or removing a digest touches
    exactly these graphs. Queries see the union of all graphs.
    """

    name: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def digest_stamp(self, digest_iri: str) -> DigestStamp | None:
        """The stored ``kg:contentHash``, ``kg:extractorVersion`` and ``kg:minConfidence`` of a digest, or
        None when it is not stored."""

    @abstractmethod
    def replace_digest(self, digest_iri: str, quads: Iterable[Quad]) -> None:
        """Remove every graph of the digest and insert ``quads``, all or nothing.

        Every quad's graph must be the digest's graph or one of its story graphs.
        """

    def add_digests(self, digests: Iterable[tuple[str, Iterable[Quad]]]) -> None:
        """Store digests that are new to the store, each ``(digest IRI, quads)`` as ``replace_digest``
        would; a backend may write them in bulk, all of them or none. A digest the store holds is
        replaced. This default replaces them one by one."""
        for digest_iri, quads in digests:
            self.replace_digest(digest_iri, quads)

    def replace_graph(self, graph: DigestGraph) -> None:
        """``replace_digest`` for a digest given as the property-graph model (what ``kg ingest`` builds
        for a changed digest): this default writes its quads (``pgraph.to_quads``)."""
        self.replace_digest(graph.digest.iri, to_quads(graph))

    def add_graphs(self, graphs: Iterable[DigestGraph]) -> None:
        """``add_digests`` for digests given as the property-graph model (``pgraph.extraction_graph``,
        what ``kg ingest`` builds from an extraction): a store that writes that model (Neo4j) takes it
        as it is; this default writes its quads (``pgraph.to_quads``) through ``add_digests``."""
        self.add_digests((g.digest.iri, to_quads(g)) for g in graphs)

    @abstractmethod
    def remove_digest(self, digest_iri: str) -> bool:
        """Remove every graph of the digest; True when there was something to remove."""

    @abstractmethod
    def digests(self, *, latest: int | None = None) -> list[dict[str, Any]]:
        """The stored digests: dicts with iri, title, doc, date, source_url, stories (count); with ``latest``,
        only the newest ``latest`` of them (by edition date, then doc name), newest first, read without
        listing every digest."""

    @abstractmethod
    def query(self, sparql: str, *, timeout: float | None = 10.0, limit: int | None = 10000) -> QueryResult:
        """Run a read-only SPARQL query over the union of all graphs.

        Raises QueryError for updates, SERVICE, malformed queries and timeouts; at most
        ``limit`` rows come back (``truncated`` tells whether there were more).
        """

    def cypher(self, query: str, *, timeout: float | None = 10.0, limit: int | None = 10000) -> Any:
        """Run a read-only Cypher query (stores with the "cypher" capability)."""
        raise QueryError(f"the {self.name} store does not run Cypher; use SPARQL (kg query)")

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad in the store, as rdflib terms (in no particular order)."""

    @abstractmethod
    def digest_quads(self, digest_iri: str) -> Iterator[Quad]:
        """The quads of one digest's graphs, as ``replace_digest`` took them (none when it is not stored)."""

    # -- the reads the core asks of every store -------------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, for messages: a directory, or a server URI (never a password)."""

    @abstractmethod
    def find_entities(self, names: Iterable[str], *, limit: int = 50) -> list[dict[str, str]]:
        """Entities whose label or alias is one of ``names`` (lower-case): dicts with iri, name, type."""

    def entity_facts(self, iri: str, *, offset: int = 0, limit: int | None = None, sources: int | None = None
                     ) -> FactPage:
        """A page of an entity's facts, both directions, one row per fact with the stories that state it:
        ``limit`` facts (all for None) from ``offset``, ordered by predicate, direction (out first), the
        other entity's name and IRI, each with its ``sources`` newest statements (all for None).

        Only the page's statements are read (``fact_sources``), so a hub's first page costs a page.
        """
        facts = sorted(
            (Neighbour("out", x.predicate, x.object, x.object_name, x.object_type) if x.subject == iri
             else Neighbour("in", x.predicate, x.subject, x.subject_name, x.subject_type) for x in self.links([iri])),
            key=lambda f: (f.predicate, f.direction != "out", f.other_label.casefold(), f.other_label, f.other))
        offset = max(0, offset)
        page = facts[offset:] if limit is None else facts[offset:offset + max(0, limit)]
        triples = [(iri, f.predicate, f.other) if f.direction == "out" else (f.other, f.predicate, iri) for f in page]
        found = self.fact_sources(triples, newest=sources)
        rows = [EntityFact(*f, *found.get(t, (0, ()))) for f, t in zip(page, triples, strict=True)]
        return FactPage(len(facts), self.statement_count(iri), offset, rows, facts)

    @abstractmethod
    def fact_sources(self, facts: Collection[tuple[str, str, str]], *, newest: int | None = None
                     ) -> dict[tuple[str, str, str], tuple[int, tuple[FactSource, ...]]]:
        """For each fact (subject, predicate local name, object) that some story states: how many stories
        state it, and the ``newest`` of their statements (all for None) as ``newest_first`` orders them."""

    @abstractmethod
    def statement_count(self, iri: str) -> int:
        """The statements (facts as read in every story) whose subject or object is ``iri``."""

    @abstractmethod
    def entity_aliases(self, iri: str) -> list[str]:
        """An entity's aliases, sorted."""

    @abstractmethod
    def entity_wikidata(self, iri: str) -> str | None:
        """An entity's Wikidata id ("Q..."; the first by name when stories disagree), or None."""

    @abstractmethod
    def state(self) -> str:
        """A short token that changes whenever a digest is added, replaced or removed, cheap enough to
        read on every request: what caches of pages built from the graph are keyed by."""

    @abstractmethod
    def counts(self) -> dict[str, Any]:
        """digests, stories, entities, facts (statements) and events, with entities_by_type and
        facts_by_predicate (local names to counts, largest first)."""

    @abstractmethod
    def entities_and_facts(self) -> tuple[dict[str, EntityInfo], list[FactRow]]:
        """Every entity (by IRI) and every fact row, sorted by date, digest, story and fact."""

    @abstractmethod
    def links(self, iris: Collection[str], predicates: Collection[str] | None = None) -> list[Link]:
        """The distinct facts (of ``predicates``, local names; default all) that touch any of ``iris``."""

    def fact_triples(self, iris: Collection[str], predicates: Collection[str] | None = None, *,
                     within: bool = False) -> list[tuple[str, str, str]]:
        """The distinct facts (subject, predicate local name, object) that touch any of ``iris``, or with
        ``within`` those whose both ends are in ``iris``: ``links`` without names, the cheap read the network
        view is built from. This default filters ``links``; a backend reads them natively."""
        wanted = set(iris)
        return sorted({link[:3] for link in self.links(wanted, predicates)
                       if not within or (link.subject in wanted and link.object in wanted)})

    @abstractmethod
    def events(self, entity: str | None = None, *, limit: int = 50) -> list[EventRow]:
        """Dated events, newest first (then by IRI), at most ``limit``: all, or those ``entity`` is the
        agent or object of."""

    @abstractmethod
    def digest_stories(self, digest_iri: str) -> list[StoryRow]:
        """The stories of a digest, by number."""

    @abstractmethod
    def digest_mentions(self, digest_iri: str) -> list[MentionRow]:
        """The entities each story of a digest mentions, by story and label."""

    @abstractmethod
    def digest_facts(self, digest_iri: str) -> list[FactRow]:
        """The facts read in a digest's stories, sorted as ``FactRow.sort_key`` says."""

    @abstractmethod
    def entity_names(self) -> list[EntityNames]:
        """Every entity with its label, type and names, by IRI."""

    def neighbours(self, iri: str, *, depth: int = 1, predicates: Collection[str] | None = None
                   ) -> list[dict[str, Any]]:
        """Entities within ``depth`` facts of ``iri`` (either direction): iri, name, type, distance."""
        found: dict[str, tuple[int, str, str]] = {iri: (0, "", "")}
        frontier = {iri}
        for distance in range(1, depth + 1):
            reached = set()
            for link in sorted(self.links(frontier, predicates)):
                ends = ((link.subject, link.object, link.object_name, link.object_type),
                        (link.object, link.subject, link.subject_name, link.subject_type))
                for here, there, name, type_ in ends:
                    if here in frontier and there not in found:
                        found[there] = (distance, name, type_)
                        reached.add(there)
            if not reached:
                break
            frontier = reached
        del found[iri]
        rows = [{"iri": i, "name": n, "type": t, "distance": d} for i, (d, n, t) in found.items()]
        return sorted(rows, key=lambda r: (r["distance"], r["name"], r["iri"]))

    def shortest_path(self, a: str, b: str, *, predicates: Collection[str] | None = None,
                      max_depth: int = 6) -> list[Link] | None:
        """The facts along a shortest path from ``a`` to ``b`` (either direction), in path order.

        [] when a is b, None when no path of at most ``max_depth`` facts exists.
        """
        if a == b:
            return []
        came_from: dict[str, Link | None] = {a: None}
        frontier = {a}
        for _ in range(max_depth):
            reached = set()
            for link in sorted(self.links(frontier, predicates)):
                for here, there in ((link.subject, link.object), (link.object, link.subject)):
                    if here in frontier and there not in came_from:
                        came_from[there] = link
                        reached.add(there)
            if b in came_from:
                path: list[Link] = []
                node = b
                while (link := came_from[node]) is not None:
                    path.append(link)
                    node = link.subject if link.object == node else link.object
                return path[::-1]
            if not reached:
                return None
            frontier = reached
        return None

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads in the store."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (files, locks); further use raises StoreError."""

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# name -> "module:Class"; the module is imported on first use
_REGISTRY: dict[str, str] = {
    "oxigraph": "digestkg.graph.oxigraph:OxigraphStore",
    "neo4j": "digestkg.graph.neo4j:Neo4jStore",  # needs the extra: pip install 'digestkg[neo4j]'
}


def register(name: str, target: str | None = None) -> Callable[[type[S]], type[S]]:
    """Register a backend under ``name``: as a class decorator, or lazily with ``target="module:Class"``.

    >>> register("example", "digestkg.graph.oxigraph:OxigraphStore")  # doctest: +ELLIPSIS
    <function ...>
    >>> get_store_class("example").__name__
    'OxigraphStore'
    >>> _ = _REGISTRY.pop("example")
    """
    if target is not None:
        if ":" not in target:
            raise ValueError(f"store target must be 'module:Class', not {target!r}")
        _REGISTRY[name] = target

    def decorator(cls: type[S]) -> type[S]:
        if not (isinstance(cls, type) and issubclass(cls, Store)):
            raise TypeError(f"{cls!r} is not a Store subclass")
        unknown = cls.capabilities - CAPABILITIES
        if unknown:
            raise ValueError(f"{cls.__name__} declares unknown capabilities: {sorted(unknown)}")
        if not cls.name:
            cls.name = name
        _REGISTRY[name] = f"{cls.__module__}:{cls.__qualname__}"
        return cls

    return decorator


def store_names() -> list[str]:
    """The names of the registered backends (installed or not)."""
    return sorted(_REGISTRY)


def get_store_class(name: str) -> type[Store]:
    """The backend class registered as ``name``, importing its module now."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise StoreError(f"unknown store {name!r}; choose one of: {', '.join(store_names())}") from None
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise StoreError(f"the {name!r} store is not available: {e}") from e
    obj: Any = module
    for part in attr.split("."):
        obj = getattr(obj, part, None)
    # duck-typed: the module may have been imported under another name (doctest runners do that)
    if not (isinstance(obj, type) and all(hasattr(obj, m) for m in ("replace_digest", "query", "quads"))):
        raise StoreError(f"the {name!r} store is misregistered: {target} is not a Store class")
    return obj


def open_store(name: str = DEFAULT_STORE, **kwargs: Any) -> Store:
    """Open a store of backend ``name``; ``kwargs`` go to its constructor (e.g. ``path``, ``read_only``)."""
    return get_store_class(name)(**kwargs)
