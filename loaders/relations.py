"""Relation rules over a parsed sentence. Each rule names the pattern it covers; its words are data.

Rules (lexicon sections in ``lexicon.json``):

- ``verb``: a trigger verb with its subject and object, active ("ByteDance released X"),
  passive or reduced relative ("X was fined by Y", "X, owned by Y"), relative clauses
  ("X, the app that belongs to Y") and prepositional objects ("invests in", "partners with").
- ``noun``: a trigger noun with a prepositional object, governed by a light verb or a
  possessive ("SAMR opened an investigation into X", "X's stake in Y").
- ``possessive``: "X's app Y", "X's Y" (owns) and "X's founder P", "P, X's chief executive" (worksFor).
- ``role``: a title between an organisation and a person ("Pika founder Demi Guo").
- ``based``: "Hangzhou-based X" (basedIn).

A verb trigger may name a ``frame``: which clause slot ("subject", "dobj", "prep:from") fills
which argument, across voice, so that a new wording is a lexicon entry ("X sold Y to Z" ->
acquires(Z, Y); "X hired P from Y" -> worksFor(P, Y)); ``prep_nouns`` restricts a verb to one
kind of prepositional object ("added X to its Entity List", "counts X among its investors").

Rules added for unseen text (issue 9), each a clause shape rather than a wording:

- ``possessive-appos``: "Alibaba's research institute, DAMO Academy" (owns).
- ``appositive-role``: "P, a former Google engineer", "the Apple vice-president P" (worksFor).
- ``compound-owner``: "X, a Baidu unit" (owns).
- ``place-modifier``: "X, a Shanghai developer of ...", "Britain's Rightmove" (basedIn).
- ``under-role``: "Under chairman P, X grew" (worksFor).
- ``facility``: "Carrefour's China business", "its factory in Istanbul" (operatesIn; exits when
  the facility is closed).

Fourth round (issue 9), general repairs rather than new rules: a "based in" participle that the
parser hangs on the object of "a maker of ..." describes the maker; a name in apposition across a
finite verb is no apposition (the parser's long-distance appositions); a "-based" modifier in a
list whose names carry modifiers of their own covers its own name only; what is sold, offered or
run in a place operates there (a lexicon entry; not shares or stakes); coordinated participles share one by-agent
("founded and chaired by P"); more product-kind and company-kind nouns, and employee titles with
"at" ("a professor at X"), are lexicon entries.

Sixth round (issue 9), clause shapes found in unseen news, each A/B-tested on all 113 dev digests:
- ``co-agent``: "X financed the deal together with Y" (partnersWith; companies only).
- stopped activities (verb rule): "stopped offering Skype", "to stop buying gear from Y" (bans:
  using, offering, buying ...); "stopped selling phones in Germany" (exits: any activity in a place).
- conduct objects: "investigated Y's accounting practices", "a review of Y's purchase" (investigates Y).
- "X filed a suit ..., accusing Y of ..." (sues); a trigger noun in an "after"/"following" phrase
  takes the clause's subject ("after an investigation of Y, the regulator sued it").
- "X's sensors compete with those of Y": a company's things for the company.
- a title whose preposition the parser hangs on the copula ("P had been a scientist at X").
- typing from the slot: the name before "-based" is a place when it modifies a company; what is
  owned, bought or invested in is no person ("the owner of Calvin Klein").

Seventh round (issue 9):
- ``named-unit``: a business or product named after a known company of the story plus more than
  a legal form ("Telenor Myanmar", "Microsoft Research Asia", "Qualcomm Ventures") belongs to it
  (owns); a unit the entity table knows belongs only to the parent the table gives it.

Eighth round (issue 9), references across sentences (:mod:`loaders.anaphora`):
- ``state-title``: a government title that names no body ("Commerce Secretary P", "P, then the
  labour secretary,", "Minister P") works for the story's state body that its domain words name.
- ``implicit-agent``: a penalty that names no agent ("P and Q were each fined 1 million yuan",
  "the same announcement added X to the list", "the list named X") was imposed by the state body
  the story named last (penalizes).
- ``title-salient``: a company title as a predicate that names no organisation ("P was chief
  executive", "P, who succeeded Q as chairman,": both) works for the company the story has named
  most often, when the sentence names no other company (worksFor).
- kind nouns ("the exchange", "the insurer") refer to a company of their kind named before; a
  description that opens its sentence as the subject refers to the main subject of the sentence
  before ("Lenovo bought X. The Beijing-based group ...").

Eighth round (issue 9), clause shapes within one sentence, each A/B-tested on all 113 dev digests:
- persons: "he", "she", "him" and "her" (``person_pronouns``) are the person named last before
  them in the sentence, else the story's latest person subject; an object pronoun is not its own
  clause's subject, and with two persons named before it is not read.
- "X, where P worked until 2022", "X, where P is a partner": a "where" clause on a name is an "at".
- "P, a former engineer on its Autopilot team who had since joined Y": a person's relative clause
  that the parser hangs on a noun inside the description is the person's.
- "A and B, a service run by X": a description after a list is of the name just before the comma.
- "Bharti Airtel and Reliance Jio each signed ...": names the parser glues into one modifier chain
  are coordinated.
- "X took market share from Y", "X lost ground to Y" (competesWith: particles name the object).
- "X, founded in 1981 and based in Y": a participle coordinated with a passive one is passive;
  "X, listed on Nasdaq in 2023, runs sites in Y": a finite verb coordinated with a participle on a
  name has that name as its subject.
- "X bought into Y", "X put $50 million into Y" (investsIn); "P came to X from Y" (recruitsFrom;
  the parser's second prepositional phrase on the first one's object); "P moved to X" (worksFor).
- "two former Genentech executives, A and B" (plural titles); "X's strongest product is Y" (owns).
- "Google and Fidelity put money into it": one doer of a clause is not what another acts on.

Ninth round (issue 9), state actions, each A/B-tested on all 113 dev digests:
- ``settlement``: a sum paid to a state body, or paid to settle its charges, is its penalty ("X
  agreed to pay $5 million to settle charges brought by Y", "to settle SEC charges", "X paid Y $2
  million", "Y ordered X to pay 10 million yuan"; a court's order to pay is an award, not read)
  (``penalty_payments``; penalizes).
- ``dispute``: a legal dispute names two companies that each have a claim against the other ("X's
  patent war with Y", "X and Y settled their patent dispute") (``legal_disputes``; sues, both ways).
- "blocked access to X" is X (``transparent_nouns.to_nouns``); a ban verb that is also a denial
  word ("block") is no longer hedged when it is the sentence's main verb ("X blocked Y").

Ninth round (issue 9), business relations, each A/B-tested on all 113 dev digests:
- ``round-leader``: a funding round and who led or joined it (``round_leaders``): "Y raised $200
  million in a round led by X", "Y's round was led by X", "Y completed a round that brought in X
  and Z" (investsIn; a round a company joins is not its own).
- "A and B were among the lead investors in Y": a relation noun after "among" describes the
  copula's subject; "its backers" in such a clause is not of its own subject (:mod:`loaders.anaphora`).
- "X set up Y, a joint venture with Z", "Y, which X ran as a joint venture with Z": a partnership
  noun in apposition to the verb's object, or what the object is run as or through, has the
  verb's doer as one partner; "a memorandum with Z", "manufacturing ventures with Z" are
  partnership nouns too.
- "a factory in Shanghai's Kangqiao district", "the German state of Thuringia": an area noun
  (``area_nouns``) stands for the place it is of.

Tenth round (issue 9), references and lists, each A/B-tested on all 113 dev digests:
- a list after a plural skips each name's own modifiers, names among them too ("among them A,
  the Beijing-based B and Tencent's C" lists A, B and C, not Beijing or Tencent).
- "it"/"its" in a name's apposition ("Y, its chip unit", "Y, the brand it bought") is never that
  name but the company its clause is about (:mod:`loaders.anaphora`).

Eleventh round (issue 9), state actions and places, each A/B-tested on all 113 dev digests:
- a state body's act that follows an inquiry naming neither party ("Following an investigation,
  SAMR fined X", "X was fined by Y after an inquiry found that ...") follows its inquiry into X
  (``prior_inquiry``; investigates); a company's act after an inquiry by Y ("X was forced to sell
  its stake after a review by Y") followed Y's inquiry into X.
- a trigger noun's object and agent in its relative clause ("the inquiries it had opened into X",
  "joint ventures it set up with Y").
- "a Shanghai-based crypto services firm", "the Abu Dhabi technology group X", "the Shanghai
  contract research firm X": a seat or a place reaches the name through the nouns of its phrase;
  "X, the Waltham, Massachusetts-based maker": the city the parser makes an apposition (basedIn).
- "OFAC designated X": a sanctions designation (penalizes; a lexicon entry).

Eleventh round (issue 9), business relations, each A/B-tested on all 113 dev digests:
- clause subjects: a gerund after a preposition on a verb has that verb's subject ("X expanded
  after signing a deal with Y", "X grew by partnering with Y"), unless the preposition negates
  ("rather than buying Y", "without ...", "instead of ...": ``negating_preps``); an infinitive on
  a verb's object has the verb's subject ("X holds permits to run taxis in A and B").
- "a consortium led by X", "a consortium of investors comprising A, B and C", "an investor group
  headed by X" stand for the leader, else the members (``buyer_groups``; any slot, e.g. acquires).
- round-leader: "..., with Z among the participants", "with participation from Z" (investsIn).
- "X, which belongs to an alliance with Y": a partnership noun after "to" takes the verb's subject.
- "took on Y" when the parser makes "on" a preposition, or a particle with an object (competesWith).
- "suspended all business activities in P" (facility: operatesIn, and exits when stopped);
  "operates across P", "began commercial service in P", "entered P's grocery market" (``area_nouns``;
  operatesIn; "left P's mobile market": exits).
- a product built or launched by a person is no release of theirs (the founder's company made
  it: the ``releases`` verbs take company subjects only).

Eleventh round (issue 9), ownership and people, each A/B-tested on all 113 dev digests:
- a controlling or majority shareholder owns the company ("X is Y's controlling shareholder", "Y,
  whose majority shareholder is X"; ``controlling_owners``); an issuer or publisher of a name owns
  it; a general counsel or treasurer is an employee title (``role_heads``, ``of_nouns``).
- a seller owned the business it sells ("X agreed to sell Y to Z": owns, besides Z acquires Y; not
  "sold it", nor "sells Huawei phones").
- "P joined X after a decade at Y": the one joined recruits from Y, as a hirer does
  (``joining_verbs``; not "joined its advisory board").
- a title at a company's site or unit works for the company ("a researcher at X's Redmond
  headquarters", "worked at X's research centre").
- "X, whose chief executive P ...": "whose" after a name is that name, however the parser hangs
  the clause, and such a title is never the salient company's; "founded by John Oyler and Wang
  Xiaodong" names both by-agents when the parser makes the first name the object; "P was appointed
  as head of X": a passive's subject takes the "as" title.
- "the company's chairwoman, P, ...": a name set off by commas after a title, however the parser
  hangs it (not one that goes on as a subject: "... chief, P led"); "P, one of X's engineers": a
  plural title after "one of" (worksFor).

Twelfth round (issue 9), same-sentence shapes, each A/B-tested on all 113 dev digests:
- "together with" / "jointly with" on a trigger verb adds a party: one of the doer's kind is a
  co-doer ("X invested in Y together with Z"), another that the trigger can act on is acted on
  too ("the SEC sued P together with A and B", "X introduced A together with the B processor").
- "X chose Y as its exclusive partner", "X signed Y as a battery partner" (partnersWith; a
  ``prep_nouns`` verb trigger).
- servers are facilities, and disabling or removing one is closing it: "X disabled its Tokyo
  servers", "X pulled its servers from India" (a place after "from" on a closing verb; exits).
- a distributor, vendor or provider is a kind of company ("X, a Shanghai chip distributor": basedIn).

Thirteenth round (issue 9), lists, each A/B-tested on all 113 dev digests:
- a colon after a counted plural lists its members when the names after it are as many as the
  count says ("the list named the makers A and B and four AI companies: C, D, E and F"; count
  words in ``number_words``); a name's modifiers inside a kind phrase are skipped ("the Hefei-based
  specialist B").
- ``suspect-list``: a state body that names companies or apps in a clause saying it suspects them,
  or that they acted illegally, investigates each one named ("Y named 40 apps, among them A and B,
  that it suspected of ...", "Y named X among 40 apps, including A, that it said had illegally
  ..."; ``suspect_lists``).

Thirteenth round (issue 9), people in one sentence, each A/B-tested on all 113 dev digests:
- ``contact-relative``: a relative clause without "that" on a name's description ("X, the review
  site P founded in 2003, ...", "Y, the games studio X bought in 2016"), read from the token order
  since the parser breaks it; the doer of a verb only persons do (``subject_types``) is a person
  when the entity table does not know the name (the typing took the description for its own).
- "X, a provider of software for small shops led by P": a by-person participle that the parser
  hangs inside the description's "of"/"for" phrase describes the company (worksFor).

Fourteenth round (issue 9), operations in places, each A/B-tested on all 113 dev digests:
- a brand's goods sold in a place are the seller's business there: "X began selling its Pixel
  handsets across P" (operatesIn X, not the brand; "launched its Keeta app in P" is still the app).
- a network is a facility: "X has built its largest overseas network in P" (operatesIn).

Fourteenth round (issue 9), investment: names set "alongside" the subject of a copula description
are described too ("A was among the lead investors in Y, alongside B and C"; ``copula_companions``;
names of the subject's type only), and "alongside Y" that the parser hangs on the investee's name
still joins the round ("a round for X, the app of Z, alongside Y").

Fourteenth round (issue 9), ownership: a singular description after a list, which the parser hangs
on the list's first name, describes the name just before its comma ("A, B and C, the owner of Y":
owns(C, Y), not A).

Fifteenth round (issue 9), people and their employers, each A/B-tested on all 113 dev digests:
- a company title before a name that names no organisation ("Chief executive P said X would ...",
  "founder and chief executive P") is as sure as ``title-salient`` when its sentence names the
  salient company too (not a title capitalised inside the sentence: "President P"); after "by",
  "under" or "with" ("X, led by chief executive P") it is no salient company's (its clause names
  the organisation).
- "P spent years as head of X", "P left his post as director at X to join Y": a title after "as"
  on a verb whose object is a common noun, not a person, is the subject's (worksFor; with the
  joining verb, Y recruits from X).
- "an engineer on Apple's car project", "a lead on X's models", "on its Autopilot team": a title
  "on" a possessed noun works for its owner, not for the thing worked on (an ``of_nouns`` entry).
- "P ran China's internet regulator", "set up the China fund", "ran its China business": a place
  that only modifies what a person runs is where it works, not an employer (worksFor verbs).

Fifteenth round (issue 9), rivalry and partnership, each A/B-tested on all 113 dev digests:
- ``partnership-party``: a partnership that names no partner, which a clause's doer acts under or
  signs along with a deal, is with the other party of that deal ("X invested $50 million in Y
  under a strategic partnership", "X sold Z to Y, signing a wider alliance", "X agreed to issue
  bonds to Y and signed a collaboration agreement"; ``partnership_parties``; partnersWith).
- ``market-rivals``: companies that together split, share or lead a market compete in it ("A and
  B split most of the market between them", "A and B control 90 percent of the market", "With A
  and B, C dominates the market"; ``market_rivals``; competesWith, each pair).
- goods for their maker in a rivalry: "X's processors compete with Nvidia's chips", "with machines
  from Y", "X sells tools that compete with Y's" (competesWith).
- "X, a designer of chips, which competes with Y": a singular clause the parser hangs on a plural
  inside a description's "of"/"for" phrase is on the noun described.
- "X's challengers, A and B" (competesWith; the plural was missing, so the apposition read owns).
- "X launched Y, a rival app": a rival description of what the doer releases, buys or owns is of
  a rival to others, not to the doer (no competesWith).
- "X shares control of Y with Z", "X agreed to build and share a network with Z" (partnersWith;
  a verb trigger whose object says what is shared: not "shared data with Z").

Fifteenth round (issue 9), operatesIn, basedIn and exits, each A/B-tested on all 113 dev digests:
- nationality adjectives as countries (``nationality_places``): a nationality on a company's own
  facility ("Binance sold its Russian business", "Realme's Indian business", "X shut its French
  site") is its country (facility: operatesIn, and exits when closed), and so is one on a market or
  on its customers ("exited the Russian market", "brought X to Chinese users", "stopped serving
  Indian users"); the story's own mention of the country when it has one, else the entity table's
  name. Not a word inside a name ("China Mobile") or after a capitalised one ("the North American
  market"), not a facility nobody owns ("Chinese app stores", "the Indonesian marketplace X"), and
  only where the facility names no place of its own ("its last Chinese factory, in Huizhou").
- selling a stake in a business is no exit from its place ("X sold a stake in its China business").
- "the Nijmegen-headquartered company" is a seat like "-based" (a ``compound_relations`` entry);
  a production base, line or complex in a place is a facility (``facility_nouns``).

Fifteenth round (issue 9), investment and acquisitions, each A/B-tested on all 113 dev digests:
- ``backer-salient``: an investor noun that names no company it invests in ("X, an early backer,
  said ...", "A and B were early investors") is of the company the story names most often, when
  the sentence names no other company before it (``salient_investors``; investsIn).
- ``funding-source``: money "with" which something is done, and who it came "from": "X was set up
  with backing from A", "P unveiled X with seed money from A and B" (the one founded or unveiled:
  ``funding_sources.founding_verbs``), "X financed the deal with $80 million raised from investors
  including A and B" (else the clause's subject) (investsIn).
- a main verb without a subject takes the name the parser glued to the date phrase that opens the
  sentence ("In March 2025 X agreed to invest ...", "In July X went further, ...").
- a minority share that modifies a stake bought makes the purchase an investment ("X bought a 9
  percent stake in Y" is investsIn, not acquires).

Fifteenth round (issue 9), ownership and products, each A/B-tested on all 113 dev digests:
- possessive-appos from the token order: a named owner's description set off by commas after a
  name that the parser makes no apposition ("Y, X's own grocery chain, was ...", "sold on A and B,
  X's two main marketplaces, ...": a plural description is of every name coordinated before it);
  not a name in a fronted adjunct ("Unlike A, X's units, which ..., grew").
- an issuer puts out what it issues: "X issued the Y token", "X, the issuer of Y" (releases, and
  owns; ``verb_triggers``, ``of_nouns``).

Sixteenth round (issue 9), ownership and products, each A/B-tested on all 113 dev digests:
- a description that possesses a name's apposition is never that name: "Acme Pay, the group's
  payments arm", "Y, the Korean company's local subsidiary" belong to the company of the story
  the unit is named after, else to the company named before it in its sentence ("X's app runs on
  Y, the group's platform"); not "the TikTok owner's unit", which the table resolves (owns).
- a common noun with a naming participle stands for the name it is given ("launched an app called
  X", "bought a studio known as Y"; ``naming_participles``; not a person: "the foundry named P as
  its vice chairman" appoints P).
- a passive operating verb whose subject has a possessor other than its by-agent says the agent
  runs what the possessor owns ("Microsoft's Azure has been run in China by X": no owns for X;
  ``operating_verbs``).

Fifteenth round (issue 9), state actions, each A/B-tested on all 113 dev digests:
- a ban on parties that name no one bans what they may not use, or whom they may not deal with
  ("X barred American firms from selling chips to Y", "barring its agents from using Y", "barring
  Chinese groups from trading with it"; ``barred_activities``; not "barred Y from selling to Z").
- ``inquiry-finding``: a state body's finding on what a company did, or its inquiry's, comes from
  investigating the company ("Y found that X had breached the law", "a review by Y, which
  concluded that X's know-how ...", "reports by investigators at Y found that X ...", "the inquiry,
  led by Y together with Z, concluded that the company ..."; ``inquiry_findings``; investigates;
  state bodies only).
- settlement: a purpose the parser hangs on the sum ("agreed to pay $140 million to resolve cases
  brought by Y"); a payment to settle that names no party settles with the one state body its
  sentence names, else the one the story named last ("Y filed a complaint against X, and X agreed
  to pay a penalty to settle it", "Six of them agreed to pay $400,000 to settle"; penalizes).
- ``infringement``: the owner of rights a company or its goods infringed has a claim against it
  ("a jury found that X had infringed two patents owned by Y", "X's phones infringed four Y
  patents"; ``infringements``; sues).

Sixteenth round (issue 9), state actions, each A/B-tested on all 113 dev digests:
- ``deal-review``: a state body that reviews, examines, clears or approves a deal investigated its
  buyer, and whom it merges with ("Y approved X's purchase of Z", "X completed its purchase of Z
  after Y cleared the deal", "Y, which had been reviewing the transaction, ...", "X's takeover of
  Z was reviewed by Y"; "the deal" is the one its sentence names with an owner; ``deal_reviews``;
  investigates; state bodies only, and not the company bought; an owner "its" only when its
  sentence names it: "Its merger with Z" after a sentence on another company reads Z alone).
- ``information-demand``: a state body that orders a company to report, explain or submit, or that
  writes to or asks it for details or records, inquires into it ("Y ordered X and its parent, Z, to
  report on ...", "Y told X to submit every new app for testing", "an inquiry by Y, which wrote to
  several firms, among them A and B, demanding details of ...", "Y demanded records from X";
  ``information_demands``; investigates; not "asked X to provide links": a service).
- "the department blacklisted X" is a penalty, like an addition to the Entity List (penalizes, a
  verb trigger of its own; no longer a ban).
- "X cut Y off from American suppliers", "adding Y to the list, cutting it off from American
  technology" (bans; a verb trigger that needs the particle).

Sixteenth round (issue 9), business relations, each A/B-tested on all 113 dev digests:
- ``licence``: a licence between two companies makes them partners: the licensee and the owner of
  what it licenses ("X licensed Y's operating system", "Y, whose designs X licensed"), the licensor
  and the one it licenses to ("X licenses its technology to Y"), a clause's doer and the company
  its licence is from or with ("X sells phones under a licence from Y", "X signed a patent licence
  with Y"), or the two that sign one ("A and B signed a cross-licence") (``licensing``;
  partnersWith; companies only: a licence a state body grants is no partnership).
- "the two" or "the two companies" after two companies named earlier in the same sentence, and no
  more, is both of them ("X agreed to invest in Y, and the two companies signed a partnership", "X
  sued Y after a licence between the two expired"; :func:`loaders.anaphora.both`, which the
  references part of this round extended to subjects later in a sentence).

Sixteenth round (issue 9), people and their employers, each A/B-tested on all 113 dev digests:
- a hire's infinitive is the hired person's post: "X hired P to run Y", "X appointed P to lead
  research at Y" (worksFor P, Y; hiring and appointing verbs pass their object to the infinitive:
  ``object_control``); the post is no past employer, so X does not recruit from Y.
- ``staff-source``: staff a company hires from another ("X hired a large number of engineers from
  Y and Z", "X recruited hundreds of agents from Y's offices", "X went on to hire a dozen of his
  former Y colleagues"): X recruits from Y (``staff_sources``; the staff noun may sit under a
  count, and a site of Y's after "from" is Y's).
- the holder a new one replaced worked for the same employer: "X named P as chief executive,
  replacing Q", "X appointed P as finance chief in place of Q", "brought him back as X's chief
  executive, replacing Q" (worksFor Q, X; ``replacements``; a fact read from the verb or its "as"
  title only, not from the new holder's own description: "P, a former Y engineer").

Sixteenth round (issue 9), operatesIn, basedIn and exits, each A/B-tested on all 113 dev digests:
- a seat modifier on a singular kind noun that a name follows is that name's, however the parser
  hangs the phrase ("A, the Hefei-based speech specialist B, and C": B, not A); not a person, nor
  the subject of a relative clause without a pronoun ("X, the Shanghai-based site P founded").

Arguments are read through appositions ("X, the parent of Y"), relative clauses (also "in which",
"whose"), coordination, lists after a plural ("dozens of apps, among them A, B and C"), deal and
product nouns that stand for their owner ("Luckin's Series A round", "Huawei equipment"),
shares ("bought 60 percent of X"; a minority share makes buying or owning an investment), units
for the employer ("runs X's cloud unit") and clauses ("an investigation into whether X ...").
A description in apposition describes only the name it follows, not the names coordinated with
that one.

Statements under negation produce nothing; hedged, planned or denied ones ("plans to buy",
"denied reports that it would invest") get a low confidence that ``kg extract`` leaves out by
default.

A fact's confidence is its rule's base confidence (``RULE_CONFIDENCE``, set by hand) times the
certainty of its entities. What no rule reads, a learned pair classifier may (:mod:`loaders.pairs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

from spacy.symbols import ADJ, AUX, NOUN, VERB
from spacy.tokens import Span, Token

from ..ontology.model import ENTITY_TYPES, SYMMETRIC, Entity
from ..ontology.names import bare, normalize
from .anaphora import Mention, antecedent, both, description, implicit_agent, one_of, state_body, story_company
from .pipeline import lexicon

__all__ = ["Candidate", "SentenceContext", "RULES", "RULE_CONFIDENCE", "find_relations", "domain_range", "fits",
           "as_type", "by_word"]

# base confidence of each rule: how often its pattern reads right on news text
RULE_CONFIDENCE = {"verb": 0.85, "passive": 0.85, "noun": 0.7, "possessive": 0.7, "role": 0.85, "facility": 0.7,
                   "compound": 0.85, "surface": 0.75, "recruit-inference": 0.95, "role-salient": 0.55, "of-noun": 0.8,
                   "possessive-appos": 0.65, "compound-owner": 0.75, "under-role": 0.75, "place-modifier": 0.7,
                   "appositive-role": 0.8, "co-agent": 0.75, "named-unit": 0.75, "state-title": 0.75,
                   "implicit-agent": 0.7, "title-salient": 0.65,
                   "settlement": 0.75, "dispute": 0.65, "round-leader": 0.75, "suspect-list": 0.7,
                   "contact-relative": 0.75, "partnership-party": 0.7, "market-rivals": 0.7,
                   "backer-salient": 0.65, "funding-source": 0.7, "inquiry-finding": 0.7, "infringement": 0.7,
                   "deal-review": 0.7, "information-demand": 0.7, "licence": 0.7, "staff-source": 0.75}
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

    from ..ontology import KG, ontology_graph
    from ..ontology.model import PREDICATES

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
    story made a clause's subject ("P joined X. He had run Y's cloud unit"). An object is not its
    own clause's subject, and with two persons named before it is not read at all."""
    obj = tok.dep_ in ("dobj", "pobj", "dative")
    own = {ctx.mention[t.i] for c in tok.head.children if c.dep_ == "nsubj" for t in c.subtree
           if t.i in ctx.mention} if obj else set()
    named = list(dict.fromkeys(e for i in range(tok.i - 1, ctx.sent.start - 1, -1)
                               if (e := ctx.mention.get(i)) is not None and e.type == "Person" and e not in own))
    if obj and len(named) > 1:
        return None
    if named:
        return named[0]
    return next((m.entity for m in reversed(ctx.history) if m.start < ctx.sent.start and m.subject
                 and m.entity.type == "Person" and m.entity not in own), None)


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
    if tok.lower_ == "whose" and tok.i >= 2 and tok.doc[tok.i - 1].text == "," and tok.i - 2 in ctx.mention:
        # "X, whose chief executive P has been ...": the name before the comma, however the parser
        # hangs the clause
        return [ctx.mention[tok.i - 2]]
    if rel is not None and rel.dep_ == "relcl":
        # "X and Y, which belongs to Z": the name just before the comma, whatever the parse says
        k = min(tok.i, rel.left_edge.i) - 1
        if k >= 0 and tok.doc[k].text == ",":
            k -= 1
        if k >= 0 and k in ctx.mention:
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
    if tok.lemma_.lower() in lex["nationality_places"]["nouns"] and tok.is_lower:
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
    # is about stands for the company
    if tok.lemma_.lower() in lex["transparent_nouns"]["owned"]:
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


