"""Rules that read the word order where the parse fails: ``surface``, ``possessive-surface``
and ``contact-relative``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from spacy.tokens import Token

from ...ontology.model import Entity
from .context import SentenceContext, _entities_of_one, _lemma, _words, by_word, fits

_POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}


_SKIP_LEFT = {"has", "have", "had", "also", "recently", "officially", "quietly", "formally", "now", "then",
              "reportedly", "finally", "just", "already", "today", "yesterday"}


_SKIP_RIGHT = {"its", "their", "the", "a", "an", "his", "her", "new", "own"}


def _left_name(ctx: SentenceContext, i: int) -> Entity | None:
    """The name a verb at ``i`` follows, skipping adverbs, auxiliaries and one ", appositive,"."""
    doc, start = ctx.sent.doc, ctx.sent.start
    j = i - 1
    while j >= start and doc[j].lower_ in _SKIP_LEFT:
        j -= 1
    if j >= start and doc[j].text == ",":
        k = j - 1
        while k >= start and k >= j - 14 and doc[k].text != ",":
            k -= 1
        if k < start or doc[k].text != ",":
            return None
        j = k - 1
    if j < start:
        return None
    # a name, or "it" / "the company" / "the regulator, the Data Protection Commission," for one
    return ctx.mention.get(j) or next(iter(_entities_of_one(doc[j], ctx, 0)), None)


def _right_name(ctx: SentenceContext, i: int) -> Entity | None:
    doc, end = ctx.sent.doc, ctx.sent.end
    j = i + 1
    while j < end and j - i <= 4 and j not in ctx.mention and (doc[j].lower_ in _SKIP_RIGHT or doc[j].pos_ == "ADJ"):
        j += 1
    e = ctx.mention.get(j)
    k = j
    while e is not None and k < end and ctx.mention.get(k) is e:
        k += 1
    if k < end and doc[k].text in _POSSESSIVE_MARKS:
        return None  # "removed Meta Platforms' WhatsApp": the owner is not what was removed
    if e is not None and doc[k - 1].dep_ in ("compound", "nmod", "amod") and doc[k - 1].head.i >= k \
            and doc[k - 1].head.lemma_.lower() in _words("facility_nouns"):
        return None  # "bought a Sharp television factory": the owner's site, not the owner
    return e


def _surface_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """NAME [, appositive,] VERB NAME read from the token order: "Alibaba Cloud, the group's arm,
    released Qwen2.5-Max" when the parser gets the clause wrong. Active verbs with a direct object."""
    direct = _direct_triggers()
    for tok in ctx.tokens:
        if tok.tag_ not in ("VBD", "VBZ", "VBP") or _lemma(tok) not in direct:
            continue
        s, o = _left_name(ctx, tok.i), _right_name(ctx, tok.i)
        if s is None or o is None:
            continue
        yield from _direct_readings(s, o, direct[_lemma(tok)], "surface", tok)


def _direct_readings(s: Entity, o: Entity, trigs: list[dict[str, Any]], rule: str, tok: Token
                     ) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """What a doer ``s`` and a thing acted on ``o`` of a direct trigger verb read, for each of its
    trigger entries whose types they fit (an inverse entry swaps them)."""
    for trig in trigs:
        if "subject_types" in trig and not fits(s.type, trig["subject_types"]) \
                or "object_types" in trig and not fits(o.type, trig["object_types"]) \
                or trig.get("unit_owners") and o.type == "Place":  # "P ran its China business"
            continue
        pair = (o, s) if trig.get("inverse") else (s, o)
        yield pair[0], trig["predicate"], pair[1], rule, tok


def _contact_relative_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """ "X, the review site P founded in 2003, ...", "Y, a studio X bought in 2019": a relative
    clause without "that" on a name's description, read from the token order (the parser makes its
    subject an apposition and its verb the sentence's). The verb's doer is the name just before it,
    what it acts on the name the description follows. Past-tense verbs with a direct object."""
    doc, direct = ctx.sent.doc, _direct_triggers()
    for tok in ctx.tokens:
        if tok.tag_ not in ("VBD", "VBN") or _lemma(tok) not in direct or tok.i - 1 not in ctx.mention \
                or any(c.dep_ == "auxpass" for c in tok.children):
            continue
        s = ctx.mention[tok.i - 1]
        j = tok.i - 1
        while j >= ctx.sent.start and ctx.mention.get(j) is s:
            j -= 1
        while j >= ctx.sent.start and (ctx.mention[j].type == "Place" if j in ctx.mention else (
                doc[j].pos_ in ("NOUN", "ADJ") or doc[j].text == "-" or doc[j].dep_ in ("amod", "npadvmod"))):
            j -= 1  # the description's words: "the Shanghai-based review site"
        if j - 2 < ctx.sent.start or doc[j].lower_ not in ("the", "a", "an") or doc[j - 1].text != ",":
            continue
        o = ctx.mention.get(j - 2)
        if o is None or o is s:
            continue
        trigs = direct[_lemma(tok)]
        if not s.known and all(t.get("subject_types") == ["Person"] for t in trigs):
            # "the review site P founded": the parser (and the typing) takes the description for
            # the name's; a verb only persons do says what the unknown name is
            s = replace(s, type="Person")
        yield from _direct_readings(s, o, trigs, "contact-relative", tok)


@cache
def _direct_triggers() -> dict[str, list[dict[str, Any]]]:
    """Verb triggers whose object is a direct object, by lemma (the surface rule reads only these)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for lemma, trigs in by_word("verb_triggers").items():
        direct = [t for t in trigs if "dobj" in t.get("active_objects", []) and not t.get("object_operates")
                  and "particles" not in t and "frame" not in t and "prep_nouns" not in t and "onset_heads" not in t]
        if direct:
            out[lemma] = direct
    return out


def _possessive_surface_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """ "X's Y", "X’ super app Y": a name, a possessive mark, at most three words ending in an
    ownable noun, then a name. Read from the tokens, so a misparse does not lose it."""
    doc, ownable = ctx.sent.doc, _words("ownable_nouns")
    for tok in ctx.tokens:
        if tok.text not in _POSSESSIVE_MARKS or tok.i - 1 not in ctx.mention:
            continue
        owner = ctx.mention[tok.i - 1]
        j = tok.i + 1
        words: list[Token] = []
        while j < ctx.sent.end and j not in ctx.mention and len(words) < 3 and doc[j].is_alpha \
                and not doc[j].is_title:
            words.append(doc[j])
            j += 1
        if j in ctx.mention and (not words or words[-1].lower_ in ownable):
            yield owner, "owns", ctx.mention[j], "possessive", tok
