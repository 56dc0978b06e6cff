"""Home, search and entity pages; each answers JSON with ``?format=json`` or ``Accept: application/json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request

from . import get_kg

__all__ = ["bp"]

bp = Blueprint("pages", __name__)


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _page(template: str, data: dict[str, Any]):
    if _wants_json():
        return jsonify(data)
    return render_template(template, **data)


@bp.get("/")
def home():
    kg = get_kg()
    return _page("home.html", {"stats": kg.stats(), "digests": kg.store.digests()})


@bp.get("/entity")
def entity():
    name = request.args.get("name", "").strip()
    if not name:
        abort(400, "give an entity name: /entity?name=ByteDance")
    ent = get_kg().entity(name)
    if ent is None:
        abort(404, f"no entity named {name!r}")
    return _page("entity.html", {"entity": ent})
