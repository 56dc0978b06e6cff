"""Rules on deals, partners and funding: ``compound``, ``compound-owner``, ``co-agent``,
``partnership-party``, ``licence``, ``market-rivals``, ``round-leader``, ``named-unit``,
``funding-source``, ``backer-salient``, ``presented-as``, ``becoming-holder``, ``cross-holding``,
``joint-parties``, ``rival-product``, ``named-partner`` and ``named-buyer``.

Twenty-third round (issue 9), A/B-tested on all 113 dev digests: ``named-buyer`` ("Y completed a
take-private. The buyer was X": the buyer a noun names bought into the company of the deal the
sentence before reports; +2 tp, +0 fp, 2 digests).

Twenty-fourth round (issue 9), A/B-tested on all 113 dev digests: ``joint-parties`` also reads the
doers of a common work done jointly or together ("A and B agreed to jointly develop Z", "the two
companies said they would jointly develop Z"; ``_joint_doers``; +2 tp, +0 fp, 2 digests).
Also ``round-leader`` reads who took
part "in" a later round of the company an earlier round of the sentence names, and the first of
two names the parser merges in a "with A and B taking part" clause (+2 tp, +0 fp, 2 digests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Token

from ...ontology.model import Entity
from ..anaphora import _predicate_relation, story_company
from ..lexicon import lexicon
from .context import (
    SentenceContext,
    _agents,
    _clause_verb,
    _co_agent_prep,
    _conjuncts,
    _described,
    _entities_of_one,
    _given_as_name,
    _holder_predicate,
    _is_passive,
    _lemma,
    _name_before_phrase,
    _named_after,
    _own_modifier,
    _owners,
    _phrase_head,
    _prep_objects,
    _share,
    _slot,
    _subjects,
    _words,
    by_word,
    entities_of,
)


def _compound_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Two names joined by a relational word: "TikTok parent ByteDance", "Microsoft-owned LinkedIn",
    "Hangzhou-based DeepSeek" (the second name may be the head noun the phrase describes)."""
    doc, index = ctx.sent.doc, by_word("compound_relations")
    for tok in ctx.tokens:
        for trig in index.get(tok.lower_, ()):
            hyph = trig.get("hyphenated")
            if hyph:
                # "X-owned Y": X, "-", "owned", then the head the phrase modifies
                if tok.lower_ != hyph or tok.i < 2 or doc[tok.i - 1].text != "-":
                    continue
                left = ctx.mention.get(tok.i - 2)
                # "Amazon and Walmart-owned Flipkart": the modifier covers the names after it only
                # ("the Manila-based A, Vietnam's B and C": in a list whose names carry modifiers of
                # their own, it covers its own name only)
                described = _phrase_head(tok.head, ctx)
                heads = [t for t in _conjuncts(described) if t.i > tok.i]
                if any(_own_modifier(t, ctx) for t in heads if t.i != described.i):
                    heads = [described]
                rights = [e for t in heads for e in _entities_of_one(t, ctx, 0)] if tok.head.i != tok.i else []
                # "A, the Hefei-based speech specialist B, and C": a singular kind noun that a name
                # follows introduces that name, whatever the parser hangs the phrase on (not a person
                # nor the subject of a relative clause: "the Shanghai-based site P founded")
                k = described.i + 1
                named = ctx.mention.get(k) \
                    if described.is_lower and described.tag_ != "NNS" and tok.head.i != tok.i else None
                while named is not None and ctx.mention.get(k) is named:
                    k += 1
                if named is not None and named.type in ("Company", "Product") \
                        and not (k < ctx.sent.end and doc[k].pos_ == "VERB" and doc[k].head.i == described.i):
                    rights = [named]
                if not rights and tok.head.i != tok.i and described.is_lower:
                    rights = _name_before_phrase(described, ctx)  # "Unisoc, the Shanghai-based designer"
            else:
                if tok.lower_ not in trig["nouns"] or tok.i < 1 or tok.i + 1 >= len(doc):
                    continue
                left, right = ctx.mention.get(tok.i - 1), ctx.mention.get(tok.i + 1)
                rights = [right] if right is not None else []
            if left is None:
                continue
            if trig["predicate"] == "basedIn" and left.type in ("Company", "GovernmentBody") and not left.known:
                # "the Düsseldorf-based owner": a company's seat is a place, whatever the model typed
                # ("the MIPS-based architecture" is no seat)
                if not (tok.head.i in ctx.mention or tok.head.lemma_.lower() in _words(
                        "typing_nouns.Company", "anaphora.company_nouns")):
                    continue
                left = replace(left, type="Place")
            lefts = [left]
            if hyph and left.type == "Place":  # "the Irvine, California-based maker": the city, the most specific
                k = tok.i - 2
                while k > ctx.sent.start and ctx.mention.get(k - 1) is left:
                    k -= 1
                city = ctx.mention.get(k - 2) if k - 2 >= ctx.sent.start and doc[k - 1].text == "," else None
                if city is not None and city.type == "Place":
                    lefts = [city]
                    # "X, the Waltham, Massachusetts-based maker": the parser makes the noun an
                    # apposition of the city, itself in apposition to the name the phrase describes
                    if doc[k - 2].dep_ == "appos" and all(r in (city, left) for r in rights):
                        rights = _entities_of_one(doc[k - 2].head, ctx, 0)
            for r in rights:
                for lt in lefts:
                    if trig["direction"] == "left_to_right":
                        yield lt, trig["predicate"], r, "compound", tok
                    else:
                        yield r, trig["predicate"], lt, "compound", tok


