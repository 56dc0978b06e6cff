"""How values are written as RDF literals, in the canonical forms stores give back.

Every writer of the model (``pgraph.to_quads``, through it ``rdf.extraction_quads``) and every reader
(``pgraph.from_quads``) goes through these, so a value reads back as it was written.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from digestkg.ontology.names import name_language
from rdflib import Literal, Namespace

# a plain Namespace: pytest probing rdflib's XSD (a DefinedNamespace) for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

__all__ = [
    "decimal_literal",
    "datetime_literal",
    "date_literal",
    "calendar_date",
    "alias_literal",
]


def decimal_literal(value: float, places: int = 3) -> Literal:
    """An xsd:decimal rounded to ``places``, in canonical form (as stores give it back).

    >>> str(decimal_literal(0.9500001)), str(decimal_literal(1.0)), str(decimal_literal(0.1234))
    ('0.95', '1', '0.123')
    """
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = format(d.normalize(), "f")
    return Literal(text if text != "-0" else "0", datatype=XSD.decimal)


def datetime_literal(value: str) -> Literal:
    """An xsd:dateTime from an ISO date-time, in canonical form (UTC written ``Z``, as stores and
    Jena write it, so that every export format holds the same lexical form).

    >>> str(datetime_literal("2024-05-01T12:00:00+00:00")), str(datetime_literal("2024-05-01T20:00:00+08:00"))
    ('2024-05-01T12:00:00Z', '2024-05-01T20:00:00+08:00')
    """
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not an ISO date-time: {value!r}") from None
    lexical = value[:-6] + "Z" if value.endswith(("+00:00", "-00:00")) else value
    return Literal(lexical, datatype=XSD.dateTime, normalize=False)


def date_literal(value: str) -> Literal:
    """A calendar date (edition or event date) as an xsd:dateTime at 00:00 UTC, as Wikidata writes
    dates: xsd:date is outside OWL 2's datatype map, so OWL reasoners refuse it. Readers take the
    first ten characters back (see ``calendar_date``).

    >>> str(date_literal("2024-02-26")), calendar_date(date_literal("2024-02-26"))
    ('2024-02-26T00:00:00Z', '2024-02-26')
    """
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r}") from None
    return Literal(f"{value}T00:00:00Z", datatype=XSD.dateTime, normalize=False)


def calendar_date(lexical: object) -> str:
    """The ISO date of an edition or event date as stored (see ``date_literal``)."""
    return str(lexical)[:10]


def alias_literal(alias: str, names: list[str]) -> Literal:
    """An alias with its language tag when known (see ``ontology.names.name_language``); ``names``
    are all the entity's names, which tell pinyin from other Latin spellings.

    >>> alias_literal("字节跳动", ["ByteDance"]).n3(), alias_literal("Zijie Tiaodong", ["字节跳动"]).n3()
    ('"字节跳动"@zh-Hans', '"Zijie Tiaodong"@zh-Latn-pinyin')
    """
    return Literal(alias, lang=name_language(alias, names))
