"""Home and entity pages; each answers JSON with ``?format=json`` or ``Accept: application/json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from ..cache import cached
from ..core import KnowledgeGraph
from . import get_kg
from .util import cached_page, find_entity, page

__all__ = ["bp", "group_sources"]

FACTS_PER_PAGE = 100
bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """Counts, the latest digests and the newest events, built once per store state: index reads (counts,
    the newest dates), no pass over the graph, so the first request after an ingest is cheap too."""
    kg = get_kg()
    return cached_page("home.html", lambda: {"stats": kg.stats(quads=False), "digests": kg.digests(latest=10),
                                             "events": kg.events(limit=10)})


_FACT_KEYS = ("direction", "predicate", "other", "other_label", "other_type")


def group_sources(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements of the same fact (predicate, direction, other entity) as one row with its ``sources``,
    in the order of their first statement; each source keeps its evidence, confidence and story.

    >>> rows = group_sources([{"direction": "out", "predicate": "owns", "other": "x", "other_label": "X",
    ...                        "other_type": None, "evidence": f"s{i}", "date": "2024"} for i in (1, 2)])
    >>> len(rows), [src["evidence"] for src in rows[0]["sources"]]
    (1, ['s1', 's2'])
    """
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for f in facts:
        key = tuple(f[k] or "" for k in _FACT_KEYS[:3])
        row = rows.setdefault(key, {**{k: f[k] for k in _FACT_KEYS}, "sources": []})
        row["sources"].append({k: v for k, v in f.items() if k not in _FACT_KEYS})
    return list(rows.values())


@bp.get("/entity")
def entity():
    """An entity's facts as sentences with their evidence, its events, and its neighbours by predicate."""
    kg = get_kg()
    found = find_entity(request.args.get("name", ""))
    number = max(1, request.args.get("page", 1, type=int) or 1)
    return cached_page("entity.html", lambda: _entity_page(cached(kg, f"entity {found['iri']}",
                                                                  lambda: _entity_data(kg, found)), number))


def _entity_data(kg: KnowledgeGraph, found: dict[str, str]) -> dict[str, Any]:
    """Everything an entity's pages show, all its facts grouped (built once per store state and entity)."""
    ent = kg.describe(found)
    neighbours: dict[str, dict[str, list[dict[str, str]]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for f in ent["facts"]:
        pred = f["predicate"].rsplit("#", 1)[-1]
        group = neighbours.setdefault(pred, {"out": [], "in": []})[f["direction"]]
        if (pred, f["direction"], f["other"]) not in seen:
            seen.add((pred, f["direction"], f["other"]))
            group.append({"iri": f["other"], "name": f["other_label"] or f["other"],
                          "type": (f["other_type"] or "").rsplit("#", 1)[-1]})
    wikidata = kg.wikidata(found["iri"])
    return {"entity": {**ent, "wikidata": wikidata, "statements_total": len(ent["facts"]),
                       "facts": group_sources(ent["facts"]),
                       "wikidata_url": f"https://www.wikidata.org/wiki/{wikidata}" if wikidata else None},
            "events": kg.events(found["iri"], limit=200), "neighbours": neighbours}


def _entity_page(data: dict[str, Any], number: int) -> dict[str, Any]:
    """Page ``number`` of an entity's facts: the same fact from several stories is one row with its sources;
    a hub has thousands of facts, shown a page at a time (?page=2), newest first."""
    facts = data["entity"]["facts"]
    pages = max(1, -(-len(facts) // FACTS_PER_PAGE))
    number = min(number, pages)
    return {**data, "entity": {**data["entity"], "facts_total": len(facts),
                               "facts": facts[(number - 1) * FACTS_PER_PAGE: number * FACTS_PER_PAGE]},
            "page": {"number": number, "pages": pages, "per_page": FACTS_PER_PAGE}}


@bp.get("/settings")
def settings():
    """The settings in force: each with its variable and flag; secrets only as set or not."""
    return page("settings.html", {"settings": current_app.config["KG_SETTINGS"].public()})
