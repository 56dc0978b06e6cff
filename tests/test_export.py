"""Exports (RDF formats, GraphML, CSV), sorted N-Quads and the networkx view."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from digestkg.graph.export import CSV_COLUMNS, FORMATS, export, sorted_nquads
from digestkg.graph.iri import digest_iri, story_iri
from digestkg.graph.network import to_networkx
from digestkg.graph.oxigraph import OxigraphStore
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.testing import EVIDENCE, INGESTED_AT, other_extraction, rdflib_form, sample_extraction
from rdflib import Dataset, Graph, URIRef

# rdflib's own TriG, N-Quads and JSON-LD parsers use its deprecated ConjunctiveGraph API
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(ConjunctiveGraph|default_context).*:DeprecationWarning")

RDF_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld",
               "trig": "trig", "nquads": "nquads"}
BYTEDANCE = "https://digestkg.org/id/company/bytedance"
DOUYIN = "https://digestkg.org/id/product/douyin"
TIKTOK = "https://digestkg.org/id/product/tiktok"
ORACLE = "https://digestkg.org/id/company/oracle"
SAMR = "https://digestkg.org/id/governmentbody/state-administration-for-market-regulation"


@pytest.fixture
def store(tmp_path: Path):
    s = OxigraphStore(tmp_path / "store")
    for x in (sample_extraction(), other_extraction()):
        s.replace_digest(digest_iri(x.digest), extraction_quads(x, INGESTED_AT))
    yield s
    s.close()


def exported(store, fmt: str, binary: bool = False) -> str:
    if binary:
        buf = io.BytesIO()
        export(store, fmt, buf)
        return buf.getvalue().decode("utf-8")
    text = io.StringIO()
    export(store, fmt, text)
    return text.getvalue()


def test_formats_table():
    assert set(FORMATS) == {"turtle", "ntriples", "rdfxml", "jsonld", "trig", "nquads", "graphml", "csv"}
    assert FORMATS["turtle"].extension == ".ttl" and FORMATS["turtle"].media_type == "text/turtle"
    assert FORMATS["jsonld"].media_type == "application/ld+json"
    assert all(f.extension.startswith(".") and "/" in f.media_type for f in FORMATS.values())
    assert {k for k, f in FORMATS.items() if f.dataset} == {"trig", "nquads"}


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_exports_parse_back_to_the_store(store, fmt, binary):
    data = exported(store, fmt, binary)
    quads = {rdflib_form(q) for q in store.quads()}
    if FORMATS[fmt].dataset:
        ds = Dataset()
        ds.parse(data=data, format=RDF_FORMATS[fmt])
        assert {(s, p, o, g) for s, p, o, g in ds.quads() if g is not None} == quads
    else:
        g = Graph()
        g.parse(data=data, format=RDF_FORMATS[fmt])
        assert set(g) == {(s, p, o) for s, p, o, _ in quads}


def test_rdf_exports_are_deterministic(store):
    for fmt in RDF_FORMATS:
        assert exported(store, fmt) == exported(store, fmt), fmt


def test_turtle_and_trig_use_the_ontology_prefixes(store):
    for fmt in ("turtle", "trig"):
        text = exported(store, fmt)
        assert "@prefix kg: <https://digestkg.org/ontology#> ." in text
        assert "kg:owns" in text and "kg:Company" in text
        assert "<https://digestkg.org/ontology#owns>" not in text
    assert 'xmlns:kg="https://digestkg.org/ontology#"' in exported(store, "rdfxml")


def test_jsonld_has_the_prefixes_in_its_context(store):
    doc = json.loads(exported(store, "jsonld"))
    assert doc["@context"]["kg"] == "https://digestkg.org/ontology#"
    assert doc["@context"]["kgid"] == "https://digestkg.org/id/"
    assert "kg:owns" in json.dumps(doc)


def test_empty_store_exports():
    with OxigraphStore() as empty:
        for fmt in RDF_FORMATS:
            g = Dataset() if FORMATS[fmt].dataset else Graph()
            g.parse(data=exported(empty, fmt) or " ", format=RDF_FORMATS[fmt])
            assert len(g) == 0
        assert exported(empty, "csv").splitlines() == [",".join(CSV_COLUMNS)]
        export(empty, "graphml", io.BytesIO())
        assert sorted_nquads(empty) == ""


def test_unknown_format(store):
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "yaml", io.StringIO())


def test_sorted_nquads(store):
    text = sorted_nquads(store)
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(store) and text.endswith(" .\n")
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    assert {(s, p, o, g) for s, p, o, g in ds.quads() if g is not None} == {rdflib_form(q) for q in store.quads()}
    # the same content in another store gives the same text
    with OxigraphStore() as other:
        for x in (other_extraction(), sample_extraction()):
            other.replace_digest(digest_iri(x.digest), extraction_quads(x, INGESTED_AT))
        assert sorted_nquads(other) == text


def test_csv_has_one_row_per_fact(store):
    rows = list(csv.DictReader(io.StringIO(exported(store, "csv"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 6  # 4 in the first digest, 2 in the second (the partnership once)
    pen = next(r for r in rows if r["predicate"] == "penalizes")
    assert pen["subject"] == "State Administration for Market Regulation"
    assert pen["subject_type"] == "GovernmentBody"
    assert (pen["object"], pen["object_type"]) == ("ByteDance", "Company")
    assert pen["confidence"] == "0.9" and pen["evidence"] == EVIDENCE
    assert pen["story"] == "1" and pen["digest"] == "digest-15.txt"
    assert pen["source_url"] == "https://example.com/digest/15" and pen["date"] == "2021-09-14"
    assert pen["subject_iri"] == SAMR and pen["object_iri"] == BYTEDANCE
    d = digest_iri(sample_extraction().digest)
    assert pen["story_iri"] == str(story_iri(d, 1)) and pen["digest_iri"] == str(d)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    other = [r for r in rows if r["digest"] == "digest-16.txt"]
    assert {r["predicate"] for r in other} == {"operatesIn", "partnersWith"}
    assert all(r["source_url"] == "" for r in other)
    # binary output is the same UTF-8 text
    assert exported(store, "csv", binary=True) == exported(store, "csv")


def test_networkx_view(store):
    g = to_networkx(store)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == 7  # every entity, with or without facts
    assert g.nodes[BYTEDANCE] == {"label": "ByteDance", "type": "Company", "wikidata": "Q55606379"}
    assert g.nodes[SAMR]["type"] == "GovernmentBody" and g.nodes[DOUYIN]["type"] == "Product"
    assert {(u, v, k) for u, v, k in g.edges(keys=True)} == {
        (SAMR, BYTEDANCE, "penalizes"), (BYTEDANCE, DOUYIN, "owns"), (BYTEDANCE, TIKTOK, "owns"),
        (BYTEDANCE, "https://digestkg.org/id/place/beijing", "basedIn"),
        (TIKTOK, "https://digestkg.org/id/place/brazil", "operatesIn"), (ORACLE, BYTEDANCE, "partnersWith"),
    }
    e = g.edges[SAMR, BYTEDANCE, "penalizes"]
    assert e["predicate"] == "penalizes" and e["confidence"] == pytest.approx(0.9)
    assert e["evidence"] == EVIDENCE and e["count"] == 1
    assert e["story"] == str(story_iri(digest_iri(sample_extraction().digest), 1))
    assert g.edges[ORACLE, BYTEDANCE, "partnersWith"]["confidence"] == pytest.approx(0.6)


def test_networkx_merges_a_fact_read_twice(store):
    x = sample_extraction()
    again = other_extraction()
    again.triples.append(type(x.triples[1])(x.triples[1].subject, "owns", x.triples[1].object, 1,
                                            "ByteDance still owns Douyin.", 0.99))
    store.replace_digest(digest_iri(again.digest), extraction_quads(again, INGESTED_AT))
    e = to_networkx(store).edges[BYTEDANCE, DOUYIN, "owns"]
    assert e["count"] == 2 and e["confidence"] == pytest.approx(0.99)
    assert e["evidence"] == "ByteDance owns Douyin and TikTok."  # from the earliest edition


def test_networkx_predicate_filter(store):
    g = to_networkx(store, predicates=["owns", URIRef("https://digestkg.org/ontology#penalizes")])
    assert {k for _, _, k in g.edges(keys=True)} == {"owns", "penalizes"}
    assert set(g.nodes) == {BYTEDANCE, DOUYIN, TIKTOK, SAMR}
    with pytest.raises(ValueError, match="unknown predicate"):
        to_networkx(store, predicates=["likes"])


def test_graphml_export(store, tmp_path):
    path = tmp_path / "g.graphml"
    with path.open("wb") as f:
        export(store, "graphml", f)
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 6
    assert g.nodes[BYTEDANCE]["label"] == "ByteDance" and g.nodes[BYTEDANCE]["type"] == "Company"
    assert {d["predicate"] for _, _, d in g.edges(data=True)} == {
        "penalizes", "owns", "basedIn", "operatesIn", "partnersWith"}
    ids = re.findall(r'<edge [^>]*\bid="([^"]*)"', path.read_text(encoding="utf-8"))
    assert len(ids) == 6 and len(set(ids)) == 6  # unique edge ids
    pen = next(d for _, _, d in g.edges(data=True) if d["predicate"] == "penalizes")
    assert pen["evidence"] == EVIDENCE and pen["confidence"] == pytest.approx(0.9)
    assert exported(store, "graphml", binary=True) == exported(store, "graphml")
