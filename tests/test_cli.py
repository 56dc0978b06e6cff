"""The kg command end to end on the embedded store, with the sample digests (samples/)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from digestkg.graph.export import sorted_nquads
from digestkg.graph.testing import rdflib_form
from digestkg.loaders.digest import split_digest
from digestkg.loaders.extract import DEFAULT_MIN_CONFIDENCE
from digestkg.ontology.model import Source
from rdflib import Dataset, Graph

from digestkg.core import KnowledgeGraph

CONTRACT = {"kind", "doc", "story", "subject", "subject_type", "predicate", "object", "object_type",
            "evidence", "confidence"}


def _nquads(data_dir) -> str:
    with KnowledgeGraph(data_dir, read_only=True) as kg:
        return sorted_nquads(kg.store)


def test_extract_jsonl_follows_the_contract(runner, corpus):
    code, out, err = runner("extract", corpus / "seed-digest.txt", "--format", "jsonl")
    assert code == 0, err
    recs = [json.loads(line) for line in out.splitlines()]
    triples = [r for r in recs if r["kind"] == "triple"]
    ents = [r for r in recs if r["kind"] == "entity"]
    assert triples and ents
    assert all(CONTRACT <= r.keys() and r["doc"] == "seed-digest.txt" for r in triples)
    assert all({"kind", "doc", "name", "type"} <= r.keys() for r in ents)
    assert {"subject": "ByteDance", "predicate": "releases", "object": "SDXL-Lightning"}.items() <= next(
        r for r in triples if r["object"] == "SDXL-Lightning").items()


def test_min_confidence_filters(runner, corpus):
    _, all_out, _ = runner("extract", corpus / "seed-digest.txt", "--min-confidence", "0")
    _, none_out, _ = runner("extract", corpus / "seed-digest.txt", "--min-confidence", "1.01")
    assert sum('"triple"' in line for line in none_out.splitlines()) == 0
    assert sum('"triple"' in line for line in all_out.splitlines()) > 0


SDXL_EVIDENCE = ("ByteDance (字节跳动) released SDXL-Lightning this week, an open text-to-image model that "
                 "produces a picture in as few as one to eight steps instead of the usual dozens.")


def test_ingest_is_idempotent_and_queryable(runner, corpus, dev_digests, data_dir):
    code, out, err = runner("ingest", "--no-progress", corpus / "seed-digest.txt", *dev_digests[:3])
    assert code == 0, err
    assert out.startswith("ingested 4 digests:") and str(data_dir) in out
    assert "no date" not in out  # every sample digest has a Date: header line
    code, out, _ = runner("query", "PREFIX kg: <https://digestkg.org/ontology#> SELECT ?d ?s "
                          "WHERE { ?x kg:editionDate ?d ; kg:dateSource ?s } ORDER BY ?d", "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == [f"{d}T00:00:00Z,file" for d in (
        "2023-04-03", "2023-07-03", "2023-07-10", "2024-02-26")], out
    first = _nquads(data_dir)
    code, out, _ = runner("ingest", "--no-progress", corpus / "seed-digest.txt", *dev_digests[:3])
    assert code == 0 and "4 unchanged" in out
    assert _nquads(data_dir) == first

    code, out, _ = runner("query", "PREFIX kg: <https://digestkg.org/ontology#> SELECT ?o "
                          "WHERE { ?s kg:releases ?o ; rdfs:label 'ByteDance' }", "--format", "json")
    assert code == 0
    res = json.loads(out)
    assert res["head"]["vars"] == ["o"] and res["results"]["bindings"]
    code, out, _ = runner("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "n" and int(out.splitlines()[1]) > 100

    code, out, _ = runner("entity", "bytedance")
    assert code == 0
    assert "ByteDance [Company]" in out and "releases SDXL-Lightning" in out and "字节跳动" in out
    assert SDXL_EVIDENCE in out

    code, out, _ = runner("stats", "--format", "json")
    st = json.loads(out)
    stories = sum(len(split_digest(Source(p.name, p.read_text(encoding="utf-8"))).stories)
                  for p in [corpus / "seed-digest.txt", *dev_digests[:3]])
    assert st["digests"] == 4 and st["stories"] == stories == 16
    assert st["facts_by_predicate"]["releases"] >= 1


def test_ingest_after_an_extractor_upgrade_reads_again(kg, extractor, corpus):
    """A digest read by another extractor (other rules, table, confidences or pair model) is read again."""
    from digestkg.loaders.extract import Extractor
    from digestkg.loaders.relations import RULE_CONFIDENCE

    seed = [str(corpus / "seed-digest.txt")]
    assert kg.ingest(seed).digests == 1
    (d,) = kg.store.digests()
    assert kg.store.digest_stamp(d["iri"]).extractor_version == extractor.version
    state = kg.store.state()
    assert kg.ingest(seed).unchanged == 1 and kg.store.state() == state
    upgraded = Extractor(kg.table, pairs=extractor.pairs or False, rule_confidence={**RULE_CONFIDENCE, "verb": 0.77})
    upgraded.nlp = extractor.nlp
    assert upgraded.version != extractor.version
    kg._extractor = upgraded
    report = kg.ingest(seed)
    assert (report.unchanged, report.replaced) == (0, 1)
    assert kg.store.digest_stamp(d["iri"]).extractor_version == upgraded.version and kg.store.state() != state
    confidences = {r[0] for r in kg.query("PREFIX kg: <https://digestkg.org/ontology#> SELECT DISTINCT ?c "
                                          "WHERE { ?s kg:confidence ?c }").rows}
    assert 0.77 in {float(c) for c in confidences}
    assert kg.ingest(seed).unchanged == 1


def test_ingest_at_another_threshold_reads_again(kg, corpus):
    """A digest stored at one --min-confidence and ingested at another is read again at the new one."""
    seed = [str(corpus / "seed-digest.txt")]
    count = "PREFIX kg: <https://digestkg.org/ontology#> SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Statement }"
    assert kg.ingest(seed).digests == 1
    (d,) = kg.store.digests()
    assert kg.store.digest_stamp(d["iri"]).min_confidence == DEFAULT_MIN_CONFIDENCE
    default = int(kg.query(count).rows[0][0])
    report = kg.ingest(seed, min_confidence=0.8)
    assert (report.unchanged, report.replaced) == (0, 1)
    assert kg.store.digest_stamp(d["iri"]).min_confidence == 0.8
    assert 0 < int(kg.query(count).rows[0][0]) < default
    assert kg.ingest(seed, min_confidence=0.8).unchanged == 1
    assert kg.ingest(seed).replaced == 1 and int(kg.query(count).rows[0][0]) == default


def test_the_sample_graph_is_big_and_connected(sample_graph, sample_store):
    """What scripts/demo shows from samples/*.txt, on each store: every predicate, hub companies,
    companies joined through neighbours they share across digests."""
    from digestkg.ontology.model import PREDICATES

    with KnowledgeGraph(sample_graph, store=sample_store, read_only=True) as kg:
        st = kg.stats()
        assert st["digests"] == 15  # the 14 sample digests and the markup digest
        assert st["facts"] >= 150 and set(st["facts_by_predicate"]) == set(PREDICATES), st
        hubs = [n for n in ("Microsoft", "OpenAI", "Google", "Apple", "ByteDance", "Alphabet", "Meta Platforms")
                if kg.entity(n)["facts"].total >= 5]
        assert len(hubs) >= 5, hubs
        for a, b in [("Alipay", "ByteDance"), ("SoftBank Group", "Qualcomm"), ("Amazon", "Microsoft")]:
            path = kg.path(a, b)
            assert path and 2 <= len(path) <= 3, (a, b, path)


def test_reading_commands_say_the_same_on_both_stores(runner, sample_graph, neo4j_sample):
    """kg entity, stats and export over the sample graph on Oxigraph and copied into Neo4j."""
    for args in (["entity", "ByteDance"], ["entity", "支付宝", "--format", "json"], ["stats", "--format", "json"],
                 ["export", "--format", "csv"], ["export", "--format", "trig"], ["export", "--format", "jsonld"]):
        code, ox, err = runner("--data", sample_graph, *args)
        assert code == 0 and ox, err
        code, neo, err = runner("--data", sample_graph, "--store", "neo4j", *args)
        assert code == 0, err
        if args[0] == "stats":
            ox, neo = ({k: v for k, v in json.loads(out).items() if k not in ("store", "location")}
                       for out in (ox, neo))
        assert ox == neo, args


def test_changed_digest_replaces_its_facts(runner, corpus, tmp_path, data_dir):
    path = tmp_path / "weekly.txt"
    path.write_text((corpus / "seed-digest.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert runner("ingest", "--no-progress", path)[0] == 0
    with KnowledgeGraph(data_dir, read_only=True) as kg:
        assert kg.entity("SDXL-Lightning") is not None
    path.write_text("Weekly\n\n1. Meituan Buys Mobike\n\nMeituan acquired Mobike, the bike-sharing firm.\n",
                    encoding="utf-8")
    code, out, _ = runner("ingest", "--no-progress", path)
    assert code == 0 and "1 replaced" in out
    with KnowledgeGraph(data_dir, read_only=True) as kg:
        assert kg.entity("SDXL-Lightning") is None  # no orphan left behind
        assert kg.stats()["digests"] == 1
        facts = kg.entity("Meituan")["facts"].facts
        assert any(f.predicate == "acquires" for f in facts)
    assert runner("remove", "weekly.txt")[0] == 0
    assert _nquads(data_dir) == ""


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld", "trig", "nquads"])
def test_rdf_exports_parse_back_to_the_same_graph(runner, corpus, tmp_path, data_dir, fmt):
    runner("ingest", "--no-progress", corpus / "seed-digest.txt")
    out = tmp_path / f"graph.{fmt}"
    assert runner("export", "--format", fmt, "-o", out)[0] == 0
    with KnowledgeGraph(data_dir, read_only=True) as kg:
        quads = {rdflib_form(q) for q in kg.store.quads()}
    rdflib_fmt = {"rdfxml": "xml", "jsonld": "json-ld"}.get(fmt, fmt)
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(out, format=rdflib_fmt)
        assert {(s, p, o, g) for s, p, o, g in ds.quads() if g is not None} == quads
    else:
        g = Graph()
        g.parse(out, format=rdflib_fmt)
        assert set(g) == {(s, p, o) for s, p, o, _ in quads}
    if fmt in ("turtle", "trig"):
        assert "@prefix kg: <https://digestkg.org/ontology#>" in out.read_text(encoding="utf-8")


def test_graphml_and_csv_exports(runner, corpus, tmp_path):
    import csv

    import networkx as nx

    runner("ingest", "--no-progress", corpus / "seed-digest.txt")
    assert runner("export", "--format", "graphml", "-o", tmp_path / "g.graphml")[0] == 0
    g = nx.read_graphml(tmp_path / "g.graphml")
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert {"ByteDance", "SDXL-Lightning"} <= labels
    assert runner("export", "--format", "csv", "-o", tmp_path / "f.csv")[0] == 0
    rows = list(csv.DictReader((tmp_path / "f.csv").open(encoding="utf-8")))
    assert any(r["subject"] == "ByteDance" and r["predicate"] == "releases" for r in rows)



def test_bad_inputs_leave_the_store_as_it_was(runner, corpus, tmp_path, data_dir, free_port):
    runner("ingest", "--no-progress", corpus / "seed-digest.txt")
    before = _nquads(data_dir)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("T\n\n1. Caf\u00e9 Story\n\nA bought B.".encode() + b"\x81\x8d\x8f\x90\x9d\xff\xfe")
    nostories = tmp_path / "notes.txt"
    nostories.write_text("Just some notes.\n\nNo numbered stories here.\n")
    url = f"http://127.0.0.1:{free_port()}/digest.html"
    for bad in (empty, binary, latin, nostories, url):
        # a bad input next to a good one: nothing at all is written
        code, out, err = runner("ingest", "--no-progress", corpus / "weekly-2024-01-22.txt", bad)
        assert code == 1, (bad, out, err)
        lines = [ln for ln in err.splitlines() if ln.startswith("kg: error:")]
        assert len(lines) == 1 and str(bad).rsplit("/", 1)[-1] in lines[0], err
        assert _nquads(data_dir) == before, bad
    for query in ("SELECT ?s WHERE { ?s ?p ", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                  "DROP ALL", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"):
        code, _, err = runner("query", query)
        assert code == 1 and err.startswith("kg: error:") and len(err.strip().splitlines()) == 1, err
    assert _nquads(data_dir) == before


def test_data_dir_flag_and_second_writer(runner, corpus, tmp_path):
    other = tmp_path / "elsewhere"
    code, out, _ = runner("--data", str(other), "ingest", "--no-progress", corpus / "seed-digest.txt")
    assert code == 0 and str(other) in out
    with KnowledgeGraph(other) as kg:
        assert len(kg.store) > 0  # the store is open for writing while the second process tries
        proc = subprocess.run([sys.executable, "-m", "digestkg.cli", "ingest", "--no-progress",
                               "--data", str(other), str(corpus / "weekly-2024-01-22.txt")],
                              capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "in use by another kg process" in proc.stderr and "Traceback" not in proc.stderr


def test_select_star_columns_come_in_query_order(runner, sample_graph):
    query = "SELECT * WHERE { ?zz a kg:Company ; rdfs:label ?b } LIMIT 1"
    code, out, _ = runner("--data", sample_graph, "query", query, "--format", "json")
    assert code == 0 and json.loads(out)["head"]["vars"] == ["zz", "b"]
