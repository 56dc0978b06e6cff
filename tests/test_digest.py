"""Splitting digests into stories."""

import pytest
from digestkg.loaders.digest import split_digest
from digestkg.loaders.model import InputError, Source


def test_seed_digest_has_four_stories(corpus):
    text = (corpus / "seed-digest.txt").read_text(encoding="utf-8")
    d = split_digest(Source("seed-digest.txt", text), today="2024-03-01")
    assert d.title == "China Digital Digest Weekly: Exploring the Chinese Digital Landscape"
    assert [s.number for s in d.stories] == [1, 2, 3, 4]
    assert d.stories[2].headline.startswith("ByteDance Releases SDXL-Lightning Model")
    assert any("SDXL-Lightning" in p for p in d.stories[2].paragraphs)
    # the wrap-up and page furniture belong to no story
    assert not any("Wrapping Up" in p or "click here" in p for s in d.stories for p in s.paragraphs)
    assert d.intro.startswith("Hi folks")
    assert (d.date, d.date_source) == ("2024-03-01", "ingest")


def test_every_dev_digest_splits(dev_digests):
    for path in dev_digests:
        d = split_digest(Source(path.name, path.read_text(encoding="utf-8")))
        assert len(d.stories) >= 2, path.name
        assert all(s.paragraphs for s in d.stories), path.name


def test_numbers_out_of_sequence_stay_in_the_story():
    text = "T\n\n1. First\n\nA bought B.\n\n3. Not a story\n\n2. Second\n\nC sued D."
    d = split_digest(Source("x.txt", text))
    assert [s.headline for s in d.stories] == ["First", "Second"]
    assert d.stories[0].paragraphs == ["A bought B.", "3. Not a story"]


def test_page_date_wins_over_ingest_date():
    d = split_digest(Source("x", "T\n\n1. A Headline\n\nBody.", url="https://e.org/x", date="2024-02-26"))
    assert (d.date, d.date_source, d.source_url) == ("2024-02-26", "page", "https://e.org/x")


def test_a_digest_without_stories_is_an_error():
    with pytest.raises(InputError, match=r"^notes.txt: no numbered stories"):
        split_digest(Source("notes.txt", "Just a note.\n\nNothing numbered here."))
