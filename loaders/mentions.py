"""Finding and typing mentions: the ``kg_names`` and ``kg_mentions`` steps of the pipeline
(:mod:`loaders.pipeline`, whose docstring lists what each round of issue 9 taught them).

What kind of name a span is, from its own words (suffixes, the entity table, digits and capitals)
and from its context (kind nouns, appositions, the verbs it takes, what it owns), and the names
the statistical model misses or cuts (products, names in lists, web addresses, names glued by
hyphens). Mentions go to ``doc.spans[MENTIONS]``, labelled with the ontology's entity types.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.symbols import PROPN, acl, dobj, pobj
from spacy.tokens import Doc, Span, Token

from .lexicon import lexicon

MENTIONS = "kg"  # doc.spans key holding typed mentions


ORDINARY_WORDS = "kg_ordinary_words"  # vocab lookups table: the nouns of the model's lemmatizer index


_NER_TYPES = {"ORG": "Company", "PERSON": "Person", "GPE": "Place", "LOC": "Place",
              "PRODUCT": "Product", "FAC": "Place", "WORK_OF_ART": "Product"}


_TABLE_TYPES = {"Company", "Product", "Person", "GovernmentBody", "Place"}


_CAMEL_OR_DIGIT = re.compile(r"^(?=.*[A-Za-z])(?:.*\d.*|.*[a-z][A-Z].*|[A-Z]{2,}.*)$")


_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")  # "PCs", "EVs", "LLMs" are common nouns


_STOP_NAMES = {"ai", "ceo", "cfo", "us", "eu", "uk"}


_MODEL_CODE = re.compile(r"^\d{1,3}[A-Za-z]{1,2}$")  # "6s", "5B", "10T", "5G"


_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{2,}-\d{1,3}[A-Za-z]?$")  # "Zhuque-2", "Kuaizhou-1A"


_NAMED_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "poss"}  # where a noun names a party


_WEB_NAME = re.compile(r"^[A-Z0-9][\w-]*\.(?:com|net|org|io|ai|info|live|us|sg|cn|app)$", re.IGNORECASE)  # "58.com"


_ROMAN = re.compile(r"^[IVX]{1,4}$")  # "III": the phase of a fund


_PART_NUMBER = re.compile(r"^([A-Z]{1,5})\d{2,}[A-Za-z0-9]*$")  # "STM32", "GD32VF103", "T770"


def _hashes(doc: Doc, section: str) -> frozenset[int]:
    """A lexicon word list as string hashes, to compare with ``Token.lower`` without making strings."""
    return _section_hashes(section, doc.vocab.strings)


@cache
def _section_hashes(section: str, strings) -> frozenset[int]:  # noqa: ANN001 (spaCy StringStore)
    words: Any = lexicon()
    for key in section.split("."):  # "state_governments.heads": a list inside a section
        words = words[key]
    return frozenset(strings.add(w) for w in words)


@cache
def _not_names() -> frozenset[str]:
    """Capitalised words that are never a party: acronyms of things ("DRAM", "IPO") and titles."""
    return frozenset(_STOP_NAMES | set(lexicon()["not_names"]))


_INHUMAN_WORD = re.compile(r"[a-z]{4}[A-Z]")  # two words glued ("PricewaterhouseCoopers"; not "McKay", "DeSantis")


def _name_type(span: Span, label: str) -> str | None:
    """An ontology type for a model entity from its words and context (type rules as data)."""
    lex = lexicon()
    low = span.text.lower()
    if label == "PERSON" and any(_INHUMAN_WORD.search(t.text) for t in span):
        label = "ORG"  # "DorvaLink Ahn Mei": no person's name glues two words
    if span.root.lower_ in lex["non_entity_heads"] or _law_name_end(span):  # laws, events and awards are not parties
        return None
    if _seat_of_organisation(span):
        return "Place"  # "the Tampere-based games studio"
    if (called := _called_kind(span.root)) is not None:
        return called  # "a payment app called Swift Harbor", "a start-up named Velto"
    if label in ("ORG", "PERSON") and _facility_place(span):
        return "Place"  # "a battery plant in Tarvisa": where a plant stands is a place
    if label in ("ORG", "PERSON") and _names_division(span):
        return "Place"  # "the Orvik district of Tarvisa", "Norvada province"
    if len(span) > 1 and span[0].lower in _hashes(span.doc, "programme_heads.words"):
        return "Product"  # "Project Halcyon": a programme
    if label == "ORG" and _origin_in_kind_phrase(span):
        return "Place"  # "ZetaCast, the Oslo podcast company": the company is ZetaCast
    words = set(low.replace("'s", "").split())
    if label in ("ORG", "PERSON", "GPE") and len(span) > 1 and span[-1].lower_ not in lex["company_suffixes"] \
            and _titled_name(span):
        return "Person"  # "said chief executive Ann Roe", "its chief executive, Li Wei", "named Bo Lin as chief"
    gov = lex["government_words"]
    if label in ("ORG", "PERSON", "GPE") and _state_apposition(span.root):
        return "GovernmentBody"  # "Danske Centralbank, the Danish central bank, fined it"
    if label == "ORG" and _government_compound(span.root):
        return "GovernmentBody"  # "the Labour and Energy departments", "Energy Secretary Ann Roe"
    nxt = span.doc[span.end:span.end + 2]
    if label in ("ORG", "PERSON") and len(nxt) == 2 and nxt[0].text == "," and nxt[1].lower_ == "who" \
            and span[-1].lower_ not in lex["company_suffixes"]:
        return "Person"  # "Choi, who ran the venture": only people are "who"
    if label in ("ORG", "NORP") or (label == "PERSON" and len(span) > 1 and any(w in words for w in gov)):
        if any(g in words or (" " in g and g in low) for g in gov) or _national_centre(span):
            return "GovernmentBody"
        if label == "ORG" and span[-1].lower_ not in lex["company_suffixes"]:
            # "Teams, the workplace chat app", "Cao Wei, a former engineer": the text says what it is;
            # "its H20 processor", "the framework Caffe", "the Roomba maker": so does the noun it is
            # compounded with
            typed = _appositive_type(span.root, lex["company_nouns"]) or _compound_type(span) \
                or _such_as_kind(span.root) or _possessed_compound(span)
            if typed in ("Product", "Person"):
                return typed
        return "Company" if label == "ORG" else None
    # (a noun that also names people says nothing of a person's name: "the investor Ann Roe")
    # (a person's name that a noun's relative clause opens says nothing of that noun: "the exchange Ann Roe
    # started in 2014")
    clause_subject = label == "PERSON" and len(span) > 1 and _relative_clause_subject(span)
    typed = None if clause_subject else \
        _appositive_type(span.root, lex["person_or_company_nouns"] if label == "PERSON" and len(span) > 1 else ())
    if typed and label in ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"):
        return typed  # "Deliveroo, the British delivery company": the text says what it is
    if label in ("GPE", "LOC", "FAC"):
        if len(span) > 1 and span[-1].lower_ in lex["company_suffixes"]:
            return "Company"  # "Atlantic Media", "Belle International"
        if len(span) > 2 and span[-1].lower in _hashes(span.doc, "government_words") and span[-1].is_title:
            return "GovernmentBody"  # "the Tarvisa Intermediate People's Court": a building's name is no body's
        if len(span) == 1 and (_DESIGNATION.match(span.text) or _PART_NUMBER.match(span.text)):
            return "Product"  # "the ZT820 boards": no place has a part number
        # "its Kindle e-book store", "the Dongchedi app", "the Henan retailer Pangdonglai": no place
        # (a facility's name is no place that modifies "maker": "the Roomba maker")
        typed = _compound_type(span, () if label == "FAC" else lex["place_modified_nouns"]) \
            or _such_as_kind(span.root)  # "rivals such as Korvina"
        if typed in ("Product", "Company"):
            return typed
        root = span.root
        if root.dep_ != "compound" and any(c.dep_ == "poss" and (c.tag_ == "PRP$" or c.ent_type_ in ("ORG", "Company"))
                                           for c in root.children):
            return "Product"  # "on its XuperChain", "Ant Group's Jingtan": what a company has is no place
        # "Kuaishou and Huoshan", "Cariad and Umbria": coordinated with a known company or product
        # (or a company or person that the words of its name say: "Velto Inc. and Quvar", "Ann Roe and Brill")
        for other in (root.head, *root.children) if root.dep_ == "conj" else root.children:
            if (other.dep_ == "conj" or other.i == root.head.i) and other.i not in range(span.start, span.end) \
                    and (kind := _coordinated_kind(other)):
                return kind
    if label == "PERSON" and len(span) == 1 and _place_by_verb(span.root):
        return "Place"  # "it was leaving Manchester", "expanded into Fujian"
    before = span.doc[span.start - 1].lemma_.lower() if span.start > 0 else ""
    # (a person's name of two words may follow a noun that also names people: "the investor Ann Roe")
    if label == "PERSON" and (len(span) == 1 or before not in lex["person_or_company_nouns"]) and not clause_subject \
            and (typed := _compound_type(span) or _such_as_kind(span.root)) in ("Company", "Product"):
        return typed  # "the Henan retailer Pangdonglai", "German publisher Harlow Verlag", "frameworks such as X"
    if label == "PERSON" and _acquired(span.root):
        return "Company"  # "bought Harwell Labs": no one buys a person
    if label == "PERSON":
        last = span[-1].lower_
        if last in lex["company_suffixes"]:
            return "Company"
        if _company_possession(span.root):
            return "Company"  # "Nimbus Cloud's most aggressive competitors": no person has those
        if span.root.dep_ != "compound" and any(c.dep_ == "poss" and c.lower_ == "its" for c in span.root.children):
            return "Product"  # "through its cross-border Harbor Mall": no person is a company's (but "Velto's Ann Roe")
        # names of apps and models that the model takes for people: "the app Douyin", "Sora's release"
        prev = span.doc[span.start - 1] if span.start > 0 else None
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if not clause_subject and any(t is not None and t.lower_ in lex["product_context_nouns"] for t in (prev, nxt)):
            return "Product"  # "the app Douyin", "the Douban app"
        if len(span) == 1 and not span[0].is_title:
            return None
        return "Person"
    if label in ("PRODUCT", "WORK_OF_ART") and (_compound_type(span) or _such_as_kind(span.root)) == "Company":
        return "Company"  # "the Velmor subsidiary", "the clothing group Velmor": the noun says a company
    return _NER_TYPES.get(label)


def _titled_name(span: Span) -> bool:
    """Whether a name of two or more capitalised words holds a post that the text gives it: a role
    noun right before it ("said chief executive Ann Roe") or set off by a comma right before it ("its
    chief executive, Li Wei"), or the object of a hiring verb with "as" and a role ("named Bo Lin as
    chief executive"); ``role_heads`` and ``person_object_verbs`` in the lexicon."""
    doc, root = span.doc, span.root
    if not all(t.is_title or t.is_upper and len(t) <= 3 for t in span):
        return False
    heads = _hashes(doc, "role_heads")
    k = span.start - 1
    if k > 0 and doc[k].text == "," and root.dep_ == "appos":
        k -= 1  # "its chief executive, Li Wei"
    elif k >= 0 and not (doc[k].dep_ == "compound" and doc[k].head.i == root.i):
        k = -1
    if k >= 0 and doc[k].lower in heads and doc[k].pos_ == "NOUN" and doc[k].is_lower:
        return True
    return root.dep_ == "dobj" and root.head.lemma_.lower() in lexicon()["person_object_verbs"] \
        and any(c.lower_ == "as" and any(o.dep_ == "pobj" and o.lower in heads for o in c.children)
                for c in root.head.children)


def _coordinated_kind(tok: Token) -> str | None:
    """What a name coordinated with a place the model guessed says that place is: a known company or
    product ("Kuaishou"), an organisation whose name ends in a corporate word ("Velto Inc."), or a
    person's name of two words or more ("Ann Roe"); ``None`` for any other word."""
    if tok.ent_type_ in ("Company", "Product"):
        return tok.ent_type_
    if tok.ent_type_ not in ("ORG", "PERSON"):
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if tok.ent_type_ == "ORG":
        return "Company" if end - start > 1 and doc[end - 1].lower in _hashes(doc, "company_suffixes") else None
    return "Person" if end - start > 1 and all(t.is_title for t in doc[start:end]) else None


def _relative_clause_subject(span: Span) -> bool:
    """Whether the name opens a relative clause without "that" after a common noun: the name, then a
    finite verb with no object of its own ("the exchange Ann Roe started in 2014", "the chain Li Wei
    built"; not "the retailer Velto sold its stake")."""
    doc = span.doc
    if span.start == 0 or span.end >= len(doc) or doc[span.start - 1].pos_ != "NOUN":
        return False
    verb = doc[span.end]
    return verb.pos_ == "VERB" and verb.tag_ in ("VBD", "VBZ", "VBP") \
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)