def _listed_objects(verb: Token, trig: dict[str, Any]) -> list[Token]:
    """The prepositional objects a ``prep_nouns`` trigger needs, on the verb or its object: "added X
    to its Entity List", "counts X among its investors" (none: the verb does not mean the relation)."""
    pn = trig["prep_nouns"]
    return [p for h in (verb, *[c for c in verb.children if c.dep_ == "dobj"]) for c in h.children
            if c.dep_ == "prep" and c.lower_ in pn["preps"]
            for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in pn["nouns"]]


def _place_modifier(e: Entity, tok: Token, ctx: SentenceContext) -> bool:
    """Whether ``e`` is a place that only modifies the noun ``tok`` ("the China fund", "China's
    regulator")."""
    return e.type == "Place" and any(c.dep_ in ("compound", "poss", "nmod") and ctx.mention.get(c.i) == e
                                     for c in tok.children)


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
            preps = trig.get("preps", [])
            listed: list[Token] = []
            if "prep_nouns" in trig:
                # "added X to its Entity List", "counts X among its investors": the verb means the
                # relation only with such a prepositional object
                listed = _listed_objects(tok, trig)
                if not listed:
                    continue
            if _is_passive(tok):
                subjects = _agents(tok, ctx)
                if not subjects and listed:  # "was placed on a Treasury Department blacklist"
                    subjects = [e for p in listed for c in p.children if c.dep_ in ("poss", "compound")
                                for e in entities_of(c, ctx)]
                objects = _subjects(tok, ctx, "nsubjpass")
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
                if trig["predicate"] == "owns" and _run_for_possessor(tok, subjects, ctx):
                    continue  # "Microsoft's Azure is run in China by X": X operates it, Microsoft owns it
                rule = "passive"
            else:
                subjects = _subjects(tok, ctx)
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
                        objects += _entities_of_one(tok.head, ctx, 0)
                objects += _prep_objects(tok, preps, ctx)
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
                if not objects and tok.dep_ == "xcomp" and _lemma(tok.head) in causes["verbs"] \
                        and trig["predicate"] in causes["predicates"]:
                    # "ordered Temu to suspend operations": the one ordered to stop is what is banned
                    objects = [e for c in tok.head.children if c.dep_ == "dobj" and c.i in ctx.mention
                               for e in entities_of(c, ctx)]  # a name: "it" is too often the wrong one
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


