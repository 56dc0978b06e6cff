"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` and the query consoles (SPARQL, and Cypher on Neo4j).

SELECT and ASK answer as SPARQL results JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as
Turtle (default), N-Triples, RDF/XML or JSON-LD. The Accept header chooses; ``format=`` (json, xml,
csv, tsv, turtle/ttl/n3, ntriples/nt, rdfxml/rdf/xml, jsonld/json-ld, or a media type) counts only
when the header names none of the offered types but through ``*/*`` (or is missing). A header that
fits no offered type gets a 406. ``default-graph-uri`` and ``named-graph-uri`` set the query's
dataset (as FROM and FROM NAMED would, in place of the query's own). Queries are read-only (every
update form gets a 403), time-limited and row-limited: an answer with more rows or triples than
``KG_QUERY_LIMIT`` is refused with a 422 that says so, never cut short in silence (the console at
``/console`` shows the first rows with a notice instead). ``SELECT *`` columns come in the order
the variables first appear in the query.

No CORS header is sent unless ``KG_CORS_ORIGINS`` names the origins (space-separated, or ``*``) whose
pages may read the answers. Each client (remote address) may run ``KG_QUERY_RATE`` queries a minute
(default 300; 0 turns the limit off) through ``/sparql`` and the console; past that it gets a 429.
"""

from __future__ import annotations

import csv
import io
import threading
import time
from collections import deque
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from werkzeug.datastructures import MIMEAccept

from ..console import EXAMPLES, QueryBusyError, languages, run_query
from ..graph.result import QueryResult, shorten
from ..graph.sparql import UPDATE_REFUSAL, with_dataset
from ..graph.store import QueryError
from ..ontology import PREFIXES
from . import get_kg, settings
from .util import wants_json

__all__ = ["bp", "RESULT_TYPES", "GRAPH_TYPES"]

bp = Blueprint("sparql", __name__)

# the formats offered, each with its media type; the first one of a table is the default
RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
               "jsonld": "application/ld+json"}
# other media types that ask for an offered format
_RESULT_MEDIA = {"application/json": "json", "text/javascript": "json", "application/javascript": "json",
                 "application/xml": "xml", "text/xml": "xml"}
_GRAPH_MEDIA = {"application/turtle": "turtle", "application/x-turtle": "turtle", "text/n3": "turtle",
                "text/rdf+n3": "turtle", "application/n3": "turtle", "text/plain": "ntriples",
                "application/xml": "rdfxml", "text/xml": "rdfxml", "application/x-json+ld": "jsonld",
                "application/json+ld": "jsonld", "application/json": "jsonld"}
# names for format=
_RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "ntriples": "ntriples", "nt": "ntriples",
                "n-triples": "ntriples", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml",
                "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_UPDATE_REFUSED = "this endpoint is read-only: SPARQL UPDATE is not accepted"


def _tsv_term(t: Node | None) -> str:
    r"""A term as SPARQL 1.1 TSV results write it: N-Triples syntax, a literal on one line with escapes.

    >>> _tsv_term(Literal('two\nlines "quoted"\tend', lang="en"))
    '"two\\nlines \\"quoted\\"\\tend"@en'
    """
    if t is None:
        return ""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    assert isinstance(t, Literal)
    text = "".join(_ECHAR.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in str(t))
    if t.language:
        return f'"{text}"@{t.language}'
    if t.datatype is not None and str(t.datatype) != _XSD_STRING:
        return f'"{text}"^^<{t.datatype}>'
    return f'"{text}"'


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _term_xml(t: Node) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{escape(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    assert isinstance(t, Literal)
    attr = (f" xml:lang={quoteattr(t.language)}" if t.language
            else f" datatype={quoteattr(str(t.datatype))}" if t.datatype else "")
    return f"<literal{attr}>{escape(str(t))}</literal>"


def _results(res: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return current_app.json.dumps(res.to_json())
    if fmt == "csv":
        return res.to_csv()
    if fmt == "tsv":
        if res.kind == "ask":
            return f"?_askResult\n{'true' if res.boolean else 'false'}\n"
        lines = ["\t".join(f"?{v}" for v in res.vars)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in res.rows]
        return "\n".join(lines) + "\n"
    head = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    if res.kind == "ask":
        return f"{head}<head/><boolean>{'true' if res.boolean else 'false'}</boolean></sparql>\n"
    out = [head, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in res.vars), "</head><results>"]
    for row in res.rows:
        out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                                        for v, t in zip(res.vars, row, strict=True) if t is not None)
                   + "</result>")
    out.append("</results></sparql>\n")
    return "\n".join(out)


def _graph(res: QueryResult, fmt: str) -> str:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in res.graph:
        g.add(t)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=dict(PREFIXES), indent=2)
    return g.serialize(format={"ntriples": "nt", "rdfxml": "xml"}.get(fmt, "turtle"))


def _negotiate(kind: str) -> str | None:
    """The answer's format, or None when nothing offered fits (a 406).

    The Accept header decides when it names an offered type (or a type range like ``text/*``);
    ``format=`` is read only when the header is missing or matches through ``*/*`` alone.
    """
    table, media, names = ((GRAPH_TYPES, _GRAPH_MEDIA, _GRAPH_NAMES) if kind == "graph"
                           else (RESULT_TYPES, _RESULT_MEDIA, _RESULT_NAMES))
    offers = {**{m: f for f, m in table.items()}, **media}
    accept = request.accept_mimetypes
    specific = MIMEAccept([(m, q) for m, q in accept if m != "*/*"])
    best = specific.best_match(list(offers))
    if best is not None:
        return offers[best]
    asked = [a.strip().lower() for a in request.values.getlist("format") if a.strip()]
    if asked:
        return next((names.get(a) or offers.get(a) for a in asked if names.get(a) or offers.get(a)), None)
    if not accept or any(m == "*/*" and q > 0 for m, q in accept):
        return next(iter(table))
    return None


def _limits() -> tuple[float, int]:
    return settings().query_timeout, settings().query_limit


def _run(language: str, query: str) -> QueryResult:
    timeout, limit = _limits()
    # a web request never waits for a query slot: waiting would hold a server thread that pages need
    return run_query(settings(), language, query, timeout=timeout, limit=limit, queue=0)


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint():
    """SPARQL 1.1 Protocol: ``query`` in the query string, a form, or an application/sparql-query body."""
    if request.method == "POST" and request.mimetype == "application/sparql-update":
        return _plain(_UPDATE_REFUSED, 403)
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        query = request.get_data(as_text=True)
    else:
        query = request.values.get("query", "")
    if "update" in request.values:
        return _plain(_UPDATE_REFUSED, 403)
    if not query.strip():
        if request.method == "GET" and not wants_json():
            return console()
        return _plain("give a query: /sparql?query=SELECT...", 400)
    limited = _rate_limited()
    if limited:
        return _plain(limited, 429)
    try:
        query = with_dataset(query, request.values.getlist("default-graph-uri"),
                             request.values.getlist("named-graph-uri"))
    except ValueError as e:
        return _plain(str(e), 400)
    try:
        res = _run("sparql", query)
    except QueryBusyError as e:
        resp = _plain(str(e), 503)
        resp.headers["Retry-After"] = "5"
        return resp
    except QueryError as e:
        message = str(e)
        if message.startswith(UPDATE_REFUSAL):  # an update sent as a query
            return _plain(f"{_UPDATE_REFUSED} ({message})", 403)
        return _plain(message, 503 if "stopped" in message else 400)
    fmt = _negotiate(res.kind)
    table = GRAPH_TYPES if res.kind == "graph" else RESULT_TYPES
    if fmt is None:
        return _plain(f"none of the types in the Accept header is offered for this query; "
                      f"offered: {', '.join(table.values())} (or format={'|'.join(table)})", 406)
    if res.truncated:
        limit = _limits()[1]
        what = "triples" if res.kind == "graph" else "rows"
        return _plain(f"the answer has more than {limit} {what}, the most this endpoint sends (KG_QUERY_LIMIT); "
                      "add LIMIT and OFFSET to the query to take it in parts", 422)
    body = _graph(res, fmt) if res.kind == "graph" else _results(res, fmt)
    resp = _cors(Response(body, mimetype=table[fmt]))
    if request.values.get("download"):
        resp.headers["Content-Disposition"] = f'attachment; filename="results.{fmt}"'
    return resp


@bp.route("/sparql", methods=["OPTIONS"])
def preflight():
    resp = _cors(Response(status=204))
    if "Access-Control-Allow-Origin" in resp.headers:
        resp.headers["Access-Control-Allow-Methods"] = "GET, POST"
        resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    return resp


def _cors(resp: Response) -> Response:
    """Let the origins in ``KG_CORS_ORIGINS`` read the answer; by default no origin but the app's own."""
    allowed = (settings().cors_origins or "").split()
    origin = request.headers.get("Origin", "")
    if "*" in allowed:
        resp.headers["Access-Control-Allow-Origin"] = "*"
    elif origin and origin in allowed:
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.vary.add("Origin")
    return resp


