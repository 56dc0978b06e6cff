"""Tests for digestkg.loaders.sources and the modules behind it: text, HTML, URL and feed readers and
their errors."""

from __future__ import annotations

import doctest
import functools
import gzip
import html
import os
import re
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from digestkg.loaders import dates, decode, feeds, fetch, header, htmltext, sources
from digestkg.loaders.htmltext import html_to_text
from digestkg.loaders.sources import read_sources, sources_from_bytes
from digestkg.ontology.model import InputError, Source

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED = SAMPLES / "seed-digest.txt"
DEV15 = SAMPLES / "weekly-2024-01-22.txt"  # a sample digest with a Date: header line
DEV31 = SAMPLES / "weekly-2024-03-25.txt"
DATE15 = "2024-01-22"
URL15 = "https://example.com/the-weekly-circuit/2024-01-22"
TITLE15 = "The Weekly Circuit #15"

JUNK = ("NAV-TEXT", "HEADER-TEXT", "FOOTER-TEXT", "SCRIPT-TEXT", "STYLE-TEXT", "COOKIE-TEXT", "SHARE-TEXT",
        "COMMENT-TEXT", "ASIDE-TEXT")


# ------------------------------------------------------------------------------------------ helpers


def digest_parts(path: Path) -> SimpleNamespace:
    """Split a corpus digest into title, intro, stories [(headline, [paragraphs])] and wrap-up."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    title = paras[0].split("\n")[0]
    intro, stories, wrap, current = [], [], [], None
    for p in paras[1:]:
        if m := re.match(r"^\d+\.\s+(.*)$", p):
            current = (m.group(1), [])
            stories.append(current)
        elif p == "Wrapping Up":
            current = ("Wrapping Up", wrap)
        elif current is None:
            intro.append(p)
        else:
            current[1].append(p)
    return SimpleNamespace(title=title, intro=intro, stories=stories, wrap=wrap)


def digest_html(parts: SimpleNamespace, *, ol: bool = False, article: bool = True) -> str:
    """A realistic page for a digest: navigation, banners, scripts and a footer around the article."""
    e = html.escape
    if ol:
        items = "".join(
            f"<li><h3>{e(h)}</h3>{''.join(f'<p>{e(p)}</p>' for p in ps)}</li>" for h, ps in parts.stories
        )
        stories = f"<ol>{items}</ol>"
    else:
        stories = "".join(
            f"<h2>{n}. {e(h)}</h2>\n" + "".join(f"<p>\n  {e(p)}\n</p>\n" for p in ps)
            for n, (h, ps) in enumerate(parts.stories, start=1)
        )
    content = (
        f"<h1>{e(parts.title)}</h1>"
        '<p class="byline">By ClickInsights, <time datetime="2024-02-26T08:00:00Z">Feb 26</time></p>'
        + "".join(f"<p>{e(p)}</p>" for p in parts.intro)
        + stories
        + "<h2>Wrapping Up</h2>"
        + "".join(f"<p>{e(p)}</p>" for p in parts.wrap)
        + '<div class="social-share"><a href="#">SHARE-TEXT Facebook</a> <a href="#">Twitter</a></div>'
    )
    if article:
        content = f'<main><article class="post-header-free">{content}</article></main>'
    else:
        content = f'<div class="content">{content}</div>'
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Digest 15 | ClickInsights</title>
<meta property="og:title" content="{TITLE15}">
<link rel="canonical" href="/post/digest-15">
<script>var tracking = "SCRIPT-TEXT";</script>
<style>body {{ content: "STYLE-TEXT"; }}</style>
</head><body>
<header class="site-header"><a href="/">HEADER-TEXT ClickInsights</a></header>
<nav><ul><li><a href="/blog">NAV-TEXT Blog</a></li><li><a href="/about">About</a></li></ul></nav>
<div class="cookie-banner">COOKIE-TEXT We use cookies to improve your experience on our site.</div>
{content}
<div id="comments"><h3>Comments</h3><p>COMMENT-TEXT Great post, thanks!</p></div>
<aside>ASIDE-TEXT Popular posts</aside>
<footer><p>FOOTER-TEXT &copy; 2024 ClickInsights</p></footer>
<script>console.log("SCRIPT-TEXT")</script>
</body></html>
"""