def _national_centre(span: Span) -> bool:
    """A state's centre: a name of three words or more from "National", "State" or "Federal" to
    "Centre" or "Center" ("the National Grid Safety Centre", "the State Data Center";
    ``national_centres``)."""
    words = lexicon()["national_centres"]
    if span[0].lower_ == "the":
        span = span[1:]
    return len(span) > 2 and span[0].lower_ in words["starts"] and span[-1].lower_ in words["ends"]


def _law_name_end(span: Span) -> bool:
    """Whether the name only starts a longer name of a law, an event or an award that the model cut
    short: "the Investment" + "Canada Act" (up to two more capitalised words, then a title-case word of
    ``non_entity_heads``)."""
    doc, k = span.doc, span.end
    heads = _hashes(doc, "non_entity_heads")
    while k < len(doc) and k - span.end < 3 and doc[k - 1].whitespace_ and doc[k].is_title:
        if doc[k].lower in heads:
            return True
        k += 1
    return False


def _seat_of_organisation(span: Span) -> bool:
    """Whether the name is hyphened to "based" or "headquartered" (``anaphora.company_modifiers``) before a noun
    of an organisation: "the Tampere-based games studio" (not "a Linux-based system")."""
    doc, e = span.doc, span.end
    if e + 2 >= len(doc) or doc[e].text != "-" or doc[e - 1].whitespace_ \
            or doc[e + 1].lower not in _hashes(doc, "anaphora.company_modifiers"):
        return False

    def modifier(t: Token) -> bool:  # an adjective or a noun that modifies the noun ("equipment group")
        return t.is_lower and (t.pos_ in ("ADJ", "PUNCT", "CCONJ") or t.dep_ == "compound" and t.head.i > t.i)

    noun = next((t for t in doc[e + 2:e + 6] if not modifier(t)), None)
    return noun is not None and noun.pos_ == "NOUN" and noun.is_lower \
        and (_noun_kind(noun, owned=False) == "Company" or noun.lemma_.lower() in lexicon()["company_nouns"])


def _seat_place_spans(doc: Doc, toks: list[Token]) -> list[Span]:
    """Places the model misses where the text seats an organisation: capitalised words hyphened to
    "based" or "headquartered" before a noun of an organisation ("the Jiangyin-based company", as in
    :func:`_seat_of_organisation`), and the capitalised words right after "based in" ("a firm based in
    Herzogenrath near Aachen"; ``anaphora.company_modifiers``)."""
    seats = _hashes(doc, "anaphora.company_modifiers")

    def name_word(t: Token) -> bool:
        return t.is_title and t.is_alpha and t.pos_ == "PROPN" and not t.ent_type

    out: list[Span] = []
    for tok in toks:
        if tok.lower not in seats:
            continue
        i = tok.i
        if i >= 2 and toks[i - 1].text == "-" and name_word(toks[i - 2]):
            start = i - 2
            while start > 0 and name_word(toks[start - 1]) and toks[start - 1].whitespace_:
                start -= 1
            if _seat_of_organisation(doc[start:i - 1]):
                out.append(doc[start:i - 1])
        elif i + 2 < len(doc) and toks[i + 1].lower_ == "in" and name_word(toks[i + 2]):
            end = i + 3
            while end < len(doc) and name_word(toks[end]) and toks[end - 1].whitespace_:
                end += 1
            out.append(doc[i + 2:end])
    return out


def _called_kind(tok: Token) -> str | None:
    """Product or Company when the name is what a noun of that kind is called: "a payment app called
    Swift Harbor", "a start-up named Velto" (the noun's kind, ``_noun_kind``; "an engineer named Ann
    Roe" says nothing)."""
    verb = tok.head
    if tok.dep_ != "oprd" or verb.dep_ != "acl" or verb.lemma_.lower() not in ("call", "name", "dub") \
            or verb.head.pos_ != "NOUN":
        return None
    return _noun_kind(verb.head, owned=False)


def _facility_place(span: Span) -> bool:
    """Whether the name is where a facility of ``facility_nouns`` is, or the place an area of
    ``area_nouns`` is of: "a battery plant in Tarvisa", "built a factory in Tarvisa", "campuses in Lahti
    and Orvik", "the state of Norvada" (not a name that ends in a word of an organisation: "a lab in
    the Velto Institute")."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    prep, lex = tok.head, lexicon()
    if tok.dep_ != "pobj" or span[-1].lower_ in lex["company_suffixes"] \
            or span[-1].lower in _hashes(span.doc, "org_name_ends.words"):
        return False
    holder = prep.head
    if prep.lower_ == "of":
        return holder.is_lower and holder.lemma_.lower() in lex["area_nouns"]["nouns"]
    if holder.pos_ == "VERB":  # "was building a car factory in Tarvisa"
        holder = next((c for c in holder.children if c.dep_ in ("dobj", "nsubjpass")), holder)
    return prep.lower_ == "in" and holder.pos_ == "NOUN" and holder.is_lower \
        and holder.lemma_.lower() in lex["facility_nouns"]


def _names_division(span: Span) -> bool:
    """Whether the name is compounded with the administrative division right after it that it names
    ("the Orvik district", "Norvada province"; ``place_division_nouns`` in the lexicon): no company
    or person names a district (but "Velto Holdings district" ends in a corporate word)."""
    head = span.root.head
    return span.root.dep_ == "compound" and head.i == span.end and head.pos_ == "NOUN" and head.is_lower \
        and head.lower in _hashes(span.doc, "place_division_nouns") \
        and span[-1].lower not in _hashes(span.doc, "company_suffixes")


def _origin_in_kind_phrase(span: Span) -> bool:
    """Whether the name modifies a noun of a kind of company that stands in apposition with another
    name: "ZetaCast, the Oslo podcast company" (that name is the company, so this one says where it is
    from; not a noun of a relation to a company: "Velto, the Alibaba subsidiary", "the Roomba maker",
    "the Tesla supplier")."""
    doc, root = span.doc, span.root
    head = root.head
    if root.dep_ != "compound" or span.start == 0 or doc[span.start - 1].lower_ not in ("the", "a", "an") \
            or head.dep_ != "appos" or head.head.pos_ != "PROPN" or head.pos_ != "NOUN" \
            or not all(t.is_lower for t in doc[span.end:head.i + 1]):
        return False
    word = head.lemma_.lower()
    return word in lexicon()["typing_nouns"]["Company"] and word not in _relational_nouns()


@cache
def _relational_nouns() -> frozenset[str]:
    """Nouns of a company's relation to another (a unit, an owner, a rival...), not of its kind."""
    lex = lexicon()
    return frozenset(lex["unit_nouns"]) | frozenset(lex["owner_nouns"]) | frozenset(lex["person_or_company_nouns"]) \
        | {n for e in lex["possessive_relations"] for n in e["nouns"]}


def _company_possession(tok: Token) -> bool:
    """Whether the name possesses what only an organisation has: its rivals, parent, investors or
    headquarters (the nouns of ``possessive_relations``) or ``organisation_possessions`` ("Corvane
    Retail's stores", "its chief executive")."""
    if tok.dep_ != "poss" or tok.head.pos_ != "NOUN":
        return False
    head, nouns = tok.head, _organisation_possessions()
    return head.lower_ in nouns or f"{head.doc[head.i - 1].lower_} {head.lower_}" in nouns


@cache
def _organisation_possessions() -> frozenset[str]:
    """What only an organisation has: ``organisation_possessions`` and the relation nouns but partners."""
    lex = lexicon()
    return frozenset(lex["organisation_possessions"]).union(
        *(e["nouns"] for e in lex["possessive_relations"] if e["predicate"] != "partnersWith"))