class _Rate:
    """Per client, the times of its queries in the last minute."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: dict[str, deque[float]] = {}


def _rate_limited() -> str | None:
    """A message when this client ran ``KG_QUERY_RATE`` queries in the last minute already, else None."""
    rate = settings().query_rate
    if rate <= 0:
        return None
    state: _Rate = current_app.extensions.setdefault("digestkg_query_rate", _Rate())
    now = time.monotonic()
    client = request.remote_addr or "?"
    with state.lock:
        if len(state.seen) > 10_000:  # forget idle clients
            for key in [k for k, q in state.seen.items() if not q or now - q[-1] > 60]:
                del state.seen[key]
        times = state.seen.setdefault(client, deque())
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= rate:
            return f"too many queries: at most {rate} a minute per client (KG_QUERY_RATE); try again shortly"
        times.append(now)
    return None


def _plain(message: str, status: int) -> Response:
    return _cors(Response(message + "\n", status=status, mimetype="text/plain"))


def _table(res: Any) -> tuple[list[str], list[list[str]]]:
    """Column names and display strings of a SPARQL or Cypher result, for the console's table."""
    if isinstance(res, QueryResult):
        if res.kind == "ask":
            return ["boolean"], [["true" if res.boolean else "false"]]
        doc = res.to_json()
        cols = doc["head"]["vars"]
        return cols, [[(shorten(b[v]["value"]) if b[v]["type"] == "uri" else b[v]["value"]) if v in b else ""
                       for v in cols] for b in doc["results"]["bindings"]]
    rows = list(csv.reader(io.StringIO(res.to_csv())))
    return rows[0] if rows else [], rows[1:]


