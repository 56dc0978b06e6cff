"""Network analytics over a :class:`~digestkg.core.KnowledgeGraph`: ego networks, paths, centrality, clusters.

Everything works on ``kg.network()`` (a networkx MultiDiGraph), so it is store-neutral. The graph is
built once per store state (the digests' content hashes) and cached; every edge also gets the edition
``date`` of the story it was first read in, for date-range filters.

>>> import tempfile
>>> from digestkg.core import KnowledgeGraph
>>> with KnowledgeGraph(tempfile.mkdtemp()) as kg:
...     centrality(kg)["Company"]
[]
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TypeVar

import networkx as nx

from .graph.export import export_quads
from .graph.iri import story_digest
from .ontology.vocabulary import label

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["NetworkFilter", "TYPE_COLORS", "SERVER_LAYOUT_ABOVE", "STATE_TTL", "state_key", "forget", "cached",
           "network", "CLUSTER", "cluster_label",
           "ego_network", "ego_cluster", "path_network", "centrality", "communities", "export_neighbourhood"]

TYPE_COLORS = {"Company": "#4e79a7", "Product": "#f28e2b", "Person": "#59a14f",
               "GovernmentBody": "#e15759", "Place": "#9c755f"}
SERVER_LAYOUT_ABOVE = 200  # nodes; above this the server lays the network out and physics is off
_CACHE_SIZE = 16
_cache: OrderedDict[tuple[str, str], Any] = OrderedDict()
_states: dict[str, tuple[float, str]] = {}  # graph -> (when read, state key)
_lock = threading.Lock()
STATE_TTL = 5.0  # seconds
T = TypeVar("T")


def state_key(kg: KnowledgeGraph) -> str:
    """A key that changes whenever a digest is added, replaced or removed.

    Listing the digests takes a second on a thousand of them, so the key is read again at most every
    ``STATE_TTL`` seconds per graph (``forget`` drops it at once, after a write).
    """
    where = f"{kg.data_dir}|{kg.store_name}"
    now = time.monotonic()
    with _lock:
        known = _states.get(where)
    if known is not None and now - known[0] < STATE_TTL:
        return known[1]
    h = hashlib.sha256(where.encode())
    for d in sorted(kg.store.digests(), key=lambda d: d["iri"]):
        h.update(f"|{d['iri']}={d.get('content_hash')}".encode())
    with _lock:
        _states[where] = (now, h.hexdigest())
    return h.hexdigest()


def forget(kg: KnowledgeGraph) -> None:
    """Read the graph's state afresh on the next ``state_key`` (call it after writing)."""
    with _lock:
        _states.pop(f"{kg.data_dir}|{kg.store_name}", None)


def cached(kg: KnowledgeGraph, what: str, build: Callable[[], T], key: str | None = None) -> T:
    """``build()`` once per store state and ``what`` (a small LRU shared by the whole process)."""
    k = (key or state_key(kg), what)
    with _lock:
        if k in _cache:
            _cache.move_to_end(k)
            return _cache[k]
    value = build()
    with _lock:
        _cache[k] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def network(kg: KnowledgeGraph, key: str | None = None) -> nx.MultiDiGraph:
    """The whole entity network, each edge with the ``date`` of its first story's digest (cached)."""
    def build() -> nx.MultiDiGraph:
        g = kg.network()
        dates = {d["iri"]: d.get("date") or "" for d in kg.store.digests()}
        for _, _, data in g.edges(data=True):
            data["date"] = dates.get(story_digest(data.get("story", "")), "")
        return g

    return cached(kg, "network", build, key)


