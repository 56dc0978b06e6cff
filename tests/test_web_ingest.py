"""Ingest from the web: a token is needed, the preview stores nothing, confirming stores it."""

from __future__ import annotations

import io

import pytest
from digestkg.web import create_app

from digestkg import core

DIGEST = """Weekly Tech Digest
Date: 2024-05-06

1. ByteDance Releases Doubao

ByteDance has released the AI chatbot Doubao.

2. Alipay Recruits From Douyin

Alipay has been recruiting talent from Douyin since last year.
"""


@pytest.fixture
def web(data_dir, extractor, monkeypatch):
    monkeypatch.setattr(core.KnowledgeGraph, "extractor", property(lambda self: extractor))
    app = create_app({"TESTING": True, "KG_DATA": str(data_dir), "KG_INGEST_TOKEN": "s3cret",
                      "KG_UPLOAD_MAX_BYTES": 4096})
    return app.test_client()


def digests(web) -> int:
    return web.get("/?format=json").json["stats"]["digests"]


def test_write_endpoints_need_the_token(web, client):
    for url in ("/ingest/preview", "/ingest/confirm"):
        assert web.post(url, data={"text": DIGEST}).status_code == 401
        assert web.post(url, data={"text": DIGEST, "token": "wrong"}).status_code == 401
        assert web.post(url, data={"text": DIGEST}, headers={"Authorization": "Bearer nope"}).status_code == 401
        r = client.post(url, data={"text": DIGEST, "token": ""})  # no token configured: ingest is off
        assert r.status_code == 401 and "KG_INGEST_TOKEN" in r.get_data(as_text=True)
    assert "Ingest is off" in client.get("/ingest").get_data(as_text=True)


def test_preview_then_confirm(web):
    r = web.post("/ingest/preview", data={"text": DIGEST, "token": "s3cret", "format": "json"})
    assert r.status_code == 200, r.json
    preview = r.json["preview"][0]
    assert preview["date"] == "2024-05-06" and preview["stories"] == 2
    assert ("Alipay", "recruitsFrom", "Douyin") in {(t["subject"], t["predicate"], t["object"])
                                                    for t in preview["triples"]}
    assert digests(web) == 0  # nothing stored yet
    page = web.post("/ingest/preview", data={"text": DIGEST, "token": "s3cret"}).get_data(as_text=True)
    assert "What would be stored" in page and "recruits from" in page
    r = web.post("/ingest/confirm", data={"pending": r.json["pending"]},
                 headers={"Authorization": "Bearer s3cret", "Accept": "application/json"})
    assert r.status_code == 200 and r.json["report"]["digests"] == 1
    assert digests(web) == 1
    assert "Alipay has been recruiting talent from Douyin" in web.get("/entity?name=Alipay").get_data(as_text=True)
    assert web.post("/ingest/confirm", data={"pending": "gone", "token": "s3cret"}).status_code == 404


def test_upload_and_its_size_cap(web):
    r = web.post("/ingest/preview", data={"token": "s3cret", "format": "json",
                                          "file": (io.BytesIO(DIGEST.encode()), "weekly.txt")})
    assert r.status_code == 200 and r.json["preview"][0]["doc"] == "weekly.txt"
    big = io.BytesIO(b"x" * 10_000)
    r = web.post("/ingest/preview", data={"token": "s3cret", "file": (big, "big.txt")})
    assert r.status_code == 413
    assert web.post("/ingest/preview", data={"token": "s3cret", "url": "ftp://x"}).status_code == 400


def test_readers_do_not_stop_an_ingest_but_a_second_writer_gets_503(web, data_dir, monkeypatch):
    from digestkg.graph import oxigraph

    monkeypatch.setattr(oxigraph, "WRITER_WAIT", 0.3)
    form = {"text": DIGEST, "token": "s3cret", "format": "json"}
    pending = web.post("/ingest/preview", data=form).json["pending"]
    with core.KnowledgeGraph(data_dir, read_only=True) as reader:
        reader.stats()  # holds a snapshot open for reading
        r = web.post("/ingest/confirm", data={"pending": pending, "token": "s3cret", "format": "json"})
        assert r.status_code == 200, r.json
        assert reader.stats()["digests"] == 0  # the reader keeps the state it opened
    assert digests(web) == 1
    pending = web.post("/ingest/preview", data=form | {"text": DIGEST.replace("Alipay", "Alipay Plus")}
                       ).json["pending"]
    with core.KnowledgeGraph(data_dir) as writer:
        writer.stats()  # holds the store open for writing
        r = web.post("/ingest/confirm", data={"pending": pending, "token": "s3cret", "format": "json"})
    assert r.status_code == 503 and "try again" in r.json["error"]
