"""The web app's pages over the sample graph, through Flask's test client: what a user and a script see.

Every page test runs once per store (the sample graph on Oxigraph, and copied into Neo4j), and every
page answers the same on both."""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest
import rdflib
from conftest import CONSOLE
from digestkg.graph.export import FORMATS
from digestkg.web import create_app

CDN = re.compile(r"(src=|<link[^>]*href=)\"(https?:)?//", re.I)  # scripts, images, styles from elsewhere


@pytest.fixture(scope="module")
def web(sample_settings):
    return create_app({"TESTING": True, **sample_settings}).test_client()


def html(web, url: str, status: int = 200) -> str:
    r = web.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:300])
    return r.get_data(as_text=True)


def test_home_shows_counts_latest_digests_and_events(web):
    r = web.get("/?format=json").json
    assert r["stats"]["digests"] == 15 and r["stats"]["facts"] > 50
    assert len(r["digests"]) == 10 and r["events"]
    assert any(e["kind"] == "Release" and e["agent_label"] == "ByteDance" for e in r["events"][:10]) or r["events"]
    page = html(web, "/")
    assert "Latest digests" in page and "Newest events" in page and 'name="q"' in page


def test_search_by_alias_chinese_name_typo_and_type(web):
    def names(q: str, *types: str) -> list[str]:
        url = f"/search?q={q}&format=json" + "".join(f"&type={t}" for t in types)
        return [h["name"] for h in web.get(url).json["results"]]

    assert names("ByteDance")[0] == "ByteDance"
    assert names("bytedanse")[0] == "ByteDance"  # a typo
    assert names("字节跳动")[0] == "ByteDance"  # its Chinese name
    assert names("支付宝")[0] == "Alipay"
    assert "Alipay" not in names("alipay", "Company") and names("alipay", "Product")[0] == "Alipay"
    sugg = web.get("/suggest?q=tenc").json["suggestions"]
    assert sugg and sugg[0]["name"].startswith("Tencent")
    assert web.get("/search?q=x&type=Robot").status_code == 400
    assert "Alipay" in html(web, "/search?q=alipay")


def test_entity_page_facts_as_sentences_with_evidence_timeline_and_neighbours(web):
    page = html(web, "/entity?name=bytedance")
    assert re.search(r"ByteDance <b>releases</b> <a class=\"ent\" href=\"/entity\?name=SDXL-Lightning\">", page)
    assert "ByteDance (字节跳动) released SDXL-Lightning this week, an open text-to-image model" in page
    assert "story 3 of" in page and "Timeline" in page and "Neighbours" in page
    data = web.get("/entity?name=ByteDance", headers={"Accept": "application/json"}).json
    assert data["entity"]["wikidata"] and data["entity"]["wikidata_url"].startswith("https://www.wikidata.org/")
    assert any(e["kind"] == "Release" for e in data["events"])
    assert "SDXL-Lightning" in [n["name"] for n in data["neighbours"]["releases"]["out"]]
    assert web.get("/entity?name=Nobody+At+All").status_code == 404
    assert web.get("/entity").status_code == 400


def test_network_view_caps_edges_keeping_the_centres_own(sample_graph, sample_settings):
    """A hub's view draws at most KG_NETWORK_MAX_EDGES facts: the centre's own first; the page says how many
    were left out; the same request comes from the cache, equal."""
    from digestkg.core import KnowledgeGraph

    with KnowledgeGraph(sample_graph, read_only=True) as kg:
        g = kg.network()
    hub = max(g.nodes, key=g.degree)
    name = g.nodes[hub]["label"]
    full = create_app({"TESTING": True, **sample_settings}).test_client().get(
        f"/network?name={name}&depth=2&format=json").json["network"]
    own = [e for e in full["edges"] if hub in (e["from"], e["to"])]
    assert len(full["edges"]) > len(own) + 2 and full["omitted_edges"] == 0
    web = create_app({"TESTING": True, **sample_settings, "KG_NETWORK_MAX_EDGES": len(own) + 2}).test_client()
    cut = web.get(f"/network?name={name}&depth=2&format=json").json["network"]
    assert len(cut["edges"]) == len(own) + 2 and cut["omitted_edges"] == len(full["edges"]) - len(own) - 2
    assert all(e in cut["edges"] for e in own)
    assert web.get(f"/network?name={name}&depth=2&format=json").json["network"] == cut
    assert f"{cut['omitted_edges']} more facts among them not drawn" in web.get(
        f"/network?name={name}&depth=2").get_data(as_text=True)


