"""Read-only checks for user SPARQL: no updates, no SERVICE.

The query is tokenised (comments, strings, IRIs, prefixed names, variables and
language tags are skipped) and its bare keywords are checked, so ``"INSERT"`` in a
string or ``ex:drop`` as a name pass, while a real update or SERVICE clause is refused
before the query reaches a store.

>>> check_read_only('SELECT ?s WHERE { ?s ?p "DROP it" }  # LOAD in a comment')
>>> check_read_only("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: updates are not allowed, queries are read-only (found DELETE)
"""

from __future__ import annotations

import re

from digestkg.graph.store import QueryError

__all__ = ["UPDATE_KEYWORDS", "keywords", "check_read_only", "first_line"]

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_PN = r"[^\W\d][\w.\-\u00B7]*"  # a prefix (letters first; "_" for blank node labels)
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"
               |'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<pname>(?:"""
    + _PN
    + r""")?:(?:[\w.\-:\u00B7]|%[0-9A-Fa-f]{2}|\\.)*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>\w+)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(sparql: str) -> list[str]:
    """The bare words of a query (keywords, function names), upper-cased, in order.

    >>> keywords('PREFIX ex: <http://x/> SELECT * { ?drop ex:service "LOAD" }')
    ['PREFIX', 'SELECT']
    """
    return [m.group("word").upper() for m in _TOKENS.finditer(sparql) if m.lastgroup == "word"]


def check_read_only(sparql: str) -> None:
    """Raise QueryError when ``sparql`` is an update or calls a remote SERVICE."""
    if not sparql.strip():
        raise QueryError("malformed SPARQL: the query is empty")
    for word in keywords(sparql):
        if word in UPDATE_KEYWORDS:
            raise QueryError(f"updates are not allowed, queries are read-only (found {word})")
        if word == "SERVICE":
            raise QueryError("SERVICE is not allowed: queries run offline over the local store only")


def first_line(error: BaseException | str) -> str:
    """The first non-empty line of an error message.

    >>> first_line(SyntaxError("error at 1:10: expected CONSTRUCT\\nmore"))
    'error at 1:10: expected CONSTRUCT'
    """
    for line in str(error).splitlines():
        if line.strip():
            return line.strip()
    return type(error).__name__ if isinstance(error, BaseException) else ""
