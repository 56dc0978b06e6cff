"""Analytics: the most central companies and products, and clusters of companies."""

from __future__ import annotations

from flask import Blueprint

from .. import analytics
from . import get_kg
from .util import network_filter, page

__all__ = ["bp"]

bp = Blueprint("analytics", __name__)


@bp.get("/analytics")
def overview():
    kg, flt = get_kg(), network_filter()
    return page("analytics.html", {"filter": flt.as_dict(), "central": analytics.centrality(kg, flt=flt),
                                   "communities": analytics.communities(kg, flt=flt)})
