"""One Extraction as RDF quads: a digest graph plus one named graph per story.

- digest graph (named by the digest IRI): the digest's metadata;
- story graph (named by the story IRI): the story node, the description of every
  entity it mentions (type, label, aliases, Wikidata link), its facts, and a
  kg:Statement per fact (reification with evidence and confidence) and a kg:Event
  per event.

Entity descriptions are repeated in each story that mentions the entity, so
removing a digest's graphs removes exactly its facts and never leaves an orphan.
Output is sorted and has no blank nodes.

>>> from digestkg.ontology.model import Digest, Entity, Extraction, Story, Triple
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

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from digestkg.graph.iri import digest_iri, entity_iri, event_iri, statement_iri, story_iri
from digestkg.graph.store import Quad
from digestkg.ontology import KG, WIKIDATA
from digestkg.ontology.model import Entity, Extraction, Triple
from digestkg.ontology.names import name_language
from digestkg.ontology.vocabulary import EVENT_CLASSES, PREDICATE_PROPERTIES, SYMMETRIC, TYPE_CLASSES
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

# a plain Namespace: pytest probing rdflib's XSD (a DefinedNamespace) for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

__all__ = [
    "extraction_quads",
    "decimal_literal",
    "datetime_literal",
    "date_literal",
    "calendar_date",
    "alias_literal",
]


def decimal_literal(value: float, places: int = 3) -> Literal:
    """An xsd:decimal rounded to ``places``, in canonical form (as stores give it back).

    >>> str(decimal_literal(0.9500001)), str(decimal_literal(1.0)), str(decimal_literal(0.1234))
    ('0.95', '1', '0.123')
    """
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = format(d.normalize(), "f")
    return Literal(text if text != "-0" else "0", datatype=XSD.decimal)


def datetime_literal(value: str) -> Literal:
    """An xsd:dateTime from an ISO date-time, in canonical form (UTC written ``Z``, as stores and
    Jena write it, so that every export format holds the same lexical form).

    >>> str(datetime_literal("2024-05-01T12:00:00+00:00")), str(datetime_literal("2024-05-01T20:00:00+08:00"))
    ('2024-05-01T12:00:00Z', '2024-05-01T20:00:00+08:00')
    """
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not an ISO date-time: {value!r}") from None
    lexical = value[:-6] + "Z" if value.endswith(("+00:00", "-00:00")) else value
    return Literal(lexical, datatype=XSD.dateTime, normalize=False)


def date_literal(value: str) -> Literal:
    """A calendar date (edition or event date) as an xsd:dateTime at 00:00 UTC, as Wikidata writes
    dates: xsd:date is outside OWL 2's datatype map, so OWL reasoners refuse it. Readers take the
    first ten characters back (see ``calendar_date``).

    >>> str(date_literal("2024-02-26")), calendar_date(date_literal("2024-02-26"))
    ('2024-02-26T00:00:00Z', '2024-02-26')
    """
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r}") from None
    return Literal(f"{value}T00:00:00Z", datatype=XSD.dateTime, normalize=False)


def calendar_date(lexical: object) -> str:
    """The ISO date of an edition or event date as stored (see ``date_literal``)."""
    return str(lexical)[:10]


def alias_literal(alias: str, names: list[str]) -> Literal:
    """An alias with its language tag when known (see ``ontology.names.name_language``); ``names``
    are all the entity's names, which tell pinyin from other Latin spellings.

    >>> alias_literal("字节跳动", ["ByteDance"]).n3(), alias_literal("Zijie Tiaodong", ["字节跳动"]).n3()
    ('"字节跳动"@zh-Hans', '"Zijie Tiaodong"@zh-Latn-pinyin')
    """
    return Literal(alias, lang=name_language(alias, names))


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
    add(dg, KG.editionDate, date_literal(d.date), dg)
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
        names: dict[URIRef, list[str]] = {}  # the first name seen is the label, other spellings aliases
        for e in ents:
            ei = entity_iri(e.name, e.type)
            add(sg, KG.mentions, ei, sg)
            add(ei, RDF.type, _type_class(e), sg)
            known = names.setdefault(ei, [])
            known.extend(a for a in (e.name, *e.aliases) if a not in known)
            if e.wikidata:
                add(ei, KG.wikidata, URIRef(WIKIDATA + e.wikidata.strip()), sg)
        for ei, (label, *aliases) in names.items():
            add(ei, RDFS.label, Literal(label), sg)
            for alias in aliases:
                add(ei, KG.alias, alias_literal(alias, [label, *aliases]), sg)

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
        add(st, KG.subject, s, sg)
        add(st, KG.predicate, p, sg)
        add(st, KG.object, o, sg)
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
        add(ei, KG.eventDate, date_literal(ev.date), sg)
        if ev.amount:
            add(ei, KG.amount, Literal(ev.amount), sg)
        add(ei, KG.inStory, sg, sg)
        add(ei, KG.evidence, Literal(t.evidence), sg)
        add(ei, KG.fromStatement, statement_iri(sg, s, p, o), sg)

    return sorted(out, key=_sort_key)