def assert_in_order(text: str, pieces: list[str]) -> None:
    pos = -1
    for piece in pieces:
        found = text.find(piece, pos + 1)
        assert found > pos, f"missing or out of order: {piece[:60]!r}"
        pos = found


def all_sentences(parts: SimpleNamespace) -> list[str]:
    out = [*parts.intro]
    for headline, paras in parts.stories:
        out += [headline, *paras]
    return out + parts.wrap


def rss_feed(items: list[tuple[str, str, str, str]]) -> str:
    """RSS 2.0 with (title, link, pubDate, html) items, the HTML in content:encoded."""
    body = "".join(
        f"<item><title>{html.escape(t)}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description>Short summary.</description>"
        f"<content:encoded><![CDATA[{h}]]></content:encoded></item>"
        for t, link, date, h in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>The Weekly Circuit</title><link>https://example.com/</link>{body}</channel></rss>"
    )


def atom_feed(items: list[tuple[str, str, str, str]]) -> str:
    body = "".join(
        f'<entry><title>{html.escape(t)}</title><link href="{link}"/><id>{link}</id>'
        f'<published>{date}</published><updated>{date}</updated>'
        f'<content type="html">{html.escape(h)}</content></entry>'
        for t, link, date, h in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Digest</title><id>urn:digest</id><updated>2024-03-04T00:00:00Z</updated>{body}</feed>"
    )


def story_html(parts: SimpleNamespace) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts.intro) + "".join(
        f"<h2>{n}. {html.escape(h)}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in ps)
        for n, (h, ps) in enumerate(parts.stories, start=1)
    )


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def error_of(spec: str) -> str:
    with pytest.raises(InputError) as info:
        read_sources(spec, allow_private=True)
    message = str(info.value)
    assert "\n" not in message
    return message


# ------------------------------------------------------------------------------------------ text files


def test_seed_digest_reads_as_one_text_source():
    result = read_sources(str(SEED))
    assert len(result) == 1
    src = result[0]
    assert isinstance(src, Source)
    assert src.name == "seed-digest.txt"
    assert "1. Alipay Recruits From Xiaohongshu and Douyin" in src.text
    assert "ByteDance (字节跳动) released SDXL-Lightning this week" in src.text
    # "Source: written for digestkg from public reports" is no URL; the Date: line dates it
    assert src.url is None and src.title is None and src.date == "2024-02-26"


def test_sample_digest_header_date_and_no_url():
    src = read_sources(str(DEV15))[0]
    assert src.url is None
    assert src.date == DATE15
    assert src.text == DEV15.read_text(encoding="utf-8")


def test_sample_digest_with_a_source_url_line(tmp_path):
    title, rest = DEV15.read_text(encoding="utf-8").split("\n", 1)
    src = read_sources(write(tmp_path, "digest-15.txt", f"{title}\nSource: {URL15}\n{rest}"))[0]
    assert (src.url, src.date) == (URL15, DATE15)


def test_every_sample_digest_is_dated_by_its_header():
    for path in sorted(SAMPLES.glob("*.txt")):
        (src,) = read_sources(path)
        stamp = re.search(r"^Date: (\d{4}-\d{2}-\d{2})$", src.text, flags=re.M)
        assert stamp and src.date == stamp[1], path.name


@pytest.mark.shared
def test_shared_corpus_editions_read_with_their_source_urls(shared):
    """The scraped editions of ../shared/corpus: one text source each, URL from the Source: line, no date."""
    paths = [shared / "corpus" / "seed-digest.txt", *sorted((shared / "corpus" / "dev").glob("*.txt"))]
    assert len(paths) > 10
    for path in paths:
        (src,) = read_sources(path)
        assert src.name == path.name and src.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
        line = re.search(r"^Source: <?(https?://\S+?)>?\.?$", src.text[:2000], flags=re.M)
        assert src.url == (line[1] if line else None), path.name
    assert read_sources(shared / "corpus" / "dev" / "digest-15.txt")[0].url == (
        "https://www.clickinsights.asia/post/china-digital-digest-weekly-exploring-the-chinese-digital-landscape-15")