def _conduct_of(nouns: list[Token], ctx: SentenceContext) -> list[Entity]:
    """The organisations whose conduct these common nouns name: "investigated its accounting
    practices", "a review of ByteDance's establishment of the unit" -> its owner, ByteDance;
    "an investigation into possible false advertising by Temu" -> its agent, Temu."""
    return [e for t in nouns if t.i not in ctx.mention and t.pos_ == "NOUN"
            for c in (*[c for c in t.children if c.dep_ == "poss"],
                      *[p for b in t.children if b.dep_ == "prep" and b.lower_ == "by"
                        for p in b.children if p.dep_ == "pobj"])
            for e in entities_of(c, ctx) if e.type in ("Company", "Product")]


def _brand_goods(verb: Token, thing: Entity, ctx: SentenceContext) -> bool:
    """Whether a verb's object names ``thing`` only as the brand of plural goods ("began selling its
    Pixel handsets in P", "offers Kirin chips across P"): the one selling them operates there, not
    the brand ("launched the Keeta app in P" is the app itself)."""
    return any(k.tag_ == "NNS" and k.i not in ctx.mention
               and any(c.dep_ == "compound" and ctx.mention.get(c.i) is thing for c in k.children)
               for d in verb.children if d.dep_ == "dobj" for k in _conjuncts(d))


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


