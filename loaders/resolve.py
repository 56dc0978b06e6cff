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

Twenty-third round (issue 9), merging names, each A/B-tested on all 113 dev digests:

- a table's state body after a possessive place that the table's own names for it do not give it
  (``US Securities and Exchange Commission``) is another country's body, named as the text does:
  "Thailand's Securities and Exchange Commission" is not the American SEC, which a later "SEC" in
  the digest still is (:meth:`Resolver._foreign`; the place comes from :mod:`loaders.extract`)
  (+2 tp, -2 fp, 1 digest; "Japan's Personal Information Protection Commission" leaves the Korean
  one too, with no change in facts).
- the old and the new name of a renamed organisation are one entity (:func:`renamings`,
  ``rename_links``): "X, now called Y", "X, the firm formerly known as Y", "X renamed itself Y",
  "X, which was renamed Y", "Z renamed X Y"; the table's entry when it knows one of the two names
  (never two different entries), else the new name's; a naming verb needs a marker of the change
  ("now", "formerly"), and a noun set off after a name is that name only right after its comma
  (+1 tp, -1 fp, 1 digest: a false owns between the two names goes, and a cross-holding the two
  names split is read; four renamed companies become one entity each).
- a table's other name for a company that shares no word with the table's name (a former name,
  "Spreadtrum" of Unisoc) is, in a digest that also uses the table's name and spells the other one
  out as a firm with only kind-of-firm words after it ("Spreadtrum Communications"), that firm: the
  text keeps the two apart (:meth:`Resolver._fold_other_names`; not a short form of the table's
  name, "GDS" of GDS Holdings beside "GDS International") (+1 tp, -1 fp, 1 digest).

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
from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Span, Token

from ..ontology.model import Entity
from ..ontology.names import bare, normalize
from ..ontology.table import EntityTable, TableEntry
from .lexicon import lexicon

__all__ = ["Resolver", "clean_name", "renamings"]

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


def renamings(spans: Sequence[Span]) -> Iterator[tuple[Span, Span]]:
    """Mentions that name one organisation before and after a change of name (``rename_links``, the
    verbs of ``renaming_verbs``), as
    (old, new): "X, now called Y", "X, the firm formerly known as Y" (old Y), "X renamed itself Y",
    "X, which was renamed Y", "Z renamed X Y" (a naming verb needs a marker of the change: "a unit
    called Y" may be a new one)."""
    links = lexicon()["rename_links"]
    at = {i: s for s in spans if s.label_ not in ("Person", "Place") for i in range(s.start, s.end)}
    for name in spans:
        r = name.root
        verb = r.head if r.dep_ in ("oprd", "attr") \
            else r.head.head if r.dep_ == "pobj" and r.head.lower_ == "as" else None
        if verb is None or name.start not in at:
            continue
        markers = {c.lower_ for c in verb.children if c.dep_ == "advmod"}
        lemma = verb.lemma_.lower()
        named = lemma in links["naming_verbs"] and markers & {*links["new_markers"], *links["old_markers"]}
        if lemma not in lexicon()["renaming_verbs"]["verbs"] and not named:
            continue
        other = at.get(_renamed(verb).i)
        if other is None or other is at[name.start]:
            continue
        yield (name, other) if markers & set(links["old_markers"]) else (other, name)


