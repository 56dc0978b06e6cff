"""What every blueprint shares: JSON or HTML answers, filters from the query string, template filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..analytics import NetworkFilter
from ..cache import cached
from ..core import KnowledgeGraph
from ..graph.result import shorten
from ..network_view import TYPE_COLORS
from ..ontology.model import ENTITY_TYPES, PREDICATES
from ..ontology.vocabulary import label
from . import get_kg

__all__ = ["wants_json", "page", "cached_page", "network_filter", "find_entity", "register_filters", "verb"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def wants_json() -> bool:
    """``?format=json``, or an Accept header that prefers JSON to HTML."""
    try:
        asked = request.values.get("format")
    except HTTPException:  # a body too large to read: the error page itself must not read it
        asked = request.args.get("format")
    if asked == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def page(template: str, data: dict[str, Any], status: int = 200):  # type: ignore[no-untyped-def]
    """``data`` as JSON when asked for, else the template rendered with it."""
    if wants_json():
        return jsonify(data), status
    return render_template(template, **data), status


def cached_page(template: str, build: Callable[[], dict[str, Any]]):  # type: ignore[no-untyped-def]
    """``page`` for a page that depends only on the graph, the settings and its URL: its JSON or HTML is
    made once per store state, settings, URL and format (see :mod:`digestkg.cache`), so that a hub's page
    costs its first request, not every one."""
    as_json = wants_json()

    def render() -> tuple[bytes, str]:
        resp = jsonify(build()) if as_json else current_app.make_response(render_template(template, **build()))
        return resp.get_data(), resp.mimetype

    key = f"page {hash(current_app.config['KG_SETTINGS'])} {request.full_path} {'json' if as_json else 'html'}"
    body, mimetype = cached(get_kg(), key, render)
    return current_app.response_class(body, mimetype=mimetype), 200


def network_filter() -> NetworkFilter:
    """Predicates, entity types and a date range from the query string (``predicate``, ``type``, ``since``,
    ``until``, each repeatable or comma-separated); unknown values get a 400."""
    def values(name: str, known: tuple[str, ...]) -> frozenset[str]:
        out = {v.strip() for raw in request.args.getlist(name) for v in raw.split(",") if v.strip()}
        bad = out - set(known)
        if bad:
            abort(400, f"unknown {name} {', '.join(sorted(bad))}; known: {', '.join(known)}")
        return frozenset(out)

    dates = []
    for name in ("since", "until"):
        d = request.args.get(name, "").strip()
        if d and not _DATE.match(d):
            abort(400, f"{name} must be a date like 2024-03-01, not {d!r}")
        dates.append(d)
    return NetworkFilter(values("predicate", PREDICATES), values("type", ENTITY_TYPES), *dates)


def find_entity(name: str, param: str = "name", kg: KnowledgeGraph | None = None) -> dict[str, str]:
    """The entity called ``name`` (any alias, any case), or a 400/404 that says what is missing."""
    if not name.strip():
        abort(400, f"give an entity name: ?{param}=ByteDance")
    found = (kg or get_kg()).find_entities(name.strip(), indexed=True)
    if not found:
        abort(404, f"no entity named {name!r}")
    return found[0]


def verb(predicate: str) -> str:
    """A predicate as words, its label in the ontology: ``investsIn`` -> ``invests in``.

    >>> verb("recruitsFrom"), verb("owns")
    ('recruits from', 'owns')
    """
    return label(predicate)


def register_filters(app: Flask) -> None:
    app.add_template_filter(verb, "verb")
    app.add_template_filter(shorten, "short")
    app.add_template_global(TYPE_COLORS, "type_colors")
    app.add_template_global(PREDICATES, "predicates")
    app.add_template_global(ENTITY_TYPES, "entity_types")
