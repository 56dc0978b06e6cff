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
from .graph.store import entity_label, predicate_names
from .ontology.vocabulary import label
from .search import search_index

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["TYPE_COLORS", "SERVER_LAYOUT_ABOVE", "CLUSTER", "cluster_label", "ego_network", "ego_cluster",
           "path_network", "fact_info"]

TYPE_COLORS = {"Company": "#4e79a7", "Product": "#f28e2b", "Person": "#59a14f",
               "GovernmentBody": "#e15759", "Place": "#9c755f"}
SERVER_LAYOUT_ABOVE = 200  # nodes; above this the server lays the network out and physics is off


_Facts = dict[tuple[str, str, str], dict[str, Any]]  # (subject, object, predicate) -> the fact's data


def _payload(facts: _Facts, nodes: dict[str, dict[str, str]], *, omitted: int = 0, center: Iterable[str] = (),
             layout: bool | None = None, max_edges: int | None = None,
             clusters: dict[str, list[str]] | None = None, only: Iterable[str] | None = None) -> dict[str, Any]:
    """Nodes and edges as plain dicts for the network view (positions when the server lays it out): the
    entities ``nodes`` (IRI -> label and type) and ``facts`` (among them, and no others).

    ``clusters`` (cluster id -> members, neighbours of the one centre) become cluster nodes, each with one
    edge to the centre. With ``only``, just those of ``nodes`` are sent, with the facts that touch them
    (a cluster's members, added to a view that has the rest). Above ``max_edges`` the clusters' edges and
    the centre's own facts stay first, then the most often stated, then those between the most connected
    entities; ``omitted_edges`` says how many were left out.
    """
    clusters = clusters or {}
    centers = set(center)
    send = list(nodes) if only is None else list(only)
    wanted = set(send)
    near: dict[str, set[str]] = {}
    for s, o, _p in facts:
        near.setdefault(s, set()).add(o)
        near.setdefault(o, set()).add(s)
    # the degree in the simple graph of the facts drawn (a self loop counts twice)
    degree = {n: len(near.get(n, ())) + (n in near.get(n, ())) for n in nodes}
    hub = next(iter(centers), None)
    if hub is not None and hub in degree:
        degree[hub] += sum(map(len, clusters.values()))
    drawn = len(send) + len(clusters)
    server_layout = drawn > SERVER_LAYOUT_ABOVE if layout is None else layout
    pos: dict[str, Any] = {}
    if server_layout and send:
        simple = nx.Graph()
        simple.add_nodes_from(nodes)
        simple.add_edges_from((s, o) for s, o, _p in facts)
        simple.add_edges_from((hub, c) for c in clusters)
        pos = nx.spring_layout(simple, seed=7, k=2 / max(drawn, 1) ** 0.5, iterations=60)
    scale = 60 * max(drawn, 1) ** 0.5
    out_nodes = []
    for n in send:
        d = nodes[n]
        out_nodes.append({"id": n, "label": d.get("label", n), "type": d.get("type", ""),
                          "degree": degree.get(n, 0), "center": n in centers, "cluster": False})
    edges = [{"from": s, "to": o, "predicate": d.get("predicate", p), "evidence": d.get("evidence", ""),
              "date": d.get("date", ""), "count": d.get("count", 1)}
             for (s, o, p), d in facts.items() if only is None or s in wanted or o in wanted]
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
                                  -e["count"], -degree.get(e["from"], 0) - degree.get(e["to"], 0),
                                  e["predicate"], e["from"], e["to"]))
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


def _groups(facts: _Facts, center: str) -> dict[str, tuple[str, str]]:
    """The group of each of the centre's neighbours: (direction, predicate) of its most often stated link to
    the centre (then the first predicate by name, incoming first)."""
    links: dict[str, list[tuple[int, str, str]]] = {}
    for (s, o, p), d in facts.items():
        if s == center:
            links.setdefault(o, []).append((-d.get("count", 1), p, "out"))
        if o == center:
            links.setdefault(s, []).append((-d.get("count", 1), p, "in"))
    return {n: (direction, predicate) for n, ls in links.items() for _count, predicate, direction in [min(ls)]}