def test_network_view_ego_filters_cap_and_server_layout(sample_settings):
    app = create_app({"TESTING": True, **sample_settings, "KG_NETWORK_MAX_NODES": 6})
    web = app.test_client()
    full = web.get("/network?name=ByteDance&depth=2&format=json").json["network"]
    assert len(full["nodes"]) == 6 and full["omitted"] > 0
    assert any(n["center"] and n["label"] == "ByteDance" for n in full["nodes"])
    assert {"Company"} <= set(full["legend"])
    owns = web.get("/network?name=ByteDance&predicate=owns&format=json").json["network"]
    assert owns["edges"] and {e["predicate"] for e in owns["edges"]} == {"owns"}
    future = web.get("/network?name=ByteDance&since=2999-01-01&format=json").json["network"]
    assert [n["label"] for n in future["nodes"]] == ["ByteDance"] and not future["edges"]
    page = html(web, "/network?name=ByteDance&depth=2")
    assert "entities further out left out" in page and 'id="network-data"' in page
    assert not CDN.search(page) and "/static/vis-network.min.js" in page
    assert web.get("/network?name=ByteDance&depth=4").status_code == 400
    assert web.get("/network?name=ByteDance&predicate=likes").status_code == 400


def test_network_above_the_layout_threshold_comes_with_positions(sample_settings, monkeypatch):
    from digestkg import network_view

    monkeypatch.setattr(network_view, "SERVER_LAYOUT_ABOVE", 3)
    web = create_app({"TESTING": True, **sample_settings}).test_client()
    r = web.get("/network?name=ByteDance&depth=2&format=json").json
    assert r["network"]["server_layout"] and all("x" in n and "y" in n for n in r["network"]["nodes"])
    assert all(n["physics"] is False for n in r["vis"]["nodes"])
    assert json.loads(r["vis"]["options"])["physics"]["enabled"] is False


def test_path_view(web):
    r = web.get("/network/path?from=Alipay&to=ByteDance&format=json").json
    paths = r["network"]["paths"]
    assert paths and all(p[0] == "Alipay" and p[-1] == "ByteDance" for p in paths)
    assert len(r["network"]["nodes"]) >= 3
    assert "Alipay" in html(web, "/network/path?from=Alipay&to=ByteDance")


def test_analytics_centrality_and_clusters(web):
    r = web.get("/analytics?format=json").json
    companies = [c["name"] for c in r["central"]["Company"]]
    assert companies and r["central"]["Product"]
    assert r["central"]["Company"][0]["pagerank"] >= r["central"]["Company"][-1]["pagerank"]
    assert r["communities"] and all(len(c["companies"]) >= 2 for c in r["communities"])
    owns = web.get("/analytics?predicate=owns&format=json").json
    assert owns["central"]["Company"] != r["central"]["Company"]
    page = html(web, "/analytics")
    assert f'href="/entity?name={companies[0].replace(" ", "+")}"' in page


def test_digest_page_highlights_entities_and_fact_sentences(web):
    page = html(web, "/digest?doc=seed-digest.txt")
    assert '<mark class="fact">' in page
    assert re.search(r'<a class="ment" style="[^"]*" href="/entity\?name=ByteDance">ByteDance</a>', page)
    assert "Releases SDXL-Lightning" in page
    d = web.get("/digest?doc=seed-digest.txt&format=json").json["digest"]
    assert ("ByteDance", "releases", "SDXL-Lightning") in {
        (f["subject"], f["predicate"], f["object"]) for f in d["stories"][2]["facts"]}
    assert web.get("/digest?doc=nope.txt").status_code == 404
    assert "seed-digest.txt" in html(web, "/digests")


