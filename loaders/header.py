"""What a digest's own text says about it: the date and "Source:" URL of its header lines, whether
its first paragraphs carry its title, and the "N. " line that starts a story.

>>> header_date("Weekly Digest\\nWeek of February 26, 2024\\n\\n1. Foo"), with_title("1. Foo", "Weekly")
('2024-02-26', 'Weekly\\n\\n1. Foo')
"""

from __future__ import annotations

import re

from .dates import find_date

__all__ = ["STORY_LINE", "header_date", "header_url", "with_title"]

STORY_LINE = re.compile(r"^\d{1,3}[.)]\s+\S")  # a story's first line: "N. " or "N) ", then text
_DATE_LABEL = re.compile(
    r"^(?:date|dated|published|posted|updated|issued?|edition|week of)(?:\s+on)?"
    r"\s*[:\-\u2013\u2014]?\s*(.+)$",
    re.I,
)
_SOURCE_LINE = re.compile(r"^\s*source\s*:\s*<?(https?://[^\s<>\"]+)", re.I)


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return len(line) > 160 or words >= 16 or (words >= 10 and line.endswith((".", "!", "?")))


def header_date(text: str) -> str | None:
    """A date from the header lines (title/date/source lines before the intro or first story).

    >>> header_date("Weekly Digest\\nDate: 2024-02-26\\n\\nIntro.")
    '2024-02-26'
    >>> header_date("Weekly Digest\\n\\nHello, this week on February 26, 2024 we saw many things happen.")
    """
    loose = None
    for line in text.split("\n")[:15]:
        s = line.strip()
        if not s:
            continue
        if STORY_LINE.match(s) or _is_prose(s):
            break
        m = _DATE_LABEL.match(s)
        if m and (found := find_date(m.group(1))):
            return found
        loose = loose or find_date(s)
    return loose


def header_url(text: str) -> str | None:
    """The URL of a "Source: http..." line in the first 10 lines.

    >>> header_url("Title\\nSource: https://example.com/post-15.\\n")
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


def with_title(text: str, title: str | None) -> str:
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
