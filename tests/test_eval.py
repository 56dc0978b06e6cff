"""`kg eval` on the sample corpus: counts checked by hand against the gold files, a floor held,
confidence meaning something; and, marked ``shared``, agreement with ../shared/eval/score.py."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest
from digestkg.loaders.digest import split_digest
from digestkg.loaders.pairs import Instance, PairModel
from digestkg.ontology.model import PREDICATES, SYMMETRIC, Digest, Entity, Extraction, Source, Story, Triple

from digestkg.core import entity_records, triple_record
from digestkg.evaluate import (
    THRESHOLDS,
    Gold,
    choose_threshold,
    confidence_bin,
    evaluate,
    judged,
    load_gold,
    with_pairs,
)

# `kg eval samples` measured 0.92 (entity) and 0.88 (triple) F1 when the samples were written
SAMPLE_FLOOR = {"entity": 0.88, "triple": 0.80}


def _run(extractor, gold_dir: Path):
    golds = load_gold(gold_dir)
    xs = list(extractor.extract_many(
        split_digest(Source(g.doc, (gold_dir / g.doc).read_text(encoding="utf-8"))) for g in golds.values()))
    return golds, xs


@pytest.fixture(scope="module")
def sample_run(extractor, corpus):
    return _run(extractor, corpus)


@pytest.fixture(scope="module")
def sample_json(corpus) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.gold.json"))]


# ------------------------------------------------------------------------------ the gold files


def test_every_sample_digest_has_a_well_formed_gold_file(corpus, sample_json):
    assert sorted(g["doc"] for g in sample_json) == sorted(p.name for p in corpus.glob("*.txt"))
    types = {"Company", "Product", "Person", "GovernmentBody", "Place"}
    seen_types, seen_predicates = set(), set()
    for g in sample_json:
        names = {e["name"] for e in g["entities"]}
        assert len(names) == len(g["entities"]), g["doc"]
        for e in g["entities"]:
            assert e["types"] and set(e["types"]) <= types and isinstance(e["aliases"], list), e
            seen_types.update(e["types"])
        triples = g["triples"] + g.get("optional", [])
        for s, p, o in triples:
            assert p in PREDICATES and s in names and o in names, (g["doc"], s, p, o)
            seen_predicates.add(p)
        assert not {tuple(t) for t in g["triples"]} & {tuple(t) for t in g.get("optional", [])}, g["doc"]
        text = (corpus / g["doc"]).read_text(encoding="utf-8").lower()
        for e in g["entities"]:  # every entity is named in its digest, by its name or an alias
            assert any(n.lower() in text for n in [e["name"], *e["aliases"]]), (g["doc"], e["name"])
    assert seen_types == types
    assert {p for g in sample_json for _, p, _ in g["triples"]} == set(PREDICATES)


# ------------------------------------------------------------------------------ counting, by hand


def test_counts_on_a_hand_made_extraction_of_the_seed_digest(corpus):
    """A made-up extraction scored against samples/seed-digest.gold.json: every count follows by hand."""
    gold = Gold.load(corpus / "seed-digest.gold.json")
    required = json.loads((corpus / "seed-digest.gold.json").read_text(encoding="utf-8"))["triples"]
    E = {n: Entity(n, t) for n, t in [
        ("ByteDance", "Company"), ("SDXL-Lightning", "Product"), ("Jinri Toutiao", "Product"),
        ("Douyin", "Product"), ("Kuaishou", "Company"), ("Tencent", "Company"), ("WeChat Channels", "Product"),
        ("Microsoft", "Company"), ("Pony Ma", "Company"), ("Hangzhou", "Place"), ("Paris", "Place"),
        ("Acme Robotics", "Company")]}
    d = Digest("seed-digest.txt", "T", "2024-02-26", "file", None, "", [Story(1, "H", ["s"])], "s")

    def t(s: str, p: str, o: str, conf: float = 0.9) -> Triple:
        return Triple(E[s], p, E[o], 1, "s", conf)

    triples = [
        t("ByteDance", "releases", "SDXL-Lightning"),    # tp
        t("ByteDance", "owns", "Jinri Toutiao"),         # tp: an alias of Toutiao
        t("Douyin", "competesWith", "Kuaishou"),         # tp: symmetric, gold has it the other way round
        t("Tencent", "owns", "WeChat Channels"),         # optional: neither tp nor fp
        t("Microsoft", "owns", "ByteDance"),             # fp
        t("ByteDance", "acquires", "Acme Robotics"),     # fp, and Acme Robotics an entity fp
        t("Microsoft", "acquires", "Douyin", 0.3),       # below the threshold: not counted
    ]
    x = Extraction(d, {1: list(E.values())}, triples, "test")
    c = evaluate({gold.doc: gold}, [x]).counts
    assert (c["triple_tp"], c["triple_fp"], c["triple_fn"]) == (3, 2, len(required) - 3)
    # pairs: ByteDance-Microsoft and ByteDance-Acme are new pairs, Tencent-WeChat Channels is optional
    assert (c["pair_tp"], c["pair_fp"]) == (3, 2)
    # entities: Pony Ma typed Company is wrong (fp, and he stays missed), Acme is not in the gold (fp),
    # Paris is a Place the gold does not list (never an fp); nine gold entities are found
    gold_entities = json.loads((corpus / "seed-digest.gold.json").read_text(encoding="utf-8"))["entities"]
    assert (c["entity_tp"], c["entity_fp"], c["entity_fn"]) == (9, 2, len(gold_entities) - 9)
    # at min-confidence 0.2 the 0.3 triple counts too: one more fp
    assert evaluate({gold.doc: gold}, [x], min_confidence=0.2).counts["triple_fp"] == 3


def test_kg_eval_counts_every_gold_triple_of_the_samples(runner, corpus, sample_json):
    code, out, err = runner("eval", corpus, "--format", "json")
    assert code == 0, err
    r = json.loads(out)
    gold = Counter()
    for g in sample_json:  # symmetric triples stated twice in one file count once
        keys = {(s.lower(), p, o.lower()) if p not in SYMMETRIC or s.lower() < o.lower() else (o.lower(), p, s.lower())
                for s, p, o in g["triples"]}
        gold.update(p for _, p, _ in keys)
    assert r["counts"]["triple_tp"] + r["counts"]["triple_fn"] == sum(gold.values()) >= 200
    assert {p: v.get("tp", 0) + v.get("fn", 0) for p, v in r["per_predicate"].items()
            if v.get("tp", 0) + v.get("fn", 0)} == dict(gold)
    tp, fp = r["counts"]["triple_tp"], r["counts"]["triple_fp"]
    assert r["triple"]["p"] == pytest.approx(tp / (tp + fp))
    assert len(r["false_positives"]) == fp and all(f["evidence"] for f in r["false_positives"])
    assert len(r["misses"]) == r["counts"]["triple_fn"]


def test_kg_eval_meets_the_sample_floor(sample_run):
    golds, xs = sample_run
    s = evaluate(golds, xs).scores()
    for k, floor in SAMPLE_FLOOR.items():
        assert s[k]["f"] >= floor, (k, s[k])


def test_text_report_lists_predicates_errors_and_evidence(runner, corpus):
    code, out, _ = runner("eval", corpus)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["predicate", "P", "R", "F1"]
    assert {ln.split()[0] for ln in lines[1:16]} == set(PREDICATES)  # every predicate has gold in the samples
    assert "triple  P" in out and "misses:" in out


def test_confidence_means_something(sample_run):
    """Fewer, surer triples as the threshold rises: recall falls, precision does not."""
    golds, xs = sample_run
    s = [evaluate(golds, xs, min_confidence=c).scores()["triple"] for c in (0.0, 0.5, 0.8)]
    assert s[0]["r"] >= s[1]["r"] > s[2]["r"], s
    assert s[2]["p"] >= s[1]["p"] and s[2]["p"] > s[0]["p"], s


# ------------------------------------------------------------------------------ calibration and learning


def test_calibration_table_bins_every_fact_and_matches_the_threshold_scores(sample_run):
    """Each fact once, in the bin of its highest confidence; a bin's cumulative row is what
    --min-confidence at its lower edge scores."""
    golds, xs = sample_run
    ev = evaluate(golds, xs)
    rows = ev.scores()["calibration"]
    assert [r["bin"][0] for r in rows] == [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] and rows[-1]["bin"][1] == 1.0
    for r in rows:
        if r["tp"] + r["fp"]:
            assert r["precision"] == pytest.approx(r["tp"] / (r["tp"] + r["fp"]))
        lo = r["bin"][0]
        at = evaluate(golds, xs, min_confidence=lo).scores()["triple"]
        assert (r["at_least"]["p"], r["at_least"]["r"]) == (pytest.approx(at["p"]), pytest.approx(at["r"])), lo
    assert "calibration" in ev.report() and "[0.5, 0.6)" in ev.report()


def test_confidence_bin():
    assert [confidence_bin(c) for c in (0.0, 0.29, 0.3, 0.55, 0.765, 0.9, 1.0)] == [0.0, 0.0, 0.3, 0.5, 0.7, 0.9, 0.9]


def _pair_case() -> tuple[dict[str, Gold], list, dict[str, PairModel]]:
    """One digest: the rules read four required facts; a pair model reads six more at the
    probabilities 0.92 (right), 0.77 (wrong), 0.69 (right), 0.52 (wrong), 0.51 (right) and 0.505
    (wrong); one required fact nobody reads. So the triples score, with the pair readings from a
    threshold of 0.5: P 7/10, R 7/8, F1 0.78; 0.55 to 0.65: P 6/7, R 6/8, F1 0.8; 0.7 and 0.75:
    P 5/6, R 5/8, F1 0.71; 0.8 to 0.9: P 1, R 5/8, F1 0.77; the rules alone: P 1, R 4/8, F1 0.67."""
    d = Digest("t.txt", "T", "2024-05-06", "file", None, "", [Story(1, "H", ["s"])], "s")
    people = [Entity(f"Person {i}", "Person") for i in range(11)]
    acme = Entity("Acme", "Company")
    g = Gold("t.txt", {}, {}, set(), set())
    g.required = {g.triple(people[i].name, "worksFor", "Acme") for i in (0, 1, 2, 3, 4, 6, 8, 10)}
    x = Extraction(d, {1: [*people, acme]}, [Triple(e, "worksFor", acme, 1, "s", 0.9) for e in people[:4]])
    found = [(Instance(e, "worksFor", acme, (f"z={i}",)), Triple(e, "worksFor", acme, 1, "s", 0.0))
             for i, e in enumerate(people[4:10])]
    z = [2.5, 1.2, 0.8, 0.1, 0.05, 0.02]  # probabilities 0.924, 0.769, 0.690, 0.525, 0.512, 0.505
    model = PairModel({f"z={i}": {"worksFor": v} for i, v in enumerate(z)}, {}, 0.5)
    return {g.doc: g}, [(x, found)], {g.doc: model}


def test_with_pairs_adds_what_reaches_the_threshold_and_nothing_at_none():
    golds, [(x, found)], models = _pair_case()
    model = models["t.txt"]
    added = lambda m: sorted(t.confidence for t in with_pairs(x, found, m).triples[len(x.triples):])  # noqa: E731
    assert added(model) == [0.505, 0.512, 0.525, 0.69, 0.769, 0.924]
    assert added(PairModel(model.weights, model.bias, 0.7)) == [0.769, 0.924]
    assert added(PairModel(model.weights, model.bias, None)) == []


def test_a_near_tie_in_f1_goes_to_the_more_precise_threshold(monkeypatch):
    import digestkg.evaluate as evaluate

    golds, traced, models = _pair_case()
    # 0.55 gives F1 0.8 at precision 6/7; 0.8 gives F1 0.77 at a higher precision; the rules alone F1 0.67
    monkeypatch.setattr(evaluate, "F1_TOLERANCE", 0.05)
    assert choose_threshold(golds, traced, models, target=0.85) == 0.8
    monkeypatch.setattr(evaluate, "F1_TOLERANCE", 0.0)
    assert choose_threshold(golds, traced, models, target=0.85) == 0.55


def test_a_model_that_does_not_beat_the_rules_in_cross_validation_reads_nothing():
    def cv(rules: float, learned: float) -> dict:
        return {"summary": {"rules": {"mean": {"f": rules}}, "learned": {"mean": {"f": learned}}}}

    model = PairModel({"b=buy": {"acquires": 1.0}}, {}, 0.6)
    assert judged(model, cv(0.70, 0.71)).threshold == 0.6
    assert judged(model, cv(0.70, 0.701)).threshold is None  # within the tolerance: no better
    kept = judged(model, cv(0.71, 0.70))
    assert kept.threshold is None and kept.weights == model.weights
    assert dict(kept.meta)["cv_mean_f1"] == {"rules": 0.71, "rules_and_pairs": 0.7}


def test_the_threshold_is_the_best_f1_at_the_target_precision():
    golds, traced, models = _pair_case()
    # 0.55 to 0.65 give the best F1, 0.8, at precision 6/7; 0.5 is too imprecise; the lowest of the ties wins
    assert choose_threshold(golds, traced, models, target=0.85) == 0.55
    assert choose_threshold(golds, traced, models, target=0.65) == 0.55  # 0.5 is precise enough, with a lower F1
    # precision 0.9: only 0.8 and up (F1 0.77) and the rules alone (F1 0.67) reach it
    assert choose_threshold(golds, traced, models, target=0.9) == 0.8
    assert choose_threshold(golds, traced, models, target=1.01) is None  # nothing reaches it: no pair readings
    # a gold digest with no extraction here (another fold's) counts for nothing, not as all missed
    other = Gold("u.txt", {}, {}, {(f"p{i}", "worksFor", "b") for i in range(50)}, set())
    assert choose_threshold(golds | {"u.txt": other}, traced, models, target=0.65) == 0.55


def test_kg_eval_folds_reports_each_fold_and_the_mean_and_worst(runner, corpus, sample_json):
    code, out, err = runner("eval", corpus, "--folds", "2", "--format", "json")
    assert code == 0, err
    cv = json.loads(out)
    assert [f["fold"] for f in cv["folds"]] == [1, 2] and sum(f["digests"] for f in cv["folds"]) == len(sample_json)
    assert all(f["threshold"] is None or f["threshold"] in THRESHOLDS for f in cv["folds"])
    for kind in ("rules", "learned"):
        f1 = [f[kind]["f"] for f in cv["folds"]]
        assert cv["summary"][kind]["worst"]["f"] == min(f1)
        assert cv["summary"][kind]["mean"]["f"] == pytest.approx(sum(f1) / 2)


# ------------------------------------------------------------------------------ ../shared (scripts/score)


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def dev_run(extractor, shared):
    return _run(extractor, shared / "corpus" / "dev")


@pytest.mark.shared
def test_kg_eval_agrees_with_the_shared_scorer(runner, shared, tmp_path):
    dev = shared / "corpus" / "dev"
    code, out, err = runner("eval", dev, "--format", "json")
    assert code == 0, err
    ours = json.loads(out)
    code, jsonl, err = runner("extract", *sorted(dev.glob("*.txt")), "--format", "jsonl")
    pred = tmp_path / "p.jsonl"
    pred.write_text(jsonl, encoding="utf-8")
    theirs = _scorer(shared).score(str(dev), str(pred))
    for k in ("entity", "triple", "pair"):
        assert ours[k] == pytest.approx(theirs[k]), k
    assert {p: (v.get("tp", 0), v.get("fp", 0), v.get("fn", 0)) for p, v in ours["per_predicate"].items()} \
        == {p: (v.get("tp", 0), v.get("fp", 0), v.get("fn", 0)) for p, v in theirs["per_predicate"].items()}
    # every error comes with its evidence
    assert all(fp["evidence"] for fp in ours["false_positives"])
    assert ours["misses"] and all("sentences" in m for m in ours["misses"])


@pytest.mark.shared
def test_kg_eval_agrees_with_the_shared_scorer_on_the_samples(runner, shared, corpus, tmp_path):
    """The shared scorer reads the sample gold files as kg eval does."""
    code, out, err = runner("eval", corpus, "--format", "json")
    assert code == 0, err
    code, jsonl, err = runner("extract", *sorted(corpus.glob("*.txt")), "--format", "jsonl")
    pred = tmp_path / "p.jsonl"
    pred.write_text(jsonl, encoding="utf-8")
    theirs = _scorer(shared).score(str(corpus), str(pred))
    for k in ("entity", "triple", "pair"):
        assert json.loads(out)[k] == pytest.approx(theirs[k]), k


@pytest.mark.shared
def test_precision_rises_with_min_confidence(dev_run):
    golds, xs = dev_run
    precision = [evaluate(golds, xs, min_confidence=c).scores()["triple"]["p"] for c in (0.0, 0.5, 0.8)]
    assert precision[0] < precision[1] <= precision[2], precision


@pytest.mark.shared
def test_dev_targets(dev_run, shared, tmp_path):
    """Issue 9's dev targets on all of ../shared/corpus/dev (113 digests), measured with the shared scorer
    itself: triple F1 >= 0.80 and entity F1 >= 0.92 (held here at 0.94, with precision >= 0.93). Now:
    entity F1 0.944, triple F1 0.812 (P 0.941), the rules alone (the shipped pair model reads nothing:
    it did not beat them in the cross-validation by digest)."""
    golds, xs = dev_run
    lines = []
    for x in xs:
        lines += [json.dumps(r) for r in entity_records(x)]
        lines += [json.dumps(triple_record(x, t)) for t in x.triples if t.confidence >= 0.5]
    pred = tmp_path / "p.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = _scorer(shared).score(str(shared / "corpus" / "dev"), str(pred))
    assert r["entity"]["f"] >= 0.94, r["entity"]
    assert r["triple"]["f"] >= 0.80 and r["triple"]["p"] >= 0.93, r["triple"]