def _noun_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A trigger noun, its object and its agent: "X opened an investigation into Y", "X's stake in Y",
    "an investigation of Y by X", "X took a controlling stake in Y" (a modifier can change the
    predicate), "X and Y renewed their partnership" (symmetric nouns relate coordinated subjects)."""
    index = by_word("noun_triggers")
    for tok in ctx.tokens:
        if tok.pos != NOUN:
            continue
        word = tok.lower_ if tok.lower_ in index else tok.lemma_.lower()  # "agreements", "probes"
        if word not in index:
            continue
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
            payees += [e for e in _subjects(tok.head, ctx)
                       if not set(normalize(e.name).split()) & set(pay["court_words"])]
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
    bodies = list(dict.fromkeys(e for i, e in ctx.mention.items()
                                if ctx.sent.start <= i < ctx.sent.end and e.type == "GovernmentBody"))
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


def _where_names(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The names a "where" clause is on: "Megvii, where he worked until 2022", "Notable Capital,
    where P is a partner" (the place of the clause, which "at" would name)."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children):
        return []
    return _entities_of_one(verb.head, ctx, 0)


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


def _rival_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A rivalry modifier on a noun naming others: "ByteDance copied videos from rival sites such as
    Instagram" -> the clause's subject competes with them."""
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


def _makes_own(verb: Token) -> bool:
    """Whether a verb makes its object its subject's own: it releases, buys or owns it."""
    return any(t["predicate"] in (*_OWNED_OBJECTS, "releases") for t in by_word("verb_triggers").get(_lemma(verb), []))


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


