"""The SPARQL 1.1 Protocol endpoint: content negotiation, GET and POST, the dataset parameters, refusals,
the row limit, and a real client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
import rdflib.compare
from digestkg.web import create_app
from rdflib.query import Result

# rdflib's JSON-LD parser and SPARQLWrapper's RDF conversion use rdflib's deprecated ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore:.*ConjunctiveGraph.*:DeprecationWarning")

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
    for bad in ("SELECT * WHERE { SERVICE <http://x.org/s> { ?s ?p ?o } }", "SELECT ?x WHERE {"):
        r = web.get("/sparql", query_string={"query": bad})
        assert r.status_code == 400 and r.mimetype == "text/plain", bad
    r = web.get("/sparql", query_string={"query": COMPANIES}, headers={"Accept": "text/turtle, */*;q=0.1"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"  # the default for SELECT
    assert web.get("/sparql", query_string={"query": COMPANIES}, headers={"Accept": "text/turtle"}).status_code == 406
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


PREFIXES = ("PREFIX kg: <https://digestkg.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
BYTEDANCE = "https://digestkg.org/id/company/bytedance"


def test_sparqlwrapper_with_its_defaults(live_url):
    """SPARQLWrapper as it comes (XML asked for, format=xml sent too): every query form converts."""
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(f"{live_url}/sparql")
    sw.setQuery(PREFIXES + COMPANIES)
    doc = sw.queryAndConvert()  # SPARQL results XML, as a DOM
    names = [b.getElementsByTagName("literal")[0].firstChild.data for b in doc.getElementsByTagName("binding")
             if b.getAttribute("name") == "name"]
    assert len(doc.getElementsByTagName("result")) == 5 and names == sorted(names)
    sw.setQuery(f"ASK {{ <{BYTEDANCE}> a <https://digestkg.org/ontology#Company> }}")
    assert sw.queryAndConvert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    sw.setQuery(PREFIXES + "CONSTRUCT { ?c a kg:Company ; rdfs:label ?n } WHERE { ?c a kg:Company ; rdfs:label ?n }"
                " ORDER BY ?c LIMIT 4")
    g = sw.queryAndConvert()  # RDF/XML, as an rdflib Graph
    assert isinstance(g, rdflib.Graph) and len(g) == 8 and len(set(g.subjects())) == 4
    sw.setQuery(f"DESCRIBE <{BYTEDANCE}>")
    g = sw.queryAndConvert()
    assert (rdflib.URIRef(BYTEDANCE), rdflib.RDFS.label, rdflib.Literal("ByteDance")) in g


@pytest.mark.parametrize(("query", "fmt", "mime"), [
    (COMPANIES, "json", "application/sparql-results+json"), (COMPANIES, "xml", "application/sparql-results+xml"),
    (COMPANIES, "csv", "text/csv"), (COMPANIES, "tsv", "text/tab-separated-values"),
    (COMPANIES, "application/sparql-results+xml", "application/sparql-results+xml"),
    ("ASK { ?s ?p ?o }", "XML", "application/sparql-results+xml"),
    (f"DESCRIBE <{BYTEDANCE}>", "turtle", "text/turtle"), (f"DESCRIBE <{BYTEDANCE}>", "ttl", "text/turtle"),
    (f"DESCRIBE <{BYTEDANCE}>", "n3", "text/turtle"), (f"DESCRIBE <{BYTEDANCE}>", "nt", "application/n-triples"),
    (f"DESCRIBE <{BYTEDANCE}>", "ntriples", "application/n-triples"),
    (f"DESCRIBE <{BYTEDANCE}>", "n-triples", "application/n-triples"),
    (f"DESCRIBE <{BYTEDANCE}>", "rdfxml", "application/rdf+xml"),
    (f"DESCRIBE <{BYTEDANCE}>", "rdf", "application/rdf+xml"),
    (f"DESCRIBE <{BYTEDANCE}>", "xml", "application/rdf+xml"),
    (f"DESCRIBE <{BYTEDANCE}>", "json-ld", "application/ld+json"),
    (f"DESCRIBE <{BYTEDANCE}>", "jsonld", "application/ld+json"),
])
def test_format_parameter_when_accept_says_nothing(web, query, fmt, mime):
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}):
        r = web.get("/sparql", query_string={"query": query, "format": fmt}, headers=headers)
        assert r.status_code == 200 and r.mimetype == mime, (headers, r.status_code, r.get_data(as_text=True))


def test_accept_comes_before_format_and_a_misfit_gets_406(web):
    r = web.get("/sparql", query_string={"query": COMPANIES, "format": "json"}, headers={"Accept": "text/csv"})
    assert r.mimetype == "text/csv"
    r = web.get("/sparql", query_string={"query": f"DESCRIBE <{BYTEDANCE}>", "format": "jsonld"},
                headers={"Accept": "application/n-triples"})
    assert r.mimetype == "application/n-triples"
    for query in (COMPANIES, "ASK { ?s ?p ?o }", f"DESCRIBE <{BYTEDANCE}>"):
        r = web.get("/sparql", query_string={"query": query}, headers={"Accept": "image/png"})
        assert r.status_code == 406 and r.mimetype == "text/plain", query
    r = web.get("/sparql", query_string={"query": COMPANIES, "format": "png"})
    assert r.status_code == 406


@pytest.mark.parametrize(("accept", "parse"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"), ("text/n3", "turtle"), ("application/xml", "xml"), ("*/*", "turtle"),
])
def test_graph_results_in_every_rdf_format(web, accept, parse):
    q = PREFIXES + "CONSTRUCT { ?c a kg:Company ; rdfs:label ?n } WHERE { ?c a kg:Company ; rdfs:label ?n }"
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200, r.get_data(as_text=True)
    g = rdflib.Graph().parse(data=r.data, format=parse)
    nt = web.get("/sparql", query_string={"query": q}, headers={"Accept": "application/n-triples"})
    assert rdflib.compare.isomorphic(g, rdflib.Graph().parse(data=nt.data, format="nt")) and len(g) > 20
    assert (rdflib.URIRef(BYTEDANCE), rdflib.RDFS.label, rdflib.Literal("ByteDance")) in g


def test_tsv_writes_literals_as_ntriples_terms(web):
    q = ('SELECT ?x ?y ?z ?n WHERE { BIND("""two\nlines""" AS ?x) BIND("tab\\there \\"q\\" back\\\\slash" AS ?y) '
         'BIND("chat"@fr AS ?z) BIND(3 AS ?n) }')
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert body.split("\n") == ["?x\t?y\t?z\t?n",
                                '"two\\nlines"\t"tab\\there \\"q\\" back\\\\slash"\t"chat"@fr\t'
                                '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', ""]
    assert '"""' not in body
    row = next(iter(Result.parse(io.StringIO(body), format="tsv")))
    assert [str(t) for t in row] == ["two\nlines", 'tab\there "q" back\\slash', "chat", "3"]


