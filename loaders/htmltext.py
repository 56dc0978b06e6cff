"""HTML to article text: the page's paragraphs without its furniture (menus, banners, share bars,
comments), and its title, date and canonical URL. Pages nested too deeply are refused.

>>> text, meta = html_to_text("<title>Weekly</title><nav>Home | About</nav><h2>1. Foo</h2><p>Bar  baz.</p>")
>>> text
'1. Foo\\n\\nBar baz.'
>>> meta["title"]
'Weekly'
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.parse
from typing import Any

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

from ..ontology.model import InputError
from .dates import iso_date
from .decode import int_or
from .header import STORY_LINE

__all__ = ["MAX_HTML_DEPTH", "TooDeep", "collapse", "html_to_text", "http_url"]

MAX_HTML_DEPTH = 512  # elements nested deeper than this: the page is refused (browsers' own caps are near)


def collapse(s: str) -> str:
    """`s` on one line: whitespace runs become one space; zero-width spaces, soft hyphens and BOMs go.

    >>> collapse(" Bar\\n  baz\\u00ad. ")
    'Bar baz.'
    """
    return re.sub(r"\s+", " ", s.replace("\u200b", "").replace("\xad", "").replace("\ufeff", "")).strip()


def http_url(url: Any, base: str | None = None) -> str | None:
    """A link as an absolute http(s) URL, resolved against `base`; None for anything else.

    >>> http_url("/post/15", "https://example.com/feed"), http_url("mailto:a@example.com")
    ('https://example.com/post/15', None)
    """
    if not isinstance(url, str) or not url.strip():
        return None
    url = urllib.parse.urljoin(base or "", url.strip())
    return url if urllib.parse.urlsplit(url).scheme in ("http", "https") else None


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


class TooDeep(InputError):
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
            raise TooDeep()

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
    except TooDeep:
        raise
    except (etree.Error, ValueError, TypeError, UnicodeError):
        pass  # the tree's own check (_check_depth) still runs


def _check_depth(root: Tag) -> None:
    """Refuse a tree nested deeper than MAX_HTML_DEPTH (one pass, no recursion)."""
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise TooDeep()
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


def _gone(el: Tag) -> bool:
    """Whether ``el`` was decomposed (read from its own attributes: a missing attribute of a bs4 Tag
    is a search of its whole subtree, which made pruning quadratic in the nesting depth)."""
    return bool(el.__dict__.get("_decomposed", False))


_TEXT_TYPES = (NavigableString, CData)  # the strings get_text counts
_LEAD = 64  # characters of a heading's text that STORY_LINE needs at most


class _Stats:
    """Per element, in one pass: text length (letters of its words), text inside its <a>
    descendants, and whether it has a story heading (itself or a descendant h1-h6 whose text starts
    "N. ")."""

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
            self.story[k] = story or (is_heading and STORY_LINE.match(head) is not None)


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
        s = collapse("".join(cur))
        cur.clear()
        if not s:
            return
        if prefix:
            if not STORY_LINE.match(s):
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
                counters[key] = int_or(node.parent.get("start"), 1)
            counters[key] = int_or(node.get("value"), counters[key])
            prefix = f"{counters[key]}. "
            counters[key] += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return paras


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
    title = collapse(title or "") or None

    date = None
    for key in ("article:published_time", "date", "datepublished", "pubdate", "publish-date",
                "publish_date", "dc.date", "dc.date.issued", "dcterms.date", "og:published_time"):
        if date := iso_date(metas.get(key)):
            break
    if not date:
        scope = soup.find("article") or soup
        time_el = scope.find("time", attrs={"datetime": True}) or soup.find("time", attrs={"datetime": True})
        date = iso_date(time_el.get("datetime")) if time_el else None
    if not date:
        for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
            try:
                date = iso_date(_find_key(json.loads(script.string or ""), "datePublished"))
            except ValueError:
                continue
            if date:
                break

    canonical = soup.find("link", attrs={"rel": "canonical", "href": True})
    url = http_url(canonical.get("href"), base_url) if canonical else None
    url = url or http_url(metas.get("og:url"), base_url)
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