def _renamed_company(tok: Token) -> bool:
    """Whether the name is the new name of an organisation: "its payments arm, renamed Velto", "the
    business was renamed Velto", "Quorra renamed itself Velto" (what is renamed is a noun of a company,
    not of a product: "the app was renamed Velto", or a company's name)."""
    verb = tok.head
    if tok.dep_ not in ("dobj", "oprd") or verb.lemma_.lower() not in ("rename", "rebrand"):
        return False
    renamed = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj") and c.i != tok.i
                    and c.tag_ != "WDT"), None)
    if renamed is None and tok.doc[verb.i - 1].text == "," or renamed is not None and renamed.lower_ == "itself":
        # (a subject set off by a comma: "its payments arm, renamed Velto", parsed as the arm's own act)
        renamed = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if renamed is None and verb.dep_ in ("acl", "relcl"):
        renamed = verb.head  # "its payments arm, renamed Velto", "two units, which were renamed Velto"
    if renamed is None:
        return False
    if renamed.pos_ == "PROPN":
        return renamed.ent_type_ in ("ORG", "Company")
    kind = _noun_kind(renamed, owned=False)
    return kind == "Company" or (kind is None and renamed.lemma_.lower() in lexicon()["company_nouns"])


def _named_group(ent: Span) -> bool:
    """A name the model took for a nationality or group (NORP) that names an organisation: a singular
    proper noun as a subject, object or apposition ("a stake in Saudi Aramco", "Vodacom said"), not a
    nationality ("the Canadian", "the Chinese": ``nationality_endings``; a word that only ends like one
    and is no English word is a name: "Quvian said", "accusing Quvian")."""
    root = ent.root
    if ent.label_ != "NORP" or root.tag_ != "NNP" or root.dep_ not in _NAMED_DEPS:
        return False
    last = ent[-1].text
    return _mixed_case(last) or last.isupper() or not last.lower().endswith(
        tuple(lexicon()["nationality_endings"]["endings"])) or not _english_word(ent[-1])


def _english_word(tok: Token) -> bool:
    """Whether the word, or its singular, is in the lemmatizer's index of nouns (``ORDINARY_WORDS``):
    nationalities and groups are ("Canadian", "Tibetans", "Republican"), most names are not."""
    if ORDINARY_WORDS not in tok.vocab.lookups:
        return True
    words = tok.vocab.lookups.get_table(ORDINARY_WORDS)
    low = tok.lower_
    return low in words or (low.endswith("s") and low[:-1] in words)


def _coordinated_cut(ent: Span) -> int | None:
    """The "and" joining two company names that the model took for one: "Velora Life and Quvan Life"
    (two or more words before it, a word after it that is no common noun, and both or neither ending in
    a corporate word), not "Hong Kong Exchanges and Clearing", "Xiamen Mutual Assets and Maritime Rights
    Exchange" or "Ministry of Industry and Information Technology"."""
    k = next((t.i for t in ent[2:-1] if t.lower_ == "and"), None)
    if k is None or ORDINARY_WORDS not in ent.doc.vocab.lookups:
        return None
    doc, after = ent.doc, ent.doc[k + 1]
    words = doc.vocab.lookups.get_table(ORDINARY_WORDS)
    low = after.lower_
    suffixes = _hashes(doc, "company_suffixes")
    if not after.is_title or low in words or (low.endswith("s") and low[:-1] in words) \
            or any(t.lower_ == "of" for t in doc[ent.start:k]) \
            or (doc[k - 1].lower in suffixes) != (ent[-1].lower in suffixes):
        return None
    return k


def _ordinary_first_word(tok: Token) -> bool:
    """A common noun capitalised only because it starts the sentence: "Insulin is ...", "Vaccines
    are ..." (the word, or its singular, is in the lemmatizer's index of nouns, and the text never
    capitalises it inside a sentence after its headline; no person's name, no possessor)."""
    if not tok.is_sent_start or not tok.is_title or ORDINARY_WORDS not in tok.vocab.lookups \
            or any(c.tag_ == "POS" for c in tok.children):
        return False
    low = tok.lower_
    if not _english_word(tok) or low in lexicon()["family_names"]["names"]:
        return False
    doc = tok.doc
    body = next(iter(doc.sents)).end  # the headline is title-cased
    return not any(t.orth == tok.orth and not t.is_sent_start for t in doc[body:]) and not any(
        e.label_ in ("PERSON", "Person") and len(e) > 1 and low in (e[0].lower_, e[-1].lower_) for e in doc.ents)


def _bare_plural(noun: Token) -> bool:
    """A plural noun without "the" or a possessor: a name before it is its maker, not a product
    ("Motorola phones", but "its Journey processors", "the Quen machines of Velto")."""
    return noun.tag_ == "NNS" and not any(c.dep_ == "poss" or c.lower_ == "the" for c in noun.children)


def _product_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """Product names the model misses: a name right before or after a product noun."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    nouns, roles = set(lexicon()["product_context_nouns"]), set(lexicon()["role_nouns"])
    out: list[Span] = []
    for tok in toks:
        if tok.lower_ not in nouns or not tok.is_lower:  # (not "the Drug Administration Law")
            continue
        # "its R1 reasoning model", "the Qwen2.5-Max model": name tokens left of the noun
        j = tok.i - 1
        while j >= 0 and toks[j].pos_ in ("NOUN", "ADJ") and toks[j].is_lower and toks[j].lower_ not in nouns:
            j -= 1
        end = j + 1
        start = end
        while start - 1 >= 0 and (toks[start - 1].pos_ == "PROPN" or _CAMEL_OR_DIGIT.match(toks[start - 1].text)
                                  or (toks[start - 1].text == "-" and start - 2 >= 0)
                                  or (toks[start - 1].is_title and toks[start - 1].pos_ == "ADJ"
                                      and (start < end or start >= 2 and toks[start - 2].tag_ in ("PRP$", "POS"))
                                      and toks[start - 1].ent_type_ not in ("NORP", "GPE", "Place")
                                      and not toks[start - 1].is_sent_start)  # "its Long March 5B rocket"
                                  or ((toks[start - 1].like_num and len(toks[start - 1].text) <= 3
                                       or _ROMAN.match(toks[start - 1].text))  # "its Journey 6 chips",
                                      and start - 2 >= 0 and toks[start - 2].pos_ == "PROPN")):  # "a Kestrel V rocket"
            start -= 1
        # (a maker's name before a bare plural is the maker: "Motorola phones", but "its K7 phones",
        # "the Quen phones", "Velto P40 phones")
        if start < end and toks[start].text != "-" and toks[end - 1].text != "-" \
                and not (_bare_plural(tok) and not any(c.isdigit() for c in doc[start:end].text)):
            out.append(Span(doc, start, end, label="Product"))
        # "the app Douyin", "a feature called “Interest Communities”"
        k = tok.i + 1
        if k < len(doc) and toks[k].lower_ in ("called", "named", "dubbed"):
            k += 1
        while k < len(doc) and toks[k].is_quote:
            k += 1
        e = k
        while e < len(doc) and (toks[e].pos_ == "PROPN" or _CAMEL_OR_DIGIT.match(toks[e].text)) \
                and not toks[e].is_quote and toks[e].lower_ not in roles:
            e += 1
        if e == k == tok.i + 1 and _compounded_name(toks[k], tok):
            e = k + 1  # "the messaging app Quillo": a rare name the tagger took for a common noun
        if e > k:
            out.append(Span(doc, k, e, label="Product"))
    return out


def _compounded_name(tok: Token, noun: Token) -> bool:
    """Whether ``tok``, capitalised inside the sentence and outside any entity, is a name that the product
    ``noun`` right before it is compounded with: "the photo app Quillo", "the treatment Zervanil"."""
    return tok.pos_ == "NOUN" and tok.is_title and not tok.is_sent_start and not tok.ent_type_ \
        and noun.dep_ == "compound" and noun.head.i == tok.i


def _cut_product(ent: Span, products: list[Span], taken: set[int]) -> Span | None:
    """The product name before a product noun (:func:`_product_spans`) that holds a name the model
    found, typed or not, and goes on past it: the model cut the name short ("the Le Vantro3 smartphone",
    "a Kestrel V rocket", "its Orvo X2 handsets"); None when there is none, or it runs into a name
    already taken."""
    for p in products:
        if p.start <= ent.start and ent.end <= p.end and len(p) > len(ent) \
                and taken.isdisjoint(range(p.start, p.end)):
            return p
    return None


_MODEL_NAME_LABELS = ("", "ORG", "PRODUCT", "WORK_OF_ART", "LAW", "NORP")  # the model's guesses for a model's name


def _possessed_model_spans(doc: Doc, toks: list[Token]) -> list[Span]:
    """A company's model: a capitalised name with a model number after a possessive ("its Brakka 7
    family", "Kelmora's Vesper 3 sold out", "their Orvo 3 earbuds", "its Orvo (2)"), whatever noun
    follows (:func:`_model_number_end` and :func:`_bracketed_number_end` say what a model number is)."""
    out: list[Span] = []
    for tok in toks[1:]:
        if not tok.is_title or tok.ent_type_ not in _MODEL_NAME_LABELS or toks[tok.i - 1].tag_ not in ("PRP$", "POS"):
            continue
        if tok.pos_ != "PROPN":  # a common word names a model only with its generation: "its Phone (2)"
            if (model := _bracketed_number_end(doc, tok.i + 1)) > tok.i + 1:
                out.append(Span(doc, tok.i, model, label="Product"))
            continue
        end = tok.i + 1
        while end < len(doc) and toks[end].pos_ == "PROPN" and toks[end].is_title \
                and toks[end].ent_type_ in _MODEL_NAME_LABELS:
            end += 1  # "its Vesta Prime 5"
        if (model := _model_number_end(doc, end)) > end or (model := _bracketed_number_end(doc, end)) > end:
            out.append(Span(doc, tok.i, model, label="Product"))
    return out


_BRACKETED_NUMBER = re.compile(r"^\d{1,2}[a-z]?$")  # the generation of "its Phone (2a)": no stock code, no year


def _bracketed_number_end(doc: Doc, i: int) -> int:
    """The end of a generation number in brackets after a model's name ("its Orvo (2)", "Velto's Pod
    (3a) earbuds"), or ``i`` when none."""
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i - 1].whitespace_ and doc[i + 2].text == ")" \
            and _BRACKETED_NUMBER.match(doc[i + 1].text):
        return i + 3
    return i


