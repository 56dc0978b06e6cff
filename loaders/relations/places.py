"""Rules on companies and places: ``place-modifier``, ``facility``, ``founding-place``, ``seated-kind``
and ``operated-place``.

Twenty-second round (issue 9), basedIn, each A/B-tested on all 113 dev digests:
- ``founding-place`` (:func:`_founding_place_rule`): where a company was founded or set up is its
  seat ("X was founded in Shenzhen in 1996", "Founded in P, X ...") (+2 tp, +1 fp, 2 digests).
- ``seated-kind`` (:func:`_seated_kind_rule`): a company kind noun in a name's apposition with the
  city it is in ("X, a subsidiary in Foshan"; not a country, a superlative or a business noun)
  (+2 tp, +0 fp, 2 digests).

Twenty-fourth round (issue 9), operatesIn, each A/B-tested on all 113 dev digests:
- ``facility`` (:func:`_sold`): a facility sold, whole or in part, is given up, not operated: "X
  agreed to sell a plant in P", "X sold a stake in its P business", "the sale of X's P business"
  give no operatesIn (a closing verb's exit stays; ``sold_facilities``) (-2 fp, -2 optional, -0 tp,
  4 digests).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...ontology.model import Entity
from ..anaphora import description, is_country
from ..lexicon import lexicon
from .context import (
    SentenceContext,
    _clause_verb,
    _described,
    _described_noun,
    _is_passive,
    _lemma,
    _name_before_phrase,
    _nationality_place,
    _prep_objects,
    _share_words,
    _slot,
    _subjects,
    _words,
    by_word,
    entities_of,
)


def _place_modifier_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A place that modifies a company noun or a company's name: "Xpeedic, a Shanghai developer of
    tools", "BGI Group, the Shenzhen genomics conglomerate", "Britain's Rightmove" (basedIn); not a
    country used as an adjective ("Netgear, a US rival", "the largest US insurer": a nationality)."""
    kinds = _words("typing_nouns.Company", "anaphora.company_nouns")
    for tok in ctx.tokens:
        place = ctx.mention.get(tok.i)
        if place is None or place.type != "Place" or ctx.mention.get(tok.i + 1) is place:
            continue
        if tok.dep_ != "poss" and is_country(place):
            continue  # "Netgear, a US rival", "the US subsidiary of X": a country as an adjective, no seat
        head = tok.head
        # "the Abu Dhabi technology group G42": through the nouns between the place and its kind noun
        while head.lemma_.lower() not in kinds and head.dep_ in ("compound", "nmod") and head.i not in ctx.mention \
                and head.head.i > head.i:
            head = head.head
        if tok.dep_ in ("compound", "nmod") and (head.pos_ == "NOUN" or head.is_lower) \
                and head.lemma_.lower() in kinds \
                and (head.dep_ in ("appos", "attr") or any(c.dep_ == "appos" for c in head.children)
                     or head.dep_ in ("compound", "nmod") and head.head.i in ctx.mention  # "the Oslo firm Opera"
                     or _name_before_phrase(head, ctx) or _description_of_company(head, place, ctx)):
            for x in _described(head, ctx) or _name_before_phrase(head, ctx):
                if x.type == "Company" and x != place:
                    yield x, "basedIn", place, "place-modifier", head
        elif tok.dep_ == "poss" and head.i in ctx.mention and ctx.mention[head.i].type == "Company" \
                and head.i > tok.i:
            yield ctx.mention[head.i], "basedIn", place, "place-modifier", head
        elif tok.dep_ in ("compound", "nmod") and head.i in ctx.mention and ctx.mention[head.i].type == "Company" \
                and any(t.lemma_.lower() in kinds and t.is_lower for t in ctx.sent.doc[tok.i + 1:head.i]):
            # "the Shanghai contract research firm Medicilon": a kind noun between the place and the name
            yield ctx.mention[head.i], "basedIn", place, "place-modifier", head


def _description_of_company(head: Token, place: Entity, ctx: SentenceContext) -> bool:
    """Whether a noun with a place modifier is a definite description, as a clause's subject (which
    continues the story's topic), of a company named before ("The Seattle company said ..."), not a
    new name's ("the Oslo firm Opera"), a business or facility in the place ("its China business"),
    nor a product's owner ("the Kindle maker": the name is more likely a product's)."""
    return head.dep_ in ("nsubj", "nsubjpass") and description(head) == "company" \
        and head.lemma_.lower() not in _words("facility_nouns") and head.lower_ not in _words("owner_nouns") \
        and not any(ctx.mention.get(t.i) not in (None, place) for t in head.subtree)


