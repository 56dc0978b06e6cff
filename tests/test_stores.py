"""One suite for every store: the same tests, unchanged, on the embedded RDF store and on Neo4j.

The hand-made extractions of ``digestkg.graph.testing`` give exact expectations; sample digests
(samples/), extracted once, give real data.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from digestkg.graph.export import export, sorted_nquads
from digestkg.graph.iri import digest_iri, entity_iri, statement_iri, story_iri
from digestkg.graph.oxigraph import OxigraphStore
from digestkg.graph.pgraph import DigestGraph, extraction_graph, from_quads
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import EntityFact, EntityNames, FactSource, MentionRow, Store
from digestkg.graph.sync import sync
from digestkg.graph.testing import (
    EVIDENCE,
    INGESTED_AT,
    MIN_CONFIDENCE,
    ORACLE,
    VERSION,
    changed_extraction,
    other_extraction,
    sample_extraction,
)
from digestkg.ontology.model import Entity, Extraction, Triple

BYTEDANCE = str(entity_iri("ByteDance", "Company"))
TIKTOK = str(entity_iri("TikTok", "Product"))
BRAZIL = str(entity_iri("Brazil", "Place"))
BEIJING = str(entity_iri("Beijing", "Place"))
SAMR = str(entity_iri("State Administration for Market Regulation", "GovernmentBody"))
DOUYIN = str(entity_iri("Douyin", "Product"))


@pytest.fixture(params=["oxigraph", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
    else:
        s = OxigraphStore(tmp_path / "store")
        yield s
        s.close()


@pytest.fixture(scope="session")
def corpus_extractions(corpus: Path, dev_digests: list[Path], extractor,
                       tmp_path_factory: pytest.TempPathFactory) -> list[Extraction]:
    """The seed digest and three other sample digests, extracted once."""
    from digestkg.core import KnowledgeGraph

    kg = KnowledgeGraph(tmp_path_factory.mktemp("unused"))  # only reads and extracts: no store is opened
    kg._extractor = extractor
    return list(kg.extract([corpus / "seed-digest.txt", *dev_digests[:3]]))


def ingest(store: Store, x: Extraction) -> str:
    d = str(digest_iri(x.digest))
    store.replace_digest(d, extraction_quads(x, INGESTED_AT))
    return d


def canonical(store: Store) -> str:
    """The store's quads as sorted N-Quads, after a trip through an in-memory Oxigraph store.

    Oxigraph writes literals in canonical form (``...Z`` date-times): comparing after the trip
    compares the data, not two spellings of it.
    """
    with OxigraphStore() as copy:
        sync(store, copy)
        return sorted_nquads(copy)


def expected(*xs: Extraction) -> str:
    with OxigraphStore() as s:
        for x in xs:
            ingest(s, x)
        return sorted_nquads(s)


def shape(store: Store) -> tuple[int, ...]:
    """Counts that change when anything is added or lost, whatever the backend."""
    c = store.counts()
    return (len(store), c["digests"], c["stories"], c["entities"], c["facts"], c["events"])


def test_ingest_keeps_every_quad(store, corpus_extractions):
    for x in [sample_extraction(), *corpus_extractions]:
        ingest(store, x)
    assert canonical(store) == expected(sample_extraction(), *corpus_extractions)
    xs = [sample_extraction(), *corpus_extractions]
    quads = {q for x in xs for q in extraction_quads(x, INGESTED_AT)}
    assert len(store) == len(quads)
    c = store.counts()
    assert c["digests"] == 1 + len(corpus_extractions)
    assert c["facts"] == sum(c["facts_by_predicate"].values()) > 10
    assert c["entities"] == sum(c["entities_by_type"].values())


def test_new_digests_in_bulk_are_stored_as_one_by_one(store, corpus_extractions):
    """``add_digests`` (the bulk path ``kg ingest`` takes for new digests) stores what
    ``replace_digest`` would: shared entities merged, a digest already held replaced, and of two
    inputs with one IRI the last."""
    ingest(store, sample_extraction())
    batch = [(str(digest_iri(x.digest)), extraction_quads(x, INGESTED_AT))
             for x in (other_extraction(), *corpus_extractions, changed_extraction())]
    first = corpus_extractions[0]
    batch.insert(1, (str(digest_iri(first.digest)), extraction_quads(sample_extraction(), INGESTED_AT)[:0]))
    store.add_digests(batch)
    assert canonical(store) == expected(changed_extraction(), other_extraction(), *corpus_extractions)
    assert store.counts()["digests"] == 2 + len(corpus_extractions)
    store.add_digests([])
    assert canonical(store) == expected(changed_extraction(), other_extraction(), *corpus_extractions)


def test_new_digests_as_property_graphs_are_stored_as_their_quads(store, corpus_extractions):
    """``add_graphs`` (what ``kg ingest`` calls: Neo4j writes the property graph without a detour
    through quads) stores what ``add_digests`` stores for the same digests, a held one replaced."""
    ingest(store, sample_extraction())
    store.add_graphs([extraction_graph(x, INGESTED_AT)
                      for x in (other_extraction(), *corpus_extractions, changed_extraction())])
    assert canonical(store) == expected(changed_extraction(), other_extraction(), *corpus_extractions)
    store.add_graphs([])
    assert store.counts()["digests"] == 2 + len(corpus_extractions)


def test_a_changed_digest_as_a_property_graph_replaces_it(store, corpus_extractions):
    """``replace_graph`` (what ``kg ingest`` calls for a changed digest) leaves what ``replace_digest``
    leaves: the old version's facts gone, the entities it alone named dropped, the others kept."""
    for x in (sample_extraction(), *corpus_extractions):
        ingest(store, x)
    store.replace_graph(extraction_graph(changed_extraction(), INGESTED_AT))
    assert canonical(store) == expected(changed_extraction(), *corpus_extractions)


