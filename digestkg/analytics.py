"""Network analytics over a :class:`~digestkg.core.KnowledgeGraph`: the entity network, its
filters, centrality, clusters of companies, and an entity's neighbourhood as RDF.

Everything works on ``kg.network()`` (a networkx MultiDiGraph), so it is store-neutral. The graph is
built once per store state (the digests' content hashes; see :mod:`digestkg.cache`); every edge also
gets the edition ``date`` of the story it was first read in, for date-range filters. What the
network page draws from it is in :mod:`digestkg.network_view`.

>>> import tempfile
>>> from digestkg.core import KnowledgeGraph
>>> with KnowledgeGraph(tempfile.mkdtemp()) as kg:
...     centrality(kg)["Company"]
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import networkx as nx

from .cache import cached
from .graph.export import export_quads
from .graph.iri import story_digest

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["NetworkFilter", "network", "centrality", "communities", "export_neighbourhood"]


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
