"""Small hand-made extractions for tests and examples (no extractor needed).

``sample_extraction()`` is a two-story digest: SAMR penalises ByteDance (an event with an
amount, evidence with quotes, ``</script>``, a newline and Chinese text), and ByteDance
owns Douyin and TikTok and is based in Beijing. ``other_extraction()`` is a second digest
that mentions TikTok; ``changed_extraction()`` is the first digest re-edited without
TikTok and without Beijing.

>>> x = sample_extraction()
>>> [s.number for s in x.digest.stories], len(x.triples)
([1, 2], 4)
"""

from __future__ import annotations

from typing import Any

from digestkg.ontology.model import Digest, Entity, Event, Extraction, Story, Triple
from rdflib import Literal, URIRef

XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")

__all__ = [
    "INGESTED_AT",
    "EVIDENCE",
    "VERSION",
    "MIN_CONFIDENCE",
    "BYTEDANCE",
    "DOUYIN",
    "TIKTOK",
    "SAMR",
    "BEIJING",
    "BRAZIL",
    "ORACLE",
    "sample_extraction",
    "changed_extraction",
    "other_extraction",
    "rdflib_form",
]

INGESTED_AT = "2024-05-01T12:00:00Z"
EVIDENCE = (
    'The State Administration for Market Regulation fined ByteDance (字节跳动) 18.23 billion yuan, '
    'calling it "a warning" </script>\nand a \\ backslash.'
)
BYTEDANCE = Entity("ByteDance", "Company", aliases=("字节跳动",), wikidata="Q55606379")
DOUYIN = Entity("Douyin", "Product")
TIKTOK = Entity("TikTok", "Product", wikidata="Q48938223")
SAMR = Entity("State Administration for Market Regulation", "GovernmentBody", aliases=("SAMR",))
BEIJING = Entity("Beijing", "Place")
BRAZIL = Entity("Brazil", "Place")
ORACLE = Entity("Oracle", "Company")
VERSION = "digestkg-extract/test"
MIN_CONFIDENCE = 0.5  # the sample digest and its re-edition were stored at it; the other digest records none


def _digest(doc: str, url: str | None, date: str, stories: list[Story], extra: str = "") -> Digest:
    text = "\n\n".join(["Tech Digest", *(s.text for s in stories), extra]).strip()
    return Digest(doc=doc, title="Tech Digest", date=date, date_source="text", source_url=url,
                  intro="", stories=stories, text=text)


def sample_extraction() -> Extraction:
    stories = [
        Story(1, "SAMR Fines ByteDance", [EVIDENCE]),
        Story(2, "ByteDance's Apps", ["ByteDance owns Douyin and TikTok.", "ByteDance is based in Beijing."]),
    ]
    d = _digest("digest-15.txt", "https://example.com/digest/15", "2021-09-14", stories)
    penalty = Event("Penalty", SAMR, BYTEDANCE, "2021-09-14", "18.23 billion yuan")
    return Extraction(
        digest=d,
        entities={1: [SAMR, BYTEDANCE], 2: [BYTEDANCE, DOUYIN, TIKTOK, BEIJING]},
        triples=[
            Triple(SAMR, "penalizes", BYTEDANCE, 1, EVIDENCE, 0.9, penalty),
            Triple(BYTEDANCE, "owns", DOUYIN, 2, "ByteDance owns Douyin and TikTok.", 0.95),
            Triple(BYTEDANCE, "owns", TIKTOK, 2, "ByteDance owns Douyin and TikTok.", 0.8),
            Triple(BYTEDANCE, "basedIn", BEIJING, 2, "ByteDance is based in Beijing.", 0.7),
        ],
        extractor_version=VERSION,
        min_confidence=MIN_CONFIDENCE,
    )


def changed_extraction() -> Extraction:
    """The first digest re-edited: TikTok and Beijing are gone from it."""
    stories = [
        Story(1, "SAMR Fines ByteDance", [EVIDENCE]),
        Story(2, "ByteDance's Apps", ["ByteDance owns Douyin."]),
    ]
    d = _digest("digest-15.txt", "https://example.com/digest/15", "2021-09-14", stories)
    x = sample_extraction()
    return Extraction(
        digest=d,
        entities={1: [SAMR, BYTEDANCE], 2: [BYTEDANCE, DOUYIN]},
        triples=[x.triples[0], Triple(BYTEDANCE, "owns", DOUYIN, 2, "ByteDance owns Douyin.", 0.95)],
        extractor_version=VERSION,
        min_confidence=MIN_CONFIDENCE,
    )


def other_extraction() -> Extraction:
    """A second digest (no source URL): TikTok expands to Brazil; Oracle and ByteDance partner (twice)."""
    stories = [Story(1, "TikTok Expands", ["TikTok launched in Brazil.", "Oracle partners with ByteDance."])]
    d = _digest("digest-16.txt", None, "2021-09-21", stories)
    return Extraction(
        digest=d,
        entities={1: [TIKTOK, BRAZIL]},
        triples=[
            Triple(TIKTOK, "operatesIn", BRAZIL, 1, "TikTok launched in Brazil.", 0.85,
                   Event("Expansion", TIKTOK, BRAZIL, "2021-09-20")),
            Triple(ORACLE, "partnersWith", BYTEDANCE, 1, "Oracle partners with ByteDance.", 0.6),
            Triple(BYTEDANCE, "partnersWith", ORACLE, 1, "Oracle partners with ByteDance.", 0.5),
        ],
        extractor_version=VERSION,
    )


def rdflib_form(terms: tuple[Any, ...]) -> tuple[Any, ...]:
    """A triple or quad with its typed literals as rdflib's parsers give them back (normalised:
    an xsd:dateTime's "Z" becomes "+00:00"), to compare a store's terms with a parsed export.

    >>> rdflib_form((Literal("2024-05-01T00:00:00Z", datatype=XSD_DATETIME, normalize=False),))[0]
    rdflib.term.Literal('2024-05-01T00:00:00+00:00', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#dateTime'))
    """
    return tuple(Literal(str(t), datatype=t.datatype) if isinstance(t, Literal) and t.datatype else t
                 for t in terms)
