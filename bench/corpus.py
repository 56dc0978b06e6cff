"""A generated corpus of digest stories, for benchmarks: names from the entity table, sentences from
templates of the kinds the digests carry, a fixed seed so that every run reads the same text.

    >>> stories = generate_stories(3, seed=1)
    >>> len(stories), all(s.paragraphs for s in stories)
    (3, True)
"""

from __future__ import annotations

import json
import random
from importlib.resources import files

from digestkg.loaders.digest import split_digest
from digestkg.loaders.model import Digest, Source, Story

__all__ = ["generate_stories", "generate_digests", "digest_text", "SENTENCES"]

# (subject type, object type, template)
SENTENCES: tuple[tuple[str, str, str], ...] = (
    ("Company", "Product", "{s} has released {o}, its newest model for developers, according to people familiar "
                           "with the matter."),
    ("Company", "Product", "{o}, the popular app owned by {s}, added a shopping feature this week."),
    ("Company", "Company", "{s} agreed to acquire {o} for {amount}, the companies said in a statement."),
    ("Company", "Company", "{o} raised {amount} in a funding round led by {s}."),
    ("Company", "Company", "{s} and {o} have renewed their partnership on cloud services."),
    ("Company", "Company", "{s}, which competes with {o} in short video, reported quarterly revenue growth of "
                           "{percent}."),
    ("Person", "Company", "{s}, the chief executive of {o}, told analysts that demand remained strong."),
    ("Company", "Place", "The {o}-based {s} expanded its research team by a third."),
    ("Company", "Place", "{s} said it would enter {o} next year, its first market outside Asia."),
    ("GovernmentBody", "Company", "{s} fined {o} {amount} for breaching data protection rules on 3 March 2024."),
    ("GovernmentBody", "Company", "{s} opened an investigation into {o} over its pricing practices."),
    ("GovernmentBody", "Product", "{s} banned {o} from government devices, citing security concerns."),
    ("Company", "Company", "{s} sued {o} in a federal court, accusing it of copying its designs."),
    ("Company", "Company", "{s} has been recruiting engineers from {o} since last year."),
)
FILLERS = (
    "Analysts expect the market to keep growing as more users shop through short-video platforms.",
    "The move comes as competition for users and advertisers intensifies across the industry.",
    "Shares rose by more than 3 percent in Hong Kong trading after the announcement.",
    "The company did not respond to a request for comment.",
)


def _names() -> dict[str, list[str]]:
    data = json.loads((files("digestkg.ontology") / "entities.json").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for e in data["entities"]:
        out.setdefault(e["type"], []).append(e["name"])
    return out


def generate_stories(n: int, *, seed: int = 42, sentences: int = 4) -> list[Story]:
    """``n`` stories of ``sentences`` template sentences plus one filler paragraph each."""
    rng, names = random.Random(seed), _names()
    stories = []
    for i in range(n):
        body = []
        for _ in range(sentences):
            st, ot, template = rng.choice(SENTENCES)
            body.append(template.format(
                s=rng.choice(names[st]), o=rng.choice(names[ot]),
                amount=f"{rng.randint(2, 900)} million yuan", percent=f"{rng.randint(2, 60)} percent"))
        headline = f"Story {i + 1}: {body[0].split(',')[0][:60]}"
        stories.append(Story(i + 1, headline, [" ".join(body[:2]), " ".join(body[2:]), rng.choice(FILLERS)]))
    return stories


def digest_text(stories: list[Story], title: str = "Generated Digest Weekly") -> str:
    """A digest as text: title, intro, numbered stories, wrap-up (the shape of the real editions)."""
    parts = [title, "Here are this week's highlights."]
    for k, s in enumerate(stories, start=1):
        parts += [f"{k}. {s.headline}", *s.paragraphs]
    parts += ["Wrapping Up", "See you next week."]
    return "\n\n".join(parts) + "\n"


def generate_digests(n_stories: int, *, per_digest: int = 10, seed: int = 42) -> list[Digest]:
    """The generated stories, ``per_digest`` to an edition, split as real digests are."""
    stories = generate_stories(n_stories, seed=seed)
    return [split_digest(Source(f"generated-{k:05d}.txt", digest_text(stories[i:i + per_digest])),
                         today="2024-06-03")
            for k, i in enumerate(range(0, len(stories), per_digest))]
