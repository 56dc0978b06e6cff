"""A learned pair classifier: facts between two entities of one sentence that no rule read.

Every pair of entities in a sentence (names, and the subjects that a reference such as "the
company" or "it" resolves to), in each direction and for each core predicate whose domain and
range admit their types, is an *instance*. Its features are the pair's syntax and surface, not
its names: the words between the two mentions, the dependency path between their heads with the
word where the two branches meet, the words either side, the entity types and their order. A
linear model (one weight per feature and predicate) gives each instance a probability; the
extractor adds the instances that reach ``PairModel.threshold`` as facts of the rule
``"pairs"``, with that probability as their confidence, where no rule read the same fact in the
story. Each pair of names is read once for both directions.

The model is data, ``loaders/pair_model.json``, trained by ``kg eval GOLD_DIR --train`` from
annotated digests (an instance is positive when its fact is one of the digest's required triples),
its threshold the one of 0.5 to 0.9 that gives the best triple F1 at a precision of 0.85 or more
in a cross-validation by digest on the same digests (None, no pair readings, where the rules alone
do better or nothing reaches that precision), and judged by ``kg eval GOLD_DIR --folds K``: k-fold
cross-validation by digest against the rules alone. Training needs scikit-learn (the ``train``
extra); reading the model needs nothing.

>>> m = PairModel({"b=buy": {"acquires": 3.0}}, {"acquires": -1.0}, threshold=0.5)
>>> round(m.probabilities(["b=buy", "o=xy"], ["acquires", "owns"])["acquires"], 3)
0.881
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from ..ontology.model import SYMMETRIC, Entity
from .relations import Candidate, SentenceContext, as_type, by_word, domain_range, fits

__all__ = ["PairModel", "Instance", "MODEL_FILE", "FEATURES_VERSION", "instances", "read_pairs", "pair_features",
           "train", "default_model"]

MODEL_FILE = "pair_model.json"
FEATURES_VERSION = 3  # bump when pair_features changes: a model trained on other features is refused
_MAX_BETWEEN = 12  # words between two mentions read one by one; further apart, only the path counts


@dataclass(frozen=True)
class Instance:
    """One (subject, predicate, object) reading of an entity pair of a sentence, with its features."""

    subject: Entity
    predicate: str
    object: Entity
    features: tuple[str, ...]


@dataclass(frozen=True)
class PairModel:
    """Weights of a linear model: feature -> predicate -> weight, and a bias per predicate; the
    probability a reading needs to be read (None: the model reads nothing)."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float | None = 0.5
    meta: tuple[tuple[str, Any], ...] = ()

    def probabilities(self, features: Iterable[str], predicates: Iterable[str]) -> dict[str, float]:
        """The probability of each of ``predicates`` for one pair's features."""
        z = {p: self.bias.get(p, 0.0) for p in predicates}
        weights = self.weights
        for f in features:
            by_predicate = weights.get(f)
            if by_predicate:
                for p in z:
                    z[p] += by_predicate.get(p, 0.0)
        return {p: 1.0 / (1.0 + math.exp(-v)) for p, v in z.items()}

    def to_json(self) -> dict[str, Any]:
        return {"features_version": FEATURES_VERSION, **dict(self.meta), "threshold": self.threshold,
                "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairModel:
        if data.get("features_version") != FEATURES_VERSION:
            raise ValueError(f"pair model built for features version {data.get('features_version')}, "
                             f"this extractor has {FEATURES_VERSION}: train it again (kg eval GOLD_DIR --train)")
        meta = tuple((k, v) for k, v in data.items()
                     if k not in {"features_version", "threshold", "bias", "weights"})
        return cls(data["weights"], data["bias"], data["threshold"], meta)

    @classmethod
    def load(cls, path: str | Path) -> PairModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: str | Path | None = None) -> Path:
        """Write the model as JSON (default: the shipped ``loaders/pair_model.json``)."""
        path = Path(path or str(files(__package__) / MODEL_FILE))
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                        + "\n", encoding="utf-8")
        return path


@cache
def default_model() -> PairModel | None:
    """The shipped model (``loaders/pair_model.json``), or None where there is none."""
    f = files(__package__) / MODEL_FILE
    return PairModel.from_json(json.loads(f.read_text(encoding="utf-8"))) if f.is_file() else None


def _mentions(ctx: SentenceContext) -> list[tuple[Span, Entity, bool]]:
    """The sentence's mentions in order: (span, entity, whether a reference stands for the name)."""
    sent, out = ctx.sent, []
    i = sent.start
    while i < sent.end:
        e = ctx.mention.get(i)
        if e is None:
            i += 1
            continue
        j = i + 1
        while j < sent.end and ctx.mention.get(j) is e:
            j += 1
        out.append((sent.doc[i:j], e, False))
        i = j
    named = {m.start for m in ctx.history if sent.start <= m.start < sent.end} - set(ctx.mention)
    for m in ctx.history:
        if m.start in named:
            out.append((sent.doc[m.start:m.start + 1], m.entity, True))
    return sorted(out, key=lambda t: t[0].start)