def _compound_owner_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A unit noun compounded with its owner, describing a name: "X, a Baidu unit", "the AbbVie
    subsidiary that markets Y" (in apposition), "X is a Hengtong Group subsidiary"."""
    units = _words("unit_nouns")
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in units or tok.i in ctx.mention:
            continue
        owners = [ctx.mention[c.i] for c in tok.children if c.dep_ in ("compound", "nmod") and c.i in ctx.mention
                  and ctx.mention[c.i].type == "Company"]
        if not owners:
            continue
        for x in _described(tok, ctx):
            if x.type in ("Company", "Product"):
                for o in owners:
                    yield o, "owns", x, "compound-owner", tok


def _co_agent_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A clause's doer and a co-agent named with "together with" / "jointly with": "JCET financed
    the purchase together with the Big Fund", "a system built by iFlytek jointly with Tsinghua
    University" (partnersWith; the doer is the by-agent of a passive)."""
    for tok in ctx.tokens:
        if not _co_agent_prep(tok):
            continue
        verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        # "introduced X together with the Y processor": a thing launched along is no partner
        partners = [e for p in tok.children if p.dep_ == "pobj" for e in entities_of(p, ctx) if e.type == "Company"]
        for s in _slot(verb, "subject", ctx):
            for o in partners:
                yield s, "partnersWith", o, "co-agent", verb


def _partnership_party_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A partnership that names no partner, which a clause's doer acts under or signs along with a
    deal, is with the other party of that deal: "X invested $50 million in Y under a strategic
    partnership", "X sold Z to Y, signing a wider alliance", "X agreed to issue bonds to Y and signed
    a collaboration agreement" (``partnership_parties``; partnersWith; not "under the agreement", a
    sale contract, nor "its alliance", one of its own)."""
    lex = lexicon()["partnership_parties"]
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or not (tok.lemma_.lower() in lex["nouns"] or any(
                c.dep_ in ("compound", "amod") and c.lemma_.lower() in lex["nouns"] for c in tok.children)):
            continue
        if any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in lex["preps"] and tok.head.head.pos_ == "VERB":
            verbs = [tok.head.head]  # "invested in Y under a partnership"
        elif tok.dep_ == "dobj" and _lemma(tok.head) in lex["verbs"]:
            # "X sold Z to Y, receiving ... and signing an alliance": the deals the signing goes with
            verbs, v = [], tok.head
            while v.dep_ in ("conj", "advcl") and v.head.pos_ in ("VERB", "AUX") and v.head.i != v.i:
                v = v.head
                verbs.append(v)
        else:
            continue
        doers = [e for e in _slot(tok.head if tok.dep_ == "dobj" else verbs[0], "subject", ctx)
                 if e.type == "Company"]
        for v in verbs:
            # the first preposition that names one: "sold its stake in Z to Y" is with Y
            others = next((found for p in lex["party_preps"] if (found := [
                e for t in (v, *[c for c in v.children if c.dep_ == "xcomp"])
                for e in _prep_objects(t, [p], ctx) if e.type == "Company" and e not in doers])), [])
            if others:
                for s in doers:
                    for o in dict.fromkeys(others):
                        yield s, "partnersWith", o, "partnership-party", tok
                break


def _licence_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A licence between two companies makes them partners (``licensing``): "X licensed Y's
    operating system", "Y, whose designs X licensed", "X licenses its technology to Y", "X sells
    phones under a licence from Y", "X signed a patent licence with Y", "A and B signed a
    cross-licence" (partnersWith; companies only: a licence a state body grants is no partnership)."""
    lex = lexicon()["licensing"]
    for tok in ctx.tokens:
        if tok.pos == VERB and _lemma(tok) in lex["verbs"] and not _is_passive(tok):
            holders = _subjects(tok, ctx)
            parties = [e for c in tok.children if c.dep_ == "dobj" for e in _owners(c, ctx)]
            parties += _prep_objects(tok, lex["verb_preps"], ctx)
        elif tok.pos == NOUN and tok.lemma_.lower() in lex["nouns"]:
            parties = _prep_objects(tok, lex["noun_preps"], ctx) + [  # "a licence to its patents"
                e for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"
                for p in c.children if p.dep_ == "pobj" for e in _owners(p, ctx)]
            holders = _owners(tok, ctx)
            if not holders and tok.dep_ in ("dobj", "pobj"):
                verb = tok.head if tok.dep_ == "dobj" else tok.head.head  # "sells it under a licence from Y"
                holders = _slot(verb, "subject", ctx) if verb.pos in (VERB, AUX) else []
        else:
            continue
        holders = list(dict.fromkeys(e for e in holders if e.type == "Company"))
        parties = list(dict.fromkeys(e for e in parties if e.type == "Company"))
        if not holders and tok.pos == NOUN:  # "a licence between A and B", "between the two"
            holders, parties = parties[:1], parties[1:]
        if not parties and tok.pos == NOUN and tok.dep_ == "dobj":  # "A and B signed a cross-licence"
            holders, parties = holders[:1], holders[1:]
        for s in holders:
            for o in parties:
                if o != s:
                    yield s, "partnersWith", o, "licence", tok


