"""Rules on trigger nouns: ``noun`` ("its acquisition of X", "a probe into X by Y"),
``settlement``, ``dispute`` and ``rival``."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.symbols import NOUN, VERB
from spacy.tokens import Token

from ...ontology.model import SYMMETRIC, Entity
from ..anaphora import implicit_agent
from ..lexicon import lexicon
from .context import (
    _OWNED_OBJECTS,
    SentenceContext,
    _agents,
    _clause_verb,
    _conduct_of,
    _governing_verb,
    _is_court,
    _lemma,
    _prep_objects,
    _slot,
    _subjects,
    _words,
    by_word,
    entities_of,
)


def _noun_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A trigger noun, its object and its agent: "X opened an investigation into Y", "X's stake in Y",
    "an investigation of Y by X", "X took a controlling stake in Y" (a modifier can change the
    predicate), "X and Y renewed their partnership" (symmetric nouns relate coordinated subjects)."""
    index = by_word("noun_triggers")
    for tok in ctx.tokens:
        if tok.pos != NOUN:
            continue
        word = tok.lower_ if tok.lower_ in index else tok.lemma_.lower()  # "agreements", "probes"
        if word not in index or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            continue  # "X held no shares in Y", "X has no partnership with Y": denied
        for trig in index[word]:  # triggers with modifiers come first in the lexicon
            mods = trig.get("modifiers")
            if mods and not any(c.lower_ in mods for c in tok.children if c.dep_ in ("amod", "compound")):
                continue
            head = tok.head if tok.dep_ != "conj" else tok.head.head
            if trig["predicate"] in ("investsIn", "acquires") and _governing_verb(tok) is not None \
                    and _lemma(_governing_verb(tok)) in _words("disposal_verbs"):
                continue  # "sold (part of) a stake in X", "cut its holding in X": the opposite of investing
            if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in _words("hedge_modifiers")
                   for c in tok.children):
                continue  # "its planned acquisition of X", "a failed takeover": not a fact
            objects = _prep_objects(tok, trig["preps"], ctx)
            # "won a lawsuit against X": the parser hangs the preposition on the verb
            if not objects and tok.dep_ == "dobj":
                objects = _prep_objects(tok.head, trig["preps"], ctx)
            # "a funding round of $1 billion in X": through the amount
            if not objects:
                objects = [e for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p.dep_ == "pobj" and p.i not in ctx.mention
                           and p.ent_type_ in ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")
                           for e in _prep_objects(p, trig["preps"], ctx)]
            subjects = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)]
            subjects += _prep_objects(tok, ["by"], ctx)
            if not subjects and tok.dep_ in ("dobj", "attr", "conj"):
                subjects = _subjects(head, ctx)
            if not objects and tok.dep_ == "nsubj" and subjects:
                # "X's biggest challenge comes from Y": the parser hangs the preposition on the verb
                objects = _prep_objects(head, trig["preps"], ctx)
            if not objects and tok.dep_ == "pobj" and tok.head.lower_ == "under" and subjects:
                objects = _subjects(tok.head.head, ctx)  # "X has been under investigation by Y"
            if not objects and tok.dep_ == "pobj" and tok.head.lower_ in ("after", "following") and subjects:
                # "X was forced to sell its stake after a review by Y": what the clause's company did
                # followed Y's act on it (a company: "the regulator sued X after a probe by Y" is not Y's)
                objects = [e for e in _subjects(tok.head.head, ctx) if e.type in ("Company", "Product")]
            # "the inquiries it had opened into X": the trigger's object and agent in its relative clause
            for rel in (c for c in tok.children if c.dep_ == "relcl" and not objects):
                objects = _prep_objects(rel, trig["preps"], ctx)
                if objects and not subjects:
                    subjects = _subjects(rel, ctx)
            if not subjects and not objects and trig["predicate"] in _words("prior_inquiry.predicates"):
                subjects, objects = _prior_inquiry(tok, ctx)
            # "paid $160 million for a stake in X", "after an investigation of X, the regulator sued
            # it": the subject of the verb the phrase hangs on
            if not subjects and tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB" \
                    and tok.head.lower_ in ("for", "in", "with", "on", "to", "after", "following"):
                subjects = _subjects(tok.head.head, ctx)
            if not subjects and trig["predicate"] in SYMMETRIC:
                subjects = _venture_founders(tok, ctx)  # "X set up Y, a joint venture with Z"
            if not objects and trig["predicate"] in SYMMETRIC and tok.dep_ == "dobj":
                together = _subjects(head, ctx)  # "Lenovo and JD.com renewed their partnership"
                subjects, objects = together[:1], together[1:]
            if not subjects and trig["predicate"] in SYMMETRIC and tok.dep_ == "nsubj":
                # "Competition from Keeta squeezed Deliveroo"
                subjects = [e for c in head.children if c.dep_ == "dobj" for e in entities_of(c, ctx)]
            if not objects and trig["predicate"] in _words("conduct_objects.predicates"):
                # "a review of ByteDance's establishment of the unit"; "opened an investigation into
                # false advertising by Temu" (the preposition on the light verb)
                objects = _conduct_of([p for h in (tok, *([tok.head] if tok.dep_ == "dobj" else []))
                                       for c in h.children if c.dep_ == "prep" and c.lower_ in trig["preps"]
                                       for p in c.children if p.dep_ == "pobj"], ctx)
            if not objects:  # "filed a lawsuit, which accused Temu of ...", "filed a suit, accusing Temu of ..."
                clauses = [c for c in tok.children if c.dep_ in ("relcl", "acl")]
                if tok.dep_ == "dobj":
                    clauses += [c for c in head.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > tok.i]
                objects = [e for c in clauses if _lemma(c) in trig.get("relative_verbs", ())
                           for d in c.children if d.dep_ == "dobj" for e in entities_of(d, ctx)]
            if not subjects and len(objects) > 1 and trig["predicate"] in SYMMETRIC:
                subjects, objects = objects[:1], objects[1:]  # "a joint venture between X and Y"
            if trig.get("co_agents"):  # "joined a round for X alongside Y"
                subjects += _prep_objects(tok, trig["co_agents"], ctx) + _prep_objects(head, trig["co_agents"], ctx)
                # "a round for X, the app of Z, alongside Y": the parser hangs it on the object's name
                subjects += [e for c in tok.children if c.dep_ == "prep" and c.lower_ in trig["preps"]
                             for p in c.children if p.dep_ == "pobj" and p.i in ctx.mention
                             for e in _prep_objects(p, trig["co_agents"], ctx)]
            if not objects or not subjects:
                continue
            if trig.get("inverse"):  # "paid a penalty to the regulator"
                subjects, objects = objects, subjects
            for s in subjects:
                for o in objects:
                    yield s, trig["predicate"], o, "noun", tok.head if tok.dep_ == "dobj" else tok
            break


