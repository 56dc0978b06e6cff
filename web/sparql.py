"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` and the query consoles (SPARQL, and Cypher on Neo4j).

SELECT and ASK answer as SPARQL results JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as
Turtle (default), JSON-LD or N-Triples; the Accept header chooses, or ``format=json|xml|csv|tsv|turtle|
jsonld|ntriples``. Queries are read-only, time-limited and row-limited, as in the consoles.

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

from ..console import EXAMPLES, QueryBusyError, languages, run_query
from ..graph.result import QueryResult, shorten
from ..graph.store import QueryError
from ..ontology import PREFIXES
from . import get_kg
from .util import wants_json

__all__ = ["bp", "RESULT_TYPES", "GRAPH_TYPES"]

bp = Blueprint("sparql", __name__)

RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples"}
_ALIASES = {"application/json": "json", "text/xml": "xml", "application/xml": "xml",
            "application/x-turtle": "turtle", "application/json+ld": "jsonld", "text/plain": "ntriples"}


def _term_nt(t: Node | None) -> str:
    """A term as in N-Triples (for TSV results)."""
    return "" if t is None else t.n3()


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
        lines += ["\t".join(_term_nt(t) for t in row) for row in res.rows]
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
    return g.serialize(format="nt" if fmt == "ntriples" else "turtle")


def _negotiate(kind: str) -> str:
    """The answer format: ``format=...``, else the best match for the Accept header."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    asked = request.values.get("format", "").strip().lower()
    if asked:
        asked = _ALIASES.get(asked, asked)
        if asked not in table:
            abort(406, f"format {asked!r} is not offered for this query; choose one of: {', '.join(table)}")
        return asked
    offers = list(table.values()) + [m for m, f in _ALIASES.items() if f in table]
    best = request.accept_mimetypes.best_match(offers)
    if best is None:
        return next(iter(table))
    return next((f for f, m in table.items() if m == best), _ALIASES.get(best, next(iter(table))))


def _limits() -> tuple[float, int]:
    return float(current_app.config["KG_QUERY_TIMEOUT"]), int(current_app.config["KG_QUERY_LIMIT"])


def _run(language: str, query: str) -> QueryResult:
    timeout, limit = _limits()
    return run_query(current_app.config["KG_SETTINGS"], language, query, timeout=timeout, limit=limit)


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint():
    """SPARQL 1.1 Protocol: ``query`` in the query string, a form, or an application/sparql-query body."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        query = request.get_data(as_text=True)
    else:
        query = request.values.get("query", "")
    if "update" in request.values:
        return _plain("this endpoint is read-only: SPARQL UPDATE is not accepted", 403)
    if not query.strip():
        if request.method == "GET" and not wants_json():
            return console()
        return _plain("give a query: /sparql?query=SELECT...", 400)
    limited = _rate_limited()
    if limited:
        return _plain(limited, 429)
    try:
        res = _run("sparql", query)
    except QueryBusyError as e:
        resp = _plain(str(e), 503)
        resp.headers["Retry-After"] = "5"
        return resp
    except QueryError as e:
        return _plain(str(e), 503 if "stopped" in str(e) else 400)
    fmt = _negotiate(res.kind)
    body = _graph(res, fmt) if res.kind == "graph" else _results(res, fmt)
    mime = (GRAPH_TYPES if res.kind == "graph" else RESULT_TYPES)[fmt]
    resp = _cors(Response(body, mimetype=mime))
    if res.truncated:
        resp.headers["X-Results-Truncated"] = f"cut at {_limits()[1]} rows"
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
    allowed = str(current_app.config.get("KG_CORS_ORIGINS") or "").split()
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
    rate = int(current_app.config.get("KG_QUERY_RATE", 300) or 0)
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
