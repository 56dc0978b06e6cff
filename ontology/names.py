"""Name normalisation shared by the entity table, alias resolution and scoring.

>>> normalize("ByteDance’s")
'bytedance'
>>> bare(normalize("Alibaba Group Holding Ltd."))
'alibaba'
>>> bare(normalize("Tencent Holdings"))
'tencent'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize", "bare", "CORPORATE_SUFFIX"]

CORPORATE_SUFFIX = re.compile(
    r"(?:[\s,]+(?:holdings?|group|inc|incorporated|ltd|limited|co|corp|corporation|plc|llc|"
    r"technologies|technology)\.?)+$"
)


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Case-, quote- and possessive-insensitive form of a name."""
    s = unicodedata.normalize("NFKC", name).lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"'s?\b|'$", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^\w\s.&+-]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .")


@lru_cache(maxsize=65536)
def bare(name: str) -> str:
    """A normalised name without trailing corporate suffixes (Holdings, Group, Inc, Ltd, ...)."""
    return CORPORATE_SUFFIX.sub("", name).strip() or name
