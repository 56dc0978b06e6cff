"""The Neo4j store: the graph in a Neo4j 5.26+ server (local, a cluster or Aura), with Cypher.

It holds the property-graph model of :mod:`digestkg.graph.pgraph`: entity nodes labelled by
type with a uniqueness constraint on their IRI, one relationship type per predicate carrying
its evidence, Event, Story and Digest nodes. It holds the same information as the RDF store:
``quads()`` rebuilds every quad, so ``kg sync`` goes both ways without loss.

- Connection settings come from the arguments, else ``KG_NEO4J_URI`` (bolt://, neo4j://,
  neo4j+s://...; default bolt://127.0.0.1:7687), ``KG_NEO4J_USER`` (neo4j),
  ``KG_NEO4J_PASSWORD`` and ``KG_NEO4J_DATABASE`` (the server's default). No message shows
  the password, nor user info in the URI.
- Writes are batched (``UNWIND $rows``, parameters only), one write transaction per digest:
  ``replace_digest`` deletes what the digest brought and writes its new graph, so writing a
  digest twice changes nothing. Entities shared with other digests stay; the ones no story
  mentions any more go.
- User queries (``cypher``) run in read transactions, with a server-side timeout and a row
  limit, after :func:`digestkg.graph.cypher.check_read_only` and a check of the server's own plan
  of the query (``EXPLAIN``, :func:`digestkg.graph.cypher.check_plan`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import neo4j
from digestkg.graph.cypher import CypherResult, check_plan, check_read_only
from digestkg.graph.pgraph import (
    PREDICATES_BY_REL,
    REL_TYPES,
    SCHEMA,
    DigestGraph,
    DigestNode,
    EventNode,
    Fact,
    MentionEdge,
    StoryNode,
    from_quads,
    merge_entities,
    to_quads,
)
from digestkg.graph.sparql import first_line
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
from digestkg.ontology import WIKIDATA
from digestkg.ontology.vocabulary import TYPE_CLASSES
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    CypherSyntaxError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
)

__all__ = ["Neo4jStore", "URI_ENV", "USER_ENV", "PASSWORD_ENV", "DATABASE_ENV", "DEFAULT_URI", "redact", "create_rows"]

URI_ENV, USER_ENV, PASSWORD_ENV, DATABASE_ENV = (
    "KG_NEO4J_URI", "KG_NEO4J_USER", "KG_NEO4J_PASSWORD", "KG_NEO4J_DATABASE")
DEFAULT_URI = "bolt://127.0.0.1:7687"
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_WIKIDATA = WIKIDATA


# -- writing one digest ---------------------------------------------------------------------------
_FIND_DIGEST = """
OPTIONAL MATCH (d:Digest {iri: $digest})
OPTIONAL MATCH (d)<-[:IN_DIGEST]-(:Story)-[:MENTIONS]->(e:Entity)
RETURN count(DISTINCT d) AS found, collect(DISTINCT e.iri) AS entities"""
_DELETE_FACTS = """
MATCH (:Digest {iri: $digest})<-[:IN_DIGEST]-(s:Story)-[:MENTIONS]->(:Entity)-[r]->(:Entity)
WHERE r.story = s.iri
WITH DISTINCT r DELETE r"""
_DELETE_EVENTS = """
MATCH (:Digest {iri: $digest})<-[:IN_DIGEST]-(:Story)<-[:IN_STORY]-(ev:Event) DETACH DELETE ev"""
_DELETE_STORIES = """
MATCH (d:Digest {iri: $digest}) OPTIONAL MATCH (s:Story)-[:IN_DIGEST]->(d) DETACH DELETE s, d"""
_CREATE_DIGESTS = "UNWIND $rows AS row CREATE (d:Digest) SET d = row"
_HELD_DIGESTS = "UNWIND $iris AS iri MATCH (d:Digest {iri: iri}) RETURN DISTINCT iri"
_CREATE_STORIES = """
UNWIND $rows AS row
MATCH (d:Digest {iri: row.digest})
CREATE (s:Story)-[:IN_DIGEST]->(d) SET s = row.props"""
_MERGE_ENTITIES = """
UNWIND $rows AS row
MERGE (e:Entity {iri: row.iri})
ON CREATE SET e:$(row.type), e.name = row.name, e.labels = row.labels, e.aliases = row.aliases,
  e.wikidata = row.wikidata