def _ordered(g: DigestGraph) -> tuple[Any, ...]:
    """A digest's property graph with its lists in one order (the order of rows is not data)."""
    return (g.digest, *(sorted(map(repr, items)) for items in (g.stories, g.mentions, g.facts, g.events)))


@pytest.mark.parametrize("make", [sample_extraction, other_extraction, changed_extraction])
def test_the_property_graph_of_an_extraction_reads_back_from_its_quads(make, corpus_extractions):
    """``extraction_graph`` holds the values the quads give back (confidence rounded as stored, dates
    as calendar dates, sorted aliases), so either path writes the same graph; on sample digests too."""
    made = make()
    made.triples[0] = replace(made.triples[0], confidence=2 / 3)  # stored as 0.667
    for x in (made, *corpus_extractions):
        g = extraction_graph(x, INGESTED_AT)
        assert _ordered(from_quads(g.digest.iri, extraction_quads(x, INGESTED_AT))) == _ordered(g)
        assert g.facts and g.mentions


def test_reingest_changes_nothing(store, corpus_extractions):
    for x in corpus_extractions:
        ingest(store, x)
    before, quads = shape(store), canonical(store)
    for x in corpus_extractions:
        ingest(store, x)
    assert shape(store) == before
    assert canonical(store) == quads
    if "cypher" in store.capabilities:  # the property graph itself: nodes and relationships
        nodes = store.cypher("MATCH (n) RETURN count(n)").rows
        rels = store.cypher("MATCH ()-[r]->() RETURN count(r)").rows
        ingest(store, corpus_extractions[0])
        assert store.cypher("MATCH (n) RETURN count(n)").rows == nodes
        assert store.cypher("MATCH ()-[r]->() RETURN count(r)").rows == rels