def _market_rivals_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Companies that together split or lead a market compete in it (``market_rivals``): "A and B
    split most of the market between them", "A and B control 90 percent of the market", "With A and
    B, C dominates the market" (competesWith, each pair; names before the verb only)."""
    lex = lexicon()["market_rivals"]
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or _lemma(verb) not in lex["verbs"]:
            continue
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if not any(o.lemma_.lower() in lex["nouns"] or any(
                p.lemma_.lower() in lex["nouns"] for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj") for o in objs):
            continue
        doers = [*_subjects(verb, ctx), *[e for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                                          and c.i < verb.i for p in c.children if p.dep_ == "pobj"
                                          for e in entities_of(p, ctx)]]
        doers = list(dict.fromkeys(e for e in doers if e.type in ("Company", "Product")))
        for k, s in enumerate(doers):
            for o in doers[k + 1:]:
                yield s, "competesWith", o, "market-rivals", verb


def _round_leader_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A funding round and who led or joined it (``round_leaders``): "Y raised $200 million in a
    round led by X", "Y's Series B round was led by X", "a round completed in 2021 and led by X",
    "Y completed a round that brought in X and Z", "X led the round, and Z also took part" (the
    round the sentence before says Y raised, or the sum it says Y raised: "Y raised $40 million. A
    and B were among the backers of the round"), "Y's funding came from a round led by X", "X led a
    round in Y, and Z took part in a later round" (investsIn: they invest in whoever raised it)."""
    lex = lexicon()["round_leaders"]
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex["nouns"] or tok.i in ctx.mention:
            continue
        led = [v for c in tok.children if c.dep_ == "acl" for v in (c, *c.conjuncts)
               if v.tag_ == "VBN" and _lemma(v) in lex["verbs"]]
        if tok.dep_ == "nsubjpass" and _lemma(tok.head) in lex["verbs"]:
            led.append(tok.head)
        if tok.dep_ == "pobj" and tok.head.lower_ == "from":
            # "X's funding came from a round completed in 2021 and led by A": the parser coordinates
            # the participle after the round with the verb it came "from"
            led += [v for v in tok.head.head.conjuncts if v.i > tok.i and v.tag_ == "VBN" and _lemma(v) in lex["verbs"]]
        leaders = [e for v in led for e in _agents(v, ctx)]
        if tok.dep_ == "dobj" and _lemma(tok.head) in lex["verbs"]:
            # "X led the round, and Y also took part": the subjects of the verb and of the clauses
            # coordinated with it that join (``joining_clauses``)
            leaders += [e for v in (tok.head, *[c for c in tok.head.conjuncts if _joins(c, lex)])
                        for e in _subjects(v, ctx)]
        leaders += _round_backers(tok, ctx, lex)
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and _joins(tok.head.head, lex):
            leaders += _subjects(tok.head.head, ctx)  # "Z took part in a later round", "Z joined in the round"
        leaders += [e for c in tok.children if c.dep_ == "relcl" for v in (c, *c.conjuncts)
                    if _lemma(v) in lex["joining_verbs"] for d in v.children if d.dep_ == "dobj"
                    for e in entities_of(d, ctx)]
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        raised = tok.dep_ in ("pobj", "dobj") and _lemma(verb) in lex["raising_verbs"]
        # "..., with Z among the participants", "with participation from Z": on the round, a clause
        # on it, the raising verb or the verb its money came "from"
        source = tok.dep_ == "pobj" and tok.head.lower_ == "from"
        leaders += _round_participants([tok, *[c for c in tok.children if c.dep_ in ("acl", "relcl")],
                                        *([verb] if raised or source else []), *led], ctx)
        if not leaders:
            continue
        raisers = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)] \
            or _prep_objects(tok, ["for", "in", "into"], ctx)
        if not raisers and raised:
            raisers = _subjects(verb, ctx)  # "Y raised money in a round led by X"
        if not raisers:
            raisers = _round_owner(tok, ctx, lex) or _earlier_round_raisers(tok, ctx, lex)
        if not raisers and any(c.dep_ == "det" and c.lower_ in ("the", "that") for c in tok.children):
            raisers = _earlier_raisers(ctx, lex)  # "the round": the one the sentence before raised
        for s in leaders:
            for o in raisers:
                if o not in leaders:
                    yield s, "investsIn", o, "round-leader", tok
    yield from _stakes_in_raiser(ctx, lex)


def _stakes_in_raiser(ctx: SentenceContext, lex: dict[str, Any]) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A stake that names no company, taken right after a sentence on a sum a company raised, or on
    a company set up, is in that company: "Y raised $1 billion in June by issuing shares. A and B took
    stakes, alongside C", "Y was set up in 2014. A put in the largest share, while B took 30 percent"
    (``round_leaders.stake_nouns``, a minority share of ``share_nouns``, ``stake_verbs``; with the
    names ``copula_companions`` sets beside the takers)."""
    for tok in ctx.tokens:
        # "put in the largest share": the phrasal verb's "in" is no company's
        put_in = tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ == "VERB"
        verb = tok.head.head if put_in else tok.head
        share = _share(tok)
        if not (tok.lemma_.lower() in lex["stake_nouns"] or share is not None and share <= 0.5) \
                or tok.dep_ != "dobj" and not put_in \
                or _lemma(verb) not in lex["stake_verbs"] or any(c.dep_ in ("poss", "prep") for c in tok.children) \
                or any(c.dep_ == "prep" and c.lower_ in ("in", "of") and c.i != tok.head.i for c in verb.children):
            continue
        raisers = _earlier_raisers(ctx, lex) or _earlier_founded(ctx)
        for s in _subjects(verb, ctx) + _prep_objects(verb, lexicon()["copula_companions"]["preps"], ctx):
            for o in raisers:
                if s is not o:
                    yield s, "investsIn", o, "round-leader", tok


def _earlier_founded(ctx: SentenceContext) -> list[Entity]:
    """The company the sentence before says was set up ("Y was created in 2014", "P
    founded Y in 2010"): the passive subject or the object of a founding verb (``funding_sources``)."""
    if ctx.before is None:
        return []
    verbs = _words("funding_sources.founding_verbs")
    return [e for r in ctx.before
            if r.dep_ in ("nsubjpass", "dobj") and r.head.pos_ == "VERB" and _lemma(r.head) in verbs
            and (r.dep_ == "dobj") != _is_passive(r.head)
            for e in entities_of(r, ctx) if e.type == "Company"]


def _earlier_raisers(ctx: SentenceContext, lex: dict[str, Any]) -> list[Entity]:
    """Who raised the round the sentence before names ("Y raised $40 million in a round.
    X led the round."): the subjects of its raising verb."""
    if ctx.before is None:
        return []
    for r in ctx.before:
        verb = r.head.head if r.dep_ == "pobj" else r.head
        # "Y raised $40 million": a sum raised is a round
        round_ = r.pos_ == "NOUN" and r.lemma_.lower() in lex["nouns"] or r.dep_ == "dobj" and r.ent_type_ == "MONEY"
        if round_ and r.dep_ in ("pobj", "dobj") and _lemma(verb) in lex["raising_verbs"]:
            return [e for c in verb.children if c.dep_ == "nsubj" for e in entities_of(c, ctx)]
    return []


def _round_backers(tok: Token, ctx: SentenceContext, lex: dict[str, Any]) -> list[Entity]:
    """Who a participant noun on the round names (``round_leaders.participant_nouns``): "A, the
    growth investor B and C were among the backers of the round" (the copula's subject, with the
    names the parser hangs in apposition in it; companies and persons, not in a clause on it),
    "investors in the round included A and B" (the object of "include")."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("of", "in"):
        return []
    noun = tok.head.head
    if noun.lemma_.lower() not in lex["participant_nouns"]:
        return []
    if noun.dep_ == "nsubj" and _lemma(noun.head) == "include":
        return _slot(noun.head, "dobj", ctx)
    copula = _predicate_relation(noun)
    return [] if copula is None else list(dict.fromkeys(
        e for s in copula.children if s.dep_ == "nsubj" for t in s.subtree
        if (e := ctx.mention.get(t.i)) is not None and e.type in ("Company", "Person")
        and not any(a.dep_ in ("relcl", "acl", "prep") and s.is_ancestor(a) for a in (t, *t.ancestors))))


def _earlier_round_raisers(tok: Token, ctx: SentenceContext, lex: dict[str, Any]) -> list[Entity]:
    """Whose round an earlier round noun of the same sentence names, for a round that names none:
    "A led a round in Y in May, and Z took part in a later round" (the "in", "for" or "into" object
    phrase of the first round noun before ``tok``, of its sum, or of the verb it is the object of: "a
    round of $2 billion in Y", "A led a round in Y")."""
    preps = ["for", "in", "into"]
    for r in reversed(ctx.sent[: tok.i - ctx.sent.start]):
        if r.pos_ == "NOUN" and r.lemma_.lower() in lex["nouns"] and r.i not in ctx.mention:
            heads = (*r.subtree, *([r.head] if r.dep_ == "dobj" else []))
            return [e for t in heads for e in _prep_objects(t, preps, ctx)]
    return []


def _round_owner(tok: Token, ctx: SentenceContext, lex: dict[str, Any]) -> list[Entity]:
    """Whose funding came "from" a round that names no raiser of its own: "X's only outside
    funding came from a round led by A" (the possessor of the verb's funding subject)."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "from":
        return []
    return [e for s in tok.head.head.children if s.dep_ == "nsubj" and s.lemma_.lower() in lex["nouns"]
            for c in s.children if c.dep_ == "poss" for e in entities_of(c, ctx)]


def _joins(verb: Token, lex: dict[str, Any]) -> bool:
    """Whether a clause says its subject joined a round: "Y also took part", "Z joined"."""
    return _lemma(verb) in lex["joining_clauses"] or any(
        f"{_lemma(verb)} {c.lower_}" in lex["joining_clauses"] for c in verb.children if c.dep_ == "dobj")


def _round_participants(heads: list[Token], ctx: SentenceContext) -> list[Entity]:
    """Who joined a round, named in a "with" phrase on one of these tokens: "with Z among the
    participants", "with participation from Z and W" (``round_leaders.participant_nouns``), "with
    Z taking part" (``round_leaders.joining_clauses``; "with A and B C taking part" also when the
    parser hangs A inside B C's name)."""
    lex = lexicon()["round_leaders"]
    words = lex["participant_nouns"]
    out: list[Entity] = []
    for p in (p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
              for p in c.children if p.dep_ in ("pobj", "pcomp")):
        if p.pos_ == "VERB" and _joins(p, lex):
            # "with A and B C taking part": the parser may hang A as a modifier inside B C's name
            out += _subjects(p, ctx) + [e for s in p.children if s.dep_ == "nsubj" for t in s.subtree
                                        if t.dep_ == "nmod" and any(c.dep_ == "cc" for c in t.children)
                                        for e in entities_of(t, ctx)]
        elif p.lemma_.lower() in words:
            out += _prep_objects(p, ["from", "by", "of"], ctx)
        elif any(c.dep_ == "prep" and c.lower_ == "among" and q.dep_ == "pobj" and q.lemma_.lower() in words
                 for c in p.children for q in c.children):
            out += entities_of(p, ctx)
    return out


def _named_unit_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A business or product named after a company of the story plus a place, unit or product word
    belongs to it: "Telenor Myanmar", "Microsoft Research Asia", "Baidu Tieba" (owns). A unit the
    entity table knows belongs only to the parent the table gives it. A name the sentence gives as
    another name ("X, known as Y", "Y, now called X", "X, which traded as Y") is no unit."""
    # the story's known companies in the order it names them (a set's order would change from run to run)
    story = dict.fromkeys(m.entity for m in ctx.history if m.entity.type == "Company" and m.entity.known)
    starts = [i for i in range(ctx.sent.start, ctx.sent.end) if i in ctx.mention and ctx.mention.get(i - 1)
              is not ctx.mention[i]]  # each name's first token
    renamed: set[Entity] | None = None  # the names given as other names, read once a unit is found
    for i in starts:
        unit = ctx.mention[i]
        if unit.type not in ("Company", "Product"):
            continue
        table_parent = ctx.owner_of(unit) if ctx.owner_of is not None and unit.known else None
        for parent in story:
            if parent.name != unit.name and _named_after(unit, parent) \
                    and (not unit.known or table_parent is not None and table_parent.name == parent.name):
                if renamed is None:
                    renamed = {ctx.mention[k] for k in starts if _given_as_name(k, ctx)}
                if unit not in renamed and parent not in renamed:
                    yield parent, "owns", unit, "named-unit", ctx.sent.doc[i]


def _funding_source_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Money "with" which something is done, and who it came "from" (``funding_sources``): "X was
    founded with backing from A", "P unveiled X with seed money from A and B", "X financed the
    deal with $80 million raised from investors including A and B", "P founded X with $20 million
    from A's endowment" (the named source, else the source noun's owner) (investsIn): the one
    founded, else the subject of the clause the "with" phrase is on."""
    lex = lexicon()["funding_sources"]
    for tok in ctx.tokens:
        if tok.dep_ != "pobj" or tok.head.lower_ != "with" or tok.i in ctx.mention:
            continue
        if tok.lemma_.lower() in lex["nouns"]:  # "with backing from A"
            sources = _prep_objects(tok, ["from"], ctx)
        else:  # "with $80 million raised from A"
            sources = [e for c in tok.children if c.dep_ == "acl" and _lemma(c) in lex["raising_verbs"]
                       for e in _prep_objects(c, ["from"], ctx)]
        if tok.ent_type_ == "MONEY":  # "with $20 million from A", "from A's endowment"
            sources += [e for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children
                        if p.dep_ == "pobj" for e in entities_of(p, ctx) or _owners(p, ctx)]
        verb = _clause_verb(tok)
        if not sources or verb is None:
            continue
        if _lemma(verb) in lex["founding_verbs"]:  # the one founded, set up or unveiled
            funded = _slot(verb, "dobj", ctx)
        else:
            funded = _subjects(verb, ctx, "nsubjpass" if _is_passive(verb) else "nsubj")
        for s in sources:
            for o in funded:
                yield s, "investsIn", o, "funding-source", tok


def _backer_salient_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """An investor noun that names no company it invests in, said of a name ("X, an early backer,
    said ...", "A and B were early investors", "X remains the largest shareholder"): the company the
    story is about (``salient_investors``; investsIn), when the sentence names no other company
    before the noun (one named after it, "... the year X began working with Z", is not invested in)."""
    nouns = _words("salient_investors.nouns")
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in nouns or tok.i in ctx.mention or tok.dep_ not in ("attr", "appos"):
            continue
        if any(c.dep_ in ("prep", "poss", "relcl", "acl") or c.i in ctx.mention for c in tok.children):
            continue  # "a backer of X", "its investors", "the Tencent-backed ...", "investors that ..."
        org = story_company(ctx.history, ctx.sent.start)
        investors = [e for e in _described(tok, ctx) if e.type == "Company"]
        if org is None or not investors or any(
                (e := ctx.mention.get(i)) is not None and e.type == "Company" and e != org and e not in investors
                for i in range(ctx.sent.start, tok.i)):
            continue
        for e in investors:
            yield e, _holder_predicate(tok, "investsIn"), org, "backer-salient", tok


def _presented_as_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A relational noun after "as" on a verb that presents something as it (``presented_as``):
    "X, long seen as the main rival to Y", "X has presented itself as the domestic alternative to
    Y", "Pitched as a rival to Y, X ...", "A regards X as a rival to Y" (the ``of_nouns`` entries
    of ``presented_as.predicates``: competesWith)."""
    lex, index = lexicon()["presented_as"], by_word("of_nouns")
    for tok in ctx.tokens:
        if tok.dep_ != "pobj" or tok.head.lower_ != "as" or tok.lower_ not in index or tok.i in ctx.mention:
            continue
        verb = tok.head.head
        if verb.pos_ != "VERB" or _lemma(verb) not in lex["verbs"]:
            continue
        shown = _presented(verb, ctx)
        for trig in index[tok.lower_]:
            if trig["predicate"] not in lex["predicates"]:
                continue
            for o in _prep_objects(tok, trig["preps"], ctx):
                for s in shown:
                    yield s, trig["predicate"], o, "presented-as", tok


def _presented(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """What a presenting verb presents: its object ("regards X as"), its subject when the object is
    a reflexive ("presented itself as"), the subject of a passive, or the name a participle set
    off by a comma follows ("X, long seen as ...", "Pitched as ..., X lets": the clause's subject)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None:
        return _subjects(verb, ctx) if obj.lower_ in ("itself", "themselves") else entities_of(obj, ctx)
    if verb.tag_ != "VBN":
        return []
    if verb.dep_ in ("acl", "advcl"):
        k = verb.left_edge.i - 1  # "XtalPi, long seen as ...": the name before the comma
        if k - 1 >= ctx.sent.start and verb.doc[k].text == "," and k - 1 in ctx.mention:
            return [ctx.mention[k - 1]]
    return _subjects(verb, ctx, "nsubjpass")


def _becoming_holder_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A top holder a clause's subject becomes (``becoming_holders``): "X became Y's largest
    shareholder", "X paid $2 billion for 20 percent of Y, becoming its controlling shareholder" -> X
    acquires Y (it took control of Y); not one that remains the top holder, nor "one of the largest"
    or "the second-largest" (both only invest, which the investor nouns read)."""
    lex = lexicon()["becoming_holders"]
    doc = ctx.sent.doc
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in lex["nouns"] or tok.dep_ != "attr" or _lemma(tok.head) not in lex["verbs"]:
            continue
        if not any(c.dep_ in ("amod", "compound") and c.lower_ in lex["modifiers"] and doc[c.i - 1].text != "-"
                   for c in tok.children):
            continue
        held = [e for e in _owners(tok, ctx) + _prep_objects(tok, lex["preps"], ctx) if e.type == "Company"]
        for s in _subjects(tok.head, ctx):
            for o in held:
                if o != s:
                    yield s, "acquires", o, "becoming-holder", tok


def _cross_holding_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Two companies that each take a part of the other in one sentence (``cross_holdings``): "A
    agreed to buy a third of B, while B took a stake in A in return" (partnersWith: a cross-holding
    binds the two; each holder is the subject of the verb the part is bought, taken or paid for with)."""
    lex = lexicon()["cross_holdings"]
    held: set[tuple[Entity, Entity]] = set()
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in lex["nouns"] and _share(tok) is None or (verb := _clause_verb(tok)) is None:
            continue
        parts = [e for c in tok.children if c.dep_ == "prep" and c.lower_ in lex["preps"]
                 for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx) if e.type == "Company"]
        held |= {(s, o) for s in _subjects(verb, ctx) if s.type == "Company" for o in parts if o != s}
    for s, o in sorted(held, key=lambda pair: (pair[0].name, pair[1].name)):
        if (o, s) in held and s.name < o.name:
            yield s, "partnersWith", o, "cross-holding", ctx.sent.root


def _joint_parties_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """The parties a joint undertaking names (``joint_parties``): "a joint effort by A, the investor
    B and C" (the "by" list, with names the parser hangs in apposition), "a joint venture in which A
    and B each hold half" (the subjects of its "in which" relative clause) -> each pair partnersWith."""
    lex = lexicon()["joint_parties"]
    for tok in ctx.tokens:
        if tok.pos != NOUN or tok.lemma_.lower() not in lex["nouns"] or not any(
                c.dep_ == "amod" and c.lower_ in lex["modifiers"] for c in tok.children):
            continue
        listed = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children
                  if p.dep_ == "pobj"]
        parties: list[Entity] = []
        while listed:  # "by A, the investor B and the carrier C": the conjuncts and appositions of the list
            p = listed.pop(0)
            # a kind noun the parser leaves without the name that follows it: "the carrier C"
            parties += _entities_of_one(p, ctx, 0) or (
                [ctx.mention[p.i + 1]] if p.is_lower and p.i + 1 in ctx.mention else [])
            listed += [c for c in p.children if c.dep_ in ("appos", "conj")]
        parties += [e for c in tok.children if c.dep_ == "relcl" and any(
            t.lower_ in lex["relatives"] and t.head.lower_ == "in" for t in c.subtree)
                    for s in c.children if s.dep_ == "nsubj" for e in entities_of(s, ctx)]
        parties = list(dict.fromkeys(e for e in parties if e.type == "Company"))
        for k, s in enumerate(parties):
            for o in parties[k + 1:]:
                yield s, "partnersWith", o, "joint-parties", tok
    yield from _joint_doers(ctx)


def _joint_doers(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Companies that do a common work jointly partner with each other (``joint_parties.adverbs``
    on an active verb of ``joint_parties.verbs``, with no "with" of its own): "A and B jointly
    developed the chip", "the two companies said they would jointly develop cars", "A and B agreed
    to jointly build a plant", "the two companies had worked together for years"."""
    lex = lexicon()["joint_parties"]
    for tok in ctx.tokens:
        verb = tok.head
        if tok.dep_ != "advmod" or tok.lower_ not in lex["adverbs"] or verb.pos != VERB \
                or _lemma(verb) not in lex["verbs"] or _is_passive(verb) \
                or any(c.dep_ == "prep" and c.lower_ == "with" for c in (*tok.children, *verb.children)):
            continue
        doers = _slot(verb, "subject", ctx)
        if not doers and verb.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.lower_ == "they" for c in verb.children):
            doers = _subjects(verb.head, ctx)  # "A and B said they would jointly develop Z"
        doers = list(dict.fromkeys(e for e in doers if e.type == "Company"))
        for k, s in enumerate(doers):
            for o in doers[k + 1:]:
                yield s, "partnersWith", o, "joint-parties", verb


def _rival_product_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A product a "rival" description names, in a sentence that names exactly one other product,
    rivals that one (``rival_products``): "Z, a rival drug, was priced below W", "Y sued X, saying
    that X's rival app Z copied W" (competesWith; not "a rival to W", which the noun rules read)."""
    lex = lexicon()["rival_products"]
    for tok in ctx.tokens:
        noun = tok.head
        if tok.dep_ != "amod" or tok.lower_ not in lex["modifiers"] or noun.tag_ == "NNS" \
                or any(c.dep_ == "prep" for c in noun.children):
            continue
        # "the rival app Z", "its rival drug, Z", "Z, a rival drug"
        named = _entities_of_one(noun, ctx, 0) or _described(noun, ctx) or (
            [ctx.mention[noun.i + 1]] if noun.i + 1 in ctx.mention else [])
        named = [e for e in named if e.type == "Product"]
        others = [e for e in dict.fromkeys(ctx.mention.values()) if e.type == "Product" and e not in named]
        if len(named) == 1 and len(others) == 1:
            yield named[0], "competesWith", others[0], "rival-product", tok


def _named_partner_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A partner noun that names no one it is a partner of, with a name in apposition
    (``named_partners``): "X brought in a local partner, Z, to run it" (the doer of the verb it is the
    object of), "X's second region is run by another partner, Z" (the owner of what a passive with it
    as its agent acts on) -> partnersWith; not "its partner, Z" nor "a partner of Y", which the
    possessive and of-noun rules read."""
    nouns = _words("named_partners.nouns")
    for tok in ctx.tokens:
        if tok.pos != NOUN or tok.tag_ != "NN" or tok.lemma_.lower() not in nouns \
                or any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("of", "with", "to", "for")
                       for c in tok.children):
            continue
        partners = [e for c in tok.children if c.dep_ == "appos" for e in entities_of(c, ctx) if e.type == "Company"]
        if not partners:
            continue
        if tok.dep_ == "dobj":
            doers = _slot(tok.head, "subject", ctx)  # "X brought in a local partner, Z"
        elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            # "X's region is run by a partner, Z", "an X region opened and is operated by a partner, Z"
            verb = tok.head.head
            acted = [c for c in verb.children if c.dep_ == "nsubjpass"] or (
                [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")] if verb.dep_ == "conj" else [])
            doers = [e for a in acted for c in a.children if c.dep_ in ("poss", "compound")
                     for e in entities_of(c, ctx)]
        else:
            continue
        for s in dict.fromkeys(d for d in doers if d.type == "Company"):
            for o in partners:
                if o != s:
                    yield s, "partnersWith", o, "named-partner", tok


def _named_buyer_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A buyer noun that names no deal of its own, with a company named by a copula or in apposition,
    is the buyer in the deal the sentence before reports (``named_buyers``): "Y agreed to a buyout in
    May. The buyer was X" (X acquires Y), "A fund took a 5 percent stake in Y. The buyer, X, ..." (X
    invests in Y: a minority stake; a majority stake or a purchase is an acquisition)."""
    lex = lexicon()["named_buyers"]
    for tok in ctx.tokens:
        if tok.pos != NOUN or tok.lemma_.lower() not in lex["nouns"] or tok.i in ctx.mention \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) \
                or any(c.dep_ in ("poss", "prep") for c in tok.children):
            continue
        buyers = [e for c in tok.children if c.dep_ == "appos" for e in entities_of(c, ctx)]
        if not buyers and tok.dep_ == "nsubj" and _lemma(tok.head) == "be":
            buyers = [e for c in tok.head.children if c.dep_ == "attr" for e in entities_of(c, ctx)]
        deal = _earlier_deal(ctx, lex) if buyers else None
        for s in [b for b in buyers if b.type == "Company"] if deal is not None else []:
            predicate, target = deal
            if s is not target:
                yield s, predicate, target, "named-buyer", tok


