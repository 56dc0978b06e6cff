"""The graph layer: IRIs, an extraction as quads, and the Oxigraph store (replace, query, locks)."""

from __future__ import annotations

import doctest
import importlib
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from digestkg.graph.export import sorted_nquads
from digestkg.graph.iri import digest_iri, entity_iri, event_iri, slug, statement_iri, story_iri
from digestkg.graph.literals import date_literal, decimal_literal
from digestkg.graph.oxigraph import OxigraphStore
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import (
    QueryError,
    QueryResult,
    Store,
    StoreError,
    StoreLockedError,
    get_store_class,
    open_store,
    register,
    store_names,
)
from digestkg.graph.terms import to_ox
from digestkg.graph.testing import (
    EVIDENCE,
    INGESTED_AT,
    MIN_CONFIDENCE,
    VERSION,
    changed_extraction,
    other_extraction,
    sample_extraction,
)
from digestkg.ontology import ID, KG
from digestkg.ontology.model import Entity, Extraction, Triple
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
BYTEDANCE = URIRef("https://digestkg.org/id/company/bytedance")
DOUYIN = URIRef("https://digestkg.org/id/product/douyin")
TIKTOK = URIRef("https://digestkg.org/id/product/tiktok")
BEIJING = URIRef("https://digestkg.org/id/place/beijing")
SAMR = URIRef("https://digestkg.org/id/governmentbody/state-administration-for-market-regulation")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def x() -> Extraction:
    return sample_extraction()


@pytest.fixture
def store(tmp_path: Path):
    s = OxigraphStore(tmp_path / "store")
    yield s
    s.close()


def ingest(store: Store, x: Extraction) -> URIRef:
    d = digest_iri(x.digest)
    store.replace_digest(d, extraction_quads(x, INGESTED_AT))
    return d


def mentions_of(store: Store, iri: URIRef) -> list:
    return [q for q in store.quads() if iri in (q[0], q[2])]


# -- IRIs -------------------------------------------------------------------------------------------


def test_entity_iris_are_deterministic_slugs():
    assert entity_iri("ByteDance", "Company") == URIRef("https://digestkg.org/id/company/bytedance")
    assert entity_iri("ByteDance", "Company") == entity_iri("ByteDance", "Company")
    assert entity_iri("State Administration for Market Regulation", "GovernmentBody") == SAMR
    assert entity_iri("AT&T Inc.", "Company") == ID["company/at-t-inc"]
    assert entity_iri("TikTok", "Product") != entity_iri("TikTok", "Company")


def test_non_ascii_names_get_a_hash_suffix():
    iri = str(entity_iri("字节跳动", "Company"))
    assert re.fullmatch(r"https://digestkg\.org/id/company/-[0-9a-f]{10}", iri)
    assert entity_iri("字节跳动", "Company") != entity_iri("抖音", "Company")
    assert re.fullmatch(r"nestle-[0-9a-f]{10}", slug("Nestlé"))
    assert slug("Nestlé") != slug("Nestle")
    # NFC and NFD spellings are the same name
    assert slug("Nestle\u0301") == slug("Nestlé")
    assert re.fullmatch(r"-[0-9a-f]{10}", slug("!!!"))


def test_digest_story_statement_and_event_iris(x):
    d = digest_iri(x.digest)
    assert re.fullmatch(r"https://digestkg\.org/id/digest/[0-9a-f]{16}", str(d))
    assert digest_iri(other_extraction().digest) != d  # no URL: from the document name
    s3 = story_iri(d, 3)
    assert s3 == URIRef(f"{d}/story/3")
    st = statement_iri(s3, BYTEDANCE, KG.owns, DOUYIN)
    assert re.fullmatch(re.escape(f"{s3}/fact/") + "[0-9a-f]{12}", str(st))
    assert st == statement_iri(s3, BYTEDANCE, KG.owns, DOUYIN)
    assert st != statement_iri(s3, DOUYIN, KG.owns, BYTEDANCE)
    ev = event_iri(s3, "Penalty", SAMR, BYTEDANCE)
    assert re.fullmatch(re.escape(f"{s3}/event/") + "[0-9a-f]{12}", str(ev))
    assert ev == event_iri(s3, "Penalty", SAMR, BYTEDANCE) != event_iri(s3, "Ban", SAMR, BYTEDANCE)


