"""The web app: ``create_app(test_config=None)``, one blueprint per area, every page also JSON."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, jsonify, render_template
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from ..core import KnowledgeGraph, default_data_dir
from ..graph.store import StoreError, StoreLockedError
from ..loaders.sources import MAX_BYTES

__all__ = ["create_app", "get_kg", "SETTINGS", "CSP"]

# every setting the app reads, with its meaning (the README documents each; a test checks)
SETTINGS = {
    "KG_DATA": "data directory of the graph (default: $KG_DATA, else ~/.local/share/digestkg)",
    "KG_STORE": "store backend name (default: oxigraph)",
    "KG_QUERY_TIMEOUT": "seconds a query may run (default 10)",
    "KG_QUERY_LIMIT": "rows a query returns at most (default 1000)",
    "KG_INGEST_TOKEN": "token that the ingest page asks for; without it ingest is off (default: unset)",
    "KG_UPLOAD_MAX_BYTES": f"largest request body, uploads included, in bytes (default {MAX_BYTES})",
    "KG_NETWORK_MAX_NODES": "most nodes the network view sends; the most connected stay (default 300)",
}

# no inline scripts anywhere: the page's data travels in <script type="application/json"> blocks
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(KG_DATA=None, KG_STORE="oxigraph", KG_QUERY_TIMEOUT=10.0, KG_QUERY_LIMIT=1000,
                            KG_INGEST_TOKEN=None, KG_UPLOAD_MAX_BYTES=MAX_BYTES, KG_NETWORK_MAX_NODES=300)
    app.config.from_prefixed_env("KG")  # KG_QUERY_LIMIT=... in the environment
    if test_config:
        app.config.update({k: v for k, v in test_config.items() if v is not None})
    app.config["KG_DATA"] = str(app.config["KG_DATA"] or default_data_dir())
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["KG_UPLOAD_MAX_BYTES"])
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from . import analytics, api, digests, export, ingest, network, pages, search, sparql
    from .util import register_filters

    for module in (pages, search, network, analytics, digests, sparql, export, ingest, api):
        app.register_blueprint(module.bp)
    register_filters(app)

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        kg = g.pop("kg", None)
        if kg is not None:
            kg.close()

    @app.after_request
    def _headers(resp):  # type: ignore[no-untyped-def]
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        return resp

    @app.errorhandler(HTTPException)
    def _error(e: HTTPException):  # type: ignore[no-untyped-def]
        from .util import wants_json

        body = {"error": e.description, "status": e.code}
        if wants_json():
            resp = jsonify(body)
        else:
            resp = app.make_response(render_template("error.html", **body))
        resp.status_code = e.code or 500
        for k, v in (e.get_headers() if e.response is None else []):
            if k.lower() != "content-type":
                resp.headers[k] = v
        return resp

    @app.errorhandler(StoreError)
    def _store_error(e: StoreError):  # type: ignore[no-untyped-def]
        busy = isinstance(e, StoreLockedError)
        msg = ("the graph is being written to; try again in a moment" if busy else f"the store failed: {e}")
        return _error(ServiceUnavailable(msg))

    return app


def get_kg() -> KnowledgeGraph:
    """The request's read-only view of the graph."""
    from flask import current_app

    if "kg" not in g:
        g.kg = KnowledgeGraph(current_app.config["KG_DATA"], store=current_app.config["KG_STORE"],
                              read_only=True)
    return g.kg
