"""The one core object: ``KnowledgeGraph`` ties the loaders, the extractor and a store together.

The ``kg`` command and the web app are thin layers over it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from .graph.export import export as _export
from .graph.iri import digest_iri
from .graph.network import to_networkx
from .graph.pgraph import DigestGraph, extraction_graph
from .graph.result import QueryResult
from .graph.store import EntityNames, Store, get_store_class, open_store
from .graph.sync import SyncReport, sync
from .loaders.digest import split_digest
from .loaders.extract import DEFAULT_MIN_CONFIDENCE, Extractor
from .loaders.sources import read_sources, sources_from_bytes
from .ontology.model import Digest, Extraction, InputError, Triple
from .ontology.table import EntityTable
from .search import search_index
from .settings import Settings

NEW_DIGESTS_PER_WRITE = 50  # new digests written in one transaction of the store's bulk path

__all__ = ["KnowledgeGraph", "IngestReport", "DEFAULT_MIN_CONFIDENCE", "triple_record", "entity_records"]


@dataclass
class IngestReport:
    digests: int = 0
    unchanged: int = 0
    replaced: int = 0
    stories: int = 0
    entities: int = 0
    triples: int = 0
    seconds: float = 0.0
    data_dir: str = ""
    docs: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # digests dated by the ingest day: no date found

    def summary(self) -> str:
        extra = []
        if self.unchanged:
            extra.append(f"{self.unchanged} unchanged")
        if self.replaced:
            extra.append(f"{self.replaced} replaced")
        more = f" ({', '.join(extra)})" if extra else ""
        undated = (f"; no date in {len(self.undated)} of them, so they carry today's date"
                   if self.undated else "")
        return (f"ingested {self.digests} digest{'s' * (self.digests != 1)}{more}: {self.stories} stories, "
                f"{self.entities} entities, {self.triples} triples in {self.seconds:.1f} s "
                f"into {self.data_dir}{undated}")


def triple_record(x: Extraction, t: Triple) -> dict[str, Any]:
    """A triple as one line of the ``kg extract --format jsonl`` contract.

    ``subject`` and ``object`` are the names the digest uses for the resolved entities;
    ``subject_id`` and ``object_id`` are the canonical names (the graph's labels).
    """
    rec: dict[str, Any] = {
        "kind": "triple", "doc": x.digest.doc, "story": t.story,
        "subject": x.name(t.subject), "subject_type": t.subject.type,
        "predicate": t.predicate,
        "object": x.name(t.object), "object_type": t.object.type,
        "evidence": t.evidence, "confidence": t.confidence,
        "subject_id": t.subject.name, "object_id": t.object.name,
    }
    if t.event is not None:
        rec["event"] = {"kind": t.event.kind, "date": t.event.date, "amount": t.event.amount}
    return rec


def entity_records(x: Extraction, min_confidence: float = 0.0) -> Iterator[dict[str, Any]]:
    """Each entity of a digest once per type it is stored as (see ``Extraction.entity_list``)."""
    for e in x.entity_list(min_confidence):
        yield {"kind": "entity", "doc": x.digest.doc, "name": x.name(e), "type": e.type, "id": e.name}


class KnowledgeGraph:
    """A knowledge graph at a data directory, on a store chosen by name (default: Oxigraph on disk).

    >>> import tempfile
    >>> with KnowledgeGraph(tempfile.mkdtemp()) as kg:
    ...     kg.stats()["digests"]
    0
    """

    def __init__(self, data_dir: str | Path | None = None, *, settings: Settings | None = None,
                 store: str | None = None, read_only: bool = False, table: EntityTable | None = None,
                 processes: int = 1, **connection: Any):
        """``settings`` default to :meth:`Settings.load` (the environment, then defaults); ``data_dir``,
        ``store`` and ``connection`` (neo4j: uri, user, password, database) override them; ``processes``
        is how many worker processes extraction uses."""
        self.settings = (settings or Settings.load()).replace(
            data=data_dir, store=store, **{f"neo4j_{k}": v for k, v in connection.items()})
        self.data_dir = self.settings.data
        self.store_name = self.settings.store
        self.read_only = read_only
        self.connection = {k: v for k, v in self.settings.neo4j().items() if v is not None}
        self.table = table or EntityTable.default()
        self._store: Store | None = None
        self._extractor: Extractor | None = None
        self.processes = processes

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        if self._store is None:
            if "embedded" in get_store_class(self.store_name).capabilities:
                self._store = open_store(self.store_name, path=self.data_dir / "store",
                                         read_only=self.read_only)
            else:
                self._store = open_store(self.store_name, read_only=self.read_only, **self.connection)
        return self._store

    @property
    def location(self) -> str:
        """Where the graph lives: the data directory, or the server of a server store."""
        if "embedded" in get_store_class(self.store_name).capabilities:
            return str(self.data_dir)
        return self.store.location

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor(self.table, n_process=self.processes)
        return self._extractor

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading and extraction -----------------------------------------------------------------
    def read(self, specs: Iterable[str], *, today: str | None = None) -> list[Digest]:
        """Read and split every input first, so that one bad input stops the run before any write."""
        digests: list[Digest] = []
        for spec in specs:
            for source in read_sources(str(spec), allow_private=self.settings.allow_private_urls):
                digests.append(split_digest(source, today=today))
        if not digests:
            raise InputError("no input given")
        return digests

    def read_bytes(self, data: bytes, name: str, *, content_type: str | None = None,
                   today: str | None = None) -> list[Digest]:
        """Digests from one input's bytes (an upload, pasted text), read and split as ``read`` does."""
        sources = sources_from_bytes(data, name, content_type=content_type)
        digests = [split_digest(s, today=today) for s in sources]
        if not digests:
            raise InputError(f"{name}: no digest in the input")
        return digests

    def extract(self, specs: Iterable[str]) -> Iterator[Extraction]:
        return self.extractor.extract_many(self.read(specs))

    # -- writing --------------------------------------------------------------------------------
    def ingest(self, specs: Iterable[str], *, progress: Callable[[int], None] | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> IngestReport:
        """Ingest digests; each one whole or not at all; an unchanged digest is left as it is.

        Unchanged means the same text read by the same extractor (its ``version``) and stored at the
        same ``min_confidence``: after an upgrade of the rules, the entity table or the pair model, or
        with another threshold, ingesting a digest again reads it again and replaces what the store held.

        Triples below ``min_confidence`` (hedged, planned or denied statements) are not stored.
        """
        return self.ingest_digests(self.read(specs), progress=progress, min_confidence=min_confidence)

    def ingest_digests(self, digests: list[Digest], *, progress: Callable[[int], None] | None = None,
                       min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> IngestReport:
        """Ingest digests already read and split (see ``read``), as ``ingest`` does."""
        t0 = time.perf_counter()
        report = IngestReport(data_dir=self.location)
        todo: list[Digest] = []
        held: set[str] = set()  # digests the store holds in another version: replaced, not added
        version = self.extractor.version if digests else None
        for d in digests:
            iri = str(digest_iri(d))
            stored = self.store.digest_stamp(iri)
            if stored == (d.content_hash, version, min_confidence):
                report.unchanged += 1
                if progress:
                    progress(1)
            else:
                todo.append(d)
                if stored is not None:
                    held.add(iri)
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        new: list[DigestGraph] = []  # new digests go to the store together (its bulk path)

        def write_new() -> None:
            self.store.add_graphs(new)
            held.update(g.digest.iri for g in new)
            if progress:
                progress(len(new))
            new.clear()

        for x in self.extractor.extract_many(todo) if todo else ():
            x.triples = [t for t in x.triples if t.confidence >= min_confidence]
            x.min_confidence = min_confidence
            iri = str(digest_iri(x.digest))
            if iri in held:
                report.replaced += 1
                self.store.replace_graph(extraction_graph(x, now))
                if progress:
                    progress(1)
            else:
                new.append(extraction_graph(x, now))
                if len(new) >= NEW_DIGESTS_PER_WRITE:
                    write_new()
            report.stories += len(x.digest.stories)
            report.entities += len({e.name for es in x.entities.values() for e in es})
            report.triples += len(x.triples)
            report.docs.append(x.digest.doc)
            if x.digest.date_source == "ingest":
                report.undated.append(x.digest.doc)
        write_new()
        report.digests = len(digests)
        report.seconds = time.perf_counter() - t0
        return report

    def remove(self, spec: str) -> bool:
        """Remove a digest (by its source URL or file name) and every fact it brought."""
        for d in self.store.digests():
            if spec in (d["doc"], d["source_url"], d["iri"]):
                return self.store.remove_digest(d["iri"])
        return False

    # -- reading the graph ----------------------------------------------------------------------
    def query(self, sparql: str, *, timeout: float = 10.0, limit: int = 10000) -> QueryResult:
        return self.store.query(sparql, timeout=timeout, limit=limit)

    def find_entities(self, name: str, *, indexed: bool = False) -> list[dict[str, str]]:
        """Entities whose label or alias is ``name`` (case-insensitive), or its canonical table name.

        ``indexed`` looks the names up in the search index of the graph's current state (built once per
        state, see :mod:`digestkg.search`) instead of asking the store: for callers that ask often.
        """
        entry = self.table.lookup(name)
        names = {name.lower()} | ({entry.name.lower()} if entry else set())
        if indexed:
            return search_index(self).named(names)
        return self.store.find_entities(names)

    def entity(self, name: str, *, offset: int = 0, limit: int | None = None, sources: int | None = None
               ) -> dict[str, Any] | None:
        """The entity ``name`` with its aliases and its facts (outgoing and incoming), each with the stories that
        state it: a ``FactPage`` of ``limit`` facts from ``offset`` (all for None), ``sources`` newest
        statements each (all for None)."""
        found = self.find_entities(name)
        return self.describe(found[0], offset=offset, limit=limit, sources=sources) if found else None

    def describe(self, ent: dict[str, str], *, offset: int = 0, limit: int | None = None,
                 sources: int | None = None) -> dict[str, Any]:
        """An entity as ``find_entities`` gives it, with its aliases and a page of its facts (see ``entity``)."""
        return {**ent, "aliases": self.store.entity_aliases(ent["iri"]),
                "facts": self.store.entity_facts(ent["iri"], offset=offset, limit=limit, sources=sources)}

    def wikidata(self, iri: str) -> str | None:
        """The Wikidata id ("Q...") of the entity ``iri``, or None."""
        return self.store.entity_wikidata(iri)

    def neighbours(self, name: str, *, depth: int = 1, predicates: Iterable[str] | None = None
                   ) -> list[dict[str, Any]] | None:
        """Entities within ``depth`` facts of the entity ``name``: iri, name, type, distance or None."""
        found = self.find_entities(name)
        if not found:
            return None
        return self.store.neighbours(found[0]["iri"], depth=depth, predicates=predicates)

    def path(self, a: str, b: str, *, predicates: Iterable[str] | None = None, max_depth: int = 6
             ) -> list[dict[str, str]] | None:
        """The facts along a shortest path between the entities ``a`` and ``b`` (either direction).

        Each step is a dict of subject, subject_name, predicate, object, object_name; None when
        an entity is unknown or no path of at most ``max_depth`` facts joins them.
        """
        ends = [self.find_entities(a), self.find_entities(b)]
        if not all(ends):
            return None
        links = self.store.shortest_path(ends[0][0]["iri"], ends[1][0]["iri"],
                                         predicates=None if predicates is None else list(predicates),
                                         max_depth=max_depth)
        if links is None:
            return None
        return [{"subject": x.subject, "subject_name": x.subject_name, "predicate": x.predicate,
                 "object": x.object, "object_name": x.object_name} for x in links]

    def stats(self, *, quads: bool = True) -> dict[str, Any]:
        """Where the graph is and its counts (see ``Store.counts``); ``quads``, the store's size, is a pass
        over the whole store (the home page leaves it out)."""
        counts = self.store.counts()
        size = {"quads": len(self.store)} if quads else {}
        return {"data_dir": str(self.data_dir), "store": self.store_name, "location": self.location,
                **size, **counts}

    def sync_to(self, other: KnowledgeGraph, *, progress: Callable[[int], None] | None = None) -> SyncReport:
        """Copy this graph into ``other`` (say the RDF store into Neo4j): afterwards both hold the same."""
        return sync(self.store, other.store, progress=progress)

    def digests(self, *, latest: int | None = None) -> list[dict[str, Any]]:
        """The stored digests (see ``Store.digests``), newest edition first; only the ``latest`` newest."""
        return sorted(self.store.digests(latest=latest), key=lambda d: (d.get("date") or "", d.get("doc") or ""),
                      reverse=True)

    def events(self, entity_iri: str | None = None, *, limit: int = 50) -> list[dict[str, Any]]:
        """Events, newest first: all of them, or those the entity (an IRI) is the agent or object of."""
        return [ev._asdict() for ev in self.store.events(entity_iri, limit=limit)]

    def digest(self, spec: str) -> dict[str, Any] | None:
        """A digest (by file name, source URL or IRI) with its stories: text, entities and facts of each."""
        found = next((d for d in self.store.digests() if spec in (d["doc"], d["source_url"], d["iri"])), None)
        if found is None:
            return None
        stories = {s.iri: {"iri": s.iri, "number": s.number, "headline": s.headline, "text": s.text,
                           "entities": [], "facts": []} for s in self.store.digest_stories(found["iri"])}
        labels: dict[tuple[str, str], str] = {}  # (story, entity) -> the label that story gives it
        for m in self.store.digest_mentions(found["iri"]):
            labels[m.story, m.entity] = m.label
            if m.story in stories:
                stories[m.story]["entities"].append({"iri": m.entity, "name": m.label, "type": m.type,
                                                     "names": list(m.names)})
        facts = [(f.story, labels.get((f.story, f.subject), f.subject), f.predicate,
                  labels.get((f.story, f.object), f.object), f) for f in self.store.digest_facts(found["iri"])]
        for story, subject, predicate, obj, f in sorted(facts, key=lambda x: x[:4]):
            if story in stories:
                stories[story]["facts"].append({"subject": subject, "predicate": predicate, "object": obj,
                                                "evidence": f.evidence, "confidence": f.confidence})
        for s in stories.values():
            s["entities"].sort(key=lambda e: (e["name"], e["iri"]))
        return {**found, "stories": sorted(stories.values(), key=lambda s: s["number"])}

    def entity_names(self) -> list[EntityNames]:
        """Every entity with its label, type and every name (labels and aliases), for search."""
        return self.store.entity_names()

    def export(self, fmt: str, out: IO[Any]) -> None:
        _export(self.store, fmt, out)

    def network(self, **kwargs: Any):
        """A networkx MultiDiGraph of entities and facts, for analytics."""
        return to_networkx(self.store, **kwargs)