# -- an extraction as quads ------------------------------------------------------------------------------


def test_extraction_quads_are_sorted_deterministic_and_blank_free(x):
    quads = extraction_quads(x, INGESTED_AT)
    assert quads == extraction_quads(sample_extraction(), INGESTED_AT)
    assert quads == sorted(quads, key=lambda q: (q[3].n3(), q[0].n3(), q[1].n3(), q[2].n3()))
    assert len(set(quads)) == len(quads)
    assert not any(isinstance(t, BNode) for q in quads for t in q)
    d = digest_iri(x.digest)
    assert {q[3] for q in quads} == {d, story_iri(d, 1), story_iri(d, 2)}


def test_extraction_quads_content(x):
    quads = set(extraction_quads(x, INGESTED_AT))
    d = digest_iri(x.digest)
    s1, s2 = story_iri(d, 1), story_iri(d, 2)
    assert (d, RDF.type, KG.Digest, d) in quads
    assert (d, KG.sourceUrl, Literal("https://example.com/digest/15", datatype=XSD.anyURI), d) in quads
    assert (d, KG.editionDate, date_literal("2021-09-14"), d) in quads
    assert (d, KG.contentHash, Literal(x.digest.content_hash), d) in quads
    assert (s2, KG.inDigest, d, s2) in quads
    assert (s2, KG.storyNumber, Literal(2), s2) in quads
    assert (s2, KG.headline, Literal("ByteDance's Apps"), s2) in quads
    # entity descriptions live in every story graph that mentions them
    for s in (s1, s2):
        assert (s, KG.mentions, BYTEDANCE, s) in quads
        assert (BYTEDANCE, RDF.type, KG.Company, s) in quads
        assert (BYTEDANCE, RDFS.label, Literal("ByteDance"), s) in quads
        assert (BYTEDANCE, KG.alias, Literal("字节跳动", lang="zh-Hans"), s) in quads
        assert (BYTEDANCE, KG.wikidata, URIRef("http://www.wikidata.org/entity/Q55606379"), s) in quads
    assert (SAMR, KG.alias, Literal("SAMR"), s1) in quads
    # the fact, its statement and its event
    assert (BYTEDANCE, KG.owns, DOUYIN, s2) in quads
    assert (SAMR, KG.penalizes, BYTEDANCE, s1) in quads
    st = statement_iri(s1, SAMR, KG.penalizes, BYTEDANCE)
    assert {(p, o) for s, p, o, _ in quads if s == st} == {
        (RDF.type, KG.Statement), (KG.subject, SAMR), (KG.predicate, KG.penalizes), (KG.object, BYTEDANCE),
        (KG.evidence, Literal(EVIDENCE)), (KG.confidence, Literal("0.9", datatype=XSD.decimal)),
        (KG.extractorVersion, Literal("digestkg-extract/test")), (KG.inStory, s1),
    }
    ev = event_iri(s1, "Penalty", SAMR, BYTEDANCE)
    assert {(p, o) for s, p, o, _ in quads if s == ev} == {
        (RDF.type, KG.Event), (RDF.type, KG.Penalty), (KG.eventAgent, SAMR), (KG.eventObject, BYTEDANCE),
        (KG.eventDate, date_literal("2021-09-14")), (KG.amount, Literal("18.23 billion yuan")),
        (KG.inStory, s1), (KG.evidence, Literal(EVIDENCE)), (KG.fromStatement, st),
    }
    assert not any(q[1] == KG.ownedBy for q in quads)


def test_symmetric_facts_are_stored_once_and_duplicates_keep_the_best_statement():
    x = other_extraction()
    quads = extraction_quads(x, INGESTED_AT)
    partners = [q for q in quads if q[1] == KG.partnersWith]
    assert [(q[0], q[2]) for q in partners] == [(ID["company/oracle"], BYTEDANCE)]
    confidences = [q[2] for q in quads if q[1] == KG.confidence]
    assert Literal("0.6", datatype=XSD.decimal) in confidences
    assert Literal("0.5", datatype=XSD.decimal) not in confidences