def _glued(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) over tokens written without spaces: "Qwen2.5-Max", "GPT-4o"."""
    while start > 0 and not doc[start - 1].whitespace_ and not doc[start - 1].is_quote \
            and not doc[start - 1].is_space and not (start > 1 and doc[start - 2].is_space) \
            and (doc[start - 1].text in "-+." or not doc[start - 1].is_punct):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and not doc[end].is_quote \
            and (doc[end].text in "-+" or not doc[end].is_punct) and not doc[end].is_space:
        end += 1
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _place_by_verb(tok: Token) -> bool:
    """The object of a verb of entering, leaving or being based, directly or by a preposition."""
    pv = lexicon()["place_verbs"]
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in pv["verbs"]:
        return True
    return (tok.dep_ == "pobj" and tok.head.lower_ in pv["preps"]
            and tok.head.head.lemma_.lower() in pv["verbs"])


def _comma_apposition(tok: Token) -> Token | None:
    """The noun of a phrase set off by a comma right after the name, where the parser attached it
    elsewhere: "with Quvix, its generative design engine.", "A and B, Velto's video app," (a
    determiner, possessive pronoun or a name's possessive, lower-case words, and the noun they end
    on, followed by no other noun)."""
    doc, k = tok.doc, tok.i + 1
    if k + 2 >= len(doc) or doc[k].text != ",":
        return None
    # "A and B, Velto's video app": a name of up to three words and its possessive mark
    owner = next((n for n in range(k + 2, min(k + 5, len(doc))) if doc[n].tag_ == "POS"
                  and all(t.pos_ == "PROPN" for t in doc[k + 1:n])), None)
    if owner is None and doc[k + 1].lower_ not in ("the", "a", "an", "its", "their"):
        return None
    k = owner + 1 if owner is not None else k + 2
    head = None
    while k < len(doc) and k - tok.i <= 8 and (doc[k].tag_ == "POS" or doc[k].text == "-"
                                               or doc[k].is_lower and doc[k].pos_ in ("ADJ", "NOUN")):
        # (a possessor is not the noun: "its maker's chief officer")
        head = None if doc[k].tag_ == "POS" else doc[k] if doc[k].pos_ == "NOUN" else head
        k += 1
    if head is None or head.i != k - 1 or (k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN", "CCONJ")):
        return None
    while k < len(doc) and doc[k].pos_ == "ADV":
        k += 1
    if k < len(doc) and doc[k].pos_ in ("VERB", "AUX") and doc[k].tag_ not in ("VBG", "VBN"):
        return None  # the subject of the sentence: "Founded by Ann Roe, the studio said ..."
    return head


def _appositive_type(tok: Token, ambiguous: Any = ()) -> str | None:
    """Company or Product when ``tok`` is in apposition with a noun that says which (nouns in
    ``ambiguous``, such as "platform" or "marketplace", say nothing)."""
    kinds = lexicon()["typing_nouns"]
    if tok.dep_ == "conj" and tok.head.dep_ == "appos" and tok.head.pos_ == "PROPN":
        tok = tok.head  # "two studios, Lilith Games and Papergames": the second name as the first
    partner = tok.head if tok.dep_ == "appos" else next((c for c in tok.children if c.dep_ == "appos"), None) \
        or _comma_apposition(tok) or _shared_apposition(tok)
    if partner is None or not (partner.pos_ == "NOUN" or (partner.pos_ == "PROPN" and partner.is_lower)):
        return None  # the parser sometimes tags a glued common noun ("start-up") as a proper one
    if partner.i > tok.i and partner.left_edge.i - tok.i > 3:
        return None  # an apposition far down the sentence describes something else
    for noun in (partner, *(c for c in partner.children if c.dep_ == "conj" and c.pos_ == "NOUN")):
        word = _kind_word(noun)  # "Teams, the workplace chat and meeting app": the coordinated noun
        if word in ambiguous:
            continue
        if word in lexicon()["role_heads"]:
            return "Person"  # "Cui Weixing, Deppon's founder and chairman", "its chief executive, Wan Lin"
        kind = "Company" if word in kinds["Company"] else "Product" if word in kinds["Product"] else None
        if kind:
            return kind
    return None


def _shared_apposition(tok: Token) -> Token | None:
    """The plural noun in apposition with the first of two coordinated names, after the second: it
    says what both are ("Quvo and Lemra, two popular chat apps": the parser hangs it on the first)."""
    if tok.dep_ != "conj" or tok.head.pos_ != "PROPN":
        return None
    return next((c for c in tok.head.children if c.dep_ == "appos" and c.tag_ == "NNS" and c.i > tok.i), None)


def _kind_word(noun: Token) -> str:
    """The noun's lemma, or the noun with the word before it where ``typing_nouns`` lists the two as
    one kind: "an online estate agent" is a company, though an "agent" is a product."""
    word = noun.lemma_.lower()
    pair = f"{noun.doc[noun.i - 1].lower_} {word}" if noun.i > 0 else word
    kinds = lexicon()["typing_nouns"]
    return pair if pair in kinds["Company"] or pair in kinds["Product"] else word


def _noun_kind(tok: Token, owned: bool = True) -> str | None:
    """The type that a common noun says its name is: "app" a product, "retailer" a company; with
    ``owned``, "maker" or "owner" of a name makes that name a product ("the Roomba maker")."""
    lex = lexicon()
    word = _kind_word(tok)
    if owned and word in lex["owner_nouns"]:
        return "Product"
    if word in lex["typing_nouns"]["Product"] or word in lex["product_context_nouns"]:
        return "Product"
    if word in lex["typing_nouns"]["Company"] or (not owned and word.endswith("maker") and word != "maker"):
        return "Company"  # (and a maker of things before the name: "the drugmaker Velora")
    return None


def _acquired(tok: Token) -> bool:
    """Whether ``tok`` is what is bought or taken over: "bought X", "took over X", "its acquisition
    of X", "a stake in X" (``acquired_objects`` in the lexicon)."""
    lex = lexicon()["acquired_objects"]
    head = tok.head
    if tok.dep_ == "dobj":
        lemma = head.lemma_.lower()
        return lemma in lex["verbs"] or (lemma in lex["particle_verbs"]
                                         and any(c.dep_ == "prt" and c.lower_ == "over" for c in head.children))
    return tok.dep_ == "pobj" and head.lower_ in ("of", "in") and head.head.lemma_.lower() in lex["nouns"]


def _state_apposition(tok: Token) -> bool:
    """Whether the name ``tok`` heads stands in apposition with a noun of a state body: "X, the
    Dutch central bank", "X, the country's telecoms regulator"."""
    partner = tok.head if tok.dep_ == "appos" else next((c for c in tok.children if c.dep_ == "appos"), None)
    if partner is None or partner.pos_ != "NOUN":
        return False
    words = lexicon()["state_apposition_nouns"]
    prev = partner.doc[partner.i - 1].lower_ if partner.i > 0 else ""
    return partner.lemma_.lower() in words or f"{prev} {partner.lower_}" in words


def _government_compound(tok: Token) -> bool:
    """Whether the name ``tok`` heads, or the first of the names it is coordinated with, compounds a
    noun of ``government_compounds``: "the Labour and Energy departments", "Energy Secretary Ann Roe"."""
    while tok.dep_ == "conj" and tok.head.pos_ == "PROPN":
        tok = tok.head
    return tok.dep_ in ("compound", "nmod") and tok.head.i > tok.i \
        and tok.head.lower_ in lexicon()["government_compounds"]["nouns"]


def _possessed_compound(span: Span) -> str | None:
    """Product when the name modifies a common noun that a company has: "its Velto test", "the
    group's Quorra simulator" (not a unit or a kind of company: "its Velto unit")."""
    lex = lexicon()
    root, head = span.root, span.root.head
    if root.dep_ not in ("compound", "nmod") or head.pos_ != "NOUN" or not span.end <= head.i <= span.end + 3 \
            or not all(t.is_lower or t.text == "-" for t in span.doc[span.end:head.i + 1]):
        return None
    word = head.lemma_.lower()
    if word in lex["typing_nouns"]["Company"] or word in lex["unit_nouns"] or word in lex["company_nouns"]:
        return None
    return "Product" if any(c.dep_ == "poss" for c in head.children) else None


