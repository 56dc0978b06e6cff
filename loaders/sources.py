"""Input readers: text files, HTML pages, http(s) URLs and RSS/Atom feeds become `Source` records.

One entry point, `read_sources(spec)`, takes a path or an http(s) URL and returns a list (a feed
yields one Source per item). Every failure is an `InputError` whose one-line message starts with
the input's name (file base name, or the URL as given). `html_to_text` is the shared HTML-to-text
step used by HTML files, fetched pages and feed items.

>>> text, meta = html_to_text("<title>Weekly</title><nav>Home | About</nav><h2>1. Foo</h2><p>Bar  baz.</p>")
>>> text
'1. Foo\\n\\nBar baz.'
>>> meta["title"]
'Weekly'
"""

from __future__ import annotations

import codecs
import functools
import http.client
import io
import ipaddress
import json
import os
import re
import socket
import ssl
import stat
import time
import unicodedata
import urllib.parse
import xml.sax
import zlib
from datetime import date as _date
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.client import HTTPException
from pathlib import Path
from typing import Any

import feedparser
from bs4 import BeautifulSoup
from bs4.element import (
    CData,
    NavigableString,
    PreformattedString,
    Script,
    Stylesheet,
    Tag,
    TemplateString,
)
from lxml import etree

from .model import InputError, Source

__all__ = [
    "MAX_BYTES",
    "HTTP_TIMEOUT",
    "USER_AGENT",
    "read_sources",
    "sources_from_bytes",
    "decode_bytes",
    "html_to_text",
]

MAX_BYTES = 5 * 1024 * 1024  # the size cap for one input (file, page or feed)
HTTP_TIMEOUT = 15.0  # seconds, per connect / read on the socket
USER_AGENT = "digestkg/0.1 (+offline knowledge graph)"

_MIB = 1024 * 1024
_SNIFF = 8192  # bytes/characters looked at for binary checks
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://")

# ---------------------------------------------------------------------------------------------
# decoding


def _fmt_size(n: int) -> str:
    """Human size in the units of the error messages.

    >>> _fmt_size(int(7.1 * 1024 * 1024)), _fmt_size(5 * 1024 * 1024), _fmt_size(2048), _fmt_size(10)
    ('7.1 MB', '5 MB', '2 KB', '10 bytes')
    """
    for unit, size in (("MB", _MIB), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _over_cap(label: str, size: int | None = None) -> InputError:
    cap = _fmt_size(MAX_BYTES)
    if size is None:
        return InputError(f"{label}: over the {cap} input cap")
    return InputError(f"{label}: {_fmt_size(size)} is over the {cap} input cap")


def _binary(label: str) -> InputError:
    return InputError(f"{label}: binary data, not a text digest")


_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_ENC = re.compile(rb"""^\s*<\?xml\b[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)


def _looks_binary_bytes(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > 0.10 * len(head)


def _looks_binary_text(head: str) -> bool:
    return "\x00" in head or len(_CONTROL_CHARS.findall(head)) > 0.10 * len(head)


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte NUL, the others not.

    >>> _sniff_utf16("Digest".encode("utf-16-le")), _sniff_utf16(b"Digest")
    ('utf-16-le', None)
    """
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _codec(label: str | None) -> str | None:
    """Python codec for a declared charset; ASCII/Latin-1 mean windows-1252 as in browsers."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None
    if name in ("ascii", "iso8859-1", "latin-1"):
        return "cp1252"
    if name == "utf-8-sig":
        return "utf-8"
    if name.startswith(("utf-16", "utf-32")):  # without a BOM such a declaration is wrong
        return None
    return name


@functools.lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    try:
        return codec != "utf-8" and len(bytes(range(128, 256)).decode(codec, "replace")) == 128
    except LookupError:
        return False


def _plausible_cp1252(data: bytes) -> bool:
    """True when `data` reads as Western legacy text in windows-1252, not as mixed or CJK bytes.

    >>> _plausible_cp1252("The caf\\u00e9 served a \\u201cna\\u00efve\\u201d espresso.".encode("cp1252"))
    True
    >>> _plausible_cp1252("\\u4e2d\\u6587\\u6570\\u5b57\\u4e2d\\u56fd".encode("gbk"))
    False
    >>> _plausible_cp1252("It\\u2019s UTF-8 \\u2013 with one stray byte: \\xe9".encode() + b"\\xe9")
    False
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = sum(1 for b in data if b > 127)
    if not high:
        return True
    # mostly valid UTF-8 sequences plus a stray byte: mixed encodings, not a legacy file
    if 2 * sum(len(m.group()) for m in _UTF8_SEQ.finditer(data)) >= high:
        return False
    visible = sum(1 for c in text if not c.isspace())
    if high > 0.3 * visible or re.search(r"[^\x00-\x7f]{4,}", text):
        return False
    return all(unicodedata.category(c) not in ("Cc", "Co", "Cn", "Cs") for c in text if ord(c) > 127)


def _declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or an HTML <meta> names in the first 4 KiB."""
    head = data[:4096]
    m = _XML_DECL_ENC.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def decode_bytes(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode one input's bytes to NFC text with "\\n" newlines, or raise InputError naming `name`.

    Order: a BOM, then `charset` (HTTP header or <meta>/XML declaration), then strict UTF-8, then
    windows-1252 only when the bytes decode cleanly and look like Western legacy text. A declared
    single-byte charset loses to bytes that are valid UTF-8 (a mislabelled page, not mojibake).

    >>> decode_bytes(b"\\xef\\xbb\\xbfCafe\\xcc\\x81\\r\\nDigest", "x.txt")
    'Café\\nDigest'
    >>> try:
    ...     decode_bytes(b"  \\n", "x.txt")
    ... except InputError as e:
    ...     print(e)
    x.txt: empty input
    """
    if len(data) > MAX_BYTES:
        raise _over_cap(name, len(data))
    if not data.strip():
        raise InputError(f"{name}: empty input")
    codec, body = None, data
    for bom, enc in _BOMS:
        if data.startswith(bom):
            codec, body = enc, data[len(bom) :]
            break
    codec = codec or _sniff_utf16(data[:_SNIFF])
    if codec:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as e:
            offset = e.start + len(data) - len(body)
            raise InputError(
                f"{name}: not valid {codec.upper()} (byte 0x{data[offset]:02x} at offset {offset})"
            ) from None
        if _looks_binary_text(text[:_SNIFF]):
            raise _binary(name)
    else:
        if _looks_binary_bytes(data[:_SNIFF]):
            raise _binary(name)
        text = _decode_8bit(data, name, _codec(charset))
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text


def _decode_8bit(data: bytes, name: str, declared: str | None) -> str:
    try:
        utf8: str | None = data.decode("utf-8")
        error = None
    except UnicodeDecodeError as e:
        utf8, error = None, e
    if declared and declared != "utf-8" and not (utf8 is not None and _single_byte(declared)):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if utf8 is not None:
        return utf8
    if _plausible_cp1252(data):
        return data.decode("cp1252")
    assert error is not None
    raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")


# ---------------------------------------------------------------------------------------------
# dates, header lines, names

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_RES = (
    (re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), "mdy"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})\b", re.I), "dmy"),
)


