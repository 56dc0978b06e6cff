"""Home and entity pages; each answers JSON with ``?format=json`` or ``Accept: application/json``."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from ..analytics import network
from . import get_kg
from .util import find_entity, page

__all__ = ["bp"]

FACTS_PER_PAGE = 100
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
    seen: set[tuple[str, str, str]] = set()
    for f in ent["facts"]:
        pred = f["predicate"].rsplit("#", 1)[-1]
        group = neighbours.setdefault(pred, {"out": [], "in": []})[f["direction"]]
        if (pred, f["direction"], f["other"]) not in seen:
            seen.add((pred, f["direction"], f["other"]))
            group.append({"iri": f["other"], "name": f["other_label"] or f["other"],
                          "type": (f["other_type"] or "").rsplit("#", 1)[-1]})
    # a hub has thousands of facts: show them a page at a time (?page=2), newest first
    pages = max(1, -(-len(ent["facts"]) // FACTS_PER_PAGE))
    number = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    wikidata = node.get("wikidata")
    return page("entity.html", {
        "entity": {**ent, "wikidata": wikidata, "facts_total": len(ent["facts"]),
                   "facts": ent["facts"][(number - 1) * FACTS_PER_PAGE: number * FACTS_PER_PAGE],
                   "wikidata_url": f"https://www.wikidata.org/wiki/{wikidata}" if wikidata else None},
        "page": {"number": number, "pages": pages, "per_page": FACTS_PER_PAGE},
        "events": kg.events(ent["iri"], limit=200),
        "neighbours": neighbours,
    })


@bp.get("/settings")
def settings():
    """The settings in force: each with its variable and flag; secrets only as set or not."""
    return page("settings.html", {"settings": current_app.config["KG_SETTINGS"].public()})
