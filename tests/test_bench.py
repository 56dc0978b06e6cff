"""The benchmarks under ``bench/`` still run: each at a small scale, checked for its figures.

This is a smoke run that keeps them working; the figures themselves are measured by running the
benchmarks at full scale (README, Speed and Throughput) and are never asserted here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def bench(module: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def test_ingest_prints_the_ratio_to_the_stores_bulk_load():
    out = bench("ingest", "--stories", "100", "--stores", "oxigraph")
    assert "oxigraph " in out and "x pyoxigraph's bulk_load" in out
    assert "ms in the last" in out and "kB per digest" in out


def test_ingest_on_neo4j_prints_the_ratio_to_unwind(neo4j_store):
    """The Neo4j half (``add_graphs`` against the driver's ``UNWIND`` of the same rows), on the test
    server (the benchmark empties its database, as the store tests do)."""
    out = bench("ingest", "--stories", "100", "--stores", "oxigraph,neo4j")
    assert "x UNWIND in batches of" in out
    facts = re.search(r"(\d+) generated facts", out).group(1)
    # every store counts what it was given, nothing left over from earlier runs
    assert f"oxigraph  {facts} relations" in out and f"neo4j     {facts} relations" in out


def test_extract_prints_the_ratio_to_spacy():
    out = bench("extract", "--stories", "20", "--processes", "1")
    assert "processes 1:" in out and "ratio" in out


def test_web_prints_page_times(tmp_path):
    results = json.loads(bench("web", "--stories", "50", "--requests", "3", "--cache", str(tmp_path)))
    assert {"sample graph", "oxigraph, 50 stories"} <= results.keys()
    assert results["oxigraph, 50 stories"]["graph"]["stories"] == 50
    pages = {"home", "search", "hub entity", "typical entity", "hub network"}
    assert all(pages <= r.keys() and all("p95_ms" in r[p] for p in pages) for r in results.values())
    again = json.loads(bench("web", "--stories", "50", "--requests", "1", "--cache", str(tmp_path), "--no-sample"))
    counts = ("digests", "stories", "entities", "facts")
    assert [again["oxigraph, 50 stories"]["graph"][k] for k in counts] == \
        [results["oxigraph, 50 stories"]["graph"][k] for k in counts]  # the kept corpus, unchanged


def test_load_runs_clients_against_kg_serve(tmp_path):
    result = json.loads(bench("load", "--stories", "100", "--clients", "3", "--seconds", "2",
                              "--data", str(tmp_path / "graph")))
    assert result["clients"] == 3 and result["errors"] == 0 and result["all"]["n"] > 3
