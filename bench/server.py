"""``kg serve`` in a process of its own, for the benchmarks that measure it over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

__all__ = ["kg_serve"]


def kg_serve(data: Path, settings: Mapping[str, str] | None = None, *, wait: float = 120.0
             ) -> tuple[str, subprocess.Popen[bytes]]:
    """``kg serve`` over the graph at ``data`` on a free 127.0.0.1 port, with ``settings`` (more ``KG_*``
    variables; the caller's own are left out), once it answers: its base URL and its process. Readiness is
    asked of ``/openapi.json``, which reads nothing of the graph, so each page's first request is the
    caller's."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_DATA": str(data), **(settings or {})}
    proc = subprocess.Popen([sys.executable, "-m", "digestkg.cli", "serve", "--host", "127.0.0.1", "--port",
                             str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/openapi.json", timeout=5):
                return base, proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"kg serve did not answer within {wait:g} s")
