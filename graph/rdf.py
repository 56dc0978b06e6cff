"""One Extraction as RDF quads: a digest graph plus one named graph per story.

- digest graph (named by the digest IRI): the digest's metadata;
- story graph (named by the story IRI): the story node, the description of every
  entity it mentions (type, label, aliases, Wikidata link), its facts, and a
  kg:Statement per fact (reification with evidence and confidence) and a kg:Event
  per event.

Entity descriptions are repeated in each story that mentions the entity, so
removing a digest's graphs removes exactly its facts and never leaves an orphan.
Output is sorted and has no blank nodes.

>>> from digestkg.loaders.model import Digest, Entity, Extraction, Story, Triple
>>> d = Digest(doc="d.txt", title="Digest", date="2021-09-14", date_source="text", source_url=None,
...            intro="", stories=[Story(1, "ByteDance Owns Douyin", ["ByteDance owns Douyin."])], text="x")
>>> bd, dy = Entity("ByteDance", "Company"), Entity("Douyin", "Product")
>>> x = Extraction(d, {1: [bd, dy]}, [Triple(bd, "owns", dy, 1, "ByteDance owns Douyin.", 0.9)])
>>> quads = extraction_quads(x, "2024-05-01T12:00:00Z")
>>> (entity_iri("ByteDance", "Company"), KG.owns, entity_iri("Douyin", "Product"),
...  story_iri(digest_iri(d), 1)) in quads
True
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from digestkg.graph.iri import digest_iri, entity_iri, event_iri, statement_iri, story_iri
from digestkg.graph.store import Quad
from digestkg.loaders.model import SYMMETRIC, Entity, Extraction, Triple
from digestkg.ontology import KG
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

# a plain Namespace: pytest probing rdflib's XSD (a DefinedNamespace) for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

__all__ = [
    "WIKIDATA",
    "TYPE_CLASSES",
    "PREDICATE_PROPERTIES",
    "EVENT_CLASSES",
    "extraction_quads",
    "decimal_literal",
    "datetime_literal",
]

WIKIDATA = "http://www.wikidata.org/entity/"

TYPE_CLASSES: dict[str, URIRef] = {
    "Company": KG.Company,
    "Product": KG.Product,
    "Person": KG.Person,
    "GovernmentBody": KG.GovernmentBody,
    "Place": KG.Place,
}
PREDICATE_PROPERTIES: dict[str, URIRef] = {
    "owns": KG.owns,
    "releases": KG.releases,
    "acquires": KG.acquires,
    "investsIn": KG.investsIn,
    "partnersWith": KG.partnersWith,
    "competesWith": KG.competesWith,
    "recruitsFrom": KG.recruitsFrom,
    "worksFor": KG.worksFor,
    "basedIn": KG.basedIn,
    "operatesIn": KG.operatesIn,
    "exits": KG.exits,
    "investigates": KG.investigates,
    "penalizes": KG.penalizes,
    "bans": KG.bans,
    "sues": KG.sues,
}
EVENT_CLASSES: dict[str, URIRef] = {
    "Release": KG.Release,
    "Acquisition": KG.Acquisition,
    "Investment": KG.Investment,
    "Partnership": KG.Partnership,
    "Investigation": KG.Investigation,
    "Penalty": KG.Penalty,
    "Ban": KG.Ban,
    "Lawsuit": KG.Lawsuit,
    "Exit": KG.Exit,
    "Expansion": KG.Expansion,
    "Recruitment": KG.Recruitment,
    "Hiring": KG.Hiring,
}


def decimal_literal(value: float, places: int = 3) -> Literal:
    """An xsd:decimal rounded to ``places``, in canonical form (as stores give it back).

    >>> str(decimal_literal(0.9500001)), str(decimal_literal(1.0)), str(decimal_literal(0.1234))
    ('0.95', '1', '0.123')
    """
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = format(d.normalize(), "f")
    return Literal(text if text != "-0" else "0", datatype=XSD.decimal)


def datetime_literal(value: str) -> Literal:
    """An xsd:dateTime from an ISO date-time (rdflib normalises its lexical form, as its parsers do).

    >>> str(datetime_literal("2024-05-01T12:00:00Z"))
    '2024-05-01T12:00:00+00:00'
    """
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not an ISO date-time: {value!r}") from None
    return Literal(value, datatype=XSD.dateTime)


def _type_class(e: Entity) -> URIRef:
    try:
        return TYPE_CLASSES[e.type]
    except KeyError:
        raise ValueError(f"unknown entity type {e.type!r} for {e.name!r}") from None


def _sort_key(q: Quad) -> tuple[str, ...]:
    return tuple(t.n3() for t in (q[3], q[0], q[1], q[2]))


def extraction_quads(x: Extraction, ingested_at: str) -> list[Quad]:
    """All quads for one extraction, sorted by (graph, subject, predicate, object).

    ``ingested_at`` is an ISO date-time, stored as the digest's kg:ingestedAt.
    Facts read twice in one story keep the statement with the highest confidence;
    a symmetric fact (partnersWith, competesWith) is stored once, as first given.
    """
    d = x.digest
    dg = digest_iri(d)
    out: set[Quad] = set()

    def add(s: URIRef, p: URIRef, o: URIRef | Literal, g: URIRef) -> None:
        out.add((s, p, o, g))

    # digest graph
    add(dg, RDF.type, KG.Digest, dg)
    add(dg, DCTERMS.title, Literal(d.title), dg)
    add(dg, KG.docName, Literal(d.doc), dg)
    if d.source_url:
        add(dg, KG.sourceUrl, Literal(d.source_url, datatype=XSD.anyURI), dg)
    add(dg, KG.editionDate, Literal(d.date, datatype=XSD.date), dg)
    add(dg, KG.dateSource, Literal(d.date_source), dg)
    add(dg, KG.contentHash, Literal(d.content_hash), dg)
    add(dg, KG.ingestedAt, datetime_literal(ingested_at), dg)

    stories = {s.number: s for s in d.stories}

    def story_graph(n: int, what: str) -> URIRef:
        if n not in stories:
            raise ValueError(f"{what} refers to story {n}, which digest {d.doc!r} does not have")
        return story_iri(dg, n)

    # story nodes
    for n, story in stories.items():
        sg = story_iri(dg, n)
        add(sg, RDF.type, KG.Story, sg)
        add(sg, KG.inDigest, dg, sg)
        add(sg, KG.storyNumber, Literal(str(int(n)), datatype=XSD.integer), sg)
        add(sg, KG.headline, Literal(story.headline), sg)
        add(sg, KG.storyText, Literal("\n\n".join(story.paragraphs)), sg)
        add(sg, DCTERMS.title, Literal(story.headline), sg)

    # entities mentioned per story (listed ones, then those of the story's triples and events)
    mentioned: dict[int, list[Entity]] = {}
    for n, ents in x.entities.items():
        story_graph(n, "an entity list")
        mentioned.setdefault(n, []).extend(ents)
    for t in x.triples:
        story_graph(t.story, f"triple {t.subject.name} {t.predicate} {t.object.name}")
        extra = [t.subject, t.object] + ([t.event.agent, t.event.object] if t.event else [])
        mentioned.setdefault(t.story, []).extend(extra)

    for n, ents in mentioned.items():
        sg = story_iri(dg, n)
        labelled: set[URIRef] = set()
        for e in ents:
            ei = entity_iri(e.name, e.type)
            add(sg, KG.mentions, ei, sg)
            add(ei, RDF.type, _type_class(e), sg)
            if ei not in labelled:  # first name seen is the label, other spellings are aliases
                labelled.add(ei)
                add(ei, RDFS.label, Literal(e.name), sg)
            for alias in (e.name, *e.aliases):
                if (ei, RDFS.label, Literal(alias), sg) not in out:
                    add(ei, KG.alias, Literal(alias), sg)
            if e.wikidata:
                add(ei, KG.wikidata, URIRef(WIKIDATA + e.wikidata.strip()), sg)

    # facts, statements and events
    best: dict[tuple[int, URIRef, URIRef, URIRef], Triple] = {}
    events: dict[URIRef, tuple[Triple, tuple[int, URIRef, URIRef, URIRef]]] = {}
    for t in x.triples:
        try:
            p = PREDICATE_PROPERTIES[t.predicate]
        except KeyError:
            raise ValueError(f"unknown predicate {t.predicate!r}") from None
        s, o = entity_iri(t.subject.name, t.subject.type), entity_iri(t.object.name, t.object.type)
        key = (t.story, s, p, o)
        if t.predicate in SYMMETRIC and key not in best and (t.story, o, p, s) in best:
            key = (t.story, o, p, s)
        if key not in best or t.confidence > best[key].confidence:
            best[key] = t
        if t.event is not None:
            ev = t.event
            if ev.kind not in EVENT_CLASSES:
                raise ValueError(f"unknown event kind {ev.kind!r}")
            agent, obj = entity_iri(ev.agent.name, ev.agent.type), entity_iri(ev.object.name, ev.object.type)
            events.setdefault(event_iri(story_iri(dg, t.story), ev.kind, agent, obj), (t, key))

    for (n, s, p, o), t in best.items():
        sg = story_iri(dg, n)
        add(s, p, o, sg)
        st = statement_iri(sg, s, p, o)
        add(st, RDF.type, KG.Statement, sg)
        add(st, RDF.subject, s, sg)
        add(st, RDF.predicate, p, sg)
        add(st, RDF.object, o, sg)
        add(st, KG.evidence, Literal(t.evidence), sg)
        add(st, KG.confidence, decimal_literal(t.confidence), sg)
        add(st, KG.extractorVersion, Literal(x.extractor_version), sg)
        add(st, KG.inStory, sg, sg)

    # events: the first triple carrying an event with this kind, agent and object describes it
    for ei, (t, (n, s, p, o)) in events.items():
        ev = t.event
        assert ev is not None
        sg = story_iri(dg, n)
        add(ei, RDF.type, KG.Event, sg)
        add(ei, RDF.type, EVENT_CLASSES[ev.kind], sg)
        add(ei, KG.eventAgent, entity_iri(ev.agent.name, ev.agent.type), sg)
        add(ei, KG.eventObject, entity_iri(ev.object.name, ev.object.type), sg)
        add(ei, KG.eventDate, Literal(ev.date, datatype=XSD.date), sg)
        if ev.amount:
            add(ei, KG.amount, Literal(ev.amount), sg)
        add(ei, KG.inStory, sg, sg)
        add(ei, KG.evidence, Literal(t.evidence), sg)
        add(ei, KG.fromStatement, statement_iri(sg, s, p, o), sg)

    return sorted(out, key=_sort_key)
