"""The network view is read from the store around its centre (``Store.fact_triples``), never from the whole
entity network, and draws what the whole network holds: the same entities, facts and shortest paths, on both
stores. A fact's sentence comes one fact at a time (``/network/fact``); a date range still cuts the view from
the whole network (a fact's date is its first statement's)."""

from __future__ import annotations

from collections import OrderedDict
from urllib.parse import quote

import networkx as nx
import pytest
from conftest import serving
from digestkg.web import create_app
from test_browser import browser, wait_for_network  # noqa: F401 (a fixture)

import digestkg.cache
import digestkg.network_view
from digestkg.core import KnowledgeGraph

NAMES = ["Microsoft", "OpenAI", "Alipay", "Tencent Holdings"]


@pytest.fixture(scope="module")
def graph(sample_graph):
    """The whole entity network of the sample graph (the same on both stores)."""
    with KnowledgeGraph(sample_graph, read_only=True) as kg:
        return kg.network()


@pytest.fixture
def kg(sample_settings):
    """The graph the web app reads, on the store of ``sample_settings``."""
    from digestkg.web import get_kg

    with create_app({"TESTING": True, **sample_settings}).app_context():
        yield get_kg()


def client(settings: dict[str, str], nodes: int = 150, edges: int = 600):
    return create_app({"TESTING": True, **settings, "KG_NETWORK_MAX_NODES": nodes,
                       "KG_NETWORK_MAX_EDGES": edges}).test_client()


def iri(graph: nx.MultiDiGraph, name: str) -> str:
    return next(n for n, d in graph.nodes(data=True) if d["label"] == name)


def test_fact_triples_are_the_links_without_their_names(kg, graph):
    hub = iri(graph, "Microsoft")
    links = kg.store.links([hub])
    assert kg.store.fact_triples([hub]) == sorted({link[:3] for link in links}) and links
    ring = {n for link in links for n in (link.subject, link.object)} - {hub}
    within = sorted({link[:3] for link in kg.store.links(ring) if link.subject in ring and link.object in ring})
    assert kg.store.fact_triples(ring, within=True) == within and within
    owns = kg.store.fact_triples([hub], ["owns"])
    assert owns and owns == [t for t in kg.store.fact_triples([hub]) if t[1] == "owns"]
    assert kg.store.fact_triples([]) == [] and kg.store.fact_triples([hub], []) == []


def test_no_view_reads_the_whole_network(sample_settings, monkeypatch):
    def whole(*args, **kwargs):
        raise AssertionError("the whole network was read")

    monkeypatch.setattr(digestkg.network_view, "network", whole)
    monkeypatch.setattr(KnowledgeGraph, "network", whole)
    monkeypatch.setattr(digestkg.cache, "_cache", OrderedDict())  # nothing built before counts
    web = client(sample_settings, nodes=4)
    for url in ("/network?name=Microsoft", "/network?name=Microsoft&depth=2&type=Company",
                "/network?name=Microsoft&predicate=owns&predicate=worksFor",
                "/network/path?from=Alipay&to=ByteDance"):
        assert web.get(url).status_code == 200, url
        r = web.get(url + "&format=json").json
        assert r["network"]["nodes"], url
    groups = [n for n in web.get("/network?name=Microsoft&format=json").json["vis"]["nodes"] if n.get("cluster")]
    assert groups and web.get(groups[0]["expand"]).json["network"]["nodes"]
    with pytest.raises(AssertionError, match="whole network"):
        web.get("/network?name=Microsoft&since=2024-01-01&format=json")


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("name", NAMES)
def test_below_the_caps_a_view_is_the_ego_graph_of_the_whole_network(sample_settings, graph, name, depth):
    net = client(sample_settings, nodes=10_000, edges=100_000).get(
        f"/network?name={quote(name)}&depth={depth}&format=json").json["network"]
    center = iri(graph, name)
    ego = nx.ego_graph(graph.to_undirected(as_view=True), center, radius=depth)
    assert {n["id"] for n in net["nodes"]} == set(ego) and not net["clusters"] and not net["omitted"]
    facts = {(u, v, k) for u, v, k in graph.subgraph(ego).edges(keys=True)}
    assert {(e["from"], e["to"], e["predicate"]) for e in net["edges"]} == facts and not net["omitted_edges"]
    simple = nx.Graph(graph.subgraph(ego))
    assert all(n["degree"] == simple.degree(n["id"]) for n in net["nodes"])


