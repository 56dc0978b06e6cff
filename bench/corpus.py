"""A generated corpus for the benchmarks: names from the entity table, sentences from templates of
the kinds the digests carry, a fixed seed so that every run reads the same corpus.

Two forms of the same generator:

- ``generate_extractions`` gives ready ``Extraction`` objects (for store benchmarks, which skip
  spaCy because it would dominate the time and is the same for every store);
- ``generate_digests`` gives digests as text, split as real editions are (for the extraction
  benchmark).

>>> xs = generate_extractions(20, per_digest=10, seed=1)
>>> len(xs), all(x.triples for x in xs)
(2, True)
>>> ds = generate_digests(20, per_digest=10, seed=1)
>>> [len(d.stories) for d in ds]
[10, 10]
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from importlib.resources import files

from digestkg.loaders.digest import split_digest
from digestkg.ontology.model import EVENT_KINDS, Digest, Entity, Event, Extraction, Source, Story, Triple

__all__ = ["TEMPLATES", "AMOUNTS", "entity_pool", "generate_extractions", "generate_digests", "digest_text"]

# predicate -> (subject types, object types, sentence templates)
TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "acquires": (("Company",), ("Company", "Product"), (
        "{s} acquired {o} for {amount}, people familiar with the deal said.",
        "{o} was bought by {s} in a deal valued at {amount}.")),
    "owns": (("Company",), ("Company", "Product"), (
        "{o}, a unit of {s}, reported record users this quarter.",
        "{s}'s app {o} topped the download charts.")),
    "releases": (("Company",), ("Product",), (
        "{s} has released {o}, its newest model for developers.",
        "{s} launched {o} on Tuesday.")),
    "investsIn": (("Company",), ("Company",), (
        "{s} invested {amount} in {o}.", "{o} raised {amount} in a round led by {s}.")),
    "partnersWith": (("Company",), ("Company",), (
        "{s} partnered with {o} on cloud services.", "{s} and {o} signed a strategic partnership.")),
    "competesWith": (("Company", "Product"), ("Company", "Product"), (
        "{s} competes head-on with {o} in short video.",
        "{o}, its main rival, answered {s} with price cuts.")),
    "worksFor": (("Person",), ("Company",), (
        "{s}, the chief executive of {o}, spoke at the summit.", "{o} founder {s} stepped down.")),
    "basedIn": (("Company",), ("Place",), ("{s} is based in {o}.", "The {o}-based {s} expanded its team.")),
    "operatesIn": (("Company", "Product"), ("Place",), (
        "{s} launched in {o} this week.", "{s} expanded to {o}.")),
    "investigates": (("GovernmentBody",), ("Company",), (
        "The {s} opened an investigation into {o}.", "{o} is under investigation by the {s}.")),
    "penalizes": (("GovernmentBody",), ("Company",), (
        "The {s} fined {o} {amount}.", "{o} was fined {amount} by the {s}.")),
    "sues": (("Company",), ("Company",), ("{s} sued {o} over patents.", "{o} was sued by {s}.")),
    "bans": (("GovernmentBody",), ("Product",), ("The {s} banned {o}.", "{o} was banned by the {s}.")),
}
AMOUNTS = ("$2 billion", "18.23 billion yuan", "$500 million", "3.5 billion yuan", "$75 million")
FILLERS = (
    "Analysts expect the market to keep growing as more users shop through short-video platforms.",
    "The move comes as competition for users and advertisers intensifies across the industry.",
    "Shares rose by more than 3 percent in Hong Kong trading after the announcement.",
)


def entity_pool() -> dict[str, list[Entity]]:
    """The entity table's entries by type."""
    data = json.loads((files("digestkg.ontology") / "entities.json").read_text(encoding="utf-8"))["entities"]
    pool: dict[str, list[Entity]] = {}
    for e in data:
        pool.setdefault(e["type"], []).append(
            Entity(e["name"], e["type"], tuple(e.get("aliases") or ()), e.get("wikidata"), known=True))
    return pool


