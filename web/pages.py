"""Home and entity pages; each answers JSON with ``?format=json`` or ``Accept: application/json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from ..core import KnowledgeGraph
from ..graph.store import FactPage
from . import get_kg
from .util import cached_page, find_entity, page

__all__ = ["bp", "FACTS_PER_PAGE", "SOURCES_PER_FACT", "NEIGHBOURS_SHOWN"]

FACTS_PER_PAGE = 100
SOURCES_PER_FACT = 5  # the newest sentences shown under a fact; "stated in N stories" counts them all
NEIGHBOURS_SHOWN = 30  # per predicate and direction, beside the facts
bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """Counts, the latest digests and the newest events, built once per store state: index reads (counts,
    the newest dates), no pass over the graph, so the first request after an ingest is cheap too."""
    kg = get_kg()
    return cached_page("home.html", lambda: {"stats": kg.stats(quads=False), "digests": kg.digests(latest=10),
                                             "events": kg.events(limit=10)})


@bp.get("/entity")
def entity():
    """An entity's facts as sentences with their evidence, its events, and its neighbours by predicate."""
    kg = get_kg()
    found = find_entity(request.args.get("name", ""))
    number = max(1, request.args.get("page", 1, type=int) or 1)
    return cached_page("entity.html", lambda: _entity_page(kg, found, number))


def _entity_page(kg: KnowledgeGraph, found: dict[str, str], number: int) -> dict[str, Any]:
    """Page ``number`` of an entity's facts, read a page at a time (a hub has thousands): one row per fact
    with how many stories state it and the newest of their sentences; its events; its neighbours by
    predicate, the first ``NEIGHBOURS_SHOWN`` of each direction."""
    def read(n: int) -> dict[str, Any]:
        return kg.describe(found, offset=(n - 1) * FACTS_PER_PAGE, limit=FACTS_PER_PAGE, sources=SOURCES_PER_FACT)

    ent = read(number)
    facts: FactPage = ent["facts"]
    pages = max(1, -(-facts.total // FACTS_PER_PAGE))
    if number > pages:  # past the end: the last page
        number = pages
        ent = read(number)
        facts = ent["facts"]
    neighbours: dict[str, dict[str, Any]] = {}
    for n in facts.neighbours:
        group = neighbours.setdefault(n.predicate, {"out": [], "in": [], "out_total": 0, "in_total": 0})
        group[f"{n.direction}_total"] += 1
        if len(group[n.direction]) < NEIGHBOURS_SHOWN:
            group[n.direction].append({"iri": n.other, "name": n.other_label, "type": n.other_type})
    wikidata = kg.wikidata(found["iri"])
    return {"entity": {**ent, **facts.as_dict(), "wikidata": wikidata,
                       "wikidata_url": f"https://www.wikidata.org/wiki/{wikidata}" if wikidata else None},
            "events": kg.events(found["iri"], limit=200), "neighbours": neighbours,
            "page": {"number": number, "pages": pages, "per_page": FACTS_PER_PAGE}}


@bp.get("/settings")
def settings():
    """The settings in force: each with its variable and flag; secrets only as set or not."""
    return page("settings.html", {"settings": current_app.config["KG_SETTINGS"].public()})