def _find_date(s: str) -> str | None:
    """The first valid date written in `s`, as YYYY-MM-DD.

    >>> [_find_date(s) for s in ("Date: 2024-02-26", "February 26, 2024", "26 Feb. 2024", "2024-02-30")]
    ['2024-02-26', '2024-02-26', '2024-02-26', None]
    """
    for rx, order in _DATE_RES:
        for m in rx.finditer(s):
            a, b, c = m.groups()
            try:
                if order == "ymd":
                    d = _date(int(a), int(b), int(c))
                elif order == "mdy":
                    d = _date(int(c), _MONTHS[a.lower()], int(b))
                else:
                    d = _date(int(c), _MONTHS[b.lower()], int(a))
            except ValueError:
                continue
            return d.isoformat()
    return None


def _iso_date(value: Any) -> str | None:
    """Normalise a metadata date (ISO 8601, RFC 822, or written out) to YYYY-MM-DD.

    >>> _iso_date("2024-02-26T08:00:00Z"), _iso_date("Mon, 26 Feb 2024 23:30:00 +0800")
    ('2024-02-26', '2024-02-26')
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return _date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return _find_date(value)


_STORY_LINE = re.compile(r"^\d{1,3}[.)]\s+\S")
_DATE_LABEL = re.compile(
    r"^(?:date|dated|published|posted|updated|issued?|edition|week of)(?:\s+on)?"
    r"\s*[:\-\u2013\u2014]?\s*(.+)$",
    re.I,
)
_SOURCE_LINE = re.compile(r"^\s*source\s*:\s*<?(https?://[^\s<>\"]+)", re.I)


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return len(line) > 160 or words >= 16 or (words >= 10 and line.endswith((".", "!", "?")))


def _header_date(text: str) -> str | None:
    """A date from the header lines (title/date/source lines before the intro or first story).

    >>> _header_date("Weekly Digest\\nDate: 2024-02-26\\n\\nIntro.")
    '2024-02-26'
    >>> _header_date("Weekly Digest\\n\\nHello, this week on February 26, 2024 we saw many things happen.")
    """
    loose = None
    for line in text.split("\n")[:15]:
        s = line.strip()
        if not s:
            continue
        if _STORY_LINE.match(s) or _is_prose(s):
            break
        m = _DATE_LABEL.match(s)
        if m and (found := _find_date(m.group(1))):
            return found
        loose = loose or _find_date(s)
    return loose


def _header_url(text: str) -> str | None:
    """The URL of a "Source: http..." line in the first 10 lines.

    >>> _header_url("Title\\nSource: https://example.com/post-15.\\n")
    'https://example.com/post-15'
    """
    for line in text.split("\n")[:10]:
        m = _SOURCE_LINE.match(line)
        if m:
            url = m.group(1).rstrip(".,;:!?'")
            if url.endswith(")") and "(" not in url:
                url = url[:-1]
            return url
    return None


def _last_segment(url: str | None) -> str | None:
    if not url:
        return None
    segments = [s for s in urllib.parse.urlsplit(url).path.split("/") if s]
    return urllib.parse.unquote(segments[-1]) if segments else None


def _url_name(url: str) -> str:
    return _last_segment(url) or urllib.parse.urlsplit(url).hostname or url


def _slug(title: str | None) -> str | None:
    """
    >>> _slug("ByteDance Releases SDXL-Lightning!")
    'bytedance-releases-sdxl-lightning'
    """
    if not title:
        return None
    slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", title).casefold()).strip("-")
    return slug[:80].rstrip("-") or None


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u200b", "").replace("\xad", "").replace("\ufeff", "")).strip()


def _http_url(url: Any, base: str | None = None) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return None
    url = urllib.parse.urljoin(base or "", url.strip())
    return url if urllib.parse.urlsplit(url).scheme in ("http", "https") else None


def _with_title(text: str, title: str | None) -> str:
    """Prefix the title line unless the first paragraphs already carry it (site suffix ignored)."""
    if not title:
        return text

    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    first = [norm(p) for p in text.split("\n\n")[:3]]
    head = " ".join(first)
    short = norm(re.split(r"\s+[|\u2013\u2014:-]+\s+", title)[0])
    if norm(title) in head or short in first or (len(short.split()) >= 3 and short in head):
        return text
    return f"{title}\n\n{text}" if text.strip() else title


# ---------------------------------------------------------------------------------------------
# HTML

_DROP_TAGS = [
    "script", "style", "noscript", "nav", "header", "footer", "aside", "iframe", "svg", "button",
    "template", "select", "textarea", "input", "object", "embed", "canvas", "dialog",
]
_BLOCK_TAGS = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd br hr blockquote section article main tr table
    thead tbody tfoot figure figcaption pre address details summary center fieldset legend caption
    header footer aside nav form body html""".split()
)
_KEEP_TAGS = frozenset("html body article main h1 h2 h3 h4 h5 h6 p blockquote table tr td th pre".split())
_JUNK_ROLES = frozenset("navigation banner contentinfo complementary search menu menubar dialog".split())
_JUNK_TOKEN = re.compile(
    r"""^(?:site|top|main|page|global|primary|secondary|sub|mobile|side|bottom|post|article|entry|
    social|cookie)?
    (?:nav|navbar|navigation|menu|footer|header|masthead|sidebar|cookies?|consent|gdpr|share|sharing|
    social|comments?|disqus|related|breadcrumbs?|subscribe|subscription|newsletter|adverts?|
    advertisement|advertising|ads?|sponsor(?:ed)?|promo|popup|modal|banner|toolbar|skip)
    (?:s|bar|list|links?|buttons?|btns?|icons?|box|wrap|wrapper|container|area|block|widget|section|
    items?|menu|nav|panel|form|slot|link)?$""",
    re.X,
)
_SKIP_STRINGS = (Script, Stylesheet, TemplateString)
MAX_HTML_DEPTH = 512  # elements nested deeper than this: the page is refused (browsers' own caps are near)


