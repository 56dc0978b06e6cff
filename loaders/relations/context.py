"""The syntactic layer every rule reads through.

A sentence's context (:class:`SentenceContext`: its tokens, the mentions found in it, the story so
far), the ontology's domains and ranges (:func:`domain_range`, :func:`fits`, :func:`as_type`), the
lexicon's words (:func:`by_word`), what a token stands for (:func:`entities_of`: names, and the
entities a phrase names through appositions, relative clauses, coordination, lists, possessives,
descriptions and references) and a clause's slots across voice (subjects, prepositional objects,
agents), hedges and negation. The rules are in the other modules of this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

from spacy.tokens import Span, Token

from ...ontology.model import Entity
from ...ontology.names import bare, normalize
from ..anaphora import Mention, antecedent, both, one_of
from ..lexicon import lexicon

HEDGED = 0.3


_OWNED_OBJECTS = frozenset({"owns", "acquires", "investsIn"})  # predicates whose object is a business


@dataclass(frozen=True)
class Candidate:
    """A fact a rule read: ``confidence`` is the rule's base times ``certainty`` (how sure its
    entities are, or for an inferred fact its premises), capped at ``HEDGED`` when ``hedged``."""

    subject: Entity
    predicate: str
    object: Entity
    rule: str
    confidence: float
    certainty: float = 1.0
    hedged: bool = False


@dataclass
class SentenceContext:
    """What the rules see: the sentence, the entity of each token in a mention, the salient company."""

    sent: Span
    mention: dict[int, Entity]  # token index -> entity
    history: list[Mention]  # every mention of the story, in order, for reference resolution
    owner_of: Callable[[Entity], Entity | None] | None = None  # the table's parent of an entity

    @cached_property
    def tokens(self) -> list[Token]:
        return list(self.sent)

    @cached_property
    def before(self) -> Span | None:
        """The sentence before this one in the story's text, or None for the first."""
        return self.sent.doc[self.sent.start - 1].sent if self.sent.start else None

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of the sentence as written (lower case), as lemmatised and as :func:`_lemma`
        reads it: what a rule's trigger words are looked up in (``RULE_WORDS``)."""
        return frozenset(w for t in self.tokens for w in (t.lower_, t.lemma_.lower(), _lemma(t)))

    @cached_property
    def named(self) -> list[Entity]:
        """The entities the sentence's mentions stand for, each once, in order (``mention`` holds the
        whole story's)."""
        return list(dict.fromkeys(e for i in range(self.sent.start, self.sent.end)
                                  if (e := self.mention.get(i)) is not None))

    @property
    def salient(self) -> Entity | None:
        """The company the story is about at this sentence (what a bare title refers to)."""
        return antecedent_company(self)


@cache
def domain_range() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Allowed subject and object types of each core predicate, read from the ontology."""
    from rdflib import RDFS, BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    from ...ontology import KG, ontology_graph
    from ...ontology.model import PREDICATES

    g = ontology_graph()

    def classes(node) -> frozenset[str]:
        if isinstance(node, BNode):
            union = g.value(node, OWL.unionOf)
            return frozenset(str(c).rsplit("#", 1)[1] for c in Collection(g, union))
        return frozenset({str(node).rsplit("#", 1)[1]})

    return {p: (classes(g.value(KG[p], RDFS.domain)), classes(g.value(KG[p], RDFS.range)))
            for p in PREDICATES}


# a name typed Company may stand for its product and vice versa (the lexicon's own type constraints
# read through this; the ontology's domains admit both); a country acts as a state
_STANDS_FOR = {"Company": {"Product"}, "Product": {"Company"}, "Place": {"GovernmentBody"},
               "GovernmentBody": set(), "Person": set()}


def fits(t: str, allowed: frozenset[str] | set[str] | list[str]) -> bool:
    return t in allowed or bool(_STANDS_FOR[t] & set(allowed))


def as_type(e: Entity, allowed: frozenset[str]) -> Entity:
    """The entity as a type the predicate admits (the typing policy, see the README): a country
    that bans, fines, probes, sues or employs is its state, a GovernmentBody of the same name.
    (Company and Product need no such step: the ontology lets each stand for the other.)

    >>> china = Entity("China", "Place", known=True)
    >>> as_type(china, frozenset({"GovernmentBody", "Company", "Product"}))
    Entity(name='China', type='GovernmentBody', aliases=(), wikidata=None, known=True)
    >>> as_type(china, frozenset({"Place"})) is china
    True
    """
    if e.type in allowed:
        return e
    return replace(e, type=next(t for t in sorted(_STANDS_FOR[e.type]) if t in allowed))


def _typed(e: Entity, allowed: list[str] | tuple[str, ...]) -> bool:
    """A trigger's own type constraint: exact for table entities, lenient for names typed from text."""
    return e.type in allowed or (not e.known and fits(e.type, allowed))


@cache
def by_word(section: str) -> dict[str, list[dict[str, Any]]]:
    """A lexicon section indexed by its trigger words (lemmas, nouns or the hyphenated word), in
    lexicon order, so that each rule reads a sentence once."""
    out: dict[str, list[dict[str, Any]]] = {}
    for trig in lexicon()[section]:
        words = [trig["hyphenated"]] if "hyphenated" in trig else trig.get("lemmas") or trig["nouns"]
        for w in words:
            out.setdefault(w, []).append(trig)
    return out


@cache
def _words(*sections: str) -> frozenset[str]:
    """The union of lexicon word lists, as one set made once ("typing_nouns.Company" for a sub-list)."""
    out: set[str] = set()
    for sec in sections:
        value: Any = lexicon()
        for part in sec.split("."):
            value = value[part]
        out |= set(value)
    return frozenset(out)


@cache
def _typing_nouns() -> frozenset[str]:
    """Nouns that say what kind of company or product a name is ("app", "start-up", "unit")."""
    t = lexicon()["typing_nouns"]
    return frozenset(t["Company"]) | frozenset(t["Product"])


def _lemma(tok: Token) -> str:
    """The token's lemma; for a prefixed word ("co-founded") the trigger lemma it inflects, since
    the lemmatizer does not know such words."""
    lemma = tok.lemma_.lower()
    if "-" in tok.text and lemma not in by_word("verb_triggers"):
        low = tok.lower_
        for cut, add in ((0, ""), (1, ""), (2, ""), (3, ""), (2, "e"), (3, "e"), (1, "e")):
            form = (low[:-cut] if cut else low) + add
            if form in by_word("verb_triggers"):
                return form
    return lemma


def _conjuncts(tok: Token) -> list[Token]:
    """A token with those coordinated with it; "Bharti Airtel and Reliance Jio", which the parser
    reads as a modifier of the last name holding the "and", is two names too."""
    glued = [c for c in tok.children if c.dep_ in ("nmod", "compound")
             and any(k.dep_ == "conj" and c.i < k.i < tok.i for k in c.children)]
    return [*glued, tok, *tok.conjuncts]


