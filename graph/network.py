"""The entity network: entities as nodes, facts as edges, as a networkx MultiDiGraph.

Built from one SPARQL query over the union of graphs (no per-node queries), so it
works with any store that has the "sparql" capability.

>>> from digestkg.graph.oxigraph import OxigraphStore
>>> with OxigraphStore() as store:
...     to_networkx(store).number_of_nodes()
0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
from digestkg.graph.rdf import PREDICATE_PROPERTIES, TYPE_CLASSES, WIKIDATA
from digestkg.ontology import KG, NS
from rdflib.namespace import RDF, RDFS

if TYPE_CHECKING:
    from digestkg.graph.store import Store

__all__ = ["EntityInfo", "FactRow", "entities_and_facts", "to_networkx"]


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


def _query() -> str:
    # Three independent parts, joined in Python (cheaper than joining them in SPARQL):
    # entities, statements, and stories with their digest's date and source URL.
    types = " ".join(f"<{c}>" for c in TYPE_CLASSES.values())
    return f"""
    SELECT ?x ?type ?label ?wd ?st ?s ?p ?o ?conf ?ev ?story ?num ?d ?date ?url WHERE {{
      {{
        VALUES ?type {{ {types} }}
        ?x a ?type .
        OPTIONAL {{ ?x <{RDFS.label}> ?label }}
        OPTIONAL {{ ?x <{KG.wikidata}> ?wd }}
      }} UNION {{
        ?st a <{KG.Statement}> ; <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ;
            <{KG.inStory}> ?story .
        OPTIONAL {{ ?st <{KG.confidence}> ?conf }}
        OPTIONAL {{ ?st <{KG.evidence}> ?ev }}
      }} UNION {{
        ?story a <{KG.Story}> .
        OPTIONAL {{ ?story <{KG.storyNumber}> ?num }}
        OPTIONAL {{
          ?story <{KG.inDigest}> ?d .
          OPTIONAL {{ ?d <{KG.editionDate}> ?date }}
          OPTIONAL {{ ?d <{KG.sourceUrl}> ?url }}
        }}
      }}
    }}
    """


def _local(iri: str) -> str:
    return iri[len(NS):] if iri.startswith(NS) else iri


def entities_and_facts(store: Store) -> tuple[dict[str, EntityInfo], list[FactRow]]:
    """Every entity (by IRI) and every fact row, sorted by date, digest, story and fact."""
    names, rows = store.select_strings(_query())
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
            types[x] = _local(row[itype] or "")
            labels.setdefault(x, set())
            if row[ilabel] is not None:
                labels[x].add(row[ilabel])  # type: ignore[arg-type]
            wd = row[iwd]
            if wd is not None and wd.startswith(WIKIDATA):
                wikidata.setdefault(x, wd[len(WIKIDATA):])
        elif row[ist] is not None:
            statements.setdefault(row[ist], row)  # type: ignore[arg-type]
        elif row[istory] is not None:
            num = row[inum]
            number = int(num) if num is not None and num.lstrip("-").isdigit() else None
            stories.setdefault(row[istory], (number, row[id_], row[idate], row[iurl]))  # type: ignore[arg-type]
    facts = []
    for row in statements.values():
        story = row[istory] or ""
        number, digest, date, url = stories.get(story, (None, None, None, None))
        conf = row[col["conf"]]
        try:
            confidence = float(conf) if conf is not None else None
        except ValueError:
            confidence = None
        facts.append(FactRow(
            subject=row[col["s"]] or "",
            predicate=_local(row[col["p"]] or ""),
            object=row[col["o"]] or "",
            confidence=confidence,
            evidence=row[col["ev"]] or "",
            story=story,
            story_number=number,
            digest=digest,
            date=date,
            source_url=url,
        ))
    entities = {
        x: EntityInfo(x, min(labels[x]) if labels[x] else x.rsplit("/", 1)[-1], t, wikidata.get(x))
        for x, t in types.items()
    }
    return entities, sorted(facts, key=FactRow.sort_key)


def to_networkx(store: Store, *, predicates: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The entity network: one node per entity, one edge per distinct fact (key = predicate).

    Nodes carry ``label`` and ``type`` (and ``wikidata`` when known); edges carry
    ``predicate``, ``confidence`` (the highest over its statements), ``evidence`` and
    ``story`` (from the earliest statement) and ``count`` (how many statements).
    With ``predicates`` (local names like "owns", or IRIs) only those facts become
    edges and only their endpoints become nodes; without it every entity is a node.
    """
    wanted: set[str] | None = None
    if predicates is not None:
        wanted = set()
        for p in predicates:
            name = _local(str(p))
            if name not in PREDICATE_PROPERTIES:
                raise ValueError(f"unknown predicate {p!r}; known: {', '.join(PREDICATE_PROPERTIES)}")
            wanted.add(name)
    entities, facts = entities_and_facts(store)
    g = nx.MultiDiGraph()

    def add_node(iri: str) -> None:
        if iri in g:
            return
        e = entities.get(iri)
        attrs = {"label": e.label, "type": e.type} if e else {"label": iri.rsplit("/", 1)[-1], "type": ""}
        if e and e.wikidata:
            attrs["wikidata"] = e.wikidata
        g.add_node(iri, **attrs)

    if wanted is None:
        for iri in sorted(entities):
            add_node(iri)
    for f in facts:  # earliest first
        if wanted is not None and f.predicate not in wanted:
            continue
        add_node(f.subject)
        add_node(f.object)
        if g.has_edge(f.subject, f.object, key=f.predicate):
            data = g.edges[f.subject, f.object, f.predicate]
            data["count"] += 1
            if f.confidence is not None and f.confidence > data["confidence"]:
                data["confidence"] = f.confidence
            continue
        g.add_edge(f.subject, f.object, key=f.predicate, predicate=f.predicate,
                   confidence=f.confidence if f.confidence is not None else 0.0,
                   evidence=f.evidence, story=f.story, count=1)
    return g

