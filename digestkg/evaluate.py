"""``kg eval GOLD_DIR``: extraction scored against hand-made gold annotations.

Gold files are ``NAME.gold.json`` beside ``NAME.txt`` (format in ``../shared/VOCABULARY.md``).
The counting is the one of ``../shared/eval/score.py``; on top of the numbers it lists every
false positive with its evidence sentence and every miss with the story sentences that name
both entities, so that anyone can check what a new rule does.

It also gives a calibration table (confidence bins against the precision observed in them, each
fact counted once per digest at its highest confidence), trains the pair classifier of
:mod:`loaders.pairs` from annotated digests (``train_pair_model``, its threshold chosen by a
cross-validation on those digests: ``choose_threshold``) and judges it by k-fold cross-validation
by digest against the rules alone (``cross_validate``).

>>> prf(8, 2, 8)
(0.8, 0.5, 0.6153846153846154)
>>> confidence_bin(0.3), confidence_bin(0.85), confidence_bin(1.0), confidence_bin(0.1)
(0.3, 0.8, 0.9, 0.0)
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .loaders.extract import DEFAULT_MIN_CONFIDENCE
from .loaders.pairs import Instance, PairModel, train
from .ontology.model import SYMMETRIC, Extraction, Triple
from .ontology.names import bare, normalize

__all__ = ["Gold", "Evaluation", "evaluate", "prf", "load_gold", "confidence_bin", "labelled", "train_pair_model",
           "with_pairs", "choose_threshold", "cross_validate", "judged", "cv_report",
           "THRESHOLDS", "TARGET_PRECISION", "F1_TOLERANCE"]

BIN_EDGES = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)  # calibration bins: [0, 0.3), [0.3, 0.4) ... [0.9, 1.0]
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)  # the pair model's thresholds tried in training
TARGET_PRECISION = 0.85  # the triple precision that the pair model's threshold must keep
F1_TOLERANCE = 0.002  # F1 this close to the best is a tie, which the more precise threshold wins


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def confidence_bin(confidence: float) -> float:
    """The lower edge of the calibration bin a confidence falls in."""
    return max(e for e in BIN_EDGES if confidence >= e - 1e-9)


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
    calibration: dict[float, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def calibration_table(self) -> list[dict[str, Any]]:
        """Per confidence bin: facts, right (tp), wrong (fp) and their precision; and the triple
        P/R/F1 that ``--min-confidence`` at the bin's lower edge gives (everything from that bin up)."""
        required = self.counts["triple_tp"] + self.counts["triple_fn"]
        rows, tp_up, fp_up = [], 0, 0
        for lo in reversed(BIN_EDGES):
            c = self.calibration.get(lo, Counter())
            tp_up, fp_up = tp_up + c["tp"], fp_up + c["fp"]
            p, r, f = prf(tp_up, fp_up, required - tp_up)
            rows.append({"bin": [lo, BIN_EDGES[BIN_EDGES.index(lo) + 1] if lo < BIN_EDGES[-1] else 1.0],
                         "tp": c["tp"], "fp": c["fp"], "optional": c["optional"],
                         "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None,
                         "at_least": {"p": p, "r": r, "f": f}})
        return rows[::-1]

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
        out["calibration"] = self.calibration_table()
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
        lines.append(f"\ncalibration (every fact, whatever --min-confidence)\n{'confidence':<12} {'tp':>4} {'fp':>4}"
                     f" {'opt':>4} {'prec':>5}   at min-confidence = bin's lower edge: P / R / F1")
        for row in s["calibration"]:
            lo, hi = row["bin"]
            prec = f"{row['precision']:5.2f}" if row["precision"] is not None else "    -"
            a = row["at_least"]
            lines.append(f"[{lo:.1f}, {hi:.1f}{']' if hi == 1.0 else ')'}   {row['tp']:4} {row['fp']:4} "
                         f"{row['optional']:4} {prec}   {a['p']:.3f} / {a['r']:.3f} / {a['f']:.3f}")
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
        highest: dict[tuple[str, str, str], float] = {}  # each fact at its highest confidence, for calibration
        for t in x.triples:
            key = g.triple(x.name(t.subject), t.predicate, x.name(t.object))
            highest[key] = max(highest.get(key, 0.0), t.confidence)
            if t.confidence >= min_confidence:
                predicted.setdefault(key, t)
        for key, conf in highest.items():
            ev.calibration[confidence_bin(conf)][
                "tp" if key in g.required else "optional" if key in g.optional else "fp"] += 1
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


