"""Read-only checks for user SPARQL: no updates, no SERVICE.

The decision comes from a parse: the query is parsed with rdflib's SPARQL 1.1 query grammar and
refused when it is not a query (an update: INSERT, DELETE, LOAD, CLEAR, DROP...), when it does not
parse, or when its parse tree holds a SERVICE pattern anywhere (subqueries, OPTIONAL, UNION...).
The text given to rdflib is prepared so that it reads the query as Oxigraph does: ``\\u`` escapes,
which Oxigraph reads only inside strings and IRIs, stand for one plain character (rdflib would
otherwise expand them everywhere, and ``"a\\u0022 # " SERVICE`` would read as a comment), and a
carriage return ends a comment, as it does for Oxigraph.

A token scan runs first, as a second line and for clearer messages: comments, strings, IRIs,
prefixed names, variables and language tags are skipped, and a bare word that is an update
keyword, or that holds SERVICE at all (``1SERVICE`` reads as the number 1, then SERVICE), is
refused. So ``"INSERT"`` in a string or ``ex:drop`` as a name pass.

>>> check_read_only('SELECT ?s WHERE { ?s ?p "DROP it" }  # LOAD in a comment')
>>> check_read_only("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: updates are not allowed, queries are read-only (found DELETE)
>>> check_read_only("SELECT * WHERE { ?x ?y 1SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }")
Traceback (most recent call last):
...
digestkg.graph.store.QueryError: SERVICE is not allowed: queries run offline over the local store only
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from digestkg.graph.store import QueryError

__all__ = ["UPDATE_KEYWORDS", "keywords", "check_read_only", "check_parse", "first_line"]

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_SERVICE = "SERVICE is not allowed: queries run offline over the local store only"
_UPDATE = "updates are not allowed, queries are read-only"

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
# a \u or \U escape (one character for Oxigraph, inside strings and IRIs only), or another escape
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|(.))", re.DOTALL)
_PARSE_LOCK = threading.Lock()  # pyparsing grammars are not meant to be shared between threads


def keywords(sparql: str) -> list[str]:
    """The bare words of a query (keywords, function names, numbers), upper-cased, in order.

    >>> keywords('PREFIX ex: <http://x/> SELECT * { ?drop ex:service "LOAD" 1SERVICE }')
    ['PREFIX', 'SELECT', '1SERVICE']
    """
    return [m.group("word").upper() for m in _TOKENS.finditer(sparql) if m.lastgroup == "word"]


def check_read_only(sparql: str, *, parse: bool = True) -> None:
    """Raise QueryError when ``sparql`` is empty, malformed, an update, or calls a remote SERVICE.

    ``parse=False`` runs the token scan only (for the store's own queries, built from templates).
    """
    if not sparql.strip():
        raise QueryError("malformed SPARQL: the query is empty")
    for word in keywords(sparql):
        if word in UPDATE_KEYWORDS:
            raise QueryError(f"{_UPDATE} (found {word})")
        if "SERVICE" in word:
            raise QueryError(_SERVICE)
    if parse:
        check_parse(sparql)


def _as_oxigraph_reads(sparql: str) -> str:
    r"""The query with every \u escape as one plain letter and every CR as LF, for rdflib.

    >>> _as_oxigraph_reads('"a\\u0022 # \\\\u0041" \\" #x\rSERVICE')
    '"ax # \\\\u0041" \\" #x\nSERVICE'
    """
    text = _ESCAPE.sub(lambda m: m.group(0) if m.group(1) is not None else "x", sparql)
    return text.replace("\r", "\n")


def _has_service(node: Any, depth: int = 0) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 10000:
        return True  # deeper than any query should be: refuse
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(v, depth + 1) for v in node.values())
    if isinstance(node, dict):
        return any(_has_service(v, depth + 1) for v in node.values())
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return any(_has_service(v, depth + 1) for v in node)
    return False


@functools.lru_cache(maxsize=512)
def check_parse(sparql: str) -> None:
    """Raise QueryError unless ``sparql`` parses as a SPARQL 1.1 query without SERVICE (see the module notes)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser

    text = _as_oxigraph_reads(sparql)
    with _PARSE_LOCK:
        try:
            tree = parser.Query.parse_string(text, parse_all=True)
        except (ParseBaseException, ValueError, TypeError, RecursionError) as e:
            reason = "the query is nested too deeply" if isinstance(e, RecursionError) else first_line(e)
            try:
                parser.UpdateUnit.parse_string(text, parse_all=True)
            except Exception:  # noqa: BLE001 - not an update either: report the query's own error
                raise QueryError(f"malformed SPARQL: {reason}") from None
            raise QueryError(_UPDATE) from None
    try:
        service = _has_service(tree)
    except RecursionError:
        service = True
    if service:
        raise QueryError(_SERVICE)


def first_line(error: BaseException | str) -> str:
    """The first non-empty line of an error message.

    >>> first_line(SyntaxError("error at 1:10: expected CONSTRUCT\\nmore"))
    'error at 1:10: expected CONSTRUCT'
    """
    for line in str(error).splitlines():
        if line.strip():
            return line.strip()
    return type(error).__name__ if isinstance(error, BaseException) else ""
