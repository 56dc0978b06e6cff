"""The default store: RDF on disk (RocksDB) with pyoxigraph, one process writing at a time.

- ``replace_digest`` and ``remove_digest`` run as one SPARQL UPDATE request, which
  pyoxigraph applies in one transaction: all or nothing.
- A writable store holds an exclusive ``flock`` on ``DIR/.lock`` (with the holder's
  pid in it) for its whole life; a second writer waits up to ``WRITER_WAIT`` seconds for
  it, then gets StoreLockedError. pyoxigraph documents a read-only open beside a live
  writer as undefined behaviour, so readers never open ``DIR``: the writer publishes a
  checkpoint of it after its work (see :mod:`digestkg.graph.snapshots`), and a read-only
  store opens the latest one. Readers never wait for a writer, nor a writer for readers.
- Queries see the union of all graphs, as a set, and know the ontology's prefixes.
  pyoxigraph's own union (``use_default_graph_as_union``) is a bag: a triple held by
  several graphs (an entity's description repeats in every story that mentions it)
  matches once per graph, which multiplies rows and makes joins over descriptions
  explode. So the store's default graph is kept as the materialised set union of all
  named graphs, maintained inside the same update as every replace/remove, and
  queries run on it. It is internal: ``quads()``, ``len()`` and exports show only
  the named graphs.

>>> with OxigraphStore() as store:  # no path: in memory
...     store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from digestkg.graph.iri import statement_iri
from digestkg.graph.locking import WriterLock
from digestkg.graph.result import QueryResult
from digestkg.graph.snapshots import SnapshotHandle, hold_current, publish, snapshot_root
from digestkg.graph.sparql import check_parse, check_read_only, first_line, in_query_order
from digestkg.graph.store import (
    DigestStamp,
    EntityInfo,
    EntityNames,
    EventRow,
    FactRow,
    FactSource,
    Link,
    MentionRow,
    Quad,
    QueryError,
    Store,
    StoreError,
    StoryRow,
    entity_label,
    newest_first,
    predicate_names,
    register,
)
from digestkg.graph.terms import XSD_STRING, from_ox, iri_term, literal, named_node, nt_term, quad_from_ox
from digestkg.ontology import KG, NS, QUERY_PREFIXES, WIKIDATA
from digestkg.ontology.vocabulary import ENTITY_TYPES
from rdflib import BNode, Dataset, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

# a plain Namespace: pytest probing rdflib's XSD (a DefinedNamespace) for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

__all__ = ["OxigraphStore", "WRITER_WAIT", "PUBLISH_EVERY"]

WRITER_WAIT = 10.0  # seconds a second writer waits for the first before StoreLockedError
PUBLISH_EVERY = 5.0  # seconds between snapshots while a writer commits digest after digest

_OX_XSD_STRING = ox.NamedNode(XSD_STRING)
_WIKIDATA = WIKIDATA
_ENTITY_TYPES = ", ".join(f"kg:{t}" for t in ENTITY_TYPES)  # for IN (...)
_ENTITY_TYPE_VALUES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)  # for VALUES {...}


def _local(iri: str | None) -> str:
    return "" if iri is None else iri[len(NS):] if iri.startswith(NS) else iri


# the reads of the store protocol, as SPARQL over the union graph ({...} filled by iri_term/literal)
# an entity once, by its alphabetically first label, whichever of its names matched
_FIND_ENTITIES = """SELECT ?e (MIN(?label) AS ?name) ?type WHERE {{
  VALUES ?n {{ {values} }}
  ?e rdfs:label|kg:alias ?l . FILTER(LCASE(STR(?l)) = ?n)
  ?e rdfs:label ?label ; a ?type . FILTER(?type IN ({types}))
}} GROUP BY ?e ?type ORDER BY ?name ?e"""

# the stories that state some facts, with their dates: each story graph that holds a fact holds its one
# statement, so an index range per fact finds them (60 ms for a hub's page of 100 facts at 100,000
# stories, against 3 s joining the hub's statements); the chosen statements are described apart
_FACT_STORIES = """SELECT ?s ?p ?o ?story ?date WHERE {{
  VALUES (?s ?p ?o) {{ {facts} }}
  GRAPH ?story {{ ?s ?p ?o }}
  OPTIONAL {{ ?story kg:inDigest ?d . ?d kg:editionDate ?dt BIND(SUBSTR(STR(?dt), 1, 10) AS ?date) }}
}}"""
_DESCRIBE_STATEMENTS = """SELECT ?st ?ev ?conf ?n ?headline ?d ?doc ?title ?url WHERE {{
  VALUES ?st {{ {statements} }}
  ?st kg:inStory ?story ; kg:evidence ?ev ; kg:confidence ?conf .
  ?story kg:storyNumber ?n ; kg:headline ?headline ; kg:inDigest ?d .
  ?d kg:docName ?doc ; dct:title ?title .
  OPTIONAL {{ ?d kg:sourceUrl ?url }}
}}"""
_STATEMENT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?st kg:subject {e} }} UNION {{ ?st kg:object {e} }} }}"

# each count is one range of an index (no DISTINCT: the union graph is a set, an entity's IRI names its
# one type, a statement has one predicate), not a join over every quad: 0.2 s against 3.4 s at 100,000
# stories
_COUNTS = """SELECT ?what (COUNT(*) AS ?n) WHERE {
  VALUES (?what ?class) { ("digests" kg:Digest) ("stories" kg:Story) ("events" kg:Event) }
  ?x a ?class
} GROUP BY ?what"""

_ENTITIES_BY_TYPE = """SELECT ?t (COUNT(*) AS ?n) WHERE {
  VALUES ?t { TYPES } ?x a ?t
} GROUP BY ?t ORDER BY DESC(?n) ?t""".replace("TYPES", _ENTITY_TYPE_VALUES)

_FACTS_BY_PREDICATE = """SELECT ?p (COUNT(*) AS ?n) WHERE {
  ?st kg:predicate ?p
} GROUP BY ?p ORDER BY DESC(?n) ?p"""

# entities, statements, and stories with their digest's date and source URL: three independent
# parts, joined in Python (cheaper than joining them in SPARQL)
_ENTITIES_AND_FACTS = """SELECT ?x ?type ?label ?wd ?st ?s ?p ?o ?conf ?ev ?story ?num ?d ?date ?url WHERE {
  {
    VALUES ?type { TYPES } ?x a ?type .
    OPTIONAL { ?x rdfs:label ?label }
    OPTIONAL { ?x kg:wikidata ?wd }
  } UNION {
    ?st a kg:Statement ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:inStory ?story .
    OPTIONAL { ?st kg:confidence ?conf }
    OPTIONAL { ?st kg:evidence ?ev }
  } UNION {
    ?story a kg:Story .
    OPTIONAL { ?story kg:storyNumber ?num }
    OPTIONAL {
      ?story kg:inDigest ?d .
      OPTIONAL { ?d kg:editionDate ?dt . BIND(SUBSTR(STR(?dt), 1, 10) AS ?date) }
      OPTIONAL { ?d kg:sourceUrl ?url }
    }
  }
}""".replace("TYPES", _ENTITY_TYPE_VALUES)

# names and types of some entities, as two index lookups each (OPTIONALs here would join every label)
_LABELS = "SELECT ?x ?l WHERE {{ VALUES ?x {{ {iris} }} ?x rdfs:label ?l }}"
_TYPES = "SELECT ?x ?t WHERE {{ VALUES ?x {{ {iris} }} ?x a ?t . FILTER(?t IN ({types})) }}"
# the facts alone, names aside (looking them up per row costs more than the facts: 0.5 s against 50 ms for a
# hub's 4,307 facts at 100,000 stories); those among a set start from its subjects and keep the objects in it;
# a fact twice (a bag union) is dropped in Python, cheaper than DISTINCT
_FACT_TRIPLES = """SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {predicates} }}
  {{ VALUES ?s {{ {iris} }} ?s ?p ?o }} UNION {{ VALUES ?o {{ {iris} }} ?s ?p ?o }}
}}"""
_FACTS_WITHIN = """SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{ {iris} }} ?s ?p ?o . FILTER(?p IN ({predicates})) FILTER(?o IN ({objects}))
}}"""


# events are chosen first, by their date alone (the newest, then by IRI), and only the chosen ones are
# described: joining agents, objects and stories before the limit reads every event of a hub (5 s for
# ByteDance's timeline at 100,000 stories, against 1 s)
_ENTITY_EVENT = "{{ ?e kg:eventAgent {e} ; kg:eventDate ?d }} UNION {{ ?e kg:eventObject {e} ; kg:eventDate ?d }}"
# the newest events of the whole graph: the newest {dates} event dates first (grouping dates compares values
# the index holds inline, where sorting every event by date and IRI reads every IRI: 85 ms against 4 s at
# 100,000 stories), then the events of those dates
_NEWEST_EVENT = ("{{ SELECT ?d WHERE {{ [] kg:eventDate ?d }} GROUP BY ?d ORDER BY DESC(?d) LIMIT {dates} }} "
                 "?e kg:eventDate ?d .")
_EVENT = "?e kg:eventDate ?d ."
_EVENT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?e kg:eventAgent {e} }} UNION {{ ?e kg:eventObject {e} }} }}"
_MANY_EVENTS = 2000
_CHOOSE_EVENTS = "SELECT DISTINCT ?e ?d WHERE {{ {chosen} }} ORDER BY DESC(?d) ?e LIMIT {limit}"
_DESCRIBE_EVENTS = """SELECT ?e ?k ?agent ?object ?am ?ev ?n ?dg ?doc ?url WHERE {{
  VALUES ?e {{ {events} }}
  ?e a ?k ; kg:eventAgent ?agent ; kg:eventObject ?object ; kg:inStory ?st ; kg:evidence ?ev .
  FILTER(?k != kg:Event && STRSTARTS(STR(?k), STR(kg:)))
  ?st kg:storyNumber ?n ; kg:inDigest ?dg . ?dg kg:docName ?doc .
  OPTIONAL {{ ?e kg:amount ?am }} OPTIONAL {{ ?dg kg:sourceUrl ?url }}
}}"""

_DIGEST_STORIES = """SELECT ?story ?n ?headline ?text WHERE {{
  ?story a kg:Story ; kg:inDigest {d} ; kg:storyNumber ?n .
  OPTIONAL {{ ?story kg:headline ?headline }}
  OPTIONAL {{ ?story kg:storyText ?text }}
}} ORDER BY ?n ?story"""

# each entity as its story describes it (in the story's graph): the label and every name there
_DIGEST_MENTIONS = """SELECT DISTINCT ?story ?e ?label ?type ?name WHERE {{
  ?story kg:inDigest {d} .
  GRAPH ?story {{ ?story kg:mentions ?e . ?e rdfs:label ?label ; a ?type . ?e rdfs:label|kg:alias ?name }}
  FILTER(?type IN ({types}))
}}"""

_DIGEST_FACTS = """SELECT ?s ?p ?o ?conf ?ev ?story ?num ?date ?url WHERE {{
  ?story kg:inDigest {d} .
  ?st a kg:Statement ; kg:inStory ?story ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o .
  OPTIONAL {{ ?story kg:storyNumber ?num }}
  OPTIONAL {{ ?st kg:confidence ?conf }}
  OPTIONAL {{ ?st kg:evidence ?ev }}
  OPTIONAL {{ {d} kg:editionDate ?dt . BIND(SUBSTR(STR(?dt), 1, 10) AS ?date) }}
  OPTIONAL {{ {d} kg:sourceUrl ?url }}
}}"""

# the entities of each type from the index (VALUES), not every typed node filtered (statements, stories and
# events are typed too): 0.17 s against 1.2 s at 100,000 stories
_ENTITY_NAMES = """SELECT ?e ?type ?label ?alias WHERE {{
  VALUES ?type {{ {types} }} ?e a ?type .
  OPTIONAL {{ {{ ?e rdfs:label ?label }} UNION {{ ?e kg:alias ?alias }} }}
}}"""


def _values(iris: list[str], size: int = 1000) -> Iterator[str]:
    """``iris`` as terms for a VALUES block, ``size`` to a block, so that no query grows without bound."""
    for i in range(0, len(iris), size):
        yield " ".join(iri_term(x) for x in iris[i:i + size])


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.lstrip("-").isdigit() else None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _value(t: Any) -> str | None:
    if t is None:
        return None
    value = getattr(t, "value", None)
    return value if isinstance(value, str) else str(t)


@register("oxigraph")
class OxigraphStore(Store):
    """A pyoxigraph store in directory ``path`` (created when missing); in memory when ``path`` is None."""

    name = "oxigraph"
    capabilities = frozenset({"sparql", "named_graphs", "transactions", "persistent", "embedded"})

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self.read_only = read_only
        self._mutex = threading.RLock()
        self._lock: WriterLock | None = None
        self._store: ox.Store | None = None
        self._bag_union = False  # True only for a read-only store without the materialised union
        self._snapshot: SnapshotHandle | None = None  # a reader's hold on the snapshot it reads
        self._dirty = False  # committed since the last publish
        self._writes = 0  # commits by this store object, for ``state``
        self._published = time.monotonic()
        if self.path is None:
            if read_only:
                raise ValueError("a read-only store needs a path")
            self._store = ox.Store()
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the store directory {self.path}: {e.strerror or e}") from e
        if read_only:
            self._open_snapshot()
            return
        self._lock = WriterLock(self.path, wait=WRITER_WAIT)
        self._lock.acquire()
        try:
            self._store = ox.Store(str(self.path))
            self._check_union()
            self._publish()  # a writer that died after a commit left it unpublished
        except OSError as e:
            self._release_lock()
            if "lock" in str(e).lower():
                raise WriterLock(self.path, wait=0).locked_error() from e
            raise StoreError(f"cannot open the store at {self.path}: {first_line(e)}") from e
        except BaseException:
            self._release_lock()
            raise

    def _open_snapshot(self) -> None:
        """Open the latest published snapshot read-only; publish one first when there is none."""
        assert self.path is not None
        root = snapshot_root(self.path)
        try:
            held = hold_current(root)
            if held is None:  # a new store, or one written before snapshots: a writer publishes it
                OxigraphStore(self.path).close()
                held = hold_current(root)
            if held is None:
                raise StoreError(f"no snapshot of the store at {self.path} to read")
            self._snapshot = held
            self._store = ox.Store.read_only(str(held.path))
        except OSError as e:
            self._release_snapshot()
            raise StoreError(f"cannot open the store at {self.path}: {first_line(e)}") from e
        except BaseException:
            self._release_snapshot()
            raise
        self._check_union()

    def _publish(self) -> None:
        """Make what this writer committed visible to readers (a checkpoint; milliseconds)."""
        if self.path is None or self._store is None:
            return
        try:
            publish(self._store, snapshot_root(self.path))
        except OSError as e:
            raise StoreError(f"cannot publish a snapshot of the store at {self.path}: {first_line(e)}") from e
        self._published = time.monotonic()
        self._dirty = False

    def _written(self) -> None:
        """After a commit: publish when the last snapshot is older than ``PUBLISH_EVERY`` seconds."""
        self._dirty = True
        self._writes += 1
        if time.monotonic() - self._published >= PUBLISH_EVERY:
            self._publish()

    def _release_snapshot(self) -> None:
        held, self._snapshot = self._snapshot, None
        if held is not None:
            held.release()

    def _check_union(self) -> None:
        """Build the materialised union if the store has named graphs but no union (written by other code)."""
        store = self._ox()
        if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            return
        if next(iter(store.named_graphs()), None) is None:
            return
        if self.read_only:
            self._bag_union = True  # cannot build it: fall back to pyoxigraph's bag union
            return
        try:
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        except (OSError, RuntimeError) as e:
            raise StoreError(f"cannot index the store at {self.path}: {first_line(e)}") from e

    def _release_lock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    # -- state -----------------------------------------------------------------------------------

    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def _writable(self) -> ox.Store:
        store = self._ox()
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        return store

    def close(self) -> None:
        with self._mutex:
            if self._dirty and not self.read_only:
                self._publish()
            store, self._store = self._store, None
            if store is not None and not self.read_only and self.path is not None:
                try:
                    store.flush()
                except OSError:
                    pass
            del store  # the last reference: RocksDB closes here
            self._release_lock()
            self._release_snapshot()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass

    def __len__(self) -> int:
        """The number of quads in the named graphs (the internal union is not counted)."""
        store = self._ox()
        union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return len(store) - int(next(iter(union))[0].value)

    @property
    def location(self) -> str:
        return str(self.path) if self.path is not None else "memory"

    def __repr__(self) -> str:
        where = self.location
        mode = ", read-only" if self.read_only else ""
        return f"<OxigraphStore {where}{mode}{', closed' if self._store is None else ''}>"

    # -- digests ---------------------------------------------------------------------------------

    def _digest_graphs(self, store: ox.Store, digest_iri: str) -> list[ox.NamedNode]:
        """The digest's own graph and its story graphs, found through the index on kg:inDigest (each
        story graph says which digest it belongs to), not by scanning every graph in the store."""
        prefix = f"{digest_iri}/story/"
        d = named_node(str(digest_iri))
        graphs = {q.graph_name for q in store.quads_for_pattern(None, named_node(str(KG.inDigest)), d, None)
                  if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(prefix)}
        if store.contains_named_graph(d):
            graphs.add(d)
        return sorted(graphs, key=lambda g: g.value)

    def digest_stamp(self, digest_iri: str) -> DigestStamp | None:
        d, ox = named_node(str(digest_iri)), self._ox()
        for q in ox.quads_for_pattern(d, named_node(str(KG.contentHash)), None, d):
            version, threshold = (next(ox.quads_for_pattern(d, named_node(str(p)), None, d), None)
                                  for p in (KG.extractorVersion, KG.minConfidence))
            return DigestStamp(q.object.value, version.object.value if version else None,
                               float(threshold.object.value) if threshold else None)
        return None

    def _replace_update(self, digest_iri: str, drop: list[ox.NamedNode], quads: list[tuple[str, str]]) -> str:
        """The one SPARQL UPDATE request that drops the graphs ``drop`` and inserts ``quads``
        (``(graph, triple)`` pairs of ``_ntriples``).

        It also keeps the default graph equal to the set union of the named graphs:
        triples of the dropped graphs that no other graph holds leave it, the new
        triples join it. Terms are written in N-Triples syntax, which is valid SPARQL.
        """
        ops = []
        if drop:
            graphs = " ".join(str(g) for g in drop)
            listed = ", ".join(str(g) for g in drop)
            ops.append(
                "DELETE { ?s ?p ?o } WHERE {\n"
                f"  VALUES ?g {{ {graphs} }}\n"
                "  GRAPH ?g { ?s ?p ?o }\n"
                f"  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h NOT IN ({listed})) }}\n"
                "}"
            )
            ops += [f"DROP SILENT GRAPH {g}" for g in drop]
        if quads:
            by_graph: dict[str, list[str]] = {}
            for g, triple in quads:
                by_graph.setdefault(g, []).append(f"{triple} .")
            union = dict.fromkeys(f"{triple} ." for _, triple in quads)
            body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
            ops.append("INSERT DATA {\n" + "\n".join(union) + f"\n{body}\n}}")
        return " ;\n".join(ops)

    @staticmethod
    def _ntriples(digest_iri: str, quads: Iterable[Quad]) -> list[tuple[str, str]]:
        """A digest's quads as ``(graph, "subject predicate object")`` in N-Triples syntax, each once,
        after checking they belong to the digest. The text goes to pyoxigraph's parsers as it is:
        building pyoxigraph terms and quads first cost about as much as writing them."""
        prefix = f"{digest_iri}/story/"
        graphs: dict[Node, str] = {}  # the digest's graphs, each checked once
        out: dict[tuple[str, str], None] = {}
        for q in quads:
            if len(q) != 4:
                raise ValueError(f"not a quad: {q!r}")
            s, p, o, g = q
            graph = graphs.get(g)
            if graph is None:
                name = str(g)
                if not (isinstance(g, URIRef) and (name == digest_iri or name.startswith(prefix))):
                    raise ValueError(f"quad in graph <{name}> does not belong to digest <{digest_iri}>")
                graph = graphs[g] = nt_term(g)
            try:
                if not (isinstance(s, URIRef) and isinstance(p, URIRef)):
                    raise TypeError("the subject and the predicate must be IRIs")
                out[graph, f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"] = None
            except (ValueError, TypeError) as e:
                if any(isinstance(t, BNode) for t in q):
                    raise ValueError(f"blank nodes are not stored: {q!r}") from None
                terms = ", ".join(repr(str(t)) for t in q)
                raise StoreError(f"cannot store the quad ({terms}): {first_line(e)}") from e
        return list(out)

    def replace_digest(self, digest_iri: str, quads: Iterable[Quad]) -> None:
        digest_iri = str(digest_iri)
        triples = self._ntriples(digest_iri, quads)
        with self._mutex:
            store = self._writable()
            update = self._replace_update(digest_iri, self._digest_graphs(store, digest_iri), triples)
            if not update:
                return
            try:
                store.update(update)
            except (SyntaxError, OSError, RuntimeError, ValueError) as e:
                raise StoreError(f"could not store digest <{digest_iri}>: {first_line(e)}") from e
            self._written()

    def add_digests(self, digests: Iterable[tuple[str, Iterable[Quad]]]) -> None:
        """New digests, all or none: their quads and their triples in the union graph go in as one
        N-Quads text through pyoxigraph's ``bulk_load`` (no SPARQL to parse, nothing to drop). A digest
        the store holds already is replaced instead.

        ``bulk_load`` writes sorted table files and hands them to RocksDB in one ``IngestExternalFiles``
        call at its end (pyoxigraph 0.5's bulk loader is atomic unless told otherwise, and RocksDB
        ingests the files of every column family at once or, after a crash too, not at all); a parse
        error removes the files before anything is ingested. Readers of this same object could see part
        of it while it runs (other processes read published snapshots only). It skips the read before
        each write of a transaction (``extend``/``load``), whose cost grew with the store: 50 digests took
        1.5 s in the first tenth of 10,000 stories and 3.3 s in the last, against 0.75 s in both."""
        pending: dict[str, list[tuple[str, str]]] = {}  # the last of two inputs with one IRI wins, as replaces would
        for digest_iri, quads in digests:
            digest_iri = str(digest_iri)
            if self.digest_stamp(digest_iri) is not None:
                self.replace_digest(digest_iri, quads)
            else:
                pending[digest_iri] = self._ntriples(digest_iri, quads)
        named = [f"{triple} {g} ." for triples in pending.values() for g, triple in triples]
        if not named:
            return
        union = dict.fromkeys(f"{triple} ." for triples in pending.values() for _, triple in triples)
        with self._mutex:
            store = self._writable()
            try:
                store.bulk_load("\n".join([*named, *union]), format=ox.RdfFormat.N_QUADS)
            except (SyntaxError, OSError, RuntimeError, ValueError) as e:
                raise StoreError(f"could not store {len(named)} quads: {first_line(e)}") from e
            self._written()

    def remove_digest(self, digest_iri: str) -> bool:
        with self._mutex:
            store = self._writable()
            drop = self._digest_graphs(store, str(digest_iri))
            if not drop:
                return False
            try:
                store.update(self._replace_update(str(digest_iri), drop, []))
            except (OSError, RuntimeError) as e:
                raise StoreError(f"could not remove digest <{digest_iri}>: {first_line(e)}") from e
            self._written()
            return True

    def digests(self, *, latest: int | None = None) -> list[dict[str, Any]]:
        if latest is None:
            return self._digests("")
        # the digests of the newest ``latest`` edition dates hold the newest ``latest`` digests (grouping the
        # dates reads no IRI); digests without a date come last, so when there are too few, all are read
        newest = (f"SELECT ?d WHERE {{ {{ SELECT ?dt WHERE {{ [] <{KG.editionDate}> ?dt }} GROUP BY ?dt "
                  f"ORDER BY DESC(?dt) LIMIT {int(latest)} }} ?d <{KG.editionDate}> ?dt }}")
        found = self._digests(f"VALUES ?d {{ {' '.join(iri_term(d) for d, in self.select_strings(newest)[1] if d)} }}")
        if len(found) < latest:
            found = self._digests("")
        return sorted(found, key=lambda d: (d["date"] or "", d["doc"] or ""), reverse=True)[:latest]

    def _digests(self, chosen: str) -> list[dict[str, Any]]:
        """The digests the pattern ``chosen`` binds to ``?d`` (all of them when it is empty)."""
        q = f"""
        SELECT ?d ?title ?doc ?date ?url ?hash ?src ?ing (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          {chosen}
          ?d a <{KG.Digest}> .
          OPTIONAL {{ ?d <{DCTERMS.title}> ?title }}
          OPTIONAL {{ ?d <{KG.docName}> ?doc }}
          OPTIONAL {{ ?d <{KG.editionDate}> ?dt . BIND(SUBSTR(STR(?dt), 1, 10) AS ?date) }}
          OPTIONAL {{ ?d <{KG.sourceUrl}> ?url }}
          OPTIONAL {{ ?d <{KG.contentHash}> ?hash }}
          OPTIONAL {{ ?d <{KG.dateSource}> ?src }}
          OPTIONAL {{ ?d <{KG.ingestedAt}> ?ing }}
          OPTIONAL {{ ?s <{KG.inDigest}> ?d ; a <{KG.Story}> }}
        }}
        GROUP BY ?d ?title ?doc ?date ?url ?hash ?src ?ing
        ORDER BY ?date ?d
        """
        out = []
        for row in self._ox().query(q, use_default_graph_as_union=self._bag_union):
            def val(name: str, row: ox.QuerySolution = row) -> str | None:
                t = row[name]
                return None if t is None else t.value

            out.append({
                "iri": val("d"),
                "title": val("title"),
                "doc": val("doc"),
                "date": val("date"),
                "source_url": val("url"),
                "stories": int(val("n") or 0),
                "content_hash": val("hash"),
                "date_source": val("src"),
                "ingested_at": val("ing"),
            })
        return out

    # -- reading ---------------------------------------------------------------------------------

    def quads(self) -> Iterator[Quad]:
        for q in self.ox_quads():
            yield quad_from_ox(q)

    def digest_quads(self, digest_iri: str) -> Iterator[Quad]:
        store = self._ox()
        for g in self._digest_graphs(store, str(digest_iri)):
            for q in store.quads_for_pattern(None, None, None, g):
                yield quad_from_ox(q)

    def find_entities(self, names: Iterable[str], *, limit: int = 50) -> list[dict[str, str]]:
        values = " ".join(literal(n) for n in sorted(set(names)))
        _, rows = self.select_strings(_FIND_ENTITIES.format(values=values, types=_ENTITY_TYPES), limit=limit)
        return [{"iri": str(r[0]), "name": str(r[1]), "type": _local(r[2])} for r in rows]

    def fact_sources(self, facts: Collection[tuple[str, str, str]], *, newest: int | None = None
                     ) -> dict[tuple[str, str, str], tuple[int, tuple[FactSource, ...]]]:
        if not facts:
            return {}
        values = " ".join(f"({iri_term(s)} kg:{p} {iri_term(o)})" for s, p, o in sorted(set(facts)))
        stories: dict[tuple[str, str, str], list[FactSource]] = {}
        for s, p, o, story, date in self.select_strings(_FACT_STORIES.format(facts=values), limit=None)[1]:
            assert s is not None and p is not None and o is not None and story is not None
            st = str(statement_iri(story, s, p, o))
            stories.setdefault((s, _local(p), o), []).append(
                FactSource(st, "", None, story, None, None, None, None, None, None, date))
        chosen = {fact: newest_first(found)[:newest] for fact, found in stories.items()}
        described = {}
        for terms in _values([src.statement for found in chosen.values() for src in found]):
            query = _DESCRIBE_STATEMENTS.format(statements=terms)
            for st, ev, conf, n, headline, d, doc, title, url in self.select_strings(query, limit=None)[1]:
                described.setdefault(st, (ev or "", _float(conf), _int(n), headline, d, doc, title, url))
        out = {}
        for fact, found in chosen.items():
            rows = []
            for src in found:
                ev, conf, n, headline, d, doc, title, url = described.get(src.statement, ("",) + (None,) * 7)
                rows.append(src._replace(evidence=ev, confidence=conf, story_number=n, headline=headline, digest=d,
                                         doc=doc, title=title, source_url=url))
            out[fact] = (len(stories[fact]), tuple(rows))
        return out

    def statement_count(self, iri: str) -> int:
        rows = self.select_strings(_STATEMENT_COUNT.format(e=iri_term(iri)))[1]
        return int(rows[0][0] or 0) if rows else 0

    def entity_aliases(self, iri: str) -> list[str]:
        query = f"SELECT DISTINCT ?a WHERE {{ {iri_term(iri)} kg:alias ?a }} ORDER BY ?a"
        _, rows = self.select_strings(query)
        return [str(r[0]) for r in rows]

    def entity_wikidata(self, iri: str) -> str | None:
        found = [wd[len(_WIKIDATA):] for wd, in self.select_strings(
            f"SELECT ?wd WHERE {{ {iri_term(iri)} kg:wikidata ?wd }}")[1] if wd and wd.startswith(_WIKIDATA)]
        return min(found, default=None)

    def state(self) -> str:
        """A reader's token is the snapshot it reads (each publish makes a new one); a writer's counts
        its own commits, since no other process writes while it holds the store."""
        if self._snapshot is not None:
            return f"{self.location}@{self._snapshot.path.name}"
        return f"{self.location}@{id(self):x}.{self._writes}"

    def counts(self) -> dict[str, Any]:
        counts: dict[str, Any] = dict.fromkeys(("digests", "stories", "entities", "facts", "events"), 0)
        counts |= {str(w): int(n or 0) for w, n in self.select_strings(_COUNTS)[1]}
        counts["entities_by_type"] = {_local(t): int(n or 0)
                                      for t, n in self.select_strings(_ENTITIES_BY_TYPE)[1]}
        counts["entities"] = sum(counts["entities_by_type"].values())
        counts["facts_by_predicate"] = {_local(p): int(n or 0)
                                        for p, n in self.select_strings(_FACTS_BY_PREDICATE)[1]}
        counts["facts"] = sum(counts["facts_by_predicate"].values())  # a statement has one predicate
        return counts

    def entities_and_facts(self) -> tuple[dict[str, EntityInfo], list[FactRow]]:
        names, rows = self.select_strings(_ENTITIES_AND_FACTS)
        col = {v: i for i, v in enumerate(names)}
        labels: dict[str, set[str]] = {}
        types: dict[str, str] = {}
        wikidata: dict[str, str] = {}
        statements: dict[str, tuple[str | None, ...]] = {}
        stories: dict[str, tuple[int | None, str | None, str | None, str | None]] = {}
        ix, itype, ilabel, iwd, ist = col["x"], col["type"], col["label"], col["wd"], col["st"]
        istory, inum, id_, idate, iurl = col["story"], col["num"], col["d"], col["date"], col["url"]
        for row in rows:
            x = row[ix]
            if x is not None:
                types[x] = _local(row[itype])
                labels.setdefault(x, set())
                if row[ilabel] is not None:
                    labels[x].add(row[ilabel])  # type: ignore[arg-type]
                wd = row[iwd]
                if wd is not None and wd.startswith(_WIKIDATA):
                    q = wd[len(_WIKIDATA):]
                    wikidata[x] = min(wikidata.get(x, q), q)
            elif row[ist] is not None:
                statements.setdefault(row[ist], row)  # type: ignore[arg-type]
            elif row[istory] is not None:
                stories.setdefault(row[istory], (_int(row[inum]), row[id_], row[idate], row[iurl]))  # type: ignore[arg-type]
        facts = []
        for row in statements.values():
            story = row[istory] or ""
            number, digest, date, url = stories.get(story, (None, None, None, None))
            facts.append(FactRow(
                subject=row[col["s"]] or "", predicate=_local(row[col["p"]]), object=row[col["o"]] or "",
                confidence=_float(row[col["conf"]]), evidence=row[col["ev"]] or "", story=story,
                story_number=number, digest=digest, date=date, source_url=url,
            ))
        entities = {
            x: EntityInfo(x, entity_label(x, min(labels[x], default=None)), t, wikidata.get(x))
            for x, t in types.items()
        }
        return entities, sorted(facts, key=FactRow.sort_key)

    def links(self, iris: Collection[str], predicates: Collection[str] | None = None) -> list[Link]:
        """The facts first, then their ends' names and types: 0.1 s for a hub's 4,307 facts at 100,000 stories,
        against 0.5 s looking names up per row."""
        triples = self.fact_triples(iris, predicates)
        names = self._names({x for s, _, o in triples for x in (s, o)})
        return sorted(Link(s, p, o, *names[s], *names[o]) for s, p, o in triples)

    def _names(self, iris: Collection[str]) -> dict[str, tuple[str, str]]:
        """Each entity's name (its alphabetically first label, else its IRI's last segment) and type."""
        labels: dict[str, str] = {}
        types: dict[str, str] = {}
        ordered = sorted(iris)
        for terms in _values(ordered):
            for x, label in self.select_strings(_LABELS.format(iris=terms))[1]:
                assert x is not None and label is not None
                labels[x] = min(labels.get(x, label), label)
            for x, t in self.select_strings(_TYPES.format(iris=terms, types=_ENTITY_TYPES))[1]:
                assert x is not None
                types[x] = min(types.get(x, _local(t)), _local(t))
        return {x: (entity_label(x, labels.get(x)), types.get(x, "")) for x in ordered}

    def fact_triples(self, iris: Collection[str], predicates: Collection[str] | None = None, *,
                     within: bool = False) -> list[tuple[str, str, str]]:
        if not iris:
            return []
        terms = [iri_term(i) for i in sorted(iris)]
        kg_predicates = [f"kg:{p}" for p in predicate_names(predicates)]
        query = (_FACTS_WITHIN.format(iris=" ".join(terms), predicates=", ".join(kg_predicates),
                                      objects=", ".join(terms)) if within
                 else _FACT_TRIPLES.format(iris=" ".join(terms), predicates=" ".join(kg_predicates)))
        return sorted({(s or "", _local(p), o or "") for s, p, o in self.select_strings(query)[1]})

    def events(self, entity: str | None = None, *, limit: int = 50) -> list[EventRow]:
        if entity:
            own = _ENTITY_EVENT.format(e=iri_term(entity))
            # a hub's newest events lie in the graph's newest dates: those of the newest ``limit`` dates, when
            # there are ``limit`` of them, are its newest (0.4 s for ByteDance's 23,849 at 100,000 stories,
            # against 1.5 s sorting all); an entity with few events sorts its own
            if int(self.select_strings(_EVENT_COUNT.format(e=iri_term(entity)))[1][0][0] or 0) > _MANY_EVENTS:
                newest = self._events(_NEWEST_EVENT.format(dates=int(limit)) + own, limit)
                if len(newest) >= limit:
                    return newest
            return self._events(own, limit)
        # every dated event of the newest ``limit`` dates holds the newest ``limit`` events, unless some lack
        # their agent, object or story: then (or on a graph with fewer events) every event is sorted
        newest = self._events(_NEWEST_EVENT.format(dates=int(limit)), limit)
        return newest if len(newest) >= limit else self._events(_EVENT, limit)

    def _events(self, chosen: str, limit: int) -> list[EventRow]:
        """The newest ``limit`` of the events the pattern ``chosen`` binds (``?e`` and its date ``?d``), described
        (those without an agent, object, story or evidence are left out)."""
        picked = self.select_strings(_CHOOSE_EVENTS.format(chosen=chosen, limit=int(limit)))[1]
        if not picked:
            return []
        query = _DESCRIBE_EVENTS.format(events=" ".join(iri_term(e) for e, _ in picked if e is not None))
        described: dict[str, tuple[str | None, ...]] = {}
        for row in self.select_strings(query)[1]:
            assert row[0] is not None
            described.setdefault(row[0], row[1:])
        names = self._names({x for row in described.values() for x in row[1:3] if x is not None})
        out = []
        for e, d in picked:
            if e not in described:
                continue
            kind, a, o, amount, ev, n, dg, doc, url = described[e]
            assert a is not None and o is not None
            out.append(EventRow(e, _local(kind), (d or "")[:10], amount, a, *names[a], o, *names[o], ev, _int(n), dg,
                                doc, url))
        return out

    def digest_stories(self, digest_iri: str) -> list[StoryRow]:
        rows = self.select_strings(_DIGEST_STORIES.format(d=iri_term(digest_iri)))[1]
        return [StoryRow(str(st), _int(n) or 0, headline or "", text or "") for st, n, headline, text in rows]

    def digest_mentions(self, digest_iri: str) -> list[MentionRow]:
        query = _DIGEST_MENTIONS.format(d=iri_term(digest_iri), types=_ENTITY_TYPES)
        found: dict[tuple[str, str], tuple[str, str, set[str]]] = {}
        for story, e, label, type_, name in self.select_strings(query)[1]:
            assert story is not None and e is not None and label is not None and name is not None
            found.setdefault((story, e), (label, _local(type_), set()))[2].add(name)
        rows = [MentionRow(story, e, label, t, tuple(sorted(names)))
                for (story, e), (label, t, names) in found.items()]
        return sorted(rows, key=lambda m: (m.story, m.label, m.entity))

    def digest_facts(self, digest_iri: str) -> list[FactRow]:
        facts = [FactRow(s or "", _local(p), o or "", _float(conf), ev or "", story or "", _int(num), digest_iri,
                         date, url)
                 for s, p, o, conf, ev, story, num, date, url in
                 self.select_strings(_DIGEST_FACTS.format(d=iri_term(digest_iri)))[1]]
        return sorted(facts, key=FactRow.sort_key)

    def entity_names(self) -> list[EntityNames]:
        found: dict[str, tuple[str, set[str], set[str]]] = {}  # iri -> type, labels, aliases
        for e, type_, label, alias in self.select_strings(_ENTITY_NAMES.format(types=_ENTITY_TYPE_VALUES))[1]:
            assert e is not None
            _, labels, aliases = found.setdefault(e, (_local(type_), set(), set()))
            if label is not None:
                labels.add(label)
            if alias is not None:
                aliases.add(alias)
        return [EntityNames(e, entity_label(e, min(labels, default=None)), t, tuple(sorted(labels | aliases)))
                for e, (t, labels, aliases) in sorted(found.items())]

    def ox_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs as pyoxigraph terms (a fast path for exports)."""
        store = self._ox()
        for g in store.named_graphs():
            yield from store.quads_for_pattern(None, None, None, g)

    def query(self, sparql: str, *, timeout: float | None = 10.0, limit: int | None = 10000) -> QueryResult:
        """Run a read-only query over the union of all graphs.

        The default graph is the set union of all named graphs (see the module notes);
        ``GRAPH ?g { ... }`` reaches the digest and story graphs themselves.

        pyoxigraph cannot cancel a running query, so the timeout is checked between
        result rows: a query that computes everything before its first row (ORDER BY,
        GROUP BY, a slow ASK) is stopped only once that row arrives.
        """
        res, rows, truncated = self._run(sparql, timeout, limit, from_ox, user=True)
        if isinstance(res, bool):
            return QueryResult("ask", boolean=res)
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            return in_query_order(sparql, QueryResult("select", vars=names, rows=rows, truncated=truncated))
        return QueryResult("graph", graph=[(r[0], r[1], r[2]) for r in rows], truncated=truncated)  # type: ignore[misc]

    def select_strings(
        self, sparql: str, *, timeout: float | None = None, limit: int | None = None
    ) -> tuple[list[str], list[tuple[str | None, ...]]]:
        """A SELECT's variables and rows as plain strings (IRIs, lexical forms; None if unbound).

        For the store's own queries, built from templates with escaped terms: they get the token
        check only, as a full parse of a large VALUES list would cost more than the query.
        """
        res, rows, _ = self._run(sparql, timeout, limit, _value)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("select_strings needs a SELECT query")
        return [v.value for v in res.variables], rows

    def _run(
        self, sparql: str, timeout: float | None, limit: int | None, convert: Callable[[Any], Any],
        *, user: bool = False,
    ) -> tuple[Any, list[tuple[Any, ...]], bool]:
        """Check and run a query; (pyoxigraph result or bool for ASK, converted rows, truncated).

        Every query gets the token check; a ``user`` query also the parse check, which decides
        (pyoxigraph has no switch that turns SERVICE off, see :mod:`digestkg.graph.sparql`).
        """
        check_read_only(sparql, parse=False)
        if user:
            check_parse(sparql)
        store = self._ox()
        start = time.monotonic()

        def check_time() -> None:
            if timeout is not None and time.monotonic() - start > timeout:
                raise QueryError(f"the query ran longer than {timeout:g} s and was stopped")

        rows: list[tuple[Any, ...]] = []
        truncated = False
        try:
            res = store.query(sparql, use_default_graph_as_union=self._bag_union, prefixes=QUERY_PREFIXES)
            if isinstance(res, ox.QueryBoolean):
                check_time()
                return bool(res), rows, False
            for item in res:
                check_time()
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append(tuple(convert(t) for t in item))
            check_time()
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL: {first_line(e)}") from None
        except QueryError:
            raise
        except (OSError, RuntimeError, ValueError, TypeError) as e:
            raise QueryError(f"the query failed: {first_line(e)}") from None
        return res, rows, truncated

    def as_dataset(self) -> Dataset:
        """An rdflib Dataset over the same data (via oxrdflib), for rdflib's Graph API.

        Its default graph is the set union of all graphs; ``ds.graph(iri)`` is a digest or
        story graph. Treat it as read-only: writing through it bypasses replace_digest's
        guarantees. It keeps the underlying store open while referenced.
        """
        from oxrdflib import OxigraphStore as RdflibOxigraphStore

        return Dataset(store=RdflibOxigraphStore(store=self._ox()), default_union=False)