def antecedent_company(ctx: SentenceContext) -> Entity | None:
    orgs = ("Company", "Product")
    for m in reversed(ctx.history):
        if m.start < ctx.sent.start and m.entity.type in orgs and m.subject:
            return m.entity
    return next((m.entity for m in ctx.history if m.entity.type in orgs), None)


def _clause_between(a: Token, b: Token) -> bool:
    """Whether a finite verb stands between two tokens: a name the parser makes an apposition
    across a clause ("the group was picked by carriers, among them X") is in no apposition."""
    lo, hi = sorted((a.i, b.i))
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in a.doc[lo + 1:hi])


def _pronoun_entity(tok: Token, ctx: SentenceContext) -> list[Entity]:
    if tok.lower_ in _words("person_pronouns.words"):
        e = _person_antecedent(tok, ctx)
    elif pair := both(tok, ctx.mention, ctx.history):  # "X sued Y. The two settled"
        return pair
    else:
        e = antecedent(tok, ctx.mention, ctx.history)
    return [e] if e is not None else []


def _person_antecedent(tok: Token, ctx: SentenceContext) -> Entity | None:
    """The person "he", "she" or "him" refers to: the latest person named before it in the
    sentence ("P left in 2016 to join X, where he worked until 2022"), else the latest person the
    story made a clause's subject ("P joined X. He had run Y's cloud unit"), else, when none was,
    the latest person it named ("Few know the trade as well as P. She joined X"). An object is not
    its own clause's subject, and with two persons named before it is not read at all."""
    obj = tok.dep_ in ("dobj", "pobj", "dative")
    own = {ctx.mention[t.i] for c in tok.head.children if c.dep_ == "nsubj" for t in c.subtree
           if t.i in ctx.mention} if obj else set()
    named = list(dict.fromkeys(e for i in range(tok.i - 1, ctx.sent.start - 1, -1)
                               if (e := ctx.mention.get(i)) is not None and e.type == "Person" and e not in own))
    if obj and len(named) > 1:
        return None
    if named:
        return named[0]
    before = [m for m in ctx.history if m.start < ctx.sent.start and m.entity.type == "Person" and m.entity not in own]
    return next((m.entity for m in reversed(before) if m.subject), None) \
        or (before[-1].entity if before else None)


def entities_of(tok: Token, ctx: SentenceContext, depth: int = 0) -> list[Entity]:
    """The entities a syntactic argument stands for, with its coordinated conjuncts."""
    out: list[Entity] = []
    for t in _conjuncts(tok):
        for e in _entities_of_one(t, ctx, depth):
            if e not in out:
                out.append(e)
    return out


