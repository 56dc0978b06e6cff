"""The learned pair classifier (loaders/pairs.py): its instances, its model file, training and
how the extractor uses it. Sentences are written for these tests; the model trained here is
trained on the repository's own samples."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from digestkg.loaders.extract import Extractor
from digestkg.loaders.pairs import FEATURES_VERSION, PairModel, default_model
from digestkg.loaders.relations import domain_range, fits
from digestkg.ontology.model import SYMMETRIC, Digest, Story

from digestkg.evaluate import THRESHOLDS


def _digest(*paragraphs: str) -> Digest:
    return Digest("pairs-test.txt", "T", "2024-05-06", "file", None, "", [Story(1, "A headline", list(paragraphs))], "")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, corpus, extractor) -> tuple[Path, PairModel]:
    """A pair model trained by `kg eval samples --train FILE` (in a subprocess-free run of the CLI)."""
    from digestkg import cli, core

    out = tmp_path_factory.mktemp("pairs") / "model.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(core.KnowledgeGraph, "extractor", property(lambda self: extractor))
        mp.setenv("KG_DATA", str(out.parent / "data"))
        assert cli.main(["eval", str(corpus), "--train", str(out)]) == 0
    return out, PairModel.load(out)


def test_probability_is_the_logistic_of_bias_plus_weights_and_unknown_features_count_nothing():
    m = PairModel({"b=buy": {"acquires": 2.0, "owns": 0.5}, "lca=sue": {"sues": 4.0}}, {"acquires": -1.0}, 0.5)
    probs = m.probabilities(["b=buy", "never-seen"], ["acquires", "owns", "sues"])
    assert probs["acquires"] == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert probs["owns"] == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert probs["sues"] == 0.5  # no weight and no bias: even odds


def test_instances_are_typed_by_the_ontology_and_symmetric_ones_come_once(extractor):
    text = ("Lumo Robotics, a Suzhou start-up backed by Tencent Holdings, hired Ada Wen from Baidu "
            "and now competes with Unitree Robotics in Germany.")
    ((x, found),) = list(extractor.extract_instances([_digest(text)]))
    assert found
    dr = domain_range()
    readings = [(i.subject.name, i.predicate, i.object.name) for i, _ in found]
    assert len(readings) == len(set(readings))
    for inst, triple in found:
        dom, rng = dr[inst.predicate]
        assert inst.subject.type in dom and inst.object.type in rng, inst
        assert fits(inst.subject.type, dom) and triple.evidence == text and triple.confidence == 0.0
        assert inst.features and inst.features[0].startswith("t=")
        if inst.predicate in SYMMETRIC:
            assert (inst.object.name, inst.predicate, inst.subject.name) not in readings
    names = {n for r in readings for n in (r[0], r[2])}
    assert {"Tencent Holdings", "Baidu", "Ada Wen"} <= names
    assert not any(p == "owns" and s == "Ada Wen" for s, p, _ in readings)  # a person owns nothing


def test_kg_eval_train_writes_a_versioned_model(trained):
    path, model = trained
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features_version"] == FEATURES_VERSION and data["trained_on"].startswith("samples: ")
    assert model.weights and set(model.bias) <= set(domain_range())
    assert model.threshold in THRESHOLDS  # chosen by a cross-validation on the samples


def test_a_model_built_for_other_features_is_refused(trained, tmp_path):
    path, _ = trained
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features_version"] = FEATURES_VERSION + 1
    other = tmp_path / "old.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="train it again"):
        PairModel.load(other)


def test_the_extractor_adds_what_the_model_reads_and_nothing_without_it(trained, extractor, corpus):
    from digestkg.loaders.digest import split_digest
    from digestkg.ontology.model import Source

    _, model = trained
    digests = [split_digest(Source(p.name, p.read_text(encoding="utf-8"))) for p in sorted(corpus.glob("*.txt"))]
    rules = Extractor(extractor.table, pairs=False)
    rules.nlp = extractor.nlp
    with_model = Extractor(extractor.table, pairs=model)
    with_model.nlp = extractor.nlp
    plain = [c for _, cands in rules.extract_traced(digests) for c in cands]
    learned = [c for _, cands in with_model.extract_traced(digests) for c in cands]
    assert plain and not any(c.rule == "pairs" for c in plain)
    added = [c for c in learned if c.rule == "pairs"]
    assert added and all(model.threshold <= c.confidence <= 1 for c in added)
    # the rules' own facts are untouched: the model only adds
    assert {(c.subject.name, c.predicate, c.object.name, c.confidence) for c in plain} \
        <= {(c.subject.name, c.predicate, c.object.name, c.confidence) for c in learned}


def test_the_shipped_model_loads():
    """`loaders/pair_model.json` is trained by `scripts/train` from ../shared/corpus/dev."""
    model = default_model()
    assert model is not None and dict(model.meta)["trained_on"].startswith("dev: ")


def test_a_model_without_threshold_reads_nothing_and_keeps_none_in_its_file(extractor, tmp_path):
    """Where no threshold reached the target precision in training, the model is kept but reads nothing."""
    text = "Ada Wen, a former Baidu engineer, now leads research at Lumo Robotics in Suzhou."
    eager = PairModel({}, {p: 5.0 for p in domain_range()}, 0.5)  # every reading at probability 0.99
    silent = PairModel.load(PairModel(eager.weights, eager.bias, None).save(tmp_path / "none.json"))
    assert silent.threshold is None
    read = {}
    for name, model in (("eager", eager), ("silent", silent)):
        ex = Extractor(extractor.table, pairs=model)
        ex.nlp = extractor.nlp
        read[name] = [c for _, cands in ex.extract_traced([_digest(text)]) for c in cands if c.rule == "pairs"]
    assert read["eager"] and read["silent"] == []
