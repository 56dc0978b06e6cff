"""Reads never stop during an ingest: ``python -m bench.reads`` at a small scale, on real processes.

A ``kg serve`` answers page requests while a ``kg ingest`` process writes generated digests; every
read must succeed, and the new digests show once the ingest ends. (Its timings are the benchmark's
business: ``python -m bench.reads`` prints them.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_pages_answer_throughout_a_cli_ingest():
    r = subprocess.run([sys.executable, "-m", "bench.reads", "--digests", "8", "--idle", "10"], cwd=REPO,
                       capture_output=True, text=True, timeout=900)
    figures = json.loads(r.stdout[:r.stdout.rindex("}") + 1])
    assert r.returncode == 0, r.stdout + r.stderr
    assert figures["failed_reads"] == 0 and figures["during_ingest"]["requests"] >= 5
    assert figures["ingest"]["exit"] == 0
    assert figures["digests_after"] == figures["digests_before"] + 8