@pytest.mark.parametrize("a, b", [("Alipay", "ByteDance"), ("OpenAI", "Tencent Holdings"), ("Microsoft", "Alipay")])
def test_paths_are_the_whole_networks_shortest_paths(sample_settings, graph, a, b):
    r = client(sample_settings).get(f"/network/path?from={quote(a)}&to={quote(b)}&format=json").json
    label = nx.get_node_attributes(graph, "label")
    every = [[label[n] for n in p] for p in nx.all_shortest_paths(graph.to_undirected(as_view=True),
                                                                   iri(graph, a), iri(graph, b))]
    got = r["network"]["paths"]
    assert got and len(got) == min(len(every), 10) and all(p in every for p in got)
    for e in r["network"]["edges"]:  # only facts along a path
        assert any({label[e["from"]], label[e["to"]]} == set(p[i:i + 2]) for p in got for i in range(len(p) - 1))


def test_filters_apply_to_what_is_read(sample_settings, graph):
    web = client(sample_settings)
    companies = web.get("/network?name=Microsoft&depth=2&type=Company&format=json").json["network"]
    assert {n["type"] for n in companies["nodes"]} == {"Company"} and len(companies["nodes"]) > 1
    owns = web.get("/network?name=Microsoft&predicate=owns&format=json").json["network"]
    hub = iri(graph, "Microsoft")
    ring = {v for _, v, k in graph.out_edges(hub, keys=True) if k == "owns"}
    ring |= {u for u, _, k in graph.in_edges(hub, keys=True) if k == "owns"}
    assert {n["id"] for n in owns["nodes"]} == ring | {hub} and {e["predicate"] for e in owns["edges"]} == {"owns"}


def test_a_date_range_comes_with_the_statements(sample_settings, kg):
    dates = sorted({d["date"] for d in kg.store.digests() if d.get("date")})
    since = dates[len(dates) // 2]
    web = client(sample_settings)
    r = web.get(f"/network?name=Microsoft&depth=2&since={since}&format=json").json
    net = r["network"]
    assert net["edges"] and all(e["date"] >= since and e["evidence"] and e["count"] >= 1 for e in net["edges"])
    assert not r["vis"]["fact"]  # nothing to ask for


def test_a_fact_without_its_sentence_gets_it_on_request(sample_settings, graph):
    web = client(sample_settings)
    r = web.get("/network?name=Microsoft&format=json").json
    assert all(e["evidence"] == "" and e["date"] == "" for e in r["network"]["edges"])
    url = r["vis"]["fact"]
    assert url == "/network/fact"
    for e in r["network"]["edges"][:5]:
        got = web.get(url, query_string={"s": e["from"], "p": e["predicate"], "o": e["to"]})
        assert got.status_code == 200 and got.mimetype == "application/json"
        whole = graph.edges[e["from"], e["to"], e["predicate"]]
        assert got.json["stated"] == whole["count"] and got.json["evidence"] and got.json["date"]
        assert got.json["date"] in got.json["info"] and got.json["evidence"] in got.json["info"]
    hub = r["entity"]["iri"]
    assert web.get(url, query_string={"s": hub, "p": "likes", "o": hub}).status_code == 400
    assert web.get(url, query_string={"s": "not an iri>", "p": "owns", "o": hub}).status_code == 404
    assert web.get(url, query_string={"s": hub, "p": "owns", "o": hub}).status_code == 404
    assert web.get(url).status_code == 400


def test_hovering_a_fact_fetches_its_sentence(browser, sample_settings):  # noqa: F811 (the fixture)
    """Under the app's Content-Security-Policy, the pointer on an edge asks for its sentence once."""
    with serving(sample_settings) as url:
        ctx = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
        pg = ctx.new_page()
        problems: list[str] = []
        pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        pg.on("response", lambda r: problems.append(f"{r.status} {r.url}")
              if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        try:
            pg.goto("/network?name=Alipay")
            wait_for_network(pg)
            spot = pg.evaluate("""() => {
              const net = window.kgNetwork, box = document.querySelector('#network').getBoundingClientRect();
              const e = net.body.data.edges.get({filter: (e) => !e.dashes})[0];
              const p = net.getPositions([e.from, e.to]);
              const m = net.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
              return {x: box.left + m.x, y: box.top + m.y};
            }""")
            pg.mouse.move(spot["x"] - 40, spot["y"] - 40)
            pg.mouse.move(spot["x"], spot["y"], steps=5)
            pg.wait_for_function("""() => window.kgNetwork.body.data.edges.get(
              {filter: (e) => e.asked && e.info.includes('): ')}).length > 0""", timeout=10_000)
        finally:
            ctx.close()
        assert not problems, problems
