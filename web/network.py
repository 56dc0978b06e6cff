"""The network view: an entity's ego network or the paths between two entities, drawn with vis-network.

The network is built with pyvis (nodes and edges added directly, never ``from_nx``) and drawn by the
app's own template and script, with vis-network served from ``/static``: pyvis's templates load it and
Bootstrap from CDNs and put node titles into the page as HTML. Hover texts travel as plain text and
become text nodes in the browser.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request, url_for
from pyvis.network import Network

from ..analytics import TYPE_COLORS, ego_network, path_network
from . import get_kg, settings
from .util import find_entity, network_filter, page, verb

__all__ = ["bp", "to_vis"]

bp = Blueprint("network", __name__)


def to_vis(payload: dict[str, Any]) -> dict[str, Any]:
    """Nodes, edges and options for vis-network, built with pyvis from an analytics payload."""
    net = Network(directed=True, cdn_resources="in_line")
    for n in payload["nodes"]:
        opts: dict[str, Any] = {
            "color": TYPE_COLORS.get(n["type"], "#999999"), "size": 12 + min(n["degree"], 30),
            "href": url_for("pages.entity", name=n["label"]),
            "info": f"{n['label']} ({n['type']}), {n['degree']} link{'s' * (n['degree'] != 1)}",
            "borderWidth": 4 if n["center"] else 1,
        }
        if "x" in n:
            opts.update(x=n["x"], y=n["y"], physics=False)
        net.add_node(n["id"], label=n["label"], shape="dot", **opts)
    for e in payload["edges"]:
        info = f"{verb(e['predicate'])} ({e['date']}): {e['evidence']}" if e["evidence"] else verb(e["predicate"])
        net.add_edge(e["from"], e["to"], label=e["predicate"], info=info, arrows="to")
    net.toggle_physics(not payload["server_layout"])
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": options}


def _depth() -> int:
    try:
        depth = int(request.args.get("depth", "1"))
    except ValueError:
        abort(400, "depth must be 1, 2 or 3")
    if depth not in (1, 2, 3):
        abort(400, "depth must be 1, 2 or 3")
    return depth


def _view(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    data["vis"] = to_vis(data["network"])
    return page("network.html", data)


@bp.get("/network")
def network():
    """The ego network of ``name`` within ``depth`` facts, filtered by predicate, type and dates."""
    name = request.args.get("name", "").strip()
    flt, depth = network_filter(), _depth()
    form = {"name": name, "depth": depth, "filter": flt.as_dict(), "mode": "ego"}
    if not name:
        return page("network.html", {**form, "network": None})
    ent = find_entity(name)
    data = ego_network(get_kg(), ent["iri"], depth=depth, flt=flt,
                       max_nodes=settings().network_max_nodes, max_edges=settings().network_max_edges)
    return _view({**form, "entity": ent, "network": data})


@bp.get("/network/path")
def path():
    """The shortest paths between ``from`` and ``to``."""
    a, b = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    flt = network_filter()
    form = {"source": a, "target": b, "filter": flt.as_dict(), "mode": "path", "depth": 1, "name": ""}
    if not (a and b):
        return page("network.html", {**form, "network": None})
    kg = get_kg()
    ea, eb = find_entity(a, "from", kg), find_entity(b, "to", kg)
    data = path_network(kg, ea["iri"], eb["iri"], flt=flt)
    return _view({**form, "entity": ea, "other": eb, "network": data})
