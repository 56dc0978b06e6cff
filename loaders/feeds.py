"""RSS and Atom feeds: one `Source` per item, its text from the item's HTML or plain content, its
date from the item or its text, and a name unique within the feed (the link's last path segment,
else the feed's name and the item's title).

>>> feed = '<rss version="2.0"><channel><item><title>Foo Weekly</title><description>Bar.</description></item>'
>>> feed += "</channel></rss>"
>>> [(s.name, s.text) for s in feed_sources(feed, "f.rss", "f.rss", None)]
[('f.rss#foo-weekly', 'Foo Weekly\\n\\nBar.')]
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import urllib.parse
import xml.sax
from typing import Any

import feedparser

from ..ontology.model import InputError, Source
from .dates import iso_date
from .header import header_date, header_url, with_title
from .htmltext import TooDeep, collapse, html_to_text, http_url

__all__ = ["feed_sources", "last_segment"]

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
        if date := iso_date(entry.get(key)):
            return date
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _plain(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = (collapse(p) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paras if p)


def feed_sources(text: str, name: str, label: str, url: str | None) -> list[Source]:
    """One Source per item of the feed `text` (decoded), read from the input `name` at `url`.

    Items without text are skipped; a feed without items, or not a feed, raises InputError
    starting with `label`.
    """
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
        except TooDeep as e:
            raise InputError(f"{label}: item {i}: {e}") from None
        title = collapse(title) or None
        body = with_title(body, title)
        if not body.strip():
            continue
        body = unicodedata.normalize("NFC", body)
        link = http_url(entry.get("link"), url)
        # an item without a link is named after its feed and its title: items of two feeds stay apart
        slug = _slug(title)
        item_name = last_segment(link) or (f"{name}#{slug}" if slug else f"{name}#{i}")
        if item_name in seen:
            item_name = f"{item_name}#{i}"
        seen.add(item_name)
        sources.append(
            Source(
                name=item_name,
                text=body,
                url=link or header_url(body),
                date=_entry_date(entry) or meta.get("date") or header_date(body),
                title=title,
            )
        )
    if not sources:
        raise InputError(f"{label}: feed has no items")
    return sources


def last_segment(url: str | None) -> str | None:
    """The last segment of `url`'s path, unquoted; None when it has none.

    >>> last_segment("https://example.com/post/digest-15?utm=x"), last_segment("https://example.com/")
    ('digest-15', None)
    """
    if not url:
        return None
    segments = [s for s in urllib.parse.urlsplit(url).path.split("/") if s]
    return urllib.parse.unquote(segments[-1]) if segments else None


def _slug(title: str | None) -> str | None:
    """An item's title as a name: lower case, words joined by "-", at most 80 characters.

    >>> _slug("ByteDance Releases SDXL-Lightning!")
    'bytedance-releases-sdxl-lightning'
    """
    if not title:
        return None
    slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", title).casefold()).strip("-")
    return slug[:80].rstrip("-") or None