def _copula_subjects(verb: Token, ctx: SentenceContext) -> list[Entity]:
    """The subjects a copula describes, with the names of their kind it sets "alongside" them: "A
    was among the lead investors in Y, alongside B and C" (B and C are investors in Y too)."""
    subjects = [e for c in verb.children if c.dep_ == "nsubj" for e in entities_of(c, ctx)]
    return subjects + [e for e in _prep_objects(verb, lexicon()["copula_companions"]["preps"], ctx)
                       if e not in subjects and any(e.type == s.type for s in subjects)]


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
    cands += [c for c in role.children if c.dep_ in ("appos", "compound", "nmod")]
    if role.dep_ in ("compound", "nmod", "amod"):
        cands.append(role.head)
    if role.dep_ == "nsubj" and role.head.lemma_ == "be":  # "whose chairman is P"
        cands += [c for c in role.head.children if c.dep_ == "attr"]
    people = [e for c in cands for e in entities_of(c, ctx) if e.type == "Person"]
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


def _possessive_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    lex = lexicon()
    roles, ownable = _words("role_heads"), _words("ownable_nouns")
    for tok in ctx.tokens:
        if tok.dep_ != "poss":
            continue
        owners = entities_of(tok, ctx) if tok.lower_ != "their" else []
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
                                                                          for k in c.children)]
        elif head.lower_ in ownable or head.lemma_.lower() in _words("ownable_nouns", "typing_nouns.Product"):
            owned = _entities_of_one(head, ctx, 0)  # "Anker's website, Amazon and eBay": not theirs
            if head.dep_ == "nsubj" and head.head.lemma_ == "be":
                owned = _described(head, ctx)  # "Empyrean's strongest product is Aether"
        elif head.pos_ == "NOUN" and head.lemma_.lower() not in lex["not_owned_nouns"] \
                and (tok.i in ctx.mention or tok.lower_ in lex["anaphora"]["pronouns"] or _company_description(tok)):
            # "Alibaba's research institute, DAMO Academy", "Dreamwriter, Tencent's writing system",
            # "Acme Pay, the group's payments arm": a name in apposition with what the owner has
            owned = _appositive_names(head, ctx)
            rule = "possessive-appos"
        else:
            owned = []
        if not owned and head.pos_ == "NOUN" and head.lemma_.lower() not in lex["not_owned_nouns"]:
            owned, rule = _names_before_possessive(tok, head, ctx), "possessive-appos"
        if set(owners) & set(owned) and _company_description(tok):
            owners = _owner_apart(tok, head, owned, ctx)
        for o in owners:
            for x in owned:
                yield o, "owns", x, rule, head


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
    story = [m.entity for m in reversed(ctx.history) if m.entity.type == "Company" and m.entity not in owned]
    parents = [p for p in dict.fromkeys(story) if any(_named_after(x, p) for x in owned)]
    if parents:
        return parents[:1]
    mention = {i: e for i, e in ctx.mention.items() if e not in owned}
    here = [m for m in ctx.history if m.start >= ctx.sent.start and m.entity not in owned]
    e = antecedent(tok, mention, here)
    return [e] if e is not None and e.type == "Company" else []


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


