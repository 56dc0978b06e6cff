"""User queries cannot reach the network: bypass attempts of the SPARQL and Cypher read-only checks.

Every attempt runs against a local HTTP listener (127.0.0.1, a free port) that records each
connection; each one must be refused with a clear one-line error while the listener hears nothing,
through every entry point: ``KnowledgeGraph.query``, ``kg query`` / ``kg cypher``, the ``/sparql``
endpoint (GET, form POST, application/sparql-query body) and the web console.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from digestkg.graph import sparql as sparql_check
from digestkg.graph.cypher import check_plan
from digestkg.graph.cypher import check_read_only as check_cypher
from digestkg.graph.store import QueryError

# ------------------------------------------------------------------------------------------ listener


class _Recorder(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        body = b'{"head": {"vars": ["a"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer  # noqa: N815 - http.server naming

    def log_message(self, format, *args):  # noqa: A002 - silence the request log
        pass


class _Listener(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.requests: list[str] = []
        self.connections = 0

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        self.connections += 1  # any connection at all, HTTP or not
        super().process_request(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/x"

    def heard(self) -> int:
        return self.connections + len(self.requests)


@pytest.fixture(scope="module")
def listener() -> Iterator[_Listener]:
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def quiet(listener: _Listener) -> Iterator[_Listener]:
    """The listener, checked to have heard nothing by the end of the test."""
    before = listener.heard()
    yield listener
    assert listener.heard() == before, f"the listener was reached: {listener.requests}"


def test_the_listener_records_requests(listener):
    before = listener.heard()
    with urllib.request.urlopen(listener.url, timeout=5) as r:  # noqa: S310 - a local test server
        assert r.status == 200
    assert listener.heard() > before


# ------------------------------------------------------------------------------------------ SPARQL

BODY = "{ ?a ?b ?c }"
SERVICE_ATTEMPTS = [
    f"SELECT ?a WHERE {{ SERVICE <U> {BODY} }}",
    # a number, boolean, literal, IRI or bracket glued to SERVICE: Oxigraph reads the token, then SERVICE
    f"SELECT ?a WHERE {{ ?x ?y 1SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1.5SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1e5SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 . ?x ?y -1SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y trueSERVICE <U> {BODY} }}",
    f'SELECT ?a WHERE {{ ?x ?y "a"SERVICE <U> {BODY} }}',
    f'SELECT ?a WHERE {{ ?x ?y "x"@en SERVICE <U> {BODY} }}',
    f"SELECT ?a WHERE {{ ?x ?y <http://a/y>SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y []SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 .SERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 FILTER(true)SERVICE <U> {BODY} }}",
    # comments: a carriage return ends one for Oxigraph (not for rdflib's grammar as shipped)
    f"SELECT ?a WHERE {{ ?x ?y 1 # a comment\rSERVICE <U> {BODY}\n}}",
    f"SELECT ?a WHERE {{ ?x ?y 1 # a comment\nSERVICE <U> {BODY}\n}}",
    f"SELECT ?a WHERE {{ ?x ?y 1 SERVICE#c\n<U> {BODY} }}",
    # unicode escapes: rdflib would expand \u0022 everywhere and read the rest of the line as a comment
    f'SELECT ?a WHERE {{ ?x ?y "a\\u0022 # " SERVICE <U> {BODY}\n}}',
    f"SELECT ?a WHERE {{ ?x ?y 'a\\u0027 # ' SERVICE <U> {BODY}\n}}",
    f'SELECT ?a WHERE {{ ?x ?y """a\\u0022\\u0022\\u0022 # """ SERVICE <U> {BODY}\n}}',
    f"SELECT ?a WHERE {{ \\u0053ERVICE <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 SERV\\u0049CE <U> {BODY} }}",
    # casing, SILENT, whitespace
    f"SELECT ?a WHERE {{ ?x ?y 1 sErViCe SILENT <U> {BODY} }}",
    f"select ?a where {{ ?x ?y 1 service <U> {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 SERVICE\t<U> {BODY} }}",
    # nested: subselect, OPTIONAL, UNION, EXISTS, MINUS, GRAPH; every query form; a prefixed endpoint
    f"SELECT ?a WHERE {{ {{ SELECT ?a WHERE {{ ?x ?y 1 SERVICE <U> {BODY} }} }} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 OPTIONAL {{ SERVICE <U> {BODY} }} }}",
    f"SELECT ?a WHERE {{ {{ ?x ?y 1 }} UNION {{ ?x ?y 1 SERVICE <U> {BODY} }} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 FILTER EXISTS {{ SERVICE <U> {BODY} }} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 MINUS {{ SERVICE <U> {BODY} }} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 GRAPH ?g {{ SERVICE <U> {BODY} }} }}",
    f"ASK {{ ?x ?y 1 SERVICE <U> {BODY} }}",
    f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ ?x ?y 1 SERVICE <U> {BODY} }}",
    f"DESCRIBE ?a WHERE {{ ?x ?y 1 SERVICE <U> {BODY} }}",
    f"PREFIX s: <U> SELECT ?a WHERE {{ ?x ?y 1 SERVICE s: {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 BIND(<U> AS ?u) SERVICE ?u {BODY} }}",
    f"SELECT ?a WHERE {{ ?x ?y 1 VALUES ?u {{ <U> }} SERVICE ?u {BODY} }}",
]
UPDATE_ATTEMPTS = [
    "LOAD <U>", "LOAD SILENT <U> INTO GRAPH <http://g>", "load <U>", "# comment\nLOAD <U>",
    "SELECT * WHERE { ?a ?b ?c } ; LOAD <U>", "\\u004cOAD <U>",
    "INSERT DATA { <http://a> <http://b> <http://c> }", "DELETE WHERE { ?a ?b ?c }", "CLEAR ALL", "DROP ALL",
    "drop silent graph <http://g>", "CREATE GRAPH <U>", "ADD DEFAULT TO <U>", "COPY <U> TO DEFAULT",
    "MOVE <U> TO DEFAULT", "WITH <U> DELETE { ?a ?b ?c } WHERE { ?a ?b ?c }",
]
SPARQL_ATTEMPTS = SERVICE_ATTEMPTS + UPDATE_ATTEMPTS
# attempts that the engine itself runs, fetching the listener, when nothing checks them first
LIVE = [SERVICE_ATTEMPTS[i] for i in (0, 1, 5, 6, 12, 15, 20, 23, 29)]
READ_ONLY = [
    "SELECT * FROM <U> WHERE { ?a ?b ?c } LIMIT 1",  # FROM names a graph of the store: nothing is fetched
    'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> { }" } LIMIT 1',
    "SELECT ?service WHERE { ?service kg:service ?o } # SERVICE <U> { }",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 # \\u000a SERVICE <U> { }",
]


