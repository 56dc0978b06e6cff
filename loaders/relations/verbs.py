"""The ``verb`` rule: a trigger verb of the lexicon (``verb_triggers``) and its clause's frame."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.symbols import ADJ, AUX, VERB
from spacy.tokens import Token

from ...ontology.model import ENTITY_TYPES, SYMMETRIC, Entity
from ..anaphora import one_of
from ..lexicon import lexicon
from .context import (
    SentenceContext,
    _agents,
    _co_agent_prep,
    _conduct_of,
    _conjuncts,
    _described,
    _described_noun,
    _entities_of_one,
    _goods_maker,
    _hedged,
    _is_passive,
    _lemma,
    _listed_objects,
    _object_predicate,
    _place_modifier,
    _prep_objects,
    _rival_goods_makers,
    _share_words,
    _slot,
    _subjects,
    _typed,
    _unit_owners,
    _where_names,
    _words,
    by_word,
    entities_of,
)


def _verb_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    index = by_word("verb_triggers")
    for tok in ctx.tokens:
        if tok.pos not in (VERB, AUX) and not (tok.pos == ADJ and tok.tag_ == "VBN"):
            continue
        lemma = _lemma(tok)
        trigs = index.get(lemma, []) + [t for t in index.get(tok.lower_, []) if lemma not in t["lemmas"]]
        for trig in trigs:
            # "take over", "take control of": the verb triggers only with its particle or noun
            if "particles" in trig and not any(c.lower_ in trig["particles"] for c in tok.children
                                               if c.dep_ in ("prt", "dobj", "oprd", "acomp", "advmod", "ccomp")
                                               or c.dep_ == "prep" and c.i == tok.i + 1):
                continue  # "took over X", "took control of X", "took X private"; "took on Y" (a preposition)
            if "onset_heads" in trig and not (tok.dep_ == "xcomp" and _lemma(tok.head) in trig["onset_heads"]):
                continue  # "began selling its Y phone": only the start of a sale is a release
            preps = trig.get("preps", [])
            listed: list[Token] = []
            if "prep_nouns" in trig:
                # "added X to its Entity List", "counts X among its investors": the verb means the
                # relation only with such a prepositional object
                listed = _listed_objects(tok, trig)
                if not listed:
                    continue
            set_off = _set_off_participle(tok)
            if set_off or _is_passive(tok):
                subjects = _agents(tok, ctx)
                if not subjects and listed:  # "was placed on a Treasury Department blacklist"
                    subjects = [e for p in listed for c in p.children if c.dep_ in ("poss", "compound")
                                for e in entities_of(c, ctx)]
                objects = _subjects(tok, ctx, "nsubj" if set_off else "nsubjpass")
                if tok.dep_ == "conj" and tok.head.dep_ in ("acl", "amod") and not objects:
                    tok_np = tok.head  # "X, founded and chaired by P": the second participle describes X too
                else:
                    tok_np = tok
                if tok_np.dep_ in ("acl", "amod") and not objects:
                    objects = _entities_of_one(tok_np.head, ctx, 0)
                    if not objects and trig.get("passive_preps") and tok_np.head.dep_ == "pobj" \
                            and tok_np.head.head.lower_ == "of":
                        # "X, a maker of equipment based in Allentown": the parser hangs the
                        # participle on the nearer noun, which names no one; it describes the maker
                        objects = _entities_of_one(tok_np.head.head.head, ctx, 0)
                    if not objects and trig["predicate"] == "worksFor" and subjects \
                            and all(e.type == "Person" for e in subjects):
                        objects = _entities_of_one(_described_noun(tok_np.head), ctx, 0)
                if trig.get("passive_preps"):  # "X is based in Y": the place is a prepositional object
                    subjects, objects = objects, _prep_objects(tok, preps, ctx)
                elif trig.get("possessor_agent") and subjects:
                    continue  # "a chip designed by X" says who made it, not who partnered
                elif trig.get("possessor_agent") and not subjects:
                    # "its title co-developed with Tencent": the possessor did it, with the prep object
                    subjects = [e for c in tok.head.children if c.dep_ == "poss" for e in entities_of(c, ctx)]
                    objects = _prep_objects(tok, preps, ctx)
                if not objects and trig["predicate"] in _words("operator_nouns.predicates"):
                    objects = _operated(tok, ("nsubjpass",), ctx)  # "the operator of A was fined by Y"
                if trig["predicate"] == "owns" and _run_for_possessor(tok, subjects, ctx):
                    continue  # "Microsoft's Azure is run in China by X": X operates it, Microsoft owns it
                rule = "passive"
            else:
                subjects = _subjects(tok, ctx) or _gerund_clause_subjects(tok, ctx) or _one_of_doers(tok, ctx)
                if not subjects and trig["predicate"] in SYMMETRIC:
                    # "Sunny's lenses compete with those of Largan": a company's products for the company
                    subjects = [e for c in tok.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                                for k in c.children if k.dep_ == "poss" for e in entities_of(k, ctx)]
                if not subjects and trig["predicate"] == "competesWith":
                    subjects = _rival_goods_makers(tok, ctx)
                causes = lexicon()["causatives"]
                if tok.dep_ == "xcomp" and _lemma(tok.head) in causes["verbs"] \
                        and trig["predicate"] in causes["predicates"]:
                    subjects = _subjects(tok.head, ctx)  # "ordered app stores to remove the app"
                objects = []
                if trig.get("active_objects"):
                    # "fined TikTok £12.7 million": the parser calls the first object a dative
                    deps = set(trig["active_objects"]) | ({"dative"} if "dobj" in trig["active_objects"] else set())
                    # "set up the China fund", "ran China's internet regulator": a place that
                    # modifies what a person runs is where it works, not its owner
                    objects += [e for c in tok.children if c.dep_ in deps for e in entities_of(c, ctx)
                                if not (trig["predicate"] == "worksFor" and _place_modifier(e, c, ctx))]
                    # "DingTalk, the app Alibaba launched in 2015": a relative clause without a
                    # relative pronoun lacks its object, which is the noun it modifies
                    if tok.dep_ == "relcl" and "dobj" in deps and not any(c.dep_ in deps for c in tok.children) \
                            and not any(c.dep_ == "prep" and not list(c.children) for c in tok.children):
                        # "X was one of seven firms the regulator fined": the copula's subject
                        objects += _entities_of_one(tok.head, ctx, 0) or (
                            _described(tok.head, ctx) if tok.head.tag_ == "NNS" and (
                                one_of(tok.head) is not None or tok.head.dep_ == "pobj"
                                and tok.head.head.lower_ == "among") else [])
                region = _served_region(tok, trig, ctx)  # read once, not per prepositional object
                objects += [e for e in _prep_objects(tok, preps, ctx) if e not in region]
                if not objects and trig["predicate"] == "competesWith":
                    # "X competes with Nvidia's chips", "with machines from Lam Research"
                    objects = [e for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
                               for p in c.children if p.dep_ == "pobj" for e in _goods_maker(p, ctx)]
                if not objects and "at" in preps:  # "X, where P worked until 2022": P worked at X
                    objects = _where_names(tok, ctx)
                if not objects:  # "stopped offering Skype", "stopped selling phones in Germany"
                    objects = _stopped_objects(tok, trig, ctx)
                if not objects and trig["predicate"] in _words("conduct_objects.predicates"):
                    objects = _conduct_of([c for c in tok.children if c.dep_ == "dobj"], ctx)
                if not objects and trig["predicate"] in _words("operator_nouns.predicates"):
                    objects = _operated(tok, ("dobj", "dative"), ctx)  # "fined the operators of A and B"
                if not objects and tok.dep_ == "xcomp" and _lemma(tok.head) in causes["verbs"] \
                        and trig["predicate"] in causes["predicates"]:
                    # "ordered Temu to suspend operations": the one ordered to stop is what is banned
                    objects = [e for c in tok.head.children if c.dep_ == "dobj" and c.i in ctx.mention
                               for e in entities_of(c, ctx)]  # a name: "it" is too often the wrong one
                after = _after_passive(tok, ctx)
                if after is not None:  # "X was added to Y's list, cutting it off from ..."
                    subjects, objects = after
                rule = "verb"
                if trig.get("object_operates") and any(
                        c.dep_ == "dobj" and (c.lemma_.lower() in lexicon()["transparent_nouns"]["holdings"]
                                              or c.lower_ in _share_words()) for c in tok.children):
                    continue  # "sold shares in Hong Kong", "sold its stake in X": no business there
                if trig.get("object_operates"):
                    # "Meituan launched Keeta in Hong Kong": the thing launched operates there;
                    # "X sells its Galaxy phones in P": goods of a brand are the seller's business
                    things = [o for o in objects if o.type != "Place" and not _brand_goods(tok, o, ctx)]
                    objects = [o for o in objects if o.type == "Place"]
                    subjects = things or subjects
            if not objects:  # "barred American firms from selling chips to X": the ban is on X
                objects = _barred_objects(tok, trig, ctx)
            if not objects and trig["predicate"] == "bans":  # "revoked a licence that let X ship Y"
                objects = _permitted(tok, ctx)
            if not objects and trig.get("unit_owners"):  # "P runs Alibaba's cloud unit"
                objects = _unit_owners([c for c in tok.children if c.dep_ in trig.get("active_objects", ())]
                                       + [p for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
                                          for p in c.children if p.dep_ == "pobj"], ctx)
            if "frame" in trig:
                # the trigger names which clause slot fills which argument: "SMIC hired P from
                # Samsung" -> worksFor(P, Samsung) is {"subject": "dobj", "object": "prep:from"}
                subjects, objects = (_slot(tok, trig["frame"][k], ctx) for k in ("subject", "object"))
            if rule == "verb" and objects and "frame" not in trig and not trig.get("inverse"):
                # "sued P together with A and B", "invested in Y together with Z"
                co_subjects, co_objects = _co_parties(tok, subjects, trig, ctx)
                subjects, objects = subjects + co_subjects, objects + co_objects
            if trig["predicate"] == "competesWith" and _holder_race(tok):
                continue  # "X overtook Y as Z's largest shareholder": a race for a stake, not a market
            if rule == "verb" and subjects and objects and trig["predicate"] in _words("like_doers.predicates"):
                subjects = subjects + [e for e in _like_doers(tok, ctx) if e not in subjects + objects]
            # the lexicon types the verb's own subject and object, before any inversion
            subjects = [s for s in subjects if _typed(s, trig.get("subject_types", ENTITY_TYPES))]
            objects = [o for o in objects if _typed(o, trig.get("object_types", ENTITY_TYPES))]
            if trig.get("inverse"):
                subjects, objects = objects, subjects
            predicate = _object_predicate(tok, trig["predicate"])
            if predicate not in SYMMETRIC and len(subjects) > 1:
                # "Google and Fidelity put $1 billion into it": one doer is not what the other acts on
                objects = [o for o in objects if o not in subjects]
            for s in subjects:
                for o in objects:
                    yield s, predicate, o, rule, tok


def _set_off_participle(verb: Token) -> bool:
    """A participle with an agent and no auxiliary that the parser reads as an active verb of the
    name before it ("X, chaired by P, has sold ...": X is chaired, the name is the patient)."""
    deps = {c.dep_ for c in verb.children}
    return verb.tag_ == "VBN" and {"nsubj", "agent"} <= deps and not deps & {"aux", "auxpass"}


def _gerund_clause_subjects(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The subject of a gerund after a time preposition that the parser hangs on a noun: the clause
    verb's above that noun ("X named P head of Y, its app, weeks after hiring him from Z": X hired)."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in _words("gerund_time_preps.words") \
            or prep.head.pos_ not in ("NOUN", "PROPN"):
        return []
    clause = next((a for a in prep.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return _subjects(clause, ctx) if clause is not None else []


def _one_of_doers(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The doer of a verb (or of its infinitive's chain) under a gerund on a plural after "one of" or
    "among": the subject of the copula ("X is one of few firms trying to take on Y", "X was among the
    makers seeking to buy Y": X)."""
    v = verb
    while v.dep_ == "xcomp" and v.head.i != v.i:
        v = v.head
    noun = v.head
    if v.dep_ != "acl" or v.tag_ != "VBG" or noun.tag_ != "NNS" or entities_of(noun, ctx) \
            or not (one_of(noun) is not None or noun.dep_ == "pobj" and noun.head.lower_ == "among"):
        return []
    return _described(noun, ctx)


