"""The network view's level of detail on the sample graph, once per store: a hub's neighbours beyond the node
cap are grouped by predicate and type into cluster nodes, which expand on request; caps on nodes and facts.

The sample hubs have a dozen neighbours, so the caps here are small to make them cluster."""

from __future__ import annotations

import re
from urllib.parse import quote

import networkx as nx
import pytest
from digestkg.web import create_app

HUBS = ["Microsoft", "OpenAI", "Google"]


@pytest.fixture(scope="module")
def graph(sample_graph):
    from digestkg.core import KnowledgeGraph

    with KnowledgeGraph(sample_graph, read_only=True) as kg:
        return kg.network()


def client(settings: dict[str, str], nodes: int, edges: int = 600):
    return create_app({"TESTING": True, **settings, "KG_NETWORK_MAX_NODES": nodes,
                       "KG_NETWORK_MAX_EDGES": edges}).test_client()


def neighbours(g, iri: str) -> set[str]:
    return (set(g.successors(iri)) | set(g.predecessors(iri))) - {iri}


def links(g, center: str, n: str) -> set[tuple[str, str]]:
    """(direction, predicate) of each fact between the centre and ``n``."""
    return ({("out", d["predicate"]) for d in g.get_edge_data(center, n, default={}).values()}
            | {("in", d["predicate"]) for d in g.get_edge_data(n, center, default={}).values()})


def members(web, url: str) -> list[dict]:
    """Every member of a cluster, following ``next`` page by page."""
    out = []
    while url:
        r = web.get(url)
        assert r.status_code == 200 and r.mimetype == "application/json", (url, r.status_code)
        out.append(r.json)
        url = r.json["next"]
    return out


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("name", HUBS)
def test_a_hub_draws_at_most_the_caps_and_its_clusters_count_every_neighbour(sample_settings, graph, name, depth):
    web = client(sample_settings, nodes=8, edges=12)
    r = web.get(f"/network?name={name}&depth={depth}&format=json").json
    net, hub = r["network"], r["entity"]["iri"]
    real = neighbours(graph, hub)
    assert len(real) > 8  # so that it has to cluster
    assert len(net["nodes"]) <= 8 and len(net["edges"]) <= 12
    clusters = [n for n in net["nodes"] if n["cluster"]]
    drawn = {n["id"] for n in net["nodes"] if not n["cluster"]}
    assert clusters and net["clusters"] == len(clusters) and net["clustered"] == sum(c["count"] for c in clusters)
    assert all(c["count"] >= 2 for c in clusters)  # a group of one is drawn as itself
    # the centre, its drawn neighbours and the clusters' members are every neighbour, each once
    assert hub in drawn and len(drawn - {hub}) + net["clustered"] == len(real) and drawn - {hub} <= real
    within = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), hub, cutoff=depth)
    assert net["omitted"] == len(within) - 1 - len(real)  # further out: no room left
    # each cluster hangs off the centre by one edge, in its direction, and the centre's own facts come first
    for c in clusters:
        ends = (c["id"], hub) if c["direction"] == "in" else (hub, c["id"])
        assert [(e["from"], e["to"]) for e in net["edges"] if c["id"] in (e["from"], e["to"])] == [ends]
    vis = r["vis"]
    assert all(n["expand"].startswith("/network?") for n in vis["nodes"] if n.get("cluster"))
    assert all("href" in n for n in vis["nodes"] if not n.get("cluster"))


@pytest.mark.parametrize("name", HUBS)
def test_expanding_a_cluster_gives_exactly_its_members(sample_settings, graph, name):
    web = client(sample_settings, nodes=4)
    r = web.get(f"/network?name={quote(name)}&depth=2&format=json").json
    hub = r["entity"]["iri"]
    drawn = {n["id"] for n in r["network"]["nodes"] if not n["cluster"]}
    clusters = {n["id"]: n for n in r["network"]["nodes"] if n["cluster"]}
    urls = {n["id"]: n["expand"] for n in r["vis"]["nodes"] if n.get("cluster")}
    seen: set[str] = set()
    paged = False
    for cid, c in clusters.items():
        pages = members(web, urls[cid])
        paged |= len(pages) > 1
        got = [n["id"] for p in pages for n in p["network"]["nodes"]]
        assert len(got) == len(set(got)) == c["count"] and all(len(p["network"]["nodes"]) <= 4 for p in pages)
        assert not set(got) & (drawn | seen)
        seen |= set(got)
        assert [p["network"]["remaining"] for p in pages][-1] == 0
        for p in pages[:-1]:  # the cluster's new label
            assert f"{p['network']['remaining']} more " in p["network"]["label"]
        for n in (n for p in pages for n in p["network"]["nodes"]):
            assert not n["cluster"] and (not c["type"] or n["type"] == c["type"])
            if c["predicate"]:
                assert (c["direction"], c["predicate"]) in links(graph, hub, n["id"])
        # every member comes with its facts with the centre
        edges = [e for p in pages for e in p["network"]["edges"]]
        for m in got:
            assert any({e["from"], e["to"]} == {hub, m} for e in edges), m
        assert {n["id"] for p in pages for n in p["vis"]["nodes"]} == set(got)
    assert seen | drawn == neighbours(graph, hub) | {hub}
    assert paged  # the largest group (the smallest groups merged) is bigger than the cap: it comes in pages