def sparql(template: str, listener: _Listener) -> str:
    return template.replace("<U>", f"<{listener.url}>")


def _one_line_refusal(message: str) -> None:
    assert "\n" not in message.strip() and message.strip(), message
    assert ("not allowed" in message or "malformed SPARQL" in message), message


def test_the_engine_itself_would_fetch(listener):
    """Proof that the attempts are real: unchecked, pyoxigraph runs them and calls the listener."""
    import pyoxigraph as ox

    store = ox.Store()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for value, datatype in (("1", "integer"), ("true", "boolean")):
        store.add(ox.Quad(ox.NamedNode("http://a/x"), ox.NamedNode("http://a/y"),
                          ox.Literal(value, datatype=ox.NamedNode(xsd + datatype))))
    for text in ("a", 'a" # '):
        store.add(ox.Quad(ox.NamedNode("http://a/x"), ox.NamedNode("http://a/y"), ox.Literal(text)))
    for attempt in LIVE:
        before = listener.heard()
        try:
            result = store.query(sparql(attempt, listener))
            bool(result) if isinstance(result, ox.QueryBoolean) else list(result)
        except (OSError, RuntimeError, SyntaxError, ValueError):
            pass  # the listener's answer need not parse: the request is what counts
        assert listener.heard() > before, attempt


@pytest.mark.parametrize("attempt", SPARQL_ATTEMPTS)
def test_sparql_check_refuses(attempt, quiet):
    with pytest.raises(QueryError) as info:
        sparql_check.check_read_only(sparql(attempt, quiet))
    _one_line_refusal(str(info.value))