def _such_as_kind(tok: Token) -> str | None:
    """The type that a plural noun says the names it lists are: "rivals such as X and Y" (companies),
    "apps such as X" (products), also through the noun compounded with it: "brand names such as X"."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "as" or prep.i < 2 or tok.doc[prep.i - 1].lower_ != "such":
        return None
    noun = prep.head if prep.head.pos_ == "NOUN" else tok.doc[prep.i - 2]
    if noun.pos_ != "NOUN" or not noun.is_lower:
        return None
    return _noun_kind(noun, owned=False) or next(
        (kind for c in noun.children if c.dep_ == "compound" and c.is_lower and (kind := _noun_kind(c, owned=False))),
        None)


def _compound_type(span: Span, exclude: Any = ()) -> str | None:
    """Product or Company when the name is compounded with a common noun that says which: the noun
    after the name that it modifies ("its Kindle e-book store", "the T03 city car", "the Roomba
    maker"), or the noun right before the name that describes it ("the framework Caffe", "the
    messaging apps Signal and Telegram", "the Henan retailer Pangdonglai"). Nouns in ``exclude``
    do not count (a place modifies "company" or "car" without being one)."""
    doc, root = span.doc, span.root
    first = root  # the first of the names coordinated before the noun: "the Quen and Tavi networks"
    while first.dep_ == "conj" and first.head.pos_ == "PROPN" and first.head.i < first.i:
        first = first.head
    head = first.head
    if first.dep_ in ("compound", "nmod", "amod") and (head.pos_ == "NOUN" or head.pos_ == "PROPN" and head.is_lower) \
            and span.end <= head.i <= span.end + 3 \
            and all(t.is_lower or t.text == "-" for t in doc[span.end:head.i + 1]) \
            and (head.lemma_.lower() not in exclude or any(c.isdigit() for c in span.text)) \
            and not _bare_plural(head):
        # (a name with a digit is no place: "the T03 city car"; a maker's name before a plural is
        # no product: "Motorola phones", but "its Journey processors", "the Quen machines of Velto")
        return _noun_kind(head)
    # the describing noun right before the name (its compound, or the head it stands in apposition to)
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is None or prev.pos_ != "NOUN" or not prev.is_lower:
        return None
    if (prev.dep_ == "compound" and prev.head.i == root.i) or prev.i == root.head.i \
            or (root.dep_ == "conj" and prev.i + 1 == root.head.i and root.head.head.i == prev.i) \
            or (prev.dep_ == root.dep_ and prev.head.i == root.head.i):
        return _noun_kind(prev, owned=False)
    return None


def _suffix_name_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """Organisation names the model misses, typed by their last word: "Consumer Product Safety
    Commission" (a state body), "Hive Box Technology", "Anamered Investments" (companies). A run
    of capitalised proper nouns, possibly joined by "of", "and", "for" or "&"."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    lex = lexicon()
    suffixes = set(lex["company_suffixes"])
    gov = {w for w in lex["government_words"] if " " not in w}
    joiners = {"of", "and", "for", "&", "on"}
    owners = set(lex["name_possessives"])  # "Nanshan District People's Court"
    out: list[Span] = []

    def word(t: Token) -> bool:
        return t.pos == PROPN and not t.ent_type and (t.is_title or t.is_upper) and not t.is_sent_start

    i = 0
    while i < len(doc):
        if not word(toks[i]):
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            if word(toks[j]):
                j += 1
            elif toks[j].lower_ in joiners and j + 1 < len(doc) and word(toks[j + 1]):
                j += 2
            elif toks[j].tag_ == "POS" and toks[j - 1].lower_ in owners and j + 1 < len(doc) and word(toks[j + 1]):
                j += 2
            else:
                break
        last = toks[j - 1].lower_
        start = i
        if i > 0 and toks[i - 1].ent_type_ in _LOCAL_LABELS and toks[i - 1].whitespace_ and last in gov:
            start = i - 1  # "Fujian High People's Court": the table's place starts the body's name
            while start > 0 and toks[start].ent_iob_ == "I":
                start -= 1
        if j - i >= 2 and (last in gov or last in suffixes):
            out.append(Span(doc, start, j, label="GovernmentBody" if last in gov else "Company"))
        i = j
    return out


def _bracketed_place_names(doc: Doc, toks: list[Token]) -> list[Span]:
    """Company names that hold their city in brackets, as Chinese firms register them:
    "WangTouZhongWen (Beijing) Technology", "Express (Hangzhou) Technology Services", "Veeco
    Instruments (Shanghai)", "E-House (China) Holdings" (a bracketed acronym, "(SAMR)", is not part
    of a name)."""
    suffixes = _hashes(doc, "company_suffixes")
    out: list[Span] = []
    for tok in toks:
        if tok.text != "(" or tok.i == 0 or tok.i + 2 >= len(doc):
            continue
        close = next((k for k in range(tok.i + 1, min(tok.i + 4, len(doc))) if toks[k].text == ")"), None)
        inside = toks[tok.i + 1:close] if close else []
        if not inside or not any(t.is_title for t in inside) or not all(t.is_title or t.is_upper for t in inside) \
                or (len(inside) == 1 and inside[0].ent_type_ not in ("Place", "GPE")
                    and inside[0].lower not in suffixes):
            continue  # "(Beijing)", "(International)", "(CD Edition)"; but "(Besi)" is a short name
        start = tok.i
        while start > 0 and tok.i - start < 4 and (toks[start - 1].is_title or toks[start - 1].is_upper
                                                    or _CAMEL_OR_DIGIT.match(toks[start - 1].text)) \
                and toks[start - 1].is_alpha and not toks[start - 1].is_sent_start:
            start -= 1
        while start > 1 and toks[start - 1].text == "-" and not toks[start - 2].whitespace_ \
                and not toks[start - 1].whitespace_ and toks[start - 2].is_upper and toks[start - 2].is_alpha:
            start -= 2  # "E-House (China) Holdings": a capital glued on with a hyphen
        if start == tok.i:
            continue
        end = close + 1
        while end < len(doc) and end - close <= 4 and (toks[end].is_title or toks[end].is_upper) \
                and toks[end].is_alpha and toks[end - 1].whitespace_:
            end += 1
        if toks[end - 1].lower in suffixes or (end == close + 1 and toks[tok.i - 1].lower in suffixes):
            out.append(Span(doc, start, end, label="Company"))
    return out


def _participle_org_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """Organisations the model misses, typed by a participle that only organisations take:
    "Gree, chaired by Dong Mingzhu, ...", "Moonshot, founded in 2023 by ..."."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    verbs = set(lexicon()["org_participles"])
    out: list[Span] = []
    for tok in toks:
        if tok.dep != acl or tok.tag_ != "VBN" or tok.lemma_.lower() not in verbs:
            continue
        head = tok.head
        if head.pos_ != "PROPN" or head.ent_type_ or not (head.is_title or head.is_upper) or head.i > tok.i:
            continue
        start = head.i
        while start > 0 and toks[start - 1].dep_ == "compound" and toks[start - 1].pos_ == "PROPN" \
                and not toks[start - 1].ent_type_:
            start -= 1
        out.append(Span(doc, start, head.i + 1, label="Company"))
    return out


def _trigger_object_spans(doc: Doc, places: bool = False,
                          toks: list[Token] | None = None) -> list[Span]:
    """Organisations the model misses as the object of a verb or noun that only organisations
    take: "opened probes into TP-Link", "sued Xpeedic", "a stake in Unitree" (typed Company).
    With ``places``, the model's own place names in such a slot instead ("a stake in Kaola")."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    ctx = lexicon()["org_object_triggers"]
    verbs, nouns = set(ctx["verbs"]), set(ctx["nouns"])
    out: list[Span] = []
    for tok in toks:
        if tok.pos != PROPN or (tok.ent_type_ not in ("GPE", "LOC") if places else tok.ent_type) \
                or not (tok.dep in (pobj, dobj) or tok.dep_ == "dative") \
                or not (tok.is_title or tok.is_upper or _CAMEL_OR_DIGIT.match(tok.text)):
            continue
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ctx["preps"]:
            trigger = head.head
        elif tok.dep_ in ("dobj", "dative"):
            trigger = head
        else:
            continue
        lemma = trigger.lemma_.lower()
        # "opened probes into X": the preposition hangs on the light verb of a trigger noun
        light = trigger.pos_ == "VERB" and tok.dep_ == "pobj" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in nouns for c in trigger.children)
        if not ((trigger.pos_ == "VERB" and lemma in verbs) or (trigger.pos_ == "NOUN" and lemma in nouns) or light):
            continue
        start = tok.i
        while start > 0 and toks[start - 1].dep_ == "compound" and toks[start - 1].head.i == tok.i \
                and not toks[start - 1].ent_type_ and (toks[start - 1].pos_ == "PROPN" or toks[start - 1].text == "-"):
            start -= 1
        start, end = _glued(doc, start, tok.i + 1)
        if places:
            out.append(Span(doc, tok.i, tok.i + 1, label="Company"))
        elif end > start and not any(t.ent_type_ for t in doc[start:end]):
            out.append(Span(doc, start, end, label="Company"))
    return out


def _of_name_end(doc: Doc, end: int) -> int:
    """The end of a state body's name continued by "of" or "for" and capitalised words: "... Commission
    of Housing and Urban-Rural Development", "... Office for the District of Massachusetts"."""
    k = end
    while k + 1 < len(doc) and doc[k].lower_ in ("of", "for"):
        j = k + 1
        if doc[j].lower_ == "the":
            j += 1
        n = j
        while n < len(doc) and (doc[n].is_title or doc[n].is_upper) and doc[n].is_alpha \
                and not doc[n].is_sent_start:
            n += 1
            # "Industry and Commerce", "Urban-Rural"
            if n + 1 < len(doc) and (doc[n].lower_ == "and" or doc[n].text == "-" and not doc[n - 1].whitespace_) \
                    and (doc[n + 1].is_title or doc[n + 1].is_upper):
                n += 1
        if n == j:
            break
        k = n
    return k


def _state_government_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """A state's government named by its place or nationality: "the Dutch government", "the US
    government", "the Shenzhen city government" (``state_governments`` in the lexicon)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    sg = lexicon()["state_governments"]
    heads, levels = _hashes(doc, "state_governments.heads"), set(sg["levels"])
    modified = _hashes(doc, "state_governments.modified_heads")
    nationals = set(lexicon()["national_prefixes"])
    out: list[Span] = []
    for tok in toks:
        if (tok.lower not in heads and tok.lower not in modified) or not tok.is_lower or tok.i == 0:
            continue
        k = tok.i - 1
        while k > 0 and toks[k].is_lower and (toks[k].lower_ in levels or tok.lower in modified and tok.i - k <= 2
                                              and toks[k].is_alpha and toks[k].pos_ in ("ADJ", "NOUN", "PROPN")):
            k -= 1  # "the Shenzhen city government", "China's foreign ministry"
        if toks[k].tag_ == "POS" and k > 0 and tok.lower in modified:
            k -= 1
        place = toks[k]
        if not (place.ent_type_ in ("GPE", "NORP", "Place") or place.lower_ in nationals) \
                or not (place.is_title or place.is_upper):
            continue
        start = k
        while start > 0 and toks[start - 1].ent_type_ == place.ent_type_ and toks[start - 1].ent_iob_ != "O" \
                and place.ent_iob_ == "I":
            start -= 1  # the whole place name: "the Hong Kong government"
        out.append(Span(doc, start, tok.i + 1, label="GovernmentBody"))
    return out


def _subject_person_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """People the model misses as the subject of a verb that people do: "Sun Jian left in 2016",
    "Wang Wei told reporters" (a two- or three-word capitalised name with no corporate word)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    verbs = set(lexicon()["person_subject_verbs"])
    kinds = set(lexicon()["company_suffixes"]) | set(lexicon()["government_words"])
    out: list[Span] = []
    for tok in toks:
        if tok.pos != PROPN or tok.dep_ != "nsubj" or tok.ent_type or tok.head.lemma_.lower() not in verbs:
            continue
        start = tok.i
        while start > 0 and toks[start - 1].dep_ == "compound" and toks[start - 1].pos == PROPN \
                and not toks[start - 1].ent_type:
            start -= 1
        span = doc[start:tok.i + 1]
        if 2 <= len(span) <= 3 and all(t.is_title and t.is_alpha and t.lower_ not in kinds for t in span):
            out.append(Span(doc, start, tok.i + 1, label="Person"))
    return out