ON MATCH SET
  e.labels = reduce(ls = [], l IN coalesce(e.labels, [e.name]) + row.labels |
                    CASE WHEN l IS NULL OR l IN ls THEN ls ELSE ls + l END),
  e.name = CASE WHEN e.name IS NULL OR row.name < e.name THEN row.name ELSE e.name END,
  e.aliases = e.aliases + [a IN row.aliases WHERE NOT a IN e.aliases],
  e.wikidata = CASE WHEN e.wikidata IS NULL OR row.wikidata < e.wikidata THEN row.wikidata
                    ELSE e.wikidata END"""
_CREATE_MENTIONS = """
UNWIND $rows AS row
MATCH (s:Story {iri: row.story}), (e:Entity {iri: row.entity})
CREATE (s)-[m:MENTIONS]->(e) SET m = row.props"""
_CREATE_FACTS = """
UNWIND $rows AS row
MATCH (a:Entity {iri: row.subject}), (b:Entity {iri: row.object})
CREATE (a)-[r:$(row.type)]->(b) SET r = row.props"""
_CREATE_EVENTS = """
UNWIND $rows AS row
MATCH (s:Story {iri: row.story}), (a:Entity {iri: row.agent}), (b:Entity {iri: row.object})
CREATE (ev:Event:$(row.kind))-[:IN_STORY]->(s)
CREATE (ev)-[:AGENT]->(a)
CREATE (ev)-[:OBJECT]->(b)
SET ev = row.props"""
_ENTITY_MENTIONS = """
UNWIND $iris AS iri
MATCH (e:Entity {iri: iri})
OPTIONAL MATCH (s:Story)-[m:MENTIONS]->(e)
RETURN iri, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       collect(CASE WHEN m IS NULL THEN NULL ELSE [s.iri, properties(m)] END) AS mentions"""
_UPDATE_ENTITIES = """
UNWIND $rows AS row
MATCH (e:Entity {iri: row.iri})
SET e.name = row.name, e.labels = row.labels, e.aliases = row.aliases, e.wikidata = row.wikidata"""
_DELETE_ENTITIES = "UNWIND $iris AS iri MATCH (e:Entity {iri: iri}) DETACH DELETE e"

# -- reading digests ------------------------------------------------------------------------------
_DIGESTS = """
MATCH (d:Digest)
OPTIONAL MATCH (s:Story)-[:IN_DIGEST]->(d)
RETURN d.iri AS iri, d.title AS title, d.docName AS doc, d.editionDate AS date, d.sourceUrl AS source_url,
       count(s) AS stories, d.contentHash AS content_hash, d.dateSource AS date_source,
       d.ingestedAt AS ingested_at
ORDER BY date, iri"""
# the newest digests (by edition date, then doc name); a digest's stories are counted for those only
_LATEST_DIGESTS = """
MATCH (d:Digest)
WITH d ORDER BY coalesce(d.editionDate, '') DESC, coalesce(d.docName, '') DESC LIMIT $latest
OPTIONAL MATCH (s:Story)-[:IN_DIGEST]->(d)
RETURN d.iri AS iri, d.title AS title, d.docName AS doc, d.editionDate AS date, d.sourceUrl AS source_url,
       count(s) AS stories, d.contentHash AS content_hash, d.dateSource AS date_source,
       d.ingestedAt AS ingested_at
ORDER BY coalesce(date, '') DESC, coalesce(doc, '') DESC"""
# one record holding every digest's IRI and hash: the driver unpacks 10,000 records in 0.43 s, one list of as
# many strings in 0.06 s (100,000 stories)
_STATE = """MATCH (d:Digest) WITH d ORDER BY d.iri
RETURN collect(d.iri + '=' + d.contentHash + '@' + coalesce(d.extractorVersion, '')
               + '>' + coalesce(toString(d.minConfidence), '')) AS digests"""
_READ_DIGESTS = "UNWIND $digests AS iri MATCH (d:Digest {iri: iri}) RETURN properties(d) AS props"
_READ_STORIES = """
UNWIND $digests AS iri
MATCH (:Digest {iri: iri})<-[:IN_DIGEST]-(s:Story)
RETURN iri AS digest, properties(s) AS props"""
_READ_MENTIONS = """
UNWIND $digests AS iri
MATCH (:Digest {iri: iri})<-[:IN_DIGEST]-(s:Story)-[m:MENTIONS]->(e:Entity)
RETURN iri AS digest, s.iri AS story, e.iri AS entity, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       properties(m) AS props"""
_READ_FACTS = """
UNWIND $digests AS iri
MATCH (:Digest {iri: iri})<-[:IN_DIGEST]-(s:Story)-[:MENTIONS]->(a:Entity)-[r]->(b:Entity)
WHERE r.story = s.iri
RETURN iri AS digest, a.iri AS subject, type(r) AS type, b.iri AS object, properties(r) AS props"""
_READ_EVENTS = """
UNWIND $digests AS iri
MATCH (:Digest {iri: iri})<-[:IN_DIGEST]-(s:Story)<-[:IN_STORY]-(ev:Event),
      (ev)-[:AGENT]->(a:Entity), (ev)-[:OBJECT]->(b:Entity)