def test_pathlike_spec_is_accepted():
    assert read_sources(DEV15)[0].name == "weekly-2024-01-22.txt"


@pytest.mark.parametrize(
    "line",
    ["Date: 2024-02-26", "February 26, 2024", "26 February 2024", "2024-02-26", "Published: Feb. 26, 2024"],
)
def test_text_date_from_header_lines(tmp_path, line):
    text = f"Weekly Digest\nSource: https://example.com/d/15\n{line}\n\nHello folks, here is the digest.\n"
    src = read_sources(write(tmp_path, "d.txt", text))[0]
    assert src.date == "2024-02-26"
    assert src.url == "https://example.com/d/15"


def test_text_date_ignores_story_text(tmp_path):
    text = (
        "Weekly Digest\n\nHello folks, this edition covers everything that happened up to "
        "February 26, 2024 across the industry.\n\n1. Foo Launches Bar on 2024-03-01\n\n"
        "Foo said on March 1, 2024 that it would.\n"
    )
    src = read_sources(write(tmp_path, "d.txt", text))[0]
    assert src.date is None


def test_text_source_line_only_near_the_top(tmp_path):
    text = "Title\n" + "\n".join(f"line {i}" for i in range(12)) + "\nSource: https://example.com/late\n"
    assert read_sources(write(tmp_path, "d.txt", text))[0].url is None


def test_crlf_and_nfc_normalised(tmp_path):
    src = read_sources(write(tmp_path, "d.txt", "Cafe\u0301 digest\r\n\r\n1. Foo\rBar\r\n"))[0]
    assert src.text == "Caf\u00e9 digest\n\n1. Foo\nBar\n"


def test_utf8_bom_reads_fine(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + DEV15.read_bytes())
    src = read_sources(path)[0]
    assert not src.text.startswith("\ufeff")
    assert src.text.startswith("The Weekly Circuit: Headsets")
    assert src.date == DATE15


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    raw = DEV15.read_text(encoding="utf-8")
    data = raw.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    src = read_sources(write(tmp_path, "wide.txt", data))[0]
    assert src.text == raw
    assert src.date == DATE15


def test_cp1252_legacy_file_decodes_when_clean(tmp_path):
    text = "Weekly Digest\n\nThe caf\u00e9 \u201cna\u00efve\u201d launch \u2013 Tencent\u2019s new app.\n"
    src = read_sources(write(tmp_path, "legacy.txt", text.encode("cp1252")))[0]
    assert src.text == text


# ------------------------------------------------------------------------------------------ bad files


def test_empty_file(tmp_path):
    assert error_of(write(tmp_path, "empty.txt", b"")) == "empty.txt: empty input"


def test_whitespace_only_file(tmp_path):
    assert error_of(write(tmp_path, "blank.txt", b" \n\t\r\n  \n")) == "blank.txt: empty input"


def test_whitespace_only_utf16_file(tmp_path):
    assert error_of(write(tmp_path, "blank16.txt", " \n \n".encode("utf-16"))) == "blank16.txt: empty input"


def test_binary_file(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2048)
    assert error_of(write(tmp_path, "image.txt", data)) == "image.txt: binary data, not a text digest"


def test_control_characters_count_as_binary(tmp_path):
    data = b"Digest " + bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 5 + b" text"
    assert error_of(write(tmp_path, "ctrl.dat", data)).startswith("ctrl.dat: binary data")


def test_file_over_the_cap_is_rejected_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(int(7.1 * 1024 * 1024))  # sparse: nothing is written or read

    def no_read(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_read)
    assert error_of(str(path)) == "huge.txt: 7.1 MB is over the 5 MB input cap"


def test_file_over_a_patched_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "MAX_BYTES", 100)
    message = error_of(write(tmp_path, "big.txt", "x" * 300))
    assert message.startswith("big.txt: ") and "cap" in message


def test_mis_encoded_bytes(tmp_path):
    data = b"Weekly digest\n\nTencent said \x81\x8d\x8f\x90\x9d it would.\n"
    message = error_of(write(tmp_path, "latin.txt", data))
    assert message == "latin.txt: not valid UTF-8 (byte 0x81 at offset 28)"