@cache
def _trigger_predicates() -> dict[str, tuple[str, ...]]:
    """Each trigger word of the lexicon's relation sections with the predicates it signals, so
    that a wording the rules know for one shape counts in any other."""
    out: dict[str, set[str]] = {}
    for section in ("verb_triggers", "noun_triggers", "of_nouns", "compound_relations", "possessive_relations"):
        for word, entries in by_word(section).items():
            for w in (word, *word.split("-")):
                out.setdefault(w.lower(), set()).update(e["predicate"] for e in entries)
    return {w: tuple(sorted(ps)) for w, ps in out.items()}


def _triggers(toks: Iterable[Token], where: str, ctx: SentenceContext) -> list[str]:
    trig = _trigger_predicates()
    return [f"trig={p}@{where}" for t in toks if t.i not in ctx.mention for p in trig.get(t.lemma_.lower(), ())]


def _word(tok: Token, ctx: SentenceContext) -> str:
    return "E" if tok.i in ctx.mention else tok.lemma_.lower()


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n < 6 else "6-12" if n <= _MAX_BETWEEN else "far"


def pair_features(a: Span, b: Span, ctx: SentenceContext, *, a_ref: bool = False, b_ref: bool = False
                  ) -> tuple[list[str], list[str]]:
    """Features of the pair of mentions read both ways: with ``a`` as the candidate subject and
    ``b`` as the object, and the other way round (most of the work is shared)."""
    if b.start < a.start:
        ba, ab = pair_features(b, a, ctx, a_ref=b_ref, b_ref=a_ref)
        return ab, ba
    sent, doc = ctx.sent, ctx.sent.doc
    between = [t for t in doc[a.end:b.start] if not t.is_space]
    shared = [f"n={_bucket(len(between))}"]
    near: list[str] = []  # order-tagged below: the words between and either side
    if len(between) <= _MAX_BETWEEN:
        words = [_word(t, ctx) for t in between if not t.is_punct or t.text in ",(;:"]
        near += [f"b={w}" for w in words]
        near += [f"bb={'_'.join(words[:2])}", f"bl={words[-1] if words else '-'}"]
        near += _triggers(between, "between", ctx)
    near.append(f"pre={_word(doc[a.start - 1], ctx) if a.start > sent.start else '^'}")
    near.append(f"post={_word(doc[b.end], ctx) if b.end < sent.end else '$'}")
    # the dependency path between the two heads, through their lowest common ancestor
    ha, hb = a.root, b.root
    up_a = [ha, *ha.ancestors]
    up_b = [hb, *hb.ancestors]
    seen_b = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in seen_b), None)
    one, other = [f"ref={int(a_ref)}{int(b_ref)}"], [f"ref={int(b_ref)}{int(a_ref)}"]
    if lca is None:
        shared.append("path=none")
    else:
        side_a = up_a[:next(k for k, t in enumerate(up_a) if t.i == lca.i)]
        side_b = up_b[:next(k for k, t in enumerate(up_b) if t.i == lca.i)]
        lemma = _word(lca, ctx)
        dep_a, dep_b = [t.dep_ for t in side_a], [t.dep_ for t in side_b]
        arm_a, arm_b = dep_a[-1] if dep_a else "=", dep_b[-1] if dep_b else "="  # the deps into the LCA
        trig = [p for p in _trigger_predicates().get(lca.lemma_.lower(), ()) if lca.i not in ctx.mention]
        shared += [f"lca={lemma}", f"plen={_bucket(len(side_a) + len(side_b))}"]
        shared += [f"pw={_word(t, ctx)}" for t in (*side_a[1:], *side_b[1:])]
        shared += _triggers((*side_a[1:], lca, *side_b[1:]), "path", ctx)
        for out, (d1, d2, r1, r2) in ((one, (dep_a, dep_b, arm_a, arm_b)), (other, (dep_b, dep_a, arm_b, arm_a))):
            up, down = ">".join(d1), "<".join(reversed(d2))
            out += [f"pd={up}|{down}", f"p={up}|{lemma}|{down}", f"lcad={lemma}|{r1}|{r2}"]
            out += [f"lcat={p}|{r1}|{r2}" for p in trig]
    for out, (x, y), order in ((one, (ha, hb), "xy"), (other, (hb, ha), "yx")):
        out += [f"o={order}", *shared, *(f"{order}{f}" for f in near)]
        out += [f"xd={x.dep_}", f"yd={y.dep_}", f"xh={_word(x.head, ctx)}", f"yh={_word(y.head, ctx)}"]
    return one, other