def test_bad_extractions_are_refused(x):
    bad = Entity("Somewhere", "Planet")
    with pytest.raises(ValueError, match="unknown entity type"):
        extraction_quads(Extraction(x.digest, {1: [bad]}), INGESTED_AT)
    e = x.triples[1]
    with pytest.raises(ValueError, match="unknown predicate"):
        extraction_quads(Extraction(x.digest, {}, [Triple(e.subject, "likes", e.object, 2, "", 0.5)]),
                         INGESTED_AT)
    with pytest.raises(ValueError, match="story 9"):
        extraction_quads(Extraction(x.digest, {}, [Triple(e.subject, "owns", e.object, 9, "", 0.5)]),
                         INGESTED_AT)


def test_confidence_is_a_canonical_decimal():
    assert decimal_literal(0.87654) == Literal("0.877", datatype=XSD.decimal)
    assert decimal_literal(1) == Literal("1", datatype=XSD.decimal)
    assert decimal_literal(0.5) == Literal("0.5", datatype=XSD.decimal)


# -- the store -----------------------------------------------------------------------------------------


def test_the_store_keeps_exactly_the_quads(store, x):
    ingest(store, x)
    assert set(store.quads()) == set(extraction_quads(x, INGESTED_AT))
    assert len(store) == len(extraction_quads(x, INGESTED_AT))
    # the tricky literal survived the SPARQL UPDATE text exactly
    assert Literal(EVIDENCE) in {q[2] for q in store.quads() if q[1] == KG.evidence}


@pytest.mark.parametrize("text", [
    'quotes " and \' and """triple""" ', "new\nline\r\nand\ttab", "back\\slash \\u0022 \\n not escapes",
    "</script><script>alert(1)</script>", "字节跳动 😀 ‮rtl", "}} ; DROP ALL ; INSERT DATA {{", "\\",
])
def test_awkward_literals_survive(store, x, text):
    d = digest_iri(x.digest)
    quads = [(d, RDF.type, KG.Digest, d), (d, RDFS.comment, Literal(text), d),
             (d, RDFS.comment, Literal(text, lang="zh-Hans"), d)]
    store.replace_digest(d, quads)
    assert set(store.quads()) == set(quads)


def test_replace_twice_is_idempotent(store, x):
    ingest(store, x)
    ingest(store, other_extraction())
    before, n = sorted_nquads(store), len(store)
    ingest(store, sample_extraction())
    assert len(store) == n
    assert sorted_nquads(store) == before


def test_replace_with_a_changed_extraction_leaves_no_trace(store, x):
    d = ingest(store, x)
    ingest(store, other_extraction())
    assert mentions_of(store, BEIJING) and mentions_of(store, TIKTOK)
    old = store.digest_stamp(d)
    changed = changed_extraction()
    assert digest_iri(changed.digest) == d
    ingest(store, changed)
    assert store.digest_stamp(d) == (changed.digest.content_hash, VERSION, MIN_CONFIDENCE)
    assert old.content_hash != changed.digest.content_hash
    quads = set(store.quads())
    # the removed fact: neither the fact, nor its statement, nor anything naming it
    assert not any(q[1] == KG.owns and q[2] == TIKTOK for q in quads)
    assert not any(q[2] == TIKTOK and q[1] in (KG.object, KG.mentions) and str(q[3]).startswith(str(d))
                   for q in quads)
    # Beijing is mentioned nowhere any more: no orphan description is left
    assert mentions_of(store, BEIJING) == []
    # TikTok is still described by the other digest
    assert {(q[1], q[2]) for q in mentions_of(store, TIKTOK) if q[0] == TIKTOK} >= {
        (RDF.type, KG.Product), (RDFS.label, Literal("TikTok"))}
    # the store now holds exactly both extractions
    expected = {*extraction_quads(changed, INGESTED_AT), *extraction_quads(other_extraction(), INGESTED_AT)}
    assert quads == expected


def union_of(store: Store) -> set:
    return set(store.query("CONSTRUCT WHERE { ?s ?p ?o }", limit=None).graph)


def test_the_query_union_follows_every_change(store, x):
    assert union_of(store) == set()
    d = ingest(store, x)
    other = ingest(store, other_extraction())
    assert union_of(store) == {q[:3] for q in store.quads()}
    ingest(store, changed_extraction())
    assert union_of(store) == {q[:3] for q in store.quads()}
    # ByteDance's description is still held by the other digest, Beijing's by none
    assert (BYTEDANCE, RDF.type, KG.Company) in union_of(store)
    assert not any(BEIJING in t for t in union_of(store))
    store.remove_digest(other)
    assert union_of(store) == {q[:3] for q in store.quads()}
    store.remove_digest(d)
    assert union_of(store) == set() and len(store) == 0
    n = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(n) == 0