def _settlement_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A sum paid to a state body, or paid to settle its charges, is its penalty: "X agreed to pay $5
    million to settle charges brought by Y" (or "to settle Y charges", "to resolve cases brought by
    Y"), "X agreed to pay Y $2 million", "Y ordered X to pay 10 million yuan" -> Y penalizes X
    (``penalty_payments``; a court's order to pay awards the sum to a party: no penalty of its own).
    A payment to settle that names no party settles with the one state body its sentence names, else
    the one the story named last ("X agreed to pay $2 million to settle it"). The domain check keeps
    only payees that are state bodies ("paid $1 billion to SoftBank" is no fine)."""
    pay = lexicon()["penalty_payments"]
    for tok in ctx.tokens:
        if tok.pos != VERB or _lemma(tok) not in pay["verbs"]:
            continue
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
        sums = [c for c in objs if any(t.ent_type_ == "MONEY" for t in c.subtree)]
        if not sums:
            continue
        # "agreed to pay OFAC $7.6 million", "paid $300 million to the BIS"
        payees = [e for c in objs if c not in sums for e in entities_of(c, ctx)] + _prep_objects(tok, ["to"], ctx)
        # "agreed to pay $140 million to resolve cases brought by Y": the parser may hang the purpose on the sum
        settles = [c for h in (tok, *sums) for c in h.children
                   if c.dep_ in ("advcl", "xcomp", "relcl", "acl") and _lemma(c) in pay["settle_verbs"]]
        for v in settles:
            payees += _prep_objects(v, ["with"], ctx)  # "to settle with the FTC"
            claims = [n for n in v.children if n.dep_ == "dobj" and n.lower_ in pay["claim_nouns"]]
            if not claims:
                continue
            # "SEC charges" (the parser may make the name a second object), "charges brought by the FTC"
            payees += [e for n in v.children if n.dep_ == "dobj" and n not in claims for e in entities_of(n, ctx)]
            payees += [e for n in claims for c in n.children if c.dep_ in ("compound", "nmod", "poss")
                       for e in entities_of(c, ctx)]
            payees += [e for n in claims for a in n.children if a.dep_ == "acl" for e in _agents(a, ctx)]
            payees += [e for n in claims for e in _prep_objects(n, ["by", "from"], ctx)]
        if tok.dep_ == "xcomp" and _lemma(tok.head) in lexicon()["causatives"]["verbs"] and len(objs) == 1:
            # "the regulator ordered X to pay 10 million yuan" (not "ordered X to pay Y ...": an award)
            payees += [e for e in _subjects(tok.head, ctx) if not _is_court(e)]
        if not payees and settles and not any(t.i in ctx.mention for v in settles for t in v.subtree):
            payees = _settling_body(tok, ctx)
        payers = _subjects(tok, ctx)
        for body in dict.fromkeys(payees):
            for payer in payers:
                yield body, "penalizes", payer, "settlement", tok


def _settling_body(pay: Token, ctx: SentenceContext) -> list[Entity]:
    """Whom a payment to settle that names no party settles with: the one state body its sentence
    names ("Y filed a complaint against X, and X agreed to pay $10 million to settle it"), else the
    state body the story named last ("Six of them agreed to pay $400,000 to settle")."""
    bodies = [e for e in ctx.named if e.type == "GovernmentBody"]
    if len(bodies) == 1:
        return bodies
    body = implicit_agent(pay, ctx.mention, ctx.history)
    return [body] if body is not None else []


def _dispute_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A legal dispute names its parties, each of which has a claim in court against the other
    (``legal_disputes``): "X's patent war with Y", "a legal fight between X and Y", "X and Y settled
    their patent dispute", "X agreed to settle its patent disputes with Y" (sues, both ways)."""
    lex = lexicon()["legal_disputes"]
    for tok in ctx.tokens:
        if tok.pos != NOUN or tok.lower_ not in lex["nouns"] or not any(
                c.dep_ in ("amod", "compound") and c.lower_ in lex["modifiers"] for c in tok.children):
            continue
        parties = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)]
        others = _prep_objects(tok, lex["preps"], ctx)
        verb = _clause_verb(tok)
        if not parties and verb is not None and (others or any(c.lower_ == "their" for c in tok.children)):
            parties = _subjects(verb, ctx)  # "X settled its dispute with Y", "X and Y settled their dispute"
        if not others and verb is not None:
            others = _prep_objects(verb, lex["preps"], ctx)  # the parser hangs "with Y" on the verb
        sides = list(dict.fromkeys(parties + others))
        if len(sides) != 2 or not all(e.type in ("Company", "Product") for e in sides):
            continue
        yield sides[0], "sues", sides[1], "dispute", tok
        yield sides[1], "sues", sides[0], "dispute", tok


