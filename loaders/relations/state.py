"""Rules on state actions without a trigger of their own: ``implicit-agent``, ``suspect-list``,
``inquiry-finding``, ``information-demand``, ``deal-review``, ``infringement``,
``accepted-penalty``, ``court-award``, ``countersuit``, ``open-inquiry`` and ``banned-goods``.

Twenty-second round (issue 9), each A/B-tested on all 113 dev digests: ``countersuit`` (a
countersuit naming no opponent answers the earlier suit against its filer; +2 tp, +0 fp) and
``open-inquiry`` (an inquiry naming no one is into what a joined clause acts on; +2 tp, +0 fp).

Twenty-third round (issue 9), A/B-tested on all 113 dev digests: ``implicit-agent`` reads the names
set "among" the ones a penalty participle describes ("A and B were among those ordered to pay the
maximum": ``_penalized_members``; +3 tp, +0 fp, 2 digests) and what a round of listings covers
("The same round of additions included Z": ``_listing_round_members``; +2 tp, +0 fp, 2 digests).

Twenty-fourth round (issue 9), bans, A/B-tested on all 113 dev digests: ``banned-goods`` (a ban on
a maker's goods bans the maker, "Y barred A and B equipment from its networks", "Y removed
applications from X"; +2 tp, +0 fp, 2 digests)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.symbols import AUX, VERB
from spacy.tokens import Token

from ...ontology.model import Entity
from ..anaphora import implicit_agent
from ..lexicon import lexicon
from .context import (
    SentenceContext,
    _agents,
    _clause_verb,
    _co_agent_prep,
    _conduct_of,
    _goods_maker,
    _is_court,
    _is_passive,
    _lemma,
    _listed_after,
    _listed_appositions,
    _listed_objects,
    _patients,
    _prep_objects,
    _slot,
    _subjects,
    _words,
    by_word,
    entities_of,
)
from .nouns import _settling_body


def _implicit_agent_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A penalty that names no agent was imposed by the state body the story named last
    (``implicit_agent_predicates``): passive ("P and Q were each fined 1 million yuan", "X had been
    added to the same list"), or with an act for its subject ("the same announcement added X to
    the list": ``implicit_agent_nouns``); "the list named X" (``list_verbs``) puts X on it."""
    index, lex = by_word("verb_triggers"), lexicon()["anaphora"]
    for tok in ctx.tokens:
        if tok.pos not in (VERB, AUX):
            continue
        trigs = [t for t in index.get(_lemma(tok), []) if t["predicate"] in lex["implicit_agent_predicates"]
                 and ("prep_nouns" not in t or _listed_objects(tok, t))]
        if any(c.dep_ == "auxpass" for c in tok.children):
            if any(c.dep_ == "agent" or c.lower_ == "by" for n in (tok, *tok.children) for c in n.children):
                continue
            # the parser sometimes calls a long passive subject "nsubj"
            patients = (_subjects(tok, ctx, "nsubjpass") or _subjects(tok, ctx)) if trigs else []
        else:
            # "the list named X": the parser may take the verb for a participle of its subject
            act = tok.head if tok.dep_ == "acl" and _lemma(tok) in lex["list_verbs"] \
                else next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if act is None or act.i in ctx.mention or act.lemma_.lower() not in lex["implicit_agent_nouns"] \
                    or not any(c.dep_ == "det" and c.lower_ == "the" for c in act.children):
                continue  # "the same announcement", "the list": one the story spoke of, not "a list"
            if _lemma(tok) in lex["list_verbs"]:  # "the list named X": X is on the list
                trigs += [t for ts in index.values() for t in ts if t["predicate"] in lex["implicit_agent_predicates"]
                          and act.lemma_.lower() in t.get("prep_nouns", {}).get("nouns", ())]
            patients = [e for c in tok.children if c.dep_ == "dobj"
                        for e in entities_of(c, ctx) + _listed_after(c, ctx)] if trigs else []
        agent = implicit_agent(tok, ctx.mention, ctx.history) if patients else None
        for o in patients if agent is not None else []:
            for p in dict.fromkeys(t["predicate"] for t in trigs):
                yield agent, p, o, "implicit-agent", tok
    yield from _penalized_members(ctx)
    yield from _listing_round_members(ctx)


