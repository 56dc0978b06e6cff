"""Every console query is bounded: its time and memory limits stop its work, and only a few run at once."""

from __future__ import annotations

import threading
import time

import pytest
from digestkg.graph.store import QueryError

from digestkg import console
from digestkg.settings import Settings

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED_CROSS = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


def test_kg_query_stops_at_its_time_limit(runner, sample_graph):
    t0 = time.monotonic()
    code, out, err = runner("--data", sample_graph, "query", CROSS, "--timeout", "2")
    assert code == 1 and "ran longer than 2 s and was stopped" in err
    assert time.monotonic() - t0 < 10


def test_kg_query_stops_at_its_memory_cap(runner, sample_graph, monkeypatch):
    monkeypatch.setenv("KG_QUERY_MEMORY", "200")
    code, out, err = runner("--data", sample_graph, "query", SORTED_CROSS, "--timeout", "120", "--limit", "5")
    assert code == 1 and "needed more than its 200 MiB" in err
    code, out, _ = runner("--data", sample_graph, "query", "SELECT ?s WHERE { ?s a kg:Company } LIMIT 2")
    assert code == 0 and len(out.splitlines()) == 4  # header, rule, two rows: the cap leaves small queries be


def test_only_a_few_queries_run_at_once(sample_graph, monkeypatch):
    monkeypatch.setattr(console, "QUEUE_SECONDS", 0.2)
    settings = Settings.load({"data": sample_graph})
    outcomes: list[str] = []

    def slow() -> None:
        try:
            console.run_query(settings, "sparql", CROSS, timeout=3, limit=10)
        except console.QueryBusyError:
            outcomes.append("busy")
        except QueryError as e:
            outcomes.append("stopped" if "ran longer" in str(e) else str(e))

    threads = [threading.Thread(target=slow) for _ in range(console.MAX_RUNNING + 1)]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["busy"] + ["stopped"] * console.MAX_RUNNING


@pytest.mark.parametrize("language", ["sparql", "gremlin"])
def test_a_query_is_checked_before_a_worker_starts(sample_graph, language):
    settings = Settings.load({"data": sample_graph})
    with pytest.raises(QueryError):
        console.run_query(settings, language, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", timeout=5, limit=5)


def test_the_web_app_answers_503_at_once_when_every_query_slot_is_taken(sample_graph, monkeypatch):
    """A query request never waits for a slot: waiting would hold a server thread that pages need."""
    from digestkg.web import create_app

    slots = threading.BoundedSemaphore(1)
    monkeypatch.setattr(console, "_running", slots)
    web = create_app({"TESTING": True, "KG_DATA": str(sample_graph)}).test_client()
    slots.acquire()
    try:
        t0 = time.monotonic()
        r = web.get("/sparql?query=ASK%20%7B%7D")
        assert r.status_code == 503 and r.headers["Retry-After"] == "5" and time.monotonic() - t0 < 2
        assert "queries are running already" in r.get_data(as_text=True)
        console_answer = web.get("/console?query=ASK%20%7B%7D&format=json")
        assert console_answer.status_code == 503 and "running already" in console_answer.json["error"]
        assert web.get("/entity?name=ByteDance").status_code == 200  # pages do not need a slot
    finally:
        slots.release()
    assert web.get("/sparql?query=ASK%20%7B%7D").status_code == 200
