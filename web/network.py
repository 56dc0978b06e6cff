"""The network view: an entity's ego network or the paths between two entities, drawn with vis-network.

The network is built with pyvis (nodes and edges added directly, never ``from_nx``) and drawn by the
app's own template and script, with vis-network served from ``/static``: pyvis's templates load it and
Bootstrap from CDNs and put node titles into the page as HTML. Hover texts travel as plain text and
become text nodes in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from pyvis.network import Network

from ..analytics import NetworkFilter
from ..network_view import TYPE_COLORS, ego_cluster, ego_network, fact_info, path_network
from . import get_kg, settings
from .util import cached_page, find_entity, network_filter, page, verb

__all__ = ["bp", "to_vis"]

bp = Blueprint("network", __name__)


def to_vis(payload: dict[str, Any], expand: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Nodes, edges and options for vis-network, built with pyvis from an analytics payload.

    A cluster node gets ``expand``, the URL of its members (``expand(cluster id)``). Edges to nodes that
    are not in the payload (a cluster's members reach into the view already drawn) keep their ends. When
    facts come without their evidence, ``fact`` is the URL that gives it, one fact at a time (``/network/fact``).
    """
    net = Network(directed=True, cdn_resources="in_line")
    for n in payload["nodes"]:
        color = TYPE_COLORS.get(n["type"], "#999999")
        opts: dict[str, Any] = {"x": n["x"], "y": n["y"], "physics": False} if "x" in n else {}
        if n.get("cluster"):
            net.add_node(n["id"], label=n["label"], shape="box", color={"background": "#ffffff", "border": color},
                         borderWidth=2, shapeProperties={"borderDashes": [5, 3]}, cluster=True, count=n["count"],
                         expand=expand(n["id"]) if expand else "",
                         info=f"{n['label']}: click to add them (at most {settings().network_max_nodes} at a time)",
                         **opts)
            continue
        opts.update({
            "color": color, "size": 12 + min(n["degree"], 30),
            "href": url_for("pages.entity", name=n["label"]),
            "info": f"{n['label']} ({n['type']}), {n['degree']} link{'s' * (n['degree'] != 1)}",
            "borderWidth": 4 if n["center"] else 1, "center": n["center"],
        })
        net.add_node(n["id"], label=n["label"], shape="dot", **opts)
    sent = set(net.get_nodes())
    for e in payload["edges"]:
        for end in (e["from"], e["to"]):
            if end not in net.get_nodes():
                net.add_node(end, label="")  # drawn already; dropped below
        if e.get("cluster"):
            net.add_edge(e["from"], e["to"], label=e["predicate"],
                         info=f"{e['count']} more", arrows="to" if e["predicate"] else "", dashes=True,
                         width=1 + min(e["count"], 100) ** 0.5 / 2)
            continue
        info = f"{verb(e['predicate'])} ({e['date']}): {e['evidence']}" if e["evidence"] else verb(e["predicate"])
        net.add_edge(e["from"], e["to"], label=e["predicate"], info=info, arrows="to")
    net.toggle_physics(not payload["server_layout"])
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    bare = any(not e.get("cluster") and not e["evidence"] for e in payload["edges"])
    return {"nodes": [n for n in nodes if n["id"] in sent], "edges": edges, "options": options,
            "fact": url_for("network.fact") if bare else ""}


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
    """The ego network of ``name`` within ``depth`` facts, filtered by predicate, type and dates; with
    ``expand=CLUSTER``, the members of one of its clusters (JSON)."""
    name = request.args.get("name", "").strip()
    flt, depth = network_filter(), _depth()
    form = {"name": name, "depth": depth, "filter": flt.as_dict(), "mode": "ego"}
    if not name:
        return page("network.html", {**form, "network": None})
    ent = find_entity(name)
    caps = {"max_nodes": settings().network_max_nodes, "max_edges": settings().network_max_edges}

    def url(**more: Any) -> str:
        return _ego_url(name, depth, flt, **more)

    if "expand" in request.args:
        return _expand(ent["iri"], request.args["expand"], depth, flt, caps, url)

    def build() -> dict[str, Any]:
        data = ego_network(get_kg(), ent["iri"], depth=depth, flt=flt, **caps)
        return {**form, "entity": ent, "network": data, "vis": to_vis(data, lambda cid: url(expand=cid))}

    return cached_page("network.html", build)


def _ego_url(name: str, depth: int, flt: NetworkFilter, **more: Any) -> str:
    return url_for("network.network", name=name, depth=depth, predicate=sorted(flt.predicates),
                   type=sorted(flt.types), since=flt.since or None, until=flt.until or None, **more)


def _expand(iri: str, cluster: str, depth: int, flt: NetworkFilter, caps: dict[str, int],
            url: Callable[..., str]):  # type: ignore[no-untyped-def]
    """The members of one cluster of the ego view (``expand=`` its id, ``offset=`` how many were added),
    at most ``KG_NETWORK_MAX_NODES`` at a time, as JSON: ``next`` fetches the rest."""
    try:
        offset = int(request.args.get("offset", "0"))
    except ValueError:
        abort(400, "offset must be a whole number")
    if offset < 0:
        abort(400, "offset must be a whole number")
    try:
        data = ego_cluster(get_kg(), iri, cluster, depth=depth, flt=flt, offset=offset, **caps)
    except KeyError:
        abort(404, f"no group {cluster!r} in this view")
    nxt = url(expand=cluster, offset=offset + len(data["nodes"])) if data["remaining"] else None
    return jsonify({"cluster": cluster, "network": data, "vis": to_vis(data), "next": nxt})


@bp.get("/network/fact")
def fact():
    """One fact of a view (``s``, ``p``, ``o``: subject IRI, predicate, object IRI) as JSON: how many stories
    state it and the newest one's sentence, what its edge says when the pointer is over it (``info``)."""
    s, p, o = (request.args.get(k, "").strip() for k in ("s", "p", "o"))
    if not (s and p and o):
        abort(400, "give a fact: ?s=SUBJECT&p=PREDICATE&o=OBJECT")
    try:
        data = fact_info(get_kg(), s, p, o)
    except ValueError as e:
        abort(400, str(e))
    except KeyError:
        abort(404, "no story states this fact")
    stories = f"{data['stated']} stor{'y' if data['stated'] == 1 else 'ies'}"
    return jsonify({**data, "info": f"{verb(p)} ({data['date']}, {stories}): {data['evidence']}"})


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