def _penalized_members(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """The names a copula sets "among" the ones a penalty participle describes, naming no agent, were
    penalized by the state body the story named last, when their sentence names none
    (``penalized_members``): "A, B and C were among those ordered to pay the maximum", "P was among
    the executives sanctioned" (not "among those fined by Y", the verb rule's)."""
    lex, pay = lexicon()["penalized_members"], lexicon()["penalty_payments"]["verbs"]
    if ctx.words.isdisjoint(_words("penalized_members.participles", "penalized_members.order_verbs")):
        return
    for tok in ctx.tokens:
        if tok.dep_ != "acl" or tok.tag_ != "VBN" or tok.head.dep_ != "pobj" \
                or tok.head.head.lower_ not in lex["preps"] or _lemma(tok.head.head.head) != "be" \
                or any(c.dep_ == "agent" for c in tok.children):
            continue
        if _lemma(tok) not in lex["participles"] and not (_lemma(tok) in lex["order_verbs"] and any(
                c.dep_ == "xcomp" and _lemma(c) in pay for c in tok.children)):
            continue  # "among those ordered to pay": an order to pay is a penalty
        copula = tok.head.head.head
        # "A, B's C and D were among ...": the parser may break the list into appositions of A
        members = _subjects(copula, ctx) + [e for c in copula.children if c.dep_ == "nsubj"
                                            for e in _listed_appositions(c, ctx)]
        agent = implicit_agent(tok, ctx.mention, ctx.history) if members else None
        for o in members if agent is not None else []:
            yield agent, "penalizes", o, "implicit-agent", tok


def _listing_round_members(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """What a round of listings covers or includes was penalized by who listed them: "Y placed X on
    its list in a round of additions that also covered Z" (the subject of the verb the round hangs
    on), "The same round of additions included Z" (the state body the story named last, when its
    sentence names none) (``penalized_members``: ``round_nouns``, ``act_nouns``, ``round_verbs``)."""
    lex = lexicon()["penalized_members"]
    if ctx.words.isdisjoint(_words("penalized_members.round_verbs")):
        return
    for tok in ctx.tokens:
        if tok.pos not in (VERB, AUX) or _lemma(tok) not in lex["round_verbs"]:
            continue
        act = tok.head if tok.dep_ == "relcl" else next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if act is None or act.lemma_.lower() not in lex["act_nouns"] + lex["round_nouns"]:
            continue
        if act.dep_ == "pobj" and act.head.lower_ == "of" and act.head.head.lemma_.lower() in lex["round_nouns"]:
            act = act.head.head  # "a round of additions that covered Z"
        elif not any(c.dep_ == "prep" and c.lower_ == "of" and p.lemma_.lower() in lex["act_nouns"]
                     for c in act.children for p in c.children):
            continue  # "the round included Z": a funding round, not a listing
        lister = act.head.head if act.dep_ == "pobj" and act.head.head.pos == VERB else None
        bodies = [e for e in _subjects(lister, ctx) if e.type == "GovernmentBody"] if lister is not None else []
        agent = bodies[0] if bodies else implicit_agent(tok, ctx.mention, ctx.history)
        for o in _slot(tok, "dobj", ctx) if agent is not None else []:
            yield agent, "penalizes", o, "implicit-agent", tok


def _suspect_list_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A state body that names companies or apps in a clause that says it suspects them, or that
    they acted illegally, investigates each one named ("Y named X among 40 apps that it suspected of
    ...", "Y named 40 apps, among them A and B, that it said had unlawfully ..."; ``suspect_lists``)."""
    lex = lexicon()["suspect_lists"]
    for tok in ctx.tokens:
        if tok.pos != VERB or _lemma(tok) not in lex["verbs"]:
            continue
        agents = [e for e in _subjects(tok, ctx) if e.type == "GovernmentBody"]
        if not agents:
            continue
        # the naming clause, without a verb coordinated with it ("... and in May it ordered ...")
        other = [range(c.left_edge.i, c.right_edge.i + 1) for c in tok.children if c.dep_ == "conj"]
        if not any(t.pos == VERB and _lemma(t) in lex["suspicion_verbs"] or t.lower_ in lex["wrongdoing_adverbs"]
                   for t in tok.subtree if not any(t.i in r for r in other)):
            continue
        named = [c for c in tok.children if c.dep_ == "dobj"] + [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ == "among" for p in c.children if p.dep_ == "pobj"]
        for o in dict.fromkeys(e for n in named for e in entities_of(n, ctx) + _listed_after(n, ctx)):
            for agent in agents:
                yield agent, "investigates", o, "suspect-list", tok


def _inquirers(noun: Token, ctx: SentenceContext) -> list[Entity]:
    """The state bodies a finding's subject names: the body itself ("the SEC", "the regulator"), or
    the agents of an inquiry noun ("a European Commission investigation", "a review by Y", "reports by
    investigators at Y", "the inquiry, led by Y together with Z"; ``inquiry_findings``)."""
    lex = lexicon()["inquiry_findings"]
    if noun.lemma_.lower() not in lex["inquiry_nouns"]:
        found = entities_of(noun, ctx)
    else:
        by = [p for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
              for p in c.children if p.dep_ == "pobj"]
        found = [e for c in noun.children if c.dep_ in ("compound", "poss", "nmod") for e in entities_of(c, ctx)]
        found += [e for p in by for e in (_prep_objects(p, lex["inquirer_preps"], ctx)
                                          if p.lower_ in lex["inquirer_nouns"] else entities_of(p, ctx))]
        # "the inquiry, led by Y together with Z, ..."
        led = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        found += [e for c in led for e in _agents(c, ctx)]
        found += [e for c in led for k in c.subtree if _co_agent_prep(k) for p in k.children if p.dep_ == "pobj"
                  for e in entities_of(p, ctx)]
    return [e for e in found if e.type == "GovernmentBody"]


def _inquiry_finding_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A state body's finding on what a company did, or one of its inquiry's, was reached by
    investigating the company ("Y found that X had breached the law", "a review by Y, which
    concluded that X's know-how ...", "a Y investigation reached the view that X could ..."), and
    so was its statement that the company did wrong ("Y said X had evaded customs duty") or its
    examining how or whether it did something ("Y reviewed how X handled users' data")
    (``inquiry_findings``; investigates; not a court's: a ruling in a case is no inquiry)."""
    lex = lexicon()["inquiry_findings"]
    verbs = _words(*(f"inquiry_findings.{k}" for k in ("verbs", "reach_verbs", "allegation_verbs", "examining_verbs")))
    for tok in ctx.tokens:
        lemma = _lemma(tok)
        if tok.pos != VERB or lemma not in verbs:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in ("which", "that") and tok.dep_ == "relcl":
            subj = tok.head  # "a review by Y, which concluded that ..."
        # a court's finding is a ruling in a case, not an inquiry of its own
        agents = [e for e in (_inquirers(subj, ctx) if subj is not None else []) if not _is_court(e)]
        if not agents:
            continue
        if lemma in lex["reach_verbs"]:
            clauses = [k for d in tok.children if d.dep_ == "dobj" and d.lemma_.lower() in lex["view_nouns"]
                       for k in d.children if k.dep_ in ("acl", "ccomp")]
        else:
            clauses = [c for c in tok.children if c.dep_ == "ccomp"]
        if lemma in lex["allegation_verbs"]:  # "Y said X had evaded duty": what it says X did wrong
            clauses = [c for c in clauses if _lemma(c) in lex["wrongdoing_verbs"]]
        elif lemma in lex["examining_verbs"]:  # "Y reviewed how X handled data": what it looks into
            clauses = [c for c in clauses if any(k.dep_ in ("mark", "advmod") and k.lower_ in lex["clause_markers"]
                                                 and k.i < c.i for k in c.children)]
        doers = [c for v in clauses for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        found = [e for d in doers for e in entities_of(d, ctx)] + _conduct_of(doers, ctx)
        for o in dict.fromkeys(e for e in found if e.type in ("Company", "Product")):
            for agent in agents:
                yield agent, "investigates", o, "inquiry-finding", tok


def _information_demand_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A state body that orders a company to report, explain or submit, or asks it for details,
    inquires into it ("Y ordered X to report on its contractors", "Y told X to submit every app for
    testing", "Y wrote to A and B demanding details of their deals", "Y demanded records from X",
    "an inquiry by Y, which wrote to X demanding details"; ``information_demands``; investigates)."""
    lex = lexicon()["information_demands"]
    for tok in ctx.tokens:
        if tok.pos != VERB:
            continue
        lemma = _lemma(tok)
        if lemma in lex["report_verbs"] and tok.dep_ == "xcomp" and _lemma(tok.head) in lex["asking_verbs"]:
            asker = tok.head  # "ordered X to report"
            targets = [e for c in asker.children if c.dep_ == "dobj" for e in entities_of(c, ctx)]
        elif lemma in lex["demand_verbs"] and any(c.dep_ == "dobj" and c.lemma_.lower() in lex["information_nouns"]
                                                  for c in tok.children):
            asker, targets = tok, _prep_objects(tok, ["from"], ctx)  # "demanded records from X"
            if not targets and tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.pos == VERB:
                asker = tok.head  # "wrote to X demanding details"
                targets = _prep_objects(asker, ["to"], ctx)
        else:
            continue
        bodies = _subjects(asker, ctx)
        if not bodies and asker.dep_ == "relcl":
            bodies = _inquirers(asker.head, ctx)  # "an inquiry by Y, which wrote to X ..."
        for o in dict.fromkeys(e for e in targets if e.type in ("Company", "Product")):
            for body in bodies:
                if body.type == "GovernmentBody":
                    yield body, "investigates", o, "information-demand", tok


def _deal_review_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A state body that reviews, clears or approves a deal investigated its parties ("Y approved X's
    purchase of Z", "Y, which had been reviewing the transaction, ...", "the takeover was reviewed by
    Y": "the deal" is the one its sentence names, "X completed its purchase of Z after Y approved the
    deal") (``deal_reviews``; investigates the buyer, and whom it merges with: not what it buys)."""
    lex = lexicon()["deal_reviews"]
    for tok in ctx.tokens:
        if tok.pos != VERB or _lemma(tok) not in lex["verbs"]:
            continue
        deals = [k for k in _patients(tok) if k.lemma_.lower() in lex["deal_nouns"]]
        if not deals:
            continue
        reviewers = [e for e in _slot(tok, "subject", ctx) if e.type == "GovernmentBody"]
        parties = [e for d in deals for e in _deal_parties(d, ctx)]
        if not parties:  # "the deal": the one named elsewhere in its sentence
            parties = [e for d in ctx.tokens if d.lemma_.lower() in lex["deal_nouns"] and d not in deals
                       for e in _deal_parties(d, ctx)]
        for o in dict.fromkeys(e for e in parties if e.type == "Company"):
            for body in reviewers:
                yield body, "investigates", o, "deal-review", tok


def _deal_parties(deal: Token, ctx: SentenceContext) -> list[Entity]:
    """The parties a deal noun names: its owner ("X's purchase", "its offer": one its sentence
    names, since a pronoun's reference across sentences is less sure) and whom it merges with ("its
    merger with Z"; ``deal_reviews.party_preps``)."""
    named = [e for i, e in ctx.mention.items() if ctx.sent.start <= i < ctx.sent.end and ctx.sent.doc[i].pos_ != "PRON"]
    owners = [e for c in deal.children if c.dep_ in ("poss", "compound", "nmod") for e in entities_of(c, ctx)
              if c.pos_ != "PRON" or e in named]
    return owners + _prep_objects(deal, lexicon()["deal_reviews"]["party_preps"], ctx)


def _infringement_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """The owner of rights that a company infringed has a claim against it ("a jury found that X had
    infringed two patents owned by Y", "X's phones infringed four Y patents", "Y's patents were
    infringed by X"), and so has who accuses it of infringing ("Y accused X of patent infringement";
    ``infringements``; sues)."""
    lex = lexicon()["infringements"]
    for tok in ctx.tokens:
        if tok.pos == VERB and _lemma(tok) in lex["accusing_verbs"]:
            yield from _infringement_claims(tok, ctx)
        if tok.pos != VERB or _lemma(tok) not in lex["verbs"]:
            continue
        passive = _is_passive(tok)
        rights = [k for k in _patients(tok) if k.lower_ in lex["right_nouns"]]
        owners = [e for r in rights for c in r.children if c.dep_ in ("poss", "compound", "nmod")
                  for e in entities_of(c, ctx)]
        owners += [e for r in rights for c in r.children if c.dep_ == "acl" for e in _agents(c, ctx)]
        infringers = _slot(tok, "subject", ctx) or ([] if passive else _conduct_of(
            [c for c in tok.children if c.dep_ == "nsubj"], ctx))  # "X's handsets infringed ..."
        for owner in dict.fromkeys(owners):
            for o in infringers:
                if o != owner:
                    yield owner, "sues", o, "infringement", tok


def _infringement_claims(verb: Token, ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Who accuses a company of infringing has a claim against it: "Y accused X of infringing six
    patents", "Y had accused it of patent infringement" (``infringements.claim_nouns``; sues)."""
    lex = lexicon()["infringements"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # the parser may hang "of" on the object: "accused Ninebot of patent infringement"
    claims = [p for n in (verb, *objects) for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ in ("pobj", "pcomp")
              and (p.lower_ in lex["claim_nouns"] or _lemma(p) in lex["verbs"])]
    accused = [e for c in objects for e in entities_of(c, ctx)] if claims else []
    for owner in _subjects(verb, ctx):
        for o in accused:
            if o != owner:
                yield owner, "sues", o, "infringement", verb


def _accepted_penalty_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A penalty sum a company pays or agrees to, naming no payee, was imposed by the one state body
    its sentence names, else by the one the story named last (``accepted_penalties``): "X agreed to
    pay a $1 billion penalty", "X paid $90 million in fines", "Y charged X with fraud; X agreed to a
    $180 million penalty" -> Y penalizes X (a sum paid to someone named is the ``settlement`` rule's)."""
    lex = lexicon()["accepted_penalties"]
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex["nouns"]:
            continue
        head = tok.head
        if tok.dep_ == "dobj" and _lemma(head) in lex["verbs"]:
            verb, amount = head, tok  # "paid a $60 million fine"
        elif tok.dep_ == "pobj" and head.lower_ == "in" and head.head.dep_ == "dobj" \
                and _lemma(head.head.head) in lex["verbs"]:
            verb, amount = head.head.head, head.head  # "paid $90 million in fines"
        elif tok.dep_ == "pobj" and head.lower_ == "in" and _lemma(head.head) in lex["verbs"] \
                and (amount := next((c for c in head.head.children if c.dep_ == "dobj"), None)) is not None:
            verb = head.head  # the parser may hang "in fines" on the verb
        elif tok.dep_ == "pobj" and head.lower_ == "to" and _lemma(head.head) in lex["to_verbs"]:
            verb, amount = head.head, tok  # "agreed to a $180 million penalty"
        else:
            continue
        if not any(t.ent_type_ == "MONEY" for t in amount.subtree) or any(
                c.dep_ == "dative" for c in verb.children) or _prep_objects(verb, ["to"], ctx):
            continue  # no sum, or paid to someone named ("paid $5 million to Y")
        payers = _subjects(verb, ctx)
        for body in _settling_body(verb, ctx) if payers else []:
            for payer in payers:
                yield body, "penalizes", payer, "accepted-penalty", tok


def _court_award_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A court's order that a company pay names the one it pays, or who brought the case, as its
    opponent in court (``court_awards``; ``penalty_payments`` verbs and court words): "a court ordered
    X to pay Y 10 million yuan", "in a case brought by Y, the court ruled that X must pay $5 million"
    -> Y sues X (no penalty: the ``settlement`` rule leaves a court's order to pay out)."""
    lex, pay = lexicon()["court_awards"], lexicon()["penalty_payments"]
    for tok in ctx.tokens:
        court = tok.head
        if tok.pos != VERB or _lemma(tok) not in pay["verbs"] or tok.dep_ not in ("xcomp", "ccomp") \
                or _lemma(court) not in lex["verbs"] or not any(
                    c.dep_ == "nsubj" and (c.lemma_.lower() in pay["court_words"] or any(
                        _is_court(e) for e in entities_of(c, ctx)))
                    for c in court.children):
            continue
        # "ordered X to pay Y N": the one paid (a name: "pay it" is too often the wrong one); "in a
        # case brought by Y, the court ruled ...": the claimant
        claimants = [e for c in tok.children if c.dep_ == "dative" and c.i in ctx.mention for e in entities_of(c, ctx)]
        claimants = claimants or _prep_objects(tok, ["to"], ctx) or [
            e for p in court.children if p.dep_ == "prep" for n in p.children
            if n.dep_ == "pobj" and n.lemma_.lower() in lex["case_nouns"]
            for a in n.children if a.dep_ == "acl" for e in _agents(a, ctx)]
        payers = _subjects(tok, ctx)
        for s in claimants:
            for o in payers:
                yield s, "sues", o, "court-award", tok


def _countersuit_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A countersuit that names no opponent answers the one who sued its filer before in the story,
    else the one other company its sentence names (``countersuits``): "Y sued X in May. X hit back
    with suits of its own", "X filed its own lawsuit", "X countersued the group" -> X sues Y (sues;
    "a countersuit against Y", "countersued Y" are the noun and verb triggers')."""
    lex = lexicon()["countersuits"]
    for tok in ctx.tokens:
        if tok.pos == VERB and _lemma(tok) in lex["verbs"]:
            verb: Token | None = tok
            if _slot(tok, "dobj", ctx):
                continue
        elif tok.pos_ == "NOUN" and tok.lower_ in lex["nouns"] and (tok.lower_ in lex["counter_nouns"] or any(
                c.dep_ == "amod" and c.lower_ == "own" or c.dep_ == "prep" and c.lower_ == "of"
                and any(p.lower_ == "own" for p in c.children) for c in tok.children)):
            verb = _clause_verb(tok)  # "hit back with suits of its own", "filed its own lawsuit"
        else:
            continue
        if verb is None or _prep_objects(tok, ["against"], ctx) or _prep_objects(verb, ["against"], ctx):
            continue
        for filer in [e for e in _relative_clause_name(verb, ctx) or _subjects(verb, ctx) if e.type == "Company"]:
            others = [e for e in ctx.named if e.type == "Company" and e != filer]
            for o in _accusers(filer, tok, ctx) or (others if len(others) == 1 else []):
                yield filer, "sues", o, "countersuit", tok


def _relative_clause_name(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The name a verb belongs to when the parser joins it to a clause inside that name's relative
    clause: "X, which said Y was demanding too much, hit back ..." (X hit back, not Y)."""
    first = verb
    while first.dep_ == "conj":
        first = first.head
    rel = first.head if first.dep_ == "ccomp" else first
    if first is verb or rel.dep_ != "relcl" or rel.head.i not in ctx.mention or verb.doc[verb.i - 1].lower_ != ",":
        return []
    return entities_of(rel.head, ctx)


def _accusers(party: Entity, before: Token, ctx: SentenceContext) -> list[Entity]:
    """Who sued a party last before a token of its story ("Y sued X in May": Y for X), through the
    verbs a countersuit answers (``countersuits.answered_verbs``)."""
    verbs = lexicon()["countersuits"]["answered_verbs"]
    for v in reversed(before.doc[:before.i]):
        if v.pos == VERB and _lemma(v) in verbs:
            earlier = SentenceContext(v.sent, ctx.mention, ctx.history, ctx.owner_of)
            if party in _slot(v, "dobj", earlier):
                return [e for e in _slot(v, "subject", earlier) if e != party]
    return []


def _open_inquiry_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """An inquiry a state body opens that names no one (``open_inquiries``) is into the company a
    clause joined to its verb acts on: the state body's own act ("Y ordered X to stop ..., and
    opened an investigation") or another inquiry's ("Y opened an inquiry into X, and Z launched a
    criminal investigation"; investigates; not the company the story is about, which is too often the
    one that complained to the body)."""
    lex = lexicon()["open_inquiries"]
    for tok in ctx.tokens:
        verb = tok.head
        if tok.pos_ != "NOUN" or tok.lower_ not in lex["nouns"] or tok.dep_ != "dobj" \
                or _lemma(verb) not in lex["verbs"] or any(c.i in ctx.mention for c in tok.children) \
                or any(c.dep_ == "prep" and c.lower_ in lex["preps"] for n in (tok, verb) for c in n.children):
            continue
        doers = [e for e in _subjects(verb, ctx) if e.type == "GovernmentBody"]
        for body in doers:
            for o in _joined_targets(verb, doers, ctx):
                yield body, "investigates", o, "open-inquiry", tok


def _joined_targets(verb: Token, doers: list[Entity], ctx: SentenceContext) -> list[Entity]:
    """The companies a clause joined to an inquiry's verb acts on: another inquiry's ("opened an
    inquiry into X, and Z launched ...", whoever opened it), or the same doers' act ("ordered X to
    stop ..., and opened ...")."""
    lex = lexicon()["open_inquiries"]
    out: list[Entity] = []
    for v in [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else []):
        if _lemma(v) in lex["verbs"]:
            out += _prep_objects(v, lex["preps"], ctx) + [
                e for n in v.children if n.dep_ == "dobj" for e in _prep_objects(n, lex["preps"], ctx)]
        elif set(_subjects(v, ctx)) & set(doers):
            out += _slot(v, "dobj", ctx)
    return [e for e in dict.fromkeys(out) if e.type in ("Company", "Product")]


def _banned_goods_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A ban on a maker's goods bans the maker (``banned_goods``): "Y barred A and B equipment from
    its networks", "Y removed the app W and applications from X", "A's phones were banned by Y" (the
    maker as possessor, as a modifying name with those coordinated with it, or after "from")."""
    index, goods = by_word("verb_triggers"), lexicon()["banned_goods"]["nouns"]
    for tok in ctx.tokens:
        if tok.pos not in (VERB, AUX) or not any(
                t["predicate"] == "bans" and "particles" not in t and ("prep_nouns" not in t or _listed_objects(tok, t))
                for t in index.get(_lemma(tok), [])):
            continue
        makers = [e for k in _patients(tok) if k.lemma_.lower() in goods
                  for e in _goods_maker(k, ctx) if e.type == "Company"]
        doers = (_agents(tok, ctx) if _is_passive(tok) else _subjects(tok, ctx)) if makers else []
        for s in doers:  # "A and B removed its app": not one doer's goods banned by the other
            for o in dict.fromkeys(e for e in makers if e not in doers):
                yield s, "bans", o, "banned-goods", tok