RETURN iri AS digest, properties(ev) AS props, a.iri AS agent, b.iri AS object, s.iri AS story"""

# the number of quads the model stands for (see pgraph.to_quads)
_QUAD_COUNT = """
CALL () {
  MATCH (d:Digest) RETURN sum(size(keys(d))) AS n
  UNION ALL
  MATCH (s:Story) RETURN sum(1 + size(keys(s))) AS n
  UNION ALL
  MATCH (:Story)-[m:MENTIONS]->(:Entity)
  RETURN sum(2 + size(coalesce(m.aliases, []))
             + size([k IN ['label', 'wikidata'] WHERE m[k] IS NOT NULL])) AS n
  UNION ALL
  MATCH (:Entity)-[r]->(:Entity)
  RETURN sum(6 + size([k IN ['evidence', 'confidence', 'extractorVersion'] WHERE r[k] IS NOT NULL])) AS n
  UNION ALL
  MATCH (ev:Event)
  RETURN sum(5 + size([k IN ['date', 'amount', 'evidence', 'statement'] WHERE ev[k] IS NOT NULL])) AS n
}
RETURN sum(n) AS n"""

# -- the reads of the store protocol ----------------------------------------------------------------
# every figure from the server's count store (a count per label, or per relationship type with no label
# on its ends: every relationship of a fact type joins two entities), never a pass over the graph
_COUNTS = "\nUNION ALL ".join(f"MATCH (x:{label}) WITH count(x) AS n RETURN '{what}' AS what, n" for what, label in (
    ("digests", "Digest"), ("stories", "Story"), ("entities", "Entity"), ("events", "Event")))
_ENTITIES_BY_TYPE = "\nUNION ALL ".join(
    f"MATCH (e:{t}) WITH count(e) AS n RETURN '{t}' AS type, n" for t in TYPE_CLASSES)
_FACTS_BY_TYPE = "\nUNION ALL ".join(
    f"MATCH ()-[r:{t}]->() WITH count(r) AS n RETURN '{t}' AS type, n" for t in REL_TYPES.values())
_FIND_ENTITIES = """
UNWIND $names AS n
MATCH (e:Entity) WHERE any(a IN coalesce(e.labels, [e.name]) + e.aliases WHERE toLower(a) = n)
WITH DISTINCT e
RETURN e.iri AS iri, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type
ORDER BY name, iri LIMIT $limit"""
# the statements of some facts (a relationship each), with their story and digest
_FACT_SOURCES = """
UNWIND $facts AS f
MATCH (a:Entity {iri: f[0]})-[r]->(b:Entity {iri: f[2]}) WHERE type(r) = f[1]
OPTIONAL MATCH (s:Story {iri: r.story})-[:IN_DIGEST]->(d:Digest)
RETURN f AS fact, r.statement AS statement, r.evidence AS evidence, r.confidence AS confidence, r.story AS story,
       s.number AS number, s.headline AS headline, d.iri AS digest, d.docName AS doc, d.title AS title,
       d.sourceUrl AS url, d.editionDate AS date"""
_STATEMENT_COUNT = """
MATCH (:Entity {iri: $iri})-[r]-(:Entity) WHERE type(r) IN $types RETURN count(r) AS n"""
_ENTITIES = """
MATCH (e:Entity)
RETURN e.iri AS iri, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       e.wikidata AS wikidata"""
_FACTS = """
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.iri AS subject, type(r) AS type, b.iri AS object, r.confidence AS confidence,
       r.evidence AS evidence, r.story AS story, r.storyNumber AS number, r.digest AS digest, r.date AS date,
       r.sourceUrl AS url"""
# distinct facts first (one relationship per statement), then each end's name and type once per fact, all in
# one record (as _FACT_TRIPLES)
_LINKS = """
UNWIND $iris AS iri
MATCH (:Entity {iri: iri})-[r]-(:Entity) WHERE type(r) IN $types
WITH DISTINCT startNode(r) AS a, type(r) AS type, endNode(r) AS b
RETURN collect([a.iri, type, b.iri, a.name, [l IN labels(a) WHERE l <> 'Entity'][0],
                b.name, [l IN labels(b) WHERE l <> 'Entity'][0]]) AS links"""
# the facts alone (one relationship per statement: distinct by their ends and type), in one record (a record
# each costs the driver more than the query: 65 against 35 ms for a hub's 1,499 facts); those among a set join
# its nodes pairwise, so that only relationships between two of them are read
_FACT_TRIPLES = """
UNWIND $iris AS iri
MATCH (:Entity {iri: iri})-[r]-(:Entity) WHERE type(r) IN $types
WITH DISTINCT startNode(r).iri AS s, type(r) AS type, endNode(r).iri AS o
RETURN collect([s, type, o]) AS facts"""
_FACTS_WITHIN = """
MATCH (a:Entity) WHERE a.iri IN $iris
MATCH (b:Entity) WHERE b.iri IN $iris
MATCH (a)-[r]->(b) WHERE type(r) IN $types
WITH DISTINCT a.iri AS s, type(r) AS type, b.iri AS o
RETURN collect([s, type, o]) AS facts"""
# events are chosen first (newest, then by IRI), and only then described
_DESCRIBE_EVENTS = """
WITH ev ORDER BY ev.date DESC, ev.iri LIMIT $limit
MATCH (ev)-[:IN_STORY]->(s:Story)-[:IN_DIGEST]->(d:Digest), (ev)-[:AGENT]->(a:Entity), (ev)-[:OBJECT]->(b:Entity)
RETURN ev.iri AS event, ev.kind AS kind, ev.date AS date, ev.amount AS amount,
       a.iri AS agent, a.name AS agent_label, [l IN labels(a) WHERE l <> 'Entity'][0] AS agent_type,
       b.iri AS object, b.name AS object_label, [l IN labels(b) WHERE l <> 'Entity'][0] AS object_type,
       ev.evidence AS evidence, s.number AS story_number, d.iri AS digest, d.docName AS doc,
       d.sourceUrl AS source_url