def _object_person_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """People the model misses as the object of a hiring verb: "Baidu lured Qi Lu away from X",
    "the board named Li Jian as chief executive" (a two- or three-word capitalised name)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    verbs = set(lexicon()["person_object_verbs"])
    out: list[Span] = []
    for tok in toks:
        if tok.pos != PROPN or tok.dep != dobj or tok.ent_type or tok.head.lemma_.lower() not in verbs:
            continue
        start = tok.i
        while start > 0 and toks[start - 1].dep_ == "compound" and toks[start - 1].pos_ == "PROPN" \
                and not toks[start - 1].ent_type_:
            start -= 1
        span = doc[start:tok.i + 1]
        if 2 <= len(span) <= 3 and all(t.is_title and t.is_alpha for t in span):
            out.append(Span(doc, start, tok.i + 1, label="Person"))
    return out


def _titled_person_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """People the model misses after a title: "co-founder Chen Lei", "chief executive Ye Guofu", "chief
    executive TK Ostrander" (two or three capitalised words right after a role noun, the first may be two
    initials, then no more name)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    heads, roles = _hashes(doc, "role_heads"), set(lexicon()["role_nouns"])
    out: list[Span] = []
    for tok in toks:
        if tok.lower not in heads or tok.i + 2 > len(doc):
            continue
        e = tok.i + 1
        while e < len(doc) and e - tok.i <= 4 and toks[e].pos_ == "PROPN" \
                and (toks[e].is_title or e == tok.i + 1 and toks[e].is_upper and len(toks[e]) == 2) \
                and not toks[e].ent_type_ and toks[e].lower_ not in roles and toks[e].is_alpha:
            e += 1
        if 2 <= e - tok.i - 1 <= 3 and not (e < len(doc) and toks[e].pos_ == "PROPN"):
            out.append(Span(doc, tok.i + 1, e, label="Person"))
    return out


def _appositive_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """Names the model misses but the text types for us: "Ofo, its main rival", "its rival, Ofo",
    "Qwen2.5-Max, a model", "Seed, the group's AI unit" (a proper name in apposition with a noun
    that says what it is)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    out: list[Span] = []
    for tok in toks:
        if tok.ent_type or not (tok.pos == PROPN or _CAMEL_OR_DIGIT.match(tok.text)):  # (the regex last)
            continue
        kind = _appositive_type(tok)
        if kind is None:
            continue
        start = tok.i
        while start > 0 and toks[start - 1].dep_ == "compound" and toks[start - 1].head.i == tok.i \
                and toks[start - 1].pos_ == "PROPN" and not toks[start - 1].ent_type_:
            start -= 1
        start, end = _glued(doc, start, tok.i + 1)
        if end > start:
            out.append(Span(doc, start, end, label=kind))
    return out


def _coordinated_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """Names the model misses in a list with names it found: "Nike, Vantor and Temu" (typed as the
    list's first organisation or product; a proper noun coordinated with it, not a sentence's first word)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    kinds = {"ORG": "Company", "Company": "Company", "Product": "Product"}
    out: list[Span] = []
    for tok in toks:
        if tok.dep_ != "conj" or tok.ent_type or tok.pos != PROPN or tok.is_sent_start \
                or not (tok.is_title or tok.is_upper or _mixed_case(tok.text)):
            continue
        first = tok.head
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        kind = kinds.get(first.ent_type_)
        if kind is None or first.pos != PROPN:
            continue
        start = tok.i
        while start > 0 and toks[start - 1].dep_ == "compound" and toks[start - 1].head.i == tok.i \
                and toks[start - 1].pos == PROPN and not toks[start - 1].ent_type:
            start -= 1
        start, end = _glued(doc, start, tok.i + 1)
        if end > start and not (end < len(doc) and toks[end].ent_type):  # (not "Ares" of "Ares SSG Capital")
            out.append(Span(doc, start, end, label=kind))
    return out


def _web_name_spans(doc: Doc, toks: list[Token] | None = None) -> list[Span]:
    """Names written as a web address that the model misses: "58.com", "Quillmap.live" (typed by
    their apposition or compound noun, else a company)."""
    toks = toks if toks is not None else list(doc)  # one Token object per word, made once
    out: list[Span] = []
    for tok in toks:
        if "." not in tok.text or tok.ent_type and tok.ent_type_ != "CARDINAL" or not _WEB_NAME.match(tok.text) \
                or not (tok.text[0].isupper() or tok.text[0].isdigit()):
            continue
        span = doc[tok.i:tok.i + 1]
        kind = _appositive_type(tok) or _compound_type(span) or _such_as_kind(tok)
        out.append(Span(doc, tok.i, tok.i + 1, label=kind if kind in ("Company", "Product") else "Company"))
    return out


def _mixed_case(text: str) -> bool:
    """A word with a capital inside that is no acronym: "NetsUnion", "KwikPay" (not "UAE")."""
    inside = text[1:]
    return inside not in (inside.upper(), inside.lower())


def _known_name_end(doc: Doc, end: int, roles: set[str]) -> int:
    """The end of a longer proper name that a known name (ending at ``end``) heads: over capitalised
    proper nouns and "&" ("TikTok Shop", "Kestrel Home Products & Services", "Visa NetsPay"), not a
    title or a word of ``not_names`` ("Xiaomi CEO Lei Jun", "its X9 AI chip") unless the name goes on
    to a kind of organisation ("Baidu AI Lab": ``company_suffixes`` and ``org_name_ends``)."""
    kinds = _hashes(doc, "company_suffixes") | _hashes(doc, "org_name_ends.words")

    def word(k: int, loose: bool) -> bool:
        t = doc[k]
        if t.ent_type or t.is_sent_start or t.lower_ in roles or not (t.is_title or t.is_upper or _mixed_case(t.text)):
            return False
        if t.pos == PROPN:
            return loose or t.lower_ not in _not_names()
        return loose and t.lower in kinds  # "Lab" is sometimes a common noun

    def run(loose: bool) -> int:
        k = end
        while k < len(doc):
            if word(k, loose):
                k += 1
            elif doc[k].text == "&" and k > end and k + 1 < len(doc) and word(k + 1, loose):
                k += 2
            else:
                break
        return k

    strict, loose = run(False), run(True)
    last = doc[loose - 1]
    return loose if loose > strict and last.lower in kinds and last.lower_ not in _not_names() else strict


def _known_name_start(doc: Doc, ent: Span, roles: set[str], opening: bool = False) -> int:
    """The start of a longer company name that a known one ends ("Harlow Reuters"): capitalised proper
    nouns compounded with it, not a title, a word of ``not_names`` or the sentence's first word (with
    ``opening``, also the sentence's first word, but never a title of ``name_titles``: "Élodie" +
    "Marchand", not "Judge")."""
    titles = _hashes(doc, "name_titles.words")
    start = ent.start
    while start > 0 and (t := doc[start - 1]).pos == PROPN and t.is_title and not t.ent_type and t.whitespace_ \
            and (t.lower not in titles if opening else not t.is_sent_start) and t.dep_ == "compound" \
            and ent.start <= t.head.i < ent.end and t.lower_ not in roles and t.lower_ not in _not_names():
        start -= 1
    return start


def _longer_name_type(longer: Span, head: str) -> str:
    """The type of a longer name that a known name of type ``head`` heads: a company when it ends in a
    kind of organisation ("TikTok Technology", "Baidu AI Lab"), and a known company's business in a
    region ("Microsoft Research Asia", "China Telecom Americas"), one the text calls a company ("Visa
    NetsPay, the joint venture", "its subsidiary Kestrel Optics") or one that is taken over ("took
    over Rakuten Veloce"); else a product ("TikTok Shop", "Apple Pay")."""
    lex = lexicon()
    last = longer[-1]
    if last.lower_ in lex["company_suffixes"] or last.lower_ in lex["org_name_ends"]["words"] \
            or head == "Company" and _fund_phase(longer):
        return "Company"
    if head == "Company" and (last.ent_type_ in ("GPE", "LOC", "Place") or last.lower_ in lex["place_modifiers"]
                              or "Company" in (_appositive_type(longer.root), _compound_type(longer))
                              or _acquired(longer.root)):
        return "Company"
    return "Product"


def _fund_phase(longer: Span) -> bool:
    """Whether a name is a fund's name and the number of its phase: "Big Fund III", "Vision Fund 2"
    (a phase of a fund is a fund, no product: ``fund_phases``)."""
    k = len(longer) - 1
    while k > 0 and (longer[k].like_num or _ROMAN.match(longer[k].text)):
        k -= 1
    return k < len(longer) - 1 and longer[k].lower_ in lexicon()["fund_phases"]["words"]


def _variant_end(doc: Doc, end: int) -> int:
    """The end of a variant's name glued by a hyphen to a known product's name that ends at ``end``:
    "Qwen" + "-Coder", "Hunyuan" + "-Turbo", "Kimi" + "-VL" (a capitalised word or a code after the hyphen,
    no spaces), or ``end`` when none ("a TikTok-Style feed", "Android-based": ``product_variants``)."""
    not_words = _hashes(doc, "product_variants.not_words")
    k = end
    while k + 1 < len(doc) and not doc[k - 1].whitespace_ and doc[k].text == "-" and not doc[k].whitespace_ \
            and not doc[k + 1].is_punct and doc[k + 1].lower not in not_words \
            and (doc[k + 1].is_title or doc[k + 1].is_upper or _CAMEL_OR_DIGIT.match(doc[k + 1].text)):
        k = _word_end(doc, k + 1)
    return k


def _word_end(doc: Doc, k: int) -> int:
    """The end of the word written at token ``k``: over letters and digits the tokenizer split off
    ("10" + "T", "5" + "G")."""
    end = k + 1
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].is_digit):
        end += 1
    return end


def _model_number_end(doc: Doc, i: int) -> int:
    """The end of a model number after a product name ("6", "60 Pro", "5.0"), or ``i`` when none:
    not a year, an amount ("5 percent", "3 billion") or a count."""
    lex = lexicon()["model_numbers"]
    if i < len(doc) and _MODEL_CODE.match(code := doc[i:_word_end(doc, i)].text) and doc[i - 1].whitespace_ \
            and code.lower().lstrip("0123456789") not in lex["not_codes"]:
        end = _word_end(doc, i)  # a number with letters: "iPhone 6s", "Long March 5B", "Mi 10T 5G"
        while end < len(doc) and doc[end - 1].whitespace_ and (
                _MODEL_CODE.match(doc[end:_word_end(doc, end)].text) or doc[end].lower_ in lex["suffixes"]):
            end = _word_end(doc, end)
        return end
    if i >= len(doc) or not doc[i].like_num or not doc[i - 1].whitespace_ or len(doc[i].text) > 4 \
            or doc[i].text[:2] in ("19", "20") and len(doc[i].text) == 4 or "," in doc[i].text:
        return i
    if i + 1 < len(doc) and (doc[i + 1].lower_ in lex["units"] or doc[i + 1].is_currency):
        return i
    end = i + 1
    while end < len(doc) and doc[end].lower_ in lex["suffixes"] and doc[end - 1].whitespace_:
        end += 1
    return end