def test_a_store_without_the_union_gets_it_on_open(tmp_path, x):
    import pyoxigraph as ox

    path = tmp_path / "kg"
    raw = ox.Store(str(path))  # written by other code: named graphs only
    raw.extend(ox.Quad(*(to_ox(t) for t in q)) for q in extraction_quads(x, INGESTED_AT))
    del raw
    with OxigraphStore(path, read_only=True) as r:  # cannot build it: the bag union still answers
        assert r.query("ASK { kgid:company\\/bytedance kg:owns kgid:product\\/douyin }").boolean
    with OxigraphStore(path) as s:
        assert union_of(s) == {q[:3] for q in s.quads()}
        assert len(s) == len(extraction_quads(x, INGESTED_AT))


def test_remove_digest(store, x):
    d = ingest(store, x)
    other = ingest(store, other_extraction())
    only_other = sorted_nquads(store_with(other_extraction()))
    assert store.remove_digest(d) is True
    assert store.remove_digest(d) is False
    assert store.digest_stamp(d) is None
    assert sorted_nquads(store) == only_other
    assert store.remove_digest(other) is True
    assert len(store) == 0 and sorted_nquads(store) == ""


def store_with(*xs: Extraction) -> OxigraphStore:
    s = OxigraphStore()
    for x in xs:
        ingest(s, x)
    return s


def test_digests_and_hashes(store, x):
    assert store.digests() == [] and store.digest_stamp(digest_iri(x.digest)) is None
    ingest(store, other_extraction())
    d = ingest(store, x)
    ds = store.digests()
    assert [e["doc"] for e in ds] == ["digest-15.txt", "digest-16.txt"]  # by date
    first = ds[0]
    assert first["iri"] == str(d)
    assert first["title"] == "Tech Digest" and first["date"] == "2021-09-14"
    assert first["source_url"] == "https://example.com/digest/15" and first["stories"] == 2
    assert ds[1]["source_url"] is None and ds[1]["stories"] == 1
    assert store.digest_stamp(d) == (x.digest.content_hash, VERSION, MIN_CONFIDENCE)
    assert store.digest_stamp(digest_iri(other_extraction().digest)).min_confidence is None


def test_replace_is_all_or_nothing(store, x, monkeypatch):
    ingest(store, x)
    before = sorted_nquads(store)
    build = OxigraphStore._replace_update

    def failing(self, digest_iri, drop, quads):  # the request fails after its drops and inserts ran
        return build(self, digest_iri, drop, quads) + " ;\nDROP GRAPH <urn:digestkg:test:missing>"

    monkeypatch.setattr(OxigraphStore, "_replace_update", failing)
    with pytest.raises(StoreError, match="could not store digest"):
        ingest(store, changed_extraction())
    with pytest.raises(StoreError):
        store.remove_digest(digest_iri(x.digest))
    monkeypatch.undo()
    assert sorted_nquads(store) == before


def test_invalid_quads_are_refused_before_anything_changes(store, x):
    d = ingest(store, x)
    before = sorted_nquads(store)
    good = extraction_quads(changed_extraction(), INGESTED_AT)
    with pytest.raises(StoreError, match="cannot store"):
        store.replace_digest(d, [*good, (URIRef("http://bad iri/x"), RDF.type, KG.Company, d)])
    with pytest.raises(ValueError, match="does not belong"):
        store.replace_digest(d, [*good, (BYTEDANCE, RDF.type, KG.Company, URIRef("urn:elsewhere"))])
    with pytest.raises(ValueError, match="blank nodes"):
        store.replace_digest(d, [*good, (BNode(), RDF.type, KG.Company, d)])
    assert sorted_nquads(store) == before


def test_persistence_across_close_and_reopen(tmp_path, x):
    path = tmp_path / "kg"
    with OxigraphStore(path) as s:
        ingest(s, x)
        before = sorted_nquads(s)
    with pytest.raises(StoreError, match="closed"):
        len(s)
    with OxigraphStore(path, read_only=True) as s:
        assert sorted_nquads(s) == before
        with pytest.raises(StoreError, match="read-only"):
            s.remove_digest(digest_iri(x.digest))
    with open_store("oxigraph", path=path) as s:
        assert sorted_nquads(s) == before


