"""Ingest throughput of every store on one generated corpus: relations stored per second.

    .venv/bin/python bench/ingest.py [--stories 10000] [--per-digest 10] [--stores oxigraph,neo4j]

The corpus is generated (seed 42) from the entity table (ontology/entities.json) and sentence
templates of the kinds the digests carry ("X acquired Y for $2 billion.", "Y, a unit of X, ...").
Extraction is bypassed: stories become Extraction objects straight from the templates, because
spaCy would dominate the time and is the same for every store. Each store then gets the same
digests through ``replace_digest`` (one transaction per digest), the embedded Oxigraph store
first as the baseline. Neo4j settings come from KG_NEO4J_* (start one with scripts/neo4j start);
its database is emptied first, so point it at a scratch server.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib.resources import files

from digestkg.graph.iri import digest_iri
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import open_store
from digestkg.loaders.model import EVENT_KINDS, Digest, Entity, Event, Extraction, Story, Triple

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


def entity_pool() -> dict[str, list[Entity]]:
    data = json.loads((files("digestkg.ontology") / "entities.json").read_text(encoding="utf-8"))["entities"]
    pool: dict[str, list[Entity]] = {}
    for e in data:
        pool.setdefault(e["type"], []).append(Entity(e["name"], e["type"], tuple(e.get("aliases") or ()),
                                                     e.get("wikidata")))
    return pool


def corpus(stories: int, per_digest: int, seed: int = 42) -> list[Extraction]:
    """``stories`` generated stories, ``per_digest`` to a weekly digest, 1-3 facts each."""
    rng = random.Random(seed)
    pool = entity_pool()
    out: list[Extraction] = []
    day = date(2021, 1, 4)
    for first in range(0, stories, per_digest):
        n = first // per_digest
        edition = (day + timedelta(weeks=n)).isoformat()
        story_list, entities, triples = [], {}, []
        for i in range(1, min(per_digest, stories - first) + 1):
            sentences, mentioned = [], []
            for _ in range(rng.randint(1, 3)):
                pred = rng.choice(list(TEMPLATES))
                stypes, otypes, templates = TEMPLATES[pred]
                s = rng.choice(pool[rng.choice(stypes)])
                o = rng.choice(pool[rng.choice(otypes)])
                if s == o:
                    continue
                amount = rng.choice(AMOUNTS)
                template = rng.choice(templates)
                sentence = template.format(s=s.name, o=o.name, amount=amount)
                event = None
                if pred in EVENT_KINDS:
                    stated = amount if "{amount}" in template else None
                    event = Event(EVENT_KINDS[pred], s, o, edition, stated)
                triples.append(Triple(s, pred, o, i, sentence, rng.choice((0.7, 0.765, 0.85, 0.9)), event))
                sentences.append(sentence)
                mentioned += [s, o]
            headline = sentences[0].split(",")[0].rstrip(".") if sentences else f"Story {i}"
            story_list.append(Story(i, headline, sentences or ["Nothing new."]))
            entities[i] = mentioned
        text = "\n\n".join(f"{s.number}. {s.text}" for s in story_list)
        d = Digest(f"bench-{n:05d}.txt", f"Bench Weekly {n}", edition, "text", None, "", story_list, text)
        out.append(Extraction(d, entities, triples, "digestkg-bench/1"))
    return out


def run(store_name: str, extractions: list[Extraction]) -> tuple[float, int]:
    """Seconds to ingest everything into a fresh store, and the number of relations (statements) stored."""
    with tempfile.TemporaryDirectory() as tmp:
        kwargs = {"path": tmp} if store_name == "oxigraph" else {}
        with open_store(store_name, **kwargs) as store:
            for d in store.digests():  # a scratch Neo4j database: start empty
                store.remove_digest(d["iri"])
            batches = [(str(digest_iri(x.digest)), extraction_quads(x, "2024-05-01T12:00:00Z"))
                       for x in extractions]
            t0 = time.perf_counter()
            for iri, quads in batches:
                store.replace_digest(iri, quads)
            seconds = time.perf_counter() - t0
            facts = store.counts()["facts"]
            for iri, _ in batches:  # leave the server as it was
                if store_name != "oxigraph":
                    store.remove_digest(iri)
    return seconds, facts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--per-digest", type=int, default=10)
    ap.add_argument("--stores", default="oxigraph,neo4j", help="comma-separated; the first is the baseline")
    args = ap.parse_args(argv)
    extractions = corpus(args.stories, args.per_digest)
    facts = sum(len(x.triples) for x in extractions)
    print(f"corpus: {len(extractions)} digests, {args.stories} stories, {facts} generated facts", flush=True)
    baseline = None
    for name in args.stores.split(","):
        seconds, stored = run(name, extractions)
        rate = stored / seconds
        baseline = baseline or rate
        print(f"{name:<9} {stored} relations in {seconds:6.1f} s = {rate:7.0f} relations/s "
              f"({rate / baseline:.2f}x the {args.stores.split(',')[0]} baseline)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