_PLACE_LABELS = {"Place", "GPE", "LOC"}


_LOCAL_LABELS = ("Place", "GPE", "NORP")  # what starts a local body's name: "Haidian District People's Court"


_ORG_LABELS = {"ORG", "Company"}


def _org_like_place(ent: Span) -> bool:
    """A one-word name the model took for a place that is no place: a corporate word ("Telecom")
    or a word with a capital inside ("KwikPay"), not an acronym ("UAE")."""
    return ent.label_ == "GPE" and len(ent) == 1 and (ent[0].lower_ in lexicon()["company_suffixes"]
                                                      or _mixed_case(ent.text))


def _acronym_end(doc: Doc, start: int, end: int) -> bool:
    """Whether the name words [start, end) after a place end in an acronym of two to five capitals
    after another name word: "Hunan" + "Qingshui KTL", not "Hunan" + "KTL" alone."""
    last = doc[end - 1]
    return end - start >= 2 and last.is_upper and last.is_alpha and 2 <= len(last) <= 5 \
        and not doc[end - 2].is_upper


def _split_state_body(a: Span, b: Span, gov: set[str]) -> bool:
    """Whether the model's organisations ``a`` "and" ``b`` are one state body's name that it cut at the
    "and": ``b`` ends in a capitalised word of ``government_words`` and ``a`` is one or two capitalised
    words the model guessed ("Post" + "Telecom Authority", "Trade" + "Industry Ministry"; the table's
    names carry their own type, and "Huawei and ZTE" has no state body's word)."""
    doc = a.doc
    return a.label_ == "ORG" and b.label_ == "ORG" and b.start == a.end + 1 and doc[a.end].lower_ in ("and", "&") \
        and len(a) <= 2 and a[0].is_title and b[0].is_title and b[-1].is_title and b[-1].lower_ in gov


def _merged_names(doc: Doc) -> list[tuple[int, int]]:
    """Organisation names that the table's place names cut in two, as token ranges:

    - "Bank of" + "Thailand", "Securities Association of" + "China" (a name ending in "of");
    - "Chengdu" + "Gaozhen Semiconductor" (a place before a name with a corporate suffix or a
      word of ``org_name_ends``: "Wuhan" + "Cross-Border Payments Association", also over a name the
      model found inside: "Nanjing" + "Jinling" + "Optics Research" + "Center"; or with an acronym
      after another name word: "Hunan" + "Qingshui KTL");
    - "Lantern" + "Tibet" (a name before a place that the text calls an organisation or gives a
      business: "Lantern Tibet, a Paris-based group", "was renamed Tamarind Korea");
    - "Hikvision" + "Canada", "Xiaomi Technology" + "India" (a company's local subsidiary; also an
      organisation the model found alone, "Harbour Light Studios" + "Chile", or took for a place,
      "Telecom" + "Peru", "KwikPay" + "Hong Kong").
    """
    lex = lexicon()
    company_suffixes, ends = set(lex["company_suffixes"]), set(lex["org_name_ends"]["words"])
    gov = {w for w in lex["government_words"] if " " not in w}
    suffixes = company_suffixes | gov | ends
    ents = list(doc.ents)
    out: list[tuple[int, int]] = []
    if not ents:  # a sentence with no name at all
        return out

    def name_word(k: int, glued: bool = False) -> bool:
        """A capitalised word outside any entity ("Jiao", "VIP", "E-commerce"); ``glued`` to the hyphen
        before it, any capitalised word ("Owned" of "State-Owned")."""
        if k >= len(doc):
            return False
        t = doc[k]
        if glued:
            return t.is_title and t.is_alpha and not t.ent_type_ and not doc[k - 1].whitespace_
        return t.pos_ == "PROPN" and (t.is_title or t.is_upper or t.text[:1].isupper() and "-" in t.text) \
            and not t.ent_type_ and bool(doc[k - 1].whitespace_)

    def org_end(k: int) -> int | None:  # the end of a model organisation name that starts at k
        if k < len(doc) and doc[k].ent_iob_ == "B" and doc[k].ent_type_ == "ORG" and doc[k - 1].whitespace_ \
                and not doc[k].is_lower:
            return next(e.end for e in ents if e.start == k)
        return None

    def name_end(k: int, orgs: bool = False) -> int:
        """Over capitalised words the model left out ("... Science and Technology", "Cross-Border")
        and, with ``orgs``, over the model's organisation names ("Post" + "Smart Logistics")."""
        while True:
            if name_word(k):
                k += 1
            elif k + 1 < len(doc) and doc[k].lower_ in ("and", "&") and doc[k - 1].pos_ == "PROPN" \
                    and (name_word(k + 1) or orgs and (e := org_end(k + 1)) and doc[e - 1].lower_ in suffixes):
                k += 1  # (not "China Life Insurance and PetroChina")
            elif k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ \
                    and doc[k - 1].pos_ == "PROPN" and name_word(k + 1, glued=True):
                k += 2
            elif orgs and (e := org_end(k)):
                k = e
            else:
                return k

    roles, modifiers = set(lex["role_nouns"]), set(lex["place_modifiers"]) | set(lex["place_plan_words"])
    for a, b in zip(ents, [*ents[1:], None], strict=True):
        if out and out[-1][1] > a.start:
            continue
        # "Telenor Pakistan", "Carrefour China": a name the model left out before a country is the
        # company's business there (not "Southeast Asia", "Chairman Li Beijing"); before any place, a
        # name the text calls an organisation or gives a business ("Lantern Tibet, a Paris-based group",
        # "the unit was renamed Tamarind Korea")
        if a.label_ in _PLACE_LABELS and len(a) <= 2 and a.start > 0:
            start = a.start
            while start > 0 and a.start - start < 2 and doc[start - 1].pos_ == "PROPN" \
                    and (doc[start - 1].is_title or doc[start - 1].is_upper) \
                    and doc[start - 1].ent_type_ in ("", "NORP") \
                    and doc[start - 1].whitespace_ and doc[start - 1].lower_ not in roles \
                    and doc[start - 1].lower_ not in modifiers and doc[start - 1].is_alpha:
                start -= 1
            if start < a.start and not (start > 0 and doc[start - 1].pos_ == "PROPN") \
                    and not (a.end < len(doc) and doc[a.end].pos_ == "PROPN") \
                    and (a.label_ == "Place" and not any(t.ent_type_ for t in doc[start:a.start])
                         or _appositive_type(a.root) == "Company" or _renamed_company(a.root)):
                out.append((start, a.end))
                continue
        if a.label_ == "ORG" and len(a) == 1 and a[0].lower_ in suffixes:
            # "Western Digital", "Aramco Digital": the model took only the generic last word
            start = a.start
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                    and not doc[start - 1].ent_type_ and doc[start - 1].whitespace_:
                start -= 1
            if start < a.start:
                out.append((start, a.end))
                continue
        if a.label_ in _PLACE_LABELS and len(a) <= 2 and a[-1].whitespace_ \
                and a.text.lower() not in lex["national_prefixes"]:
            end = name_end(a.end, orgs=True)  # "Shenzhen Hive Box Technology": no entity after the place
            if end > a.end and (doc[end - 1].lower_ in suffixes or _acronym_end(doc, a.end, end)):
                if doc[end - 1].lower_ in ends:
                    end = _of_name_end(doc, end)  # "Suzhou Institute of Marine Optics"
                out.append((a.start, end))
                continue
            # or one that the text calls a company: "Ningbo Tidewell, the city's shipping group"
            if end > a.end and "Company" in (_appositive_type(doc[end - 1]), _compound_type(doc[a.start:end])):
                out.append((a.start, end))
                continue
        if b is None:
            continue
        gap = doc[a.end:b.start]
        if a.label_ in _PLACE_LABELS and len(a) <= 2 and 2 <= len(gap) <= 4 and gap[-1].tag_ == "POS" \
                and all(name_word(k) for k in range(a.end, b.start - 1)) and b.label_ == "ORG" \
                and any(t.lower_ in gov for t in b):
            out.append((a.start, b.end))  # "the US Attorney's Office for ...": a state body's title with its place
            continue
        if _split_state_body(a, b, gov):
            out.append((a.start, b.end))  # "Post" + "and" + "Telecom Authority"
            continue
        adjacent = b.start == a.end and a[-1].whitespace_ and not a[-1].is_punct
        if not adjacent:
            # "Xiaomi Technology India": one or two unlabelled name words between ("Quillo Technology
            # Peru": after a known product name, when the last of them is a corporate word)
            adjacent = 0 < len(gap) <= 2 and name_end(a.end) == b.start and b.label_ in _PLACE_LABELS \
                and (a.label_ in _ORG_LABELS or a.label_ == "Product" and gap[-1].lower_ in company_suffixes)
        if not adjacent:
            continue
        if len(b) == 1 and b.label_ in _ORG_LABELS and b[0].lower_ in suffixes and b.start == a.end \
                and a.label_ in _ORG_LABELS | {"NORP", "Product"}:
            out.append((a.start, b.end))  # "Western" + "Digital", "Aramco" + "Digital"
        elif a.label_ in _ORG_LABELS and a[-1].lower_ in ("of", "the") and b.label_ in _PLACE_LABELS:
            out.append((a.start, name_end(b.end)))
        elif a.label_ in _PLACE_LABELS and b.label_ in _ORG_LABELS | {"GovernmentBody"}:
            end = name_end(b.end)
            if len(a) <= 2 and a.text.lower() not in lex["national_prefixes"] \
                    and (doc[end - 1].lower_ in suffixes or b.label_ == "Company" and a.root.dep_ == "compound"
                         and a.root.head.i in range(b.start, end)  # "Yantai Haier": a known company's unit
                         and not (a.start > 0 and doc[a.start - 1].is_sent_start)):  # (not "In Yantai Haier")
                out.append((a.start, end))
        # (a gap of name words was only let through after an organisation or a product's company name)
        elif (a.label_ in _ORG_LABELS or gap or _org_like_place(a)) and b.label_ in _PLACE_LABELS and len(b) <= 2 \
                and not (b.end < len(doc) and doc[b.end].pos_ == "PROPN") and a[0].is_sent_start is not True:
            out.append((a.start, b.end))
    return out