def test_expand_keeps_the_filters_and_refuses_what_is_not_a_cluster(sample_settings, graph):
    web = client(sample_settings, nodes=3)
    r = web.get("/network?name=Microsoft&predicate=worksFor&predicate=owns&format=json").json
    assert {e["predicate"] for e in r["network"]["edges"]} <= {"worksFor", "owns"}
    for n in (n for n in r["vis"]["nodes"] if n.get("cluster")):
        assert "predicate=owns&predicate=worksFor" in n["expand"]
        for p in members(web, n["expand"]):
            assert {e["predicate"] for e in p["network"]["edges"]} <= {"worksFor", "owns"}
    assert web.get("/network?name=Microsoft&expand=cluster:out:likes:Thing").status_code == 404
    assert web.get("/network?name=Microsoft&expand=cluster:::&offset=-1").status_code == 400
    assert web.get("/network?name=Microsoft&expand=cluster:::&offset=x").status_code == 400


def test_the_page_says_what_is_grouped_and_how_many_facts_are_not_drawn(sample_settings):
    web = client(sample_settings, nodes=8, edges=6)
    net = web.get("/network?name=Microsoft&depth=2&format=json").json["network"]
    assert len(net["edges"]) == 6 and net["omitted_edges"] > 0
    hub = next(n["id"] for n in net["nodes"] if n["center"])
    first = [(not e.get("cluster"), hub not in (e["from"], e["to"])) for e in net["edges"]]
    assert first == sorted(first)  # the clusters' edges, then the centre's own facts, then the rest
    page = web.get("/network?name=Microsoft&depth=2").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)  # the counts sit in spans of their own, which the script updates
    assert f"{net['clustered']} more neighbours in {net['clusters']} groups" in text
    assert f"{net['omitted_edges']} more facts among them not drawn" in page
    assert 'id="network-fit"' in page
    # the same request comes from the cache, equal
    assert web.get("/network?name=Microsoft&depth=2&format=json").json["network"] == net


def test_cluster_names_and_members_stay_text(sample_settings):
    """Tencent's neighbours include an entity named like an <img> tag: grouped, and when its group expands."""
    web = client(sample_settings, nodes=2)
    page = web.get("/network?name=Tencent+Holdings").get_data(as_text=True)
    assert "<img src=x" not in page and "other neighbours" in page
    url = next(n["expand"] for n in web.get("/network?name=Tencent+Holdings&format=json").json["vis"]["nodes"]
               if n.get("cluster"))
    r = web.get(url)
    assert r.mimetype == "application/json" and r.headers["X-Content-Type-Options"] == "nosniff"
    assert "<img src=x onerror=alert(1)>" in [n["label"] for n in r.json["network"]["nodes"]]


def test_the_default_cap_is_150_nodes():
    from digestkg.settings import Settings

    s = Settings.load(environ={})
    assert (s.network_max_nodes, s.network_max_edges) == (150, 600)


def test_an_ingest_gives_the_view_afresh(tmp_path):
    """The view is cached per store state: a new digest (and ``forget``, as the web ingest calls it) redraws it."""
    from conftest import store_evil_digest
    from digestkg.graph.iri import digest_iri
    from digestkg.graph.rdf import extraction_quads
    from digestkg.ontology.model import Digest, Entity, Extraction, Story, Triple

    from digestkg.cache import forget
    from digestkg.core import KnowledgeGraph
    from digestkg.network_view import ego_network

    with KnowledgeGraph(tmp_path / "kg") as kg:
        store_evil_digest(kg.store)
        forget(kg)
        tencent = kg.find_entities("Tencent Holdings")[0]["iri"]
        before = ego_network(kg, tencent, max_nodes=2)
        assert len(before["nodes"]) == 2 and not before["clusters"]
        assert ego_network(kg, tencent, max_nodes=2) is before  # cached
        t, a, b = Entity("Tencent Holdings", "Company"), Entity("Riot Games", "Company"), Entity("Supercell", "Company")
        text = "Tencent Holdings owns Riot Games and Supercell."
        d = Digest("more.txt", "Weekly", "2024-03-08", "ingest", None, "", [Story(1, "Games", [text])], text)
        x = Extraction(d, {1: [t, a, b]}, [Triple(t, "owns", a, 1, text, 0.9), Triple(t, "owns", b, 1, text, 0.9)],
                       "test")
        kg.store.replace_digest(str(digest_iri(d)), extraction_quads(x, "2024-03-08T00:00:00+00:00"))
        forget(kg)
        after = ego_network(kg, tencent, max_nodes=2)
        assert after["clusters"] == 1 and after["clustered"] == 3
        assert [n["label"] for n in after["nodes"]] == ["Tencent Holdings", "3 other neighbours"]
