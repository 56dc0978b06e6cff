"""Shared fixtures: the shared corpus, a fresh data directory, the CLI runner and the Flask app."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
DEV = CORPUS / "dev"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS} (set KG_SHARED)")
    return CORPUS


@pytest.fixture(scope="session")
def dev_digests(corpus: Path) -> list[Path]:
    return sorted(DEV.glob("*.txt"))


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
def kg(data_dir: Path, extractor):
    from digestkg.core import KnowledgeGraph

    g = KnowledgeGraph(data_dir)
    g._extractor = extractor
    yield g
    g.close()


@pytest.fixture
def runner(data_dir: Path, extractor, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """Run ``kg ARGS...`` in-process; returns (exit status, stdout, stderr)."""
    from digestkg import cli, core

    monkeypatch.setattr(core.KnowledgeGraph, "extractor", property(lambda self: extractor))

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def app(data_dir: Path):
    from digestkg.web import create_app

    return create_app({"TESTING": True, "KG_DATA": str(data_dir)})


@pytest.fixture
def client(app) -> Iterator:
    return app.test_client()
