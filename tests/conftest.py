"""Shared fixtures: the sample corpus, a fresh data directory, the CLI runner and the Flask app.

The tests run on the project's own sample digests (``samples/``). Tests marked ``shared`` need the
shared corpus and scorer beside the repository (``../shared``, or ``$KG_SHARED``); the default run
leaves them out (``-m "not shared"`` in pyproject.toml) and ``scripts/score`` runs them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEED = SAMPLES / "seed-digest.txt"
SHARED = Path(os.environ.get("KG_SHARED") or REPO.parent / "shared").absolute()


def shared_missing() -> str | None:
    """Why the shared folder cannot be used, or None when its corpus and scorer are there."""
    for need in (SHARED / "corpus" / "dev", SHARED / "eval" / "score.py"):
        if not need.exists():
            return (f"this test needs the shared corpus and scorer, and {need} is missing: "
                    f"put the shared folder at {REPO.parent / 'shared'} or set KG_SHARED")
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("shared") and (why := shared_missing()):
        pytest.fail(why, pytrace=False)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder (corpus/, eval/score.py); a test that asks for it fails when it is missing."""
    if why := shared_missing():
        pytest.fail(why, pytrace=False)
    return SHARED


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The sample corpus: NAME.txt digests with NAME.gold.json annotations."""
    if not SEED.is_file():
        pytest.fail(f"the sample corpus is missing at {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def dev_digests(corpus: Path) -> list[Path]:
    """Every sample digest but the seed digest, in name (and so date) order."""
    return sorted(p for p in corpus.glob("*.txt") if p != SEED)


@pytest.fixture(scope="session")
def extractor():
    """The spaCy pipeline is loaded once per test session."""
    from digestkg.loaders.extract import Extractor

    return Extractor()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "kg-data"
    monkeypatch.setenv("KG_DATA", str(d))
    return d


@pytest.fixture
def store_name() -> str:
    """The store of the ``kg`` and ``app`` fixtures; a test module may override it, say once per store."""
    return "oxigraph"


@pytest.fixture
def kg(data_dir: Path, extractor, store_name: str):
    from digestkg.core import KnowledgeGraph

    g = KnowledgeGraph(data_dir, store=store_name)
    g._extractor = extractor
    yield g
    g.close()


@pytest.fixture
def runner(data_dir: Path, extractor, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """Run ``kg ARGS...`` in-process; returns (exit status, stdout, stderr)."""
    from digestkg import cli, core

    monkeypatch.setattr(core.KnowledgeGraph, "extractor", property(lambda self: extractor))
    monkeypatch.setenv("KG_INGEST_NICE", "0")  # in-process: an ingest must not lower the test run's priority

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def app(data_dir: Path, store_name: str):
    from digestkg.web import create_app

    return create_app({"TESTING": True, "KG_DATA": str(data_dir), "KG_STORE": store_name})


@pytest.fixture
def client(app) -> Iterator:
    return app.test_client()


def store_evil_digest(store) -> None:
    """A digest whose entity name and evidence sentence carry markup, to prove they stay text."""
    from digestkg.graph.iri import digest_iri
    from digestkg.graph.rdf import extraction_quads
    from digestkg.ontology.model import Digest, Entity, Extraction, Story, Triple

    evil = Entity("<img src=x onerror=alert(1)>", "Company")
    tencent = Entity("Tencent Holdings", "Company")
    sentence = ("Tencent Holdings acquired <img src=x onerror=alert(1)>, "
                "see </script><script>alert(2)</script>.")
    story = Story(1, "A Strange Deal", [sentence])
    d = Digest("evil.txt", "Weekly", "2024-03-01", "ingest", None, "", [story], sentence)
    x = Extraction(d, {1: [tencent, evil]}, [Triple(tencent, "acquires", evil, 1, sentence, 0.9)], "test")
    store.replace_digest(str(digest_iri(d)), extraction_quads(x, "2024-03-01T00:00:00+00:00"))


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory: pytest.TempPathFactory, corpus: Path, extractor) -> Path:
    """A data directory with the sample corpus and the markup digest, built once per session."""
    from digestkg.core import KnowledgeGraph

    d = tmp_path_factory.mktemp("sample") / "kg-data"
    with KnowledgeGraph(d) as g:
        g._extractor = extractor
        g.ingest([SEED, *sorted(p for p in corpus.glob("*.txt") if p != SEED)])
        store_evil_digest(g.store)
    return d


@contextmanager
def serving(config: dict[str, str]) -> Iterator[str]:
    """The web app with ``config`` (``KG_*`` keys), served by waitress on a free local port: its URL."""
    import threading

    from digestkg.web import create_app
    from waitress.server import create_server

    server = create_server(create_app(config), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


@pytest.fixture(scope="session")
def live_url(sample_graph: Path) -> Iterator[str]:
    """The web app over the sample graph, served by waitress on a free local port."""
    with serving({"KG_DATA": str(sample_graph)}) as url:
        yield url


@pytest.fixture(scope="session")
def neo4j_settings() -> dict[str, str]:
    """Connection settings of the test Neo4j (scripts/services.d/20-neo4j.sh starts one).

    Without KG_NEO4J_URI the Neo4j tests skip, except in CI (CI set), where they fail; a
    configured server that does not answer always fails.
    """
    from digestkg.graph.store import StoreError, open_store

    if not os.environ.get("KG_NEO4J_URI"):
        reason = "no Neo4j server: KG_NEO4J_URI is unset (run scripts/test, or scripts/neo4j start)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI needs one")
        pytest.skip(reason)
    try:
        open_store("neo4j").close()
    except StoreError as e:
        pytest.fail(f"the Neo4j server does not answer: {e}")
    return {k: os.environ[f"KG_NEO4J_{k.upper()}"] for k in ("uri", "user", "password", "database")
            if os.environ.get(f"KG_NEO4J_{k.upper()}")}


@pytest.fixture
def neo4j_store(neo4j_settings: dict[str, str]):
    """The Neo4j store, emptied first; a database with data that is not digestkg's is left alone."""
    from digestkg.graph.neo4j import Neo4jStore

    store = Neo4jStore(**neo4j_settings)
    ours = ["Digest", "Story", "Entity", "Event"]
    foreign = store.cypher("MATCH (n) WHERE none(l IN labels(n) WHERE l IN $ours) RETURN count(n) AS n",
                           parameters={"ours": ours}).rows[0][0]
    if foreign:
        pytest.fail(f"the Neo4j database at {store.location} holds {foreign} nodes of other data; "
                    "point KG_NEO4J_URI at a scratch server (scripts/neo4j start)")
    store._write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    yield store
    store.close()