def labelled(golds: Mapping[str, Gold], traced: Iterable[tuple[Extraction, list[tuple[Instance, Triple]]]]
             ) -> Iterator[tuple[Instance, bool]]:
    """Pair instances (what :meth:`Extractor.extract_instances` gives) with their label: whether the
    fact is a required triple of the digest's gold file. Optional facts are left out."""
    for x, found in traced:
        g = golds.get(x.digest.doc)
        if g is None:
            continue
        for inst, _ in found:
            key = g.triple(x.name(inst.subject), inst.predicate, x.name(inst.object))
            if key in g.required or key not in g.optional:
                yield inst, key in g.required


def _fold_of(docs: Iterable[str], folds: int) -> dict[str, int]:
    """Digests, sorted by name, to fold ``i % folds``.

    >>> _fold_of(["c", "a", "b", "a"], 2)
    {'a': 0, 'b': 1, 'c': 0}
    """
    return {doc: i % folds for i, doc in enumerate(sorted(set(docs)))}


def train_pair_model(golds: Mapping[str, Gold], traced: Iterable[tuple[Extraction, list[tuple[Instance, Triple]]]],
                     *, folds: int = 5, min_confidence: float = DEFAULT_MIN_CONFIDENCE, **meta: Any) -> PairModel:
    """The pair classifier (:mod:`loaders.pairs`) trained on annotated digests, with the threshold
    that :func:`choose_threshold` picks from a ``folds``-fold cross-validation by digest on the same
    digests (each digest judged by a model trained on the other folds)."""
    traced = [t for t in traced if t[0].digest.doc in golds]
    fold_of = _fold_of((x.digest.doc for x, _ in traced), folds)
    held_out: dict[str, PairModel] = {}
    for f in range(folds):
        model = train(labelled(golds, (t for t in traced if fold_of[t[0].digest.doc] != f)))
        held_out.update({doc: model for doc, k in fold_of.items() if k == f})
    threshold = choose_threshold(golds, traced, held_out, min_confidence=min_confidence)
    return train(labelled(golds, traced), threshold=threshold, meta=meta)


def with_pairs(x: Extraction, found: list[tuple[Instance, Triple]], model: PairModel) -> Extraction:
    """The rules' extraction plus the facts ``model`` reads in its pair instances, each at its
    probability, where no rule read the same fact in the story (as the extractor does)."""
    out = replace(x, triples=list(x.triples))
    if model.threshold is None:
        return out
    seen = {(t.story, t.subject.name, t.predicate, t.object.name) for t in x.triples}
    for inst, t in found:
        key = (t.story, t.subject.name, t.predicate, t.object.name)
        p = model.probabilities(inst.features, [inst.predicate])[inst.predicate]
        if p >= model.threshold and key not in seen:
            seen.add(key)
            out.triples.append(replace(t, confidence=round(p, 3)))
    return out


