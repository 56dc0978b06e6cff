"""The lexicon: the trigger lexicons and word lists of ``lexicon.json`` that the mention and
relation rules read, validated against their schema when loaded (a typo in the data must not
silently disable a rule)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

# the shape of each trigger section: allowed keys, and the keys every entry must have
_TRIGGER_SCHEMA: dict[str, tuple[set[str], set[str]]] = {
    "verb_triggers": ({"predicate", "lemmas", "pattern", "active_objects", "preps", "inverse", "particles",
                       "object_types", "subject_types", "passive_preps", "object_operates", "possessor_agent",
                       "prep_nouns", "frame", "unit_owners", "onset_heads"}, {"predicate", "lemmas", "pattern"}),
    "noun_triggers": ({"predicate", "nouns", "modifiers", "preps", "pattern", "relative_verbs", "co_agents",
                       "inverse"}, {"predicate", "nouns", "preps", "pattern"}),
    "of_nouns": ({"predicate", "nouns", "preps", "direction", "head_types", "pattern", "unit_owners"},
                 {"predicate", "nouns", "preps", "direction", "pattern"}),
    "compound_relations": ({"predicate", "nouns", "direction", "hyphenated", "pattern"},
                           {"predicate", "nouns", "direction"}),
    "possessive_relations": ({"predicate", "nouns", "direction", "pattern"}, {"predicate", "nouns", "direction"}),
}


# sections of word lists that the mention rules read, with the keys each must have
_WORD_SECTIONS: dict[str, set[str]] = {
    "state_governments": {"heads", "modified_heads", "levels", "pattern"},
    "model_numbers": {"units", "suffixes", "not_codes", "not_code_prefixes", "pattern"},
    "acquired_objects": {"verbs", "particle_verbs", "nouns", "pattern"},
    "family_names": {"names", "pattern"},
    "seat_nouns": {"nouns", "predicates", "pattern"},
    "org_name_ends": {"words", "pattern"},
    "government_compounds": {"nouns", "pattern"},
    "nationality_endings": {"endings", "pattern"},
    "programme_heads": {"words", "pattern"},
    "person_pronouns": {"words", "pattern"},
    "countries": {"nouns", "names", "pattern"},
    "product_variants": {"not_words", "pattern"},
    "national_centres": {"starts", "ends", "pattern"},
    "name_titles": {"words", "pattern"},
}


# word lists that rules compare with one token's lower-case form: each entry one lower-case word
_TOKEN_LISTS = ("org_name_ends.words", "government_compounds.nouns", "programme_heads.words",
                "person_pronouns.words", "product_variants.not_words", "national_centres.starts",
                "national_centres.ends", "name_titles.words")


def validate_lexicon(lex: dict[str, Any]) -> None:
    """Raise ValueError when a trigger entry has an unknown or missing key or an unknown predicate,
    or a word list holds anything but strings: a typo in the data must not silently disable a rule."""
    from ..ontology.model import ENTITY_TYPES, PREDICATES

    for section, (allowed, required) in _TRIGGER_SCHEMA.items():
        for k, entry in enumerate(lex[section]):
            where = f"lexicon.json {section}[{k}]"
            if set(entry) - allowed or required - set(entry):
                raise ValueError(f"{where}: unknown keys {sorted(set(entry) - allowed)}, "
                                 f"missing {sorted(required - set(entry))}")
            if entry["predicate"] not in PREDICATES:
                raise ValueError(f"{where}: unknown predicate {entry['predicate']!r}")
            for key in ("subject_types", "object_types", "head_types"):
                if not set(entry.get(key, ())) <= set(ENTITY_TYPES):
                    raise ValueError(f"{where}: unknown type in {key}")
    for section, value in lex.items():
        if isinstance(value, list) and section not in _TRIGGER_SCHEMA \
                and not all(isinstance(w, str) for w in value):
            raise ValueError(f"lexicon.json {section}: a word list holds a non-string")
        if isinstance(value, dict):  # a section of word lists: each list holds only strings
            for key, words in value.items():
                if isinstance(words, list) and not all(isinstance(w, str) for w in words):
                    raise ValueError(f"lexicon.json {section}.{key}: a word list holds a non-string")
    for section, keys in _WORD_SECTIONS.items():
        if set(lex.get(section, {})) != keys:
            raise ValueError(f"lexicon.json {section}: keys must be {sorted(keys)}")
    for path in _TOKEN_LISTS:
        section, key = path.split(".")
        if any(w != w.lower() or not w or " " in w for w in lex[section][key]):
            raise ValueError(f"lexicon.json {path}: each entry must be one lower-case word")


@cache
def lexicon() -> dict[str, Any]:
    """The trigger lexicons and word lists (``loaders/lexicon.json``), validated when loaded."""
    lex = json.loads((files(__package__) / "lexicon.json").read_text(encoding="utf-8"))
    validate_lexicon(lex)
    return lex