def _venture_founders(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """Who set up or runs a business a partnership noun describes: "X set up Y, a joint venture
    with Z" (the noun in apposition to the verb's object), "Y, which X ran as a joint venture with
    Z", "X runs Y through a partnership with Z" (the noun as what the verb's object is run as)."""
    if tok.dep_ == "appos" and tok.head.dep_ == "dobj":
        return _subjects(tok.head.head, ctx)
    if tok.dep_ == "pobj" and tok.head.lower_ in ("as", "through") and tok.head.head.pos_ == "VERB":
        return _slot(tok.head.head, "subject", ctx)
    return []


def _prior_inquiry(tok: Token, ctx: SentenceContext) -> tuple[list[Entity], list[Entity]]:
    """A state body's act that follows an inquiry naming neither party ("SAMR fined it 3 million
    yuan following an investigation", "X was fined by Y after an investigation found that ...")
    follows its own inquiry into whom it acts on (``prior_inquiry``): the act's doer and object."""
    markers = _words("prior_inquiry.markers")
    if tok.dep_ == "pobj" and tok.head.lower_ in markers and tok.head.head.pos_ == "VERB":
        verb = tok.head.head
    elif tok.dep_ == "nsubj" and tok.head.dep_ == "advcl" \
            and any(c.dep_ == "mark" and c.lower_ in markers for c in tok.head.children):
        verb = tok.head.head
    else:
        return [], []
    doers = _slot(verb, "subject", ctx)
    if not doers or any(e.type not in ("GovernmentBody", "Place") for e in doers):
        return [], []  # "Apple sued X after an investigation": whose inquiry is not said
    return doers, _slot(verb, "dobj", ctx)


def _rival_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A rivalry modifier on a noun naming others: "ByteDance copied videos from rival sites such as
    Instagram" -> the clause's subject competes with them; and "its rival" that names no one
    (:func:`_rival_reference`)."""
    words = _words("rival_modifiers")
    for tok in ctx.tokens:
        if tok.lower_ in words and tok.dep_ in ("amod", "compound"):
            head = tok.head
        elif tok.lemma_.lower() in words and tok.pos_ == "NOUN" and tok.dep_ in ("pobj", "dobj") \
                and not any(c.dep_ in ("poss", "appos") for c in tok.children):
            head = tok  # "Chagee sits between Mixue and upmarket rivals such as Heytea"
        else:
            continue
        others = entities_of(head, ctx)
        if not others:
            continue
        verb, subject = next(((a, e) for a in head.ancestors if a.pos_ in ("VERB", "AUX")
                              for c in a.children if c.dep_ in ("nsubj", "nsubjpass") for e in entities_of(c, ctx)),
                             (None, None))
        if verb is None or subject is None or head.dep_ == "appos" and _makes_own(verb):
            continue  # "X launched Y, a rival app": a rival to others, made by X
        for o in others:
            yield subject, "competesWith", o, "noun", tok
    yield from _rival_reference(ctx)


def _rival_reference(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A singular rival noun after "its" that names no one refers back to the company its sentence
    named last before it, other than the possessor: "X sued Y, accusing its American rival of ...",
    "X sold more cars than Y, against its rival's 480,000" -> X competes with Y
    (``rival_references``; not "its rival Z", "Z, its rival", nor the plural "its rivals")."""
    nouns = _words("rival_references.nouns")
    for tok in ctx.tokens:
        if tok.pos != NOUN or tok.tag_ != "NN" or tok.lemma_.lower() not in nouns or tok.i in ctx.mention \
                or tok.dep_ in ("appos", "compound") or any(c.dep_ in ("appos", "compound") for c in tok.children) \
                or entities_of(tok, ctx):
            continue
        owners = [e for c in tok.children if c.dep_ == "poss" and c.tag_ == "PRP$" for e in entities_of(c, ctx)]
        before = [e for i in range(ctx.sent.start, tok.i) if (e := ctx.mention.get(i)) is not None
                  and e.type in ("Company", "Product") and e not in owners]
        if len(owners) != 1 or not before:
            continue
        # "X began selling its Y phones, ... with its larger rival": a company's own goods are no rival of it
        pair = {owners[0], before[-1]}
        if any(ctx.mention.get(t.i) in pair and set(entities_of(c, ctx)) & pair - {ctx.mention.get(t.i)}
               for t in ctx.tokens[:tok.i - ctx.sent.start] for h in (t, t.head) for c in h.children
               if c.dep_ == "poss"):
            continue
        if not any(_befriended(e, tok, ctx) for e in pair):
            yield owners[0], "competesWith", before[-1], "noun", tok


def _befriended(e: Entity, rival: Token, ctx: SentenceContext) -> bool:
    """Whether a name before a rival noun is what a friendly trigger acts on, a partner, an investee or
    a purchase ("X teamed up with Y to take on its rival", "X bought a stake in Y, hoping to catch its
    rival", whichever of X and Y "its" is read as; ``rival_references.friendly_predicates``): the
    rival is then a third company."""
    friendly = _words("rival_references.friendly_predicates")
    verbs, nouns = by_word("verb_triggers"), by_word("noun_triggers")
    for t in ctx.tokens[:rival.i - ctx.sent.start]:
        if ctx.mention.get(t.i) != e or t.dep_ not in ("dobj", "pobj"):
            continue
        gov = t.head.head if t.dep_ == "pobj" else t.head
        # "bought a stake in Y": the parser may hang a trigger noun's preposition on its light verb
        govs = [gov, *(c for c in gov.children if c.dep_ == "dobj" and t.dep_ == "pobj" and gov.pos == VERB)]
        triggers = [trig for g in govs
                    for trig in (verbs.get(_lemma(g), []) if g.pos == VERB else nouns.get(g.lemma_.lower(), []))]
        # the object of the trigger itself, or of one of its prepositions (not "sold more than Y")
        if any(trig["predicate"] in friendly and (t.dep_ == "dobj" or t.head.lower_ in (trig.get("preps") or ()))
               for trig in triggers):
            return True
    return False


def _makes_own(verb: Token) -> bool:
    """Whether a verb makes its object its subject's own: it releases, buys or owns it."""
    return any(t["predicate"] in (*_OWNED_OBJECTS, "releases") for t in by_word("verb_triggers").get(_lemma(verb), []))
