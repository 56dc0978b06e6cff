"""Neo4j end to end: the kg command against a real server, sync both ways, Cypher, bulk import."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import neo4j
import pytest
from digestkg.graph.export import sorted_nquads
from digestkg.graph.neo4j import Neo4jStore
from digestkg.graph.store import StoreError
from digestkg.graph.sync import sync

from digestkg.core import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus_files(corpus: Path, dev_digests: list[Path]) -> list[Path]:
    """The sample digests, the seed digest first."""
    return [corpus / "seed-digest.txt", *dev_digests]


def test_ingest_into_neo4j_is_idempotent(runner, neo4j_store, corpus_files, extractor):
    code, out, err = runner("--store", "neo4j", "ingest", "--no-progress", *corpus_files[:4])
    assert code == 0, err
    assert out.startswith("ingested 4 digests:") and "bolt://" in out
    counts = neo4j_store.cypher("MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() "
                                "RETURN nodes, count(r) AS rels").rows
    code, out, _ = runner("--store", "neo4j", "ingest", "--no-progress", *corpus_files[:4])
    assert code == 0 and "4 unchanged" in out
    assert neo4j_store.cypher("MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() "
                              "RETURN nodes, count(r) AS rels").rows == counts
    # every fact carries its evidence
    missing = neo4j_store.cypher(
        "MATCH (:Entity)-[r]->(:Entity) WHERE r.evidence IS NULL OR r.story IS NULL OR r.date IS NULL "
        "OR r.confidence IS NULL OR r.extractorVersion IS NULL OR r.statement IS NULL RETURN count(r)").rows
    assert missing == [(0,)]
    # every digest records the extractor that read it, which the next ingest compares
    assert neo4j_store.cypher("MATCH (d:Digest) RETURN DISTINCT d.extractorVersion").rows == [(extractor.version,)]
    code, out, _ = runner("--store", "neo4j", "entity", "alipay")
    assert code == 0 and "Alipay recruitsFrom Xiaohongshu" in out


def test_sync_both_ways_fact_by_fact(runner, neo4j_store, corpus_files, data_dir, tmp_path):
    assert runner("ingest", "--no-progress", *corpus_files)[0] == 0
    code, out, err = runner("sync", "--to", "neo4j", "--no-progress")
    assert code == 0, err
    assert out.startswith(f"synced {len(corpus_files)} digests")
    with KnowledgeGraph(data_dir, read_only=True) as rdf, \
            KnowledgeGraph(store="neo4j", read_only=True) as neo:
        a, b = rdf.stats(), neo.stats()
        assert {k: v for k, v in a.items() if k not in ("store", "location")} == \
            {k: v for k, v in b.items() if k not in ("store", "location")}
        entities, facts = rdf.store.entities_and_facts()
        assert (entities, facts) == neo.store.entities_and_facts()
        for e in entities.values():  # every entity, its aliases and every fact with its evidence
            assert rdf.entity(e.label) == neo.entity(e.label), e.label
        assert rdf.path("Alipay", "ByteDance") is not None
        assert len(rdf.path("Alipay", "ByteDance")) == len(neo.path("Alipay", "ByteDance"))
        assert rdf.neighbours("Alibaba Group", depth=2) == neo.neighbours("Alibaba Group", depth=2)
        original = sorted_nquads(rdf.store)
    back = tmp_path / "back"
    code, out, err = runner("--data", back, "sync", "--to", "rdf", "--no-progress")
    assert code == 0, err
    with KnowledgeGraph(back, read_only=True) as kg:
        assert sorted_nquads(kg.store) == original
    # a digest gone from the source goes from the target
    assert runner("remove", "seed-digest.txt")[0] == 0
    code, out, _ = runner("sync", "--to", "neo4j", "--no-progress")
    assert "removed 1 digests" in out
    assert neo4j_store.cypher("MATCH (d:Digest {docName: 'seed-digest.txt'}) RETURN count(d)").rows == [(0,)]


def test_cypher_command(runner, neo4j_store, corpus_files):
    assert runner("--store", "neo4j", "ingest", "--no-progress", *corpus_files)[0] == 0
    q = ("MATCH (c:Company)-[:OWNS]->(x) RETURN c.name AS company, count(DISTINCT x) AS owned "
         "ORDER BY owned DESC, company LIMIT 3")
    code, out, _ = runner("cypher", q, "--store", "neo4j")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["company", "|", "owned"] and len(lines) == 5
    code, out, _ = runner("--store", "neo4j", "cypher", q, "--format", "json")
    res = json.loads(out)
    assert res["columns"] == ["company", "owned"] and len(res["rows"]) == 3
    assert res["rows"][0]["owned"] >= res["rows"][1]["owned"] >= 1
    code, out, _ = runner("--store", "neo4j", "cypher", "MATCH (e:Event) RETURN e LIMIT 1", "--format", "csv")
    assert out.splitlines()[0] == "e" and '""labels"": [' in out and '""Event""' in out
    code, out, err = runner("--store", "neo4j", "cypher", "MATCH (e:Entity) RETURN e.name", "--limit", "2")
    assert code == 0 and "results cut at 2 rows" in err and "(truncated after 2 rows)" in out
    before = neo4j_store.cypher("MATCH (n) RETURN count(n)").rows
    for write in ("MATCH (n) DETACH DELETE n", "CREATE (:X)", "MATCH (n) SET n.x = 1",
                  "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "merge (n:X {a: 1})"):
        code, _, err = runner("--store", "neo4j", "cypher", write)
        assert code == 1 and err.startswith("kg: error: writing is not allowed, queries are read-only"), err
    code, _, err = runner("--store", "neo4j", "cypher", "MATCH (n RETURN n")
    assert code == 1 and err.startswith("kg: error: malformed Cypher:") and len(err.splitlines()) == 1
    code, _, err = runner("--store", "neo4j", "cypher", "UNWIND range(1, 100000000) AS x "
                          "WITH x WHERE x % 7 = 99 RETURN count(*)", "--timeout", "0.5")
    assert code == 1 and "ran longer than 0.5 s" in err, err
    code, _, err = runner("cypher", "MATCH (n) RETURN n")  # the RDF store answers SPARQL only
    assert code == 1 and err.startswith("kg: error: the oxigraph store does not") and "Cypher" in err, err
    assert neo4j_store.cypher("MATCH (n) RETURN count(n)").rows == before


def test_connection_errors_never_show_the_password(runner, neo4j_settings, free_port):
    secret = "not-the-password-1234"
    code, _, err = runner("--store", "neo4j", "--neo4j-password", secret, "stats")
    assert code == 1 and "authentication failed" in err and secret not in err
    with pytest.raises(StoreError) as e:
        Neo4jStore(neo4j_settings["uri"].replace("bolt://", f"bolt://neo4j:{secret}@"), password=secret)
    assert secret not in str(e.value)
    code, _, err = runner("--store", "neo4j", "--neo4j-uri", "http://127.0.0.1:7474", "stats")
    assert code == 1 and "not a Neo4j URI" in err
    code, _, err = runner("--store", "neo4j", "--neo4j-uri", f"bolt://127.0.0.1:{free_port()}", "stats")
    assert code == 1 and "does not answer" in err


def test_neo4j_csv_loads_with_neo4j_admin(runner, neo4j_settings, corpus_files, data_dir, tmp_path, free_port):
    """The export, imported by the bundled server's own import tool into a throwaway server."""
    assert runner("ingest", "--no-progress", *corpus_files)[0] == 0
    out = tmp_path / "csv"
    code, _, err = runner("export", "--format", "neo4j-csv", "-o", out)
    assert code == 0 and "neo4j-admin database import full" in err
    written = re.search(r"wrote (\d+) nodes and (\d+) relationships", err)
    assert written, err
    env = {**os.environ, "KG_NEO4J_SERVER": str(tmp_path / "server"), "KG_NEO4J_PORT": str(free_port()),
           "KG_NEO4J_HEAP": "512m", "KG_NEO4J_PAGECACHE": "128m", "KG_NEO4J_PASSWORD": "import-test-pw"}
    admin = subprocess.run([REPO / "scripts" / "neo4j", "admin", "database", "import", "full", "neo4j",
                            "--overwrite-destination", f"@{out}/import.args"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert admin.returncode == 0, admin.stdout[-2000:] + admin.stderr[-2000:]
    subprocess.run([REPO / "scripts" / "neo4j", "start"], env=env, check=True, timeout=300)
    try:
        with KnowledgeGraph(data_dir, read_only=True) as rdf, \
                Neo4jStore(f"bolt://127.0.0.1:{env['KG_NEO4J_PORT']}", password="import-test-pw",
                           database="neo4j", read_only=True) as imported:
            rows = imported.cypher("MATCH (n) WITH count(n) AS nodes "
                                   "MATCH ()-[r]->() RETURN nodes, count(r)").rows
            assert rows == [(int(written[1]), int(written[2]))] and rows[0][0] > 100
            # the import made none; the store's first open (read-only here) created them
            with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{env['KG_NEO4J_PORT']}",
                                            auth=("neo4j", "import-test-pw")) as driver:
                names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records}
            assert names >= {"entity_iri", "digest_iri", "story_iri", "event_iri"}
            assert imported.counts() == rdf.store.counts()
            with KnowledgeGraph(tmp_path / "again") as again:
                sync(imported, again.store)
                assert sorted_nquads(again.store) == sorted_nquads(rdf.store)
    finally:
        subprocess.run([REPO / "scripts" / "neo4j", "stop"], env=env, timeout=120)
