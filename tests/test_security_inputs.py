"""Hostile inputs: URL ingest that aims at internal addresses, cross-site ingest posts, deeply nested
HTML, digests past story 999, redirect loops and feeds whose items have no links.

Every network test listens on 127.0.0.1 (or 127.0.0.2, standing in for a public host) and records
each connection: a refused fetch must leave it silent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from digestkg.loaders import fetch
from digestkg.loaders.digest import split_digest
from digestkg.loaders.sources import read_sources, sources_from_bytes
from digestkg.ontology.model import InputError, Source

DIGEST = "Weekly Digest\n\n1. Tencent Buys Foo\n\nTencent bought Foo this week.\n"


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self):  # noqa: N802 - http.server naming
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        status, headers, body = self.server.routes.get(self.path.split("?")[0],  # type: ignore[attr-defined]
                                                       (200, {"Content-Type": "text/plain"}, DIGEST.encode()))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - silence the request log
        pass


class _Server(ThreadingHTTPServer):
    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.requests: list[str] = []
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.connections = 0

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        self.connections += 1
        super().process_request(request, client_address)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str = "/x", host: str | None = None) -> str:
        return f"http://{host or self.server_address[0]}:{self.port}{path}"

    def redirect(self, path: str, location: str, code: int = 302) -> None:
        self.routes[path] = (code, {"Location": location}, b"")


@pytest.fixture
def serve() -> Iterator:
    servers: list[_Server] = []

    def start(host: str = "127.0.0.1") -> _Server:
        server = _Server(host)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def refusal(url: str, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        read_sources(url, **kwargs)
    message = str(info.value)
    assert "\n" not in message and message.startswith(url + ": "), message
    return message


# ------------------------------------------------------------------------------------------ URL ingest

INTERNAL_HOSTS = ["127.0.0.1", "localhost", "127.1", "0x7f000001", "2130706433", "0177.0.0.1", "[::1]",
                  "[::ffff:127.0.0.1]", "0.0.0.0", "0"]


def test_internal_addresses_are_refused_before_any_connection(serve):
    server = serve()
    for host in INTERNAL_HOSTS:
        message = refusal(server.url("/x", host))
        assert "not a public address" in message and "refused" in message
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
                "http://172.16.0.1/", "http://100.64.0.1/", "http://224.0.0.1/", "http://[fe80::1]/",
                "http://[fd00::1]/", "https://127.0.0.1/", "http://user:pw@127.0.0.1/"):
        assert "not a public address" in refusal(url)
    assert server.connections == 0 and server.requests == []


def test_the_error_is_the_same_for_an_open_and_a_closed_port(serve, free_port):
    server = serve()
    closed = free_port()
    for host in ("127.0.0.1", "localhost"):
        open_msg = refusal(server.url("/x", host)).replace(str(server.port), "PORT")
        closed_msg = refusal(f"http://{host}:{closed}/x").replace(str(closed), "PORT")
        assert open_msg == closed_msg
    assert server.connections == 0


def test_allow_private_reaches_a_local_server(serve):
    server = serve()
    (src,) = read_sources(server.url("/digest.txt"), allow_private=True)
    assert src.text == DIGEST and server.requests == ["/digest.txt"]


@pytest.fixture
def public_127_0_0_2(monkeypatch):
    """127.0.0.2 plays a public host: the check lets it (and only it) through."""
    real = fetch._public
    monkeypatch.setattr(fetch, "_public", lambda ip: str(ip) == "127.0.0.2" or real(ip))


def test_each_redirect_is_checked_again(serve, public_127_0_0_2, free_port):
    inside = serve("127.0.0.1")
    outside = serve("127.0.0.2")
    targets = [inside.url("/secret"), inside.url("/secret", "localhost"), inside.url("/secret", "0x7f000001"),
               inside.url("/secret", "[::ffff:127.0.0.1]"), f"http://127.0.0.1:{free_port()}/secret"]
    for i, target in enumerate(targets):
        outside.redirect(f"/r{i}", target)
        # a chain: a first redirect stays outside, the second goes in
        outside.redirect(f"/chain{i}", f"/r{i}", 301)
    for i in range(len(targets)):
        for path in (f"/r{i}", f"/chain{i}"):
            assert "not a public address" in refusal(outside.url(path))
    assert inside.connections == 0 and inside.requests == []
    assert outside.requests  # the outside host itself was fetched
    (src,) = read_sources(outside.url("/plain"))  # a public host still works
    assert src.text == DIGEST


def test_the_connection_goes_to_the_checked_address(serve, public_127_0_0_2, monkeypatch):
    """DNS rebinding: the name is resolved once per hop, and the connection uses that answer."""
    inside = serve("127.0.0.1")
    outside = serve("127.0.0.2")
    answers = iter(["127.0.0.2", "127.0.0.1", "127.0.0.1"])
    calls = []

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            calls.append(host)
        address = next(answers) if host == "rebind.test" else host
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", rebinding)
    (src,) = read_sources(f"http://rebind.test:{outside.port}/d.txt")
    assert src.text == DIGEST and calls == ["rebind.test"]
    assert outside.requests == ["/d.txt"] and inside.connections == 0
    # a second fetch gets the internal answer: refused, not connected
    assert "not a public address" in refusal(f"http://rebind.test:{inside.port}/d.txt")
    assert inside.connections == 0


def test_a_redirect_loop_is_one_line(serve):
    server = serve()
    server.redirect("/loop", "/loop")
    message = refusal(server.url("/loop"), allow_private=True)
    assert "too many redirects" in message
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    assert "too many redirects" in refusal(server.url("/a"), allow_private=True)


def test_kg_ingest_of_an_internal_url_is_refused(runner, serve, data_dir):
    from digestkg.core import KnowledgeGraph

    server = serve()
    for host in ("127.0.0.1", "localhost", "127.1"):
        code, _, err = runner("ingest", "--no-progress", server.url("/d.txt", host))
        assert code == 1 and err.startswith("kg: error: ") and len(err.strip().splitlines()) == 1, err
        assert "not a public address" in err
    assert server.connections == 0
    with KnowledgeGraph(data_dir, read_only=True) as kg:
        assert kg.stats()["digests"] == 0


# ------------------------------------------------------------------------------------------ web ingest


@pytest.fixture
def web(data_dir, extractor, monkeypatch):
    from digestkg.web import create_app

    from digestkg import core

    monkeypatch.setattr(core.KnowledgeGraph, "extractor", property(lambda self: extractor))
    return create_app({"TESTING": True, "KG_DATA": str(data_dir), "KG_INGEST_TOKEN": "s3cret"}).test_client()


def test_cross_origin_ingest_posts_are_refused(web):
    form = {"text": DIGEST, "token": "s3cret", "format": "json"}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Origin": "http://localhost:8081"},
                    {"Origin": "https://localhost"}, {"Referer": "https://evil.example/page"},
                    {"Origin": "https://evil.example", "Referer": "http://localhost/ingest"}):
        for path in ("/ingest/preview", "/ingest/confirm"):
            r = web.post(path, data=form | {"pending": "x"}, headers=headers)
            assert r.status_code == 403, (path, headers, r.status_code)
            assert "cross-origin" in r.json["error"]
    for headers in ({}, {"Origin": "http://localhost"}, {"Referer": "http://localhost/ingest"}):
        r = web.post("/ingest/preview", data=form, headers=headers)
        assert r.status_code == 200, (headers, r.json)
    r = web.post("/ingest/preview", data={"text": DIGEST, "format": "json"}, headers={"Origin": "http://localhost"})
    assert r.status_code == 401  # same origin still needs the token
    # the ingest pages' own posts carry their origin ("no-referrer" would make browsers send "Origin: null")
    assert web.get("/ingest").headers["Referrer-Policy"] == "same-origin"


def test_web_ingest_of_an_internal_url_is_refused(web, serve):
    server = serve()
    for host in ("127.0.0.1", "localhost", "0x7f000001"):
        r = web.post("/ingest/preview", data={"url": server.url("/d.txt", host), "token": "s3cret", "format": "json"})
        assert r.status_code == 400 and "not a public address" in r.json["error"], r.json
    assert server.connections == 0


# ------------------------------------------------------------------------------------------ HTML


def nested(depth: int, tag: str = "div", attrs: str = "") -> bytes:
    inner = "<h2>1. Foo</h2><p>Bar text here.</p>"
    return (f"<html><body>{f'<{tag}{attrs}>' * depth}{inner}{f'</{tag}>' * depth}</body></html>").encode()


@pytest.mark.parametrize(("tag", "attrs"), [("div", ""), ("div", ' class="nav"'), ("article", ""), ("h2", ""),
                                            ("span", ' style="display:none"')])
def test_deeply_nested_html_is_refused_fast(tag, attrs):
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        sources_from_bytes(nested(100_000, tag, attrs), "deep.html")
    assert time.monotonic() - start < 3.0
    message = str(info.value)
    assert message.startswith("deep.html: HTML nested more than") and "\n" not in message


@pytest.mark.parametrize(("tag", "attrs"), [("form", ""), ("a", ' href="#"'), ("p", "")])
def test_tags_that_do_not_nest_are_read_fast(tag, attrs):
    """The parser closes these before it opens the next: no depth, and the page is read."""
    start = time.monotonic()
    (src,) = sources_from_bytes(nested(30_000, tag, attrs), "flat.html")
    assert time.monotonic() - start < 5.0 and "Bar text here." in src.text


def test_html_within_the_depth_cap_is_read_in_linear_time():
    start = time.monotonic()
    (src,) = sources_from_bytes(nested(400, "div", ' class="sidebar-wrap"'), "ok.html")
    assert "1. Foo" in src.text
    wide = b"<html><body>" + nested(300, "section")[12:-14] * 30 + b"</body></html>"
    (src,) = sources_from_bytes(wide, "wide.html")
    assert time.monotonic() - start < 5.0


def test_deep_html_in_a_feed_item_is_refused():
    body = nested(5000).decode().replace("<", "&lt;").replace(">", "&gt;")
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title><item><title>T</title>'
            f"<link>https://example.com/t</link><description>{body}</description></item></channel></rss>")
    with pytest.raises(InputError, match=r"^f\.rss: item 1: HTML nested more than"):
        sources_from_bytes(feed.encode(), "f.rss")


# ------------------------------------------------------------------------------------------ digests and feeds


def test_story_1000_is_an_error_not_part_of_story_999(runner, tmp_path, data_dir):
    from digestkg.core import KnowledgeGraph

    stories = "\n\n".join(f"{n}. Headline Number {n}\n\nBody of story {n}." for n in range(1, 1001))
    with pytest.raises(InputError) as info:
        split_digest(Source("big.txt", f"Weekly\n\n{stories}\n"))
    assert str(info.value).startswith("big.txt: more than 999 stories") and "\n" not in str(info.value)
    ok = "\n\n".join(f"{n}. Headline Number {n}\n\nBody of story {n}." for n in range(1, 1000))
    assert len(split_digest(Source("ok.txt", f"Weekly\n\n{ok}\n")).stories) == 999
    glued = ok + "\n1000. Headline Number 1000\nBody."  # the heading glued to story 999's text
    with pytest.raises(InputError, match="more than 999 stories"):
        split_digest(Source("glued.txt", f"Weekly\n\n{glued}\n"))
    path = tmp_path / "big.txt"
    path.write_text(f"Weekly\n\n{stories}\n", encoding="utf-8")
    code, _, err = runner("ingest", "--no-progress", path)
    assert code == 1 and err.strip() == "kg: error: big.txt: more than 999 stories (story numbers have at most " \
                                        "three digits; split the digest)"
    with KnowledgeGraph(data_dir, read_only=True) as kg:
        assert kg.stats()["digests"] == 0


def test_feed_items_without_links_are_named_after_their_feed():
    def feed(title: str) -> bytes:
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
                "<item><title>Week 9</title><description>Body.</description></item>"
                "<item><description>Body two.</description></item></channel></rss>").encode()

    a = [s.name for s in sources_from_bytes(feed("A"), "a.rss")]
    b = [s.name for s in sources_from_bytes(feed("B"), "b.rss")]
    assert a == ["a.rss#week-9", "a.rss#2"] and b == ["b.rss#week-9", "b.rss#2"]


def test_url_redirect_and_fetch_still_work(serve, free_port):
    server = serve()
    server.redirect("/moved", "/final.txt", 301)
    (src,) = read_sources(server.url("/moved"), allow_private=True)
    assert src.url == server.url("/final.txt") and src.name == "final.txt"
    server.redirect("/to-ftp", "ftp://127.0.0.1/x")
    assert "unsupported scheme" in refusal(server.url("/to-ftp"), allow_private=True)
    server.routes["/missing"] = (404, {}, b"")
    assert refusal(server.url("/missing"), allow_private=True).endswith(": HTTP 404 Not Found")
    closed = free_port()
    assert "could not connect (" in refusal(f"http://127.0.0.1:{closed}/x", allow_private=True)