@pytest.fixture
def free_port() -> Callable[[], int]:
    """A function that gives a TCP port on 127.0.0.1 that nothing listens on (just now)."""

    def port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    return port


def _java_tool(name: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``scripts/NAME ARGS...`` (a Java tool from Maven Central); skips without Java and Maven
    (fails in CI, where they are installed)."""
    script = REPO / "scripts" / name
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    reason = None
    if missing:
        reason = f"scripts/{name} needs {' and '.join(missing)} (Java 17 and Maven 3), not installed"
    else:
        r = subprocess.run([str(script), "install"], capture_output=True, text=True, timeout=900)
        if r.returncode:
            reason = f"scripts/{name} install failed: {r.stderr.strip()[-2000:]}"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI needs it")
        pytest.skip(reason)

    def run(*args: object, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(script), *map(str, args)], capture_output=True, text=True, timeout=timeout)

    return run


@pytest.fixture(scope="session")
def jena() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Apache Jena's commands (``scripts/jena``): riot, rsparql, rdfcompare."""
    return _java_tool("jena")


@pytest.fixture(scope="session")
def robot() -> Callable[..., subprocess.CompletedProcess[str]]:
    """ROBOT (``scripts/robot``): OWL API and HermiT."""
    return _java_tool("robot")


# per store: the console's language, a query of seven company names, and one of every evidence sentence
CONSOLE = {
    "oxigraph": ("sparql", "SELECT ?name WHERE { ?c a kg:Company ; rdfs:label ?name } ORDER BY ?name LIMIT 7",
                 "SELECT ?e WHERE { ?s kg:evidence ?e }"),
    "neo4j": ("cypher", "MATCH (c:Company) RETURN c.name AS name ORDER BY name LIMIT 7",
              "MATCH ()-[r]->() RETURN r.evidence"),
}


@pytest.fixture(scope="module")
def neo4j_sample(sample_graph: Path, neo4j_settings: dict[str, str]) -> dict[str, str]:
    """The sample graph copied into the test Neo4j (once per module: other tests empty it), as the
    settings of a web app over it (``KG_*`` keys)."""
    from digestkg.core import KnowledgeGraph

    with KnowledgeGraph(sample_graph, read_only=True) as src, \
            KnowledgeGraph(sample_graph, store="neo4j", **neo4j_settings) as dst:
        src.sync_to(dst)
    return {"KG_DATA": str(sample_graph), "KG_STORE": "neo4j",
            **{f"KG_NEO4J_{k.upper()}": v for k, v in neo4j_settings.items()}}


@pytest.fixture(scope="module", params=["oxigraph", "neo4j"])
def sample_settings(request: pytest.FixtureRequest, sample_graph: Path) -> dict[str, str]:
    """The settings (``KG_*`` keys) of a web app over the sample graph, once per store."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_sample")
    return {"KG_DATA": str(sample_graph), "KG_STORE": "oxigraph"}


@pytest.fixture(scope="module")
def sample_store(sample_settings: dict[str, str]) -> str:
    """The name of the store that ``sample_settings`` use."""
    return sample_settings["KG_STORE"]
