"""Splitting digests into stories."""

import pytest
from digestkg.loaders.digest import split_digest
from digestkg.ontology.model import InputError, Source


def test_seed_digest_has_four_stories(corpus):
    text = (corpus / "seed-digest.txt").read_text(encoding="utf-8")
    d = split_digest(Source("seed-digest.txt", text), today="2024-03-01")
    assert d.title == "The Weekly Circuit: China's Apps and the New Image Models"
    assert [s.number for s in d.stories] == [1, 2, 3, 4]
    assert d.stories[2].headline.startswith("ByteDance Releases SDXL-Lightning")
    assert any("SDXL-Lightning" in p for p in d.stories[2].paragraphs)
    assert [len(s.paragraphs) for s in d.stories] == [2, 2, 2, 2]
    # the header lines, the wrap-up and what follows it belong to no story
    assert not any("Wrapping Up" in p or "That is all for this week" in p or "Date:" in p
                   for s in d.stories for p in s.paragraphs)
    assert d.intro.startswith("Hello and welcome back to The Weekly Circuit.")
    assert "Date:" not in d.intro and "Source:" not in d.intro
    # split_digest alone knows no header date: the reader (read_sources) finds it
    assert (d.date, d.date_source) == ("2024-03-01", "ingest")


def test_sample_digest_dated_by_its_header_line(corpus):
    from digestkg.loaders.sources import read_sources

    (src,) = read_sources(corpus / "weekly-2024-01-22.txt")
    d = split_digest(src, today="2030-01-01")
    assert (d.date, d.date_source) == ("2024-01-22", "file")
    assert [s.headline for s in d.stories] == [
        "Apple Vision Pro Goes on Sale for Pre-Order",
        "Samsung's Galaxy S24 Brings Google's Gemini to Its Phones",
        "Xiaomi Shows Its First Car, the SU7",
        "Synopsys Agrees to Buy Ansys for 35 Billion Dollars",
    ]


def test_page_furniture_around_a_sample_is_dropped(corpus):
    """A scraped copy: page furniture before the title and after the wrap-up changes nothing."""
    text = (corpus / "weekly-2023-04-03.txt").read_text(encoding="utf-8")
    scraped = ("top of page\n  \u2022 Writer's pictureThe Weekly Circuit\n\n" + text
               + "\nclick here to subscribe\n\nbottom of page\n")
    plain, page = (split_digest(Source("d.txt", t), today="2024-03-01") for t in (text, scraped))
    assert (page.title, page.intro, page.stories) == (plain.title, plain.intro, plain.stories)
    assert page.title == "The Weekly Circuit: The Chatbot Spring"
    assert not any("click here" in p or "bottom of page" in p for s in page.stories for p in s.paragraphs)


def test_every_sample_digest_splits_as_its_text_shows(corpus, dev_digests):
    """Each digest: 3 to 5 stories, 2 to 4 paragraphs each, numbered as the text numbers its headings."""
    import re

    assert len(dev_digests) >= 13
    for path in [corpus / "seed-digest.txt", *dev_digests]:
        text = path.read_text(encoding="utf-8")
        d = split_digest(Source(path.name, text))
        headings = re.findall(r"^(\d+)\. (.+)$", text, flags=re.M)
        assert [(str(s.number), s.headline) for s in d.stories] == headings, path.name
        assert 3 <= len(d.stories) <= 5, path.name
        assert all(2 <= len(s.paragraphs) <= 4 for s in d.stories), path.name


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