def test_utf8_with_a_stray_byte_is_not_read_as_cp1252(tmp_path):
    data = "Tencent\u2019s \u201cnew\u201d app \u2013 launched.\n".encode() + b"caf\xe9\n"
    message = error_of(write(tmp_path, "mixed.txt", data))
    assert message.startswith("mixed.txt: not valid UTF-8 (byte 0xe9 at offset ")


def test_gbk_bytes_are_not_read_as_cp1252(tmp_path):
    data = "\u5b57\u8282\u8df3\u52a8\u53d1\u5e03\u4e86\u65b0\u6a21\u578b".encode("gbk")
    assert "not valid UTF-8" in error_of(write(tmp_path, "gbk.txt", data))


def test_directory_is_an_error(tmp_path):
    assert "is a directory" in error_of(str(tmp_path))


def test_missing_file(tmp_path):
    missing = str(tmp_path / "nope.txt")
    assert error_of(missing) == f"{missing}: no such file"


# ------------------------------------------------------------------------------------------ HTML


@pytest.fixture(scope="module")
def parts15() -> SimpleNamespace:
    return digest_parts(DEV15)


def test_html_file_keeps_article_text_only(tmp_path, parts15):
    src = read_sources(write(tmp_path, "digest-15.html", digest_html(parts15)))[0]
    assert src.name == "digest-15.html"
    assert src.title == TITLE15
    assert src.date == "2024-02-26"
    assert src.url is None  # relative canonical link and no fetch URL: nothing absolute to give
    for junk in JUNK:
        assert junk not in src.text
    assert src.text.startswith(TITLE15 + "\n\n")
    assert_in_order(src.text, all_sentences(parts15))
    for n, (headline, _) in enumerate(parts15.stories, start=1):
        assert f"\n\n{n}. {headline}\n\n" in src.text
    assert "  " not in src.text and "\n\n\n" not in src.text


def test_html_without_article_drops_marked_furniture(tmp_path, parts15):
    src = read_sources(write(tmp_path, "page.htm", digest_html(parts15, article=False)))[0]
    for junk in JUNK:
        assert junk not in src.text
    assert_in_order(src.text, all_sentences(parts15))


def test_html_ordered_list_gets_numbered(tmp_path, parts15):
    src = read_sources(write(tmp_path, "ol.html", digest_html(parts15, ol=True)))[0]
    headlines = [f"{n}. {h}" for n, (h, _) in enumerate(parts15.stories, start=1)]
    assert_in_order(src.text, headlines)
    for headline in headlines:
        assert f"\n\n{headline}\n\n" in src.text


def test_html_ordered_list_respects_start_and_existing_numbers():
    text, _ = html_to_text('<ol start="4"><li>Foo</li><li>5. Bar</li></ol><ol><li>Baz</li></ol>')
    assert text.split("\n\n") == ["4. Foo", "5. Bar", "1. Baz"]


def test_html_title_not_repeated_when_in_text(tmp_path):
    page = "<html><head><title>Weekly Digest | Site</title></head><body><h1>Weekly Digest</h1><p>Hi.</p>"
    src = read_sources(write(tmp_path, "w.html", page))[0]
    assert src.text == "Weekly Digest\n\nHi."
    assert src.title == "Weekly Digest | Site"


def test_html_blocks_and_whitespace():
    text, meta = html_to_text(
        "<body><div>Intro <b>bold</b>\n  text<br>after break</div><blockquote>Quote</blockquote>"
        "<table><tr><td>a</td><td>b</td></tr></table><p>x&nbsp;&nbsp;y</p></body>"
    )
    assert text.split("\n\n") == ["Intro bold text", "after break", "Quote", "a b", "x y"]
    assert meta == {"title": None, "date": None, "url": None}


def test_html_meta_sources():
    head = (
        '<meta property="og:url" content="https://example.com/og">'
        '<script type="application/ld+json">{"@graph": [{"@type": "Article", "datePublished": '
        '"2024-03-04T10:00:00+08:00"}]}</script>'
    )
    text, meta = html_to_text(f"<html><head>{head}</head><body><h1>Head One</h1><p>Body.</p></body></html>")
    assert meta == {"title": "Head One", "date": "2024-03-04", "url": "https://example.com/og"}
    _, meta = html_to_text(
        '<head><meta name="date" content="February 26, 2024"><link rel="canonical" href="/p/1"></head>',
        base_url="https://example.com/x/y",
    )
    assert meta["date"] == "2024-02-26" and meta["url"] == "https://example.com/p/1"


