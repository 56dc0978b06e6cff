"""Split a digest's plain text into its title, intro and numbered stories.

>>> d = split_digest(Source("d.txt", "Weekly Digest\\n\\nHi all.\\n\\n1. A Buys B\\n\\nA bought B.\\n\\n"
...                        "2. C Sues D\\n\\nC sued D.\\n\\nWrapping Up\\n\\nBye."), today="2024-03-01")
>>> [(s.number, s.headline, s.paragraphs) for s in d.stories]
[(1, 'A Buys B', ['A bought B.']), (2, 'C Sues D', ['C sued D.'])]
>>> d.title, d.intro, d.date, d.date_source
('Weekly Digest', 'Hi all.', '2024-03-01', 'ingest')
"""

from __future__ import annotations

import re
from datetime import date as _date

from ..ontology.model import Digest, InputError, Source, Story

__all__ = ["split_digest", "STORY_HEADING", "WRAP_UP", "MAX_STORIES"]

# "1. Headline" or "1) Headline": a number, a dot or parenthesis, then a capitalised headline.
STORY_HEADING = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(\S.{2,})$")
# Headings that close the last story: the digest's wrap-up section.
WRAP_UP = re.compile(
    r"^\s*(wrapping up|wrap-up|wrap up|in summary|summary|conclusion|final thoughts|closing thoughts"
    r"|that'?s all|that is all)\b.{0,40}$",
    re.IGNORECASE,
)
# Page furniture that scraped editions carry around the text.
BOILERPLATE = re.compile(
    r"^\s*(top of page|bottom of page.*|•.*writer'?s picture.*|writer'?s picture.*|source:.*|date:.*)$",
    re.IGNORECASE,
)
MAX_STORIES = 999  # story numbers have at most three digits
# the heading of story MAX_STORIES + 1: a block of its own, so that it is an error, not story 999's text
_PAST_MAX = re.compile(rf"^\s*0*{MAX_STORIES + 1}\s*[.)]\s+\S")


def _blocks(text: str) -> list[str]:
    """Paragraphs: runs of non-blank lines, each joined into one line."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip() and not BOILERPLATE.match(ln)]
        # a heading glued to its paragraph by a single newline still starts a story
        cur: list[str] = []
        for ln in lines:
            if STORY_HEADING.match(ln) or WRAP_UP.match(ln) or _PAST_MAX.match(ln):
                if cur:
                    out.append(" ".join(cur))
                out.append(ln)
                cur = []
            else:
                cur.append(ln)
        if cur:
            out.append(" ".join(cur))
    return out


def split_digest(source: Source, *, today: str | None = None) -> Digest:
    """Split ``source`` into a :class:`Digest`; raise :class:`InputError` when it has no stories.

    Story numbers must run 1, 2, 3, ...: a numbered line that breaks the run stays part of
    the current story's text. A digest goes up to story 999: a story 1000 is an InputError
    rather than text of story 999.
    """
    blocks = _blocks(source.text)
    title = ""
    intro: list[str] = []
    stories: list[tuple[int, str, list[str]]] = []
    ended = False
    for block in blocks:
        m = STORY_HEADING.match(block)
        if m and int(m.group(1)) == len(stories) + 1 and not ended:
            stories.append((int(m.group(1)), m.group(2).strip(), []))
            continue
        if WRAP_UP.match(block) and stories:
            ended = True
            continue
        if ended:
            continue
        if len(stories) == MAX_STORIES and _PAST_MAX.match(block):
            raise InputError(f"{source.name}: more than {MAX_STORIES} stories (story numbers have at most "
                             f"three digits; split the digest)")
        if stories:
            stories[-1][2].append(block)
        elif not title:
            title = block
        else:
            intro.append(block)
    if not stories:
        raise InputError(f"{source.name}: no numbered stories found (expected lines like '1. Headline')")
    if source.date:
        date, date_source = source.date, ("page" if source.url else "file")
    else:
        date, date_source = today or _date.today().isoformat(), "ingest"
    return Digest(
        doc=source.name,
        title=source.title or title or source.name,
        date=date,
        date_source=date_source,
        source_url=source.url,
        intro="\n\n".join(intro),
        stories=[Story(n, h, ps) for n, h, ps in stories],
        text=source.text,
    )