def _rival_effort(trigger: Token, predicate: str) -> bool:
    """Whether a rivalry verb is hedged only by an effort verb it completes, itself asserted: a company
    trying to take on another competes with it ("X is trying to take on Y", "one of few firms seeking
    to compete with Y"; ``rival_efforts``; not "X plans to try to take on Y")."""
    efforts = lexicon()["rival_efforts"]
    return predicate in efforts["predicates"] and trigger.dep_ == "xcomp" \
        and _lemma(trigger.head) in efforts["verbs"] and not _hedged(trigger.head)


def _served_region(verb: Token, trig: dict[str, Any], ctx: SentenceContext) -> list[Entity]:
    """A place after "for" on an employment verb with an object of its own, or on that object, is
    the region the work covered, not an employer ("P led research for Asia", "P ran sales for Europe")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if trig["predicate"] != "worksFor" or not objs:
        return []
    return [e for h in (verb, *objs) for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
            for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx) if e.type == "Place"]


def _run_for_possessor(verb: Token, agents: list[Entity], ctx: SentenceContext) -> bool:
    """Whether a passive operating verb (``operating_verbs``) says a third party runs what its
    possessor owns: "Microsoft's Azure has been run by X", "its cloud is operated by X" (not
    "its unit, run by its founder's firm" when the possessor is that same agent)."""
    if _lemma(verb) not in _words("operating_verbs"):
        return False
    owners = [e for c in verb.children if c.dep_ == "nsubjpass" for p in c.children if p.dep_ == "poss"
              for e in entities_of(p, ctx)]
    return bool(owners) and not set(owners) & set(agents)


def _co_parties(verb: Token, subjects: list[Entity], trig: dict[str, Any],
                ctx: SentenceContext) -> tuple[list[Entity], list[Entity]]:
    """The names a trigger verb adds with "together with" / "jointly with", as more doers or more
    objects: one of a doer's kind does it too ("Tencent invested in Y together with Z"); another
    that the trigger can act on is acted on too ("the SEC sued P together with A and B", "X
    introduced A together with the B processor")."""
    names = [e for c in verb.children if _co_agent_prep(c)
             for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx)]
    doers = [e for e in names if any(e.type == s.type for s in subjects)
             and _typed(e, trig.get("subject_types", ENTITY_TYPES))]
    return doers, [e for e in names if e not in doers and e not in subjects
                   and _typed(e, trig.get("object_types", ENTITY_TYPES))]


