"""What the network page draws: an entity's ego network or a path, as vis-network data, within the
node and edge caps, with the level-of-detail rule (clusters of the centre's neighbours by
direction, predicate and type; an edge cap with counts; a cluster's members on demand), the colours
of the entity types, and a server-side layout above ``SERVER_LAYOUT_ABOVE`` nodes. Views are cached
per store state (:mod:`digestkg.cache`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from .analytics import NetworkFilter, network
from .cache import cached
from .ontology.vocabulary import label

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["TYPE_COLORS", "SERVER_LAYOUT_ABOVE", "CLUSTER", "cluster_label", "ego_network", "ego_cluster",
           "path_network"]

TYPE_COLORS = {"Company": "#4e79a7", "Product": "#f28e2b", "Person": "#59a14f",
               "GovernmentBody": "#e15759", "Place": "#9c755f"}
SERVER_LAYOUT_ABOVE = 200  # nodes; above this the server lays the network out and physics is off


def _payload(g: nx.MultiDiGraph, nodes: list[str], *, omitted: int = 0, center: Iterable[str] = (),
             layout: bool | None = None, max_edges: int | None = None,
             clusters: dict[str, list[str]] | None = None, only: Iterable[str] | None = None) -> dict[str, Any]:
    """Nodes and edges as plain dicts for the network view (positions when the server lays it out).

    ``clusters`` (cluster id -> members, neighbours of the one centre) become cluster nodes, each with one
    edge to the centre. With ``only``, just those of ``nodes`` are sent, with the facts that touch them
    (a cluster's members, added to a view that has the rest). Above ``max_edges`` the clusters' edges and
    the centre's own facts stay first, then the most often stated; ``omitted_edges`` says how many were
    left out.
    """
    clusters = clusters or {}
    sub = g.subgraph(nodes)
    centers = set(center)
    send = list(nodes) if only is None else list(only)
    wanted = set(send)
    simple = nx.Graph(sub)
    degree = dict(simple.degree())
    hub = next(iter(centers), None)
    if hub is not None and hub in degree:
        degree[hub] += sum(map(len, clusters.values()))
    drawn = len(send) + len(clusters)
    server_layout = drawn > SERVER_LAYOUT_ABOVE if layout is None else layout
    pos: dict[str, Any] = {}
    if server_layout and send:
        simple.add_edges_from((hub, c) for c in clusters)
        pos = nx.spring_layout(simple, seed=7, k=2 / max(drawn, 1) ** 0.5, iterations=60)
    scale = 60 * max(drawn, 1) ** 0.5
    out_nodes = []
    for n in send:
        d = g.nodes[n]
        out_nodes.append({"id": n, "label": d.get("label", n), "type": d.get("type", ""),
                          "degree": degree.get(n, 0), "center": n in centers, "cluster": False})
    edges = [{"from": u, "to": v, "predicate": d.get("predicate", k), "evidence": d.get("evidence", ""),
              "date": d.get("date", ""), "count": d.get("count", 1)}
             for u, v, k, d in sub.edges(keys=True, data=True) if only is None or u in wanted or v in wanted]
    for cid, members in sorted(clusters.items(), key=lambda c: (-len(c[1]), c[0])):
        direction, predicate, type_ = cid[len(CLUSTER):].split(":", 2)
        out_nodes.append({"id": cid, "label": cluster_label(direction, predicate, type_, len(members)),
                          "type": type_, "degree": len(members), "center": False, "cluster": True,
                          "count": len(members), "direction": direction, "predicate": predicate})
        ends = (cid, hub) if direction == "in" else (hub, cid)
        edges.append({"from": ends[0], "to": ends[1], "predicate": predicate, "evidence": "", "date": "",
                      "count": len(members), "cluster": True})
    for node in out_nodes:
        if node["id"] in pos:
            x, y = pos[node["id"]]
            node["x"], node["y"] = float(x * scale), float(y * scale)
    omitted_edges = 0
    if max_edges is not None and len(edges) > max_edges:
        edges.sort(key=lambda e: (not e.get("cluster"), e["from"] not in centers and e["to"] not in centers,
                                  -e["count"], e["predicate"], e["from"], e["to"]))
        omitted_edges, edges = len(edges) - max_edges, edges[:max_edges]
    types = sorted({n["type"] for n in out_nodes if n["type"]})
    return {"nodes": out_nodes, "edges": edges, "omitted": omitted, "omitted_edges": omitted_edges,
            "clusters": len(clusters), "clustered": sum(map(len, clusters.values())),
            "server_layout": bool(server_layout),
            "legend": {t: TYPE_COLORS.get(t, "#999999") for t in types},
            "predicates": sorted({e["predicate"] for e in edges if e["predicate"]})}


CLUSTER = "cluster:"  # the id of a cluster node: cluster:DIRECTION:PREDICATE:TYPE
_PLURAL = {"Company": "companies", "Person": "people", "Product": "products", "GovernmentBody": "government bodies",
           "Place": "places"}


def cluster_label(direction: str, predicate: str, type_: str, count: int, *, more: bool = False) -> str:
    """What a cluster node says: ``owns → 37 products``, ``works for ← 5 people``.

    >>> cluster_label("out", "owns", "Product", 37), cluster_label("in", "worksFor", "Person", 1, more=True)
    ('owns → 37 products', 'works for ← 1 more person')
    """
    things = (label(type_) or "entity") if count == 1 else _PLURAL.get(type_, f"{label(type_)}s" if type_ else
                                                                         "entities")
    n = f"{count} more" if more else str(count)
    if not predicate:  # the smallest groups, when there are more groups than room
        return f"{count} {'more' if more else 'other'} neighbour{'s' * (count != 1)}"
    return f"{label(predicate)} {'→' if direction == 'out' else '←'} {n} {things}"


def _link(view: nx.MultiDiGraph, center: str, n: str) -> tuple[str, str, str]:
    """The group of the centre's neighbour ``n``: (direction, predicate, type) of its most often stated link
    to the centre (then the first predicate by name, outgoing first)."""
    links = [(-d.get("count", 1), d.get("predicate", k), "out") for k, d in view.succ[center].get(n, {}).items()]
    links += [(-d.get("count", 1), d.get("predicate", k), "in") for k, d in view.pred[center].get(n, {}).items()]
    _count, predicate, direction = min(links)
    return direction, predicate, view.nodes[n].get("type", "")


def _ego_plan(kg: KnowledgeGraph, iri: str, depth: int, flt: NetworkFilter, max_nodes: int,
              max_edges: int) -> dict[str, Any]:
    """The payload of an ego view and the members of each of its clusters (cached together)."""
    g = network(kg)
    if iri not in g:
        raise KeyError(iri)

    def build() -> dict[str, Any]:
        view = flt.apply(g, keep=[iri])
        und = view.to_undirected(as_view=True)
        dist = nx.single_source_shortest_path_length(und, iri, cutoff=depth)
        ego = und.subgraph(dist)
        deg = dict(ego.degree())

        def rank(n: str) -> tuple[int, int, str, str]:
            return dist[n], -deg[n], g.nodes[n].get("label", n), n

        ring = sorted((n for n in dist if dist[n] == 1), key=rank)
        outer = sorted((n for n in dist if dist[n] > 1), key=rank)
        budget = max(max_nodes - 1, 1)
        members: dict[str, list[str]] = {}
        if len(ring) <= budget:
            shown = ring + outer[:budget - len(ring)]
        else:
            # the most connected neighbours are drawn, the rest grouped by (direction, predicate, type): as many
            # drawn as leave room for one node per group of the rest
            group = {n: _link(view, iri, n) for n in ring}
            left = Counter(group.values())
            k = 0
            while k + 1 + len(left) - (left[group[ring[k]]] == 1) <= budget:
                left[group[ring[k]]] -= 1
                if not left[group[ring[k]]]:
                    del left[group[ring[k]]]
                k += 1
            keys = sorted(left, key=lambda gk: (-left[gk], gk))
            if len(keys) > budget:  # more groups than room: the smallest become one
                merged = set(keys[budget - 1:])
                for n in ring[k:]:
                    if group[n] in merged:
                        group[n] = ("", "", "")
            for n in ring[k:]:
                members.setdefault(CLUSTER + ":".join(group[n]), []).append(n)
            single = {cid for cid, ms in members.items() if len(ms) == 1}  # drawn in the same room as a cluster
            shown = sorted([*ring[:k], *(members.pop(cid)[0] for cid in single)], key=rank)
        omitted = len(dist) - 1 - len(shown) - sum(map(len, members.values()))
        data = _payload(view, [iri, *shown], omitted=omitted, center=[iri], max_edges=max_edges,
                        clusters=members)
        return {"payload": data, "members": members}

    key = f"ego {iri} {depth} {flt!r} {max_nodes} {max_edges} {SERVER_LAYOUT_ABOVE}"
    return cached(kg, key, build)


def ego_network(kg: KnowledgeGraph, iri: str, *, depth: int = 1, flt: NetworkFilter = NetworkFilter(),
                max_nodes: int = 150, max_edges: int = 600) -> dict[str, Any]:
    """The entities within ``depth`` (1-3) facts of ``iri``, drawn at a level of detail that stays readable.

    At most ``max_nodes`` nodes: the centre, then its neighbours, most connected first, then the entities
    further out, nearest and most connected first. When the neighbours alone do not fit, those beyond the
    cap are grouped into cluster nodes by the direction, predicate and type of their link to the centre
    ("owns → 37 products"; ``count``, and ``ego_cluster`` gives the members), and nothing further out is
    drawn. At most ``max_edges`` facts (see ``_payload``): the centre's own and the clusters' first.

    ``omitted`` counts the entities neither drawn nor in a cluster, ``clustered`` those in clusters and
    ``omitted_edges`` the facts not drawn. The result, layout included, is cached per store state,
    entity, depth, filter and caps, and shared: callers read it, never change it.
    """
    depth = min(max(int(depth), 1), 3)
    return _ego_plan(kg, iri, depth, flt, max_nodes, max_edges)["payload"]


def ego_cluster(kg: KnowledgeGraph, iri: str, cluster: str, *, depth: int = 1,
                flt: NetworkFilter = NetworkFilter(), max_nodes: int = 150, max_edges: int = 600,
                offset: int = 0, limit: int | None = None) -> dict[str, Any]:
    """The members of one cluster of ``ego_network`` (same arguments), ``limit`` (``max_nodes``) from ``offset``.

    Nodes and edges as in ``ego_network``: the members, their facts with the centre, and their facts with
    the view's nodes and each other while under ``max_edges``. ``remaining`` says how many members are
    after these. A ``KeyError`` for an unknown cluster.
    """
    depth = min(max(int(depth), 1), 3)
    plan = _ego_plan(kg, iri, depth, flt, max_nodes, max_edges)
    members = plan["members"][cluster]
    limit = max_nodes if limit is None else limit
    offset = max(int(offset), 0)
    page = members[offset:offset + limit]
    view = flt.apply(network(kg), keep=[iri])
    drawn = [n["id"] for n in plan["payload"]["nodes"] if not n.get("cluster")]
    data = _payload(view, [*drawn, *page], center=[iri], layout=False, max_edges=max_edges, only=page)
    direction, predicate, type_ = cluster[len(CLUSTER):].split(":", 2)
    remaining = max(len(members) - offset - len(page), 0)
    data.update(cluster=cluster, count=len(members), offset=offset, remaining=remaining,
                label=cluster_label(direction, predicate, type_, remaining, more=True) if remaining else "")
    return data


def path_network(kg: KnowledgeGraph, source: str, target: str, *, flt: NetworkFilter = NetworkFilter(),
                 max_paths: int = 10) -> dict[str, Any]:
    """The shortest paths (at most ``max_paths``) between two entities, facts read in either direction."""
    g = network(kg)
    for n in (source, target):
        if n not in g:
            raise KeyError(n)
    view = flt.apply(g, keep=[source, target])
    und = view.to_undirected(as_view=True)
    paths: list[list[str]] = []
    try:
        for p in nx.all_shortest_paths(und, source, target):
            paths.append(p)
            if len(paths) >= max_paths:
                break
    except nx.NetworkXNoPath:
        paths = []
    nodes = list(dict.fromkeys(n for p in paths for n in p)) or [source, target]
    on_path = {frozenset(pair) for p in paths for pair in zip(p, p[1:], strict=False)}
    sub = nx.subgraph_view(view.subgraph(nodes), filter_edge=lambda u, v, k: frozenset((u, v)) in on_path)
    data = _payload(sub, nodes, center=[source, target], layout=False)
    data["paths"] = [[g.nodes[n].get("label", n) for n in p] for p in paths]
    return data