def test_read_only_open_of_a_missing_store_is_empty(tmp_path):
    with OxigraphStore(tmp_path / "new", read_only=True) as s:
        assert len(s) == 0 and s.digests() == []


def test_as_dataset_sees_the_same_data(store, x):
    d = ingest(store, x)
    ds = store.as_dataset()
    named = [q for q in ds.quads((None, None, None, None)) if q[3] != DATASET_DEFAULT_GRAPH_ID]
    assert len(named) == len(store)
    assert len(ds.default_graph) == len({q[:3] for q in store.quads()})  # the union, as a set
    assert (BYTEDANCE, KG.owns, DOUYIN) in ds.default_graph
    assert (BYTEDANCE, KG.owns, DOUYIN) in ds.graph(story_iri(d, 2))


# -- queries --------------------------------------------------------------------------------------------


def test_select_ask_construct_over_the_union(store, x):
    ingest(store, x)
    ingest(store, other_extraction())
    r = store.query("SELECT ?o WHERE { kgid:company\\/bytedance kg:owns ?o } ORDER BY ?o")
    assert isinstance(r, QueryResult) and r.kind == "select" and r.vars == ["o"]
    assert r.rows == [(DOUYIN,), (TIKTOK,)] and not r.truncated
    # prefixes declared in the query win over the built-in ones
    r = store.query("PREFIX k: <https://digestkg.org/ontology#> "
                    "SELECT DISTINCT ?l WHERE { ?x a k:Product ; rdfs:label ?l } ORDER BY ?l")
    assert [row[0] for row in r.rows] == [Literal("Douyin"), Literal("TikTok")]
    # the union is a set: TikTok's type is in two story graphs but matches once
    r = store.query("SELECT ?x ?l WHERE { ?x a kg:Product ; rdfs:label ?l } ORDER BY ?x")
    assert r.rows == [(DOUYIN, Literal("Douyin")), (TIKTOK, Literal("TikTok"))]
    r = store.query("SELECT ?g WHERE { GRAPH ?g { kgid:product\\/tiktok a kg:Product } }")
    assert len(r.rows) == 2
    ask = store.query(f"ASK {{ <{SAMR}> kg:penalizes <{BYTEDANCE}> }}")
    assert ask.kind == "ask" and ask.boolean is True
    assert store.query("ASK { ?x kg:sues ?y }").boolean is False
    c = store.query("CONSTRUCT { ?s kg:owns ?o } WHERE { ?s kg:owns ?o }")
    assert c.kind == "graph" and set(c.graph) == {(BYTEDANCE, KG.owns, DOUYIN), (BYTEDANCE, KG.owns, TIKTOK)}
    d = store.query(f"DESCRIBE <{DOUYIN}>")
    assert d.kind == "graph" and (DOUYIN, RDFS.label, Literal("Douyin")) in d.graph