@bp.get("/console")
def console():
    """The query console: examples, the result as a table, downloads as CSV and JSON."""
    langs = languages(get_kg())
    lang = request.args.get("lang", langs[0] if langs else "sparql")
    if lang not in langs:
        abort(400, f"this graph answers {' and '.join(langs)}, not {lang!r}")
    query = request.args.get("query", "")
    data: dict[str, Any] = {"lang": lang, "languages": langs, "query": query, "examples": EXAMPLES[lang],
                            "result": None, "error": None, "columns": [], "rows": []}
    status = 200
    limited = _rate_limited() if query.strip() else None
    if limited:
        data["error"], status = limited, 429
    elif query.strip():
        try:
            res = _run(lang, query)
        except QueryBusyError as e:
            data["error"], status = str(e), 503
        except QueryError as e:
            data["error"], status = str(e), 400
        else:
            download = request.args.get("download")
            if download in ("csv", "json"):
                body = res.to_csv() if download == "csv" else current_app.json.dumps(res.to_json())
                return Response(body, mimetype="text/csv" if download == "csv" else "application/json",
                                headers={"Content-Disposition": f'attachment; filename="results.{download}"'})
            data["result"] = {**res.to_json(), "truncated": res.truncated}
            data["columns"], data["rows"] = _table(res)
    if wants_json():
        return jsonify(data), status
    return render_template("console.html", **data), status