def test_date_times_come_back_as_stored(web):
    """Lexical forms as the store and every export write them: "Z", not rdflib's "+00:00"."""
    q = ("PREFIX kg: <https://digestkg.org/ontology#> SELECT ?t ?d WHERE { ?x kg:ingestedAt ?t ; kg:editionDate ?d }")
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "application/sparql-results+json"})
    rows = r.json["results"]["bindings"]
    assert rows and all(b["t"]["value"].endswith("Z") and b["d"]["value"].endswith("T00:00:00Z") for b in rows)


def test_select_star_keeps_the_order_of_the_query(web):
    q = "SELECT * WHERE { ?zz a kg:Company ; rdfs:label ?b . OPTIONAL { ?zz kg:alias ?alias } } LIMIT 3"
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "application/json"})
    assert r.json["head"]["vars"] == ["zz", "b", "alias"]
    first = r.json["results"]["bindings"][0]
    assert first["zz"]["type"] == "uri" and first["b"]["type"] == "literal"
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "text/csv"})
    assert r.get_data(as_text=True).splitlines()[0] == "zz,b,alias"
    r = web.get("/sparql", query_string={"query": q}, headers={"Accept": "text/tab-separated-values"})
    assert r.get_data(as_text=True).splitlines()[0] == "?zz\t?b\t?alias"
    r = web.get("/console", query_string={"query": q, "format": "json"})
    assert r.json["columns"] == ["zz", "b", "alias"]
    r = web.get("/sparql", query_string={"query": "SELECT ?b ?zz WHERE { ?zz rdfs:label ?b } LIMIT 1"},
                headers={"Accept": "application/json"})
    assert r.json["head"]["vars"] == ["b", "zz"]


