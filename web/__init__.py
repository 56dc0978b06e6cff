"""The web app: ``create_app(test_config=None)``, one blueprint per area, every page also JSON."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from flask import Flask, current_app, g, jsonify, render_template
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from ..core import KnowledgeGraph
from ..graph.store import StoreError, StoreLockedError, get_store_class
from ..settings import SETTINGS as _SETTINGS
from ..settings import Settings

__all__ = ["create_app", "get_kg", "settings", "SETTINGS", "CSP"]

# every setting the app reads, by variable, with its meaning (the README documents each; a test checks)
SETTINGS = {s.env: s.help for s in _SETTINGS}

# no inline scripts anywhere: the page's data travels in <script type="application/json"> blocks
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app over the graph that its settings name.

    The settings are ``test_config["KG_SETTINGS"]`` (what ``kg serve`` hands over), else
    :meth:`Settings.load` from the environment; other ``KG_*`` keys of ``test_config`` (by variable
    name) override single settings. ``app.config["KG_SETTINGS"]`` holds the result; code reads it
    through :func:`settings`, templates as ``app_settings``.
    """
    app = Flask(__name__)
    config = dict(test_config or {})
    given: Settings = config.pop("KG_SETTINGS", None) or Settings.load()
    given = given.replace(**{s.name: config.pop(s.env) for s in _SETTINGS if s.env in config})
    app.config.update(config)
    app.config["KG_SETTINGS"] = given
    app.config["MAX_CONTENT_LENGTH"] = given.upload_max_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    with suppress(StoreError):  # each request answers 503 with the reason
        get_store_class(given.store)  # the backend's module is imported now, not by the first request (Neo4j: 0.3 s)

    from . import analytics, api, digests, export, ingest, network, pages, search, sparql
    from .util import register_filters

    for module in (pages, search, network, analytics, digests, sparql, export, ingest, api):
        app.register_blueprint(module.bp)
    register_filters(app)
    app.context_processor(lambda: {"app_settings": settings()})

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


def settings() -> Settings:
    """The settings the app runs with."""
    return current_app.config["KG_SETTINGS"]


def get_kg() -> KnowledgeGraph:
    """The request's read-only view of the graph."""
    if "kg" not in g:
        g.kg = KnowledgeGraph(settings=settings(), read_only=True)
    return g.kg
