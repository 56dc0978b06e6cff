"""Read-only checks for user Cypher, and the result of a Cypher query as a table, JSON or CSV.

The query is tokenised (comments, strings, backquoted names, parameters, labels and property
keys are skipped) and its bare keywords are checked, so ``'DELETE'`` in a string or
``n.set`` pass, while a write clause is refused before the query reaches a server. Stores
also run user queries in read transactions, which the server enforces.

>>> check_read_only("MATCH (n:Company {name: 'CREATE'}) // DELETE in a comment\\nRETURN n.set")
>>> check_read_only("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: writing is not allowed, queries are read-only (found DETACH)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from digestkg.graph.result import fit_cell, render_table
from digestkg.graph.store import QueryError

__all__ = ["WRITE_KEYWORDS", "keywords", "check_read_only", "CypherResult", "plain"]

# write clauses (INSERT is Cypher 25's CREATE), procedure calls (which may write) and administration
WRITE_KEYWORDS = frozenset({
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "FOREACH", "LOAD", "INSERT", "ALTER",
    "GRANT", "DENY", "REVOKE", "CALL", "START", "STOP",
})

_TOKENS = re.compile(
    r"""
      (?P<comment>//[^\n\r]*|/\*.*?\*/)
    | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<quoted>`(?:[^`]|``)*`)
    | (?P<param>\$\w+)
    | (?P<name>[.:]\s*\w+)
    | (?P<word>\w+)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(cypher: str) -> list[str]:
    """The bare words of a query (keywords, variables, function names), upper-cased, in order.

    A name after AS is an alias, not a keyword.

    >>> keywords("MATCH (n:Set)-[:REMOVE]->(m) WHERE n.delete = $create RETURN 'merge' AS `drop`, 1 AS set")
    ['MATCH', 'N', 'M', 'WHERE', 'N', 'RETURN', 'AS', '1', 'AS']
    """
    words: list[str] = []
    after_as = False
    for m in _TOKENS.finditer(cypher):
        if m.lastgroup == "word":
            word = m.group("word").upper()
            if not after_as:
                words.append(word)
            after_as = word == "AS" and not after_as
        elif m.lastgroup not in ("comment",):
            after_as = False
    return words


def check_read_only(cypher: str) -> None:
    """Raise QueryError when ``cypher`` is empty or has a clause that writes or administers."""
    if not cypher.strip():
        raise QueryError("malformed Cypher: the query is empty")
    for word in keywords(cypher):
        if word in WRITE_KEYWORDS:
            raise QueryError(f"writing is not allowed, queries are read-only (found {word})")


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
