"""One settings object: flag over environment over default, read once, reaching the CLI and the web app.

The server tests start the real ``kg serve`` process, as a user would, and check that each variable
took effect in what the server does, not only in what it reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from digestkg.cli import build_parser
from digestkg.settings import SETTINGS, Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))


def test_flag_over_environment_over_default():
    env = {"KG_QUERY_LIMIT": "20", "KG_STORE": "neo4j", "KG_DATA": "/srv/kg"}
    s = Settings.load({"query_limit": 5, "data": None}, environ=env)
    assert (s.query_limit, s.store, s.data) == (5, "neo4j", Path("/srv/kg"))
    d = Settings.load(environ={"HOME": "/home/x", "XDG_DATA_HOME": "/x/share"})
    assert d.data == Path("/x/share/digestkg") and d.port == 8080 and d.ingest_token is None
    assert Settings.load(environ={"KG_INGEST_TOKEN": ""}).ingest_token is None  # empty = unset


@pytest.mark.parametrize(("env", "message"), [
    ({"KG_QUERY_LIMIT": "many"}, "KG_QUERY_LIMIT must be a whole number"),
    ({"KG_QUERY_TIMEOUT": "-1"}, "KG_QUERY_TIMEOUT must be a number of at least"),
    ({"KG_PORT": "70000"}, "KG_PORT must be a whole number from 1 to 65535"),
    ({"KG_STORE": "sqlite"}, "KG_STORE must be one of"),
])
def test_bad_values_name_their_variable(env, message):
    with pytest.raises(ValueError, match=message):
        Settings.load(environ=env)


def test_bad_setting_is_one_line_from_kg(runner, monkeypatch):
    monkeypatch.setenv("KG_QUERY_LIMIT", "lots")
    code, out, err = runner("query", "ASK {}")
    assert code == 1 and err.strip() == "kg: error: KG_QUERY_LIMIT must be a whole number of at least 1, not 'lots'"


def test_serve_help_lists_every_setting_with_its_variable():
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for s in SETTINGS:
        text = " ".join(commands["ingest" if s.scope == "ingest" else "serve"].format_help().split())
        assert s.flag in text and f"${s.env}" in text, s


def test_kg_ingest_lowers_its_own_cpu_priority(tmp_path):
    """A batch ingest yields the CPU to a server on the same machine (KG_INGEST_NICE, default 10)."""
    args = ["--data", str(tmp_path / "g"), "ingest", "--no-progress", str(SAMPLES[0])]
    code = f"import os; from digestkg import cli; n = os.nice(0); assert cli.main({args!r}) == 0; print(os.nice(0) - n)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    for extra, raised in (({}, "10"), ({"KG_INGEST_NICE": "0"}, "0")):
        r = subprocess.run([sys.executable, "-c", code], env=env | extra, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0 and r.stdout.split()[-1] == raised, r.stderr


def _get(url: str, **headers: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@contextmanager
def kg_serve(env: dict[str, str], cwd: Path, port: int) -> Iterator[str]:
    """``kg serve`` as its own process with ``env`` (and nothing else of ours), until it answers."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    proc = subprocess.Popen([sys.executable, "-m", "digestkg.cli", "serve"], cwd=cwd, env=base | env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                pytest.fail(f"kg serve exited with {proc.returncode}: {proc.stdout.read()}")  # type: ignore[union-attr]
            try:
                _get(url + "/settings?format=json")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("kg serve did not answer within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def _settings_page(url: str) -> dict[str, object]:
    status, body = _get(url + "/settings?format=json")
    assert status == 200
    return {s["env"]: s["value"] for s in json.loads(body)["settings"]}


def test_kg_serve_takes_every_variable(sample_graph, tmp_path, free_port):
    from digestkg.core import KnowledgeGraph

    with KnowledgeGraph(sample_graph, read_only=True) as kg:
        g, facts = kg.network(), kg.stats()["facts"]
    hub = g.nodes[max(g.nodes, key=g.degree)]["label"]
    port = free_port()
    env = {"KG_DATA": str(sample_graph), "KG_STORE": "oxigraph", "KG_HOST": "127.0.0.1", "KG_PORT": str(port),
           "KG_INGEST_TOKEN": "tok-123", "KG_QUERY_LIMIT": "3", "KG_QUERY_TIMEOUT": "7.5",
           "KG_NETWORK_MAX_NODES": "4", "KG_UPLOAD_MAX_BYTES": "2048", "KG_NEO4J_USER": "someone",
           "KG_QUERY_MEMORY": "300", "KG_QUERY_RATE": "1000", "KG_CORS_ORIGINS": "https://tools.example",
           "KG_ALLOW_PRIVATE_URLS": "yes"}
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with kg_serve(env, cwd, port) as url:
        shown = _settings_page(url)
        assert shown["KG_INGEST_TOKEN"] == "(set)" and "tok-123" not in json.dumps(shown)
        assert shown["KG_QUERY_TIMEOUT"] == 7.5 and shown["KG_NEO4J_USER"] == "someone"
        assert (shown["KG_QUERY_MEMORY"], shown["KG_QUERY_RATE"], shown["KG_ALLOW_PRIVATE_URLS"]) == (300, 1000, True)
        # KG_DATA: the home page shows the graph that is there
        status, body = _get(url + "/?format=json")
        assert status == 200 and json.loads(body)["stats"]["facts"] == facts > 0
        # KG_QUERY_LIMIT: the console shows 3 rows; /sparql refuses a longer answer rather than cut it
        q = urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")
        status, body = _get(f"{url}/console?query={q}&format=json")
        assert status == 200 and len(json.loads(body)["rows"]) == 3
        status, body = _get(f"{url}/sparql?query={q}", Accept="application/sparql-results+json")
        assert status == 422 and b"KG_QUERY_LIMIT" in body
        # KG_CORS_ORIGINS: that origin's pages may read the answer
        ask = urllib.parse.quote("ASK { ?s ?p ?o }")
        req = urllib.request.Request(f"{url}/sparql?query={ask}", headers={"Origin": "https://tools.example"})
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "https://tools.example"
        # KG_NETWORK_MAX_NODES: the hub's network is cut to 4 entities
        status, body = _get(f"{url}/network?name={urllib.parse.quote(hub)}&depth=2&format=json")
        net = json.loads(body)["network"]
        assert status == 200 and len(net["nodes"]) == 4 and net["omitted"] > 0
        # KG_INGEST_TOKEN: the ingest page is on
        status, body = _get(url + "/ingest?format=json")
        assert status == 200 and json.loads(body)["enabled"] is True
        # KG_UPLOAD_MAX_BYTES: a bigger body is refused before it is read
        req = urllib.request.Request(url + "/ingest/preview", data=b"x" * 5000, method="POST",
                                     headers={"Authorization": "Bearer tok-123", "Content-Type": "text/plain"})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=30)
        assert e.value.code == 413
    assert not list(cwd.iterdir()), "kg serve wrote into its working directory"