def test_result_formats(store, x):
    ingest(store, x)
    r = store.query("SELECT ?s ?conf ?missing WHERE { ?st kg:subject ?s ; kg:confidence ?conf ; "
                    "kg:predicate kg:penalizes . OPTIONAL { ?st kg:nothing ?missing } }")
    assert r.rows == [(SAMR, Literal("0.9", datatype=XSD.decimal), None)]
    j = r.to_json()
    assert j == {
        "head": {"vars": ["s", "conf", "missing"]},
        "results": {"bindings": [{
            "s": {"type": "uri", "value": str(SAMR)},
            "conf": {"type": "literal", "value": "0.9", "datatype": str(XSD.decimal)},
        }]},
    }
    json.dumps(j)
    assert r.to_csv().splitlines() == ["s,conf,missing", f"{SAMR},0.9,"]
    table = r.to_table().splitlines()
    assert table[0].split() == ["s", "|", "conf", "|", "missing"]
    assert table[2].startswith("gov:state-administration-for-market-regulation | 0.9")
    ask = store.query("ASK { ?s ?p ?o }")
    assert ask.to_json() == {"head": {}, "boolean": True}
    assert ask.to_table() == "true"
    ev = store.query('SELECT ?e WHERE { ?s kg:evidence ?e FILTER(CONTAINS(?e, "字节")) } LIMIT 1')
    assert ev.rows[0][0] == Literal(EVIDENCE)
    assert ev.to_json()["results"]["bindings"][0]["e"] == {"type": "literal", "value": EVIDENCE}
    assert "\n" not in ev.to_table().splitlines()[2]


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x>",
    "CLEAR ALL", "DROP ALL", "drop graph <urn:g>", "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>", "MOVE <urn:a> TO <urn:b>", "COPY <urn:a> TO <urn:b>",
    "PREFIX ex: <http://ex/> # comment\nINSERT DATA { ex:a ex:b ex:c }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
])
def test_updates_are_refused(store, x, update):
    ingest(store, x)
    before = sorted_nquads(store)
    with pytest.raises(QueryError, match="updates are not allowed") as e:
        store.query(update)
    assert "\n" not in str(e.value)
    assert sorted_nquads(store) == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE ?endpoint { ?s ?p ?o } }",
])
def test_service_is_refused(store, query):
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        store.query(query)


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "INSERT DATA DROP ALL SERVICE" }',
    "SELECT ?drop ?load WHERE { ?drop ?service ?load } # DELETE everything",
    "PREFIX drop: <http://ex/> SELECT * WHERE { ?s drop:service ?o . ?s <http://ex/LOAD> ?o }",
    "SELECT * WHERE { ?s ?p 'clear'@en }",
])
def test_keywords_in_strings_names_and_comments_are_fine(store, query):
    assert store.query(query).rows == []


@pytest.mark.parametrize("query", ["SELECT ?s WHERE { ?s ?p ", "SELEKT * WHERE {}", "", "   \n"])
def test_malformed_queries(store, query):
    with pytest.raises(QueryError, match=r"^malformed SPARQL: ") as e:
        store.query(query)
    assert "\n" not in str(e.value)


def test_the_limit_truncates(store, x):
    ingest(store, x)
    n = len({q[:3] for q in store.quads()})
    r = store.query("SELECT * WHERE { ?s ?p ?o }", limit=5)
    assert len(r.rows) == 5 and r.truncated
    assert "truncated" in r.to_table()
    r = store.query("SELECT * WHERE { ?s ?p ?o }", limit=n)
    assert len(r.rows) == n and not r.truncated
    r = store.query("CONSTRUCT WHERE { ?s ?p ?o }", limit=3)
    assert len(r.graph) == 3 and r.truncated
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }", limit=None).rows) == n


def test_the_timeout_stops_a_query(store, x):
    ingest(store, x)
    with pytest.raises(QueryError, match="longer than"):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", timeout=1e-9)
    assert store.query("SELECT * WHERE { ?a ?b ?c }", timeout=None).rows


# -- locking --------------------------------------------------------------------------------------------