REFUSED = {"sparql": ("DROP ALL", "LOAD <http://example.org/x>",
                       "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                       "INSERT DATA { <a:b> <a:c> <a:d> }"),
           "cypher": ("CREATE (n)", "MATCH (n) DETACH DELETE n", "LOAD CSV FROM 'http://example.org/x' AS r RETURN r",
                      "CALL db.clearQueryCaches()")}


def test_console_table_downloads_and_refusals(web, sample_store):
    lang, q, _ = CONSOLE[sample_store]
    page = html(web, f"/console?lang={lang}&query={q}")
    assert "<table" in page and "Alibaba Group" in page
    rows = list(csv.reader(io.StringIO(web.get(f"/console?lang={lang}&query={q}&download=csv").get_data(
        as_text=True))))
    assert rows[0] == ["name"] and len(rows) == 8
    r = web.get(f"/console?lang={lang}&query={q}&download=json")
    assert "attachment" in r.headers["Content-Disposition"]
    assert len(r.json["results"]["bindings"] if lang == "sparql" else r.json["rows"]) == 7
    for bad in REFUSED[lang]:
        r = web.get("/console", query_string={"lang": lang, "query": bad, "format": "json"})
        assert r.status_code == 400 and "not allowed" in r.json["error"], bad
    other = "cypher" if lang == "sparql" else "sparql"
    assert web.get(f"/console?lang={other}").status_code == 400  # each store answers its own language


def test_cypher_write_clauses_are_refused():
    from digestkg.graph.cypher import check_read_only as check_cypher_read_only
    from digestkg.graph.store import QueryError

    check_cypher_read_only("MATCH (n:Company {label: 'CREATE'}) RETURN n.set, n // DELETE\nLIMIT 5")
    for bad in ("CREATE (n)", "MATCH (n) SET n.x = 1", "MATCH (n) DETACH DELETE n", "MERGE (n:A)",
                "MATCH (n) REMOVE n.x", "CALL db.clearQueryCaches()", "LOAD CSV FROM 'x' AS r RETURN r"):
        with pytest.raises(QueryError):
            check_cypher_read_only(bad)


def test_a_query_that_runs_too_long_is_stopped(sample_graph):
    web = create_app({"TESTING": True, "KG_DATA": str(sample_graph), "KG_QUERY_TIMEOUT": 0.2}).test_client()
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = web.get("/console", query_string={"query": slow, "format": "json"})
    assert r.status_code == 400 and "stopped" in r.json["error"]
    r = web.get("/sparql", query_string={"query": slow})
    assert r.status_code == 503 and "stopped" in r.get_data(as_text=True)


@pytest.mark.parametrize(("fmt", "mime", "ext", "parse"), [
    ("turtle", "text/turtle", ".ttl", "turtle"), ("jsonld", "application/ld+json", ".jsonld", "json-ld"),
    ("ntriples", "application/n-triples", ".nt", "nt"), ("trig", "application/trig", ".trig", "trig"),
    ("graphml", "application/graphml+xml", ".graphml", None),
])
def test_exports_have_content_types_file_names_and_parse(web, fmt, mime, ext, parse):
    def fetch(url: str) -> bytes:
        r = web.get(url)
        assert r.status_code == 200 and r.mimetype == mime
        return r.headers["Content-Disposition"], r.data

    disp, whole = fetch(f"/export/{fmt}")
    assert disp == f'attachment; filename="digestkg{ext}"'
    disp, part = fetch(f"/export/{fmt}?name=Alipay&depth=1")
    assert disp == f'attachment; filename="digestkg-alipay{ext}"'
    if parse is None:
        g, sub = nx.read_graphml(io.BytesIO(whole)), nx.read_graphml(io.BytesIO(part))
        assert "https://digestkg.org/id/product/alipay" in sub and sub.number_of_nodes() < g.number_of_nodes()
        return
    ds = rdflib.Dataset(default_union=True) if parse == "trig" else rdflib.Graph()
    ds.parse(data=whole, format=parse)
    sub = rdflib.Dataset(default_union=True) if parse == "trig" else rdflib.Graph()
    sub.parse(data=part, format=parse)
    alipay = rdflib.URIRef("https://digestkg.org/id/product/alipay")
    assert (alipay, rdflib.RDFS.label, rdflib.Literal("Alipay")) in sub
    assert 0 < len(sub) < len(ds)
    assert web.get("/export/pdf").status_code == 404


def test_openapi_describes_every_json_page(web):
    spec = web.get("/openapi.json").json
    assert spec["openapi"].startswith("3.")
    rules = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule) for r in web.application.url_map.iter_rules()
             if r.endpoint not in ("static", "api.document", "api.index", "ingest.form", "sparql.preflight")}
    assert rules <= set(spec["paths"]), rules - set(spec["paths"])
    assert "/openapi.json" in html(web, "/api")


