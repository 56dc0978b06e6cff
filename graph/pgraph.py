"""The property-graph model: one digest's quads as nodes and relationships, and back.

The Neo4j store and the ``neo4j-csv`` export both write this model:

- ``(:Digest {iri, title, docName, sourceUrl, editionDate, dateSource, contentHash, extractorVersion,
  minConfidence, ingestedAt})``;
- ``(:Story {iri, number, headline, storyText, title})-[:IN_DIGEST]->(:Digest)``;
- ``(:Entity:Company {iri, name, labels, aliases, wikidata})``, labelled by type; ``name`` is the
  alphabetically first label, ``labels`` every story's label, ``aliases`` the union of the stories' aliases;
- ``(:Story)-[:MENTIONS {label, aliases, wikidata}]->(:Entity)``: the entity as that story describes it;
- one relationship type per predicate, ``(:Entity)-[:OWNS {...}]->(:Entity)``, one per statement,
  carrying its evidence: ``statement`` (IRI), ``story``, ``storyNumber``, ``digest``, ``sourceUrl``,
  ``date``, ``evidence``, ``confidence`` (a float), ``extractorVersion``;
- ``(:Event:Penalty {iri, kind, date, amount, evidence, statement})`` with ``-[:AGENT]->``,
  ``-[:OBJECT]->`` (entities) and ``-[:IN_STORY]->`` (its story).

Dates, date-times and URLs are kept as their lexical forms (ISO strings sort by time), so
:func:`to_quads` gives back exactly the quads :func:`from_quads` read. Quads outside the
model are refused, never dropped.

>>> from digestkg.graph.iri import digest_iri
>>> from digestkg.graph.rdf import extraction_quads
>>> from digestkg.graph.testing import INGESTED_AT, sample_extraction
>>> x = sample_extraction()
>>> quads = extraction_quads(x, INGESTED_AT)
>>> g = from_quads(str(digest_iri(x.digest)), quads)
>>> len(g.stories), len(g.mentions), len(g.facts), len(g.events), g.facts[0].type
(2, 6, 4, 1, 'PENALIZES')
>>> sorted(to_quads(g)) == sorted(quads)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from digestkg.graph.iri import digest_iri as iri_of_digest
from digestkg.graph.iri import entity_iri, event_iri, statement_iri, story_iri
from digestkg.graph.literals import alias_literal, calendar_date, date_literal, datetime_literal, decimal_literal
from digestkg.graph.terms import uri
from digestkg.ontology import KG, WIKIDATA
from digestkg.ontology.model import Entity, Extraction, Triple
from digestkg.ontology.vocabulary import EVENT_CLASSES, PREDICATE_PROPERTIES, SYMMETRIC, TYPE_CLASSES
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

if TYPE_CHECKING:  # the store protocol takes this model (Store.add_graphs); at run time store.py imports it
    from digestkg.graph.store import Quad

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
# a calendar date: "YYYY-MM-DD" in the property graph, an xsd:dateTime at midnight UTC in RDF
DATE = XSD.date
# terms read once: a namespace attribute builds a new URIRef on every lookup, and the readers below
# look them up for every quad
_DATETIME, _INTEGER, _DECIMAL, _ANY_URI = XSD.dateTime, XSD.integer, XSD.decimal, XSD.anyURI
_TYPE, _LABEL, _TITLE = RDF.type, RDFS.label, DCTERMS.title
_DIGEST, _STORY, _STATEMENT, _EVENT, _IN_DIGEST, _MENTIONS, _ALIAS, _WIKIDATA = (
    KG.Digest, KG.Story, KG.Statement, KG.Event, KG.inDigest, KG.mentions, KG.alias, KG.wikidata)
_SUBJECT, _PREDICATE, _OBJECT, _IN_STORY, _AGENT, _PATIENT, _FROM_STATEMENT = (
    KG.subject, KG.predicate, KG.object, KG.inStory, KG.eventAgent, KG.eventObject, KG.fromStatement)
_DIGEST_TYPES, _STORY_TYPES, _STATEMENT_TYPES, _EVENT_TYPES = (
    frozenset({t}) for t in (_DIGEST, _STORY, _STATEMENT, _EVENT))
_STATEMENT_ROLES = (_SUBJECT, _OBJECT, _IN_STORY)
_EVENT_ROLES = (_AGENT, _PATIENT, _IN_STORY)

# the constraints every load path creates: the Neo4j store on its first write, the bulk import
# through neo4j-admin's --schema file
SCHEMA = [
    "CREATE CONSTRAINT entity_iri IF NOT EXISTS FOR (n:Entity) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT company_iri IF NOT EXISTS FOR (n:Company) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT product_iri IF NOT EXISTS FOR (n:Product) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT person_iri IF NOT EXISTS FOR (n:Person) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT governmentbody_iri IF NOT EXISTS FOR (n:GovernmentBody) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT place_iri IF NOT EXISTS FOR (n:Place) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT digest_iri IF NOT EXISTS FOR (n:Digest) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT story_iri IF NOT EXISTS FOR (n:Story) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT event_iri IF NOT EXISTS FOR (n:Event) REQUIRE n.iri IS UNIQUE",
    # the newest events come in the index's order, not from a sort of every event
    "CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
]

__all__ = [
    "SCHEMA",
    "REL_TYPES",
    "PREDICATES_BY_REL",
    "DigestNode",
    "StoryNode",
    "MentionEdge",
    "Fact",
    "EventNode",
    "DigestGraph",
    "extraction_graph",
    "from_quads",
    "to_quads",
    "merge_entities",
]

# predicate local name -> relationship type: investsIn -> INVESTS_IN
REL_TYPES = {p: re.sub(r"(?<!^)([A-Z])", r"_\1", p).upper() for p in PREDICATE_PROPERTIES}
PREDICATES_BY_REL = {t: p for p, t in REL_TYPES.items()}

# (property name, predicate, datatype or None for a plain string); all optional in RDF
_DIGEST_PROPS = (
    ("title", _TITLE, None), ("docName", KG.docName, None), ("sourceUrl", KG.sourceUrl, _ANY_URI),
    ("editionDate", KG.editionDate, DATE), ("dateSource", KG.dateSource, None),
    ("contentHash", KG.contentHash, None), ("extractorVersion", KG.extractorVersion, None),
    ("minConfidence", KG.minConfidence, _DECIMAL), ("ingestedAt", KG.ingestedAt, _DATETIME),
)
_STORY_PROPS = (
    ("number", KG.storyNumber, _INTEGER), ("headline", KG.headline, None),
    ("storyText", KG.storyText, None), ("title", _TITLE, None),
)
_FACT_PROPS = (
    ("evidence", KG.evidence, None), ("confidence", KG.confidence, _DECIMAL),
    ("extractorVersion", KG.extractorVersion, None),
)
_EVENT_PROPS = (
    ("date", KG.eventDate, DATE), ("amount", KG.amount, None), ("evidence", KG.evidence, None),
)
_TYPES = {c: t for t, c in TYPE_CLASSES.items()}
_EVENT_KINDS = {c: k for k, c in EVENT_CLASSES.items()}
_PREDICATES = {u: p for p, u in PREDICATE_PROPERTIES.items()}


@dataclass
class DigestNode:
    iri: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class StoryNode:
    iri: str
    digest: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class MentionEdge:
    """A (:Story)-[:MENTIONS]->(:Entity) relationship: an entity as one story describes it."""

    story: str
    entity: str
    type: str  # "Company", ...
    label: str | None = None
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None  # the full Wikidata IRI


@dataclass
class Fact:
    """One statement: a fact as read in one story, with its evidence."""

    statement: str
    subject: str
    type: str  # relationship type, e.g. "OWNS"
    object: str
    props: dict[str, Any] = field(default_factory=dict)  # story, storyNumber, digest, ..., confidence


@dataclass
class EventNode:
    iri: str
    kind: str  # "Penalty", ...
    agent: str
    object: str
    story: str
    props: dict[str, Any] = field(default_factory=dict)  # date, amount, evidence, statement


@dataclass
class DigestGraph:
    digest: DigestNode
    stories: list[StoryNode] = field(default_factory=list)
    mentions: list[MentionEdge] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    events: list[EventNode] = field(default_factory=list)


def _value(o: Any, datatype: URIRef | None, where: str) -> Any:
    """The property value of a literal of ``datatype``, one of the module's datatype constants."""
    stored = _DATETIME if datatype is DATE else datatype
    if not isinstance(o, Literal) or o.language or (o.datatype or None) != stored:
        raise ValueError(f"{where}: expected a {stored or 'plain string'} literal, not {o.n3()}")
    if datatype is DATE:
        return calendar_date(o)
    if datatype is _INTEGER:
        return int(str(o))
    if datatype is _DECIMAL:
        return float(str(o))
    return str(o)


