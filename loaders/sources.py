"""Input readers: text files, HTML pages, http(s) URLs and RSS/Atom feeds become `Source` records.

One entry point, `read_sources(spec)`, takes a path or an http(s) URL and returns a list (a feed
yields one Source per item); `sources_from_bytes` does the same for bytes already in hand. Every
failure is an `InputError` whose one-line message starts with the input's name (file base name, or
the URL as given). The steps live beside this module: `decode` (bytes to text), `htmltext` (HTML
to article text), `feeds` (RSS/Atom items), `fetch` (guarded HTTP), `header` (what a digest's
first lines say) and `dates` (the date parser).

>>> [(s.name, s.date) for s in sources_from_bytes(b"Weekly\\nDate: 2024-02-26\\n\\n1. Foo", "w.txt")]
[('w.txt', '2024-02-26')]
"""

from __future__ import annotations

import os
import re
import stat
import urllib.parse
from pathlib import Path

from ..ontology.model import InputError, Source
from . import decode  # decode.MAX_BYTES is read at each use: tests patch it
from .decode import binary_data, declared_charset, decode_bytes, over_cap
from .feeds import feed_sources, last_segment
from .fetch import error_reason, fetch
from .header import header_date, header_url, with_title
from .htmltext import TooDeep, html_to_text

__all__ = ["read_sources", "sources_from_bytes"]

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://")
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
    if len(data) > decode.MAX_BYTES:
        raise over_cap(label, len(data))
    media, charset = None, None
    if content_type:
        media = content_type.split(";")[0].strip().lower() or None
        m = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.I)
        charset = m.group(1) if m else None
    if media and media.split("/")[0] in ("image", "audio", "video", "font"):
        raise binary_data(label)
    kind = _TYPE_KIND.get(media or "") or _SUFFIX_KIND.get(Path(name).suffix.lower())
    text = decode_bytes(data, label, charset or declared_charset(data))
    if kind in (None, "xml"):
        kind = _sniff(text)
    elif kind == "plain":  # servers label feeds and pages text/plain: trust only strong markup
        start = text.lstrip().lower()
        sniffed = _sniff(text) if start.startswith("<") else "text"
        kind = sniffed if sniffed == "feed" or start.startswith(("<!doctype", "<html")) else "text"
    if kind == "feed":
        return feed_sources(text, name, label, url)
    if kind == "html":
        try:
            body, meta = html_to_text(text, base_url=url)
        except TooDeep as e:
            raise InputError(f"{label}: {e}") from None
        if not body.strip():
            raise InputError(f"{label}: no article text in the HTML page")
        full = with_title(body, meta["title"])
        return [
            Source(
                name=name,
                text=full,
                url=url or meta["url"] or header_url(full),
                date=meta["date"] or header_date(full),
                title=meta["title"],
            )
        ]
    return [Source(name=name, text=text, url=url or header_url(text), date=header_date(text))]


def _url_name(url: str) -> str:
    return last_segment(url) or urllib.parse.urlsplit(url).hostname or url


def _read_url(url: str, *, allow_private: bool = False) -> list[Source]:
    data, final_url, content_type = fetch(url, allow_private=allow_private)
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
        raise InputError(f"{spec}: cannot read ({error_reason(e)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{spec}: is a directory (pass its files, e.g. {os.path.join(spec, '*.txt')})")
    if st.st_size > decode.MAX_BYTES:
        raise over_cap(name, st.st_size)
    try:
        with path.open("rb") as f:
            data = f.read(decode.MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{name}: cannot read ({error_reason(e)})") from None
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