def test_html_class_match_keeps_big_content_and_story_headlines():
    story = " ".join(["Tencent released a new model this week."] * 20)
    page = (
        f'<body><div class="post-header-free"><h2>1. Tencent Releases</h2><p>{story}</p></div>'
        '<div class="story-header"><h2>2. ByteDance Launches</h2></div><p>ByteDance launched.</p>'
        '<div class="sidebar">Sidebar junk</div></body>'
    )
    text, _ = html_to_text(page)
    assert "1. Tencent Releases" in text and story in text and "2. ByteDance Launches" in text
    assert "Sidebar junk" not in text


def test_html_page_with_no_text_is_an_error(tmp_path):
    page = "<html><head><title>T</title></head><body><nav>Menu</nav><script>x()</script></body></html>"
    assert error_of(write(tmp_path, "blank.html", page)) == "blank.html: no article text in the HTML page"


def test_html_meta_charset_is_honoured(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u201cX\u201d</p></body>'
    src = read_sources(write(tmp_path, "legacy.html", page.encode("cp1252")))[0]
    assert src.text == "Caf\u00e9 \u201cX\u201d"


def test_unknown_suffix_is_sniffed(tmp_path, parts15):
    html_src = read_sources(write(tmp_path, "page", digest_html(parts15)))[0]
    assert html_src.title == TITLE15
    text_src = read_sources(write(tmp_path, "plain.dat", DEV15.read_bytes()))[0]
    assert text_src.text == DEV15.read_text(encoding="utf-8")
    feed = rss_feed([("Edition 15", "https://example.com/post/e15", "Mon, 26 Feb 2024 08:00:00 +0000",
                      story_html(parts15))])
    assert [s.name for s in read_sources(write(tmp_path, "feed", feed))] == ["e15"]


# ------------------------------------------------------------------------------------------ feed files


def test_rss_file_items(tmp_path, parts15):
    parts31 = digest_parts(DEV31)
    feed = rss_feed([
        ("Digest 15", "https://example.com/post/digest-15", "Mon, 26 Feb 2024 08:00:00 +0000",
         story_html(parts15)),
        ("Digest 31", "https://example.com/post/digest-31/", "Mon, 04 Mar 2024 23:30:00 +0800",
         story_html(parts31)),
    ])
    result = read_sources(write(tmp_path, "feed.rss", feed))
    assert [s.name for s in result] == ["digest-15", "digest-31"]
    assert [s.url for s in result] == ["https://example.com/post/digest-15", "https://example.com/post/digest-31/"]
    assert [s.date for s in result] == ["2024-02-26", "2024-03-04"]
    assert [s.title for s in result] == ["Digest 15", "Digest 31"]
    assert result[0].text.startswith("Digest 15\n\n")
    assert_in_order(result[0].text, [p for p in all_sentences(parts15) if p not in parts15.wrap])
    assert "1. " + parts31.stories[0][0] in result[1].text


def test_feed_item_names_fall_back_to_slug_then_index(tmp_path):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>Digest: Week 9!</title><description>Body one.</description></item>"
        "<item><description>Body two.</description></item>"
        "<item><title>Digest: Week 9!</title><description>Body three.</description></item>"
        "</channel></rss>"
    )
    result = read_sources(write(tmp_path, "f.xml", feed))
    assert [s.name for s in result] == ["f.xml#digest-week-9", "f.xml#2", "f.xml#digest-week-9#3"]
    assert result[0].text == "Digest: Week 9!\n\nBody one."
    assert result[1].text == "Body two." and result[1].url is None and result[1].date is None


def test_feed_plain_text_content_keeps_paragraphs(tmp_path):
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        '<entry><title>Week 9</title><link href="https://example.com/w9"/><updated>2024-02-26T00:00:00Z'
        '</updated><content type="text">Intro.\n\n1. Foo\n\nFoo &amp; bar.</content></entry></feed>'
    )
    src = read_sources(write(tmp_path, "f.atom", feed))[0]
    assert src.text == "Week 9\n\nIntro.\n\n1. Foo\n\nFoo & bar."
    assert src.date == "2024-02-26" and src.name == "w9"


