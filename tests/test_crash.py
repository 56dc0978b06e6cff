"""Crash and fault tests: ``kill -9`` at seeded random points of an ingest and of a replace, and two
writers at once. Afterwards the store holds whole digests only, and finishing the work gives the
same N-Quads as a clean run (the ingest time stamps aside).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))[:6]
STAMP = re.compile(r"ingestedAt")


def kg(data: Path, *args: str, **kw) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "digestkg.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600, **kw)


def nquads(data: Path) -> list[str]:
    r = kg(data, "export", "--format", "nquads")
    assert r.returncode == 0, r.stderr
    return sorted(line for line in r.stdout.splitlines() if line and not STAMP.search(line))


def by_graph(lines: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in lines:
        graph = line.rsplit("<", 1)[-1]
        out.setdefault(graph, set()).add(line)
    return out


def killed_ingest(data: Path, files: list[Path], after: float) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_DATA": str(data)}
    proc = subprocess.Popen([sys.executable, "-m", "digestkg.cli", "ingest", "--no-progress", *map(str, files)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    proc.kill()  # SIGKILL: no cleanup of any kind
    proc.wait(30)


def changed(tmp: Path) -> list[Path]:
    """The samples with their first story's headline changed: a replace of every digest."""
    out = []
    for p in SAMPLES:
        q = tmp / "v2" / p.name
        q.parent.mkdir(exist_ok=True)
        q.write_text(re.sub(r"(?m)^1\. ", "1. Update: ", p.read_text(encoding="utf-8"), count=1), encoding="utf-8")
        out.append(q)
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Clean runs: the samples, then their changed versions; with how long the first took."""
    tmp = tmp_path_factory.mktemp("clean")
    t0 = time.monotonic()
    assert kg(tmp / "v1", "ingest", "--no-progress", *map(str, SAMPLES)).returncode == 0
    seconds = time.monotonic() - t0
    v2 = changed(tmp)
    assert kg(tmp / "v2data", "ingest", "--no-progress", *map(str, v2)).returncode == 0
    return {"v1": nquads(tmp / "v1"), "v2": nquads(tmp / "v2data"), "seconds": seconds}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_during_ingest_leaves_whole_digests_and_reingest_completes(clean, tmp_path, seed):
    data = tmp_path / "data"
    killed_ingest(data, SAMPLES, random.Random(seed).uniform(0.3, 1.0) * clean["seconds"])
    reference = by_graph(clean["v1"])  # type: ignore[arg-type]
    for graph, quads in by_graph(nquads(data)).items():  # what survived is whole, digest by digest
        assert quads == reference[graph], graph
    assert kg(data, "ingest", "--no-progress", *map(str, SAMPLES)).returncode == 0
    assert nquads(data) == clean["v1"]


@pytest.mark.parametrize("seed", [4, 5])
def test_kill_during_replace_leaves_old_or_new_and_rerun_completes(clean, tmp_path, seed):
    data = tmp_path / "data"
    assert kg(data, "ingest", "--no-progress", *map(str, SAMPLES)).returncode == 0
    v2 = changed(tmp_path)
    killed_ingest(data, v2, random.Random(seed).uniform(0.3, 1.0) * clean["seconds"])
    old, new = by_graph(clean["v1"]), by_graph(clean["v2"])  # type: ignore[arg-type]
    for graph, quads in by_graph(nquads(data)).items():
        assert quads in (old.get(graph), new.get(graph)), graph
    assert kg(data, "ingest", "--no-progress", *map(str, v2)).returncode == 0
    assert nquads(data) == clean["v2"]


def test_two_writers_at_once_both_finish_or_one_is_told(clean, tmp_path):
    """Two ``kg ingest`` at once: the second waits its turn; the result is that of one clean run."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_DATA": str(data)}
    cmd = [sys.executable, "-m", "digestkg.cli", "ingest", "--no-progress", *map(str, SAMPLES)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(600), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    for code, err in results:
        assert code == 0 or "in use by another kg process" in err, err
        assert len(err.strip().splitlines()) <= 1, err  # never a traceback
    assert any(code == 0 for code, _ in results)
    assert nquads(data) == clean["v1"]
