"""Read-only, time-limited, row-limited query consoles: SPARQL on every store, Cypher where a store has it.

A query runs in a worker thread on its own read-only graph. When it runs past its time the caller
gets a ``QueryError`` at once; the worker stops at its store's next timeout check and closes its graph.

>>> check_cypher_read_only("MATCH (n) RETURN n.name AS name")
>>> check_cypher_read_only("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: writing is not allowed, queries are read-only (found DETACH)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

from .graph.result import QueryResult
from .graph.sparql import check_read_only
from .graph.store import QueryError

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["LANGUAGES", "EXAMPLES", "CYPHER_WRITE_CLAUSES", "check_cypher_read_only", "languages", "run_query"]

LANGUAGES = ("sparql", "cypher")
CYPHER_WRITE_CLAUSES = frozenset({"CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "LOAD",
                                  "FOREACH", "CALL", "ALTER", "GRANT", "DENY", "REVOKE", "START", "STOP"})
_CYPHER_SKIP = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL)
_WORD = re.compile(r"(?<![\w.$:])[A-Za-z_]\w*")
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-console")

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "sparql": [
        ("Companies that own the most", "SELECT ?company (COUNT(DISTINCT ?x) AS ?owned) WHERE {\n"
         "  ?c kg:owns ?x ; rdfs:label ?company\n} GROUP BY ?company ORDER BY DESC(?owned) LIMIT 10"),
        ("Penalties with regulator, target and date", "SELECT ?regulator ?target ?date WHERE {\n"
         "  ?e a kg:Penalty ; kg:eventAgent/rdfs:label ?regulator ;\n"
         "     kg:eventObject/rdfs:label ?target ; kg:eventDate ?date\n} ORDER BY DESC(?date)"),
        ("Facts with their evidence", "SELECT ?s ?p ?o ?evidence WHERE {\n"
         "  ?st a kg:Statement ; rdf:subject/rdfs:label ?s ; rdf:predicate ?p ;\n"
         "      rdf:object/rdfs:label ?o ; kg:evidence ?evidence\n} LIMIT 20"),
        ("Entities by type", "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type .\n"
         "  FILTER(STRSTARTS(STR(?type), STR(kg:))) } GROUP BY ?type ORDER BY DESC(?n)"),
    ],
    "cypher": [
        ("Companies that own the most", "MATCH (c:Company)-[:owns]->(x)\n"
         "RETURN c.label AS company, count(DISTINCT x) AS owned ORDER BY owned DESC LIMIT 10"),
        ("Two hops from ByteDance", "MATCH (a {label: 'ByteDance'})--()--(b)\nRETURN DISTINCT b.label LIMIT 25"),
    ],
}


def check_cypher_read_only(query: str) -> None:
    """Raise QueryError when a Cypher query writes (CREATE, MERGE, SET, DELETE, ...) or calls procedures."""
    if not query.strip():
        raise QueryError("the query is empty")
    for m in _WORD.finditer(_CYPHER_SKIP.sub(" ", query)):
        if m.group(0).upper() in CYPHER_WRITE_CLAUSES:
            raise QueryError(f"writing is not allowed, queries are read-only (found {m.group(0).upper()})")


def languages(kg: KnowledgeGraph) -> list[str]:
    """The query languages the graph's store answers."""
    return ["sparql"] + (["cypher"] if "cypher" in kg.store.capabilities else [])


def run_query(open_kg: Callable[[], KnowledgeGraph], language: str, query: str, *, timeout: float,
              limit: int) -> QueryResult:
    """Run a read-only query in a worker on a graph from ``open_kg()``; at most ``timeout`` s, ``limit`` rows."""
    if language == "sparql":
        check_read_only(query)
    elif language == "cypher":
        check_cypher_read_only(query)
    else:
        raise QueryError(f"unknown query language {language!r}; choose one of: {', '.join(LANGUAGES)}")

    def work() -> QueryResult:
        with open_kg() as kg:
            if language == "sparql":
                return kg.query(query, timeout=timeout, limit=limit)
            cypher = getattr(kg.store, "cypher", None)
            if "cypher" not in kg.store.capabilities or cypher is None:
                raise QueryError(f"the {kg.store_name} store does not answer Cypher")
            return cypher(query, timeout=timeout, limit=limit)

    future = _pool.submit(work)
    try:
        return future.result(timeout=timeout + 0.5)
    except FutureTimeout:
        raise QueryError(f"the query ran longer than {timeout:g} s and was stopped") from None
