"""The digestkg ontology: namespaces and the closed set of terms the code may use.

``KG`` only has the terms that ``digestkg.ttl`` defines, so code that names an
undefined class or predicate fails at once:

>>> str(KG.releases)
'https://digestkg.org/ontology#releases'
>>> KG.notAPredicate  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'notAPredicate' not in namespace
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, XSD, ClosedNamespace

__all__ = [
    "NS",
    "KG",
    "ID",
    "PREFIXES",
    "QUERY_PREFIXES",
    "WIKIDATA",
    "ONTOLOGY_FILE",
    "ontology_graph",
    "defined_terms",
]

NS = "https://digestkg.org/ontology#"
WIKIDATA = "http://www.wikidata.org/entity/"
ID = Namespace("https://digestkg.org/id/")  # entities, digests, stories, events, statements
ONTOLOGY_FILE = files(__package__) / "digestkg.ttl"


@cache
def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (parsed once)."""
    g = Graph()
    g.parse(data=ONTOLOGY_FILE.read_text(encoding="utf-8"), format="turtle")
    return g


@cache
def defined_terms() -> frozenset[str]:
    """Local names of every class and property the ontology declares."""
    g = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.SymmetricProperty,
             OWL.AnnotationProperty, RDF.Property)
    return frozenset(
        str(s)[len(NS):]
        for k in kinds
        for s in g.subjects(RDF.type, k)
        if isinstance(s, URIRef) and str(s).startswith(NS)
    )


KG = ClosedNamespace(NS, sorted(defined_terms()))

PREFIXES = {
    "kg": NS,
    "kgid": str(ID),
    "schema": str(SDO),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "wd": WIKIDATA,
    # entity IRIs read as company:bytedance, product:douyin, ... in Turtle, TriG and JSON-LD
    **{p: f"{ID}{t.lower()}/" for p, t in (
        ("company", "Company"), ("product", "Product"), ("person", "Person"), ("gov", "GovernmentBody"),
        ("place", "Place"))},
}
# what queries may use without declaring (a PREFIX in the query wins): the above, and dcterms for dct
QUERY_PREFIXES = {**PREFIXES, "dcterms": str(DCTERMS)}
