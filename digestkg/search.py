"""Entity search by name or alias (Chinese names too), typo-tolerant, and highlighting of names in text.

>>> idx = SearchIndex([EntityNames("i:bd", "ByteDance", "Company", ("ByteDance", "字节跳动")),
...                    EntityNames("i:dy", "Douyin", "Product", ("Douyin",))])
>>> [h["name"] for h in idx.search("bytedanse")]
['ByteDance']
>>> idx.search("字节")[0]["matched"]
'字节跳动'
>>> highlight("ByteDance owns Douyin.", {"ByteDance": "a", "Douyin": "b"})
[('ByteDance', 'a'), (' owns ', None), ('Douyin', 'b'), ('.', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from .cache import cached
from .graph.store import EntityNames

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["SearchIndex", "search_index", "search", "suggest", "highlight"]

_FUZZY_CUTOFF = 80  # rapidfuzz WRatio, 0-100
_MIN_FUZZY_LEN = 4  # shorter queries match by prefix and substring only


class SearchIndex:
    """Every name (label or alias) of every entity, for exact, prefix, substring and fuzzy matches."""

    def __init__(self, rows: Iterable[EntityNames]):
        self.entities: dict[str, tuple[str, str]] = {}  # iri -> (label, type)
        self.names: dict[str, list[tuple[str, str]]] = {}  # folded name -> [(iri, name)]
        for row in rows:
            self.entities.setdefault(row.iri, (row.label, row.type))
            for name in row.names:
                self.names.setdefault(name.casefold(), []).append((row.iri, name))
        self._keys = list(self.names)

    def named(self, names: Iterable[str]) -> list[dict[str, str]]:
        """The entities one of whose names (label or alias) is one of ``names``, whatever the case, as
        ``Store.find_entities`` gives them: iri, name (the label), type, by name and IRI."""
        found = {iri for n in names for iri, _ in self.names.get(n.casefold(), ())}
        rows = [{"iri": iri, "name": self.entities[iri][0], "type": self.entities[iri][1]} for iri in found]
        return sorted(rows, key=lambda r: (r["name"], r["iri"]))

    def search(self, query: str, *, types: Iterable[str] = (), limit: int = 20) -> list[dict[str, Any]]:
        """Best matches first: exact name, then prefix, then substring, then near spellings."""
        q = " ".join(query.split()).casefold()
        if not q:
            return []
        wanted = set(types)
        best: dict[str, tuple[float, str]] = {}

        def hit(key: str, score: float) -> None:
            for iri, name in self.names[key]:
                if wanted and self.entities[iri][1] not in wanted:
                    continue
                if score > best.get(iri, (-1.0, ""))[0]:
                    best[iri] = (score, name)

        for key in self._keys:
            if key == q:
                hit(key, 100.0)
            elif key.startswith(q):
                hit(key, 95.0 - min(len(key) - len(q), 10) / 10)
            elif q in key:
                hit(key, 90.0 - min(len(key) - len(q), 10) / 10)
        if len(q) >= _MIN_FUZZY_LEN:
            for key, score, _ in process.extract(q, self._keys, scorer=fuzz.WRatio, limit=limit * 3,
                                                 score_cutoff=_FUZZY_CUTOFF):
                hit(key, min(float(score), 89.0))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self.entities[kv[0]][0].casefold()))
        return [{"iri": iri, "name": self.entities[iri][0], "type": self.entities[iri][1], "matched": name,
                 "score": round(score, 1)} for iri, (score, name) in ranked[:limit]]


def search_index(kg: KnowledgeGraph) -> SearchIndex:
    """The search index of the graph's current state (built once per state)."""
    return cached(kg, "search", lambda: SearchIndex(kg.entity_names()))


def search(kg: KnowledgeGraph, query: str, *, types: Iterable[str] = (), limit: int = 20) -> list[dict[str, Any]]:
    """Entities matching ``query`` by name or alias, typos tolerated, optionally only of ``types``."""
    return search_index(kg).search(query, types=types, limit=limit)


def suggest(kg: KnowledgeGraph, prefix: str, *, limit: int = 8) -> list[dict[str, Any]]:
    """Suggestions while typing: the best few matches."""
    return search(kg, prefix, limit=limit)


def highlight(text: str, names: dict[str, str]) -> list[tuple[str, str | None]]:
    """``text`` cut into segments, each name of ``names`` (name -> tag) marked with its tag.

    Longer names win over the shorter ones they contain; matches respect word boundaries for
    Latin names and none for Chinese ones.
    """
    if not names or not text:
        return [(text, None)] if text else []
    alts = sorted((n for n in names if n.strip()), key=len, reverse=True)
    pattern = re.compile("|".join(
        rf"(?<!\w){re.escape(n)}(?!\w)" if n[0].isascii() else re.escape(n) for n in alts))
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], None))
        out.append((m.group(0), names[m.group(0)]))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out
