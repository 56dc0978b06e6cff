"""The project's one date parser: dates written in digests, pages, feeds and sentences, as YYYY-MM-DD.

A full date (day, month and year) in any of these forms is found:

- year first: ``2024-02-26``, ``2024/2/26``, ``2024.02.26``;
- month first: ``February 26, 2024``, ``Feb. 26th 2024``;
- day first: ``26 February 2024``, ``26th Feb., 2024``.

A month is a word of 3 to 9 letters that starts with a month's first three (``Sept``, ``Sept.``,
``September``, and misspellings such as ``Febuary``), or a month's name that ends a longer word
(``UpdatedFebruary 26, 2024``, as inline HTML elements join); case does not matter. A date that
does not exist (``2024-02-30``) is skipped. `iso_date` also reads metadata values: ISO 8601
timestamps and RFC 822 dates, as feeds and HTML ``<meta>`` tags write them.

>>> find_date("Weekly digest, week of Feb. 26th, 2024"), find_date("July 2022")
('2024-02-26', None)
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["find_date", "iso_date"]

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "sept", "october",
          "november", "december", *_MONTHS)
# a word that starts with a month's first three letters, or a month's name that ends a word
_MONTH = rf"(?:\b(?P<m3>{'|'.join(_MONTHS)})[a-z]{{0,6}}|(?P<mname>{'|'.join(_NAMES)}))\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})\b"
_DATES = (  # in this order
    re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
    re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.I),
)
_ISO_START = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def find_date(text: str) -> str | None:
    """The first date written in `text`, as YYYY-MM-DD: year-first forms before month-first ones,
    those before day-first ones.

    >>> [find_date(s) for s in ("Date: 2024-02-26", "February 26, 2024", "26 Feb. 2024", "2024-02-30")]
    ['2024-02-26', '2024-02-26', '2024-02-26', None]
    >>> find_date("on 10 April 2021"), find_date("April 10th, 2021"), find_date("10 Febuary 2021")
    ('2021-04-10', '2021-04-10', '2021-02-10')
    """
    for rx in _DATES:
        for m in rx.finditer(text):
            found = m.groupdict()
            month = found.get("m") or _MONTHS[(found["m3"] or found["mname"])[:3].casefold()]
            try:
                return date(int(found["y"]), int(month), int(found["d"])).isoformat()
            except ValueError:
                continue
    return None


def iso_date(value: Any) -> str | None:
    """A metadata date (ISO 8601, RFC 822, or written out as `find_date` reads it) as YYYY-MM-DD.

    A value that starts with an ISO date is that date (None when it does not exist); anything but
    a non-blank string is None.

    >>> iso_date("2024-02-26T08:00:00Z"), iso_date("Mon, 26 Feb 2024 23:30:00 +0800"), iso_date(None)
    ('2024-02-26', '2024-02-26', None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    m = _ISO_START.match(value)
    if m:
        try:
            return date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return find_date(value)
