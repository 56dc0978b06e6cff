"""The SPARQL 1.1 Protocol endpoint: content negotiation, GET and POST, and a real client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from digestkg.web import create_app

COMPANIES = "SELECT ?c ?name WHERE { ?c a kg:Company ; rdfs:label ?name } ORDER BY ?name LIMIT 5"


@pytest.fixture(scope="module")
def web(sample_graph):
    return create_app({"TESTING": True, "KG_DATA": str(sample_graph)}).test_client()


def test_sparqlwrapper_queries_the_endpoint(live_url):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(f"{live_url}/sparql")
    sw.setQuery("PREFIX kg: <https://digestkg.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                + COMPANIES)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert len(rows) == 5 and all(r["c"]["type"] == "uri" for r in rows)
    sw.setReturnFormat(XML)
    assert len(sw.query().convert().getElementsByTagName("result")) == 5
    sw.setReturnFormat(CSV)
    assert len(list(csv.reader(io.StringIO(sw.query().convert().decode())))) == 6
    sw.setMethod(POST)
    sw.setReturnFormat(JSON)
    sw.setQuery("ASK { ?c a <https://digestkg.org/ontology#Company> }")
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("CONSTRUCT { ?c a <https://digestkg.org/ontology#Company> } WHERE "
                "{ ?c a <https://digestkg.org/ontology#Company> } LIMIT 3")
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) == 3


@pytest.mark.parametrize(("accept", "mime"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"), ("*/*", "application/sparql-results+json"),
])
def test_select_results_by_content_negotiation(web, accept, mime):
    r = web.get("/sparql", query_string={"query": COMPANIES}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mime
    body = r.get_data(as_text=True)
    if mime == "text/tab-separated-values":
        lines = body.splitlines()
        assert lines[0] == "?c\t?name" and lines[1].startswith("<https://digestkg.org/id/company/")
        assert len(lines) == 6
    elif mime == "text/csv":
        assert body.splitlines()[0] == "c,name"
    elif mime.endswith("json"):
        assert len(json.loads(body)["results"]["bindings"]) == 5


def test_graph_results_as_turtle_or_json_ld(web):
    q = "DESCRIBE <https://digestkg.org/id/company/bytedance>"
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "text/turtle"})
    assert r.mimetype == "text/turtle"
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    assert (rdflib.URIRef("https://digestkg.org/id/company/bytedance"), rdflib.RDFS.label,
            rdflib.Literal("ByteDance")) in g
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "application/ld+json"})
    assert r.mimetype == "application/ld+json"
    assert len(rdflib.Graph().parse(data=r.data, format="json-ld")) == len(g)


def test_post_forms_and_bodies_and_refusals(web):
    r = web.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
    assert r.json == {"head": {}, "boolean": True}
    r = web.post("/sparql", data="ASK { ?s ?p ?o }", content_type="application/sparql-query")
    assert r.json["boolean"] is True
    assert web.post("/sparql", data={"update": "DROP ALL"}).status_code == 403
    for bad in ("DROP ALL", "SELECT * WHERE { SERVICE <http://x.org/s> { ?s ?p ?o } }", "SELECT ?x WHERE {"):
        r = web.get("/sparql", query_string={"query": bad})
        assert r.status_code == 400 and r.mimetype == "text/plain", bad
    r = web.get("/sparql", query_string={"query": COMPANIES}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"  # the default for SELECT
    assert web.get("/sparql", query_string={"query": COMPANIES, "format": "turtle"}).status_code == 406
    assert "Query console" in web.get("/sparql").get_data(as_text=True)


def test_cypher_console_on_a_neo4j_store(neo4j_store, neo4j_settings, corpus, tmp_path, extractor):
    """With KG_STORE=neo4j the console answers read-only Cypher from the real server."""
    from digestkg.web import create_app

    from digestkg.core import KnowledgeGraph

    kg = KnowledgeGraph(tmp_path, store="neo4j", **neo4j_settings)
    kg._extractor = extractor
    kg.ingest([corpus / "seed-digest.txt"])
    kg.close()
    client = create_app({"TESTING": True, "KG_DATA": str(tmp_path), "KG_STORE": "neo4j"}).test_client()
    query = "MATCH (c:Company)-[:OWNS]->(x) RETURN c.name AS owner, x.name AS owned ORDER BY owned"
    r = client.get("/console", query_string={"lang": "cypher", "query": query, "format": "json"})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert ["ByteDance", "TikTok"] in [list(row) for row in r.json["rows"]]
    r = client.get("/console", query_string={"lang": "cypher", "query": "MATCH (n) DETACH DELETE n",
                                            "format": "json"})
    assert r.status_code == 400 and "read-only" in r.json["error"]