def _name_before_phrase(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """The name a noun phrase follows after a comma ("NAME, the ... NOUN"), read from the token
    order when the parser does not make the phrase an apposition."""
    k = tok.left_edge.i - 1
    if k - 1 >= ctx.sent.start and ctx.sent.doc[k].text == "," and tok.left_edge.lower_ in ("the", "a", "an"):
        e = ctx.mention.get(k - 1)
        if e is not None and e.type in ("Company", "Product"):
            return [e]
    return []


def _appositive_names(tok: Token, ctx: SentenceContext) -> list[Entity]:
    """Company or product names in apposition with a noun: "X, the N" or "the N, X"."""
    out = [ctx.mention[c.i] for c in tok.children if c.dep_ == "appos" and c.i in ctx.mention]
    if tok.dep_ == "appos" and tok.head.i in ctx.mention:
        out.append(ctx.mention[tok.head.i])
    return [e for e in out if e.type in ("Company", "Product")]


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
                  and "particles" not in t and "frame" not in t and "prep_nouns" not in t]
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


def _role_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """ORG ROLE+ PERSON ("Pika founder Demi Guo", "Montana Governor Greg Gianforte", "its chief
    executive Pony Ma"); ROLE+ PERSON alone refers to the salient company."""
    roles = _words("role_nouns")
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
                yield e, "worksFor", org, "role", sent.doc[i - 1]
            # "X, led by chief executive P", "under chairman P": the clause names the organisation
            elif sent.doc[j].lower_ not in ("'s", "’s", "its", "their", "whose", "'", "’", "of", "by", "under",
                                            "with") \
                    and any(sent.doc[k].lower_ in (
                        "founder", "co-founder", "ceo", "chairman", "executive", "president")
                        for k in range(j + 1, i)):
                yield from _bare_title(e, sent.doc[j + 1], sent.doc[i - 1], ctx)
        while i < sent.end and ctx.mention.get(i) is e and i - start < 8:
            i += 1