@pytest.mark.parametrize("attempt", SPARQL_ATTEMPTS)
def test_the_parse_alone_refuses(attempt, quiet):
    """The decision is the parse's: without the token scan, every attempt is still refused."""
    with pytest.raises(QueryError) as info:
        sparql_check.check_parse(sparql(attempt, quiet))
    _one_line_refusal(str(info.value))


def test_service_and_update_messages(quiet):
    for attempt in (SERVICE_ATTEMPTS[0], SERVICE_ATTEMPTS[23], SERVICE_ATTEMPTS[29]):
        with pytest.raises(QueryError, match="^SERVICE is not allowed"):
            sparql_check.check_parse(sparql(attempt, quiet))
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        sparql_check.check_read_only(sparql(SERVICE_ATTEMPTS[1], quiet))  # 1SERVICE
    with pytest.raises(QueryError, match="^updates are not allowed"):
        sparql_check.check_parse("CLEAR ALL")


def test_knowledge_graph_query_refuses(kg, quiet):
    from digestkg.loaders.digest import split_digest
    from digestkg.ontology.model import Source

    kg.ingest_digests([split_digest(Source("d.txt", "Weekly\n\n1. Tencent Buys Foo\n\nTencent bought Foo."))])
    before = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    for attempt in SPARQL_ATTEMPTS:
        with pytest.raises(QueryError) as info:
            kg.query(sparql(attempt, quiet))
        _one_line_refusal(str(info.value))
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before
    for query in READ_ONLY:
        kg.query(sparql(query, quiet))


def test_kg_query_command_refuses(runner, quiet):
    for attempt in SPARQL_ATTEMPTS:
        code, out, err = runner("query", sparql(attempt, quiet))
        assert code == 1 and err.startswith("kg: error: ") and len(err.strip().splitlines()) == 1, (attempt, err)
        _one_line_refusal(err)


def test_web_sparql_endpoint_and_console_refuse(data_dir, quiet):
    from digestkg.web import create_app

    client = create_app({"TESTING": True, "KG_DATA": str(data_dir), "KG_QUERY_RATE": 0}).test_client()
    for attempt in SPARQL_ATTEMPTS:
        q = sparql(attempt, quiet)
        for r in (client.get("/sparql", query_string={"query": q}),
                  client.post("/sparql", data={"query": q}),
                  client.post("/sparql", data=q.encode(), content_type="application/sparql-query")):
            assert r.status_code in (400, 403), (attempt, r.status_code)
            _one_line_refusal(r.get_data(as_text=True))
        r = client.get("/console", query_string={"query": q, "format": "json"})
        assert r.status_code == 400, attempt
        _one_line_refusal(r.json["error"])


