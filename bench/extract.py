"""Extraction speed against spaCy's own floor, in one run, on the same generated stories.

    .venv/bin/python -m bench.extract [--stories 2000] [--processes 1 2]

For each process count it times (1) spaCy's ``nlp.pipe`` with the plain English model over the
story texts, then (2) digestkg's whole extraction (``Extractor.extract_many``: the same model plus
the entity ruler, mention typing, alias resolution, relation rules and events) over the same
stories, and prints both rates in stories per second and their ratio (kg / spaCy; 1.0 means the
extraction costs nothing beyond parsing). Models are loaded once per process count, outside the
timings; a short warm-up runs first.
"""

from __future__ import annotations

import argparse
import time

import spacy
from digestkg.loaders.extract import Extractor
from digestkg.loaders.pipeline import MODEL

from bench.corpus import generate_digests


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    digests = generate_digests(args.stories)
    n = sum(len(d.stories) for d in digests)
    print(f"{n} generated stories in {len(digests)} digests, "
          f"{sum(len(p.split()) for d in digests for s in d.stories for p in s.paragraphs)} words")
    for procs in args.processes:
        nlp = spacy.load(MODEL)
        ex = Extractor(n_process=procs, batch_size=args.batch_size)
        texts = [t for d in digests for t in ex.texts(d)]
        list(nlp.pipe(texts[:50], batch_size=args.batch_size))
        list(ex.extract_many(digests[:5]))

        t0, c0 = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=procs):
            pass
        spacy_s, spacy_cpu = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        triples = sum(len(x.triples) for x in ex.extract_many(digests))
        kg_s, kg_cpu = time.perf_counter() - t0, time.process_time() - c0

        # CPU time of this process: steadier than wall time on a shared machine (one process only:
        # forked workers' time is not this process's)
        cpu = f" | CPU-time ratio {spacy_cpu / kg_cpu:.2f}" if procs == 1 else ""
        print(f"processes {procs}: spaCy nlp.pipe {n / spacy_s:7.1f} stories/s | "
              f"kg extraction {n / kg_s:7.1f} stories/s ({triples} triples) | ratio {spacy_s / kg_s:.2f}{cpu}")


if __name__ == "__main__":
    main()