def _select(web, query: str, **params) -> list[dict]:
    r = web.get("/sparql", query_string={"query": query, **params}, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.json["results"]["bindings"]


def test_default_and_named_graph_parameters(web):
    graphs = [b["g"]["value"] for b in _select(web, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} } ORDER BY ?g")]
    digest = next(g for g in graphs if "/story/" not in g)
    story = next(g for g in graphs if g.startswith(digest + "/story/"))
    nope = "https://digestkg.org/id/digest/0000000000000000"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(query: str, **params) -> int:
        return int(_select(web, query, **params)[0]["n"]["value"])

    total, in_story = n(count), n(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{story}> {{ ?s ?p ?o }} }}")
    assert 0 < in_story < total
    assert n(count, **{"default-graph-uri": story}) == in_story
    assert n(count, **{"default-graph-uri": nope}) == 0
    assert n(f"SELECT (COUNT(*) AS ?n) FROM <{nope}> WHERE {{ ?s ?p ?o }}", **{"default-graph-uri": story}) == in_story
    named = _select(web, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }", **{"named-graph-uri": [story, digest]})
    assert sorted(b["g"]["value"] for b in named) == sorted([story, digest])
    assert n(count, **{"named-graph-uri": story}) == 0  # the default graph is empty then
    assert not _select(web, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", **{"named-graph-uri": nope})
    r = web.post("/sparql", data=count, content_type="application/sparql-query",
                 query_string={"default-graph-uri": story}, headers={"Accept": "application/json"})
    assert int(r.json["results"]["bindings"][0]["n"]["value"]) == in_story
    r = web.post("/sparql", data={"query": count, "default-graph-uri": story}, headers={"Accept": "application/json"})
    assert int(r.json["results"]["bindings"][0]["n"]["value"]) == in_story
    r = web.post("/sparql", data={"query": f"DESCRIBE <{BYTEDANCE}>", "default-graph-uri": nope},
                 headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and not r.get_data(as_text=True).strip()
    r = web.get("/sparql", query_string={"query": count, "default-graph-uri": "not an iri> } DROP ALL"})
    assert r.status_code == 400


def test_every_update_form_gets_403(web):
    refusals = [
        web.post("/sparql", data={"update": "DROP ALL"}),
        web.get("/sparql", query_string={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}),
        web.post("/sparql", data="DROP ALL", content_type="application/sparql-update"),
        web.post("/sparql", data="CLEAR DEFAULT", content_type="application/sparql-update; charset=utf-8"),
        web.get("/sparql", query_string={"query": "DROP ALL"}),
        web.post("/sparql", data={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}),
        web.post("/sparql", data="DELETE WHERE { ?s ?p ?o }", content_type="application/sparql-query"),
    ]
    for r in refusals:
        assert r.status_code == 403 and "read-only" in r.get_data(as_text=True)
    assert web.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).json["boolean"] is True


def test_answers_over_the_row_limit_are_refused_not_cut(sample_graph):
    small = create_app({"TESTING": True, "KG_DATA": str(sample_graph), "KG_QUERY_LIMIT": 5,
                        "KG_QUERY_RATE": 0}).test_client()
    for q in ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }",
              "DESCRIBE ?c WHERE { ?c a kg:Company }"):
        for accept in ("application/sparql-results+json, text/turtle", "*/*"):
            r = small.get("/sparql", query_string={"query": q}, headers={"Accept": accept})
            text = r.get_data(as_text=True)
            assert r.status_code == 422 and "KG_QUERY_LIMIT" in text and "more than 5" in text, (q, accept, text)
    r = small.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"},
                  headers={"Accept": "application/json"})
    assert r.status_code == 200 and len(r.json["results"]["bindings"]) == 5
    r = small.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"},
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.get_data(as_text=True).strip().splitlines()) == 5
    # the console shows the first rows, and says they were cut
    r = small.get("/console", query_string={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "format": "json"})
    assert r.status_code == 200 and r.json["result"]["truncated"] is True and len(r.json["rows"]) == 5
