"""Rules on a name's descriptions: ``of-noun`` ("X, the owner of Y"), ``possessive`` ("X's
app Y", "Y, X's cloud unit") and ``unit-channel`` ("X makes chips through its subsidiary Y")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...ontology.model import Entity
from ..anaphora import antecedent, description
from ..lexicon import lexicon
from .context import (
    SentenceContext,
    _described,
    _entities_of_one,
    _holder_predicate,
    _listed_appositions,
    _named_after,
    _one_of_plural,
    _owners,
    _person_near,
    _slot,
    _unit_owners,
    _where_names,
    _words,
    by_word,
    entities_of,
)


def _of_noun_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A relational noun and its prepositional object: "the chief executive of X", "a unit of Y"."""
    index = by_word("of_nouns")
    for tok in ctx.tokens:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ not in index or tok.i in ctx.mention:
            continue
        for trig in index[tok.lower_]:
            # "P had been a scientist at X": the parser may hang the preposition on the copula
            heads = [tok, tok.head] if tok.dep_ == "attr" else [tok]
            pobjs = [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in trig["preps"]
                     and c.i > tok.i for p in c.children if p.dep_ == "pobj"]
            # "an engineer on Apple's car project": what one works on is its owner's
            objs = [e for p in pobjs for e in (entities_of(p, ctx) if p.head.lower_ != "on" else _owners(p, ctx))]
            objs += [e for p in pobjs for e in _listed_appositions(p, ctx) if e not in objs]
            objs += [e for p in pobjs for e in _listed_possessors(p, ctx) if e not in objs]
            if not objs and "at" in trig["preps"] and tok.dep_ == "attr":
                objs = _where_names(tok.head, ctx)  # "X, where P had been a partner"
            if not objs and trig.get("unit_owners"):  # "head of Xiaomi's Indian business"
                objs = _unit_owners(pobjs, ctx)
            if not objs:
                continue
            heads = _person_near(tok, ctx) if "Person" in trig.get("head_types", ()) else _described(tok, ctx)
            for h in heads:
                for o in objs:
                    pair = (h, o) if trig["direction"] == "head_to_pobj" else (o, h)
                    yield pair[0], _holder_predicate(tok, trig["predicate"]), pair[1], "of-noun", tok