def _entities_of_one(tok: Token, ctx: SentenceContext, depth: int) -> list[Entity]:
    if depth > 3:
        return []
    if tok.i in ctx.mention:
        return [ctx.mention[tok.i]]
    # "SF Holding, the Shenzhen-based parent of Y, Z": a description in apposition to a name is
    # that name, whatever other name the parser hangs on the description
    if tok.dep_ == "appos" and tok.head.i in ctx.mention and tok.pos_ == "NOUN":
        # "A, B and C, three brands run by X": a plural description is of every name coordinated
        if tok.tag_ == "NNS":
            return entities_of(tok.head, ctx, depth + 1)
        # "A and B, a service run by X": the parser hangs the description on the first name of a
        # list; it describes the name just before the comma
        k = tok.left_edge.i - 2
        if tok.doc[k + 1].text == "," and any(c.i in ctx.mention and ctx.mention[c.i] is ctx.mention.get(k)
                                                for c in tok.head.conjuncts):
            return [ctx.mention[k]]
        return [ctx.mention[tok.head.i]]
    # "bought 60 percent of Sogou": a share of a company is that one company ("will own 51 percent
    # of the merged group and X the rest" says nothing of X)
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
    if of and tok.lower_ in _share_words():
        return [e for c in of for p in c.children if p.dep_ == "pobj" for e in _entities_of_one(p, ctx, depth + 1)]
    # "the group PDD Holdings", "Italy's authority, the Garante": the name in apposition says who;
    # "three artists, A, B and C": with the names coordinated with it
    for c in tok.children:
        if c.dep_ == "appos" and c.i in ctx.mention and not _clause_between(tok, c):
            # "makers A and B and four firms: C, D, E and F": a counted plural among them lists its own
            return list(dict.fromkeys([ctx.mention[c.i]] + [e for k in c.conjuncts for e in (
                [ctx.mention[k.i]] if k.i in ctx.mention else _listed_after(k, ctx) if k.tag_ == "NNS" else [])]))
    # "launched an app called X", "bought a start-up named Y": the name a common noun is given
    given = _given_names(tok, ctx) if tok.pos_ == "NOUN" else []
    if given:
        return given
    # "X's sensors compete with those of Sony": the things of a company stand for it
    if tok.lower_ == "those":
        return [e for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx, depth + 1)]
    pron = _pronoun_entity(tok, ctx)
    if pron:
        return pron
    # relative pronoun: "the aggregator that belongs to X" -> the aggregator
    # "Weibo, in which X owns a stake", "a group whose largest shareholder is P": up to the clause
    rel = tok.head if tok.tag_ in ("WDT", "WP", "WP$") or tok.lower_ in ("that", "which", "who", "whom", "whose") \
        else None
    if rel is not None and rel.dep_ != "relcl" and rel.head.dep_ == "relcl" and rel.i < rel.head.i:
        rel = rel.head
    if rel is not None and rel.dep_ == "conj" and rel.head.dep_ == "relcl" and rel.head.i < tok.i < rel.i:
        rel = rel.head  # "a unit that was split off and which P now chairs": a clause joined to the first
    if tok.lower_ == "whose" and tok.i >= 2 and tok.doc[tok.i - 1].text == "," and tok.i - 2 in ctx.mention:
        # "X, whose chief executive P has been ...": the name before the comma, however the parser
        # hangs the clause
        return [ctx.mention[tok.i - 2]]
    if rel is not None and rel.dep_ == "relcl":
        # "X and Y, which belongs to Z": the name just before the comma, whatever the parse says
        k = min(tok.i, rel.left_edge.i) - 1
        if k >= 0 and tok.doc[k].text == ",":
            k -= 1
        if k >= 0 and k in ctx.mention and not _person_clause_past(tok, rel, k, ctx):
            return [ctx.mention[k]]
        found = _entities_of_one(rel.head, ctx, depth + 1)  # the antecedent, not its conjuncts
        if not found and _disagrees(rel, rel.head):
            # "X, a designer of chips, which competes with Y": a singular clause the parser hangs on
            # a plural inside the description's "of"/"for" phrase is on the noun described
            found = _entities_of_one(_described_noun(rel.head), ctx, depth + 1)
        if tok.lower_ in ("who", "whom") and not any(e.type == "Person" for e in found):
            # "P, a former engineer on its Autopilot team who had since joined Y": the parser hangs
            # a person's relative clause on the nearest noun of the description
            t = rel.head
            while t.dep_ in ("pobj", "prep") and t.head.i != t.i:
                t = t.head
            if t != rel.head:
                found = [e for e in _entities_of_one(t, ctx, depth + 1) if e.type == "Person"] or found
        return found
    if tok.pos_ not in ("NOUN", "PROPN"):
        return []
    lex = lexicon()
    # "its staff", "Apple's lawyers", "a Trade Ministry regulation": people and acts that stand
    # for their organisation
    if tok.lower_ in lex["agent_nouns"]:
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.i in ctx.mention):
                return entities_of(c, ctx)
        # "investigators at the Justice Department", "officials from the ministry"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("at", "from", "of"):
                found = [e for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx, depth + 1)]
                if found:
                    return found
    # "the iPhone maker", "the TikTok owner": whoever the entity table says owns the product
    if tok.lower_ in lex["owner_nouns"] and ctx.owner_of is not None:
        for c in tok.children:
            if c.dep_ == "compound" and c.i in ctx.mention:
                owner = ctx.owner_of(ctx.mention[c.i])
                if owner is not None:
                    return [owner]
    # "the government of Nepal", "Italy's authorities": the state itself
    if tok.lower_ in lexicon()["government_of"]["nouns"]:
        for c in tok.children:
            if c.dep_ == "poss" and c.i in ctx.mention:
                return [ctx.mention[c.i]]
            if c.dep_ == "prep" and c.lower_ == "of":
                found = [ctx.mention[p.i] for p in c.children if p.dep_ == "pobj" and p.i in ctx.mention]
                if found:
                    return found
    # "a consortium led by X", "a consortium of investors comprising A and B": the group is its leader
    # or its members
    members = _group_members(tok, ctx)
    if members:
        return members
    # "the German state of Thuringia", "Shanghai's Kangqiao district": an area is in the place it is of
    if tok.lemma_.lower() in lex["area_nouns"]["nouns"] and tok.is_lower:
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        found = [ctx.mention[p.i] for p in (*of, *[c for c in tok.children if c.dep_ == "poss"])
                 if p.i in ctx.mention and ctx.mention[p.i].type == "Place"]
        if found:
            return found
    # "exited the Russian market", "stopped serving Indian users": a nationality on a market or on
    # its customers stands for its country
    if tok.lemma_.lower() in _words("nationality_places.nouns") and tok.is_lower:
        found = [pl for c in tok.children if (pl := _nationality_place(c, ctx)) is not None]
        if found:
            return found
    # "new downloads of the DeepSeek app", "sales of the iPhone", "access to X": the thing itself
    transparent = lex["transparent_nouns"]
    holding, to_noun = tok.lemma_.lower() in transparent["holdings"], tok.lower_ in transparent["to_nouns"]
    if tok.lower_ in transparent["nouns"] or holding or to_noun:
        for c in tok.children:
            if c.dep_ == "prep" and (c.lower_ == "of" and (holding or tok.lower_ in transparent["nouns"])
                                     or c.lower_ == "in" and holding or c.lower_ == "to" and to_noun):
                found = [e for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx, depth + 1)]
                if found:
                    return found
    # "Luckin's Series A round", "a Hikvision camera", "its stake": what a deal or a piece of kit
    # is about stands for the company; not a holder's stake in something else ("bought Y's stake in
    # the venture": Y sells it)
    if tok.lemma_.lower() in lex["transparent_nouns"]["owned"] and not (
            holding and any(c.dep_ == "prep" and c.lower_ == "in" for c in tok.children)):
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.i in ctx.mention):
                found = [e for e in entities_of(c, ctx, depth + 1) if e.type != "Place"]
                if found:
                    return found
    # "blocked dozens of apps in 2020, among them A, B and C": a list after the plural it names
    if tok.tag_ == "NNS" or (tok.dep_ == "pobj" and tok.head.head.tag_ == "NNS"):
        listed = _listed_after(tok, ctx)
        if listed:
            return listed
    # "platforms such as Douyin and Xiaohongshu", "rivals like X"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("as", "like", "including"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return entities_of(p, ctx, depth + 1)
    # "its R1 reasoning model", "the app Douyin": a name inside a noun phrase that says what it is
    named = [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and c.i in ctx.mention and (
        tok.lemma_.lower() in _typing_nouns()
        or (tok.lower_ in lexicon()["role_nouns"] and ctx.mention[c.i].type == "Person"))]
    if named:
        if tok.tag_ != "NNS":
            return [ctx.mention[named[0].i]]
        # "the Taobao, Tmall and Xianyu apps": a plural noun names each
        return list(dict.fromkeys(e for c in named for e in entities_of(c, ctx, depth + 1)))
    # "its food delivery app Keeta": a common noun compounded with the name it describes
    if tok.dep_ in ("compound", "nmod") and tok.head.i in ctx.mention:
        return [ctx.mention[tok.head.i]]
    # "a recruitment app run by X" when the noun is in apposition to a name
    if tok.dep_ == "appos":
        return _entities_of_one(tok.head, ctx, depth + 1)
    return []