ORDER BY date DESC, event"""
_EVENTS = "MATCH (ev:Event) WHERE ev.date IS NOT NULL" + _DESCRIBE_EVENTS
_ENTITY_EVENTS = """
MATCH (:Entity {iri: $iri})<-[:AGENT|OBJECT]-(ev:Event) WHERE ev.date IS NOT NULL
WITH DISTINCT ev""" + _DESCRIBE_EVENTS
_DIGEST_STORIES = """
MATCH (s:Story)-[:IN_DIGEST]->(:Digest {iri: $digest}) WHERE s.number IS NOT NULL
RETURN s.iri AS iri, s.number AS number, s.headline AS headline, s.storyText AS text ORDER BY number, iri"""
_DIGEST_MENTIONS = """
MATCH (:Digest {iri: $digest})<-[:IN_DIGEST]-(s:Story)-[m:MENTIONS]->(e:Entity) WHERE m.label IS NOT NULL
RETURN s.iri AS story, e.iri AS entity, m.label AS label, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       m.aliases AS aliases"""
_DIGEST_FACTS = """
MATCH (:Digest {iri: $digest})<-[:IN_DIGEST]-(s:Story)-[:MENTIONS]->(a:Entity)-[r]->(b:Entity)
WHERE r.story = s.iri
RETURN a.iri AS subject, type(r) AS type, b.iri AS object, r.confidence AS confidence,
       r.evidence AS evidence, r.story AS story, r.storyNumber AS number, r.digest AS digest, r.date AS date,
       r.sourceUrl AS url"""
# labels as the stories give them (the entity's name is only the first of them), from the entity nodes alone, which
# hold every story's label: reading the mentions took 0.66 s at 100,000 stories (a node written before ``labels``
# existed has its name)
_ENTITY_NAMES = """
MATCH (e:Entity)
RETURN e.iri AS iri, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       coalesce(e.labels, [e.name]) AS labels, e.aliases AS aliases
ORDER BY iri"""
# the bound must be a literal; paths longer than $depth are dropped after the search
_SHORTEST_PATH = """
MATCH (x:Entity {iri: $a}), (y:Entity {iri: $b})
MATCH p = shortestPath((x)-[*..15]-(y))
WHERE all(r IN relationships(p) WHERE type(r) IN $types) AND length(p) <= $depth
UNWIND range(0, length(p) - 1) AS i
WITH relationships(p)[i] AS r, i
WITH startNode(r) AS a, r, endNode(r) AS b, i
RETURN a.iri AS s, type(r) AS type, b.iri AS o, a.name AS sn, [l IN labels(a) WHERE l <> 'Entity'][0] AS st,
       b.name AS on, [l IN labels(b) WHERE l <> 'Entity'][0] AS ot
ORDER BY i"""


def create_rows(graphs: dict[str, DigestGraph]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The statements that write digests new to the store, in order (their nodes, then their entities,
    mentions, facts and events), each with its rows for all of them: ``add_digests`` runs each once per
    batch of digests, ``bench.ingest`` sends the same rows in larger batches."""
    every = list(graphs.values())
    mentions = [m for g in every for m in g.mentions]
    return [
        (_CREATE_DIGESTS, [{"iri": d, **g.digest.props} for d, g in graphs.items()]),
        (_CREATE_STORIES, [{"digest": d, "props": {"iri": s.iri, **s.props}}
                           for d, g in graphs.items() for s in g.stories]),
        (_MERGE_ENTITIES, list(merge_entities(mentions).values())),
        (_CREATE_MENTIONS, [{"story": m.story, "entity": m.entity,
                             "props": {"label": m.label, "aliases": m.aliases, "wikidata": m.wikidata}}
                            for m in mentions]),
        (_CREATE_FACTS, [{"subject": f.subject, "object": f.object, "type": f.type,
                          "props": {"statement": f.statement, **f.props}} for g in every for f in g.facts]),
        (_CREATE_EVENTS, [{"story": e.story, "agent": e.agent, "object": e.object, "kind": e.kind,
                           "props": {"iri": e.iri, "kind": e.kind, **e.props}} for g in every for e in g.events]),
    ]


