"""Search by name or alias, typo-tolerant, with type filters; suggestions while typing."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from .. import search as core_search
from ..ontology.model import ENTITY_TYPES
from . import get_kg
from .util import page

__all__ = ["bp"]

bp = Blueprint("search", __name__)


def _types() -> list[str]:
    types = [t for raw in request.args.getlist("type") for t in raw.split(",") if t]
    bad = set(types) - set(ENTITY_TYPES)
    if bad:
        abort(400, f"unknown type {', '.join(sorted(bad))}; known: {', '.join(ENTITY_TYPES)}")
    return types


@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()
    types = _types()
    hits = core_search.search(get_kg(), q, types=types, limit=50) if q else []
    return page("search.html", {"q": q, "types": types, "results": hits})


@bp.get("/suggest")
def suggest():
    """Always JSON: the best few names for what has been typed so far."""
    q = request.args.get("q", "").strip()
    return jsonify({"q": q, "suggestions": core_search.suggest(get_kg(), q) if q else []})