@Language.component("kg_names")
def kg_names(doc: Doc) -> Doc:
    """Join organisation names that a place name cut in two (see :func:`_merged_names`)."""
    merged = _merged_names(doc)
    if merged:
        spans = [Span(doc, s, e, label="ORG") for s, e in merged]
        covered = {i for s, e in merged for i in range(s, e)}
        doc.ents = sorted([e for e in doc.ents if covered.isdisjoint(range(e.start, e.end))] + spans,
                          key=lambda e: e.start)
    return doc


@Language.component("kg_mentions")
def kg_mentions(doc: Doc) -> Doc:
    """Collect typed mentions into ``doc.spans['kg']``: table entities first, then typed model entities."""
    spans: list[Span] = []
    taken: set[int] = set()
    roles = set(lexicon()["role_nouns"])
    kinds = _hashes(doc, "company_suffixes") | _hashes(doc, "bare_kind_words")

    def add(span: Span, label: str, kb_id: str = "") -> None:
        if any(i in taken for i in range(span.start, span.end)):
            return
        text = span.text.strip(" '\u2019\"“”")
        # names have capitals (or start with a digit: "58.com")
        if not text or (text.lower() in _not_names() and not kb_id) or not any(c.isalpha() for c in text) \
                or _PLURAL_ACRONYM.match(text) or (not kb_id and text == text.lower() and not text[0].isdigit()):
            return
        if not kb_id and len(span) == 1 and span[0].lower in kinds:
            return  # a word that only says what kind of body it is: "Group", "Holdings", "Cabinet"
        if label == "Person":  # a title is not part of the name: "Founder Lei Jun", "Model Y. Founder"
            titles = [k for k, t in enumerate(span) if t.lower_ in roles]
            if titles:
                span = span[titles[-1] + 1:]
                if not len(span):
                    return
        while len(span) > 1 and (span[-1].text in ("-", "–") or span[-1].is_lower and span[-1].is_stop):
            span = span[:-1]  # "the Jardine Matheson-controlled group", "sell Intime Retail to X"
        if not kb_id and label in ("GovernmentBody", "Company"):
            # the place it belongs to is no part of the name: "China's Ministry of Finance"
            cut = [k for k, t in enumerate(span[:-1]) if t.tag_ == "POS" and k > 0 and not span[k + 1].is_lower
                   and span[k - 1].ent_type_ in ("GPE", "NORP", "Place")]
            if cut:
                span = span[cut[-1] + 1:]
        if label == "GovernmentBody":  # "the Beijing Municipal Commission of Housing and Urban-Rural Development"
            span = doc[span.start:_of_name_end(doc, span.end)]
        # drop a leading determiner or common noun the model sometimes includes ("the State
        # Administration ...", "start-up Cluno")
        # (a capitalised one inside a sentence is part of the name: "The Hague", "A Holdings")
        while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") and (span[0].is_lower or span[0].is_sent_start)
                                 or span[0].is_lower and not kb_id):
            span = span[1:]
        if label in ("Company", "Product") and not kb_id:  # "Journey 6", "Mate 60 Pro", "Falcon 9"
            if span[-1].like_num and (glued := _word_end(doc, span.end - 1)) > span.end \
                    and not any(i in taken for i in range(span.end, glued)):
                span, label = doc[span.start:glued], "Product"  # "Mi 10" + "T"
            end = _model_number_end(doc, span.end)
            if end == span.end and span.start > 0 and doc[span.start - 1].tag_ in ("PRP$", "POS"):
                end = _bracketed_number_end(doc, span.end)  # "its Phone (2)": a model's generation
            if end > span.end and not any(i in taken for i in range(span.end, end)):
                span, label = doc[span.start:end], "Product"
        for k, t in enumerate(span):  # "the State Administration for Market Regulation (SAMR"
            # (but "Veeco Instruments (Shanghai)", "Harbin Glass (Hong Kong)": a place in brackets; "its
            # Phone (2)": a model's generation)
            close = next((j for j in range(k + 2, min(k + 4, len(span))) if span[j].text == ")"), None)
            if t.text == "(" and k > 0 and not (close and all(w.is_title for w in span[k + 1:close])) \
                    and not (label == "Product" and _bracketed_number_end(doc, span.start + k) == span.end):
                span = span[:k]
                break
        spans.append(Span(doc, span.start, span.end, label=label, kb_id=kb_id))
        taken.update(range(span.start, span.end))

    toks = list(doc)
    suffix_names = _suffix_name_spans(doc, toks)
    local_bodies = [s for s in suffix_names if doc[s.start].ent_type_ in _LOCAL_LABELS]
    for span in _state_government_spans(doc, toks) + local_bodies:
        add(span, "GovernmentBody")  # before the place names they hold
    for span in _bracketed_place_names(doc, toks):
        add(span, "Company")
    for ent in doc.ents:
        if ent.label_ in _TABLE_TYPES:
            # a known name heading a longer proper name is another product or organisation: "TikTok
            # Shop", "NetEase Cloud Music", "Tmall Global" (not "Xiaomi CEO Lei Jun")
            end = _known_name_end(doc, ent.end, roles)
            if ent.label_ in ("Company", "Product"):  # a model of a known name: "iPhone 16", "OnePlus 9"
                end = _model_number_end(doc, end)
            if ent.label_ == "Product" and end == ent.end:
                end = _variant_end(doc, end)  # "Qwen-Long", "Qwen2.5-Max": a variant glued to a known product
            if end > ent.end and ent.label_ in ("Company", "Product"):
                # and over known names right before it: "Taobao Tmall Commerce Group"
                start = ent.start
                while start > 0 and doc[start - 1].ent_type_ in ("Company", "Product") \
                        and doc[start - 1].whitespace_ and doc[start - 1].pos_ == "PROPN":
                    start -= 1
                for i in range(start, ent.start):
                    taken.discard(i)
                spans[:] = [s for s in spans if s.end <= start or s.start >= ent.start]
                longer = Span(doc, start, end)
                add(longer, _longer_name_type(longer, ent.label_))
            elif ent.label_ == "Company" and (start := _known_name_start(doc, ent, roles)) < ent.start:
                add(doc[start:ent.end], "Company")  # a known company's name ending a longer one: "Harlow Reuters"
            else:
                add(ent, ent.label_, ent.ent_id_)
    # "a stake in Kaola", "sued Lufax": a name the model took for a place is an organisation there
    org_slots = {s.start for s in _trigger_object_spans(doc, places=True, toks=toks)}
    read_as: dict[str, str] = {}  # names typed from their context, not by the model's label
    products = _product_spans(doc, toks)
    for ent in doc.ents:
        if ent.label_ in _TABLE_TYPES:
            continue
        if (longer := _cut_product(ent, products, taken)) is not None:
            read_as.setdefault(longer.text, "Product")
            add(longer, "Product")  # "the Le Vantro3 smartphone", "a Kestrel V rocket": the model cut the name
            continue
        t = _name_type(ent, "ORG" if _named_group(ent) else ent.label_)
        if t == "Place" and org_slots.intersection(range(ent.start, ent.end)):
            t = "Company"
        # "Tencent launched Huanhe", "Horizon unveiled Journey": what is launched is a product (but the
        # new name of a business is a company: "its payments arm, renamed Velto"); no one launches a
        # person either ("launched the Maple Latte"), though one introduces "Ann Roe as ..."
        if t in ("Company", "Place", "Product") and _renamed_company(ent.root):
            t = "Company"
        elif t in ("Company", "Place", "Person") and ent.root.dep_ == "dobj" \
                and ent.root.head.lemma_.lower() in lexicon()["release_verbs"] \
                and not any(c.lower_ == "as" for c in ent.root.head.children):
            t = "Product"
        if t in ("Company", "Person") and (start := _known_name_start(doc, ent, roles, opening=True)) < ent.start:
            ent = doc[start:ent.end]  # "Star" + "China Media": a first word the model left out of the name
        if t in ("Person", "Company") and len(ent) == 1 and _ordinary_first_word(ent[0]) \
                and not (_appositive_type(ent.root) or _compound_type(ent)):
            continue  # a common word that starts the sentence, of which the text says nothing: "Vaccines are ..."
        if t == "Company" and (cut := _coordinated_cut(ent)):  # "Velora Life and Quvan Life": two companies
            add(doc[ent.start:cut], t)
            add(doc[cut + 1:ent.end], t)
            continue
        # a model "entity" that holds a table name inside ("the State Administration ... (SAMR")
        if t:
            if t == "Product" and t != _NER_TYPES.get(ent.label_):
                read_as[ent.text] = t  # the text says what this name is
            add(ent, t)
    for span in products + _possessed_model_spans(doc, toks):
        read_as.setdefault(span.text, "Product")
        add(span, "Product")
    for span in _seat_place_spans(doc, toks):
        add(span, "Place")
    not_prefixes = set(lexicon()["model_numbers"]["not_code_prefixes"])
    for tok in toks:  # a name with a model number: "Zhuque-2", "Kuaizhou-1A"; a part number: "STM32"
        # (also one the model took for a count: "unveiled the T770")
        if tok.is_alpha or tok.ent_type and tok.ent_type_ != "CARDINAL" or tok.is_punct:
            continue
        part = _PART_NUMBER.match(tok.text)
        if _DESIGNATION.match(tok.text) or (part and part.group(1).lower() not in not_prefixes):
            start = tok.i  # and the model's name the model left out before it: "the Dorva X50"
            while start > 0 and toks[start - 1].pos_ == "PROPN" and toks[start - 1].is_title \
                    and not toks[start - 1].ent_type_ and toks[start - 1].dep_ == "compound" \
                    and toks[start - 1].head.i == tok.i:
                start -= 1
            add(doc[start:tok.i + 1], "Product")
    for span in _appositive_spans(doc, toks):
        add(span, span.label_)
    people = _titled_person_spans(doc, toks) + _object_person_spans(doc, toks) + _subject_person_spans(doc, toks)
    for span in people:
        add(span, "Person")
    orgs = suffix_names + _participle_org_spans(doc, toks) + _trigger_object_spans(doc, toks=toks) \
        + _coordinated_spans(doc, toks) + _web_name_spans(doc, toks)
    for span in orgs:
        add(span, span.label_)
    # one sense per story: a name the text once typed from its context is that wherever else the story
    # names it and the model only guessed ("Quillo, the news app" ... "Quillo said")
    spans = [Span(doc, s.start, s.end, label=read_as[s.text]) if s.text in read_as and not s.kb_id
             and doc[s.start].ent_type_ == "ORG" and s.label_ == "Company" else s for s in spans]
    doc.spans[MENTIONS] = sorted(spans, key=lambda s: s.start)
    return doc
