"""The curated entity table (``entities.json``): real companies, products, people, state bodies, places.

>>> t = EntityTable.default()
>>> t.lookup("ByteDance Ltd").name
'ByteDance'
>>> t.lookup("bytedance's").type
'Company'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .names import bare, normalize

__all__ = ["TableEntry", "EntityTable", "TABLE_FILE"]

TABLE_FILE = files(__package__) / "entities.json"


@dataclass(frozen=True)
class TableEntry:
    name: str
    type: str
    aliases: tuple[str, ...]
    parent: str | None
    wikidata: str | None


class EntityTable:
    """Canonical entities by normalised name or alias (exact first, then without corporate suffixes)."""

    def __init__(self, entries: list[TableEntry]):
        self.entries = entries
        self._by_key: dict[str, TableEntry] = {}
        for e in entries:
            for a in (e.name, *e.aliases):
                self._by_key.setdefault(normalize(a), e)
        for e in entries:
            for a in (e.name, *e.aliases):
                self._by_key.setdefault(bare(normalize(a)), e)

    @classmethod
    @cache
    def default(cls) -> EntityTable:
        """The table shipped in ``ontology/entities.json`` (loaded once)."""
        return cls.from_json(TABLE_FILE.read_text(encoding="utf-8"))

    @classmethod
    def from_json(cls, text: str) -> EntityTable:
        data = json.loads(text)
        return cls([
            TableEntry(
                name=e["name"], type=e["type"], aliases=tuple(e.get("aliases") or ()),
                parent=e.get("parent"), wikidata=e.get("wikidata"),
            )
            for e in data["entities"]
        ])

    def lookup(self, name: str) -> TableEntry | None:
        """The entry a name or alias denotes. Without its corporate suffix a name still matches a
        company ("Alibaba Group Holding Ltd"), never a product: "Douyin Group" is not the app."""
        n = normalize(name)
        hit = self._by_key.get(n)
        if hit is None:
            hit = self._by_key.get(bare(n))
            if hit is not None and hit.type != "Company" and bare(n) != n:
                return None
        return hit

    def surface_forms(self) -> Iterator[tuple[str, TableEntry]]:
        """Every name and alias with its entry, for building matchers."""
        for e in self.entries:
            for a in (e.name, *e.aliases):
                yield a, e

    def __len__(self) -> int:
        return len(self.entries)
