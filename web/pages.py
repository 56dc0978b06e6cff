"""Home and entity pages; each answers JSON with ``?format=json`` or ``Accept: application/json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from ..analytics import network
from . import get_kg
from .util import find_entity, page

__all__ = ["bp", "group_sources"]

FACTS_PER_PAGE = 100
bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    kg = get_kg()
    return page("home.html", {"stats": kg.stats(), "digests": kg.digests()[:10], "events": kg.events(limit=10)})


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
    # the same fact from several stories is one row with its sources; a hub has thousands of facts:
    # show them a page at a time (?page=2), newest first
    facts = group_sources(ent["facts"])
    pages = max(1, -(-len(facts) // FACTS_PER_PAGE))
    number = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    wikidata = node.get("wikidata")
    return page("entity.html", {
        "entity": {**ent, "wikidata": wikidata, "facts_total": len(facts), "statements_total": len(ent["facts"]),
                   "facts": facts[(number - 1) * FACTS_PER_PAGE: number * FACTS_PER_PAGE],
                   "wikidata_url": f"https://www.wikidata.org/wiki/{wikidata}" if wikidata else None},
        "page": {"number": number, "pages": pages, "per_page": FACTS_PER_PAGE},
        "events": kg.events(ent["iri"], limit=200),
        "neighbours": neighbours,
    })


@bp.get("/settings")
def settings():
    """The settings in force: each with its variable and flag; secrets only as set or not."""
    return page("settings.html", {"settings": current_app.config["KG_SETTINGS"].public()})
