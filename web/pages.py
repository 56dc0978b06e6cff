"""Home and entity pages; each answers JSON with ``?format=json`` or ``Accept: application/json``."""

from __future__ import annotations

from flask import Blueprint, request

from ..analytics import network
from . import get_kg
from .util import find_entity, page

__all__ = ["bp"]

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    kg = get_kg()
    latest = sorted(kg.store.digests(), key=lambda d: (d.get("date") or "", d.get("doc") or ""), reverse=True)
    return page("home.html", {"stats": kg.stats(), "digests": latest[:10], "events": kg.events(limit=10)})


@bp.get("/entity")
def entity():
    """An entity's facts as sentences with their evidence, its events, and its neighbours by predicate."""
    kg = get_kg()
    ent = kg.entity(find_entity(request.args.get("name", ""))["name"])
    assert ent is not None
    node = network(kg).nodes.get(ent["iri"], {})
    neighbours: dict[str, dict[str, list[dict[str, str]]]] = {}
    for f in ent["facts"]:
        pred = f["predicate"].rsplit("#", 1)[-1]
        group = neighbours.setdefault(pred, {"out": [], "in": []})[f["direction"]]
        if not any(n["iri"] == f["other"] for n in group):
            group.append({"iri": f["other"], "name": f["other_label"] or f["other"],
                          "type": (f["other_type"] or "").rsplit("#", 1)[-1]})
    wikidata = node.get("wikidata")
    return page("entity.html", {
        "entity": {**ent, "wikidata": wikidata,
                   "wikidata_url": f"https://www.wikidata.org/wiki/{wikidata}" if wikidata else None},
        "events": kg.events(ent["iri"], limit=200),
        "neighbours": neighbours,
    })