class _Reader:
    """Where a view reads its facts from, a few entities at a time: the store (``Store.fact_triples``, names
    and types from the search index), or, for a date range (a fact's date is its first statement's), the
    whole entity network. Either way filtered; the entities in ``keep`` count whatever their type."""

    def __init__(self, kg: KnowledgeGraph, flt: NetworkFilter, keep: Iterable[str]) -> None:
        self.kg, self.flt, self.keep = kg, flt, set(keep)
        self.whole = flt.apply(network(kg), keep=self.keep) if flt.since or flt.until else None
        self.entities = {} if self.whole is not None else search_index(kg).entities
        for n in self.keep:
            if n not in (self.whole if self.whole is not None else self.entities):
                raise KeyError(n)

    def node(self, n: str) -> dict[str, str]:
        """An entity's label and type."""
        if self.whole is not None:
            return self.whole.nodes[n]
        name, type_ = self.entities.get(n, (entity_label(n), ""))
        return {"label": name, "type": type_}

    def _ok(self, n: str) -> bool:
        return n in self.keep or self.node(n).get("type") in self.flt.types

    def read(self, iris: Iterable[str], *, within: bool = False) -> _Facts:
        """The facts that touch any of ``iris`` (``within``: between two of them)."""
        iris = set(iris)
        if self.whole is not None:
            w = self.whole
            facts = {(u, v, k): d for n in iris if n in w
                     for u, v, k, d in [*w.out_edges(n, keys=True, data=True), *w.in_edges(n, keys=True, data=True)]}
        else:
            predicates = sorted(self.flt.predicates) or None
            facts = {(s, o, p): {"predicate": p}
                     for s, p, o in self.kg.store.fact_triples(iris, predicates, within=within)}
        return {f: d for f, d in facts.items() if (not within or (f[0] in iris and f[1] in iris))
                and (not self.flt.types or (self._ok(f[0]) and self._ok(f[1])))}

    def nodes(self, iris: Iterable[str]) -> dict[str, dict[str, str]]:
        """The label and type of each of ``iris``, in their order."""
        return {n: self.node(n) for n in iris}


def _ego_plan(kg: KnowledgeGraph, iri: str, depth: int, flt: NetworkFilter, max_nodes: int,
              max_edges: int) -> dict[str, Any]:
    """The payload of an ego view and the members of each of its clusters (cached together).

    Read ring by ring from the store: the centre's facts, then (``depth`` 2, 3) those of each ring in turn,
    then the facts among the neighbours drawn. An entity's degree, what ranks it, counts the facts read: all
    those of an entity nearer the centre than ``depth``, and those with the ring inside for one at ``depth``.
    """
    reader = _Reader(kg, flt, [iri])

    def build() -> dict[str, Any]:
        dist = {iri: 0}
        facts: _Facts = {}
        ring = [iri]
        for d in range(1, depth + 1):
            got = reader.read(ring)
            facts.update(got)
            ring = sorted({n for f in got for n in f[:2]} - dist.keys())
            dist.update((n, d) for n in ring)
            if not ring:
                break
        deg: Counter[str] = Counter()
        for a, b, _p in {(min(s, o), max(s, o), p) for s, o, p in facts}:  # the undirected facts
            deg.update((a, b))
        names = {n: reader.node(n).get("label", n) for n in dist}

        def rank(n: str) -> tuple[int, int, str, str]:
            return dist[n], -deg[n], names[n], n

        ring = sorted((n for n in dist if dist[n] == 1), key=rank)
        outer = sorted((n for n in dist if dist[n] > 1), key=rank)
        budget = max(max_nodes - 1, 1)
        members: dict[str, list[str]] = {}
        if len(ring) <= budget:
            shown = ring + outer[:budget - len(ring)]
        else:
            # the most connected neighbours are drawn, the rest grouped by (direction, predicate, type): as many
            # drawn as leave room for one node per group of the rest
            links = _groups(facts, iri)
            group = {n: (*links[n], reader.node(n).get("type", "")) for n in ring}
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
        drawn = {iri, *shown}
        among = reader.read(shown, within=True)  # and the centre's own facts with them, read already
        among.update((f, d) for f, d in facts.items() if iri in f[:2] and f[0] in drawn and f[1] in drawn)
        data = _payload(among, reader.nodes([iri, *shown]), omitted=omitted, center=[iri], max_edges=max_edges,
                        clusters=members)
        return {"payload": data, "members": members}

    key = f"ego {iri} {depth} {flt!r} {max_nodes} {max_edges} {SERVER_LAYOUT_ABOVE}"
    return cached(kg, key, build)