def _bare_title(person: Entity, first: Token, title: Token, ctx: SentenceContext
                ) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company title before a name that names no organisation ("chief executive P", "founder
    and chief executive P"): the salient company; as sure as a title predicate (``title-salient``)
    where the sentence names that company too ("Chief executive P said X would ..."), unless the
    title is capitalised inside the sentence, the formal style of state titles ("President P")."""
    org = ctx.salient
    if org is None:
        return
    named = any(ctx.mention.get(i) == org for i in range(ctx.sent.start, ctx.sent.end))
    formal = first.i != ctx.sent.start and first.text[:1].isupper()
    yield person, "worksFor", org, "title-salient" if named and not formal else "role-salient", title


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
        for p in _person_near(tok, ctx):
            for o in orgs:
                yield p, "worksFor", o, "appositive-role", tok


def _place_modifier_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A place that modifies a company noun or a company's name: "Xpeedic, a Shanghai developer of
    tools", "BGI Group, the Shenzhen genomics conglomerate", "Britain's Rightmove" (basedIn)."""
    kinds = _words("typing_nouns.Company", "anaphora.company_nouns")
    for tok in ctx.tokens:
        place = ctx.mention.get(tok.i)
        if place is None or place.type != "Place" or ctx.mention.get(tok.i + 1) is place:
            continue
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
                or _subjects(tok.head, ctx) if tok.head.pos_ in ("VERB", "AUX") else []
            for person in people:
                for o in orgs:
                    if o.type in ("Company", "GovernmentBody"):
                        yield person, "worksFor", o, "under-role", title


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


def _facility_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A company's business or facility in a place: "Carrefour's China business", "its operations
    in China", "Oppo began production at a factory in Istanbul", "its Russian business" (a
    nationality, for a facility with an owner) (operatesIn); closing it there ("Amazon shut its
    marketplace in China", "X disabled its Tokyo servers", "X withdrew its operations from Chile")
    is also an exit, but not selling a stake in it."""
    facilities, closing = _words("facility_nouns"), _words("closing_verbs")
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in facilities or tok.i in ctx.mention:
            continue
        # "its China business" (a known place: the model takes product names for places too)
        places = [ctx.mention[c.i] for c in tok.children if c.dep_ in ("compound", "nmod", "amod")
                  and c.i in ctx.mention and ctx.mention[c.i].type == "Place" and ctx.mention[c.i].known]
        places += [e for e in _prep_objects(tok, ["in", "across", "throughout"], ctx) if e.type == "Place"]
        if not places and tok.dep_ == "dobj":  # "It built its own plant in Hefei": the place on the verb
            # "X pulled its servers from India": a facility removed from a place was there
            preps = ("in", "from") if _lemma(tok.head) in closing else ("in",)
            places = [ctx.mention[p.i] for c in tok.head.children if c.dep_ == "prep" and c.lower_ in preps
                      and c.i > tok.i for p in c.children if p.dep_ == "pobj" and p.i in ctx.mention
                      and ctx.mention[p.i].type == "Place"]
        owners = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)]
        if not places and owners:
            # "its Russian business", "Realme's Indian operation": a nationality on a company's own
            # facility stands for its country (not "Chinese app stores", "the Indonesian marketplace X")
            places = [pl for c in tok.children if (pl := _nationality_place(c, ctx)) is not None]
        if not places:
            continue
        verb = _clause_verb(tok)
        if not owners and verb is not None:
            owners = _subjects(verb, ctx)
        # "X sold a stake in its Chinese business": selling a share of a business is no exit
        stake = tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in lexicon()["transparent_nouns"]["holdings"]
        for o in owners:
            if o.type not in ("Company", "Product"):
                continue
            for pl in places:
                yield o, "operatesIn", pl, "facility", tok
                if verb is not None and _lemma(verb) in closing and not stake:
                    yield o, "exits", pl, "facility", verb


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
    if not found and verb.dep_ == "relcl" and verb.head.dep_ == "dobj" and verb.head.head.pos_ == "VERB" \
            and verb.head.i not in ctx.mention:
        found = _subjects(verb.head.head, ctx)
    return found


def _co_agent_prep(tok: Token) -> bool:
    """Whether a preposition introduces a co-agent (``co_agent_markers``): "together with", "jointly with"."""
    markers = lexicon()["co_agent_markers"]
    return tok.dep_ == "prep" and tok.lower_ in markers["preps"] and (
        tok.head.lower_ in markers["adverbs"] or tok.i > 0 and tok.nbor(-1).lower_ in markers["adverbs"])


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
    round the sentence before says Y raised) (investsIn: they invest in whoever raised it)."""
    lex = lexicon()["round_leaders"]
    for tok in ctx.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex["nouns"] or tok.i in ctx.mention:
            continue
        led = [v for c in tok.children if c.dep_ == "acl" for v in (c, *c.conjuncts)
               if v.tag_ == "VBN" and _lemma(v) in lex["verbs"]]
        if tok.dep_ == "nsubjpass" and _lemma(tok.head) in lex["verbs"]:
            led.append(tok.head)
        leaders = [e for v in led for e in _agents(v, ctx)]
        if tok.dep_ == "dobj" and _lemma(tok.head) in lex["verbs"]:
            # "X led the round, and Y also took part": the subjects of the verb and of the clauses
            # coordinated with it that join (``joining_clauses``)
            leaders += [e for v in (tok.head, *[c for c in tok.head.conjuncts if _joins(c, lex)])
                        for e in _subjects(v, ctx)]
        leaders += [e for c in tok.children if c.dep_ == "relcl" for v in (c, *c.conjuncts)
                    if _lemma(v) in lex["joining_verbs"] for d in v.children if d.dep_ == "dobj"
                    for e in entities_of(d, ctx)]
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        raised = tok.dep_ in ("pobj", "dobj") and _lemma(verb) in lex["raising_verbs"]
        # "..., with Z among the participants", "with participation from Z": on the round, a clause
        # on it or the raising verb
        leaders += _round_participants([tok, *[c for c in tok.children if c.dep_ in ("acl", "relcl")],
                                        *([verb] if raised else []), *led], ctx)
        if not leaders:
            continue
        raisers = [e for c in tok.children if c.dep_ == "poss" for e in entities_of(c, ctx)] \
            or _prep_objects(tok, ["for", "in", "into"], ctx)
        if not raisers and raised:
            raisers = _subjects(verb, ctx)  # "Y raised money in a round led by X"
        if not raisers and any(c.dep_ == "det" and c.lower_ in ("the", "that") for c in tok.children):
            raisers = _earlier_raisers(tok, ctx, lex)  # "the round": the one the sentence before raised
        for s in leaders:
            for o in raisers:
                if o not in leaders:
                    yield s, "investsIn", o, "round-leader", tok


def _earlier_raisers(tok: Token, ctx: SentenceContext, lex: dict[str, Any]) -> list[Entity]:
    """Who raised the round the sentence before ``tok``'s names ("Y raised $40 million in a round.
    X led the round."): the subjects of its raising verb."""
    doc = tok.doc
    if ctx.sent.start == 0:
        return []
    before = doc[ctx.sent.start - 1].sent
    for r in before:
        verb = r.head.head if r.dep_ == "pobj" else r.head
        if r.pos_ == "NOUN" and r.lemma_.lower() in lex["nouns"] and r.dep_ in ("pobj", "dobj") \
                and _lemma(verb) in lex["raising_verbs"]:
            return [e for c in verb.children if c.dep_ == "nsubj" for e in entities_of(c, ctx)]
    return []


def _joins(verb: Token, lex: dict[str, Any]) -> bool:
    """Whether a clause says its subject joined a round: "Y also took part", "Z joined"."""
    return _lemma(verb) in lex["joining_clauses"] or any(
        f"{_lemma(verb)} {c.lower_}" in lex["joining_clauses"] for c in verb.children if c.dep_ == "dobj")


def _round_participants(heads: list[Token], ctx: SentenceContext) -> list[Entity]:
    """Who joined a round, named in a "with" phrase on one of these tokens: "with Z among the
    participants", "with participation from Z and W" (``round_leaders.participant_nouns``), "with
    Z taking part" (``round_leaders.joining_clauses``)."""
    lex = lexicon()["round_leaders"]
    words = lex["participant_nouns"]
    out: list[Entity] = []
    for p in (p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
              for p in c.children if p.dep_ in ("pobj", "pcomp")):
        if p.pos_ == "VERB" and _joins(p, lex):
            out += _subjects(p, ctx)
        elif p.lemma_.lower() in words:
            out += _prep_objects(p, ["from", "by", "of"], ctx)
        elif any(c.dep_ == "prep" and c.lower_ == "among" and q.dep_ == "pobj" and q.lemma_.lower() in words
                 for c in p.children for q in c.children):
            out += entities_of(p, ctx)
    return out


_JOINED = frozenset({"and", "with", "&"})  # "Foresea Life and Evergrande Life" is two names the span joined


def _named_after(unit: Entity, parent: Entity) -> bool:
    """``unit`` is named ``parent`` (by one of its names) plus words other than a legal form: "Telenor
    Myanmar", "Qualcomm Ventures", "Baidu Tieba", not "Tencent Holdings" nor another name of the parent."""
    u = bare(normalize(unit.name)).split()
    names = [bare(normalize(n)).split() for n in (parent.name, *parent.aliases)]
    return not _JOINED.intersection(u) and u not in names and any(len(u) > len(p) and u[:len(p)] == p for p in names)


def _named_unit_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """A business or product named after a company of the story plus a place, unit or product word
    belongs to it: "Telenor Myanmar", "Microsoft Research Asia", "Baidu Tieba" (owns). A unit the
    entity table knows belongs only to the parent the table gives it."""
    # the story's known companies in the order it names them (a set's order would change from run to run)
    story = dict.fromkeys(m.entity for m in ctx.history if m.entity.type == "Company" and m.entity.known)
    for i in range(ctx.sent.start, ctx.sent.end):  # each name's first token
        unit = ctx.mention.get(i)
        if unit is None or unit.type not in ("Company", "Product") or ctx.mention.get(i - 1) is unit:
            continue
        table_parent = ctx.owner_of(unit) if ctx.owner_of is not None and unit.known else None
        for parent in story:
            if parent.name != unit.name and _named_after(unit, parent) \
                    and (not unit.known or table_parent is not None and table_parent.name == parent.name):
                yield parent, "owns", unit, "named-unit", ctx.sent.doc[i]


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
        body = state_body(tok, domain, ctx.history) if person is not None and person.type == "Person" else None
        if body is not None:
            yield person, "worksFor", body, "state-title", tok


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
    concluded that X's know-how ...", "a Y investigation reached the view that X could ...";
    ``inquiry_findings``; investigates)."""
    lex = lexicon()["inquiry_findings"]
    for tok in ctx.tokens:
        lemma = _lemma(tok)
        if tok.pos != VERB or lemma not in lex["verbs"] and lemma not in lex["reach_verbs"]:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in ("which", "that") and tok.dep_ == "relcl":
            subj = tok.head  # "a review by Y, which concluded that ..."
        agents = _inquirers(subj, ctx) if subj is not None else []
        if not agents:
            continue
        clauses = [c for c in tok.children if c.dep_ == "ccomp"] if lemma in lex["verbs"] else [
            k for d in tok.children if d.dep_ == "dobj" and d.lemma_.lower() in lex["view_nouns"]
            for k in d.children if k.dep_ in ("acl", "ccomp")]
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
        passive = _is_passive(tok)
        deals = [k for c in tok.children if c.dep_ == ("nsubjpass" if passive else "dobj")
                 for k in _conjuncts(c) if k.lemma_.lower() in lex["deal_nouns"]]
        if not deals:
            continue
        reviewers = [e for e in (_agents(tok, ctx) if passive else _subjects(tok, ctx)) if e.type == "GovernmentBody"]
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
    infringed by X"; ``infringements``; sues)."""
    lex = lexicon()["infringements"]
    for tok in ctx.tokens:
        if tok.pos != VERB or _lemma(tok) not in lex["verbs"]:
            continue
        passive = _is_passive(tok)
        rights = [k for c in tok.children if c.dep_ == ("nsubjpass" if passive else "dobj")
                  for k in _conjuncts(c) if k.lower_ in lex["right_nouns"]]
        owners = [e for r in rights for c in r.children if c.dep_ in ("poss", "compound", "nmod")
                  for e in entities_of(c, ctx)]
        owners += [e for r in rights for c in r.children if c.dep_ == "acl" for e in _agents(c, ctx)]
        infringers = _agents(tok, ctx) if passive else _subjects(tok, ctx) or _conduct_of(
            [c for c in tok.children if c.dep_ == "nsubj"], ctx)  # "X's handsets infringed ..."
        for owner in dict.fromkeys(owners):
            for o in infringers:
                if o != owner:
                    yield owner, "sues", o, "infringement", tok


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
        # only where the sentence names no other company ("Hu, Mobike's founder, stayed on as president")
        if org is None or any((e := ctx.mention.get(i)) is not None and e.type == "Company" and e != org
                              for i in range(ctx.sent.start, ctx.sent.end)):
            continue
        people = _person_near(tok, ctx)
        if tok.dep_ == "pobj" and _lemma(tok.head.head) == "succeed":  # "P succeeded Q as chairman": both
            people += [e for e in _subjects(tok.head.head, ctx) if e.type == "Person"]
        for p in people:
            yield p, "worksFor", org, "title-salient", tok