def _listed_possessors(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The names of a list on a plural noun of goods that the parser hangs on it as a possessive with
    no "'s": "the maker of A, B and C phones" (A a possessor of "phones", B and C coordinated with A)."""
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in _words("ownable_nouns", "typing_nouns.Product"):
        return []
    return [e for c in tok.children if c.dep_ == "poss" and c.i in ctx.mention
            and not any(k.dep_ == "case" for k in c.children) for e in entities_of(c, ctx)]


def _possessive_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    lex = lexicon()
    roles, ownable = _words("role_heads"), _words("ownable_nouns")
    for tok in ctx.tokens:
        if tok.dep_ != "poss":
            continue
        owners = entities_of(tok, ctx) if tok.lower_ != "their" else []
        if not owners and tok.lower_ == "its":
            # "Gree USA, its Californian subsidiary, ..." in a sentence that names no company before:
            # the company of the story the unit is named after
            owners = _story_parent(_appositive_names(tok.head, ctx), ctx)
        if not owners:
            continue
        head = tok.head
        if head.i in ctx.mention:
            # "its partner Oracle", "its CEO Liang Rubo": the word before the name says the relation
            word = next((c for c in head.children if c.dep_ in ("compound", "amod") and c.i not in ctx.mention
                         and c.i < head.i), None)
            if word is not None and (word.lower_ in roles or any(word.lower_ in r["nouns"]
                                                                 for r in lex["possessive_relations"])):
                head = word
        heads = [head, *[c for c in head.children if c.dep_ == "conj"]]
        if any(h.lower_ in roles or _one_of_plural(h) and h.lemma_.lower() in roles for h in heads):
            for p in _person_near(head, ctx):
                for o in owners:
                    yield p, "worksFor", o, "possessive", head
            continue
        rel = next((r for r in lex["possessive_relations"] if head.lower_ in r["nouns"]), None)
        if rel is not None:  # "its main rival, Alibaba", "TikTok and its Chinese parent, ByteDance"
            if rel["direction"] == "owner_to_compound":
                described = [ctx.mention[c.i] for c in head.children
                             if c.dep_ == "compound" and c.i in ctx.mention]
            else:
                described = _described(head, ctx)
            for o in owners:
                for x in described:
                    pair = (x, o) if rel["direction"] == "head_to_owner" else (o, x)
                    yield pair[0], _holder_predicate(head, rel["predicate"]), pair[1], "possessive", head
            continue
        rule = "possessive"
        if head.i in ctx.mention:
            # "Meta's WhatsApp and Instagram": the names coordinated after it, unless they have an
            # owner of their own ("A's B and C's D")
            owned = [ctx.mention[head.i]] + [ctx.mention[c.i] for c in head.conjuncts if c.i in ctx.mention
                                             and c.i > head.i and not any(k.dep_ in ("poss", "nmod", "case")
                                                                          for k in c.children)
                                             and not _described_apart(c, head, owners, ctx)]
        elif head.lower_ in ownable or head.lemma_.lower() in _words("ownable_nouns", "typing_nouns.Product"):
            owned = _entities_of_one(head, ctx, 0)  # "Anker's website, Amazon and eBay": not theirs
            if head.dep_ == "nsubj" and head.head.lemma_ == "be":
                owned = _described(head, ctx)  # "Empyrean's strongest product is Aether"
            if head.dep_ != "appos" and set(owned) <= set(owners):  # "Its best-selling product, the Y robot"
                owned = [ctx.mention[c.i] for a in head.children if a.dep_ == "appos" and a.i not in ctx.mention
                         for c in a.children if c.dep_ in ("compound", "nmod") and c.i in ctx.mention
                         and ctx.mention[c.i] not in owners]
        elif head.pos_ == "NOUN" and head.lemma_.lower() not in lex["not_owned_nouns"] \
                and (tok.i in ctx.mention or tok.lower_ in lex["anaphora"]["pronouns"] or _company_description(tok)):
            # "Alibaba's research institute, DAMO Academy", "Dreamwriter, Tencent's writing system",
            # "Acme Pay, the group's payments arm": a name in apposition with what the owner has
            owned = _appositive_names(head, ctx)
            rule = "possessive-appos"
        else:
            owned = []
        if not owned and head.pos_ == "NOUN" and head.lemma_.lower() not in lex["not_owned_nouns"]:
            owned = _names_within(tok, head, ctx)
            if not owned:
                owned, rule = _names_before_possessive(tok, head, ctx), "possessive-appos"
        if set(owners) & set(owned) and _company_description(tok):
            owners = _owner_apart(tok, head, owned, ctx)
        if tok.lower_ == "its" and not any(o.type == "Company" for o in owners):
            # "X's A platform, which ..., and its lead drug B": an "its" given a product is the
            # company named before it in its sentence, when there is one ("TikTok and its shop" stays)
            owners = _company_antecedent(tok, owned, ctx) or [o for o in owners if o.type == "Product"]
        released = rule == "possessive" and _released(head)
        for o in owners:
            for x in owned:
                yield o, "owns", x, rule, head
                if released and x.type == "Product" and o.type == "Company":
                    yield o, "releases", x, rule, head


def _names_within(owner: Token, head: Token, ctx: SentenceContext) -> list[Entity]:
    """The names inside a possessed noun phrase that are what the owner has, when the parser hangs
    the possessive on a modifier: the name the phrase ends in ("X's research institute Y", "its
    drug Y") or a name that modifies a noun of goods ("X's flagship Y handset", "its Y sport
    utility vehicle"); not after a relation word ("its rival chip maker Y") nor a name of another
    kind ("X's Shenzhen factory")."""
    lex = lexicon()
    phrase = head
    while phrase.dep_ in ("compound", "nmod", "amod") and phrase.head.i > phrase.i:
        phrase = phrase.head
    if phrase.i in ctx.mention and phrase is not head:
        found = [ctx.mention[phrase.i]]
    elif phrase.lemma_.lower() in _words("ownable_nouns", "typing_nouns.Product"):
        found = [ctx.mention[t.i] for t in ctx.sent.doc[owner.i + 1:phrase.i]
                 if t.i in ctx.mention and owner.i < t.head.i <= phrase.i]
    else:
        return []
    relations = _words("role_heads") | {w for r in lex["possessive_relations"] for w in r["nouns"]} \
        | set(lex["not_owned_nouns"])
    if any(t.lemma_.lower() in relations or t.lower_ in relations for t in ctx.sent.doc[owner.i + 1:phrase.i]):
        return []
    return [e for e in dict.fromkeys(found) if e.type in ("Company", "Product") and e not in entities_of(owner, ctx)]


def _released(head: Token) -> bool:
    """Whether a possessed product's own phrase says it was put out, naming nobody else: "X's Y
    model, released in December", "the unveiling of X's Y" (``release_verbs``, ``release_nouns``)."""
    verbs = _words("release_verbs")
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in _words("release_nouns"):
        return True
    return any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in verbs
               and not any(k.dep_ == "agent" for k in c.children) for c in head.children)


def _company_description(tok: Token) -> bool:
    """Whether a token that names nothing itself is a definite description of a company: "the group"."""
    return description(tok) in ("company", "company-kind")


def _owner_apart(tok: Token, head: Token, owned: list[Entity], ctx: SentenceContext) -> list[Entity]:
    """The company a description that possesses a name's apposition refers to, apart from that
    name (a unit is not its own owner): the company the name is named after ("Acme Pay, the
    group's payments arm" is Acme Group's; "Y, the Korean firm's local unit"), else the company
    named before it in its sentence ("X's app runs on Y, the group's platform")."""
    if head.dep_ != "appos" or any(c.dep_ == "compound" for c in tok.children):
        return []  # "Y, the TikTok owner's unit" is the table's (``owner_nouns``)
    parents = _story_parent(owned, ctx)
    if parents:
        return parents
    mention = {i: e for i, e in ctx.mention.items() if e not in owned}
    here = [m for m in ctx.history if m.start >= ctx.sent.start and m.entity not in owned]
    e = antecedent(tok, mention, here)
    return [e] if e is not None and e.type == "Company" else []


def _company_antecedent(tok: Token, owned: list[Entity], ctx: SentenceContext) -> list[Entity]:
    """The company an "its" refers to when the anaphora gives it a place, a state body or a product,
    and what it possesses is a company's thing: "X said the ministry had warned it that sales of its
    Y chip abroad need a permit", "X, a laser maker in San Jose, California, which assembles in
    Thailand through its subsidiary Y", "X's A platform ... and its lead candidate B" (the company
    named before it in its sentence, not the place, the state body or the product; none when its
    sentence names no company before it)."""
    if not any(x.type in ("Company", "Product") for x in owned):
        return []
    mention = {i: e for i, e in ctx.mention.items()
               if ctx.sent.start <= i < tok.i and e.type == "Company" and e not in owned}
    e = antecedent(tok, mention, [])
    return [e] if e is not None else []


def _story_parent(owned: list[Entity], ctx: SentenceContext) -> list[Entity]:
    """The company of the story, latest first, that one of the owned names is named after
    ("Acme Pay" is Acme Group's); none when there is none."""
    story = [m.entity for m in reversed(ctx.history) if m.entity.type == "Company" and m.entity not in owned]
    return [p for p in dict.fromkeys(story) if any(_named_after(x, p) for x in owned)][:1]


def _names_before_possessive(owner: Token, head: Token, ctx: SentenceContext) -> list[Entity]:
    """The names a named owner's description follows, read from the token order when the parser
    makes it no apposition: "Freshippo, Alibaba's own grocery chain, was ...", "sold on A and B,
    Alibaba's two main marketplaces, ..." (a plural description is of every name coordinated
    before it). The description must end in its noun and a comma or the sentence's end; an "its"
    or "the group's" description is the anaphora's (:mod:`loaders.anaphora`), not read here."""
    doc = ctx.sent.doc
    k = owner.left_edge.i - 1
    if owner.i not in ctx.mention or k - 1 < ctx.sent.start or doc[k].text != "," \
            or (head.i + 1 < ctx.sent.end and doc[head.i + 1].text not in (",", ".", ";")):
        return []
    name = doc[k - 1]
    e = ctx.mention.get(name.i)
    if e is None or e.type not in ("Company", "Product") or e is ctx.mention[owner.i] \
            or any(a.dep_ == "prep" and a.head.i > head.i for a in name.ancestors):
        return []  # "Unlike A, X's units, which ..., grew": a name in a fronted adjunct
    if head.tag_ != "NNS":
        return [e]
    while name.dep_ == "conj" and name.head.i in ctx.mention:
        name = name.head
    return [x for x in entities_of(name, ctx) if x.type in ("Company", "Product")]


def _described_apart(name: Token, first: Token, owners: list[Entity], ctx: SentenceContext) -> bool:
    """Whether the description set off by a comma right after a name coordinated with ``first``
    names a company other than the owners ("A's B and C, a service run by D, ...": C is D's, not
    A's); the parser hangs such a description on the first name of the list."""
    doc = name.doc
    return name.i + 2 < ctx.sent.end and doc[name.i + 1].text == "," and any(
        a.dep_ == "appos" and a.left_edge.i == name.i + 2
        and any(t.i in ctx.mention and ctx.mention[t.i].type == "Company"
                and ctx.mention[t.i] not in (*owners, ctx.mention[name.i]) for t in a.subtree)
        for a in (*first.children, *name.children))


def _appositive_names(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """Company or product names in apposition with a noun: "X, the N" or "the N, X" (not a name the
    parser hangs on a later noun: "competes with rivals, among them X, and has tied its growth to")."""
    out = [ctx.mention[c.i] for c in tok.children if c.dep_ == "appos" and c.i in ctx.mention and c.i > tok.i]
    if tok.dep_ == "appos" and tok.head.i in ctx.mention:
        out.append(ctx.mention[tok.head.i])
    return [e for e in out if e.type in ("Company", "Product")]


def _unit_channel_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company that acts through a named unit owns it: "X does its manufacturing in China through
    its subsidiary Y", "Z's cloud has been run by X through a wholly owned subsidiary, Y", "X bought
    shares through its affiliate, Y" -> X owns Y (``unit_channels``; the unit named in apposition
    to the unit noun or after it; the doer of the verb the phrase hangs on, a company; not a unit
    with a named owner: "through Z's arm, Y" is the possessive rule's)."""
    lex = lexicon()["unit_channels"]
    for prep in ctx.tokens:
        if prep.dep_ != "prep" or prep.lower_ not in lex["preps"] or prep.head.pos_ not in ("VERB", "AUX"):
            continue
        for p in (c for c in prep.children if c.dep_ == "pobj"):
            if p.i in ctx.mention:  # "through its consumer brand Y"
                units = [ctx.mention[p.i]] if any(c.dep_ == "compound" and c.lower_ in lex["nouns"]
                                                  for c in p.children) else []
            else:  # "through a wholly owned subsidiary, Y"
                units = [ctx.mention[c.i] for c in p.children if c.dep_ == "appos" and c.i in ctx.mention] \
                    if p.lemma_.lower() in lex["nouns"] else []
            if not units or any(c.dep_ == "poss" and c.i in ctx.mention for c in p.children):
                continue
            for doer in _slot(prep.head, "subject", ctx):
                for unit in units:
                    if doer.type == "Company" and unit.type in ("Company", "Product"):
                        yield doer, "owns", unit, "unit-channel", p