def _given_names(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The names a naming participle on a common noun gives it (``naming_participles``): "an app
    called X", "a start-up named Y and Z", "a game known as W" (the name, or the object of "as");
    companies, products and places, not persons."""
    out: list[Entity] = []
    for acl in tok.children:
        if acl.dep_ != "acl" or acl.lower_ not in _words("naming_participles"):
            continue
        for c in acl.children:
            if c.dep_ in ("oprd", "attr", "dobj") and c.i in ctx.mention:
                out += entities_of(c, ctx)
            elif c.dep_ == "prep" and c.lower_ == "as":
                out += [e for p in c.children if p.dep_ == "pobj" and p.i in ctx.mention for e in entities_of(p, ctx)]
    # not a person: "the foundry named P as its vice chairman" appoints P
    return list(dict.fromkeys(e for e in out if e.type != "Person"))


def _group_members(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The companies a buying group that names no one of its own stands for (``buyer_groups``): its
    leader ("a consortium led by X", "an investor group headed by X and Y") or, when it names none,
    its members ("a consortium of Chinese investors comprising A, B and C": every name listed)."""
    groups = lexicon()["buyer_groups"]
    lemma = tok.lemma_.lower()
    if tok.i in ctx.mention or not (lemma in groups["nouns"] or lemma in groups["modified_nouns"] and any(
            c.dep_ in ("compound", "amod") and c.lemma_.lower() in groups["modifiers"] for c in tok.children)):
        return []
    # the participle may hang on the group ("a consortium led by X") or on its "of" noun ("a
    # consortium of investors comprising A")
    nouns = [tok, *[p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj" and p.i not in ctx.mention]]
    verbs = [v for n in nouns for c in n.children if c.dep_ == "acl" for v in (c, *c.conjuncts)]
    leaders = [e for v in verbs if v.tag_ == "VBN" and _lemma(v) in groups["leader_verbs"] for e in _agents(v, ctx)]
    if leaders:
        return leaders
    # every company the listed phrase names (the parser may glue the list into modifiers), not in
    # a clause on it ("A and B, which paid $2 billion and ended its years on Nasdaq")
    return list(dict.fromkeys(ctx.mention[t.i] for v in verbs if _lemma(v) in groups["member_verbs"]
                              for d in v.children if d.dep_ == "dobj" for t in d.subtree if t.i in ctx.mention
                              and ctx.mention[t.i].type == "Company"
                              and not any(a.dep_ in ("relcl", "acl") and a.i in range(d.left_edge.i, d.right_edge.i + 1)
                                          for a in t.ancestors)))


_LIST_MARKS = {("among", "them"), ("among", "which"), ("including",), ("such", "as"), ("notably",), ("namely",)}


_LIST_FIRST = {m[0] for m in _LIST_MARKS}


def _listed_after(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """Names listed right after a plural noun's phrase: "dozens of apps, among them A, B and C",
    "several firms, including A and B" (at most a short phrase such as "in 2020" between), and
    after a colon that follows a counted plural, when the names are as many as its count ("named
    four companies: A, B, C and D"; count words in ``number_words``). A name's own modifiers are skipped, names in
    them too: "A, the Hefei-based maker B and X's C" lists A, B and C."""
    doc, end = ctx.sent.doc, ctx.sent.end
    k = tok.right_edge.i + 1
    colon = next((i for i in (tok.i + 1, k) if i < end and doc[i].text == ":"), None)
    if colon is not None:
        counts = lexicon()["number_words"]
        n = next((int(c.text) if c.text.isdigit() else counts.get(c.lower_) for c in tok.children
                  if c.dep_ == "nummod"), None)
        out = _names_from(colon + 1, ctx)
        return out if n is not None and n > 1 and len(out) == n else []  # one name is no list
    for start in range(k, min(k + 5, end)):
        if doc[start].pos_ in ("VERB", "AUX") or doc[start].text in (";", ":"):
            return []
        first = doc[start].lower_
        if first not in _LIST_FIRST:
            continue
        mark = next((m for m in _LIST_MARKS if m[0] == first
                     and tuple(doc[k].lower_ for k in range(start, min(start + len(m), end))) == m), None)
        if mark is None:
            continue
        return _names_from(start + len(mark), ctx)
    return []


def _names_from(p: int, ctx: SentenceContext) -> list[Entity]:
    """The names of a list that starts at token ``p``, up to the first word that is neither a name,
    a name's modifier nor a comma, "and", "or" or "the"."""
    doc, end = ctx.sent.doc, ctx.sent.end
    out: list[Entity] = []
    while p < end:
        # a word that modifies a name further on: skip to that name ("MGI's American unit B"), or
        # to the name in apposition to the kind noun it modifies ("the Hefei-based maker B")
        named = next((n.i for a in doc[p].ancestors if a.i > p
                      for n in (a, *[c for c in a.rights if c.dep_ == "appos"]) if n.i in ctx.mention), None)
        if named is not None and named - p <= 8 and ctx.mention[named] is not ctx.mention.get(p):
            p = named
        e = ctx.mention.get(p)
        if e is not None:
            if e not in out:
                out.append(e)
            while p < end and ctx.mention.get(p) is e:
                p += 1
        elif doc[p].lower_ in (",", "and", "or", "the"):
            p += 1
        else:
            break
    return out


@cache
def _share_words() -> frozenset[str]:
    """Nouns that name a part of a company ("percent", "a third", "majority")."""
    shares = lexicon()["share_nouns"]
    return frozenset(shares["units"]) | frozenset(shares["fractions"])


def _share(tok: Token) -> float | None:
    """The part of a company a share noun names, when it says: "60 percent" 0.6, "a third" 0.334,
    "two thirds" 0.668, "the remaining 30 percent" 1.0 (it completes ownership)."""
    shares = lexicon()["share_nouns"]
    if tok.lower_ not in _share_words():
        return None
    if any(c.lower_ in shares["whole_modifiers"] for c in tok.children if c.dep_ in ("amod", "compound")):
        return 1.0
    num = next((c.lower_.replace(",", "") for c in tok.children if c.dep_ == "nummod"), "")
    if tok.lower_ in shares["units"]:
        return float(num) / 100 if num.replace(".", "", 1).isdigit() else None
    return shares["fractions"][tok.lower_] * (float(num) if num.isdigit() else lexicon()["number_words"].get(num, 1))


def _object_predicate(verb: Token, predicate: str) -> str:
    """What the verb's object makes of the predicate: a minority share bought is an investment
    ("bought 30 percent of X" is investsIn, not acquires); a company that moves its headquarters
    to a place is based there ("moved its head office to Dubai" is basedIn, not operatesIn)."""
    # "bought 30 percent of X", "paid for 30 percent of X", "bought a 9 percent stake in X"
    share = next((sh for c in verb.children for t in (c, *[p for p in c.children if p.dep_ == "pobj"
                                                           or p.dep_ == "compound" and c.dep_ == "dobj"])
                  if c.dep_ in ("dobj", "prep") and (sh := _share(t)) is not None), None)
    if share is not None and share <= 0.5:
        return lexicon()["share_nouns"]["minority_predicates"].get(predicate, predicate)
    seat = lexicon()["seat_nouns"]
    if predicate in seat["predicates"] and any(
            c.dep_ == "dobj" and " ".join(t.lemma_.lower() for t in c.subtree if t.dep_ in ("amod", "compound")
                                          or t.i == c.i) in seat["nouns"] for c in verb.children):
        return seat["predicates"][predicate]
    return predicate


def _negated(tok: Token) -> bool:
    """A negated trigger, or a gerund under a negating preposition ("without buying X", "licenses
    its technology rather than owning X", "instead of selling X")."""
    return any(c.dep_ == "neg" for c in tok.children) or tok.dep_ == "pcomp" and bool(
        {tok.head.lower_, tok.head.head.lower_} & _words("negating_preps"))


def _hedged(tok: Token) -> bool:
    """Planned, reported, hypothetical or denied: the trigger or a governing verb says so."""
    hedges, denials = _words("hedges"), _words("denials")
    t: Token | None = tok
    hops = 0
    while t is not None and hops < 4:
        if any(c.dep_ in ("aux", "advmod") and c.lower_ in hedges for c in t.children):
            return True
        if t.i != tok.i:  # spaCy makes a new Token object on each access: compare positions
            lemma = _lemma(t)
            if lemma in hedges or lemma in denials:
                return True
            if lemma in _words("passive_hedges") and any(c.dep_ == "auxpass" for c in t.children):
                return True  # "X was reported to be in talks to buy Y"
        if t.head.i == t.i or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
            break  # "X denied the claims and filed a lawsuit": the second verb is asserted
        if t.dep_ in ("appos", "relcl") or (t.dep_ == "acl" and t.tag_ in ("VBN", "VBG")):
            break  # "DJI, founded by Frank Wang, denies ...": a modifier of a name is asserted apart
        t = t.head
        hops += 1
    return False


def _subjects(verb: Token, ctx: SentenceContext, dep: str = "nsubj") -> list[Entity]:
    """Subject entities of a verb; an xcomp/conj/advcl verb without one borrows its head's.

    Object control: "allowing TikTok Shop to reopen", "ordered X to stop" -> the head's object.
    """
    v: Token = verb
    deps = (dep,)
    for _ in range(3):
        subs = [c for c in v.children if c.dep_ in deps]
        if subs:
            return entities_of(subs[0], ctx)
        if v.head.i == v.i and (glued := _date_glued_subject(v, ctx)):
            return glued
        if v.dep_ == "xcomp" and v.head.i != v.i:
            objs = [c for c in v.head.children if c.dep_ == "dobj"]
            if objs and _lemma(v.head) in lexicon()["object_control"]:
                return entities_of(objs[0], ctx)
        if v.dep_ == "conj" and (renamed := _new_name(v.head, ctx)):
            return renamed
        if v.dep_ in ("xcomp", "conj", "advcl", "pcomp") and v.head.i != v.i:
            # "X grew by partnering with Y", "X expanded after signing a deal with Y": a gerund after
            # a preposition on a verb has that verb's subject
            v = v.head.head if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX") \
                else v.head
            deps = ("nsubj", "nsubjpass")  # "X was forced to close": X closes
            continue
        if v.dep_ == "relcl":
            return _entities_of_one(v.head, ctx, 0)
        if v.dep_ == "acl" and v.tag_ == "VB" and v.head.dep_ == "dobj" and v.head.head.pos_ in ("VERB", "AUX"):
            # "X holds permits to run taxis in Y", "X won approval to sell drugs in Y": an infinitive
            # on the verb's object has the verb's subject
            v = v.head.head
            continue
        if v.dep_ == "acl" and v is not verb and verb.tag_ in ("VBD", "VBZ", "VBP"):
            # "Bitdeer, now headquartered in Singapore, listed on Nasdaq in 2023 and runs sites in
            # Norway": a finite verb the parser coordinates with a participle on a name has that name
            return _entities_of_one(v.head, ctx, 0)
        if v.dep_ == "acl" and v.tag_ == "VBG":  # "the company making chips"; "in effect blocking X"
            found = _entities_of_one(v.head, ctx, 0)
            if found or v.head.dep_ != "pobj":
                return found
            v = v.head.head.head  # the verb the prepositional phrase hangs on
            continue
        break
    return []


def _new_name(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The name a passive renaming verb gives its subject (``renaming_verbs``): "the unit was renamed
    Y and is run by P" (a verb joined after it acts as Y)."""
    if _lemma(verb) not in _words("renaming_verbs.verbs") or not any(c.dep_ == "nsubjpass" for c in verb.children):
        return []
    return [e for c in verb.children if c.dep_ in ("oprd", "attr", "dobj") for e in entities_of(c, ctx)]


def _date_glued_subject(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The subject of a main verb that has none, which the parser glued to the date phrase that
    opens the sentence ("In March 2025 CATL agreed to ...", "In July X went further"): the name
    right after (or inside) that phrase, ending right before the verb or its auxiliaries."""
    k = verb.i - 1
    while k > ctx.sent.start and k not in ctx.mention and verb.doc[k].head.i == verb.i \
            and verb.doc[k].dep_ in ("aux", "advmod", "neg"):
        k -= 1
    opener = verb.doc[ctx.sent.start]
    if k not in ctx.mention or opener.dep_ != "prep" or opener.head.i != verb.i or verb.doc[k].ent_type_ == "DATE" \
            or not any(t.ent_type_ == "DATE" for t in opener.subtree):
        return []
    first = k
    while first - 1 > opener.i and ctx.mention.get(first - 1) is ctx.mention[k]:
        first -= 1
    return [ctx.mention[k]] if first - 1 <= opener.right_edge.i else []


def _prep_objects(tok: Token, preps: list[str], ctx: SentenceContext) -> list[Entity]:
    out: list[Entity] = []
    heads = [tok] + [c for c in tok.children if c.dep_ in ("prt", "advmod", "dobj")]
    for h in heads:
        # "reviews of X and of Y": a preposition coordinated with the first
        cs = [c2 for c in h.children for c2 in (c, *[k for k in c.children if k.dep_ == "conj"])]
        for c in cs:
            # "pulled out of China", "moved away from X": a particle the parser makes a preposition
            if c.dep_ == "prep" and c.lower_ not in preps and not any(p.dep_ == "pobj" for p in c.children):
                out += [e for q in c.children if q.dep_ == "prep" and q.lower_ in preps
                        for r in q.children if r.dep_ == "pobj" for e in entities_of(r, ctx)]
            elif c.dep_ == "prep" and c.lower_ not in preps and h is tok and tok.pos_ == "VERB":
                # "he came to the group from Goldman Sachs": the parser hangs the verb's second
                # prepositional phrase on the first one's object (not "of": "after its invasion of Y")
                out += [e for p in c.children if p.dep_ == "pobj" for q in p.children
                        if q.dep_ == "prep" and q.lower_ in preps and q.lower_ != "of" and q.i > p.i
                        for r in q.children if r.dep_ == "pobj" for e in entities_of(r, ctx)]
            # "took on Y": a particle the parser gives an object is a preposition
            if c.dep_ in ("prep", "agent", "conj", "dative", "prt") and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        found = entities_of(p, ctx)
                        # "an investigation into whether Lorex was ...", "into how the company sold ...":
                        # the clause's subject
                        if not found and p.pos_ in ("VERB", "AUX"):
                            found = [e for q in p.children if q.dep_ in ("nsubj", "nsubjpass")
                                     for e in entities_of(q, ctx)]
                        # "vice president of research at Google": through a noun that names no one
                        if not found:
                            found = [e for q in p.children if q.dep_ == "prep" and q.lower_ in preps
                                     for r in q.children if r.dep_ == "pobj" for e in entities_of(r, ctx)]
                        out += found
                    # "pull out of", "take control of": prep inside prep
                    if p.dep_ == "prep" and p.lower_ in preps:
                        out += [e for q in p.children if q.dep_ == "pobj" for e in entities_of(q, ctx)]
    return out


def _agents(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The by-agents of a passive verb; coordinated participles share one ("founded and chaired by P")."""
    out = _own_agents(verb, ctx)
    if not out:
        for v in verb.conjuncts:
            if v.tag_ == "VBN":
                out += _own_agents(v, ctx)
    return out


def _own_agents(verb: Token, ctx: SentenceContext) -> list[Entity]:
    out: list[Entity] = []
    # the parser sometimes hangs "by ..." on the object: "was fined 8 billion yuan by the CAC"
    near = [verb, *[c for c in verb.children if c.dep_ in ("dobj", "npadvmod", "attr")]]
    for c in (c for n in near for c in n.children):
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            # the name right after "by" is the agent even when the parser hangs it elsewhere
            # ("owned by ByteDance, Tencent's app WeChat") when that name ends its noun phrase
            nxt = c.i + 1 + (c.nbor(1).lower_ == "the" if c.i + 1 < len(c.doc) else 0)
            if nxt in ctx.mention and any(p.dep_ == "pobj" and p.i != nxt for p in c.children):
                end = nxt
                while end + 1 < len(c.doc) and ctx.mention.get(end + 1) is ctx.mention[nxt]:
                    end += 1
                after = c.doc[end + 1].text if end + 1 < len(c.doc) else "."
                # (a name the parser also makes the object, coordinated: "founded by John Oyler and
                # Wang Xiaodong" names both)
                named = any(p.dep_ == "pobj" and nxt <= p.i <= end for p in c.children)
                if after in (",", ".", ";", ")") or after in ("and", "or") and not named:
                    out.append(ctx.mention[nxt])
                    continue
            for p in c.children:
                if p.dep_ == "pobj":
                    out += entities_of(p, ctx)
    return out


def _slot(verb: Token, slot: str, ctx: SentenceContext) -> list[Entity]:
    """The entities in one slot of a verb's clause, across voice: "subject" (the doer: subject, or
    by-agent when passive), "dobj" (the thing done to: object, or subject when passive), "one:dobj"
    (the same when it is one business: not a pronoun, since "sold it to Y" is too often the wrong
    "it", nor a plural of goods, "sells Huawei phones"), "prep:P" (a prepositional object)."""
    passive = _is_passive(verb)
    if slot == "subject":
        return _agents(verb, ctx) if passive else _subjects(verb, ctx)
    if slot == "one:dobj" and not passive:
        return [e for c in verb.children if c.dep_ in ("dobj", "dative") and c.pos_ != "PRON"
                and not (c.tag_ == "NNS" and c.i not in ctx.mention) for e in entities_of(c, ctx)]
    if slot == "one:dobj":
        slot = "dobj"
    if slot == "dobj":
        if passive:
            return _subjects(verb, ctx, "nsubjpass") or (
                _entities_of_one(verb.head, ctx, 0) if verb.dep_ in ("acl", "amod") else [])
        return [e for c in verb.children if c.dep_ in ("dobj", "dative") for e in entities_of(c, ctx)]
    if slot.startswith("prep:"):
        return _prep_objects(verb, slot[5:].split("|"), ctx)
    raise ValueError(f"unknown slot {slot!r}")


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.left_edge.i == verb.sent.start < verb.head.i:
        return True  # a fronted participle: "Founded by P in 2010, X grew" (X was founded)
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.i != verb.i:
        return _is_passive(verb.head)  # "X, founded in 1981 and based in Idstein"
    return verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN"


def _patients(verb: Token) -> list[Token]:
    """What a verb acts on, across voice: its object, or its passive subject, with their
    conjuncts ("Y approved X's purchase of Z", "the deal was cleared by Y")."""
    dep = "nsubjpass" if _is_passive(verb) else "dobj"
    return [k for c in verb.children if c.dep_ == dep for k in _conjuncts(c)]


def _listed_objects(verb: Token, trig: dict[str, Any]) -> list[Token]:
    """The prepositional objects a ``prep_nouns`` trigger needs, on the verb or its object: "added X
    to its Entity List", "counts X among its investors" (none: the verb does not mean the relation)."""
    pn = trig["prep_nouns"]
    return [p for h in (verb, *[c for c in verb.children if c.dep_ == "dobj"]) for c in h.children
            if c.dep_ == "prep" and c.lower_ in pn["preps"]
            for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in pn["nouns"]]


def _is_court(e: Entity) -> bool:
    """Whether a name is a court's (a word of ``penalty_payments.court_words``): a court's order or
    finding is a ruling in a case, not a penalty or an inquiry of its own."""
    return not _words("penalty_payments.court_words").isdisjoint(normalize(e.name).split())


def _place_modifier(e: Entity, tok: Token, ctx: SentenceContext) -> bool:
    """Whether ``e`` is a place that only modifies the noun ``tok`` ("the China fund", "China's
    regulator")."""
    return e.type == "Place" and any(c.dep_ in ("compound", "poss", "nmod") and ctx.mention.get(c.i) == e
                                     for c in tok.children)


def _conduct_of(nouns: list[Token], ctx: SentenceContext) -> list[Entity]:
    """The organisations whose conduct these common nouns name: "investigated its accounting
    practices", "a review of ByteDance's establishment of the unit" -> its owner, ByteDance;
    "an investigation into possible false advertising by Temu" -> its agent, Temu."""
    return [e for t in nouns if t.i not in ctx.mention and t.pos_ == "NOUN"
            for c in (*[c for c in t.children if c.dep_ == "poss"],
                      *[p for b in t.children if b.dep_ == "prep" and b.lower_ == "by"
                        for p in b.children if p.dep_ == "pobj"])
            for e in entities_of(c, ctx) if e.type in ("Company", "Product")]


def _where_names(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The names a "where" clause is on: "Megvii, where he worked until 2022", "Notable Capital,
    where P is a partner" (the place of the clause, which "at" would name)."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children):
        return []
    return _entities_of_one(verb.head, ctx, 0)


def _owners(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The organisations named as the possessor of a noun ("Apple's car project", "its team")."""
    return [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)
            if e.type in ("Company", "GovernmentBody")]


def _unit_owners(toks: list[Token], ctx: SentenceContext) -> list[Entity]:
    """The organisations that own the units or workplaces these tokens name: "runs Alibaba's cloud
    unit", "head of Xiaomi's Indian business", "a researcher at Microsoft's Redmond headquarters" ->
    Alibaba, Xiaomi, Microsoft (who heads or works in a unit or a site works for its owner)."""
    units = _words("unit_nouns", "facility_nouns", "seat_nouns.nouns")
    return [e for t in toks if t.lemma_.lower() in units for e in _owners(t, ctx)]


def _governing_verb(tok: Token) -> Token | None:
    """The verb a noun is the object of, through "part of", "most of": "sold part of its stake"."""
    t = tok
    for _ in range(4):
        if t.dep_ == "dobj":
            return t.head
        if t.dep_ not in ("pobj", "prep") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _clause_verb(tok: Token) -> Token | None:
    """The verb a noun is an argument of: its object ("settled its dispute") or a prepositional
    phrase on it ("spent months in a legal fight with Y")."""
    return _governing_verb(tok) or (tok.head.head if tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB" else None)


def _described_noun(noun: Token) -> Token:
    """The noun whose "of"/"for" phrase holds ``noun``: "X, a provider of software for small
    shops led by P" -> "provider", on which the parser should have hung the participle (a person
    leads or founds the company described, not the nouns of its phrase)."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("of", "for"):
        noun = noun.head.head
    return noun


def _disagrees(verb: Token, noun: Token) -> bool:
    """Whether a clause's finite verb is singular ("competes", "has won") while the noun it is
    hung on is plural ("chips"): then the clause is not on that noun."""
    finite = verb if verb.tag_ == "VBZ" else next((c for c in verb.children if c.dep_ in ("aux", "auxpass")
                                                   and c.tag_ == "VBZ"), None)
    return finite is not None and noun.tag_ == "NNS"


def _described(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The entity a descriptive noun describes: "X, a unit of Y", "X is a unit of Y", "the unit X"."""
    if tok.dep_ == "appos" or (tok.dep_ == "conj" and tok.head.dep_ == "appos"):
        # "A, B and C, the investment arm of Y": the description is of the name it follows, not of
        # the names coordinated with that one, though the parser hangs it on the first
        if tok.dep_ == "appos" and tok.pos_ == "NOUN" and tok.tag_ != "NNS" and tok.head.i in ctx.mention:
            return _entities_of_one(tok, ctx, 0)
        return _entities_of_one(tok.head if tok.dep_ == "appos" else tok.head.head, ctx, 0)
    if tok.dep_ == "attr":
        return _copula_subjects(tok.head, ctx)
    if tok.dep_ == "nsubj" and tok.head.lemma_ in ("be", "remain", "become", "include"):
        # "whose largest shareholder is P", "Shopee's main rival remains Lazada", "its rivals include X"
        return [e for c in tok.head.children if c.dep_ in ("attr", "dobj", "acomp") for e in entities_of(c, ctx)]
    if tok.dep_ in ("compound", "nmod") and tok.head.i in ctx.mention:  # "its partner Oracle"
        return [ctx.mention[tok.head.i]]
    if one_of(tok) is not None:
        # "Kaola had been one of Tmall Global's biggest rivals"; "one of X's rivals, Y, ..."
        named = [e for c in tok.children if c.dep_ == "appos" for e in entities_of(c, ctx)]
        return named or _described(tok.head.head, ctx)
    if tok.dep_ == "pobj" and tok.head.lower_ == "among" and tok.head.head.lemma_ in ("be", "remain"):
        # "A and B were among the lead investors in Y", "X is among its backers"
        return _copula_subjects(tok.head.head, ctx)
    # "the Oslo firm Opera": the name it gives; else the one a definite description refers to
    named = [e for c in tok.children if c.dep_ in ("appos", "compound") for e in entities_of(c, ctx)]
    return named + _pronoun_entity(tok, ctx) if all(e.type == "Place" for e in named) else named


def _person_clause_past(tok: Token, rel: Token, k: int, ctx: SentenceContext) -> bool:
    """Whether a person's relative clause that follows a name with no comma is hung by the parser on
    the noun before that name: "P, a professor at the University who set up X" (the professor set X
    up, not the university)."""
    return tok.lower_ in ("who", "whom") and tok.doc[k + 1].text != "," and ctx.mention[k].type != "Person" \
        and rel.head.i not in ctx.mention and rel.head.i < k


def _listed_appositions(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The rest of a list of names that the parser breaks into appositions of its first name: "the
    owner of A, B, C and D" (B an apposition of A, with C and D coordinated with B). An apposition
    with no name coordinated with it is another name of the first one ("A, also known as B")."""
    if tok.i not in ctx.mention:
        return []
    listed = [a for a in tok.children if a.dep_ == "appos" and a.i > tok.i and a.i in ctx.mention
              and any(c.dep_ == "conj" and c.i in ctx.mention for c in a.children)]
    return [e for a in listed for e in entities_of(a, ctx)] + [
        ctx.mention[a.i] for a in tok.children if listed and a.dep_ == "appos" and a.i > listed[0].i
        and a.i in ctx.mention]


def _copula_subjects(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The subjects a copula describes, with the names of their kind it sets "alongside" them: "A
    was among the lead investors in Y, alongside B and C" (B and C are investors in Y too), or after
    "as is": "A and B are shareholders in Y, as is C"."""
    subjects = [e for c in verb.children if c.dep_ == "nsubj" for e in entities_of(c, ctx)]
    subjects += [e for e in _prep_objects(verb, lexicon()["copula_companions"]["preps"], ctx)
                 if e not in subjects and any(e.type == s.type for s in subjects)]
    return subjects + [e for e in _as_copula_subjects(verb, ctx) if e not in subjects]


def _as_copula_subjects(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The subject of a bare "as is" clause on a copula, which the copula describes too: "A is a
    shareholder in Y, as is C" (C; not "as is usual", which names no one)."""
    return [e for c in verb.children if c.dep_ == "advcl" and c.lemma_ == "be"
            and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
            and not any(m.dep_ in ("attr", "acomp", "prep") for m in c.children)
            for s in c.children if s.dep_ == "nsubj" for e in entities_of(s, ctx)]


def _holder_predicate(noun: Token, predicate: str) -> str:
    """What an investor noun's modifier makes of its predicate: a controlling or majority
    shareholder owns the company ("X is Y's controlling shareholder"), any other invests in it."""
    if predicate == "investsIn" and any(c.dep_ in ("amod", "compound") and c.lower_ in
                                        _words("controlling_owners.modifiers") for c in noun.children):
        return "owns"
    return predicate


def _one_of_plural(tok: Token) -> bool:
    """Whether a plural noun is the object of "one of" ("one of X's engineers")."""
    return tok.tag_ == "NNS" and one_of(tok) is not None


def _closed_apposition(tok: Token, ctx: SentenceContext, kind: str) -> list[Entity]:
    """The name of ``kind`` set off by commas right after ``tok`` ("TITLE, NAME, ..."), however the
    parser attached it; not a name that goes on as a clause's subject ("... chief, NAME led")."""
    start = tok.i + 2
    e = ctx.mention.get(start)
    if e is None or e.type != kind or tok.i + 1 >= ctx.sent.end or tok.nbor().text != ",":
        return []
    end = start
    while end < ctx.sent.end and ctx.mention.get(end) is e:
        end += 1
    return [e] if end >= ctx.sent.end or tok.doc[end].text in (",", ".", ";") else []


def _person_near(role: Token, ctx: SentenceContext) -> list[Entity]:
    """The person a title belongs to: in apposition, compounded, or the copula's subject."""
    cands: list[Token] = []
    if _one_of_plural(role):
        role = role.head.head  # "P, one of X's engineers": what is said of "one" is said of the title
    if role.dep_ == "appos" or role.dep_ == "conj" and role.head.dep_ == "appos":
        cands.append(role.head if role.dep_ == "appos" else role.head.head)
    cands += [c for c in role.children if c.dep_ in ("compound", "nmod")]
    if role.dep_ in ("compound", "nmod", "amod"):
        cands.append(role.head)
    if role.dep_ == "nsubj" and role.head.lemma_ == "be":  # "whose chairman is P"
        cands += [c for c in role.head.children if c.dep_ == "attr"]
    people = [e for c in cands for e in entities_of(c, ctx) if e.type == "Person"]
    # "signed by X's president, A, and B": a singular title is only the name set off after it,
    # not the names joined to that one ("X's founders, A and B": a plural title is every one)
    people += [e for c in role.children if c.dep_ == "appos"
               for e in (entities_of(c, ctx) if role.tag_ == "NNS" else _entities_of_one(c, ctx, 0))
               if e.type == "Person"]
    if not people:  # "the company's chairwoman, P, ...": an apposition the parser hung elsewhere
        people += _closed_apposition(role, ctx, "Person")
    if role.dep_ == "attr":  # "P is head of X", "P left to become chief scientist of X"
        people += [e for e in _subjects(role.head, ctx) if e.type == "Person"]
    if role.dep_ == "pobj" and role.head.lower_ == "as":  # "P served as X's head", "named P as CEO"
        verb = role.head.head
        # "brought him back as DingTalk's chief executive": the object, when it names a person,
        # takes the title; "P was appointed as head of X", "P spent years as head of X", "P left his
        # post as head of X": the subject
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        given = [e for e in entities_of(objs[0], ctx) if e.type == "Person"] if objs else []
        if not given and (not objs or objs[0].pos_ == "NOUN"):  # "his post", "years": no one given it
            given = [e for e in _subjects(verb, ctx, "nsubjpass" if _is_passive(verb) else "nsubj")
                     if e.type == "Person"]
        people += given
    return people


def _name_before_phrase(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The name a noun phrase follows after a comma ("NAME, the ... NOUN"), read from the token
    order when the parser does not make the phrase an apposition."""
    k = tok.left_edge.i - 1
    if k - 1 >= ctx.sent.start and ctx.sent.doc[k].text == "," and tok.left_edge.lower_ in ("the", "a", "an"):
        e = ctx.mention.get(k - 1)
        if e is not None and e.type in ("Company", "Product"):
            return [e]
    return []


def _phrase_head(tok: Token, ctx: SentenceContext) -> Token:
    """The head noun of the phrase a word modifies from inside: "the Singapore-based crypto
    services firm" hangs "-based" on "services", which modifies "firm" (up to a name)."""
    while tok.dep_ in ("compound", "nmod") and tok.i not in ctx.mention and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _own_modifier(tok: Token, ctx: SentenceContext) -> bool:
    """Whether a name has a modifier outside its own name: "Vietnam's Viettel", "Tokyo-based NEC"."""
    own = ctx.mention.get(tok.i)
    return any(c.dep_ in ("poss", "amod", "compound", "nmod") and (own is None or ctx.mention.get(c.i) is not own)
               for c in tok.children)


def _nationality_place(tok: Token, ctx: SentenceContext) -> Entity | None:
    """The country a nationality adjective on a noun stands for ("its Russian business", "the
    Indian market": ``nationality_places``): the story's own mention of it when it has one, else
    the entity table's name. A word inside a name ("China Mobile", "Indian Oil") is no adjective,
    nor one after a capitalised word ("the North American market" is no market of the US)."""
    if tok.dep_ not in ("amod", "compound", "nmod") or tok.i in ctx.mention or not tok.text[:1].isupper() \
            or tok.i > tok.sent.start and tok.nbor(-1).text[:1].isupper():
        return None
    name = lexicon()["nationality_places"]["adjectives"].get(tok.lower_)
    if name is None:
        return None
    return next((m.entity for m in ctx.history if m.entity.type == "Place" and m.entity.name == name),
                Entity(name, "Place"))


def _goods_maker(noun: Token, ctx: SentenceContext) -> list[Entity]:
    """The companies whose goods a common noun names: "Nvidia's chips", "the Ascend processors"
    (a name compounded), "machines from Lam Research"."""
    if noun.pos_ != "NOUN" or noun.i in ctx.mention:
        return []
    found = [e for c in noun.children if c.dep_ == "poss" or c.dep_ in ("compound", "nmod") and c.i in ctx.mention
             for e in entities_of(c, ctx)]
    return found or [e for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
                     for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx)]


def _rival_goods_makers(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """Who a rivalry verb's subject of goods stands for: "Huawei's Ascend processors compete with
    Y", "X sells tools that compete with Y" (the seller of what the clause is on)."""
    found = [e for c in verb.children if c.dep_ == "nsubj" for e in _goods_maker(c, ctx)]
    goods = verb.head
    while goods.dep_ == "conj" and goods.head.pos_ == "NOUN":  # "sells A and B tools that compete with Y"
        goods = goods.head
    if not found and verb.dep_ == "relcl" and goods.dep_ == "dobj" and goods.head.pos_ == "VERB" \
            and verb.head.i not in ctx.mention:
        found = _subjects(goods.head, ctx)
    return found


def _co_agent_prep(tok: Token) -> bool:
    """Whether a preposition introduces a co-agent (``co_agent_markers``): "together with", "jointly with"."""
    markers = lexicon()["co_agent_markers"]
    return tok.dep_ == "prep" and tok.lower_ in markers["preps"] and (
        tok.head.lower_ in markers["adverbs"] or tok.i > 0 and tok.nbor(-1).lower_ in markers["adverbs"])


_JOINED = frozenset({"and", "with", "&"})  # "Foresea Life and Evergrande Life" is two names the span joined


def _named_after(unit: Entity, parent: Entity) -> bool:
    """``unit`` is named ``parent`` (by one of its names) plus words other than a legal form: "Telenor
    Myanmar", "Qualcomm Ventures", "Baidu Tieba", not "Tencent Holdings" nor another name of the parent."""
    u = bare(normalize(unit.name)).split()
    names = [bare(normalize(n)).split() for n in (parent.name, *parent.aliases)]
    return not _JOINED.intersection(u) and u not in names and any(len(u) > len(p) and u[:len(p)] == p for p in names)


def _given_as_name(i: int, ctx: SentenceContext) -> bool:
    """The name whose mention starts at token ``i`` is given as another name of what it is said of
    (``other_names``): "X, known as Y", "X, now called Y", "X, which traded as Y" (Y)."""
    end = i + 1
    while end < ctx.sent.end and ctx.mention.get(end) is ctx.mention[i]:
        end += 1
    head = ctx.sent.doc[i:end].root
    while head.dep_ == "compound":  # "traded as Y Derivatives"
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ == "as":  # "known as Y"
        head = head.head
    elif head.dep_ not in ("oprd", "attr"):  # "now called Y"
        return False
    return _lemma(head.head) in _words("other_names.verbs")