def choose_threshold(golds: Mapping[str, Gold], traced: Iterable[tuple[Extraction, list[tuple[Instance, Triple]]]],
                     models: Mapping[str, PairModel], *, target: float = TARGET_PRECISION,
                     min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> float | None:
    """The pair model's threshold: of :data:`THRESHOLDS` and None (no pair readings), the one at
    which the digests' triples, the rules' and what each digest's model in ``models`` reads, score
    the best F1 with a precision of at least ``target``; None where none reaches it. F1 within
    :data:`F1_TOLERANCE` of the best is a tie, which the most precise wins (the lowest threshold
    on an exact tie): the F1 curve is flat near its top, and a model that does not beat the rules
    alone by more than that reads nothing. A digest's model should be one that was not trained on it."""
    traced = [t for t in traced if t[0].digest.doc in golds]
    judged = {x.digest.doc: golds[x.digest.doc] for x, _ in traced}  # the other digests count for nothing
    scores = {t: _scores(judged, (with_pairs(x, found, replace(models[x.digest.doc], threshold=t))
                                  for x, found in traced), min_confidence) for t in (*THRESHOLDS, None)}
    ok = {t: s for t, s in scores.items() if s["p"] >= target}
    best = max((s["f"] for s in ok.values()), default=None)
    if best is None:
        return None
    return max((t for t, s in ok.items() if s["f"] >= best - F1_TOLERANCE), key=lambda t: (ok[t]["p"], ok[t]["f"]))


def _scores(golds: Mapping[str, Gold], xs: Iterable[Extraction], min_confidence: float) -> dict[str, float]:
    c = evaluate(dict(golds), xs, min_confidence=min_confidence).counts
    return dict(zip("prf", prf(c["triple_tp"], c["triple_fp"], c["triple_fn"]), strict=True))


def cross_validate(golds: Mapping[str, Gold], traced: list[tuple[Extraction, list[tuple[Instance, Triple]]]],
                   *, folds: int = 5, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> dict[str, Any]:
    """K-fold cross-validation by digest of the pair classifier, on digests read with their pair
    instances (``Extractor.extract_instances``).

    Digests, sorted by name, go to fold ``i % folds``. For each fold a pair model is trained on the
    other folds (:func:`train_pair_model`: its threshold too is chosen on them alone, by a
    cross-validation within them), and the fold's triples are scored at ``min_confidence`` by the
    rules alone and by the rules with that model.
    """
    traced = sorted((t for t in traced if t[0].digest.doc in golds), key=lambda t: t[0].digest.doc)
    fold_of = _fold_of((x.digest.doc for x, _ in traced), folds)
    rows = []
    for f in range(folds):
        test = {doc: g for doc, g in golds.items() if fold_of.get(doc) == f}
        model = train_pair_model(golds, (t for t in traced if fold_of[t[0].digest.doc] != f), folds=folds,
                                 min_confidence=min_confidence)
        rows.append({"fold": f + 1, "digests": len(test), "threshold": model.threshold,
                     "rules": _scores(test, (x for x, _ in traced if x.digest.doc in test), min_confidence),
                     "learned": _scores(test, (with_pairs(x, found, model) for x, found in traced
                                               if x.digest.doc in test), min_confidence)})
    summary = {}
    for kind in ("rules", "learned"):
        f1 = [r[kind]["f"] for r in rows]
        summary[kind] = {"mean": {k: math.fsum(r[kind][k] for r in rows) / folds for k in "prf"},
                         "worst": rows[f1.index(min(f1))][kind]}
    return {"folds": rows, "summary": summary, "min_confidence": min_confidence}


def judged(model: PairModel, cv: Mapping[str, Any]) -> PairModel:
    """``model`` as trained where the cross-validation by digest ``cv`` (:func:`cross_validate`) shows
    rules and model beating the rules alone on mean F1 by more than :data:`F1_TOLERANCE`; else the
    same model with no threshold, which reads nothing: a learned part is kept only where it helps
    on digests it was not trained on.

    >>> cv = {"summary": {"rules": {"mean": {"f": 0.71}}, "learned": {"mean": {"f": 0.709}}}}
    >>> judged(PairModel({}, {}, 0.6), cv).threshold is None
    True
    """
    rules, learned = (cv["summary"][k]["mean"]["f"] for k in ("rules", "learned"))
    verdict = (("cv_mean_f1", {"rules": round(rules, 4), "rules_and_pairs": round(learned, 4)}),)
    return replace(model, threshold=model.threshold if learned > rules + F1_TOLERANCE else None,
                   meta=model.meta + verdict)


def cv_report(cv: dict[str, Any]) -> str:
    """The cross-validation result as a table: per fold (with the pair model's threshold chosen on
    the other folds; "-" for none: no pair readings), then mean and worst fold."""
    lines = [f"{'fold':<6} {'digests':>7}   rules alone P / R / F1   rules + pairs P / R / F1   threshold"]

    def cells(v: dict[str, float]) -> str:
        return f"{v['p']:.3f} / {v['r']:.3f} / {v['f']:.3f}"

    for r in cv["folds"]:
        t = "-" if r["threshold"] is None else f"{r['threshold']:.2f}"
        lines.append(f"{r['fold']:<6} {r['digests']:>7}   {cells(r['rules'])}    {cells(r['learned'])}    {t:>9}")
    for k in ("mean", "worst"):
        lines.append(f"{k:<6} {'':>7}   {cells(cv['summary']['rules'][k])}    {cells(cv['summary']['learned'][k])}")
    return "\n".join(lines)
