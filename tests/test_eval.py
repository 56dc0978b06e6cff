"""`kg eval` agrees with ../shared/eval/score.py, and confidence means something."""

from __future__ import annotations

import importlib.util
import json

import pytest
from digestkg.loaders.digest import split_digest
from digestkg.loaders.model import Source

from digestkg.core import entity_records, triple_record
from digestkg.evaluate import evaluate, load_gold


@pytest.fixture(scope="module")
def dev_run(extractor, corpus):
    dev = corpus / "dev"
    golds = load_gold(dev)
    xs = list(extractor.extract_many(
        split_digest(Source(g.doc, (dev / g.doc).read_text(encoding="utf-8"))) for g in golds.values()))
    return golds, xs


def _scorer(corpus):
    spec = importlib.util.spec_from_file_location("score", corpus.parent / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_kg_eval_agrees_with_the_shared_scorer(runner, corpus, tmp_path):
    code, out, err = runner("eval", corpus / "dev", "--format", "json")
    assert code == 0, err
    ours = json.loads(out)
    code, jsonl, err = runner("extract", *sorted((corpus / "dev").glob("*.txt")), "--format", "jsonl")
    pred = tmp_path / "p.jsonl"
    pred.write_text(jsonl, encoding="utf-8")
    theirs = _scorer(corpus).score(str(corpus / "dev"), str(pred))
    for k in ("entity", "triple", "pair"):
        assert ours[k] == pytest.approx(theirs[k]), k
    assert {p: (v.get("tp", 0), v.get("fp", 0), v.get("fn", 0)) for p, v in ours["per_predicate"].items()} \
        == {p: (v.get("tp", 0), v.get("fp", 0), v.get("fn", 0)) for p, v in theirs["per_predicate"].items()}
    # every error comes with its evidence
    assert all(fp["evidence"] for fp in ours["false_positives"])
    assert ours["misses"] and all("sentences" in m for m in ours["misses"])


def test_text_report_lists_predicates_errors_and_evidence(runner, corpus):
    code, out, _ = runner("eval", corpus / "dev")
    assert code == 0
    assert out.splitlines()[0].split()[:4] == ["predicate", "P", "R", "F1"]
    assert "triple  P" in out and "misses:" in out


def test_precision_rises_with_min_confidence(dev_run):
    golds, xs = dev_run
    precision = [evaluate(golds, xs, min_confidence=c).scores()["triple"]["p"] for c in (0.0, 0.5, 0.8)]
    assert precision[0] < precision[1] <= precision[2], precision


def test_dev_targets(dev_run, corpus, tmp_path):
    """The issue's targets on ../shared/corpus/dev, measured with the shared scorer itself."""
    golds, xs = dev_run
    lines = []
    for x in xs:
        lines += [json.dumps(r) for r in entity_records(x)]
        lines += [json.dumps(triple_record(x, t)) for t in x.triples if t.confidence >= 0.5]
    pred = tmp_path / "p.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = _scorer(corpus).score(str(corpus / "dev"), str(pred))
    assert r["entity"]["f"] >= 0.90, r["entity"]
    assert r["triple"]["f"] >= 0.75, r["triple"]
