"""Rules on people and their posts: ``role``, ``appositive-role``, ``under-role``,
``state-title``, ``title-salient``, ``title-named``, ``staff-source``, ``arrival-source``,
``as-title``, ``in-charge`` and ``leaving-source``, and the person a new appointee replaces."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...ontology.model import Entity
from ..anaphora import state_body, story_company
from ..lexicon import lexicon
from .context import (
    SentenceContext,
    _conjuncts,
    _lemma,
    _owners,
    _person_antecedent,
    _person_near,
    _pronoun_entity,
    _subjects,
    _words,
    entities_of,
)


def _role_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """ORG ROLE+ PERSON ("Pika founder Demi Guo", "Montana Governor Greg Gianforte", "its chief
    executive Pony Ma"); ROLE+ PERSON alone refers to the salient company."""
    roles, bare = _words("role_nouns"), _words("bare_titles.words")
    sent = ctx.sent
    i = sent.start
    while i < sent.end:
        e = ctx.mention.get(i)
        if e is None or e.type != "Person":
            i += 1
            continue
        start = i
        j = i - 1
        while j >= sent.start and (sent.doc[j].lower_ in roles or sent.doc[j].lower_ in ("and", "-")) \
                and j not in ctx.mention:
            j -= 1
        if j < i - 1 and sent.doc[i - 1].lower_ in roles:
            org = ctx.mention.get(j)
            if org is None and j >= sent.start and sent.doc[j].lower_ in ("its", "their"):
                org = next(iter(_pronoun_entity(sent.doc[j], ctx)), None)  # "its chief executive P"
            if org is not None and org.type in ("Company", "GovernmentBody", "Product", "Place"):
                yield e, "worksFor", _titled_body(org, sent.doc[i - 1], ctx), "role", sent.doc[i - 1]
            # "X, led by chief executive P", "under chairman P": the clause names the organisation
            elif sent.doc[j].lower_ not in ("'s", "’s", "its", "their", "whose", "'", "’", "of", "by", "under",
                                            "with") \
                    and any(sent.doc[k].lower_ in bare for k in range(j + 1, i)):
                yield from _bare_title(e, sent.doc[j + 1], sent.doc[i - 1], ctx)
        while i < sent.end and ctx.mention.get(i) is e and i - start < 8:
            i += 1


def _titled_body(org: Entity, title: Token, ctx: SentenceContext) -> Entity:
    """The state body a government title's domain word stands for when that word was taken for a body
    of its own ("Commerce Secretary P", "Treasury Secretary P" in a story that named the Commerce
    Department, the Treasury Department): the story's one body whose name has the word
    (``state_titles``); else the organisation as named."""
    if org.type != "GovernmentBody" or org.known or title.lower_ not in lexicon()["anaphora"]["state_titles"]:
        return org
    return state_body(title, org.name.lower().split(), [m for m in ctx.history if m.entity != org]) or org


def _bare_title(person: Entity, first: Token, title: Token, ctx: SentenceContext
                ) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company title before a name that names no organisation ("chief executive P", "founder
    and chief executive P"): the salient company; as sure as a title predicate (``title-salient``)
    where the sentence names that company too ("Chief executive P said X would ..."), unless the
    title is capitalised inside the sentence, the formal style of state titles ("President P"); not
    when the company named last before the title is another ("A's chairman joined B's board, while
    chief executive P stayed": B's, not the salient A's); the one company the speaker's reported
    clause is about, where that is another than the salient one ("chief executive P said X would
    ...": ``_reported_company``)."""
    org = ctx.salient
    before = [e for i in range(ctx.sent.start, first.i)
              if (e := ctx.mention.get(i)) is not None and e.type == "Company"]
    if before and before[-1] != org:
        yield from _title_of_last(person, title, ctx)
        return
    formal = first.i != ctx.sent.start and first.text[:1].isupper()
    spoken = _reported_company(title, ctx)
    if spoken is not None and spoken != org and not formal:
        yield person, "worksFor", spoken, "title-salient", title
        return
    if org is None:
        return
    named = org in ctx.named
    yield person, "worksFor", org, "title-salient" if named and not formal else "role-salient", title


def _reported_company(title: Token, ctx: SentenceContext) -> Entity | None:
    """The one company a titled speaker's reported clause is about ("chief executive P told
    lawmakers that X had no plans", "founder P said X's experience would help"): the subject of
    the clause, or its possessor, when the title's person is the reporting verb's subject (or the
    verb has none: the parser hangs "In May chief executive P told ..." on the "in")."""
    name = title.nbor()
    verb = next((a for a in name.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i < name.i or _lemma(verb) not in _words("anaphora.reporting_verbs") \
            or any(c.dep_ == "nsubj" and name not in c.subtree for c in verb.children):
        return None
    found = {e for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
             for e in entities_of(s, ctx) + _owners(s, ctx) if e.type == "Company"}
    return found.pop() if len(found) == 1 else None


def _title_of_last(person: Entity, title: Token, ctx: SentenceContext
                   ) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company title before a name that names no organisation, after a clause on another company
    than the story's ("Hu, Mobike's founder, stayed on, while chief executive P stepped down", "A
    became chairman of X's board, while chief executive P stayed on"): the company named last before the
    title in its sentence, when that one is a clause's own name, not the organisation of another
    person's title ("P, a former Google engineer, handed the role to co-founder Q": not Google), nor
    the doer of a clause that acts on another party ("Y invested in it, and co-founder P ...")."""
    roles = _words("role_heads")
    for i in range(title.i - 1, ctx.sent.start - 1, -1):
        e = ctx.mention.get(i)
        if e is None or e.type != "Company":
            continue
        tok = ctx.sent.doc[i]
        while tok.dep_ in ("compound", "flat") and tok.head.i in ctx.mention and ctx.mention[tok.head.i] is e:
            tok = tok.head
        if tok.dep_ in ("compound", "nmod", "amod") and tok.head.lower_ in roles:
            return  # "a former Google engineer", "Anta chairman P": another person's employer
        if tok.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in tok.head.children):
            return  # "Nasdaq delisted the shares, and chairman P ...": a doer acting on another party
        yield person, "worksFor", e, "title-named", title
        return


def _appositive_role_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A title compounded with its organisation, in apposition with a person: "Colin Huang, a former
    Google engineer", "Eddy Cue, the Apple senior vice-president", "a Sina veteran, Wang Gaofei"."""
    titles = _words("role_heads", "member_nouns")
    for tok in ctx.tokens:
        # "two former Genentech executives, A and B": a plural title too
        if tok.pos_ != "NOUN" or (tok.lower_ not in titles and tok.lemma_.lower() not in titles) \
                or tok.i in ctx.mention:
            continue
        orgs = [ctx.mention[c.i] for c in tok.children if c.dep_ in ("compound", "nmod") and c.i in ctx.mention
                and ctx.mention[c.i].type in ("Company", "GovernmentBody", "Product")]
        if not orgs:
            continue
        # "from A, Twitch co-founder B and C": a title right before a person's name is that name's only,
        # however the parser hangs the list
        named = ctx.mention.get(tok.i + 1) if tok.i + 1 < ctx.sent.end else None
        people = [named] if named is not None and named.type == "Person" else _person_near(tok, ctx)
        for p in people:
            for o in orgs:
                yield p, "worksFor", o, "appositive-role", tok


def _under_role_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A clause done under someone's leadership: "Under chairman Zhu Shunyan, Alibaba Health
    grew", "a network Cainiao built under its chief executive, Wan Lin" (the person works for the
    clause's subject, or for the title's possessor)."""
    heads = _words("role_heads")
    for tok in ctx.tokens:
        if tok.lower_ != "under" or tok.dep_ != "prep":
            continue
        for p in (c for c in tok.children if c.dep_ == "pobj"):
            if p.i in ctx.mention and ctx.mention[p.i].type == "Person" \
                    and any(c.lower_ in heads for c in p.children if c.dep_ in ("compound", "amod")):
                people, title = [ctx.mention[p.i]], p
            elif p.lower_ in heads:
                people, title = _person_near(p, ctx), p
            else:
                continue
            orgs = [e for c in title.children if c.dep_ == "poss" for e in entities_of(c, ctx)] \
                or _under_whom(tok.head, ctx)
            for person in people:
                for o in orgs:
                    if o.type in ("Company", "GovernmentBody"):
                        yield person, "worksFor", o, "under-role", title


def _under_whom(head: Token, ctx: SentenceContext) -> list[Entity]:
    """The organisation of a title in an "under" phrase that names none, from what the phrase hangs
    on: a verb's subject ("Under chairman P, X grew"), else the name it makes its subject
    ("the team became Y under managing director P"); a noun's possessor or the name it is ("X's
    management under chief executive P", "Y under its founder P")."""
    if head.pos_ in ("VERB", "AUX"):  # not "the India team" for India
        return [e for e in _subjects(head, ctx) if e.type in ("Company", "GovernmentBody")] \
            or [e for c in head.children if c.dep_ == "attr" for e in entities_of(c, ctx)]
    if head.i in ctx.mention:
        return [ctx.mention[head.i]]
    return [e for c in head.children if c.dep_ == "poss" for e in entities_of(c, ctx)] if head.pos_ == "NOUN" else []


def _state_title_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A government title that names no body ("Commerce Secretary P", "P, then the trade
    minister,", "Minister P") refers to the state body of the story that its domain words name
    (worksFor)."""
    doc, titles = ctx.sent.doc, lexicon()["anaphora"]["state_titles"]
    roles = _words("role_nouns")
    for tok in ctx.tokens:
        if tok.lower_ not in titles or tok.i in ctx.mention or any(c.dep_ == "prep" for c in tok.children):
            continue  # "the minister of X", "the minister in charge of X": it names its body
        j, domain = tok.i - 1, []
        while j >= ctx.sent.start and j not in ctx.mention and doc[j].is_alpha and doc[j].lower_ not in roles \
                and doc[j].pos_ in ("NOUN", "PROPN", "ADJ"):
            domain.insert(0, doc[j].lower_)
            j -= 1
        if j >= ctx.sent.start and j in ctx.mention and ctx.mention[j].type != "Place":
            continue  # "Acme Secretary P": the role rule's ("US Commerce Secretary P" is this one's)
        person = ctx.mention.get(tok.i + 1)
        if person is None:  # "P, then the commerce secretary,"
            k = j
            while k >= ctx.sent.start and doc[k].lower_ in ("the", "then", "former", "now"):
                k -= 1
            if k - 1 >= ctx.sent.start and doc[k].text == ",":
                person = ctx.mention.get(k - 1)
        body = state_body(tok, domain, ctx.history) or _national_government(tok, domain, ctx) \
            if person is not None and person.type == "Person" else None
        if body is not None:
            yield person, "worksFor", body, "state-title", tok


def _national_government(title: Token, domain: list[str], ctx: SentenceContext) -> Entity | None:
    """The government a minister or secretary serves when the story names no ministry for the title ("The
    Canadian government ordered ... . Industry Minister P said ...", "Foreign Minister P"): the one
    national government named before it, in its sentence if any, else in the story: a "...
    government" or a country as a state body (``national_titles``); not when the title names a
    nationality of its own ("Chinese Commerce Minister P") or more than one government is named."""
    if title.lower_ not in _words("national_titles.titles") \
            or not _words("nationality_places.adjectives").isdisjoint(domain):
        return None
    heads, countries = _words("state_governments.heads"), _words("countries.names")
    found = [m for m in ctx.history if m.start < title.i and m.entity.type == "GovernmentBody"
             and (heads & set(m.entity.name.lower().split()) or m.entity.name.lower() in countries)]
    for named in ([m for m in found if m.start >= ctx.sent.start], found):  # its own sentence's first
        bodies = list(dict.fromkeys(m.entity for m in named))
        if bodies:
            return bodies[0] if len(bodies) == 1 else None
    return None


def _title_salient_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company title that names no organisation, as a predicate ("P was chief executive", "P
    succeeded Q as chairman", "P is chief executive"): the company the story is about (worksFor)."""
    titles = lexicon()["anaphora"]["company_titles"]
    for tok in ctx.tokens:
        if tok.lower_ not in titles or tok.i in ctx.mention or not (
                tok.dep_ == "attr" or tok.dep_ == "pobj" and tok.head.lower_ == "as"):
            continue
        if any(c.dep_ in ("prep", "poss") or c.i in ctx.mention for c in tok.children):
            continue  # "chief executive of X", "its chairman", "the Acme chairman"
        org = story_company(ctx.history, ctx.sent.start)
        if org is None:
            continue
        people = _person_near(tok, ctx)
        if tok.dep_ == "pobj" and _lemma(tok.head.head) == "succeed":  # "P succeeded Q as chairman": both
            people += [e for e in _subjects(tok.head.head, ctx) if e.type == "Person"]
        for p in people:
            # only where the sentence names no other company ("Hu, Mobike's founder, stayed on as
            # president"), but for one that only qualifies the same person's other title ("P, a Y
            # veteran who serves as chief executive")
            others = {e for e in ctx.named if e.type == "Company" and e != org}
            if not others or not others - _title_modifiers(p, ctx):
                yield p, "worksFor", org, "title-salient", tok


def _title_modifiers(person: Entity, ctx: SentenceContext) -> set[Entity]:
    """The names in a sentence that only modify a title or membership noun of ``person`` ("P, a Y
    veteran", "P, a former Y engineer"): another employer of that person, not a company the sentence
    is about."""
    titles = _words("role_heads", "member_nouns")
    found: dict[Entity, bool] = {}
    for i in range(ctx.sent.start, ctx.sent.end):
        e = ctx.mention.get(i)
        if e is None or e.type != "Company":
            continue
        tok = ctx.sent.doc[i]
        while tok.dep_ in ("compound", "flat") and ctx.mention.get(tok.head.i) is e:
            tok = tok.head
        title = tok.head
        found[e] = found.get(e, True) and tok.dep_ in ("compound", "nmod") and title.i not in ctx.mention \
            and (title.lower_ in titles or title.lemma_.lower() in titles) and person in _person_near(title, ctx)
    return {e for e, only in found.items() if only}


def _staff_source_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Staff a company hires from another ("X hired a large number of engineers from Y and Z", "X
    recruited hundreds of agents from Y's offices", "X went on to hire a dozen of his former Y
    colleagues"): X recruits from Y (``staff_sources``; the staff noun may sit under a count, and a
    site of Y's after "from" is Y's: ``facility_nouns``)."""
    staff, sites, hiring = _words("staff_sources.nouns"), _words("facility_nouns"), _words("hiring_verbs")
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or _lemma(verb) not in hiring:
            continue
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            # "hundreds of agents", "a large number of engineers", "a dozen of his former colleagues"
            counted = [p for o in obj.children if o.dep_ == "prep" and o.lower_ == "of"
                       for p in o.children if p.dep_ == "pobj"]
            nouns = [n for k in (obj, *counted) for n in _conjuncts(k)]
            if not any(n.lemma_.lower() in staff for n in nouns):
                continue
            sources: list[Entity] = []
            for n in nouns:
                if n.lemma_.lower() in staff and n.i not in ctx.mention:  # "his former Y colleagues"
                    sources += [e for c in n.children if c.dep_ in ("compound", "nmod", "amod")
                                for e in entities_of(c, ctx)]
                for p in (p for f in (*n.children, *verb.children) if f.dep_ == "prep" and f.lower_ == "from"
                          for p in f.children if p.dep_ == "pobj"):
                    sources += entities_of(p, ctx) or ([e for c in p.children if c.dep_ == "poss"
                                                        for e in entities_of(c, ctx)]
                                                       if p.lemma_.lower() in sites else [])
            for s in _subjects(verb, ctx):
                for o in dict.fromkeys(sources):
                    yield s, "recruitsFrom", o, "staff-source", verb


def _as_title_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A title whose holder or organisation the parser hangs away from it (``post_titles``):
    "X was spun off, with P as chief executive" (the "with" phrase's person works for the clause's
    subject, or for the title's possessor: "with P as its director"); "P was removed from his post as
    X's chief executive" (a post noun's possessor holds the possessed title); "At X, P has been
    chairman since 2019", "At X, P served as finance chief" (an "at" phrase on the title's verb names
    the organisation of a title that names none)."""
    words = lexicon()["post_titles"]
    heads, posts = _words("role_heads"), set(words["nouns"])
    for title in ctx.tokens:
        if title.i in ctx.mention or title.pos_ != "NOUN" \
                or (title.lower_ not in heads and title.lemma_.lower() not in heads):
            continue
        own = _owners(title, ctx)
        holder = title.head.head if title.dep_ == "pobj" and title.head.lower_ == "as" else None
        people: list[Entity] = []
        orgs: list[Entity] = []
        # "with P as chief executive": "as" on the name, or on the verb right after the "with" phrase
        named = holder if holder is None or holder.dep_ == "pobj" else title.doc[title.head.i - 1]
        if named is not None and named.i in ctx.mention and named.dep_ == "pobj" \
                and named.head.lower_ in words["holder_preps"] and holder in (named, named.head.head):
            people = entities_of(named, ctx)
            clause = named.head.head
            orgs = own or (_subjects(clause, ctx) if clause.pos_ in ("VERB", "AUX") else entities_of(clause, ctx))
        elif holder is not None and holder.lemma_.lower() in posts and own:  # "his post as X's chief executive"
            people = [e for c in holder.children if c.dep_ == "poss"
                      for e in (entities_of(c, ctx) if c.i in ctx.mention else [_person_antecedent(c, ctx)]
                                if c.lower_ in words["holder_pronouns"] else []) if e is not None]
            orgs = own
        elif not own and not any(c.dep_ == "prep" for c in title.children):  # "At X, P has been chairman"
            verb = holder if holder is not None else title.head if title.dep_ == "attr" else None
            if verb is None or verb.pos_ not in ("VERB", "AUX"):
                continue
            orgs = [e for c in verb.children if c.dep_ == "prep" and c.lower_ in words["org_preps"]
                    for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx)]
            people = _subjects(verb, ctx) if orgs else []
        for person in (e for e in people if e.type == "Person"):
            for org in orgs:
                if org.type in ("Company", "GovernmentBody"):
                    yield person, "worksFor", org, "as-title", title


def _replaced(trigger: Token, ctx: SentenceContext) -> list[Entity]:
    """The persons whom the one a verb puts in a post replaced ("X named P as chief executive,
    replacing Q", "... in place of Q", "brought him back as X's chief executive, replacing Q"): they
    held a post at the same employer (``replacements``). Only a fact read from the verb itself or
    from its "as" title, not one of a name's own description ("P, a former Y engineer")."""
    words = lexicon()["replacements"]
    verb = trigger.head.head if trigger.head.dep_ == "prep" and trigger.head.lower_ == "as" else trigger
    if verb.pos_ != "VERB":
        return []
    out: list[Entity] = []
    titles = [t for a in verb.children if a.dep_ == "prep" and a.lower_ == "as" for t in a.children if t.dep_ == "pobj"]
    for c in (c for h in (verb, *titles) for c in h.children):  # "as chief executive in place of Q"
        if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.lemma_.lower() in words["verbs"]:
            out += [e for d in c.children if d.dep_ == "dobj" for e in entities_of(d, ctx)]
        elif c.dep_ == "prep" and c.lower_ == "in":  # "in place of Q"
            out += [e for n in c.children if n.dep_ == "pobj" and n.lower_ in words["nouns"]
                    for o in n.children if o.dep_ == "prep" and o.lower_ == "of"
                    for q in o.children if q.dep_ == "pobj" for e in entities_of(q, ctx)]
    return [e for e in out if e.type == "Person"]


def _arrival_source_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company's title or staff arriving from another ("X's chief scientist, P, joined from Y",
    "its management came from Y and from Z"; ``arrival_sources``): X recruits from Y; not a verb
    with an object ("joined Z from Y", the verb triggers' frame)."""
    verbs = _words("arrival_sources.verbs")
    nouns = _words("role_heads", "staff_sources.nouns", "arrival_sources.nouns")
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or _lemma(verb) not in verbs or any(c.dep_ == "dobj" for c in verb.children):
            continue
        sources = [e for f in verb.children if f.dep_ == "prep" and f.lower_ == "from" for k in _conjuncts(f)
                   if k.lower_ == "from" for p in k.children if p.dep_ == "pobj" for e in entities_of(p, ctx)]
        for subj in (c for c in verb.children if c.dep_ == "nsubj" and c.i not in ctx.mention
                     and c.lemma_.lower() in nouns):
            owners = [e for c in subj.children if c.dep_ == "poss" for e in (
                entities_of(c, ctx) if c.i in ctx.mention else _pronoun_entity(c, ctx)
                if c.lower_ in ("its", "their") else [])]
            for x in (e for e in owners if e.type == "Company"):
                for y in (e for e in sources if e != x and e.type == "Company"):
                    yield x, "recruitsFrom", y, "arrival-source", verb


def _leaving_source_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A person who leaves one company to take a title at another ("P left Y to become X's chief
    scientist", "P, one of Y's researchers, left in 2016 to become chief scientist of X";
    ``leaving_sources``): X recruits from Y (the left verb's object, or the company of the person's
    title in apposition)."""
    verbs, becoming, titles = _words("leaving_sources.verbs"), _words("leaving_sources.becoming"), _words("role_heads")
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or _lemma(verb) not in verbs:
            continue
        posts = [a for x in verb.children if x.dep_ in ("xcomp", "advcl") and _lemma(x) in becoming
                 for a in x.children if a.dep_ == "attr" and a.lemma_.lower() in titles]
        # "to become X's chief scientist", "to become president of X"
        hirers = [e for a in posts for e in _owners(a, ctx)] + [
            e for a in posts for c in a.children if c.dep_ == "prep" and c.lower_ in ("of", "at")
            for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx)]
        # "P, one of Y's engineers, left ...": the parser may read the verb as a participle on the name
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), verb.head if verb.dep_ == "acl" else None)
        if not hirers or subj is None or not any(e.type == "Person" for e in entities_of(subj, ctx)):
            continue
        # "one of the lab's researchers": the title of the plural after "one of"
        described = [n for a in subj.children if a.dep_ == "appos"
                     for n in (a, *[p for c in a.children if c.dep_ == "prep" and c.lower_ == "of"
                                    for p in c.children if p.dep_ == "pobj"]) if n.lemma_.lower() in titles]
        sources = [e for c in verb.children if c.dep_ == "dobj" for e in entities_of(c, ctx)] \
            + [e for n in described for c in n.children if c.dep_ in ("poss", "compound") for e in entities_of(c, ctx)]
        for x in (e for e in hirers if e.type == "Company"):
            for y in (e for e in dict.fromkeys(sources) if e != x and e.type == "Company"):
                yield x, "recruitsFrom", y, "leaving-source", verb


def _in_charge_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A post "in charge of" an organisation, or an organisation a person takes charge of
    (``charge_frames``): "P, the minister in charge of X" (the title's person), "X put P in charge of
    Y" (the verb's object), "P is in charge of Y", "P took charge of Y" (the verb's subject)
    (worksFor; Y is a named organisation, not a task: "in charge of enforcing the rules")."""
    nouns = _words("charge_frames.nouns")
    for tok in ctx.tokens:
        if tok.lower_ not in nouns:
            continue
        orgs = [e for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                for c in p.children if c.dep_ == "pobj" for e in entities_of(c, ctx)
                if e.type in ("Company", "GovernmentBody")]
        if not orgs:
            continue
        head = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "in" else None
        if head is not None and head.pos_ == "NOUN":  # "the minister in charge of X"
            people = _person_near(head, ctx)
        elif head is not None and head.pos_ in ("VERB", "AUX"):  # "put P in charge of X", "P is in charge"
            objs = [e for c in head.children if c.dep_ == "dobj" for e in entities_of(c, ctx) if e.type == "Person"]
            people = objs or [e for e in _subjects(head, ctx) if e.type == "Person"]
        elif tok.dep_ == "dobj" and _lemma(tok.head) in _words("charge_frames.taking_verbs"):  # "P took charge of X"
            people = [e for e in _subjects(tok.head, ctx) if e.type == "Person"]
        else:
            continue
        for p in people:
            for o in orgs:
                yield p, "worksFor", o, "in-charge", tok