def _earlier_deal(ctx: SentenceContext, lex: dict[str, Any]) -> tuple[str, Entity] | None:
    """The deal the sentence before reports, as the predicate its buyer has and the company
    it buys into: a stake "in" a company (a minority one, ``investsIn``), a deal noun "of" one, or a
    sale noun its subject completed or agreed to ("Y completed a take-private": ``sold_nouns``)."""
    if ctx.before is None:
        return None
    stakes, deals = lexicon()["round_leaders"]["stake_nouns"], _words("deal_reviews.deal_nouns")
    for r in ctx.before:
        noun, minority = r.lemma_.lower(), False
        targets: list[Entity] = []
        if noun in stakes or noun in deals:
            targets = _prep_objects(r, ["in"] if noun in stakes else ["of"], ctx)
            share = next((s for c in r.children if (s := _share(c)) is not None), None)
            minority = noun in stakes and (share is None or share <= 0.5)
        if not targets and noun in lex["sold_nouns"] and not any(c.dep_ == "prep" for c in r.children) and (
                r.dep_ == "dobj" or r.dep_ == "pobj" and r.head.lower_ == "to"):
            # "Y completed a take-private", "Y agreed to a buyout": Y is sold
            targets = _subjects(r.head if r.dep_ == "dobj" else r.head.head, ctx)
        companies = [e for e in targets if e.type == "Company"]
        if companies:
            return ("investsIn" if minority else "acquires"), companies[0]
    return None