def test_kg_serve_reaches_neo4j_with_its_variables(neo4j_settings, tmp_path, free_port):
    """KG_STORE=neo4j with the KG_NEO4J_* variables: the server's Cypher console answers from Neo4j."""
    port = free_port()
    env = {"KG_STORE": "neo4j", "KG_PORT": str(port), "KG_DATA": str(tmp_path / "unused")}
    env |= {f"KG_NEO4J_{k.upper()}": v for k, v in neo4j_settings.items()}
    with kg_serve(env, tmp_path, port) as url:
        assert _settings_page(url)["KG_STORE"] == "neo4j"
        q = urllib.parse.quote("RETURN 40 + 2 AS answer")
        status, body = _get(f"{url}/console?lang=cypher&query={q}&format=json")
        assert status == 200, body
        assert json.loads(body)["rows"] == [["42"]]
    env["KG_NEO4J_PASSWORD"] = "not-the-password"
    port = env["KG_PORT"] = str(free_port())
    with kg_serve(env, tmp_path, int(port)) as url:
        status, body = _get(f"{url}/console?lang=cypher&query={q}&format=json")
        assert status == 503 and b"authentication failed" in body


def test_no_command_writes_into_the_working_directory(tmp_path):
    """Without --data or KG_DATA, every command uses ~/.local/share/digestkg, never the working directory."""
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "XDG_"))} | {"HOME": str(home)}

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        r = subprocess.run([sys.executable, "-m", "digestkg.cli", *args], cwd=cwd, env=env, text=True,
                           capture_output=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return r

    sample = str(SAMPLES[0])
    assert '"facts": 0' in kg("stats", "--format", "json").stdout
    kg("ingest", "--no-progress", sample)
    kg("extract", sample)
    kg("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    assert kg("export", "--format", "ntriples").stdout
    assert "digestkg" in kg("stats").stdout
    assert not list(cwd.iterdir()), list(cwd.iterdir())
    assert (home / ".local" / "share" / "digestkg" / "store").is_dir()
    kg("--data", "here", "stats")  # asked for: a relative --data is the working directory's
    assert [p.name for p in cwd.iterdir()] == ["here"]
