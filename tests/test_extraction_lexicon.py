"""The rule lexicon is data: it is checked against its schema when loaded, so that a typo in a
trigger entry fails loudly instead of silently disabling a rule (issue 9)."""

from __future__ import annotations

import copy

import pytest
from digestkg.loaders.lexicon import lexicon, validate_lexicon


def test_the_shipped_lexicon_is_valid():
    validate_lexicon(lexicon())


@pytest.mark.parametrize(("section", "change"), [
    ("verb_triggers", {"predicat": "owns"}),  # a misspelt key
    ("verb_triggers", {"predicate": "buys"}),  # a predicate the ontology lacks
    ("noun_triggers", {"object_types": ["Firm"]}),  # a key this section does not take
    ("of_nouns", {"head_types": ["Human"]}),  # an unknown entity type
])
def test_a_broken_entry_is_refused(section, change):
    lex = copy.deepcopy(lexicon())
    lex[section][0].update(change)
    with pytest.raises(ValueError):
        validate_lexicon(lex)


def test_a_word_list_holds_only_words():
    lex = copy.deepcopy(lexicon())
    lex["not_owned_nouns"].append(3)
    with pytest.raises(ValueError):
        validate_lexicon(lex)


def test_every_trigger_documents_its_pattern():
    assert all(t.get("pattern") for section in ("verb_triggers", "noun_triggers", "of_nouns")
               for t in lexicon()[section])