def test_sparql_answers_carry_no_cors_header_unless_configured(data_dir):
    from digestkg.web import create_app

    q = {"query": "ASK { ?s ?p ?o }"}
    web = create_app({"TESTING": True, "KG_DATA": str(data_dir)}).test_client()
    for r in (web.get("/sparql", query_string=q, headers={"Origin": "https://evil.example"}),
              web.get("/sparql", query_string={"query": "DROP ALL"}, headers={"Origin": "https://evil.example"}),
              web.options("/sparql", headers={"Origin": "https://evil.example"})):
        assert "Access-Control-Allow-Origin" not in r.headers
    web = create_app({"TESTING": True, "KG_DATA": str(data_dir),
                      "KG_CORS_ORIGINS": "https://ok.example"}).test_client()
    r = web.get("/sparql", query_string=q, headers={"Origin": "https://ok.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "https://ok.example" and "Origin" in r.headers["Vary"]
    r = web.get("/sparql", query_string=q, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in r.headers
    r = web.options("/sparql", headers={"Origin": "https://ok.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "https://ok.example"


def test_queries_are_rate_limited_per_client(data_dir):
    from digestkg.web import create_app

    web = create_app({"TESTING": True, "KG_DATA": str(data_dir), "KG_QUERY_RATE": 2}).test_client()
    q = {"query": "ASK { ?s ?p ?o }"}
    assert [web.get("/sparql", query_string=q).status_code for _ in range(2)] == [200, 200]
    r = web.get("/sparql", query_string=q)
    assert r.status_code == 429 and "KG_QUERY_RATE" in r.get_data(as_text=True)
    r = web.get("/console", query_string=q | {"format": "json"})
    assert r.status_code == 429
    other = web.get("/sparql", query_string=q, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


# ------------------------------------------------------------------------------------------ Cypher

CYPHER_ATTEMPTS = [
    "LOAD CSV FROM 'U' AS r RETURN r",
    "MATCH (as) LOAD CSV FROM 'U' AS r RETURN r[0]",
    "WITH 1 AS as LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS x, 2 AS as LOAD CSV FROM 'U' AS r RETURN r",
    "MATCH (n) WITH n AS as LOAD CSV FROM 'U' AS r RETURN r",
    "UNWIND [1] AS as LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS `as` LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS x // comment\nLOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS x /* c */ LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS /* c */ x LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS x /* LOAD */ LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 1 AS as/* */LOAD CSV FROM 'U' AS r RETURN r",
    "load csv from 'U' as r return r",
    "LoAd CsV FROM 'U' AS r RETURN r",
    "LOAD CSV WITH HEADERS FROM 'U' AS r RETURN r",
    "CALL { LOAD CSV FROM 'U' AS r RETURN r } RETURN r",
    "CALL () { LOAD CSV FROM 'U' AS r RETURN r } RETURN r",
    "MATCH (as) CALL { LOAD CSV FROM 'U' AS r RETURN r } RETURN r",
    "MATCH (n) RETURN n.name AS r UNION LOAD CSV FROM 'U' AS r RETURN r",
    "RETURN 1 AS r UNION ALL LOAD CSV FROM 'U' AS r RETURN r",
    "WITH 'U' AS u LOAD CSV FROM u AS r RETURN r",
    "LOAD CSV FROM $url AS r RETURN r",
    "CYPHER 5 LOAD CSV FROM 'U' AS r RETURN r",
    "EXPLAIN LOAD CSV FROM 'U' AS r RETURN r",
    "PROFILE LOAD CSV FROM 'U' AS r RETURN r",
    "MATCH (as)\nLOAD\nCSV FROM 'U' AS r RETURN r",
    "MATCH (as) LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
    "CALL dbms.listConnections()",
    "CALL dbms.listConfig()",
    "CALL dbms.showCurrentUser()",
    "MATCH (as) CALL dbms.listConfig() YIELD name RETURN name",
    "WITH 1 AS as CALL dbms.listConfig() YIELD name RETURN name",
    "call DBMS.LISTCONFIG()",
    "CALL `dbms`.`listConfig`()",
    "CALL dbms . listConfig()",
    "CALL db.clearQueryCaches()",
    "CALL dbms.components()",
    "CALL apoc.load.json('U')",
    "CALL { CALL dbms.listConfig() YIELD name RETURN name } RETURN name",
    "SHOW SETTINGS",
    "SHOW PROCEDURES",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW USERS",
    "USE system SHOW USERS",
    "CREATE (n:Pwned)",
    "MATCH (as) CREATE (n:Pwned)",
    "MATCH (as) MERGE (n:Pwned)",
    "MATCH (n) WITH n AS as SET as.pwned = 1",
    "MATCH (as) DETACH DELETE as",
    "MATCH (as) FOREACH (x IN [1] | CREATE (:Pwned))",
    "CALL () { MATCH (n) RETURN n } IN TRANSACTIONS RETURN 1",
    "MATCH (n) CALL (n) { SET n.x = 1 } IN TRANSACTIONS",
    "CREATE INDEX pwned FOR (n:Pwned) ON (n.x)",
    "MATCH (as) RETURN as; LOAD CSV FROM 'U' AS r RETURN r",
]
CYPHER_READ_ONLY = [
    "MATCH (n) RETURN count(n) AS n",
    "MATCH (as) RETURN count(as) AS c",
    "RETURN 'LOAD CSV' AS load, 1 AS call",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes()",
    "CALL () { MATCH (n) RETURN n } RETURN count(n) AS n",
    "MATCH (n) // LOAD CSV in a comment\nRETURN count(n) AS n",
]


def cypher(template: str, listener: _Listener) -> str:
    return template.replace("'U'", repr(listener.url))


def _cypher_refusal(message: str) -> None:
    assert "\n" not in message.strip() and message.strip(), message
    assert any(s in message for s in ("not allowed", "malformed Cypher", "the query failed")), message


@pytest.mark.parametrize("attempt", CYPHER_ATTEMPTS)
def test_cypher_token_check_refuses(attempt, quiet):
    with pytest.raises(QueryError) as info:
        check_cypher(cypher(attempt, quiet))
    _cypher_refusal(str(info.value))


def test_cypher_token_check_passes_read_only_queries():
    for query in CYPHER_READ_ONLY:
        check_cypher(query)


def test_plan_check_refuses_without_a_server():
    leaf = {"operatorType": "AllNodesScan@neo4j", "args": {"Details": "n"}, "children": []}

    def plan(op: str, details: str = "") -> dict:
        return {"operatorType": "ProduceResults@neo4j", "children": [
            {"operatorType": op, "args": {"Details": details}, "children": [leaf]}]}

    check_plan("r", plan("Projection@neo4j", "n.name AS name"))
    check_plan("r", plan("ProcedureCall@neo4j", "db.labels() :: (label :: STRING)"))
    for query_type, p, message in (
        ("r", plan("LoadCSV@neo4j", "r"), "LOAD CSV is not allowed"),
        ("s", plan("ProcedureCall@neo4j", "dbms.listConfig() :: (name :: STRING)"), "procedure dbms.listConfig"),
        ("r", plan("ShowSettings@neo4j", "allSettings"), "ShowSettings is not allowed"),
        ("r", plan("TerminateTransactions@neo4j"), "TerminateTransactions is not allowed"),
        ("r", plan("TransactionApply@neo4j"), "IN TRANSACTIONS is not allowed"),
        ("rw", plan("Projection@neo4j"), "writing is not allowed"),
        ("r", None, "no plan"),
    ):
        with pytest.raises(QueryError, match=message):
            check_plan(query_type, p)


@pytest.fixture
def neo4j_reader(neo4j_settings):
    """The Neo4j store, not emptied: these tests only read (and prove nothing gets written)."""
    from digestkg.graph.neo4j import Neo4jStore

    store = Neo4jStore(**neo4j_settings)
    yield store
    store.close()


def test_the_server_plan_refuses_every_attempt(neo4j_reader, quiet, monkeypatch):
    """The decision is the server's plan: with the token check switched off, every attempt is still refused."""
    from digestkg.graph import neo4j as neo4j_module

    monkeypatch.setattr(neo4j_module, "check_read_only", lambda query: None)
    before = neo4j_reader.cypher("MATCH (n) RETURN count(n) AS n").rows
    for attempt in CYPHER_ATTEMPTS:
        with pytest.raises(QueryError) as info:
            neo4j_reader.cypher(cypher(attempt, quiet), parameters={"url": quiet.url})
        _cypher_refusal(str(info.value))
    assert neo4j_reader.cypher("MATCH (n) RETURN count(n) AS n").rows == before
    assert neo4j_reader.cypher("MATCH (n:Pwned) RETURN count(n) AS n").rows == [(0,)]
    for query in CYPHER_READ_ONLY:
        neo4j_reader.cypher(query)


def test_kg_cypher_command_refuses(runner, neo4j_reader, quiet):
    for attempt in CYPHER_ATTEMPTS:
        code, _, err = runner("--store", "neo4j", "cypher", cypher(attempt, quiet))
        assert code == 1 and err.startswith("kg: error: ") and len(err.strip().splitlines()) == 1, (attempt, err)
        _cypher_refusal(err)
    code, out, err = runner("--store", "neo4j", "cypher", "MATCH (as) RETURN count(as) AS c")
    assert code == 0, err


def test_web_cypher_console_refuses(neo4j_reader, data_dir, quiet):
    from digestkg.web import create_app

    web = create_app({"TESTING": True, "KG_DATA": str(data_dir), "KG_STORE": "neo4j"}).test_client()
    for attempt in CYPHER_ATTEMPTS:
        r = web.get("/console", query_string={"lang": "cypher", "query": cypher(attempt, quiet), "format": "json"})
        assert r.status_code == 400, (attempt, r.status_code)
        _cypher_refusal(r.json["error"])
    r = web.get("/console", query_string={"lang": "cypher", "query": "MATCH (as) RETURN count(as) AS c",
                                          "format": "json"})
    assert r.status_code == 200, r.json
