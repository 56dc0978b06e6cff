"""The small web app over the same core, on each store: pages answer HTML and JSON, news text is escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import store_evil_digest
from digestkg.web import SETTINGS

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(params=["oxigraph", "neo4j"])
def store_name(request: pytest.FixtureRequest) -> str:
    """Each test on the embedded store, then on an emptied Neo4j."""
    if request.param == "neo4j":
        request.getfixturevalue("neo4j_store")
    return request.param


def test_home_and_entity_pages(kg, client, corpus):
    kg.ingest([corpus / "seed-digest.txt"])
    kg.close()
    r = client.get("/?format=json")
    assert r.status_code == 200 and r.json["stats"]["digests"] == 1
    assert r.json["digests"][0]["doc"] == "seed-digest.txt"
    page = client.get("/entity?name=ByteDance").get_data(as_text=True)
    assert "ByteDance" in page and "SDXL-Lightning" in page
    assert "ByteDance (字节跳动) released SDXL-Lightning this week, an open text-to-image model" in page
    r = client.get("/entity?name=ByteDance", headers={"Accept": "application/json"})
    assert r.json["entity"]["type"] == "Company"
    assert client.get("/entity?name=Nobody+At+All").status_code == 404


def test_pages_are_made_once_per_store_state(kg, client):
    """Home, entity and network pages are kept per store state: asked again, they are the same bytes; a new
    digest (and ``forget``, as the web ingest calls it) gives them afresh."""
    from digestkg.graph.iri import digest_iri
    from digestkg.graph.rdf import extraction_quads
    from digestkg.ontology.model import Digest, Entity, Extraction, Story, Triple

    from digestkg.cache import forget

    store_evil_digest(kg.store)
    kg.close()
    forget(kg)
    urls = ("/?format=json", "/entity?name=Tencent+Holdings&format=json", "/network?name=Tencent+Holdings",
            "/entity?name=Tencent+Holdings")
    first = [client.get(u).get_data() for u in urls]
    assert [client.get(u).get_data() for u in urls] == first
    t, riot = Entity("Tencent Holdings", "Company"), Entity("Riot Games", "Company")
    text = "Tencent Holdings owns Riot Games."
    d = Digest("more.txt", "Weekly", "2024-03-08", "ingest", None, "", [Story(1, "Games", [text])], text)
    x = Extraction(d, {1: [t, riot]}, [Triple(t, "owns", riot, 1, text, 0.9)], "test")
    kg.store.replace_digest(str(digest_iri(d)), extraction_quads(x, "2024-03-08T00:00:00+00:00"))
    kg.close()
    forget(kg)
    assert client.get(urls[0]).json["stats"]["digests"] == 2
    assert "Riot Games" in {f["other_label"] for f in client.get(urls[1]).json["entity"]["facts"]}
    assert "Riot Games" in client.get(urls[2]).get_data(as_text=True)
    assert "Tencent Holdings owns Riot Games." in client.get(urls[3]).get_data(as_text=True)


def test_names_from_the_news_are_escaped(kg, client):
    store_evil_digest(kg.store)
    kg.close()
    for url in ("/entity?name=Tencent+Holdings", "/entity?name=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E", "/"):
        page = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in page and "<script>alert" not in page, url
    page = client.get("/entity?name=Tencent+Holdings").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;/script&gt;&lt;script&gt;" in page


def test_every_setting_is_documented():
    readme = README.read_text(encoding="utf-8")
    missing = [k for k in SETTINGS if not re.search(rf"`{k}`", readme)]
    assert not missing, f"settings not in the README: {missing}"


def test_a_hub_entity_page_shows_its_facts_a_page_at_a_time(kg, client):
    from digestkg.graph.iri import digest_iri
    from digestkg.graph.rdf import extraction_quads
    from digestkg.ontology.model import Digest, Entity, Extraction, Story, Triple

    hub = Entity("Hub Holdings", "Company")
    owned = [Entity(f"App {i}", "Product") for i in range(150)]
    stories = [Story(1, "Many apps", [f"Hub Holdings owns App {i}." for i in range(150)])]
    d = Digest("hub.txt", "Hub weekly", "2024-03-01", "ingest", None, "", stories, "hub")
    triples = [Triple(hub, "owns", e, 1, f"Hub Holdings owns {e.name}.", 0.9) for e in owned]
    kg.store.replace_digest(str(digest_iri(d)), extraction_quads(Extraction(d, {1: [hub, *owned]}, triples, "t"),
                                                                   "2024-03-01T00:00:00+00:00"))
    kg.close()
    first = client.get("/entity?name=Hub+Holdings&format=json").json
    assert first["entity"]["facts_total"] == 150 and len(first["entity"]["facts"]) == 100
    assert first["page"] == {"number": 1, "pages": 2, "per_page": 100}
    second = client.get("/entity?name=Hub+Holdings&page=2&format=json").json
    assert len(second["entity"]["facts"]) == 50
    assert {f["other_label"] for f in first["entity"]["facts"]}.isdisjoint(
        f["other_label"] for f in second["entity"]["facts"])
    assert client.get("/entity?name=Hub+Holdings&page=9&format=json").json["page"]["number"] == 2  # the last
    owns = first["neighbours"]["owns"]  # beside the facts: the first 30 of them, and the count
    assert owns["out_total"] == 150 and len(owns["out"]) == 30 and owns["in_total"] == 0
    html = client.get("/entity?name=Hub+Holdings").get_data(as_text=True)
    assert "Page 1 of 2" in html and "page=2" in html and "and 120 more" in html
