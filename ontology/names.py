"""Name normalisation shared by the entity table, alias resolution and scoring.

>>> normalize("ByteDance’s")
'bytedance'
>>> bare(normalize("Alibaba Group Holding Ltd."))
'alibaba'
>>> bare(normalize("Tencent Holdings"))
'tencent'
>>> name_language("字节跳动", []), name_language("字節跳動", []), name_language("抖音", [])
('zh-Hans', 'zh-Hant', 'zh')
>>> name_language("Zijie Tiaodong", ["ByteDance", "字节跳动"]), name_language("ByteDance Ltd", ["字节跳动"])
('zh-Latn-pinyin', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import hanzidentifier

__all__ = ["normalize", "bare", "name_language", "CORPORATE_SUFFIX"]

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


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SCRIPT_TAGS = {hanzidentifier.SIMPLIFIED: "zh-Hans", hanzidentifier.TRADITIONAL: "zh-Hant"}


@lru_cache(maxsize=65536)
def _pinyin(han: str) -> str:
    from pypinyin import lazy_pinyin  # its dictionary loads on first use

    return "".join(lazy_pinyin(han)).lower()


def name_language(name: str, other_names: Iterable[str]) -> str | None:
    """The BCP 47 tag of one of an entity's names: Chinese characters are ``zh-Hans`` when
    simplified, ``zh-Hant`` when traditional, ``zh`` when the same in both; a Latin name that
    spells the pinyin of one of the entity's Chinese names (``other_names``) is ``zh-Latn-pinyin``;
    any other name has no tag, since its language is not known."""
    if _HAN.search(name):
        return _SCRIPT_TAGS.get(hanzidentifier.identify(name), "zh")
    letters = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name).lower())
    if letters and any(_pinyin(h) == letters for h in other_names if _HAN.search(h) and h != name):
        return "zh-Latn-pinyin"
    return None