def _facility_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company's business or facility in a place: "Carrefour's China business", "its operations
    in China", "Oppo began production at a factory in Istanbul", "its Russian business" (a
    nationality, for a facility with an owner) (operatesIn); closing it there ("Amazon shut its
    marketplace in China", "X disabled its Tokyo servers", "X withdrew its operations from Chile")
    is also an exit, but not selling a stake in it or removing something else from it. A company's
    own seat in a place is where it is based ("Candy's headquarters in Brugherio": :func:`_own_seat`);
    a facility sold is no operation there (:func:`_sold`).
    A facility in a description's "of"/"for" phrase is the described name's ("X, the group's holding
    for mobile networks in P")."""
    facilities, closing, seats = _words("facility_nouns"), _words("closing_verbs"), _words("seat_nouns.nouns")
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or tok.i in ctx.mention:
            continue
        if tok.lower_ in seats and tok.lemma_.lower() not in facilities:
            yield from _own_seat(tok, ctx)
            continue
        if tok.lemma_.lower() not in facilities:
            continue
        # "its China business" (a known place: the model takes product names for places too)
        places = [ctx.mention[c.i] for c in tok.children if c.dep_ in ("compound", "nmod", "amod")
                  and c.i in ctx.mention and ctx.mention[c.i].type == "Place" and ctx.mention[c.i].known]
        places += [e for e in _prep_objects(tok, ["in", "across", "throughout"], ctx) if e.type == "Place"]
        owners = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)]
        if not places and tok.dep_ == "dobj":  # "It built its own plant in Hefei": the place on the verb
            # "X pulled its servers from India": a facility removed from a place was there
            preps = ("in", "from") if _lemma(tok.head) in closing else ("in",)
            places = _places_after(tok, tok.head, preps, ctx)
            if not places and len(preps) > 1:  # "X removed its servers from India": "from" on the noun
                places = [e for e in _prep_objects(tok, ["from"], ctx) if e.type == "Place"]
        # "X, the group's holding for mobile networks in P": the facilities of a description's
        # phrase are the described company's ("X, an operator of data centres in P": the parser
        # hangs the place on the described noun)
        noun = _described_noun(tok)
        described = _described(noun, ctx) if noun is not tok and not owners else []
        if not places and described:
            places = _places_after(tok, noun, ("in", "across"), ctx)
        if not places and owners and tok.dep_ == "pobj" and tok.head.lower_ == "at" \
                and tok.head.head.pos_ == "VERB":
            places = _work_site_place(tok, tok.head.head, ctx)
        if not places and owners:
            # "its Russian business", "Realme's Indian operation": a nationality on a company's own
            # facility stands for its country (not "Chinese app stores", "the Indonesian marketplace X")
            places = [pl for c in tok.children if (pl := _nationality_place(c, ctx)) is not None]
        if not places:
            continue
        verb = _clause_verb(tok)
        owners = owners or described
        if not owners and verb is not None:
            owners = _subjects(verb, ctx)
        # "X sold a stake in its Chinese business", "X removed Y from its app stores in P": what the
        # verb closes is its own object, not the facility, so there is no exit
        other = verb is not None and tok.dep_ == "pobj" and any(c.dep_ == "dobj" for c in verb.children)
        sold = _sold(tok)
        for o in owners:
            if o.type not in ("Company", "Product"):
                continue
            for pl in places:
                if not sold:
                    yield o, "operatesIn", pl, "facility", tok
                if verb is not None and _lemma(verb) in closing and not other:
                    yield o, "exits", pl, "facility", verb


def _sold(tok: Token) -> bool:
    """Whether a facility is sold, whole or in part: the object of a sale verb or noun, directly or
    through a stake's phrase ("X agreed to sell a plant in P", "X sold a stake in its P business",
    "the sale of X's P business"; ``sold_facilities``), not a facility that goods are sold at ("X
    sold phones at its stores in P")."""
    words = lexicon()["sold_facilities"]
    head = tok
    while head.dep_ in ("dobj", "pobj", "prep"):
        part, head = head, head.head
        if head.pos_ == "VERB":  # its object, not a phrase on it ("X sold phones at its stores in P")
            return part.dep_ == "dobj" and _lemma(head) in words["verbs"]
        if head.pos_ == "NOUN" and head.lemma_.lower() in words["nouns"]:
            return True
    return False


def _own_seat(tok: Token, ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company's own seat in a place is where it is based: "Candy's headquarters in Brugherio",
    "X keeps its headquarters in Y" (basedIn); not a seat with a modifier of its own ("its regional
    headquarters in Y", "its new headquarters": not, or not yet, the company's seat)."""
    if any(c.dep_ not in ("det", "poss", "prep", "punct") for c in tok.children):
        return
    owners = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)]
    places = [e for e in _prep_objects(tok, ["in"], ctx) if e.type == "Place"]
    if not places and tok.dep_ == "dobj":
        places = _places_after(tok, tok.head, ("in",), ctx)
    for o in owners:
        if o.type == "Company":
            for pl in places:
                yield o, "basedIn", pl, "facility", tok