@dataclass(frozen=True)
class NetworkFilter:
    """Which facts and entities count: predicates and types (empty: all), an inclusive date range."""

    predicates: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    since: str = ""
    until: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"predicates": sorted(self.predicates), "types": sorted(self.types), "since": self.since,
                "until": self.until}

    def apply(self, g: nx.MultiDiGraph, keep: Iterable[str] = ()) -> nx.MultiDiGraph:
        """A read-only view of ``g``; nodes in ``keep`` stay whatever their type."""
        keep = set(keep)

        def node_ok(n: str) -> bool:
            return not self.types or n in keep or g.nodes[n].get("type") in self.types

        def edge_ok(u: str, v: str, k: str) -> bool:
            d = g.edges[u, v, k]
            date = d.get("date") or ""
            return ((not self.predicates or d.get("predicate") in self.predicates)
                    and (not self.since or date >= self.since) and (not self.until or date <= self.until))

        return nx.subgraph_view(g, filter_node=node_ok, filter_edge=edge_ok)


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


def _simple(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of a (filtered) network, without self loops."""
    s = nx.Graph(g)
    s.remove_edges_from(nx.selfloop_edges(s))
    return s


def centrality(kg: KnowledgeGraph, *, flt: NetworkFilter = NetworkFilter(),
               types: Iterable[str] = ("Company", "Product"), limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """The most central entities of each type: PageRank and degree over the undirected network."""
    g = flt.apply(network(kg))
    s = _simple(g)
    rank = nx.pagerank(s) if s.number_of_edges() else {}
    out: dict[str, list[dict[str, Any]]] = {}
    for t in types:
        rows = [{"iri": n, "name": g.nodes[n].get("label", n), "type": t, "pagerank": round(rank.get(n, 0.0), 5),
                 "degree": s.degree(n)} for n in s if g.nodes[n].get("type") == t and s.degree(n)]
        out[t] = sorted(rows, key=lambda r: (-r["pagerank"], -r["degree"], r["name"]))[:limit]
    return out


def communities(kg: KnowledgeGraph, *, flt: NetworkFilter = NetworkFilter(), min_companies: int = 2,
                limit: int = 20) -> list[dict[str, Any]]:
    """Clusters of companies: Louvain communities of the network, with the companies of each, largest first."""
    g = flt.apply(network(kg))
    s = _simple(g)
    s.remove_nodes_from([n for n in list(s) if not s.degree(n)])
    if not s.number_of_edges():
        return []
    out = []
    for members in nx.community.louvain_communities(s, seed=42):
        companies = sorted((n for n in members if g.nodes[n].get("type") == "Company"),
                           key=lambda n: (-s.degree(n), g.nodes[n].get("label", n)))
        if len(companies) >= min_companies:
            out.append({"size": len(members),
                        "companies": [{"iri": n, "name": g.nodes[n].get("label", n)} for n in companies],
                        "others": sorted(g.nodes[n].get("label", n) for n in members if n not in companies)})
    out.sort(key=lambda c: (-len(c["companies"]), -c["size"], c["companies"][0]["name"]))
    return out[:limit]


def export_neighbourhood(kg: KnowledgeGraph, iri: str, fmt: str, out: IO[Any], *, depth: int = 1) -> None:
    """Export an entity's neighbourhood within ``depth`` facts, in any export format.

    It holds the entities' descriptions, the facts among them with their statements and events, and
    the stories and digests these were read in, each in its own named graph as in the store.
    """
    g = network(kg)
    if iri not in g:
        raise KeyError(iri)
    nodes = set(nx.ego_graph(g.to_undirected(as_view=True), iri, radius=min(max(int(depth), 1), 3)))
    entities = set(g.nodes)
    quads = list(kg.store.quads())
    ends: dict[str, set[str]] = {}  # statement or event -> the entities it links
    for s, p, o, _ in quads:
        if str(p).endswith(("#subject", "#object", "ontology#eventAgent", "ontology#eventObject")):
            ends.setdefault(str(s), set()).add(str(o))
    provenance = {k for k, v in ends.items() if v <= nodes}
    stories: set[str] = set()
    keep = []
    for q in quads:
        s, o = str(q[0]), str(q[2])
        if s in provenance or (s in nodes and (o in nodes or o not in entities)):
            keep.append(q)
            stories.add(str(q[3]))
    digests = {story_digest(st) for st in stories}
    keep += [q for q in quads if str(q[0]) in stories | digests and str(q[3]) in stories | digests]
    export_quads(set(keep), fmt, out)