def ego_network(kg: KnowledgeGraph, iri: str, *, depth: int = 1, flt: NetworkFilter = NetworkFilter(),
                max_nodes: int = 150, max_edges: int = 600) -> dict[str, Any]:
    """The entities within ``depth`` (1-3) facts of ``iri``, drawn at a level of detail that stays readable.

    At most ``max_nodes`` nodes: the centre, then its neighbours, most connected first, then the entities
    further out, nearest and most connected first (connected by the facts read, see ``_ego_plan``: for a
    neighbour at depth 1, its facts with the centre). When the neighbours alone do not fit, those beyond the
    cap are grouped into cluster nodes by the direction, predicate and type of their link to the centre
    ("owns → 37 products"; ``count``, and ``ego_cluster`` gives the members), and nothing further out is
    drawn. At most ``max_edges`` facts (see ``_payload``): the centre's own and the clusters' first.

    The view is read from the store around the centre (``Store.fact_triples``), never the whole graph: a
    fact comes with its predicate, not its statements (``evidence`` and ``date`` empty, ``count`` 1), except
    with a date range, which needs the statements' dates and is cut from the whole entity network.

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
    drawn = [n["id"] for n in plan["payload"]["nodes"] if not n.get("cluster")]
    near = {*drawn, *page}
    reader = _Reader(kg, flt, [iri])
    facts = {f: d for f, d in reader.read(page).items() if f[0] in near and f[1] in near}
    data = _payload(facts, reader.nodes([*drawn, *page]), center=[iri], layout=False, max_edges=max_edges,
                    only=page)
    direction, predicate, type_ = cluster[len(CLUSTER):].split(":", 2)
    remaining = max(len(members) - offset - len(page), 0)
    data.update(cluster=cluster, count=len(members), offset=offset, remaining=remaining,
                label=cluster_label(direction, predicate, type_, remaining, more=True) if remaining else "")
    return data


def path_network(kg: KnowledgeGraph, source: str, target: str, *, flt: NetworkFilter = NetworkFilter(),
                 max_paths: int = 10) -> dict[str, Any]:
    """The shortest paths (at most ``max_paths``) between two entities, facts read in either direction.

    Read from both ends at once, a ring at a time (the smaller first), until the rings meet: every shortest
    path is then among the facts read.
    """
    reader = _Reader(kg, flt, [source, target])
    facts: _Facts = {}
    seen = [{source}, {target}]
    rings = [{source}, {target}]
    while source != target and all(rings) and not seen[0] & seen[1]:
        side = 0 if len(rings[0]) <= len(rings[1]) else 1
        got = reader.read(rings[side])
        facts.update(got)
        rings[side] = {n for f in got for n in f[:2]} - seen[side]
        seen[side] |= rings[side]
    read = nx.Graph()
    read.add_nodes_from((source, target))
    read.add_edges_from(f[:2] for f in facts)
    paths: list[list[str]] = []
    try:
        for p in nx.all_shortest_paths(read, source, target):
            paths.append(p)
            if len(paths) >= max_paths:
                break
    except nx.NetworkXNoPath:
        paths = []
    nodes = reader.nodes(dict.fromkeys(n for p in paths for n in p) or [source, target])
    on_path = {frozenset(pair) for p in paths for pair in zip(p, p[1:], strict=False)}
    data = _payload({f: d for f, d in facts.items() if frozenset(f[:2]) in on_path}, nodes, center=[source, target],
                    layout=False)
    data["paths"] = [[nodes[n].get("label", n) for n in p] for p in paths]
    return data


def fact_info(kg: KnowledgeGraph, subject: str, predicate: str, object_: str) -> dict[str, Any]:
    """What a view leaves out of one of its facts (a subject, predicate local name and object): how many
    stories state it (``stated``), and the ``evidence`` and ``date`` of the newest. A ``KeyError`` when no
    story does (or an end is no entity), a ``ValueError`` for an unknown predicate."""
    [name] = predicate_names([predicate])
    entities = search_index(kg).entities
    if subject not in entities or object_ not in entities:
        raise KeyError((subject, object_))
    fact = (subject, name, object_)
    stated, (newest,) = kg.store.fact_sources([fact], newest=1)[fact]
    return {"stated": stated, "evidence": newest.evidence, "date": newest.date or ""}
