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
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TypeVar

import networkx as nx

from .graph.export import export_quads

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["NetworkFilter", "TYPE_COLORS", "SERVER_LAYOUT_ABOVE", "STATE_TTL", "state_key", "forget", "cached",
           "network",
           "ego_network", "path_network", "centrality", "communities", "export_neighbourhood"]

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
            data["date"] = dates.get(str(data.get("story", "")).rsplit("/story/", 1)[0], "")
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
             layout: bool | None = None, max_edges: int | None = None) -> dict[str, Any]:
    """Nodes and edges as plain dicts for the network view (positions when the server lays it out).

    Above ``max_edges`` the centre's own facts stay first, then the most often stated;
    ``omitted_edges`` says how many were left out.
    """
    sub = g.subgraph(nodes)
    degree = dict(nx.Graph(sub).degree())
    server_layout = len(nodes) > SERVER_LAYOUT_ABOVE if layout is None else layout
    pos: dict[str, Any] = {}
    if server_layout and nodes:
        pos = nx.spring_layout(nx.Graph(sub), seed=7, k=2 / max(len(nodes), 1) ** 0.5, iterations=60)
    scale = 60 * max(len(nodes), 1) ** 0.5
    centers = set(center)
    out_nodes = []
    for n in nodes:
        d = g.nodes[n]
        node = {"id": n, "label": d.get("label", n), "type": d.get("type", ""),
                "degree": degree.get(n, 0), "center": n in centers}
        if n in pos:
            node["x"], node["y"] = float(pos[n][0] * scale), float(pos[n][1] * scale)
        out_nodes.append(node)
    edges = [{"from": u, "to": v, "predicate": d.get("predicate", k), "evidence": d.get("evidence", ""),
              "date": d.get("date", ""), "count": d.get("count", 1)}
             for u, v, k, d in sub.edges(keys=True, data=True)]
    omitted_edges = 0
    if max_edges is not None and len(edges) > max_edges:
        edges.sort(key=lambda e: (e["from"] not in centers and e["to"] not in centers, -e["count"],
                                  e["predicate"], e["from"], e["to"]))
        omitted_edges, edges = len(edges) - max_edges, edges[:max_edges]
    types = sorted({n["type"] for n in out_nodes if n["type"]})
    return {"nodes": out_nodes, "edges": edges, "omitted": omitted, "omitted_edges": omitted_edges,
            "server_layout": bool(server_layout),
            "legend": {t: TYPE_COLORS.get(t, "#999999") for t in types},
            "predicates": sorted({e["predicate"] for e in edges})}


def ego_network(kg: KnowledgeGraph, iri: str, *, depth: int = 1, flt: NetworkFilter = NetworkFilter(),
                max_nodes: int = 300, max_edges: int = 600) -> dict[str, Any]:
    """The entities within ``depth`` (1-3) facts of ``iri``; above ``max_nodes`` the most connected stay,
    above ``max_edges`` facts the centre's own and the most often stated (see ``_payload``).

    ``omitted`` and ``omitted_edges`` say how many were left out. The result, layout included, is
    cached per store state, entity, depth, filter and caps, and shared: callers read it, never change it.
    """
    depth = min(max(int(depth), 1), 3)
    g = network(kg)
    if iri not in g:
        raise KeyError(iri)

    def build() -> dict[str, Any]:
        view = flt.apply(g, keep=[iri])
        ego = nx.ego_graph(view.to_undirected(as_view=True), iri, radius=depth)
        nodes = list(ego.nodes)
        omitted = 0
        if len(nodes) > max_nodes:
            deg = dict(ego.degree())
            nodes = sorted(nodes, key=lambda n: (n != iri, -deg[n], g.nodes[n].get("label", n)))[:max_nodes]
            omitted = ego.number_of_nodes() - max_nodes
        return _payload(view, nodes, omitted=omitted, center=[iri], max_edges=max_edges)

    key = f"ego {iri} {depth} {flt!r} {max_nodes} {max_edges} {SERVER_LAYOUT_ABOVE}"
    return cached(kg, key, build)


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
    digests = {st.rsplit("/story/", 1)[0] for st in stories}
    keep += [q for q in quads if str(q[0]) in stories | digests and str(q[3]) in stories | digests]
    export_quads(set(keep), fmt, out)