def _funding_source_rule(ctx: SentenceContext) -> Iterator[tuple[Entity, str, Entity, str, Token]]:
    """Money "with" which something is done, and who it came "from" (``funding_sources``): "X was
    founded with backing from A", "P unveiled X with seed money from A and B", "X financed the
    deal with $80 million raised from investors including A and B" (investsIn): the one founded,
    else the subject of the clause the "with" phrase is on."""
    lex = lexicon()["funding_sources"]
    for tok in ctx.tokens:
        if tok.dep_ != "pobj" or tok.head.lower_ != "with" or tok.i in ctx.mention:
            continue
        if tok.lemma_.lower() in lex["nouns"]:  # "with backing from A"
            sources = _prep_objects(tok, ["from"], ctx)
        else:  # "with $80 million raised from A"
            sources = [e for c in tok.children if c.dep_ == "acl" and _lemma(c) in lex["raising_verbs"]
                       for e in _prep_objects(c, ["from"], ctx)]
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


RULES: dict[str, Callable[[SentenceContext], Iterator[tuple[Entity, str, Entity, str, Token]]]] = {
    "verb": _verb_rule,
    "noun": _noun_rule,
    "possessive": _possessive_rule,
    "possessive-surface": _possessive_surface_rule,
    "surface": _surface_rule,
    "contact-relative": _contact_relative_rule,
    "role": _role_rule,
    "compound": _compound_rule,
    "rival": _rival_rule,
    "of-noun": _of_noun_rule,
    "appositive-role": _appositive_role_rule,
    "compound-owner": _compound_owner_rule,
    "place-modifier": _place_modifier_rule,
    "under-role": _under_role_rule,
    "facility": _facility_rule,
    "co-agent": _co_agent_rule,
    "settlement": _settlement_rule,
    "dispute": _dispute_rule,
    "round-leader": _round_leader_rule,
    "partnership-party": _partnership_party_rule,
    "licence": _licence_rule,
    "market-rivals": _market_rivals_rule,
    "named-unit": _named_unit_rule,
    "state-title": _state_title_rule,
    "implicit-agent": _implicit_agent_rule,
    "title-salient": _title_salient_rule,
    "backer-salient": _backer_salient_rule,
    "funding-source": _funding_source_rule,
    "suspect-list": _suspect_list_rule,
    "inquiry-finding": _inquiry_finding_rule,
    "infringement": _infringement_rule,
    "deal-review": _deal_review_rule,
    "information-demand": _information_demand_rule,
    "staff-source": _staff_source_rule,
}


def find_relations(ctx: SentenceContext, confidence: Mapping[str, float] | None = None) -> list[Candidate]:
    """Every relation the rules read in one sentence, type-checked against the ontology; each
    rule's base confidence comes from ``confidence`` (default: ``RULE_CONFIDENCE``)."""
    base = confidence or RULE_CONFIDENCE
    dr = domain_range()
    best: dict[tuple[str, str, str], Candidate] = {}
    hires: list[tuple[Entity, Entity]] = []  # (person, employer) read from a hiring verb
    # "X hired P to run Y": the post P was hired for is no past employer, unless read elsewhere too
    posts: set[tuple[str, str]] = set()
    held: set[tuple[str, str]] = set()
    for rule in RULES.values():
        for s, p, o, name, trigger in rule(ctx):
            if s == o or _negated(trigger):
                continue
            dom, rng = dr[p]
            if p in _OWNED_OBJECTS and o.type == "Person" and not o.known:
                # "the owner of Calvin Klein": what is owned, bought or invested in is no person but
                # a brand or firm named after one
                o = replace(o, type="Product")
            if not (fits(s.type, dom) and fits(o.type, rng)):
                continue
            s, o = as_type(s, dom), as_type(o, rng)
            certainty = 1.0 if s.known and o.known else 0.9 if s.known or o.known else 0.8
            conf = base[name] * certainty
            # "was weighing an investment in X"
            hedged = _hedged(trigger) or (name == "noun" and _lemma(trigger) in _words("hedges", "denials"))
            if hedged:
                conf = min(conf, HEDGED)
            key = (s.name, p, o.name)
            if key not in best or best[key].confidence < conf:
                best[key] = Candidate(s, p, o, name, round(conf, 3), certainty, hedged)
            for q in _replaced(trigger, ctx) if p == "worksFor" and s.type == "Person" else ():
                # "X named P as chief executive, replacing Q": Q worked for X too
                qk = (q.name, p, o.name)
                if q != s and (qk not in best or best[qk].confidence < conf):
                    best[qk] = Candidate(q, p, o, name, round(conf, 3), certainty, hedged)
            if p == "worksFor":
                (posts if trigger.tag_ == "VB" and any(_lemma(a) in _words("hiring_verbs") for a in trigger.ancestors)
                 else held).add((s.name, o.name))
            if p == "worksFor" and _lemma(trigger) in _words("hiring_verbs") \
                    and o.name in {e.name for e in _slot(trigger, "subject", ctx)}:  # not "hired P from Y"
                hires.append((s, o))
            # "P joined X after a decade at Y": the one joined hires (not "P joined from Y")
            if p == "worksFor" and _lemma(trigger) in _words("joining_verbs.verbs") and o.name in {
                    e.name for c in trigger.children if c.dep_ == "dobj"
                    and c.lemma_.lower() not in _words("joining_verbs.not_objects") for e in entities_of(c, ctx)}:
                hires.append((s, o))
    # "X hired P, who spent years at Y", "P joined X after years at Y": X recruits from Y (talent
    # moving between employers)
    for person, employer in hires:
        for c in list(best.values()):
            if c.predicate == "worksFor" and c.subject == person and c.object != employer \
                    and (person.name, c.object.name) not in posts - held \
                    and fits(c.object.type, ["Company"]) and fits(employer.type, ["Company"]):
                premises = min(best[(person.name, "worksFor", employer.name)].confidence, c.confidence)
                key = (employer.name, "recruitsFrom", c.object.name)
                if key not in best:
                    company = frozenset({"Company"})
                    best[key] = Candidate(as_type(employer, company), "recruitsFrom", as_type(c.object, company),
                                          "recruit-inference", round(premises * base["recruit-inference"], 3),
                                          premises)
    return list(best.values())