def redact(uri: str) -> str:
    """A URI without its user info, for messages.

    >>> redact("neo4j+s://neo4j:secret@abc.databases.neo4j.io")
    'neo4j+s://abc.databases.neo4j.io'
    """
    return re.sub(r"^([a-z0-9+]+://)[^@/]*@", r"\1", uri)


@register("neo4j")
class Neo4jStore(Store):
    """A Neo4j database reached with the official driver; settings default to ``KG_NEO4J_*``."""

    name = "neo4j"
    capabilities = frozenset({"cypher", "transactions", "persistent"})

    def __init__(self, uri: str | None = None, *, user: str | None = None, password: str | None = None,
                 database: str | None = None, read_only: bool = False) -> None:
        self.uri = uri or os.environ.get(URI_ENV) or DEFAULT_URI
        self.user = user or os.environ.get(USER_ENV) or "neo4j"
        password = password if password is not None else os.environ.get(PASSWORD_ENV)
        self.database = database or os.environ.get(DATABASE_ENV) or None
        self.read_only = read_only
        scheme = self.uri.split("://", 1)[0] if "://" in self.uri else ""
        if scheme not in _SCHEMES:
            schemes = ", ".join(s + "://" for s in _SCHEMES)
            raise StoreError(f"not a Neo4j URI: {redact(self.uri)!r}; use one of {schemes}")
        auth = (self.user, password) if password is not None else None
        try:
            self._driver: neo4j.Driver | None = neo4j.GraphDatabase.driver(
                self.uri, auth=auth, notifications_min_severity="OFF")
            self._read(lambda tx: tx.run("RETURN 1").consume())
        except (DriverError, Neo4jError, ValueError) as e:
            self.close()
            raise StoreError(f"cannot use Neo4j at {self.location} as user {self.user!r}: "
                             f"{self._reason(e)}") from None
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        """Create the uniqueness constraints and indexes that are missing, whatever loaded the data (a bulk
        import creates none); a read-only store does it too, since they change no data. A user without the
        right to change the schema is left as it is. (A constraint's index carries the constraint's name.)"""
        wanted = {statement.split()[2]: statement for statement in SCHEMA}
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                have = {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
            missing = [statement for name, statement in wanted.items() if name not in have]
            if missing:
                with self._session(neo4j.WRITE_ACCESS) as session:
                    for statement in missing:
                        session.run(statement).consume()
        except (DriverError, Neo4jError) as e:
            if isinstance(e, Neo4jError) and "Forbidden" in str(getattr(e, "code", "")):
                return
            self.close()
            raise StoreError(f"cannot set up the schema of Neo4j at {self.location}: {self._reason(e)}") from None

    @staticmethod
    def _reason(e: BaseException) -> str:
        if isinstance(e, AuthError):
            return "authentication failed (check KG_NEO4J_USER and KG_NEO4J_PASSWORD)"
        if isinstance(e, ServiceUnavailable):
            return "the server does not answer (is it running? scripts/neo4j start)"
        return first_line(getattr(e, "message", None) or e)

    @property
    def location(self) -> str:
        return f"{redact(self.uri)} (database {self.database or 'default'})"

    def __repr__(self) -> str:
        return f"<Neo4jStore {self.location}{', read-only' if self.read_only else ''}>"

    def close(self) -> None:
        driver, self._driver = getattr(self, "_driver", None), None
        if driver is not None:
            driver.close()

    # -- sessions -------------------------------------------------------------------------------

    def _session(self, mode: str) -> neo4j.Session:
        if self._driver is None:
            raise StoreError("the store is closed")
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _read(self, work: Any, *args: Any) -> Any:
        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work, *args)

    def _records(self, query: str, **params: Any) -> list[neo4j.Record]:
        try:
            return self._read(lambda tx: list(tx.run(query, params)))
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"cannot read from Neo4j at {self.location}: {self._reason(e)}") from None

    def _write(self, work: Any, *args: Any) -> Any:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return session.execute_write(work, *args)
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"cannot write to Neo4j at {self.location}: {self._reason(e)}") from None

    # -- digests --------------------------------------------------------------------------------

    def digest_stamp(self, digest_iri: str) -> DigestStamp | None:
        rows = self._records("MATCH (d:Digest {iri: $iri}) "
                             "RETURN d.contentHash AS h, d.extractorVersion AS v, d.minConfidence AS m",
                             iri=str(digest_iri))
        return DigestStamp(rows[0]["h"], rows[0]["v"], rows[0]["m"]) if rows else None

    def replace_digest(self, digest_iri: str, quads: Iterable[Quad]) -> None:
        self.replace_graph(from_quads(str(digest_iri), quads))

    def replace_graph(self, graph: DigestGraph) -> None:
        self._write(self._replace_tx, graph.digest.iri, graph)

    def remove_digest(self, digest_iri: str) -> bool:
        return self._write(self._replace_tx, str(digest_iri), None)

    def add_digests(self, digests: Iterable[tuple[str, Iterable[Quad]]]) -> None:
        self.add_graphs(from_quads(str(iri), quads) for iri, quads in digests)

    def add_graphs(self, graphs: Iterable[DigestGraph]) -> None:
        """New digests in one transaction: each statement runs once over the rows of them all
        (seven round trips for the batch instead of seven per digest). A digest the store holds
        already is replaced instead."""
        given = list(graphs)  # each one read (and checked) before anything is written
        held = {r["iri"] for r in self._records(_HELD_DIGESTS, iris=[g.digest.iri for g in given])}  # one round trip
        new: dict[str, DigestGraph] = {}  # the last of two inputs with one IRI wins, as replaces would
        for graph in given:
            if graph.digest.iri in held:
                self.replace_graph(graph)
            else:
                new[graph.digest.iri] = graph
        if new:
            self._write(self._create_tx, new)

    @staticmethod
    def _create_tx(tx: neo4j.ManagedTransaction, graphs: dict[str, DigestGraph]) -> None:
        """Write digests that are not in the store, each statement once over all of their rows."""
        for statement, rows in create_rows(graphs):
            if rows:
                tx.run(statement, rows=rows).consume()

    @staticmethod
    def _replace_tx(tx: neo4j.ManagedTransaction, digest: str, graph: DigestGraph | None) -> bool:
        """Delete what the digest brought, write its new graph, then tidy the entities it touched."""
        found = tx.run(_FIND_DIGEST, digest=digest).single()
        assert found is not None
        touched: list[str] = found["entities"]
        if found["found"]:
            for query in (_DELETE_FACTS, _DELETE_EVENTS, _DELETE_STORIES):
                tx.run(query, digest=digest).consume()
        if graph is not None:
            Neo4jStore._create_tx(tx, {digest: graph})
        if touched:  # entities the old version mentioned: recompute them from the mentions left
            rows = tx.run(_ENTITY_MENTIONS, iris=touched).data()
            mentions = [MentionEdge(story, r["iri"], r["type"], m.get("label"), list(m.get("aliases") or []),
                                m.get("wikidata"))
                        for r in rows for story, m in r["mentions"]]
            merged = merge_entities(mentions)
            tx.run(_UPDATE_ENTITIES, rows=list(merged.values())).consume()
            tx.run(_DELETE_ENTITIES, iris=[r["iri"] for r in rows if r["iri"] not in merged]).consume()
        return bool(found["found"])

    def digests(self, *, latest: int | None = None) -> list[dict[str, Any]]:
        if latest is not None:
            return [r.data() for r in self._records(_LATEST_DIGESTS, latest=int(latest))]
        return [r.data() for r in self._records(_DIGESTS)]

    # -- reading the model back -----------------------------------------------------------------

    def _graphs(self, digests: list[str]) -> dict[str, DigestGraph]:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, DigestGraph]:
            graphs = {r["props"]["iri"]: DigestGraph(DigestNode(r["props"]["iri"], {
                k: v for k, v in r["props"].items() if k != "iri"}))
                for r in tx.run(_READ_DIGESTS, digests=digests)}
            for r in tx.run(_READ_STORIES, digests=digests):
                props = dict(r["props"])
                graphs[r["digest"]].stories.append(StoryNode(props.pop("iri"), r["digest"], props))
            for r in tx.run(_READ_MENTIONS, digests=digests):
                m = r["props"]
                graphs[r["digest"]].mentions.append(MentionEdge(
                    r["story"], r["entity"], r["type"], m.get("label"), list(m.get("aliases") or []),
                    m.get("wikidata")))
            for r in tx.run(_READ_FACTS, digests=digests):
                props = dict(r["props"])
                graphs[r["digest"]].facts.append(Fact(props.pop("statement"), r["subject"], r["type"],
                                                      r["object"], props))
            for r in tx.run(_READ_EVENTS, digests=digests):
                props = dict(r["props"])
                iri, kind = props.pop("iri"), props.pop("kind")
                graphs[r["digest"]].events.append(
                    EventNode(iri, kind, r["agent"], r["object"], r["story"], props))
            return graphs

        try:
            return self._read(work)
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"cannot read from Neo4j at {self.location}: {self._reason(e)}") from None

    def digest_quads(self, digest_iri: str) -> Iterator[Quad]:
        for graph in self._graphs([str(digest_iri)]).values():
            yield from to_quads(graph)

    def quads(self) -> Iterator[Quad]:
        for graph in self._graphs([d["iri"] for d in self.digests()]).values():
            yield from to_quads(graph)

    def __len__(self) -> int:
        return int(self._records(_QUAD_COUNT)[0]["n"] or 0)

    # -- the reads of the store protocol ----------------------------------------------------------

    def find_entities(self, names: Iterable[str], *, limit: int = 50) -> list[dict[str, str]]:
        return [r.data() for r in self._records(_FIND_ENTITIES, names=sorted(set(names)), limit=limit)]

    def fact_sources(self, facts: Collection[tuple[str, str, str]], *, newest: int | None = None
                     ) -> dict[tuple[str, str, str], tuple[int, tuple[FactSource, ...]]]:
        found: dict[tuple[str, str, str], list[FactSource]] = {}
        rows = self._records(_FACT_SOURCES, facts=[[s, REL_TYPES[p], o] for s, p, o in sorted(set(facts))])
        for r in rows:
            s, rel, o = r["fact"]
            found.setdefault((s, PREDICATES_BY_REL[rel], o), []).append(FactSource(
                r["statement"], r["evidence"] or "", r["confidence"], r["story"], r["number"], r["headline"],
                r["digest"], r["doc"], r["title"], r["url"], r["date"]))
        return {fact: (len(sources), tuple(newest_first(sources)[:newest])) for fact, sources in found.items()}

    def statement_count(self, iri: str) -> int:
        return int(self._records(_STATEMENT_COUNT, iri=iri, types=list(REL_TYPES.values()))[0]["n"])

    def entity_aliases(self, iri: str) -> list[str]:
        rows = self._records("MATCH (e:Entity {iri: $iri}) RETURN e.aliases AS a", iri=iri)
        return sorted(rows[0]["a"] or []) if rows else []

    def entity_wikidata(self, iri: str) -> str | None:
        rows = self._records("MATCH (e:Entity {iri: $iri}) RETURN e.wikidata AS wd", iri=iri)
        wd = rows[0]["wd"] if rows else None
        return wd[len(_WIKIDATA):] if wd and wd.startswith(_WIKIDATA) else None

    def state(self) -> str:
        """A hash of every digest's IRI and content hash (an index-backed read of the Digest nodes)."""
        h = hashlib.sha256(self.location.encode())
        for digest in self._records(_STATE)[0]["digests"]:
            h.update(f"|{digest}".encode())
        return h.hexdigest()

    def counts(self) -> dict[str, Any]:
        counts: dict[str, Any] = {r["what"]: r["n"] for r in self._records(_COUNTS)}

        def largest_first(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
            return dict(sorted(((k, n) for k, n in rows if n), key=lambda kn: (-kn[1], kn[0])))

        by_predicate = largest_first((PREDICATES_BY_REL[r["type"]], r["n"]) for r in self._records(_FACTS_BY_TYPE))
        counts["facts"] = sum(by_predicate.values())
        counts["entities_by_type"] = largest_first((r["type"], r["n"]) for r in self._records(_ENTITIES_BY_TYPE))
        counts["facts_by_predicate"] = by_predicate
        return counts

    def entities_and_facts(self) -> tuple[dict[str, EntityInfo], list[FactRow]]:
        entities = {
            r["iri"]: EntityInfo(r["iri"], entity_label(r["iri"], r["name"]), r["type"],
                                 r["wikidata"][len(_WIKIDATA):] if r["wikidata"] else None)
            for r in self._records(_ENTITIES)
        }
        return entities, self._fact_rows(_FACTS)

    def _fact_rows(self, query: str, **params: Any) -> list[FactRow]:
        """The facts a query of ``_FACTS``'s columns returns, sorted."""
        facts = [FactRow(r["subject"], PREDICATES_BY_REL[r["type"]], r["object"], r["confidence"],
                         r["evidence"] or "", r["story"], r["number"], r["digest"], r["date"], r["url"])
                 for r in self._records(query, **params)]
        return sorted(facts, key=FactRow.sort_key)

    def events(self, entity: str | None = None, *, limit: int = 50) -> list[EventRow]:
        rows = (self._records(_ENTITY_EVENTS, iri=entity, limit=int(limit)) if entity
                else self._records(_EVENTS, limit=int(limit)))
        return [EventRow(**{**r.data(), "agent_label": entity_label(r["agent"], r["agent_label"]),
                            "object_label": entity_label(r["object"], r["object_label"])}) for r in rows]

    def digest_stories(self, digest_iri: str) -> list[StoryRow]:
        return [StoryRow(r["iri"], r["number"], r["headline"] or "", r["text"] or "")
                for r in self._records(_DIGEST_STORIES, digest=str(digest_iri))]

    def digest_mentions(self, digest_iri: str) -> list[MentionRow]:
        rows = [MentionRow(r["story"], r["entity"], r["label"], r["type"],
                           tuple(sorted({r["label"], *(r["aliases"] or [])})))
                for r in self._records(_DIGEST_MENTIONS, digest=str(digest_iri))]
        return sorted(rows, key=lambda m: (m.story, m.label, m.entity))

    def digest_facts(self, digest_iri: str) -> list[FactRow]:
        return self._fact_rows(_DIGEST_FACTS, digest=str(digest_iri))

    def entity_names(self) -> list[EntityNames]:
        return [EntityNames(r["iri"], entity_label(r["iri"], r["name"]), r["type"],
                            tuple(sorted({*filter(None, r["labels"]), *(r["aliases"] or [])})))
                for r in self._records(_ENTITY_NAMES)]

    @staticmethod
    def _link(s: str, rel: str, o: str, sn: str | None, st: str, on: str | None, ot: str) -> Link:
        """A fact read as (subject, relationship type, object, and each end's name and type label)."""
        return Link(s, PREDICATES_BY_REL[rel], o, entity_label(s, sn), st, entity_label(o, on), ot)

    def links(self, iris: Collection[str], predicates: Collection[str] | None = None) -> list[Link]:
        types = [REL_TYPES[p] for p in predicate_names(predicates)]
        [row] = self._records(_LINKS, iris=sorted(iris), types=types)
        return sorted(self._link(*link) for link in row["links"])

    def fact_triples(self, iris: Collection[str], predicates: Collection[str] | None = None, *,
                     within: bool = False) -> list[tuple[str, str, str]]:
        types = [REL_TYPES[p] for p in predicate_names(predicates)]
        [row] = self._records(_FACTS_WITHIN if within else _FACT_TRIPLES, iris=sorted(iris), types=types)
        return sorted((s, PREDICATES_BY_REL[t], o) for s, t, o in row["facts"])

    def shortest_path(self, a: str, b: str, *, predicates: Collection[str] | None = None,
                      max_depth: int = 6) -> list[Link] | None:
        """Neo4j's own ``shortestPath`` (at most 15 facts)."""
        if a == b:
            return []
        types = [REL_TYPES[p] for p in predicate_names(predicates)]
        rows = self._records(_SHORTEST_PATH, a=a, b=b, types=types, depth=min(max_depth, 15))
        return [self._link(*r.values()) for r in rows] or None

    # -- queries --------------------------------------------------------------------------------

    def query(self, sparql: str, *, timeout: float | None = 10.0, limit: int | None = 10000) -> Any:
        raise QueryError("the neo4j store answers Cypher, not SPARQL: use kg cypher, or sync to rdf")

    def cypher(self, query: str, *, timeout: float | None = 10.0, limit: int | None = 10000,
               parameters: dict[str, Any] | None = None) -> CypherResult:
        """Run a read-only Cypher query in a read transaction; the server stops it after ``timeout`` s.

        The server plans the query first (``EXPLAIN``), and :func:`digestkg.graph.cypher.check_plan`
        decides from that plan: only a read-only plan without LOAD CSV, procedure calls (other than
        a few schema ones) or administration runs.
        """
        check_read_only(query)

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> CypherResult:
            summary = tx.run("EXPLAIN " + query, parameters or {}).consume()
            check_plan(summary.query_type, summary.plan)
            result = tx.run(query, parameters or {})
            rows, truncated = [], False
            for record in result:
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append(tuple(record.values()))
            return CypherResult(list(result.keys()), rows, truncated)

        try:
            return self._read(work)
        except CypherSyntaxError as e:
            raise QueryError(f"malformed Cypher: {first_line(e.message or e)}") from None
        except ClientError as e:
            if "Timeout" in (e.code or "") or "terminated" in (e.message or ""):
                raise QueryError(f"the query ran longer than {timeout:g} s and was stopped") from None
            if "AccessMode" in (e.code or "") or "Forbidden" in (e.code or ""):
                message = first_line(e.message or e)
                raise QueryError(f"writing is not allowed, queries are read-only: {message}") from None
            raise QueryError(f"the query failed: {first_line(e.message or e)}") from None
        except (ConfigurationError, DriverError, Neo4jError) as e:
            raise QueryError(f"the query failed: {self._reason(e)}") from None