def _alias(o: Any, where: str) -> str:
    """An alias: a string, with or without its language tag (which ``alias_literal`` gives back)."""
    if not isinstance(o, Literal) or (o.datatype is not None and not o.language):
        raise ValueError(f"{where}: expected a string alias, not {o.n3()}")
    return str(o)


def _literal(value: Any, datatype: URIRef | None) -> Literal:
    """A property value as its literal; short ones cached (labels, dates, confidences and versions
    recur, sentences and story texts do not)."""
    if isinstance(value, str) and len(value) > 80:
        return _make_literal(value, datatype)
    return _short_literal(value, datatype)


def _make_literal(value: Any, datatype: URIRef | None) -> Literal:
    if datatype is _DECIMAL:
        return decimal_literal(value)
    if datatype is _INTEGER:
        return Literal(str(int(value)), datatype=_INTEGER)
    if datatype is DATE:
        return date_literal(value)
    if datatype is _DATETIME:
        return datetime_literal(value)
    return Literal(value, datatype=datatype)


_short_literal = lru_cache(maxsize=20_000)(_make_literal)


@lru_cache(maxsize=20_000)
def _alias_literal(alias: str, names: tuple[str, ...]) -> Literal:
    """``alias_literal``, cached: an entity's aliases come back in every story that names it."""
    return alias_literal(alias, list(names))


