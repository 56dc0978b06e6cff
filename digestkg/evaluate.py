"""``kg eval GOLD_DIR``: extraction scored against hand-made gold annotations.

Gold files are ``NAME.gold.json`` beside ``NAME.txt`` (format in ``../shared/VOCABULARY.md``).
The counting is the one of ``../shared/eval/score.py``; on top of the numbers it lists every
false positive with its evidence sentence and every miss with the story sentences that name
both entities, so that anyone can check what a new rule does.

>>> prf(8, 2, 8)
(0.8, 0.5, 0.6153846153846154)
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loaders.model import SYMMETRIC, Extraction
from .ontology.names import bare, normalize

__all__ = ["Gold", "Evaluation", "evaluate", "prf", "load_gold"]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Gold:
    """One annotated digest: entity keys with accepted types, required and optional triples."""

    doc: str
    types: dict[str, set[str]]
    alias: dict[str, str]
    required: set[tuple[str, str, str]]
    optional: set[tuple[str, str, str]]

    @classmethod
    def load(cls, path: Path) -> Gold:
        data = json.loads(path.read_text(encoding="utf-8"))
        g = cls(data["doc"], {}, {}, set(), set())
        for ent in data["entities"]:
            key = normalize(ent["name"])
            g.types[key] = set(ent["types"])
            for a in [ent["name"], *ent.get("aliases", [])]:
                g.alias[normalize(a)] = key
        for ent in data["entities"]:
            for a in [ent["name"], *ent.get("aliases", [])]:
                g.alias.setdefault(bare(normalize(a)), normalize(ent["name"]))
        g.required = {g.triple(*t) for t in data["triples"]}
        g.optional = {g.triple(*t) for t in data.get("optional", [])}
        return g

    def key(self, name: str) -> str:
        n = normalize(name)
        return self.alias.get(n) or self.alias.get(bare(n)) or n

    def triple(self, s: str, p: str, o: str) -> tuple[str, str, str]:
        ks, ko = self.key(s), self.key(o)
        if p in SYMMETRIC and ko < ks:
            ks, ko = ko, ks
        return ks, p, ko


def load_gold(gold_dir: Path) -> dict[str, Gold]:
    return {g.doc: g for g in (Gold.load(p) for p in sorted(Path(gold_dir).glob("*.gold.json")))}


@dataclass
class Evaluation:
    counts: Counter[str] = field(default_factory=Counter)
    per_predicate: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def scores(self) -> dict[str, Any]:
        c = self.counts
        out: dict[str, Any] = {}
        for k in ("entity", "triple", "pair"):
            out[k] = dict(zip("prf", prf(c[f"{k}_tp"], c[f"{k}_fp"], c[f"{k}_fn"]), strict=True))
        out["per_predicate"] = {
            p: dict(zip("prf", prf(v["tp"], v["fp"], v["fn"]), strict=True)) | dict(v)
            for p, v in sorted(self.per_predicate.items())
        }
        out["counts"] = dict(c)
        return out

    def report(self) -> str:
        s = self.scores()
        lines = [f"{'predicate':<14} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}"]
        for p, v in s["per_predicate"].items():
            lines.append(f"{p:<14} {v['p']:5.2f} {v['r']:5.2f} {v['f']:5.2f} "
                         f"{v.get('tp', 0):4} {v.get('fp', 0):4} {v.get('fn', 0):4}")
        for k in ("entity", "pair", "triple"):
            v = s[k]
            lines.append(f"{k:<7} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f']:.3f}")
        if self.false_positives:
            lines.append("\nfalse positives:")
            for fp in self.false_positives:
                lines.append(f"  {fp['doc']}#{fp['story']}  {fp['subject']} {fp['predicate']} {fp['object']}"
                             f"  ({fp['confidence']:.2f})\n      {fp['evidence']}")
        if self.misses:
            lines.append("\nmisses:")
            for m in self.misses:
                lines.append(f"  {m['doc']}  {m['subject']} {m['predicate']} {m['object']}")
                lines.extend(f"      {sent}" for sent in m["sentences"])
        return "\n".join(lines)


def _sentences_naming(x: Extraction, a: str, b: str) -> list[str]:
    """Sentences of the digest that contain both names (gold keys), for a miss."""
    import re

    out = []
    for story in x.digest.stories:
        for para in story.paragraphs:
            for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para):
                low = normalize(sent)
                if bare(a) in low and bare(b) in low:
                    out.append(f"[{story.number}] {sent}")
    return out[:3]


def evaluate(golds: dict[str, Gold], extractions: Iterable[Extraction], *,
             min_confidence: float = 0.5) -> Evaluation:
    """Count entity and triple hits the way ``score.py`` does, keeping the errors' evidence."""
    ev = Evaluation()
    seen: set[str] = set()
    for x in extractions:
        g = golds.get(x.digest.doc)
        if g is None:
            continue
        seen.add(g.doc)
        ents = {(g.key(x.name(e)), e.type) for e in x.entity_list(min_confidence)}
        found = {k for k, t in ents if k in g.types and t in g.types[k]}
        ev.counts["entity_tp"] += len(found)
        ev.counts["entity_fn"] += len(g.types) - len(found)
        ev.counts["entity_fp"] += sum(1 for k, t in ents if (k not in g.types and t != "Place")
                                      or (k in g.types and t not in g.types[k]))
        predicted: dict[tuple[str, str, str], Any] = {}
        for t in x.triples:
            if t.confidence >= min_confidence:
                predicted.setdefault(g.triple(x.name(t.subject), t.predicate, x.name(t.object)), t)
        for key, t in predicted.items():
            if key in g.required:
                ev.counts["triple_tp"] += 1
                ev.per_predicate[key[1]]["tp"] += 1
            elif key not in g.optional:
                ev.counts["triple_fp"] += 1
                ev.per_predicate[key[1]]["fp"] += 1
                ev.false_positives.append({
                    "doc": g.doc, "story": t.story, "subject": x.name(t.subject), "predicate": t.predicate,
                    "object": x.name(t.object), "confidence": t.confidence, "evidence": t.evidence})
        for key in sorted(g.required - predicted.keys()):
            ev.counts["triple_fn"] += 1
            ev.per_predicate[key[1]]["fn"] += 1
            ev.misses.append({"doc": g.doc, "subject": key[0], "predicate": key[1], "object": key[2],
                              "sentences": _sentences_naming(x, key[0], key[2])})
        pairs = {frozenset((s, o)) for s, _, o in predicted}
        gold_pairs = {frozenset((s, o)) for s, _, o in g.required}
        opt_pairs = {frozenset((s, o)) for s, _, o in g.optional}
        ev.counts["pair_tp"] += len(pairs & gold_pairs)
        ev.counts["pair_fp"] += len(pairs - gold_pairs - opt_pairs)
        ev.counts["pair_fn"] += len(gold_pairs - pairs)
    for doc, g in golds.items():  # a gold digest with no extraction counts as all missed
        if doc not in seen:
            ev.counts["entity_fn"] += len(g.types)
            ev.counts["triple_fn"] += len(g.required)
            ev.counts["pair_fn"] += len({frozenset((s, o)) for s, _, o in g.required})
            for _, p, _ in g.required:
                ev.per_predicate[p]["fn"] += 1
    return ev