def _stories(stories: int, per_digest: int, seed: int, hubs: bool = False):
    """Per digest: (edition date, [(story number, [(sentence, predicate, subject, object, amount)])]).

    With ``hubs`` the entities are drawn with weights 1/rank, so that a few become hubs with
    thousands of facts, as the big companies are in real news.
    """
    rng, pool = random.Random(seed), entity_pool()
    weights = {t: [1 / (i + 1) for i in range(len(es))] if hubs else None for t, es in pool.items()}

    def pick(t: str) -> Entity:
        return rng.choices(pool[t], weights[t])[0]

    day = date(2021, 1, 4)
    for n, first in enumerate(range(0, stories, per_digest)):
        digest = []
        for i in range(1, min(per_digest, stories - first) + 1):
            facts = []
            for _ in range(rng.randint(1, 3)):
                pred = rng.choice(list(TEMPLATES))
                stypes, otypes, templates = TEMPLATES[pred]
                s, o = pick(rng.choice(stypes)), pick(rng.choice(otypes))
                if s == o:
                    continue
                template, amount = rng.choice(templates), rng.choice(AMOUNTS)
                facts.append((template.format(s=s.name, o=o.name, amount=amount), pred, s, o,
                              amount if "{amount}" in template else None))
            digest.append((i, facts, rng.choice(FILLERS)))
        yield (day + timedelta(weeks=n)).isoformat(), digest


def generate_extractions(stories: int, per_digest: int = 10, seed: int = 42, *,
                         hubs: bool = False) -> list[Extraction]:
    """``stories`` generated stories, ``per_digest`` to a weekly digest, 1-3 facts each, as extractions."""
    rng = random.Random(seed + 1)
    out: list[Extraction] = []
    for n, (edition, digest) in enumerate(_stories(stories, per_digest, seed, hubs)):
        story_list, entities, triples = [], {}, []
        for i, facts, _filler in digest:
            for sentence, pred, s, o, amount in facts:
                event = Event(EVENT_KINDS[pred], s, o, edition, amount) if pred in EVENT_KINDS else None
                triples.append(Triple(s, pred, o, i, sentence, rng.choice((0.7, 0.765, 0.85, 0.9)), event))
            sentences = [f[0] for f in facts]
            headline = sentences[0].split(",")[0].rstrip(".") if sentences else f"Story {i}"
            story_list.append(Story(i, headline, sentences or ["Nothing new."]))
            entities[i] = [e for f in facts for e in (f[2], f[3])]
        text = "\n\n".join(f"{s.number}. {s.text}" for s in story_list)
        d = Digest(f"bench-{n:05d}.txt", f"Bench Weekly {n}", edition, "text", None, "", story_list, text)
        out.append(Extraction(d, entities, triples, "digestkg-bench/1"))
    return out


def digest_text(stories: list[Story], title: str = "Generated Digest Weekly") -> str:
    """A digest as text: title, intro, numbered stories, wrap-up (the shape of the real editions)."""
    parts = [title, "Here are this week's highlights."]
    for k, s in enumerate(stories, start=1):
        parts += [f"{k}. {s.headline}", *s.paragraphs]
    parts += ["Wrapping Up", "See you next week."]
    return "\n\n".join(parts) + "\n"


def generate_digests(stories: int, per_digest: int = 10, seed: int = 42) -> list[Digest]:
    """The same generated stories as digest text (each with a filler sentence), split as real digests are."""
    out = []
    for n, (edition, digest) in enumerate(_stories(stories, per_digest, seed)):
        story_list = [Story(i, f"Story {i}: " + (facts[0][0].split(",")[0][:60] if facts else "News"),
                            [" ".join(f[0] for f in facts) or "Nothing new.", filler])
                      for i, facts, filler in digest]
        out.append(split_digest(Source(f"generated-{n:05d}.txt", digest_text(story_list)), today=edition))
    return out