def _founding_place_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Where a company was founded is its seat: "X was founded in Shenzhen in 1996", "X, set up in
    2016 in P", "Founded in P, X grew", "Q set up X in P" (basedIn; ``founding_places``; a company,
    not a product launched somewhere, and "set" only with its particle: "set up", not "set prices")."""
    words = lexicon()["founding_places"]
    for tok in ctx.tokens:
        lemma = _lemma(tok)
        if tok.pos_ != "VERB" or lemma not in words["verbs"] and not (
                lemma in words["particle_verbs"] and any(c.dep_ == "prt" and c.lower_ in words["particles"]
                                                         for c in tok.children)):
            continue
        places = [e for e in _prep_objects(tok, ["in"], ctx) if e.type == "Place"]
        if not places:
            continue
        for x in _slot(tok, "dobj", ctx):
            if x.type == "Company":
                for pl in places:
                    yield x, "basedIn", pl, "founding-place", tok


def _seated_kind_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company kind noun in a name's apposition, with the place it is in: "X, a subsidiary in the
    Shunde district of Foshan", "Y, its crosstown rival in Qingdao" (basedIn); not a rank in a
    market ("X, the largest carmaker in China": a superlative; "X, a foreign carmaker in China": a
    country is where it sells), a business in a place ("X, its retail business in P": a facility),
    nor a copula's description ("X is a big retailer in P")."""
    kinds = _words("typing_nouns.Company", "anaphora.company_nouns") - _words("facility_nouns")
    for tok in ctx.tokens:
        if tok.dep_ != "appos" or tok.pos_ != "NOUN" or tok.i in ctx.mention or tok.lemma_.lower() not in kinds \
                or any(c.tag_ == "JJS" for c in tok.children):
            continue
        places = [e for e in _prep_objects(tok, ["in"], ctx) if e.type == "Place" and not is_country(e)]
        for x in _described(tok, ctx) if places else ():
            if x.type == "Company":
                for pl in places:
                    yield x, "basedIn", pl, "seated-kind", tok


def _places_after(tok: Token, verb: Token, preps: tuple[str, ...], ctx: SentenceContext) -> list[Entity]:
    """The places of ``verb``'s prepositional phrases (``preps``) after the facility ``tok``."""
    return [e for c in verb.children if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i
            for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx) if e.type == "Place"]


def _work_site_place(tok: Token, verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The place of a company's own facility where work is done, set off after it: "X began
    producing cells at its first factory outside China, in the state of Thuringia" (the parser
    hangs the place on the verb, or on the verb that the work verb completes)."""
    places = _places_after(tok, verb, ("in",), ctx)
    if not places and verb.dep_ == "xcomp":
        places = _places_after(tok, verb.head, ("in",), ctx)
    return places


def _operated_place_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """What is launched, sold, run or opened in a place, said in the passive or in a participle after
    its name, operates there: "Microsoft's Azure is run in China by a local partner", "Boomplay, one
    of Africa's largest services, launched in Nigeria in 2015" (operatesIn; the ``object_operates``
    verb triggers, which the ``verb`` rule reads in the active). Not a stake or shares sold in a place
    ("X's stake was sold in Hong Kong"), goods ("iPhones sold in China"), nor a person brought there."""
    index = by_word("verb_triggers")
    holdings, shares = _words("transparent_nouns.holdings"), _share_words()
    for tok in ctx.tokens:
        if tok.tag_ != "VBN" or not _is_passive(tok):
            continue
        trigs = [t for t in index.get(_lemma(tok), []) if t["predicate"] == "operatesIn"
                 and t.get("object_operates") and "particles" not in t]
        if not trigs:
            continue
        patients = [c for c in tok.children if c.dep_ == "nsubjpass"] or [tok.head]
        # "X's stake was sold in P", "iPhones sold in P": a holding or goods, not a business there
        if any(c.lemma_.lower() in holdings or c.lemma_.lower() in shares or c.tag_ in ("NNS", "NNPS")
               for c in patients):
            continue
        places = [e for t in trigs for e in _prep_objects(tok, t["preps"], ctx) if e.type == "Place"]
        for x in _slot(tok, "dobj", ctx):
            if x.type in ("Company", "Product"):
                for pl in dict.fromkeys(places):
                    yield x, "operatesIn", pl, "operated-place", tok
