"""The web app: ``create_app(test_config=None)``, one blueprint per area, every page also JSON."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from ..core import KnowledgeGraph, default_data_dir

__all__ = ["create_app", "get_kg", "SETTINGS"]

# every setting the app reads, with its meaning (the README documents each; a test checks)
SETTINGS = {
    "KG_DATA": "data directory of the graph (default: $KG_DATA, else ~/.local/share/digestkg)",
    "KG_STORE": "store backend name (default: oxigraph)",
    "KG_QUERY_TIMEOUT": "seconds a query may run (default 10)",
    "KG_QUERY_LIMIT": "rows a query returns at most (default 1000)",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(KG_DATA=None, KG_STORE="oxigraph", KG_QUERY_TIMEOUT=10.0, KG_QUERY_LIMIT=1000)
    app.config.from_prefixed_env("KG")  # KG_QUERY_LIMIT=... in the environment
    if test_config:
        app.config.update({k: v for k, v in test_config.items() if v is not None})
    app.config["KG_DATA"] = str(app.config["KG_DATA"] or default_data_dir())

    from . import pages

    app.register_blueprint(pages.bp)

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        kg = g.pop("kg", None)
        if kg is not None:
            kg.close()

    return app


def get_kg() -> KnowledgeGraph:
    """The request's read-only view of the graph."""
    from flask import current_app

    if "kg" not in g:
        g.kg = KnowledgeGraph(current_app.config["KG_DATA"], store=current_app.config["KG_STORE"],
                              read_only=True)
    return g.kg