@cache
def _admitted(subject_type: str, object_type: str) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """The predicates whose domain and range admit the two types, with that domain and range."""
    return tuple((p, dom, rng) for p, (dom, rng) in domain_range().items()
                 if fits(subject_type, dom) and fits(object_type, rng))


def _pairs(ctx: SentenceContext, ruled: Iterable[Candidate] = ()
           ) -> Iterator[tuple[tuple[str, ...], list[tuple[str, Entity, Entity]]]]:
    """Each entity pair of the sentence once per direction (its nearest mentions stand for it): its
    features and its typed readings (predicate, subject, object; each symmetric one once)."""
    ms = _mentions(ctx)
    by_pair: dict[tuple[str, str], list[str]] = {}  # what the rules read of each pair
    for c in ruled:
        by_pair.setdefault((c.subject.name, c.object.name), []).append(f"r={c.predicate}:{c.rule}")
        by_pair.setdefault((c.object.name, c.subject.name), []).append(f"r={c.predicate}~:{c.rule}")
    done: set[tuple[str, str]] = set()
    for i, (a, x, a_ref) in enumerate(ms):
        for b, y, b_ref in ms[i + 1:]:
            if x.name == y.name or (x.name, y.name) in done:
                continue
            done.update({(x.name, y.name), (y.name, x.name)})  # the nearest mentions of two names stand for them
            feats = None
            for (s, o, first) in ((x, y, True), (y, x, False)):
                readings = [(p, as_type(s, dom), as_type(o, rng)) for p, dom, rng in _admitted(s.type, o.type)
                            if p not in SYMMETRIC or first]
                if not readings:
                    continue
                if feats is None:
                    feats = pair_features(a, b, ctx, a_ref=a_ref, b_ref=b_ref)
                yield (f"t={s.type}>{o.type}", *by_pair.get((s.name, o.name), ("r=none",)),
                       *feats[0 if first else 1]), readings


def instances(ctx: SentenceContext, ruled: Iterable[Candidate] = ()) -> Iterator[Instance]:
    """Every typed reading of every entity pair of the sentence (``ruled``: what the rules read there)."""
    for feats, readings in _pairs(ctx, list(ruled)):
        for p, s, o in readings:
            yield Instance(s, p, o, feats)


def read_pairs(ctx: SentenceContext, model: PairModel, ruled: Iterable[Candidate] = ()) -> Iterator[Candidate]:
    """The readings of the sentence's pairs that ``model`` gives at least its threshold."""
    if model.threshold is None:
        return
    for feats, readings in _pairs(ctx, list(ruled)):
        probs = model.probabilities(feats, [p for p, _, _ in readings])
        for p, s, o in readings:
            if probs[p] >= model.threshold:
                yield Candidate(s, p, o, "pairs", round(probs[p], 3))


def train(examples: Iterable[tuple[Instance, bool]], *, c: float = 0.1, min_count: int = 2,
          threshold: float | None = 0.5, meta: dict[str, Any] | None = None) -> PairModel:
    """Fit an L2-regularised logistic regression (scikit-learn) on labelled instances.

    Each feature is crossed with the instance's predicate, so that the one model holds one weight
    per feature and predicate; features seen fewer than ``min_count`` times are left out."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:  # pragma: no cover - the train extra is missing
        raise RuntimeError("training the pair model needs scikit-learn: pip install 'digestkg[train]'") from err
    examples = list(examples)
    counts = Counter(f"{inst.predicate}|{f}" for inst, _ in examples for f in inst.features)
    rows = [{f"{inst.predicate}|{f}": 1.0 for f in inst.features if counts[f"{inst.predicate}|{f}"] >= min_count}
            | {f"{inst.predicate}|bias": 1.0} for inst, _ in examples]
    labels = [int(y) for _, y in examples]
    if not any(labels) or all(labels):
        raise ValueError("training the pair model needs both positive and negative instances")
    vec = DictVectorizer()
    lr = LogisticRegression(C=c, solver="liblinear", fit_intercept=False, max_iter=1000, random_state=0)
    x = vec.fit_transform(rows).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # what liblinear takes
    lr.fit(x, labels)
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for name, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True):
        p, f = name.split("|", 1)
        if f == "bias":
            bias[p] = round(float(w), 4)
        elif abs(w) >= 1e-3:
            weights.setdefault(f, {})[p] = round(float(w), 4)
    return PairModel(weights, bias, threshold, tuple(sorted((meta or {}).items())))