def _take(po: dict[URIRef, list[Any]], spec: tuple[tuple[str, URIRef, URIRef | None], ...], where: str
          ) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, pred, datatype in spec:
        values = po.pop(pred, [])
        if len(values) > 1:
            raise ValueError(f"{where} has {len(values)} values for <{pred}>")
        if values:
            props[name] = _value(values[0], datatype, f"{where} <{pred}>")
    return props


def _one(po: dict[URIRef, list[Any]], pred: URIRef, where: str) -> URIRef:
    values = po.pop(pred, [])
    if len(values) != 1 or not isinstance(values[0], URIRef):
        raise ValueError(f"{where} needs exactly one IRI for <{pred}>")
    return values[0]


def extraction_graph(x: Extraction, ingested_at: str) -> DigestGraph:
    """One extraction as the model: what ``kg ingest`` stores (``ingested_at`` is an ISO date-time).

    Each story describes the entities it lists and those of its facts and events; an entity's label
    is the first name the story gives it, its other spellings aliases. Facts read twice in one story
    keep the statement with the highest confidence; a symmetric fact (partnersWith, competesWith) is
    stored once, as first given; an event is described by the first fact that carries it. ValueError
    for what the model cannot hold (an unknown type, predicate or event kind, a story the digest lacks,
    a malformed date).

    >>> from digestkg.graph.testing import INGESTED_AT, sample_extraction
    >>> g = extraction_graph(sample_extraction(), INGESTED_AT)
    >>> g.digest.props["editionDate"], [f.type for f in g.facts][:2], g.events[0].kind
    ('2021-09-14', ['PENALIZES', 'OWNS'], 'Penalty')
    """
    d = x.digest
    dg = str(iri_of_digest(d))
    props: dict[str, Any] = {"title": d.title, "docName": d.doc, "sourceUrl": d.source_url or None,
                             "editionDate": calendar_date(date_literal(d.date)), "dateSource": d.date_source,
                             "contentHash": d.content_hash, "extractorVersion": x.extractor_version or None,
                             "minConfidence": x.min_confidence,
                             "ingestedAt": str(datetime_literal(ingested_at))}
    graph = DigestGraph(DigestNode(dg, {k: v for k, v in props.items() if v is not None}))
    stories = {s.number: str(story_iri(dg, s.number)) for s in d.stories}

    def story_graph(n: int, what: str) -> str:
        if n not in stories:
            raise ValueError(f"{what} refers to story {n}, which digest {d.doc!r} does not have")
        return stories[n]

    for s in d.stories:
        text = "\n\n".join(s.paragraphs)
        graph.stories.append(StoryNode(stories[s.number], dg, {"number": int(s.number), "headline": s.headline,
                                                              "storyText": text, "title": s.headline}))
    mentioned: dict[int, list[Entity]] = {}  # the listed entities, then those of the story's facts and events
    for n, ents in x.entities.items():
        story_graph(n, "an entity list")
        mentioned.setdefault(n, []).extend(ents)
    for t in x.triples:
        story_graph(t.story, f"triple {t.subject.name} {t.predicate} {t.object.name}")
        mentioned.setdefault(t.story, []).extend(
            [t.subject, t.object, *((t.event.agent, t.event.object) if t.event else ())])
    for n, ents in mentioned.items():
        edges: dict[str, MentionEdge] = {}
        names: dict[str, list[str]] = {}
        for e in ents:
            iri = str(entity_iri(e.name, _entity_type(e)))
            m = edges.setdefault(iri, MentionEdge(stories[n], iri, e.type))
            known = names.setdefault(iri, [])
            known.extend(a for a in (e.name, *e.aliases) if a not in known)
            wikidata = WIKIDATA + e.wikidata.strip() if e.wikidata else None
            if wikidata and m.wikidata not in (None, wikidata):
                raise ValueError(f"{e.name!r} has two Wikidata items in story {n}: {m.wikidata}, {wikidata}")
            m.wikidata = m.wikidata or wikidata
        for iri, (label, *aliases) in names.items():
            edges[iri].label, edges[iri].aliases = label, sorted(aliases)
        graph.mentions.extend(edges.values())

    best: dict[tuple[int, str, str, str], Triple] = {}  # (story, subject, predicate, object)
    events: dict[str, tuple[Triple, tuple[int, str, str, str], str, str]] = {}  # (fact, key, agent, object)
    for t in x.triples:
        if t.predicate not in PREDICATE_PROPERTIES:
            raise ValueError(f"unknown predicate {t.predicate!r}")
        s, o = str(entity_iri(t.subject.name, t.subject.type)), str(entity_iri(t.object.name, t.object.type))
        key = (t.story, s, t.predicate, o)
        if t.predicate in SYMMETRIC and key not in best and (t.story, o, t.predicate, s) in best:
            key = (t.story, o, t.predicate, s)
        if key not in best or t.confidence > best[key].confidence:
            best[key] = t
        if t.event is not None:
            if t.event.kind not in EVENT_CLASSES:
                raise ValueError(f"unknown event kind {t.event.kind!r}")
            agent = str(entity_iri(t.event.agent.name, t.event.agent.type))
            obj = str(entity_iri(t.event.object.name, t.event.object.type))
            events.setdefault(str(event_iri(stories[t.story], t.event.kind, agent, obj)), (t, key, agent, obj))

    def statement(key: tuple[int, str, str, str]) -> str:
        n, s, p, o = key
        return str(statement_iri(stories[n], s, PREDICATE_PROPERTIES[p], o))

    for key, t in best.items():
        graph.facts.append(Fact(statement(key), key[1], REL_TYPES[key[2]], key[3], {
            "story": stories[key[0]], "evidence": t.evidence,
            "confidence": float(str(decimal_literal(t.confidence))), "extractorVersion": x.extractor_version}))
    for iri, (t, key, agent, obj) in events.items():
        ev = t.event
        assert ev is not None
        ev_props = {"date": calendar_date(date_literal(ev.date)), "amount": ev.amount or None,
                    "evidence": t.evidence, "statement": statement(key)}
        graph.events.append(EventNode(iri, ev.kind, agent, obj, stories[key[0]],
                                      {k: v for k, v in ev_props.items() if v is not None}))
    _denormalise(graph)
    return graph


