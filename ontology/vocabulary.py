"""The vocabulary the code uses, read once from the ontology file (``digestkg.ttl``): nothing else
lists the entity types, the core predicates, the symmetric ones or the event classes.

- entity types: the classes of ``kg:Entity``'s union, in its order;
- core predicates: the sub-properties of ``kg:relation``, in alphabetical order;
- symmetric predicates: those that are also ``owl:SymmetricProperty``;
- event kinds: each event class with the ``kg:eventPredicate`` it is read from.

Adding a predicate is then an entry in the ontology (and its lexicon entries and a test sentence).

>>> ENTITY_TYPES
('Company', 'Product', 'Person', 'GovernmentBody', 'Place')
>>> len(PREDICATES), sorted(SYMMETRIC), EVENT_KINDS["releases"]
(15, ['competesWith', 'partnersWith'], 'Release')
>>> label("investsIn"), label("https://digestkg.org/ontology#GovernmentBody")
('invests in', 'government body')
>>> str(PREDICATE_PROPERTIES["owns"]), str(TYPE_CLASSES["Company"])
('https://digestkg.org/ontology#owns', 'https://digestkg.org/ontology#Company')
"""

from __future__ import annotations

from rdflib import RDF, RDFS, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL

from . import KG, NS, ontology_graph

__all__ = [
    "ENTITY_TYPES",
    "PREDICATES",
    "SYMMETRIC",
    "EVENT_KINDS",
    "TYPE_CLASSES",
    "PREDICATE_PROPERTIES",
    "EVENT_CLASSES",
    "label",
]


def _local(term: object) -> str:
    text = str(term)
    if not text.startswith(NS):
        raise ValueError(f"{text} is not a term of the digestkg ontology")
    return text[len(NS):]


def _labels() -> dict[str, str]:
    g = ontology_graph()
    return {_local(t): str(lab) for t, lab in g.subject_objects(RDFS.label)
            if str(t).startswith(NS) and getattr(lab, "language", None) == "en"}


def label(term: str) -> str:
    """The ontology's English label of a class or property, by IRI or local name (the local name
    itself for a term it does not label)."""
    name = term.rsplit("#", 1)[-1]
    return _LABELS.get(name, name)


def _read() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str], dict[str, str], tuple[str, ...]]:
    g = ontology_graph()
    union = next(g.objects(next(g.objects(KG.Entity, OWL.equivalentClass)), OWL.unionOf))
    types = tuple(_local(c) for c in Collection(g, union))
    predicates = tuple(sorted(_local(p) for p in g.subjects(RDFS.subPropertyOf, KG.relation)))
    symmetric = frozenset(p for p in predicates if (KG[p], RDF.type, OWL.SymmetricProperty) in g)
    kinds = dict(sorted((_local(p), _local(c)) for c, p in g.subject_objects(KG.eventPredicate)))
    events = tuple(sorted(_local(c) for c in g.subjects(RDFS.subClassOf, KG.Event)))
    return types, predicates, symmetric, kinds, events


ENTITY_TYPES, PREDICATES, SYMMETRIC, EVENT_KINDS, _EVENTS = _read()
_LABELS = _labels()
TYPE_CLASSES: dict[str, URIRef] = {t: KG[t] for t in ENTITY_TYPES}
PREDICATE_PROPERTIES: dict[str, URIRef] = {p: KG[p] for p in PREDICATES}
# every Event subclass, Hiring included (read from worksFor, which yields no event of its own)
EVENT_CLASSES: dict[str, URIRef] = {k: KG[k] for k in _EVENTS}