class _TooDeep(InputError):
    """HTML nested deeper than MAX_HTML_DEPTH (callers add the input's name)."""

    def __init__(self) -> None:
        super().__init__(f"HTML nested more than {MAX_HTML_DEPTH} levels deep: not read")


class _DepthTarget:
    """An lxml parser target that only counts open elements, and stops the parse past the cap."""

    def __init__(self) -> None:
        self.depth = 0

    def start(self, tag: str, attrib: Any) -> None:
        self.depth += 1
        if self.depth > MAX_HTML_DEPTH:
            raise _TooDeep()

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, data: str) -> None:
        pass

    def comment(self, text: str) -> None:
        pass

    def close(self) -> None:
        return None


def _check_depth_fast(html: str) -> None:
    """Refuse deep nesting before the tree is built: lxml's parser (as bs4 uses it) counts only."""
    parser = etree.HTMLParser(target=_DepthTarget(), recover=True, encoding="utf-8")
    try:
        parser.feed(html.encode("utf-8", "surrogatepass"))
        parser.close()
    except _TooDeep:
        raise
    except (etree.Error, ValueError, TypeError, UnicodeError):
        pass  # the tree's own check (_check_depth) still runs


def _check_depth(root: Tag) -> None:
    """Refuse a tree nested deeper than MAX_HTML_DEPTH (one pass, no recursion)."""
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise _TooDeep()
        stack.extend((c, depth + 1) for c in el.contents if isinstance(c, Tag))