def _entity_type(e: Entity) -> str:
    if e.type not in TYPE_CLASSES:
        raise ValueError(f"unknown entity type {e.type!r} for {e.name!r}")
    return e.type


def from_quads(digest_iri: str, quads: Iterable[Quad]) -> DigestGraph:
    """The property graph of one digest from its quads; ValueError for a quad the model cannot hold."""
    # (graph, subject) -> predicate -> objects
    desc: dict[tuple[str, URIRef], dict[URIRef, list[Any]]] = {}
    for s, p, o, g in quads:
        if not isinstance(s, URIRef):
            raise ValueError(f"the property graph holds no blank node: {s!r}")
        desc.setdefault((str(g), s), {}).setdefault(p, []).append(o)
    prefix = f"{digest_iri}/story/"
    dg = DigestGraph(DigestNode(digest_iri))
    fact_triples: set[tuple[str, URIRef, URIRef, URIRef]] = set()
    statements: dict[str, Fact] = {}
    for (g, s), po in sorted(desc.items()):
        where = f"<{s}> in graph <{g}>"
        if not (g == digest_iri or g.startswith(prefix)):
            raise ValueError(f"{where}: the graph does not belong to digest <{digest_iri}>")
        types = set(po.pop(_TYPE, []))
        if g == digest_iri:
            if str(s) != digest_iri or types != _DIGEST_TYPES:
                raise ValueError(f"{where}: a digest graph holds only the digest's description")
            dg.digest.props = _take(po, _DIGEST_PROPS, where)
        elif types == _STORY_TYPES:
            if str(s) != g:
                raise ValueError(f"{where}: a story is described in its own graph")
            digest = _one(po, KG.inDigest, where)
            if str(digest) != digest_iri:
                raise ValueError(f"{where}: the story belongs to another digest")
            dg.stories.append(StoryNode(g, digest_iri, _take(po, _STORY_PROPS, where)))
            for e in po.pop(KG.mentions, []):
                if not isinstance(e, URIRef) or (g, e) not in desc:
                    raise ValueError(f"{where}: it mentions <{e}>, which the story does not describe")
        elif types == _STATEMENT_TYPES:
            subj, obj, story = (_one(po, p, where) for p in _STATEMENT_ROLES)
            pred = _one(po, KG.predicate, where)
            if pred not in _PREDICATES or str(story) != g:
                raise ValueError(f"{where}: a statement of <{pred}> in <{story}>")
            statements[str(s)] = Fact(str(s), str(subj), REL_TYPES[_PREDICATES[pred]], str(obj),
                                      {"story": g, **_take(po, _FACT_PROPS, where)})
        elif _EVENT in types and len(types) == 2 and (types - _EVENT_TYPES) <= _EVENT_KINDS.keys():
            kind = _EVENT_KINDS[next(iter(types - _EVENT_TYPES))]
            agent, obj, story = (_one(po, p, where) for p in _EVENT_ROLES)
            props = _take(po, _EVENT_PROPS, where)
            if KG.fromStatement in po:
                props["statement"] = str(_one(po, KG.fromStatement, where))
            if str(story) != g:
                raise ValueError(f"{where}: an event is described in its story's graph")
            dg.events.append(EventNode(str(s), kind, str(agent), str(obj), g, props))
        elif len(types) == 1 and next(iter(types)) in _TYPES:
            m = MentionEdge(g, str(s), _TYPES[next(iter(types))])
            labels = po.pop(_LABEL, [])
            if len(labels) > 1:
                raise ValueError(f"{where} has {len(labels)} labels in one story")
            m.label = _value(labels[0], None, where) if labels else None
            m.aliases = sorted(_alias(a, where) for a in po.pop(KG.alias, []))
            wd = po.pop(KG.wikidata, [])
            if len(wd) > 1 or not all(isinstance(w, URIRef) for w in wd):
                raise ValueError(f"{where}: one Wikidata IRI at most")
            m.wikidata = str(wd[0]) if wd else None
            dg.mentions.append(m)
            for p, objects in list(po.items()):
                if p in _PREDICATES:
                    fact_triples.update((g, s, p, o) for o in objects)
                    del po[p]
        else:
            raise ValueError(f"{where}: its types {sorted(map(str, types))} are outside the digestkg model")
        if po:
            raise ValueError(f"{where}: <{next(iter(po))}> is outside the digestkg model")
    mentioned = {(m.story, m.entity) for m in dg.mentions}
    for f in statements.values():
        key = (f.props["story"], URIRef(f.subject), PREDICATE_PROPERTIES[PREDICATES_BY_REL[f.type]],
               URIRef(f.object))
        if key not in fact_triples:
            raise ValueError(f"statement <{f.statement}> has no fact in its story")
        fact_triples.discard(key)
        if (key[0], f.subject) not in mentioned or (key[0], f.object) not in mentioned:
            raise ValueError(f"statement <{f.statement}> links an entity its story does not describe")
        dg.facts.append(f)
    if fact_triples:
        g, s, p, o = min(fact_triples)
        raise ValueError(f"the fact <{s}> <{p}> <{o}> in <{g}> has no statement")
    for ev in dg.events:
        if (ev.story, ev.agent) not in mentioned or (ev.story, ev.object) not in mentioned:
            raise ValueError(f"event <{ev.iri}> links an entity its story does not describe")
    _denormalise(dg)
    return dg


