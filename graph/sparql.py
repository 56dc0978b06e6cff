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

from digestkg.graph.result import QueryResult
from digestkg.graph.store import QueryError

__all__ = ["UPDATE_KEYWORDS", "UPDATE_REFUSAL", "keywords", "check_read_only", "check_parse", "first_line",
           "in_query_order", "with_dataset"]

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_SERVICE = "SERVICE is not allowed: queries run offline over the local store only"
UPDATE_REFUSAL = "updates are not allowed, queries are read-only"

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
            raise QueryError(f"{UPDATE_REFUSAL} (found {word})")
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
            raise QueryError(UPDATE_REFUSAL) from None
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


# a graph IRI that can go between < and > as it is (the SPARQL IRIREF production, absolute)
_GRAPH_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")
# the query's tokens (as check_read_only reads them), and the brackets and stars between them
_SCAN = re.compile(_TOKENS.pattern + r"| (?P<punct>[{}()*])", _TOKENS.flags)


def _scan(query: str, kinds: tuple[str, ...] = ("word", "var", "punct")) -> list[tuple[str, str, int, int]]:
    """The query's tokens of ``kinds`` (words, variables, brackets...): (kind, text, start, end)."""
    return [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _SCAN.finditer(query)
            if m.lastgroup in kinds]


def in_query_order(query: str, res: QueryResult) -> QueryResult:
    """A ``SELECT *`` result with its columns in the order the variables first appear in the query.

    pyoxigraph gives the variables of ``SELECT *`` sorted by name; other tools (Jena, rdflib) keep
    the order of the query, and so does this.

    >>> from rdflib import Literal
    >>> r = QueryResult("select", ["a", "b", "zz"], [(Literal(1), Literal(2), Literal(3))])
    >>> in_query_order("SELECT * WHERE { ?zz ?b ?a }", r).vars
    ['zz', 'b', 'a']
    """
    if res.kind != "select" or len(res.vars) < 2:
        return res
    tokens = _scan(query)
    start = next((i for i, (kind, text, *_) in enumerate(tokens) if kind == "word" and text.upper() == "SELECT"),
                 None)
    if start is None:
        return res
    rest = [t for t in tokens[start + 1:start + 3] if not (t[0] == "word" and t[1].upper() in ("DISTINCT", "REDUCED"))]
    if not rest or rest[0][1] != "*":
        return res
    seen: dict[str, int] = {}
    for kind, text, *_ in tokens[start:]:
        if kind == "var":
            seen.setdefault(text[1:], len(seen))
    order = sorted(range(len(res.vars)), key=lambda i: (seen.get(res.vars[i], len(seen)), i))
    if order == list(range(len(res.vars))):
        return res
    return QueryResult("select", vars=[res.vars[i] for i in order],
                       rows=[tuple(row[i] for i in order) for row in res.rows], truncated=res.truncated)


def with_dataset(query: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """The query with FROM and FROM NAMED clauses for the protocol's default-graph-uri and named-graph-uri.

    As the protocol says, the graphs given replace the query's own FROM and FROM NAMED clauses; with
    none given the query is left as it is. The clauses go before WHERE, or before the first top-level
    ``{`` when the query has no WHERE keyword; a DESCRIBE without a pattern gets them at its end (before
    any LIMIT). ValueError when a graph is not an absolute IRI.

    >>> with_dataset("SELECT * { ?s ?p ?o }", ["http://g/1"], ["http://g/2"])
    'SELECT * FROM <http://g/1> FROM NAMED <http://g/2> { ?s ?p ?o }'
    >>> with_dataset("CONSTRUCT { ?s ?p ?o } FROM NAMED kg:x WHERE { ?s ?p ?o }", ["http://g/1"], [])
    'CONSTRUCT { ?s ?p ?o } FROM <http://g/1> WHERE { ?s ?p ?o }'
    """
    if not default_graphs and not named_graphs:
        return query
    for g in (*default_graphs, *named_graphs):
        if not _GRAPH_IRI.fullmatch(g):
            raise ValueError(f"not an absolute IRI for a graph: {g!r}")
    tokens = _scan(query, ("word", "iri", "pname"))
    for i in reversed(range(len(tokens))):  # the query's own dataset clauses go
        if tokens[i][0] == "word" and tokens[i][1].upper() == "FROM":
            j = i + 1 if i + 1 < len(tokens) and tokens[i + 1][1].upper() != "NAMED" else i + 2
            if j < len(tokens) and tokens[j][0] in ("iri", "pname"):
                query = query[:tokens[i][2]].rstrip() + " " + query[tokens[j][3]:].lstrip()
    clause = " ".join([*(f"FROM <{g}>" for g in default_graphs), *(f"FROM NAMED <{g}>" for g in named_graphs)])
    depth, parens, form, at = 0, 0, "", None
    for kind, text, offset, _ in _scan(query):
        word = text.upper() if kind == "word" else ""
        if word in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK") and not form:
            form = word
        elif kind == "punct" and text == "(":
            parens += 1
        elif kind == "punct" and text == ")":
            parens -= 1
        elif kind == "punct" and text == "}":
            depth -= 1
        elif depth == 0 and parens == 0 and form and (
                word == "WHERE" or (kind == "punct" and text == "{" and form != "CONSTRUCT")
                or (form == "DESCRIBE" and word in ("ORDER", "LIMIT", "OFFSET", "VALUES"))):
            at = offset
            break
        if kind == "punct" and text == "{":
            depth += 1
    if at is None:
        return f"{query.rstrip()} {clause}"
    return f"{query[:at].rstrip()} {clause} {query[at:]}"
