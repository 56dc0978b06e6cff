"""Read-only checks for user Cypher, and the result of a Cypher query as a table, JSON or CSV.

The decision is the server's own: :meth:`digestkg.graph.neo4j.Neo4jStore.cypher` has Neo4j plan the
query with ``EXPLAIN`` first and :func:`check_plan` refuses it unless the server calls it read-only
(query type ``r``) and its plan has no ``LoadCSV`` operator, no procedure call other than the
harmless ones in ``ALLOWED_PROCEDURES``, no ``SHOW``/``TERMINATE`` command and no ``IN TRANSACTIONS``.
The query then runs in a read transaction, which the server enforces too.

:func:`check_read_only` is the second line, and the check that runs where there is no server yet
(the console checks before it starts a worker): the query is tokenised (comments, strings,
backquoted names, parameters, labels and property keys are skipped) and its bare keywords are
checked, so ``'DELETE'`` in a string or ``n.set`` pass, while a write clause, LOAD CSV, a procedure
call or an administration command is refused. A word after AS is an alias only where an alias can
end (``,``, ``)``, the end, RETURN...), so a variable named ``as`` hides nothing.

>>> check_read_only("MATCH (n:Company {name: 'CREATE'}) // DELETE in a comment\\nRETURN n.set")
>>> check_read_only("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: writing is not allowed, queries are read-only (found DETACH)
>>> check_read_only("MATCH (as) LOAD CSV FROM 'http://127.0.0.1:9/' AS r RETURN r")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: writing is not allowed, queries are read-only (found LOAD)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from digestkg.graph.result import fit_cell, render_table
from digestkg.graph.store import QueryError

__all__ = ["WRITE_KEYWORDS", "ALLOWED_PROCEDURES", "keywords", "check_read_only", "check_plan", "CypherResult",
           "plain"]

# write clauses (INSERT is Cypher 25's CREATE), file and URL loads, procedure calls (which may write or
# reveal the server: dbms.listConfig...) and administration (SHOW SETTINGS, TERMINATE TRANSACTIONS, USE)
WRITE_KEYWORDS = frozenset({
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "FOREACH", "LOAD", "INSERT", "ALTER",
    "GRANT", "DENY", "REVOKE", "CALL", "START", "STOP", "SHOW", "TERMINATE", "TRANSACTIONS", "USE",
})
# procedures that only describe the graph's schema; CALL one of these passes (as does a CALL { } subquery)
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})
_ALLOWED_LOWER = {p.lower(): p for p in ALLOWED_PROCEDURES}
# plan operators that read files or URLs, call procedures, administer or write in batches
_REFUSED_OPERATORS = {"LoadCSV": "LOAD CSV", "TransactionApply": "CALL { } IN TRANSACTIONS",
                      "TransactionForeach": "CALL { } IN TRANSACTIONS",
                      "AdministrationCommand": "an administration command"}
_REFUSED_PREFIXES = ("Show", "Terminate", "Create", "Drop", "Alter", "Grant", "Deny", "Revoke", "Start", "Stop",
                     "Assert", "Enable", "Rename", "SystemCommand")
# what may follow an alias: the end of a projection item or of the projection
_AFTER_ALIAS = frozenset({"RETURN", "WITH", "WHERE", "ORDER", "SKIP", "LIMIT", "OFFSET", "UNION", "MATCH",
                          "OPTIONAL", "UNWIND", "YIELD"})

_TOKENS = re.compile(
    r"""
      (?P<comment>//[^\n\r]*|/\*.*?(?:\*/|\Z))
    | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<quoted>`(?:[^`]|``)*`)
    | (?P<param>\$\w+)
    | (?P<name>[.:]\s*\w+)
    | (?P<word>\w+)
    | (?P<punct>[^\s\w])
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(cypher: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group()) for m in _TOKENS.finditer(cypher) if m.lastgroup != "comment"]


def keywords(cypher: str) -> list[str]:
    """The bare words of a query (keywords, variables, function names), upper-cased, in order.

    A name after AS is an alias, not a keyword, where an alias can end: before ``,``, a bracket, the
    end of the query or a clause such as RETURN.

    >>> keywords("MATCH (n:Set)-[:REMOVE]->(m) WHERE n.delete = $create RETURN 'merge' AS `drop`, 1 AS set")
    ['MATCH', 'N', 'M', 'WHERE', 'N', 'RETURN', 'AS', '1', 'AS']
    >>> keywords("MATCH (as) LOAD CSV FROM 'x' AS r RETURN r")
    ['MATCH', 'AS', 'LOAD', 'CSV', 'FROM', 'AS', 'RETURN', 'R']
    """
    tokens = _tokens(cypher)
    words: list[str] = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word":
            continue
        word = text.upper()
        if i and tokens[i - 1][0] == "word" and tokens[i - 1][1].upper() == "AS" and _alias_ends(tokens, i + 1):
            continue  # an alias: "1 AS set", "... AS r RETURN r"
        words.append(word)
    return words


def _alias_ends(tokens: list[tuple[str, str]], i: int) -> bool:
    """Whether an alias can end before ``tokens[i]``."""
    if i >= len(tokens):
        return True
    kind, text = tokens[i]
    return (kind == "punct" and text in ",)}];") or (kind == "word" and text.upper() in _AFTER_ALIAS)


def _procedure(tokens: list[tuple[str, str]], i: int) -> str:
    """The dotted name of the procedure called at ``tokens[i]`` (after CALL), or "" for a subquery."""
    parts: list[str] = []
    if i < len(tokens) and tokens[i][0] == "word":
        parts.append(tokens[i][1])
        i += 1
        while i < len(tokens) and tokens[i][0] == "name" and tokens[i][1].startswith("."):
            parts.append(tokens[i][1][1:].strip())
            i += 1
    return ".".join(parts)


def check_read_only(cypher: str) -> None:
    """Raise QueryError when ``cypher`` is empty or has a clause that writes, loads, calls or administers.

    ``CALL`` passes for a subquery (``CALL { ... }``, ``CALL () { ... }``) and for the procedures in
    ``ALLOWED_PROCEDURES``.

    >>> check_read_only("CALL db.labels() YIELD label RETURN label")
    >>> check_read_only("CALL dbms.listConfig()")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    digestkg.graph.store.QueryError: procedure dbms.listConfig is not allowed; these are: db.labels, ...
    """
    if not cypher.strip():
        raise QueryError("malformed Cypher: the query is empty")
    tokens = _tokens(cypher)
    for i, (kind, text) in enumerate(tokens):
        if kind != "word":
            continue
        word = text.upper()
        if i and tokens[i - 1][0] == "word" and tokens[i - 1][1].upper() == "AS" and _alias_ends(tokens, i + 1):
            continue
        if word == "CALL":
            name = _procedure(tokens, i + 1)
            if not name and i + 1 < len(tokens) and tokens[i + 1][1] in "{(":
                continue  # a subquery: its clauses are checked as they come
            _check_procedure(name or "?")
            continue
        if word in WRITE_KEYWORDS:
            raise QueryError(f"writing is not allowed, queries are read-only (found {word})")


def _check_procedure(name: str) -> None:
    if name.lower() not in _ALLOWED_LOWER:
        raise QueryError(f"procedure {name} is not allowed; these are: {', '.join(sorted(ALLOWED_PROCEDURES))}")


def _operators(plan: Mapping[str, Any]) -> Any:
    stack = [plan]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children") or [])


def check_plan(query_type: str | None, plan: Mapping[str, Any] | None) -> None:
    """Raise QueryError unless the server's plan (``EXPLAIN``) of a query only reads the graph.

    ``query_type`` is the summary's ``r``, ``rw``, ``w`` or ``s``; ``plan`` its operator tree.

    >>> check_plan("r", {"operatorType": "ProduceResults@neo4j", "children": [
    ...     {"operatorType": "LoadCSV@neo4j", "args": {"Details": "r"}, "children": []}]})
    Traceback (most recent call last):
    ...
    digestkg.graph.store.QueryError: LOAD CSV is not allowed: queries read the graph only
    """
    if plan is None:
        raise QueryError("the query was refused: the server gave no plan to check")
    for node in _operators(plan):
        op = str(node.get("operatorType", "")).split("@", 1)[0]
        details = str((node.get("args") or {}).get("Details") or "")
        if op in _REFUSED_OPERATORS:
            raise QueryError(f"{_REFUSED_OPERATORS[op]} is not allowed: queries read the graph only")
        if op.startswith(_REFUSED_PREFIXES):
            raise QueryError(f"{op} is not allowed: queries read the graph only")
        if "Procedure" in op:
            _check_procedure(details.split("(", 1)[0].strip() or "?")
    if query_type != "r":
        raise QueryError(f"writing is not allowed, queries are read-only (the server plans it as {query_type!r})")


def plain(value: Any) -> Any:
    """A driver value as JSON data: nodes and relationships become maps, paths lists, dates strings.

    >>> plain({"n": [1, 2.5, None, "x"]})
    {'n': [1, 2.5, None, 'x']}
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    labels = getattr(value, "labels", None)
    if labels is not None:  # a node
        return {"labels": sorted(labels), "properties": plain(dict(value.items()))}
    rel_type = getattr(value, "type", None)
    if isinstance(rel_type, str):  # a relationship
        return {"type": rel_type, "start": plain(value.start_node.get("iri")),
                "end": plain(value.end_node.get("iri")), "properties": plain(dict(value.items()))}
    relationships = getattr(value, "relationships", None)
    if relationships is not None:  # a path
        return [plain(r) for r in relationships]
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else str(value)


def _text(value: Any) -> str:
    v = plain(value)
    if v is None:
        return ""
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


@dataclass
class CypherResult:
    """The columns and rows of a Cypher query (driver values); ``truncated`` when the limit cut it."""

    keys: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    truncated: bool = False

    def to_json(self) -> dict[str, Any]:
        """``{"columns": [...], "rows": [{column: value}, ...], "truncated": bool}``."""
        return {"columns": list(self.keys),
                "rows": [dict(zip(self.keys, map(plain, row), strict=True)) for row in self.rows],
                "truncated": self.truncated}

    def to_csv(self) -> str:
        """A header of column names, then one line per row; lists, maps and nodes as JSON."""
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(self.keys)
        w.writerows([_text(v) for v in row] for row in self.rows)
        return buf.getvalue()

    def to_table(self, max_width: int = 80) -> str:
        """An aligned plain-text table."""
        if not self.keys:
            return "(no columns)"
        cells = [[fit_cell(_text(v), max_width) for v in row] for row in self.rows]
        return render_table(self.keys, cells, self.truncated)