def _denormalise(dg: DigestGraph) -> None:
    """Copy each fact's story number, digest, source URL and edition date onto it (evidence at hand)."""
    numbers = {s.iri: s.props.get("number") for s in dg.stories}
    for f in dg.facts:
        extra = {"storyNumber": numbers.get(f.props["story"]), "digest": dg.digest.iri,
                 "sourceUrl": dg.digest.props.get("sourceUrl"), "date": dg.digest.props.get("editionDate")}
        f.props.update({k: v for k, v in extra.items() if v is not None})


def to_quads(dg: DigestGraph) -> Iterator[Quad]:
    """The quads of one digest's property graph (the inverse of :func:`from_quads`)."""
    d = uri(dg.digest.iri)
    yield d, _TYPE, _DIGEST, d
    for name, pred, datatype in _DIGEST_PROPS:
        if dg.digest.props.get(name) is not None:
            yield d, pred, _literal(dg.digest.props[name], datatype), d
    for st in dg.stories:
        s = uri(st.iri)
        yield s, _TYPE, _STORY, s
        yield s, _IN_DIGEST, d, s
        for name, pred, datatype in _STORY_PROPS:
            if st.props.get(name) is not None:
                yield s, pred, _literal(st.props[name], datatype), s
    for m in dg.mentions:
        g, e = uri(m.story), uri(m.entity)
        yield g, _MENTIONS, e, g
        yield e, _TYPE, TYPE_CLASSES[m.type], g
        if m.label is not None:
            yield e, _LABEL, _literal(m.label, None), g
        names = (m.label, *m.aliases) if m.label is not None else tuple(m.aliases)
        for a in m.aliases:
            yield e, _ALIAS, _alias_literal(a, names), g
        if m.wikidata:
            yield e, _WIKIDATA, uri(m.wikidata), g
    for f in dg.facts:
        g, st = uri(f.props["story"]), URIRef(f.statement)
        s, p, o = uri(f.subject), PREDICATE_PROPERTIES[PREDICATES_BY_REL[f.type]], uri(f.object)
        yield s, p, o, g
        yield st, _TYPE, _STATEMENT, g
        yield st, _SUBJECT, s, g
        yield st, _PREDICATE, p, g
        yield st, _OBJECT, o, g
        yield st, _IN_STORY, g, g
        for name, pred, datatype in _FACT_PROPS:
            if f.props.get(name) is not None:
                yield st, pred, _literal(f.props[name], datatype), g
    for ev in dg.events:
        g, e = uri(ev.story), URIRef(ev.iri)
        yield e, _TYPE, _EVENT, g
        yield e, _TYPE, EVENT_CLASSES[ev.kind], g
        yield e, _AGENT, uri(ev.agent), g
        yield e, _PATIENT, uri(ev.object), g
        yield e, _IN_STORY, g, g
        for name, pred, datatype in _EVENT_PROPS:
            if ev.props.get(name) is not None:
                yield e, pred, _literal(ev.props[name], datatype), g
        if ev.props.get("statement"):
            yield e, _FROM_STATEMENT, URIRef(ev.props["statement"]), g