def _like_doers(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The names a "like" phrase before a verb compares its subject with, which do what it does
    (``like_doers``): "Like A and B, X competes with C" (A and B compete with C too); not a "like"
    phrase after the verb, which may compare its object ("X competes with C, like A")."""
    preps = _words("like_doers.preps")
    return [e for c in verb.children if c.dep_ == "prep" and c.lower_ in preps and c.i < verb.i
            for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx) if e.type in ("Company", "Product")]


def _holder_race(verb: Token) -> bool:
    """Whether a verb says what its subject overtook or beat another as: a holder of a company
    ("overtaking Y as Z's largest shareholder"; the nouns of ``becoming_holders``)."""
    nouns = _words("becoming_holders.nouns")
    return any(c.dep_ == "prep" and c.lower_ == "as" and p.dep_ == "pobj" and p.lemma_.lower() in nouns
               for c in verb.children for p in c.children)


def _brand_goods(verb: Token, thing: Entity, ctx: SentenceContext) -> bool:
    """Whether a verb's object names ``thing`` only as the brand of plural goods ("began selling its
    Pixel handsets in P", "offers Kirin chips across P"): the one selling them operates there, not
    the brand ("launched the Keeta app in P" is the app itself)."""
    return any(k.tag_ == "NNS" and k.i not in ctx.mention
               and any(c.dep_ == "compound" and ctx.mention.get(c.i) is thing for c in k.children)
               for d in verb.children if d.dep_ == "dobj" for k in _conjuncts(d))


def _after_passive(verb: Token, ctx: SentenceContext) -> tuple[list[Entity], list[Entity]] | None:
    """The doer and the pronoun object of a participle set off after a passive clause: the passive's
    agent (or the state body whose list it names) and its subject, with those named "along with"
    it ("X was added to Y's entity list along with Z, cutting them off from American suppliers" ->
    Y cuts off X and Z). None where the participle's object is no pronoun or its head no passive."""
    head = verb.head
    pronouns = [c for c in verb.children if c.dep_ == "dobj" and c.tag_ == "PRP"]
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or head.i == verb.i or not _is_passive(head) or not pronouns:
        return None
    agents = _agents(head, ctx) or [e for c in head.children if c.dep_ == "prep" for p in c.children
                                    if p.dep_ == "pobj" for k in p.children if k.dep_ == "poss"
                                    for e in entities_of(k, ctx) if e.type in ("GovernmentBody", "Place")]
    patients = _subjects(head, ctx, "nsubjpass") + [  # "them": with its companions; "it": not
        e for c in head.children for w in (c, *c.children) if _co_agent_prep(w)
        and pronouns[0].morph.get("Number") == ["Plur"]
        for p in w.children if p.dep_ == "pobj" for e in entities_of(p, ctx)]
    return agents, list(dict.fromkeys(patients))


def _operated(verb: Token, deps: tuple[str, ...], ctx: SentenceContext) -> list[Entity]:
    """What the unnamed runner of a service that a state or legal action falls on runs
    (``operator_nouns``): "fined the operators of A, B and C", "sued the company behind Y", "the
    operator of A was banned by Y" -> A, B, C, Y (a name itself is read as it is)."""
    ops = lexicon()["operator_nouns"]
    return [e for c in verb.children if c.dep_ in deps and c.i not in ctx.mention and c.pos_ == "NOUN"
            for p in c.children if p.dep_ == "prep" and (p.lower_ in ops["any_preps"]
                                                         or c.lower_ in ops["nouns"] and p.lower_ in ops["preps"])
            for o in p.children if o.dep_ == "pobj" for e in entities_of(o, ctx)]


def _stopped_objects(verb: Token, trig: dict[str, Any], ctx: SentenceContext) -> list[Entity]:
    """The objects of the activity a stopping verb stops: what it stops using, offering or buying
    ("stopped offering Skype", "to stop buying equipment from Huawei": a ban), or any activity in a
    place ("stopped selling and servicing phones in Germany": an exit there)."""
    stopped = lexicon()["stopped_activities"]
    if _lemma(verb) not in stopped["verbs"]:
        return []
    gerunds = [k for g in verb.children if g.dep_ == "xcomp" for k in _conjuncts(g) if k.tag_ == "VBG"]
    if not trig.get("object_operates"):
        gerunds = [g for g in gerunds if _lemma(g) in stopped["gerunds"]]
    return [e for g in gerunds for e in [e for c in g.children if c.dep_ == "dobj" for e in entities_of(c, ctx)]
            + _prep_objects(g, trig.get("preps", ["from"]), ctx)]


def _permitted(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """What a revoked permission had allowed (``revoked_permissions``): the goods of the act it
    allowed, else the one allowed ("revoked a licence that had allowed X to ship two systems, A and
    B, to China" -> A and B; "revoked the permit allowing X to run ferries" -> X); not the one
    allowed to deal with a company ("let X sell chips to Y")."""
    perm = lexicon()["revoked_permissions"]
    rels = [r for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in perm["nouns"]
            for r in c.children if r.dep_ in ("relcl", "acl") and _lemma(r) in perm["verbs"]]
    acts = [a for r in rels for a in r.children if a.dep_ in ("ccomp", "xcomp")]
    goods = [e for a in acts for c in a.children if c.dep_ == "dobj"
             for n in (c, *[p for b in c.children if b.dep_ == "prep" and b.lower_ == "of"
                            for p in b.children if p.dep_ == "pobj"])
             for e in entities_of(n, ctx) if e.type == "Product"]
    if goods or any(e.type == "Company" for a in acts for e in _prep_objects(a, ["to", "with"], ctx)):
        return goods  # "let X sell chips to Y": a ban on dealing with Y, not on X
    return [e for r in rels for a in (r, *acts) for c in a.children
            if c.dep_ == ("dobj" if a is r else "nsubj") for e in entities_of(c, ctx)]


def _barred_objects(verb: Token, trig: dict[str, Any], ctx: SentenceContext) -> list[Entity]:
    """What a ban on unnamed parties bans: the objects of the activity they are barred from
    ("barred American firms from selling chips to X", "banned its staff from using X", "were
    prohibited from doing business with X"; ``barred_activities``). Only where the barred parties
    name no one: "barred X from selling to Y" bans X (the verb's own object)."""
    barred = lexicon()["barred_activities"]
    if trig["predicate"] != "bans" or _lemma(verb) not in barred["verbs"]:
        return []
    gerunds = [k for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
               for g in c.children if g.dep_ == "pcomp" for k in _conjuncts(g)
               if k.tag_ == "VBG" and _lemma(k) in barred["gerunds"]]
    return [e for g in gerunds for c in g.children
            if c.dep_ == "dobj" or c.dep_ in ("prep", "dative") and c.lower_ in barred["preps"]
            for n in ([c] if c.dep_ == "dobj" else [p for p in c.children if p.dep_ == "pobj"])
            for e in entities_of(n, ctx)]