def test_feed_declared_legacy_encoding(tmp_path):
    feed = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Caf\u00e9 news</title><link>https://example.com/c</link>"
        "<description>Tencent\u2019s caf\u00e9.</description></item></channel></rss>"
    )
    src = read_sources(write(tmp_path, "legacy.rss", feed.encode("cp1252")))[0]
    assert src.text == "Caf\u00e9 news\n\nTencent\u2019s caf\u00e9."


def test_feed_without_items(tmp_path):
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    assert error_of(write(tmp_path, "empty.rss", feed)) == "empty.rss: feed has no items"


def test_malformed_feed(tmp_path):
    message = error_of(write(tmp_path, "bad.xml", '<?xml version="1.0"?><rss><channel><title>x</rss>'))
    assert message.startswith("bad.xml: not a valid RSS/Atom feed (")


def test_xml_that_is_not_a_feed(tmp_path):
    message = error_of(write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset><url>x</url></urlset>'))
    assert message.startswith("sitemap.xml: not a valid RSS/Atom feed")


# ------------------------------------------------------------------------------------------ URLs


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".rss": "application/rss+xml",
        ".atom": "application/atom+xml",
        ".xml": "application/xml",
    }

    def do_GET(self):  # noqa: N802 - http.server naming
        if self.path.startswith("/slow"):
            self.server.release.wait(10)
            self._send(b"late", "text/plain")
        elif self.path.startswith("/stream"):  # no Content-Length: read until close
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"x" * 5000)
        elif self.path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/to-ftp"):
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/x")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/gz"):
            body = gzip.compress(b"Gzipped digest\n\n1. Foo\n\nBar.\n")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/ua"):
            self._send(f"Agent\n\n{self.headers.get('User-Agent')}".encode(), "text/plain")
        else:
            super().do_GET()

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - silence the request log
        pass