def merge_entities(mentions: Iterable[MentionEdge]) -> dict[str, dict[str, Any]]:
    """Each entity's node properties from all its mentions: iri, type, name, labels, aliases, wikidata.

    ``name`` is the alphabetically first label (None when no story labels it), ``labels`` every
    story's label (so that names are read without the mentions), ``wikidata`` the first IRI like ``name``.

    >>> m = [MentionEdge("s1", "e", "Company", "Zeta", ["Z"]), MentionEdge("s2", "e", "Company", "Alpha", ["A", "Z"])]
    >>> e = merge_entities(m)["e"]
    >>> e["name"], e["labels"], e["aliases"]
    ('Alpha', ['Alpha', 'Zeta'], ['A', 'Z'])
    """
    out: dict[str, dict[str, Any]] = {}
    for m in mentions:
        e = out.setdefault(m.entity, {"iri": m.entity, "type": m.type, "name": None, "labels": set(),
                                      "aliases": set(), "wikidata": None})
        if m.label is not None:
            e["labels"].add(m.label)
        e["aliases"].update(m.aliases)
        if m.wikidata and (e["wikidata"] is None or m.wikidata < e["wikidata"]):
            e["wikidata"] = m.wikidata
    for e in out.values():
        e["name"] = min(e["labels"], default=None)
        e["labels"] = sorted(e["labels"])
        e["aliases"] = sorted(e["aliases"])
    return out

