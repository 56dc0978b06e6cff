"""Read-only, time-limited, row-limited query consoles: SPARQL on every store, Cypher where a store has it.

A query runs in a worker process on its own read-only graph, so that its work can be stopped: when
it runs past its time the worker is killed, and when it grows past its memory cap (``KG_QUERY_MEMORY``
MiB over what the worker started with) its allocations fail and it ends; either way the caller gets a
``QueryError`` that says so, and the memory is the system's again. At most ``MAX_RUNNING`` queries run
at once in one process, so that a web server's consoles cannot take every thread: another one waits
``queue`` seconds (``QUEUE_SECONDS`` by default; the web app waits none) for its turn, then gets a
``QueryBusyError``.

Both languages are checked before anything runs, by ``graph.sparql.check_read_only`` and
``graph.cypher.check_read_only``.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .graph import cypher as _cypher
from .graph import sparql as _sparql
from .graph.store import QueryError, StoreError

if TYPE_CHECKING:
    from .core import KnowledgeGraph
    from .settings import Settings

__all__ = ["LANGUAGES", "EXAMPLES", "MAX_RUNNING", "QueryBusyError", "languages", "run_query"]

MAX_RUNNING = 2
QUEUE_SECONDS = 5.0
_running = threading.BoundedSemaphore(MAX_RUNNING)


class QueryBusyError(QueryError):
    """Every query slot stayed taken while this query waited for one."""

LANGUAGES = ("sparql", "cypher")
# workers fork from a clean, single-threaded server process that has the core imported already
_ctx = multiprocessing.get_context("forkserver")
_ctx.set_forkserver_preload(["digestkg.core"])

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "sparql": [
        ("Companies that own the most", "SELECT ?company (COUNT(DISTINCT ?x) AS ?owned) WHERE {\n"
         "  ?c kg:owns ?x ; rdfs:label ?company\n} GROUP BY ?company ORDER BY DESC(?owned) LIMIT 10"),
        ("Penalties with regulator, target and date", "SELECT ?regulator ?target ?date WHERE {\n"
         "  ?e a kg:Penalty ; kg:eventAgent/rdfs:label ?regulator ;\n"
         "     kg:eventObject/rdfs:label ?target ; kg:eventDate ?date\n} ORDER BY DESC(?date)"),
        ("Facts with their evidence", "SELECT ?s ?p ?o ?evidence WHERE {\n"
         "  ?st a kg:Statement ; kg:subject/rdfs:label ?s ; kg:predicate ?p ;\n"
         "      kg:object/rdfs:label ?o ; kg:evidence ?evidence\n} LIMIT 20"),
        ("Entities by type", "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type .\n"
         "  FILTER(STRSTARTS(STR(?type), STR(kg:))) } GROUP BY ?type ORDER BY DESC(?n)"),
    ],
    "cypher": [
        ("Companies that own the most", "MATCH (c:Company)-[:OWNS]->(x)\n"
         "RETURN c.name AS company, count(DISTINCT x) AS owned ORDER BY owned DESC LIMIT 10"),
        ("Two hops from ByteDance", "MATCH (a:Entity {name: 'ByteDance'})--(:Entity)--(b:Entity)\n"
         "RETURN DISTINCT b.name AS name LIMIT 25"),
    ],
}


def languages(kg: KnowledgeGraph) -> list[str]:
    """The query languages the graph's store answers."""
    return [lang for lang in LANGUAGES if lang in kg.store.capabilities]


def _child(conn: Connection, settings: Settings, language: str, query: str, timeout: float,
           limit: int) -> None:
    """Run one query in the worker process and send back ("ok", result) or ("error", exception)."""
    # the answer travels through ``conn``: a failing allocation's abort message is not the user's
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    from .core import KnowledgeGraph
    from .graph.cypher import plain  # driver values become plain data that pickles

    try:
        with KnowledgeGraph(settings=settings, read_only=True) as kg:
            kg.store  # noqa: B018 - opened before the cap: the cap is for the query's own work
            _cap_memory(settings.query_memory)
            if language == "sparql":
                res = kg.query(query, timeout=timeout, limit=limit)
            else:
                cypher = getattr(kg.store, "cypher", None)
                if "cypher" not in kg.store.capabilities or cypher is None:
                    raise QueryError(f"the {settings.store} store does not answer Cypher")
                res = cypher(query, timeout=timeout, limit=limit)
                res = type(res)(list(res.keys), [tuple(map(plain, row)) for row in res.rows], res.truncated)
        conn.send(("ok", res))
    except (QueryError, StoreError) as e:
        conn.send(("error", e))
    finally:
        conn.close()


def _cap_memory(mib: int) -> None:
    """Let this process's address space grow by ``mib`` MiB at most from where it is now."""
    status = Path("/proc/self/status")
    if not status.exists():  # not Linux: time and rows still bound the query
        return
    size = next(int(line.split()[1]) * 1024 for line in status.read_text().splitlines()
                if line.startswith("VmSize:"))
    cap = size + mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_query(settings: Settings, language: str, query: str, *, timeout: float, limit: int,
              queue: float | None = None) -> Any:
    """Run a read-only query on the graph ``settings`` name in a worker process: ``timeout`` s, ``limit`` rows.

    SPARQL gives a QueryResult, Cypher a CypherResult (plain values); both have ``to_json``,
    ``to_csv`` and ``truncated``. A store may not be able to cancel a query (pyoxigraph checks its
    timeout only between rows), so the worker is killed when it runs past ``timeout``, and a QueryError says so.
    """
    if language == "sparql":
        _sparql.check_read_only(query)
    elif language == "cypher":
        _cypher.check_read_only(query)
    else:
        raise QueryError(f"unknown query language {language!r}; choose one of: {', '.join(LANGUAGES)}")
    if not _running.acquire(timeout=QUEUE_SECONDS if queue is None else queue):
        raise QueryBusyError(f"{MAX_RUNNING} queries are running already; try again in a moment")
    try:
        kind, value = _in_worker(settings, language, query, timeout, limit)
    finally:
        _running.release()
    if kind == "error":
        raise value
    return value


def _in_worker(settings: Settings, language: str, query: str, timeout: float, limit: int) -> tuple[str, Any]:
    recv, send = _ctx.Pipe(duplex=False)
    worker = _ctx.Process(target=_child, args=(send, settings, language, query, timeout, limit),
                          daemon=True)
    worker.start()
    send.close()
    try:
        if not recv.poll(timeout + 1.0):
            raise QueryError(f"the query ran longer than {timeout:g} s and was stopped")
        try:
            return recv.recv()
        except EOFError:
            raise QueryError(f"the query was stopped: it needed more than its {settings.query_memory} MiB "
                             "of memory (KG_QUERY_MEMORY), or its worker failed") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(5)
        recv.close()