@pytest.fixture
def server(tmp_path, monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield SimpleNamespace(root=root, base=base, url=lambda path: f"{base}/{path.lstrip('/')}")
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_url_html_page(server, parts15):
    (server.root / "digest-15.html").write_text(digest_html(parts15), encoding="utf-8")
    result = read_sources(server.url("digest-15.html"), allow_private=True)
    assert len(result) == 1
    src = result[0]
    assert src.name == "digest-15.html"
    assert src.url == server.url("digest-15.html")
    assert src.title == TITLE15 and src.date == "2024-02-26"
    assert_in_order(src.text, all_sentences(parts15))
    assert not any(junk in src.text for junk in JUNK)


def test_url_html_page_canonical_used_only_without_fetch_url(server, parts15):
    (server.root / "p.html").write_text(digest_html(parts15), encoding="utf-8")
    assert read_sources(server.url("p.html"), allow_private=True)[0].url == server.url("p.html")


def test_url_text_plain(server):
    (server.root / "digest-15.txt").write_bytes(DEV15.read_bytes())
    src = read_sources(server.url("digest-15.txt"), allow_private=True)[0]
    assert src.name == "digest-15.txt"
    assert src.text == DEV15.read_text(encoding="utf-8")
    assert src.url == server.url("digest-15.txt")


def test_url_sends_user_agent(server):
    assert read_sources(server.url("ua"), allow_private=True)[0].text.endswith(fetch.USER_AGENT)


def test_url_gzip_body_is_decompressed(server):
    assert read_sources(server.url("gz"), allow_private=True)[0].text == "Gzipped digest\n\n1. Foo\n\nBar.\n"


def test_url_with_non_ascii_path(server):
    (server.root / "caf\u00e9 digest.txt").write_text("Caf\u00e9 digest\n\nHello.\n", encoding="utf-8")
    (src,) = read_sources(server.url("caf\u00e9 digest.txt"), allow_private=True)
    assert src.name == "caf\u00e9 digest.txt" and src.text.startswith("Caf\u00e9 digest")
    assert src.url == server.url("caf%C3%A9%20digest.txt")


def test_url_redirect_gives_final_url(server, parts15):
    (server.root / "page.html").write_text(digest_html(parts15), encoding="utf-8")
    src = read_sources(server.url("moved"), allow_private=True)[0]
    assert src.url == server.url("page.html") and src.name == "page.html"


def test_url_redirect_to_other_scheme_is_refused(server):
    assert "unsupported scheme" in error_of(server.url("to-ftp"))


def test_url_rss_feed(server, parts15):
    parts31 = digest_parts(DEV31)
    feed = rss_feed([
        ("Digest 15", "https://example.com/post/digest-15", "Mon, 26 Feb 2024 08:00:00 GMT",
         story_html(parts15)),
        ("Digest 31", "https://example.com/post/digest-31", "Mon, 04 Mar 2024 08:00:00 GMT",
         story_html(parts31)),
    ])
    (server.root / "feed.rss").write_text(feed, encoding="utf-8")
    result = read_sources(server.url("feed.rss"), allow_private=True)
    assert len(result) == 2
    assert [s.url for s in result] == ["https://example.com/post/digest-15", "https://example.com/post/digest-31"]
    assert [s.date for s in result] == ["2024-02-26", "2024-03-04"]
    assert "1. " + parts15.stories[0][0] in result[0].text
    assert parts31.stories[-1][1][-1] in result[1].text


def test_url_atom_feed(server, parts15):
    item = ("Digest 15", "https://example.com/a/digest-15", "2024-02-26T08:00:00Z", story_html(parts15))
    feed = atom_feed([item])
    (server.root / "feed.atom").write_text(feed, encoding="utf-8")
    (src,) = read_sources(server.url("feed.atom"), allow_private=True)
    assert src.name == "digest-15" and src.date == "2024-02-26" and src.title == "Digest 15"
    assert src.url == "https://example.com/a/digest-15"
    assert_in_order(src.text, ["Digest 15", *(f"{n}. {h}" for n, (h, _) in enumerate(parts15.stories, 1))])


def test_url_feed_served_as_application_xml_is_sniffed(server, parts15):
    feed = rss_feed([("E", "https://example.com/e", "Mon, 26 Feb 2024 08:00:00 GMT", story_html(parts15))])
    (server.root / "feed.xml").write_text(feed, encoding="utf-8")
    assert [s.name for s in read_sources(server.url("feed.xml"), allow_private=True)] == ["e"]


def test_url_404(server):
    message = error_of(server.url("missing.html"))
    assert message.startswith(server.url("missing.html") + ": HTTP 404")


def test_url_unreachable_port(monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/digest.html"
    message = error_of(url)
    assert message.startswith(f"{url}: could not connect (")


def test_url_timeout(server, monkeypatch):
    monkeypatch.setattr(fetch, "HTTP_TIMEOUT", 0.5)
    assert error_of(server.url("slow")) == f"{server.url('slow')}: timed out after 0.5 s"


def test_url_over_the_cap_with_content_length(server, monkeypatch):
    (server.root / "big.txt").write_bytes(b"y" * 5000)
    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    message = error_of(server.url("big.txt"))
    assert message.startswith(server.url("big.txt") + ": ") and "over the 1000 bytes input cap" in message


def test_url_over_the_cap_without_content_length(server, monkeypatch):
    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    assert error_of(server.url("stream")) == f"{server.url('stream')}: over the 1000 bytes input cap"


@pytest.mark.parametrize("url", ["ftp://example.com/digest.txt", "file:///etc/hosts"])
def test_unsupported_scheme(url):
    assert error_of(url).startswith(f"{url}: unsupported scheme")


# ------------------------------------------------------------------------------------------ bytes API


def test_sources_from_bytes_content_type_wins_over_suffix():
    data = b"<html><body><h2>1. Foo</h2><p>Bar.</p></body></html>"
    (src,) = sources_from_bytes(data, "upload.txt", content_type="text/html; charset=utf-8")
    assert src.text == "1. Foo\n\nBar."


def test_sources_from_bytes_rejects_images():
    with pytest.raises(InputError, match=r"^pic: binary data"):
        sources_from_bytes(b"GIF89a", "pic", content_type="image/gif")


@pytest.mark.parametrize("module", [sources, decode, dates, header, htmltext, feeds, fetch])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