def test_news_text_is_escaped_on_every_page(web, sample_store):
    evil = "%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"
    for url in ("/", "/entity?name=Tencent+Holdings", f"/entity?name={evil}", "/digest?doc=evil.txt",
                f"/search?q={evil}", f"/network?name={evil}", "/network?name=Tencent+Holdings",
                f"/network/path?from=Tencent+Holdings&to={evil}", "/analytics", "/digests",
                f"/console?lang={CONSOLE[sample_store][0]}&query={CONSOLE[sample_store][2]}"):
        page = html(web, url)
        assert "<img src=x" not in page and "<script>alert" not in page and "</script><script>" not in page, url
        assert not CDN.search(page), url
    page = html(web, "/network?name=Tencent+Holdings")
    assert "\\u003cimg src=x" in page  # inside the JSON data block, as JSON escapes


def test_entity_page_groups_a_fact_stated_in_several_stories(web):
    """ByteDance owns TikTok, stated in two digests: one row with both sentences and their sources."""
    data = web.get("/entity?name=ByteDance&format=json").json["entity"]
    rows = [f for f in data["facts"] if f["predicate"] == "owns" and f["other_label"] == "TikTok"]
    assert len(rows) == 1 and rows[0]["stated"] == len(rows[0]["sources"]) >= 2
    assert len({s["doc"] for s in rows[0]["sources"]}) >= 2 and all(s["evidence"] for s in rows[0]["sources"])
    assert data["statements_total"] > data["facts_total"]
    assert f"stated in {rows[0]['stated']} stories" in html(web, "/entity?name=ByteDance")


PAGES = ["/", "/search?q=bytedanse", "/search?q=alipay&type=Product", "/suggest?q=tenc", "/entity?name=ByteDance",
         "/entity?name=Tencent+Holdings", "/network?name=ByteDance&depth=2", "/network?name=Alipay&predicate=owns",
         "/network/path?from=Alipay&to=ByteDance", "/analytics", "/analytics?since=2024-01-01",
         "/digests", "/digest?doc=seed-digest.txt", "/digest?doc=evil.txt", "/export", "/settings"]


def test_every_page_is_the_same_on_both_stores(sample_graph, neo4j_sample):
    """The sample graph on Oxigraph and copied into Neo4j: every page, its JSON and every export are equal."""
    ox = create_app({"TESTING": True, "KG_DATA": str(sample_graph)}).test_client()
    neo = create_app({"TESTING": True, **neo4j_sample}).test_client()
    for url in PAGES:
        a, b = (html(web, url) for web in (ox, neo))
        if url != "/settings":  # which shows the store
            assert a == b, url
        a, b = (web.get(url, headers={"Accept": "application/json"}).json for web in (ox, neo))
        for stats in (a.get("stats", {}), b.get("stats", {})):
            stats.pop("store", None), stats.pop("location", None)
        if url != "/settings":
            assert a == b, url
    for fmt in FORMATS:
        for url in (f"/export/{fmt}", f"/export/{fmt}?name=Alipay&depth=2"):
            a, b = (web.get(url) for web in (ox, neo))
            assert a.status_code == b.status_code == 200 and a.data == b.data, url