def open_in_subprocess(path: Path, read_only: bool = False, wait: float = 0.5) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(f"""
        import sys
        from digestkg.graph import oxigraph
        from digestkg.graph.store import StoreLockedError
        oxigraph.WRITER_WAIT = {wait!r}
        try:
            with oxigraph.OxigraphStore({str(path)!r}, read_only={read_only!r}) as s:
                print("opened", len(s))
        except StoreLockedError as e:
            print(e)
            sys.exit(3)
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=REPO)


def test_a_second_writer_waits_then_gets_a_clear_lock_error(tmp_path, x):
    path = tmp_path / "kg"
    msg = (f"the store at {path} is in use by another kg process (pid {os.getpid()}); "
           "try again when it finishes")
    with OxigraphStore(path) as s:
        ingest(s, x)
        n = len(s)
        t0 = time.monotonic()
        proc = open_in_subprocess(path, wait=1.0)
        assert proc.returncode == 3, proc.stderr
        assert proc.stdout.strip() == msg
        assert time.monotonic() - t0 >= 1.0  # it waited for its turn first
    # released on close: another process can write it now
    proc = open_in_subprocess(path)
    assert proc.returncode == 0 and proc.stdout.split() == ["opened", str(n)], proc.stderr


def test_readers_never_wait_for_a_writer_and_see_what_it_published(tmp_path, x):
    path = tmp_path / "kg"
    with OxigraphStore(path) as s:  # a new store: the writer publishes it empty at once
        proc = open_in_subprocess(path, read_only=True)
        assert proc.returncode == 0 and proc.stdout.split() == ["opened", "0"], proc.stderr
        with OxigraphStore(path, read_only=True) as r:
            ingest(s, x)
            n = len(s)
            assert len(r) == 0  # a reader keeps the state it opened, whole
        s._publish()
        proc = open_in_subprocess(path, read_only=True)
        assert proc.stdout.split() == ["opened", str(n)], proc.stderr
        with OxigraphStore(path, read_only=True) as r:
            assert len(r) == n and r.digests() == s.digests()
    # a writer in another process meanwhile: readers still open and read
    with OxigraphStore(path, read_only=True) as r:
        proc = open_in_subprocess(path)
        assert proc.returncode == 0 and proc.stdout.split() == ["opened", str(n)], proc.stderr
        assert len(r) == n


def test_snapshots_are_collected_when_no_reader_holds_them(tmp_path, x):
    from digestkg.graph.snapshots import snapshot_root

    path = tmp_path / "kg"
    with OxigraphStore(path) as s:
        r = OxigraphStore(path, read_only=True)
        ingest(s, x)
        s._publish()
        s._publish()
        snaps = sorted(p.name for p in snapshot_root(path).iterdir() if p.is_dir())
        assert len(snaps) == 2  # the current one and the one the reader holds
        r.close()
        s._publish()
        assert len([p for p in snapshot_root(path).iterdir() if p.is_dir()]) == 1


def test_a_second_writer_in_the_same_process_is_refused(tmp_path, monkeypatch):
    from digestkg.graph import oxigraph

    monkeypatch.setattr(oxigraph, "WRITER_WAIT", 0.2)
    with OxigraphStore(tmp_path / "kg"):
        with pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"):
            OxigraphStore(tmp_path / "kg")
    OxigraphStore(tmp_path / "kg").close()


# -- the registry ----------------------------------------------------------------------------------------


def test_registry_imports_backends_lazily():
    assert "oxigraph" in store_names()
    cls = get_store_class("oxigraph")
    assert cls is OxigraphStore and cls.name == "oxigraph"
    assert {"sparql", "named_graphs", "transactions", "persistent"} <= cls.capabilities
    assert "cypher" not in cls.capabilities
    with pytest.raises(StoreError, match="unknown store"):
        get_store_class("nope")
    register("future", "digestkg.graph.no_such_backend:FutureStore")
    try:
        with pytest.raises(StoreError, match="not available"):
            open_store("future")
    finally:
        from digestkg.graph import store as store_module

        store_module._REGISTRY.pop("future")
    with open_store() as s:
        assert isinstance(s, Store) and len(s) == 0


def test_register_decorator_checks_the_class():
    with pytest.raises(TypeError):
        register("bad")(dict)

    class Odd(OxigraphStore):
        capabilities = frozenset({"teleport"})

    with pytest.raises(ValueError, match="unknown capabilities"):
        register("odd")(Odd)


@pytest.mark.parametrize(
    "module", ["iri", "rdf", "store", "result", "sparql", "oxigraph", "export", "network", "testing"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(f"digestkg.graph.{module}"))
    assert result.failed == 0


def test_a_hubs_newest_events_come_from_the_newest_dates(sample_graph, monkeypatch):
    """An entity with many events reads its timeline from the graph's newest dates (the window), else
    sorts its own: both give the same events, whatever the limit."""
    import digestkg.graph.oxigraph as oxigraph_store

    with OxigraphStore(sample_graph / "store", read_only=True) as store:
        counts: dict[str, int] = {}
        for e in store.events(limit=10000):
            for x in {e.agent, e.object}:
                counts[x] = counts.get(x, 0) + 1
        busy = sorted(x for x, n in counts.items() if n >= 3)
        assert len(busy) >= 3, counts
        sorted_own = {(x, n): store.events(x, limit=n) for x in busy for n in (1, 2, 5)}
        monkeypatch.setattr(oxigraph_store, "_MANY_EVENTS", 0)  # every entity takes the window
        assert {(x, n): store.events(x, limit=n) for x in busy for n in (1, 2, 5)} == sorted_own
        assert all(len(v) == min(n, counts[x]) for (x, n), v in sorted_own.items())
