"""The wheel: built without warnings, installed (not editable) into a fresh virtual environment, and used.

The fresh environment takes digestkg from the wheel alone; its dependencies come from the test
environment's site-packages through a ``.pth`` line, so that the test needs no download.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = sorted((REPO / "samples").glob("*.txt"))[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out, src = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("src") / "digestkg"
    # pip builds in the source tree: build from a copy, so that the checkout gets no build/ folder
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "kg-data",
                                                             "__pycache__", "artifacts", ".*_cache"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return next(out.glob("digestkg-*.whl")), r.stdout + r.stderr


def test_wheel_builds_without_warnings(wheel):
    _, log = wheel
    # setuptools' own notices (deprecations, "Package would be ignored") are Warning classes;
    # distutils' "warning: byte-compiling is disabled" lines are pip's -v chatter, not about us
    problems = [line for line in log.splitlines()
                if re.search(r"[A-Za-z]Warning\b|would be ignored|deprecated", line)]
    assert not problems, "\n".join(problems)


def test_wheel_carries_templates_static_ontology_and_lexicon(wheel):
    names = set(zipfile.ZipFile(wheel[0]).namelist())
    for needed in ("digestkg/web/templates/base.html", "digestkg/web/static/style.css",
                   "digestkg/web/static/vis-network.min.js", "digestkg/ontology/digestkg.ttl",
                   "digestkg/ontology/entities.json", "digestkg/loaders/lexicon.json", "digestkg/settings.py"):
        assert needed in names, needed
    assert not any(n.split("/")[0] in {"graph", "web", "loaders", "ontology"} for n in names), \
        "bare top-level packages in the wheel"


def test_installed_wheel_runs_kg(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    (site / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                        "--no-index", str(wheel[0])], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"HOME": str(tmp_path)}

    def run(*args: str) -> str:
        p = subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        return p.stdout

    where = run(str(python), "-c", "import digestkg, digestkg.web; print(digestkg.__file__, digestkg.web.__file__)")
    assert all(str(site) in w for w in where.split()), where  # the wheel's copy, not the repository's
    assert run(str(python), "-c", "import importlib.util as u; print(u.find_spec('graph'), u.find_spec('web'))"
               ).split() == ["None", "None"]
    kg = str(env_dir / "bin" / "kg")
    assert run(kg, "--version").startswith("kg ")
    run(kg, "--data", "g", "ingest", "--no-progress", str(SAMPLE))
    turtle = run(kg, "--data", "g", "export", "--format", "turtle")
    assert "kg:Statement" in turtle and "rdfs:label" in turtle
    app = run(str(python), "-c", "from digestkg.web import create_app; c = create_app({'KG_DATA': 'g'}).test_client();"
              "r = c.get('/'); print(r.status_code, b'digestkg' in r.data)")
    assert app.split() == ["200", "True"]  # templates and static files come from the wheel
