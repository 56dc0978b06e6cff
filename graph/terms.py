"""Terms between rdflib and pyoxigraph, and terms written into SPARQL text.

Literals keep the lexical form the store holds (rdflib would normalise some: an xsd:dateTime's
"Z" would become "+00:00"), so that every export and every query result writes the same form.

>>> from rdflib import Literal, URIRef
>>> from_ox(to_ox(URIRef("https://digestkg.org/id/company/bytedance")))
rdflib.term.URIRef('https://digestkg.org/id/company/bytedance')
>>> str(from_ox(ox.Literal("2024-05-01T12:00:00Z", datatype=ox.NamedNode(XSD_DATETIME))))
'2024-05-01T12:00:00Z'
>>> print(iri_term("https://digestkg.org/id/company/bytedance"), literal('say "hi"'))
<https://digestkg.org/id/company/bytedance> "say \\"hi\\""
>>> print(nt_term(Literal("two\\nlines", lang="en")))
"two\\nlines"@en
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

if TYPE_CHECKING:  # (store.py imports the model, which reads terms through this module)
    from digestkg.graph.store import Quad

__all__ = ["to_ox", "from_ox", "quad_from_ox", "uri", "named_node", "nt_term", "iri_term", "literal", "XSD_STRING"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
_IRI = re.compile(r"^[^\s<>\"{}|\\^`]+$")
_NT_XSD_STRING = f"<{XSD_STRING}>"
# N-Triples string escapes, as pyoxigraph writes them (str() of an ox.Literal)
_NT_ESCAPES = str.maketrans({
    **{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
    "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\",
})


def iri_term(iri: str) -> str:
    """An IRI as a SPARQL term, after checking it is one.

    >>> print(iri_term("https://digestkg.org/id/company/bytedance"))
    <https://digestkg.org/id/company/bytedance>
    """
    if not _IRI.match(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def literal(text: str) -> str:
    """A SPARQL string literal (JSON escaping is valid SPARQL escaping)."""
    return json.dumps(text, ensure_ascii=False)


@lru_cache(maxsize=100_000)
def uri(value: str) -> URIRef:
    """An rdflib IRI, cached (the same IRIs come back again and again)."""
    return URIRef(value)


@lru_cache(maxsize=100_000)
def named_node(value: str) -> ox.NamedNode:
    """A pyoxigraph IRI, cached."""
    return ox.NamedNode(value)


@lru_cache(maxsize=100_000)
def _nt_iri(value: str) -> str:
    """An IRI in N-Triples syntax, once pyoxigraph has checked it (ValueError if it is none); cached."""
    return str(ox.NamedNode(value))


@lru_cache(maxsize=1000)
def _nt_language(tag: str) -> str:
    """``@`` and a language tag as pyoxigraph writes it (lower case), once it has checked it; cached."""
    return str(ox.Literal("", language=tag))[2:]


def nt_term(t: Node) -> str:
    """An rdflib IRI or literal in N-Triples syntax (which SPARQL and N-Quads share), as ``str(to_ox(t))``
    writes it but without building the pyoxigraph term; ValueError for an invalid IRI, TypeError for a
    blank node or anything else."""
    if isinstance(t, URIRef):
        return _nt_iri(str(t))  # a plain str key: comparing URIRefs runs rdflib's Python __eq__
    if isinstance(t, Literal):
        quoted = f'"{str.translate(t, _NT_ESCAPES)}"'
        if t.language:
            return quoted + _nt_language(t.language)
        datatype = _nt_iri(str(t.datatype)) if t.datatype is not None else _NT_XSD_STRING
        return quoted if datatype == _NT_XSD_STRING else f"{quoted}^^{datatype}"
    raise TypeError(f"not an IRI or literal: {t!r}")


def from_ox(t: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None; the default graph is rdflib's)."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return uri(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        # the lexical form as stored (rdflib would rewrite "Z" as "+00:00" and so differ from Oxigraph)
        return Literal(t.value) if dt == XSD_STRING else Literal(t.value, datatype=uri(dt), normalize=False)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    raise TypeError(f"unsupported pyoxigraph term: {t!r}")


def to_ox(t: Node) -> Any:
    """An rdflib term as a pyoxigraph term; raises ValueError for an invalid IRI or language tag."""
    if isinstance(t, URIRef):
        if t == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        return named_node(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is None:
            return ox.Literal(str(t))
        return ox.Literal(str(t), datatype=named_node(str(t.datatype)))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


def quad_from_ox(q: ox.Quad) -> Quad:
    """A pyoxigraph quad as a tuple of rdflib terms."""
    return (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))  # type: ignore[return-value]