def _renamed(verb: Token) -> Token:
    """What a naming or renaming verb names: its object ("Z renamed X Y"), the noun it describes, or
    the name that noun is set off after ("X, the retailer now called Y"), else its subject."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.lower_ != "itself":
        return obj
    if verb.dep_ in ("acl", "relcl"):
        noun = verb.head
        # set off right after the name: "Suning, the retailer now called Y", not a noun the parser
        # hangs on a name further back ("X has been run by Y, an operator that renamed itself Z")
        comma = noun.left_edge.i - 1
        return noun.head if noun.dep_ == "appos" and noun.head.i == comma - 1 and noun.doc[comma].text == "," \
            else noun
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), verb)


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
        self._renamed: list[tuple[str, str]] = []  # (old, new) names of one organisation
        self._spelled: dict[str, str] = {}  # a table's other name -> the key of the firm it spells out

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

    def _seats(self, entry: TableEntry) -> set[str]:
        """The places the table's own names give a state body: "US" of "US Securities and Exchange
        Commission", "South Korea" of "South Korea's Personal Information Protection Commission"."""
        forms = (entry.name, *entry.aliases)
        seats = set()
        for a in forms:
            for f in forms:
                if len(a) > len(f) and a.endswith(" " + f):
                    seat = self.table.lookup(clean_name(a[: -len(f)]))
                    if seat is not None and seat.type == "Place":
                        seats.add(seat.name)
        return seats

    def _foreign(self, entry: TableEntry, place: str | None) -> bool:
        """The text puts a table's state body in another country than the table's own names do:
        "Thailand's Securities and Exchange Commission" is not the American one. A body placed where
        the table places it ("Britain's Information Commissioner's Office"), or one the table places
        nowhere, stays the table's."""
        if place is None or entry.type != "GovernmentBody":
            return False
        here = self.table.lookup(place)
        if here is None or here.type != "Place":
            return False
        seats = self._seats(entry)
        return bool(seats) and here.name not in seats

    def add(self, text: str, label: str, acronym: str | None = None, place: str | None = None) -> None:
        """Pass 1: record a mention (and an acronym declared right after it); ``place`` is a place
        named in a possessive right before it ("Thailand's ...")."""
        entry = self._lookup(clean_name(text))
        if entry and self._foreign(entry, place):
            entry, text = None, f"{place}'s {clean_name(text)}"
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

    def rename(self, old: str, new: str) -> None:
        """Pass 1: two names of one organisation, before and after a change of name (:func:`renamings`)."""
        self._renamed.append((old, new))

    def _fold_renamed(self) -> None:
        """The old and the new name of an organisation are one entity: the table's when it knows
        one of them (not two different entries), else the new name's."""
        for old, new in self._renamed:
            known = [e for e in (self._lookup(clean_name(old)), self._lookup(clean_name(new))) if e]
            if len(known) == 1:
                other = new if self._lookup(clean_name(old)) else old
                self._aliases.setdefault(self.key(other), "table:" + known[0].name)
            elif not known and self.key(old) in self._canon and self.key(new) in self._canon:
                co, cn = self._canon[self.key(old)], self._canon[self.key(new)]
                for k, c in self._canon.items():
                    if c == co:
                        self._canon[k] = cn

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
        self._fold_renamed()
        self._fold_other_names()

    def _fold_other_names(self) -> None:
        """A table's other name for a company (a former one: "Spreadtrum" of Unisoc), in a digest that
        also uses the table's own name and spells the other one out as a firm of its own ("Spreadtrum
        Communications"), is that firm: the text keeps the two apart. Not a short form of the table's
        name ("GDS" of GDS Holdings, beside "GDS International")."""
        for name, forms in self._surfaces.items():
            canon = bare(normalize(name))
            if not any(_names(f, canon) for f in forms):
                continue
            for form in forms:
                words = normalize(form).split()
                if set(words) & set(canon.split()):
                    continue
                spelled = [k for k in self._names if self._type(k) == "Company"
                           and (full := normalize(self._display[k]).split())[: len(words)] == words
                           and len(full) > len(words) and all(w in _suffix_words() for w in full[len(words):])]
                if len(spelled) == 1:
                    self._spelled[normalize(form)] = self._canon.get(spelled[0], spelled[0])

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

    def entity(self, text: str, label: str, place: str | None = None) -> Entity | None:
        """Pass 2: the canonical entity of a mention, or None when it has no usable name."""
        name = clean_name(text)
        entry = self._lookup(name)
        if entry and self._foreign(entry, place):
            entry, text = None, f"{place}'s {name}"
        spelled = self._spelled.get(normalize(name)) if entry else None
        if entry and not spelled:
            return self._from_table(entry)
        k = spelled or self.key(text)
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
