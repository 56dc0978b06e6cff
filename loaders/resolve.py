"""Alias resolution: every mention in a digest maps to one canonical entity.

Two passes over a digest's mentions. The first collects names, types and aliases declared in
the text ("Full Name (ACRONYM)"); the second maps each mention to a canonical :class:`Entity`:

1. the curated entity table (case, possessives, "the", corporate suffixes such as Holdings,
   Group, Co, Inc, Ltd are ignored);
2. the same name seen elsewhere in the digest;
3. a short form of a longer name in the digest of a compatible type: a person's family or
   given name ("Kearns" -> "Alicia Kearns", "Wu" -> "Wu Yonghui", also when the model took it
   for an organisation), a company's leading words ("Pika" -> "Pika Labs").

A name's type is the one its mentions say most often, where one mention as an organisation or a
product outvotes the model's guesses of a place or a person (issue 9, eleventh round: also for a
name of several words, "Hong Shan Ju, the noodle maker" ... "Hong Shan Ju sued").

>>> from digestkg.ontology.table import EntityTable
>>> r = Resolver(EntityTable([]))
>>> for text, label in [("Alicia Kearns", "Person"), ("Kearns", "Person"), ("Pika Labs", "Company"),
...                     ("Pika", "Company")]:
...     r.add(text, label)
>>> r.finish()
>>> r.entity("Kearns", "Person").name, r.entity("Pika", "Company").name
('Alicia Kearns', 'Pika Labs')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from ..ontology.model import Entity
from ..ontology.names import bare, normalize
from ..ontology.table import EntityTable, TableEntry
from .lexicon import lexicon

__all__ = ["Resolver", "clean_name"]

_COMPATIBLE = {
    "Company": {"Company", "Product"},
    "Product": {"Company", "Product"},
    "Person": {"Person"},
    "GovernmentBody": {"GovernmentBody", "Company"},
    "Place": {"Place", "GovernmentBody"},
}


def _names(form: str, canon: str) -> bool:
    """The form is the canonical name (normalised, without a corporate suffix), alone or after a
    possessive ("South Korea's ...") or a national prefix ("US ...")."""
    key = bare(normalize(form))
    if key == canon:
        return True
    _, sep, rest = form.replace("’", "'").partition("'s ")
    if sep and bare(normalize(rest)) == canon:
        return True
    return any(key == f"{p} {canon}" for p in lexicon()["national_prefixes"])


@lru_cache(maxsize=1)
def _suffix_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in lexicon()["company_suffixes"])


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    return frozenset(lexicon()["family_names"]["names"])


@lru_cache(maxsize=65536)
def clean_name(text: str) -> str:
    """A display name: no possessive, no surrounding quotes or 'the'."""
    s = text.strip().strip("\"'“”‘’()[] ,.;:")
    for suffix in ("’s", "'s", "’", "'"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    if s.lower().startswith("the "):
        s = s[4:]
    return s.strip()


class Resolver:
    """Canonical entities for one digest."""

    def __init__(self, table: EntityTable):
        self.table = table
        self._names: dict[str, Counter[str]] = defaultdict(Counter)  # key -> type votes
        self._display: dict[str, str] = {}  # key -> longest display form
        self._aliases: dict[str, str] = {}  # alias key -> key, from "Name (ACRONYM)"
        self._canon: dict[str, str] = {}  # key -> canonical key
        self._entities: dict[str, Entity] = {}  # canonical key -> entity
        self._surfaces: dict[str, set[str]] = defaultdict(set)  # table name -> forms used in the text

    @staticmethod
    def key(text: str) -> str:
        return bare(normalize(clean_name(text)))

    def _lookup(self, name: str) -> TableEntry | None:
        """The table entry of a name, or of a product name in the plural ("iPhones")."""
        entry = self.table.lookup(name)
        if entry is None and len(name) > 3 and name.endswith("s") and " " not in name:
            entry = self.table.lookup(name[:-1])
            if entry is not None and entry.type != "Product":
                entry = None
        return entry

    def add(self, text: str, label: str, acronym: str | None = None) -> None:
        """Pass 1: record a mention (and an acronym declared right after it)."""
        entry = self._lookup(clean_name(text))
        if entry:
            self._surfaces[entry.name].add(clean_name(text))
            if acronym and not self.table.lookup(acronym):
                self._aliases[self.key(acronym)] = "table:" + entry.name
            return
        k = self.key(text)
        if not k:
            return
        self._names[k][label] += 1
        name = clean_name(text)
        if len(name) > len(self._display.get(k, "")):
            self._display[k] = name
        if acronym:
            self._aliases[self.key(acronym)] = k

    def finish(self) -> None:
        """Between the passes: fold short forms into the longer names they abbreviate."""
        keys = sorted(self._names, key=len, reverse=True)
        people = [(name, {t for f in (name, *forms) for t in normalize(f).split()})
                  for name, forms in self._surfaces.items()
                  if (e := self.table.lookup(name)) is not None and e.type == "Person"]
        for k in keys:
            t = self._type(k)
            target = k
            leading: list[str] = []  # longer names this one leads
            for longer in keys:
                if len(longer) <= len(k):
                    continue
                if t == "Company" and k.isalpha() and self._type(longer) == "Person" \
                        and k in (longer.split()[0], longer.split()[-1]):
                    target = longer  # "Wang said" after "Wang Lixin": a word of a person's name is no company
                    break
                if (t == "Place" or t == "Person" and " " in k) and self._type(longer) in ("Company", "Product") \
                        and self._inside(k, longer):
                    # "Huarong" of "China Huarong Asset Management" is no place, "Wise Road" of "Wise Road
                    # Capital" no person (but "Ma" may be Jack Ma of the "Jack Ma Foundation")
                    target = longer
                    break
                if self._type(longer) not in _COMPATIBLE[t]:
                    continue
                toks, ltoks = k.split(), longer.split()
                if t == "Person" and len(toks) == 1 and (toks[0] == ltoks[-1] or toks[0] == ltoks[0]):
                    target = longer
                    break
                if t != "Person" and ltoks[: len(toks)] == toks and self._short_form(k, longer):
                    leading.append(longer)
            # "Pika" is "Pika Labs"; but "Binance" is neither "Binance Japan" nor "Binance Markets"
            kinds = [lg for lg in leading if self._kind_only(k, lg)] if target == k else []
            if kinds:
                target = kinds[0]
            if target == k and t == "Person" and " " not in k:
                # "Sandy Xu ... Xu said": the family or given name of a person from the table
                known = [name for name, words in people if k in words]
                if len(known) == 1:
                    self._aliases[k] = "table:" + known[0]
            self._canon[k] = self._canon.get(target, target)

    def _short_form(self, k: str, longer: str) -> bool:
        """The name as written leads the longer one: "Pika" -> "Pika Labs", but not "SF Holding"
        -> "SF Express" (whose keys agree only once the suffix "Holding" is dropped)."""
        short = normalize(self._display[k]).split()
        return normalize(self._display[longer]).split()[: len(short)] == short

    def _inside(self, k: str, longer: str) -> bool:
        """The name is the distinctive part of the longer one: its words after the longer name's first
        word and before more words ("Huarong" of "China Huarong Asset Management", not "Shanghai" of
        "Tesla Shanghai"), or all of it but words of a kind of firm ("Bosera" of "Bosera Asset Management")."""
        toks, ltoks = k.split(), longer.split()
        n = len(toks)
        return any(ltoks[i:i + n] == toks for i in range(1, len(ltoks) - n)) \
            or (ltoks[:n] == toks and self._short_form(k, longer) and self._kind_only(k, longer))

    def _rest(self, k: str, longer: str) -> list[str]:
        return normalize(self._display[longer]).split()[len(normalize(self._display[k]).split()):]

    def _kind_only(self, k: str, longer: str) -> bool:
        """The rest of the longer name only says what kind of firm it is ("Pika Labs"), and the name
        does not already say it: "Hanshan Resources" is not its unit "Hanshan Resources Microelectronics"."""
        return all(w in _suffix_words() for w in self._rest(k, longer)) \
            and normalize(self._display[k]).split()[-1] not in _suffix_words()

    def _type(self, k: str) -> str:
        votes = self._names[k]
        # a name that the text once uses as an organisation or a product is one wherever the model took
        # it for a place ("Sophgo, a chip designer" ... "made for Sophgo") or a person ("the app Douyin"
        # ... "Douyin said"; "Hong Shan Ju, the noodle maker" ... "Hong Shan Ju sued": context rules
        # that say Company or Product beat the model's guess of a person, whatever the name's length)
        weak = {"Place", "Person"}
        if weak & set(votes) and (votes.get("Company") or votes.get("Product")):
            votes = Counter({t: n for t, n in votes.items() if t not in weak})
        return votes.most_common(1)[0][0]

    def display_names(self) -> dict[str, str]:
        """How this digest names each table entity: the canonical name when the text uses it (or it
        without a corporate suffix, or after a possessive or national prefix: "Japan's Financial
        Services Agency", "US State Department"), else the longest form the text uses ("Jinri Toutiao")."""
        out = {}
        for name, forms in self._surfaces.items():
            canon = bare(normalize(name))
            if not any(_names(f, canon) for f in forms):
                out[name] = max(sorted(forms), key=len)
        return out

    def _from_table(self, e: TableEntry) -> Entity:
        return Entity(e.name, e.type, e.aliases, e.wikidata, known=True)

    def entity(self, text: str, label: str) -> Entity | None:
        """Pass 2: the canonical entity of a mention, or None when it has no usable name."""
        name = clean_name(text)
        entry = self._lookup(name)
        if entry:
            return self._from_table(entry)
        k = self.key(text)
        alias = self._aliases.get(k)
        if alias and alias.startswith("table:"):
            entry = self.table.lookup(alias[6:])
            return self._from_table(entry) if entry else None
        k = alias or k
        if k not in self._names:
            return None
        c = self._canon.get(k, k)
        if c not in self._entities:
            aliases = tuple(sorted(self._display[a] for a, ck in self._canon.items()
                                   if ck == c and a != c))
            t = self._type(c)
            if t == "Person" and " " not in self._display[c].strip() and "-" not in self._display[c] \
                    and c not in _family_names():
                # news names a person in full at least once; a lone capitalised word that abbreviates
                # no full name in the digest is an organisation or a brand ("Leica", "Gree"), unless it
                # is a family name ("Zhang said")
                t = "Company"
            self._entities[c] = Entity(self._display[c], t, aliases)
        return self._entities[c]