def test_a_changed_digest_replaces_its_facts(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    ingest(store, changed_extraction())
    assert canonical(store) == expected(changed_extraction(), other_extraction())
    assert store.find_entities({"beijing"}) == []  # no other digest mentions it: gone
    tiktok = store.entity_facts(TIKTOK)  # still in the other digest, without the old digest's owner
    assert [(f.direction, f.predicate, f.other_label) for f in tiktok.facts] == [("out", "operatesIn", "Brazil")]
    assert store.digest_stamp(str(digest_iri(changed_extraction().digest))) == \
        (changed_extraction().digest.content_hash, VERSION, MIN_CONFIDENCE)


def test_remove_a_digest(store):
    d = ingest(store, sample_extraction())
    ingest(store, other_extraction())
    assert store.remove_digest(d) is True
    assert store.remove_digest(d) is False
    assert canonical(store) == expected(other_extraction())
    assert [x["doc"] for x in store.digests()] == ["digest-16.txt"]


def test_entity_lookup_with_evidence(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    assert store.find_entities({"字节跳动"}) == [{"iri": BYTEDANCE, "name": "ByteDance", "type": "Company"}]
    assert store.find_entities({"samr", "nobody"}) == [
        {"iri": SAMR, "name": "State Administration for Market Regulation", "type": "GovernmentBody"}]
    assert store.entity_aliases(BYTEDANCE) == ["字节跳动"]
    page = store.entity_facts(BYTEDANCE)
    assert (page.total, page.statements, page.offset) == (5, 5, 0)
    # by predicate, outgoing first, then by name; each fact with the stories that state it
    assert [(f.direction, f.predicate, f.other_label, f.other_type, f.stated, [s.date for s in f.sources])
            for f in page.facts] == [
        ("out", "basedIn", "Beijing", "Place", 1, ["2021-09-14"]),
        ("out", "owns", "Douyin", "Product", 1, ["2021-09-14"]),
        ("out", "owns", "TikTok", "Product", 1, ["2021-09-14"]),
        ("in", "partnersWith", "Oracle", "Company", 1, ["2021-09-21"]),
        ("in", "penalizes", "State Administration for Market Regulation", "GovernmentBody", 1, ["2021-09-14"]),
    ]
    digest = str(digest_iri(sample_extraction().digest))
    story = str(story_iri(digest, 1))
    assert page.facts[-1] == EntityFact(
        "in", "penalizes", SAMR, "State Administration for Market Regulation", "GovernmentBody", 1,
        (FactSource(str(statement_iri(story, SAMR, "https://digestkg.org/ontology#penalizes", BYTEDANCE)), EVIDENCE,
                    0.9, story, 1, "SAMR Fines ByteDance", digest, "digest-15.txt", "Tech Digest",
                    "https://example.com/digest/15", "2021-09-14"),))
    assert page.facts[3].sources[0].source_url is None  # the other digest has no URL
    assert [n[:3] for n in page.neighbours] == [f[:3] for f in page.facts]


def test_entity_facts_are_read_a_page_at_a_time(store):
    """offset and limit cut the facts, ``sources`` the statements read under each; the counts stay whole."""
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    whole = store.entity_facts(BYTEDANCE)
    page = store.entity_facts(BYTEDANCE, offset=1, limit=2, sources=0)
    assert (page.total, page.statements, page.offset) == (5, 5, 1)
    assert [(f.predicate, f.other_label, f.stated, f.sources) for f in page.facts] == [
        ("owns", "Douyin", 1, ()), ("owns", "TikTok", 1, ())]
    assert page.neighbours == whole.neighbours
    assert store.entity_facts(BYTEDANCE, offset=5, limit=100).facts == []
    assert store.entity_facts(BYTEDANCE + "-nobody").total == 0


def test_a_fact_stated_in_several_stories_is_one_row_newest_first(store):
    """The same fact read in two digests: one row, stated twice, the newer digest's sentence first; capped
    at one source, the newer alone, still stated twice."""
    ingest(store, sample_extraction())
    x = sample_extraction()
    ingest(store, replace(x, digest=replace(x.digest, doc="later.txt", date="2022-01-05", source_url=None)))
    [owns] = [f for f in store.entity_facts(BYTEDANCE).facts if f.other_label == "TikTok"]
    assert owns.stated == 2 and [s.doc for s in owns.sources] == ["later.txt", "digest-15.txt"]
    [capped] = [f for f in store.entity_facts(BYTEDANCE, sources=1).facts if f.other_label == "TikTok"]
    assert capped.stated == 2 and [s.doc for s in capped.sources] == ["later.txt"]
    assert store.statement_count(BYTEDANCE) == 8


def test_wikidata_ids(store):
    ingest(store, sample_extraction())
    assert store.entity_wikidata(BYTEDANCE) == "Q55606379"
    assert store.entity_wikidata(SAMR) is None and store.entity_wikidata(BYTEDANCE + "-nobody") is None


def test_the_state_token_changes_with_every_write(store):
    """What caches of pages are keyed by: a new, changed or removed digest gives a new token."""
    first = store.state()
    assert store.state() == first
    d = ingest(store, sample_extraction())
    added = store.state()
    assert added != first and store.state() == added
    ingest(store, other_extraction())
    other = store.state()
    ingest(store, changed_extraction())  # the first digest, changed
    changed = store.state()
    assert len({first, added, other, changed}) == 4
    store.remove_digest(d)
    assert store.state() not in (added, changed)


def test_events_newest_first(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    events = store.events()
    assert [(e.kind, e.date, e.agent_label, e.object_label) for e in events] == [
        ("Expansion", "2021-09-20", "TikTok", "Brazil"),
        ("Penalty", "2021-09-14", "State Administration for Market Regulation", "ByteDance")]
    fine = events[1]
    assert (fine.amount, fine.agent, fine.agent_type, fine.object_type, fine.evidence, fine.story_number,
            fine.digest, fine.doc, fine.source_url) == (
        "18.23 billion yuan", SAMR, "GovernmentBody", "Company", EVIDENCE, 1,
        str(digest_iri(sample_extraction().digest)), "digest-15.txt", "https://example.com/digest/15")
    assert store.events(BYTEDANCE) == [fine] and store.events(SAMR) == [fine]
    assert store.events(limit=1) == events[:1] and store.events(DOUYIN) == []


def test_the_latest_digests_newest_first(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    every = sorted(store.digests(), key=lambda d: (d["date"] or "", d["doc"] or ""), reverse=True)
    assert len(every) == 2 and store.digests(latest=1) == every[:1] and store.digests(latest=5) == every
    assert store.counts()["facts"] == sum(store.counts()["facts_by_predicate"].values())


def test_a_digest_stories_mentions_and_facts(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    d = str(digest_iri(sample_extraction().digest))
    stories = store.digest_stories(d)
    assert [(s.iri, s.number, s.headline) for s in stories] == [
        (f"{d}/story/1", 1, "SAMR Fines ByteDance"), (f"{d}/story/2", 2, "ByteDance's Apps")]
    assert stories[1].text == "ByteDance owns Douyin and TikTok.\n\nByteDance is based in Beijing."
    mentions = store.digest_mentions(d)
    assert [(m.story[len(d):], m.label) for m in mentions] == [
        ("/story/1", "ByteDance"), ("/story/1", "State Administration for Market Regulation"),
        ("/story/2", "Beijing"), ("/story/2", "ByteDance"), ("/story/2", "Douyin"), ("/story/2", "TikTok")]
    assert mentions[1] == MentionRow(f"{d}/story/1", SAMR, "State Administration for Market Regulation",
                                     "GovernmentBody", ("SAMR", "State Administration for Market Regulation"))
    facts = store.digest_facts(d)
    assert [(f.story_number, f.subject, f.predicate, f.object, f.confidence) for f in facts] == [
        (1, SAMR, "penalizes", BYTEDANCE, 0.9), (2, BYTEDANCE, "basedIn", BEIJING, 0.7),
        (2, BYTEDANCE, "owns", DOUYIN, 0.95), (2, BYTEDANCE, "owns", TIKTOK, 0.8)]
    assert facts[0].evidence == EVIDENCE and {(f.digest, f.date, f.source_url) for f in facts} == {
        (d, "2021-09-14", "https://example.com/digest/15")}
    assert store.digest_stories("https://example.org/none") == store.digest_facts("https://example.org/none") == []


def test_names_for_search(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    names = store.entity_names()
    assert [n.iri for n in names] == sorted(n.iri for n in names) and len(names) == store.counts()["entities"]
    assert EntityNames(BYTEDANCE, "ByteDance", "Company", ("ByteDance", "字节跳动")) in names


def test_every_label_of_an_entity_names_it(store):
    """Stories may label one entity differently ("Yum! Brands" and "Yum Brands" share an IRI): each label finds
    it, and a label leaves with the last digest that gave it."""
    def partner(name: str, doc: str) -> str:
        x = other_extraction()
        fact = Triple(Entity(name, "Company"), "partnersWith", ORACLE, 1, f"{name} partners with Oracle.", 0.6)
        return ingest(store, replace(x, digest=replace(x.digest, doc=doc), triples=[fact]))

    marked = partner("Yum! Brands", "digest-16.txt")
    partner("Yum Brands", "digest-17.txt")
    iri = str(entity_iri("Yum Brands", "Company"))
    assert {n.iri: n for n in store.entity_names()}[iri] == EntityNames(iri, "Yum Brands", "Company",
                                                                        ("Yum Brands", "Yum! Brands"))
    assert store.find_entities({"yum! brands"}) == [{"iri": iri, "name": "Yum Brands", "type": "Company"}]
    store.remove_digest(marked)
    assert {n.iri: n for n in store.entity_names()}[iri].names == ("Yum Brands",)
    assert store.find_entities({"yum! brands"}) == []


def test_neighbours(store):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    near = store.neighbours(BYTEDANCE)
    assert [(n["name"], n["distance"]) for n in near] == [
        ("Beijing", 1), ("Douyin", 1), ("Oracle", 1), ("State Administration for Market Regulation", 1),
        ("TikTok", 1)]
    two = store.neighbours(BYTEDANCE, depth=2)
    assert two[-1] == {"iri": BRAZIL, "name": "Brazil", "type": "Place", "distance": 2}
    owned = store.neighbours(BYTEDANCE, depth=3, predicates=["owns"])
    assert [n["name"] for n in owned] == ["Douyin", "TikTok"]


def test_paths(store, corpus_extractions):
    ingest(store, sample_extraction())
    ingest(store, other_extraction())
    path = store.shortest_path(SAMR, BRAZIL)
    assert [(x.subject_name, x.predicate, x.object_name) for x in path] == [
        ("State Administration for Market Regulation", "penalizes", "ByteDance"),
        ("ByteDance", "owns", "TikTok"), ("TikTok", "operatesIn", "Brazil")]
    assert store.shortest_path(SAMR, SAMR) == []
    assert store.shortest_path(SAMR, BRAZIL, predicates=["owns", "operatesIn"]) is None
    assert store.shortest_path(SAMR, BRAZIL, max_depth=2) is None
    # real data: every step is a stored fact, and the path joins its two ends
    for x in corpus_extractions:
        ingest(store, x)
    alipay, xhs = str(entity_iri("Alipay", "Product")), str(entity_iri("Xiaohongshu", "Product"))
    path = store.shortest_path(alipay, xhs)
    assert path and len(path) == 1 and (path[0].subject, path[0].predicate, path[0].object) == (
        alipay, "recruitsFrom", xhs)
    links = {(x.subject, x.predicate, x.object) for x in store.links({BYTEDANCE})}
    far = store.shortest_path(alipay, BYTEDANCE)
    assert far is not None and (far[-1].subject, far[-1].predicate, far[-1].object) in links


def test_exports_are_the_same_on_every_store(store, corpus_extractions):
    for x in corpus_extractions:
        ingest(store, x)
    with OxigraphStore() as reference:
        for x in corpus_extractions:
            ingest(reference, x)
        out: dict[str, bytes] = {}
        for fmt in ("graphml", "csv"):
            mine, theirs = io.BytesIO(), io.BytesIO()
            export(store, fmt, mine)
            export(reference, fmt, theirs)
            assert mine.getvalue() == theirs.getvalue(), fmt
            out[fmt] = mine.getvalue()
    rows = list(csv.DictReader(io.StringIO(out["csv"].decode("utf-8"))))
    assert any(r["subject"] == "ByteDance" and r["predicate"] == "releases"
               and r["object"] == "SDXL-Lightning" and "SDXL-Lightning" in r["evidence"] for r in rows)