def _class_tokens(el: Tag) -> list[str]:
    values = el.get("class") or []
    if isinstance(values, str):
        values = values.split()
    values = [*values, el.get("id") or ""]
    out: list[str] = []
    for v in values:
        v = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(v)).lower()
        out.extend(re.findall(r"[a-z0-9]+", v))
    return out


def _junk_marked(el: Tag) -> bool:
    if str(el.get("role") or "").lower() in _JUNK_ROLES:
        return True
    if el.has_attr("hidden") or str(el.get("aria-hidden") or "").lower() == "true":
        return True
    style = str(el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return any(_JUNK_TOKEN.match(t) for t in _class_tokens(el))


def _text_len(el: Tag) -> int:
    return sum(len(w) for w in el.get_text(" ").split())


def _gone(el: Tag) -> bool:
    """Whether ``el`` was decomposed (read from its own attributes: a missing attribute of a bs4 Tag
    is a search of its whole subtree, which made pruning quadratic in the nesting depth)."""
    return bool(el.__dict__.get("_decomposed", False))


_TEXT_TYPES = (NavigableString, CData)  # the strings get_text counts
_LEAD = 64  # characters of a heading's text that _STORY_LINE needs at most


class _Stats:
    """Per element, in one pass: text length (as _text_len), text inside its <a> descendants, and
    whether it has a story heading (itself or a descendant h1-h6 whose text starts "N. ")."""

    def __init__(self, root: Tag) -> None:
        self.text: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.story: dict[int, bool] = {}
        lead: dict[int, str] = {}
        stack: list[tuple[Tag, bool]] = [(root, False)]
        while stack:
            el, done = stack.pop()
            if not done:
                stack.append((el, True))
                stack.extend((c, False) for c in el.contents if isinstance(c, Tag))
                continue
            text = links = 0
            story = False
            parts: list[str] = []
            size = 0
            for c in el.contents:
                if isinstance(c, Tag):
                    k = id(c)
                    text += self.text[k]
                    links += self.links[k] + (self.text[k] if c.name == "a" else 0)
                    story = story or self.story[k]
                    piece = lead.pop(k)
                elif type(c) in _TEXT_TYPES:
                    text += len("".join(c.split()))
                    piece = " ".join(c.split()) if size < _LEAD else ""
                else:
                    continue
                if piece and size < _LEAD:
                    parts.append(piece)
                    size += len(piece) + 1
            k = id(el)
            head = " ".join(parts)[:_LEAD]
            lead[k] = head
            is_heading = bool(el.name) and re.fullmatch(r"h[1-6]", el.name) is not None
            self.text[k], self.links[k] = text, links
            self.story[k] = story or (is_heading and _STORY_LINE.match(head) is not None)


def _link_density(el: Tag, length: int, stats: _Stats) -> float:
    if not length:
        return 1.0
    return stats.links[id(el)] / length


def _prune(root: Tag) -> None:
    """Drop page furniture: those tags always, class/id/role-marked elements only when small.

    Linear in the size of the page: lengths come from one pass (:class:`_Stats`), not from each
    element's subtree again.
    """
    for el in root.find_all(_DROP_TAGS):
        if not _gone(el):
            el.decompose()
    stats = _Stats(root)
    left = stats.text[id(root)]
    for form in root.find_all("form"):  # some sites wrap the whole page in a <form>
        if not _gone(form) and stats.text[id(form)] < 0.25 * left:
            left -= stats.text[id(form)]
            form.decompose()
    stats = _Stats(root)
    total = stats.text[id(root)]
    protected: set[int] = set()
    for main in root.find_all(["article", "main"]) + root.find_all(attrs={"role": "main"}):
        node: Any = main
        while node is not None and id(node) not in protected:
            protected.add(id(node))
            node = node.parent
    for el in root.find_all(True):
        if _gone(el) or el.name in _KEEP_TAGS or id(el) in protected or not _junk_marked(el):
            continue
        length = stats.text[id(el)]
        dense = _link_density(el, length, stats) >= 0.5
        if length > 0.5 * total and not dense:
            continue  # too much of the page to be furniture
        if length <= max(0.25 * total, 500) or dense:
            if dense or not stats.story[id(el)]:
                el.decompose()


def _content_root(body: Tag) -> Tag:
    """<article>, else [role=main], else <main> (the longest one), when it holds the page's text."""
    stats = _Stats(body)
    total = stats.text[id(body)]
    for found in (
        body.find_all("article"),
        body.find_all(attrs={"role": "main"}),
        body.find_all("main"),
    ):
        if found:
            best = max(found, key=lambda el: stats.text[id(el)])
            if stats.text[id(best)] >= 0.25 * total and stats.text[id(best)] > 0:
                return best
    return body


def _blocks(root: Tag) -> list[str]:
    """Paragraphs of `root`: block elements break paragraphs, ordered list items get "N. "."""
    paras: list[str] = []
    cur: list[str] = []
    prefix: str | None = None
    counters: dict[int, int] = {}

    def flush() -> None:
        nonlocal prefix
        s = _collapse("".join(cur))
        cur.clear()
        if not s:
            return
        if prefix:
            if not _STORY_LINE.match(s):
                s = prefix + s
            prefix = None
        paras.append(s)

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if isinstance(node, CData) or not isinstance(node, (PreformattedString, *_SKIP_STRINGS)):
                cur.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if leaving:
            if name in _BLOCK_TAGS:
                flush()
            if name == "li":
                prefix = None
            continue
        if name in _BLOCK_TAGS:
            flush()
        elif name in ("td", "th"):
            cur.append(" ")
        if name in ("br", "hr"):
            continue
        if name == "li" and isinstance(node.parent, Tag) and node.parent.name == "ol":
            key = id(node.parent)
            if key not in counters:
                counters[key] = _int(node.parent.get("start"), 1)
            counters[key] = _int(node.get("value"), counters[key])
            prefix = f"{counters[key]}. "
            counters[key] += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return paras


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _find_key(data: Any, key: str) -> Any:
    """First value of `key` anywhere in parsed JSON (JSON-LD nests under @graph and lists)."""
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            if key in item:
                return item[key]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _html_meta(soup: BeautifulSoup, base_url: str | None) -> dict[str, str | None]:
    metas: dict[str, str] = {}
    for m in soup.find_all("meta"):
        key = str(m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = m.get("content")
        if key and isinstance(content, str) and content.strip() and key not in metas:
            metas[key] = content.strip()

    title = metas.get("og:title")
    if not title and soup.title:
        title = soup.title.get_text(" ")
    if not (title and title.strip()) and (h1 := soup.find("h1")):
        title = h1.get_text(" ")
    title = _collapse(title or "") or None

    date = None
    for key in ("article:published_time", "date", "datepublished", "pubdate", "publish-date",
                "publish_date", "dc.date", "dc.date.issued", "dcterms.date", "og:published_time"):
        if date := _iso_date(metas.get(key)):
            break
    if not date:
        scope = soup.find("article") or soup
        time_el = scope.find("time", attrs={"datetime": True}) or soup.find("time", attrs={"datetime": True})
        date = _iso_date(time_el.get("datetime")) if time_el else None
    if not date:
        for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
            try:
                date = _iso_date(_find_key(json.loads(script.string or ""), "datePublished"))
            except ValueError:
                continue
            if date:
                break

    canonical = soup.find("link", attrs={"rel": "canonical", "href": True})
    url = _http_url(canonical.get("href"), base_url) if canonical else None
    url = url or _http_url(metas.get("og:url"), base_url)
    return {"title": title, "date": date, "url": url}


def html_to_text(html: str, *, base_url: str | None = None) -> tuple[str, dict[str, str | None]]:
    """Article text of an HTML page or fragment, and its metadata.

    Drops scripts, navigation, headers/footers, forms and small elements marked as page furniture
    by class/id/role (menus, cookie banners, share bars, comments...), keeps <article>, [role=main]
    or <main> when present, and returns paragraphs separated by blank lines. Ordered-list items are
    numbered "N. " when their text carries no number. `meta` has "title" (og:title, <title>, first
    <h1>), "date" (YYYY-MM-DD from article:published_time, meta date, <time datetime>, JSON-LD) and
    "url" (canonical link, else og:url, resolved against `base_url`); missing values are None.
    The title is not added to the text (callers do that). HTML nested more than MAX_HTML_DEPTH
    levels deep raises InputError.

    >>> html_to_text("<ol><li><h3>Foo</h3><p>Bar.</p></li><li>Baz</li></ol>")[0].split("\\n\\n")
    ['1. Foo', 'Bar.', '2. Baz']
    """
    _check_depth_fast(html)
    soup = BeautifulSoup(html, "lxml")
    _check_depth(soup)
    meta = _html_meta(soup, base_url)
    body = soup.body or soup
    _prune(body)
    text = "\n\n".join(_blocks(_content_root(body)))
    return unicodedata.normalize("NFC", text), meta


# ---------------------------------------------------------------------------------------------
# feeds

_BENIGN_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_XML_DECL_ENC_TEXT = re.compile(r"""^(\s*<\?xml\b[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2""")


def _bozo_reason(exc: Any) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"line {exc.getLineNumber()}: {exc.getMessage()}"
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return reason[:200]


def _entry_body(entry: Any) -> tuple[str, bool]:
    """(content, is_html) of a feed entry: content[0] (HTML preferred), else the summary."""
    contents = [c for c in entry.get("content") or [] if str(c.get("value") or "").strip()]
    if contents:
        best = next((c for c in contents if "html" in str(c.get("type") or "")), contents[0])
        value, ctype = str(best.get("value")), str(best.get("type") or "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, ctype = str(entry.get("summary") or ""), str(detail.get("type") or "text/html")
    is_html = "html" in ctype and re.search(r"<[A-Za-z!/]", value) is not None
    return value, is_html


def _entry_date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        if date := _iso_date(entry.get(key)):
            return date
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _plain(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = (_collapse(p) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paras if p)


def _feed_sources(text: str, name: str, label: str, url: str | None) -> list[Source]:
    xml_text = _XML_DECL_ENC_TEXT.sub(r'\1"utf-8"', text, count=1)  # already decoded: say so
    parsed = feedparser.parse(
        io.BytesIO(xml_text.encode("utf-8")),  # a stream: feedparser must not open or fetch
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": url or ""},
    )
    entries = parsed.get("entries") or []
    if not entries:
        exc = parsed.get("bozo_exception")
        if parsed.get("bozo") and not isinstance(exc, _BENIGN_BOZO):
            raise InputError(f"{label}: not a valid RSS/Atom feed ({_bozo_reason(exc)})")
        if not parsed.get("version"):
            raise InputError(f"{label}: not a valid RSS/Atom feed (no <rss> or <feed> element)")
        raise InputError(f"{label}: feed has no items")

    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        title = entry.get("title") or ""
        meta: dict[str, str | None] = {}
        try:
            if "html" in str((entry.get("title_detail") or {}).get("type") or "") and "<" in title:
                title = html_to_text(title)[0]
            value, is_html = _entry_body(entry)
            body, meta = html_to_text(value, base_url=url) if is_html else (_plain(value), meta)
        except _TooDeep as e:
            raise InputError(f"{label}: item {i}: {e}") from None
        title = _collapse(title) or None
        body = _with_title(body, title)
        if not body.strip():
            continue
        body = unicodedata.normalize("NFC", body)
        link = _http_url(entry.get("link"), url)
        # an item without a link is named after its feed and its title: items of two feeds stay apart
        slug = _slug(title)
        item_name = _last_segment(link) or (f"{name}#{slug}" if slug else f"{name}#{i}")
        if item_name in seen:
            item_name = f"{item_name}#{i}"
        seen.add(item_name)
        sources.append(
            Source(
                name=item_name,
                text=body,
                url=link or _header_url(body),
                date=_entry_date(entry) or meta.get("date") or _header_date(body),
                title=title,
            )
        )
    if not sources:
        raise InputError(f"{label}: feed has no items")
    return sources


# ---------------------------------------------------------------------------------------------
# dispatch

_SUFFIX_KIND = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}
_TYPE_KIND = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "xml", "text/xml": "xml",
    "text/plain": "plain", "text/markdown": "plain", "text/x-markdown": "plain",
}


def _sniff(text: str) -> str:
    """Kind of an input from its first characters: "feed", "html" or "text".

    >>> _sniff('<?xml version="1.0"?><rss version="2.0">'), _sniff("<!DOCTYPE html><p>x"), _sniff("1. Foo")
    ('feed', 'html', 'text')
    """
    head = text[:4096].lstrip().lower()
    if head.startswith(("<?xml", "<rss", "<feed", "<rdf:rdf")):
        if re.search(r"<(?:rss|feed|rdf:rdf)\b", head) or not re.search(r"<(?:html|body)\b", head):
            return "feed"  # XML that is neither RSS/Atom nor XHTML is reported as not a valid feed
        return "html"
    if head.startswith("<!doctype html") or re.search(r"<(?:html|body)\b", head):
        return "html"
    if head.startswith("<") and re.search(r"<(?:p|div|h[1-6]|article|main|section|ol|ul)\b", head):
        return "html"
    return "text"


def sources_from_bytes(
    data: bytes,
    name: str,
    *,
    content_type: str | None = None,
    url: str | None = None,
    label: str | None = None,
) -> list[Source]:
    """Sources from one input's bytes (a file, a fetched body, an upload).

    The kind comes from `content_type` (a Content-Type header value, charset honoured), else the
    suffix of `name`, else sniffing. `url` is the input's own http(s) URL; `label` starts error
    messages (default `name`).

    >>> [s.name for s in sources_from_bytes(b"Weekly\\n\\n1. Foo\\n\\nBar.", "w.txt")]
    ['w.txt']
    """
    label = label or name
    if len(data) > MAX_BYTES:
        raise _over_cap(label, len(data))
    media, charset = None, None
    if content_type:
        media = content_type.split(";")[0].strip().lower() or None
        m = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.I)
        charset = m.group(1) if m else None
    if media and media.split("/")[0] in ("image", "audio", "video", "font"):
        raise _binary(label)
    kind = _TYPE_KIND.get(media or "") or _SUFFIX_KIND.get(Path(name).suffix.lower())
    text = decode_bytes(data, label, charset or _declared_charset(data))
    if kind in (None, "xml"):
        kind = _sniff(text)
    elif kind == "plain":  # servers label feeds and pages text/plain: trust only strong markup
        start = text.lstrip().lower()
        sniffed = _sniff(text) if start.startswith("<") else "text"
        kind = sniffed if sniffed == "feed" or start.startswith(("<!doctype", "<html")) else "text"
    if kind == "feed":
        return _feed_sources(text, name, label, url)
    if kind == "html":
        try:
            body, meta = html_to_text(text, base_url=url)
        except _TooDeep as e:
            raise InputError(f"{label}: {e}") from None
        if not body.strip():
            raise InputError(f"{label}: no article text in the HTML page")
        full = _with_title(body, meta["title"])
        return [
            Source(
                name=name,
                text=full,
                url=url or meta["url"] or _header_url(full),
                date=meta["date"] or _header_date(full),
                title=meta["title"],
            )
        ]
    return [Source(name=name, text=text, url=url or _header_url(text), date=_header_date(text))]


# ---------------------------------------------------------------------------------------------
# files and URLs


MAX_REDIRECTS = 5
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_INTERNAL = "is not a public address (loopback, private, link-local or reserved): refused"


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``ip`` is a global unicast address (an IPv4-mapped IPv6 one is judged as IPv4).

    >>> [_public(ipaddress.ip_address(a)) for a in ("93.184.216.34", "127.0.0.1", "10.1.2.3", "::ffff:127.0.0.1",
    ...                                              "169.254.169.254", "0.0.0.0", "224.0.0.1", "::1", "fd00::1")]
    [True, False, False, False, False, False, False, False, False]
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def _addresses(label: str, host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses ``host`` resolves to, all checked: any internal one refuses the host.

    The error for a refused host is the same whatever its port, as nothing is connected to.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise InputError(f"{label}: could not connect (host {host!r} not found)") from None
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            raise InputError(f"{label}: host {host} {_INTERNAL}") from None
        if not allow_private and not _public(ip):
            raise InputError(f"{label}: host {host} {_INTERNAL}")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise InputError(f"{label}: could not connect (host {host!r} not found)")
    return addresses


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A TCP connection to the first of the checked ``addresses`` that answers."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as e:
            error = e
    assert error is not None
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to addresses checked beforehand (no second DNS lookup, so no rebinding)."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)  # type: ignore[arg-type]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to checked addresses; the certificate is verified for the host name."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._addresses = addresses

    def connect(self) -> None:
        sock = _connect(self._addresses, self.port, self.timeout)  # type: ignore[arg-type]
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _timed_out(label: str, seconds: float | None = None) -> InputError:
    return InputError(f"{label}: timed out after {seconds or HTTP_TIMEOUT:g} s")


def _reason(err: Any) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    return _first_line(str(err).strip()) or type(err).__name__


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, "
    "text/plain;q=0.8, */*;q=0.5",
    "Accept-Encoding": "identity",
}


def _open(url: str, uri: str, allow_private: bool) -> tuple[http.client.HTTPConnection, Any]:
    """Connect to ``uri``'s host (checked) and GET it: (connection, response). No redirect is followed."""
    parts = urllib.parse.urlsplit(uri)
    scheme = parts.scheme.lower()
    host = parts.hostname
    if not host:
        raise InputError(f"{url}: no host in the URL")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise InputError(f"{url}: invalid port in the URL") from None
    addresses = _addresses(url, host, port, allow_private)
    pinned = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = pinned(host, port, addresses, HTTP_TIMEOUT)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        conn.request("GET", target, headers=_HEADERS)
        return conn, conn.getresponse()
    except BaseException:
        conn.close()
        raise


def _fetch(url: str, uri: str, *, allow_private: bool = False) -> tuple[bytes, str, str | None]:
    """GET `uri` (`url` as given names errors): (body of <= MAX_BYTES, final URL, Content-Type or None).

    Redirects are followed by hand, at most MAX_REDIRECTS, each target checked as the first URL was.
    """
    timeout = HTTP_TIMEOUT
    current = uri
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            conn, response = _open(url, current, allow_private)
        except InputError:
            raise
        except TimeoutError:
            raise _timed_out(url, timeout) from None
        except (OSError, HTTPException, ValueError) as e:
            raise InputError(f"{url}: could not connect ({_reason(e)})") from None
        try:
            status = response.status
            if status in _REDIRECT_CODES:
                location = (response.getheader("Location") or "").strip()
                if not location:
                    raise InputError(f"{url}: HTTP {status} redirect without a Location")
                target = urllib.parse.urljoin(current, location)
                if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise InputError(f"{url}: redirected to an unsupported scheme ({_first_line(target)[:200]})")
                current = _to_uri(target, url)
                continue
            if status >= 400:
                reason = _first_line(str(response.reason or "")) or _status_phrase(status)
                raise InputError(f"{url}: HTTP {status} {reason}".rstrip())
            length = _int(response.getheader("Content-Length"), -1)
            if length > MAX_BYTES:
                raise _over_cap(url, length)
            data = _read_capped(response, url, timeout)
            encoding = str(response.getheader("Content-Encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):
                try:
                    inflater = zlib.decompressobj(wbits=47)
                    data = inflater.decompress(data, MAX_BYTES + 1)
                except zlib.error as e:
                    raise InputError(f"{url}: could not decompress the {encoding} body ({e})") from None
                if len(data) > MAX_BYTES:
                    raise _over_cap(url)
            return data, current, response.getheader("Content-Type")
        finally:
            response.close()
            conn.close()
    raise InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS}), or a redirect loop")


def _status_phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def _read_capped(response: Any, label: str, timeout: float) -> bytes:
    """Read at most MAX_BYTES+1 bytes; a whole-body deadline of 4x the socket timeout."""
    deadline = time.monotonic() + 4 * timeout
    read = getattr(response, "read1", response.read)
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            chunk = read(min(65536, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_BYTES:
                raise _over_cap(label)
            if time.monotonic() > deadline:
                raise _timed_out(label, 4 * timeout)
    except TimeoutError:
        raise _timed_out(label, timeout) from None
    except (OSError, HTTPException) as e:
        raise InputError(f"{label}: connection lost while reading ({_reason(e)})") from None
    return b"".join(chunks)


def _to_uri(url: str, label: str) -> str:
    """Percent-encode non-ASCII paths/queries and IDNA-encode hosts, as browsers do.

    >>> _to_uri("https://b\u00fccher.example/post/caf\u00e9 15?q=\u00e9#top", "x")
    'https://xn--bcher-kva.example/post/caf%C3%A9%2015?q=%C3%A9'
    """
    parts = urllib.parse.urlsplit(url.strip())
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise InputError(f"{label}: invalid host name {host!r}") from None
        netloc = f"{userinfo}{at}{host}{colon}{port}"
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _read_url(url: str, *, allow_private: bool = False) -> list[Source]:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(f"{url}: unsupported scheme {scheme!r} (only http and https)")
    data, final_url, content_type = _fetch(url, _to_uri(url, url), allow_private=allow_private)
    return sources_from_bytes(
        data, _url_name(final_url), content_type=content_type, url=final_url, label=url
    )


def _read_file(spec: str) -> list[Source]:
    path = Path(spec)
    name = path.name or spec
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{spec}: no such file") from None
    except OSError as e:
        raise InputError(f"{spec}: cannot read ({_reason(e)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{spec}: is a directory (pass its files, e.g. {os.path.join(spec, '*.txt')})")
    if st.st_size > MAX_BYTES:
        raise _over_cap(name, st.st_size)
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{name}: cannot read ({_reason(e)})") from None
    return sources_from_bytes(data, name)


def read_sources(spec: str | os.PathLike[str], *, allow_private: bool = False) -> list[Source]:
    """Read one input: a path (text, HTML or feed file) or an http(s) URL.

    Returns one Source for a text or HTML input and one per item for an RSS/Atom feed. Raises
    InputError (one line, starting with the file name or URL) for a directory, a missing or
    unreadable file, an empty, binary, oversize or mis-encoded input, an unsupported URL scheme,
    an HTTP or network failure, or a feed without items.

    A URL whose host is (or resolves to) a loopback, private, link-local, multicast, reserved or
    unspecified address is refused before anything connects, and so is each redirect's target,
    unless ``allow_private`` (for a digest server on the local network). The connection goes to
    the address that was checked.
    """
    spec = os.fspath(spec)
    if _SCHEME.match(spec):
        return _read_url(spec.strip(), allow_private=allow_private)
    return _read_file(spec)
