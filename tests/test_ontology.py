"""The ontology file (ontology/digestkg.ttl) and the code's use of its terms."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

ROOT = Path(__file__).resolve().parents[1]
TTL = ROOT / "ontology" / "digestkg.ttl"
NS = "https://digestkg.org/ontology#"
KGN = Namespace(NS)
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
# a plain Namespace: pytest probing rdflib's closed XSD namespace for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_IRI = URIRef("https://digestkg.org/ontology")

ENTITY_TYPES = ("Company", "Product", "Person", "GovernmentBody", "Place")
EVENT_SUBCLASSES = (
    "Release",
    "Acquisition",
    "Investment",
    "Partnership",
    "Investigation",
    "Penalty",
    "Ban",
    "Lawsuit",
    "Exit",
    "Expansion",
    "Recruitment",
    "Hiring",
)
# predicate -> (domain classes, range classes), as the spec gives them; the ontology widens each to
# admit a product where the spec says company and the reverse (the typing policy in the README)
SPEC_PREDICATES = {
    "owns": ({"Company"}, {"Company", "Product"}),
    "releases": ({"Company", "Person"}, {"Product"}),
    "acquires": ({"Company"}, {"Company", "Product"}),
    "investsIn": ({"Company", "Person"}, {"Company"}),
    "partnersWith": ({"Company"}, {"Company"}),
    "competesWith": ({"Company", "Product"}, {"Company", "Product"}),
    "recruitsFrom": ({"Company"}, {"Company"}),
    "worksFor": ({"Person"}, {"Company", "GovernmentBody"}),
    "basedIn": ({"Company"}, {"Place"}),
    "operatesIn": ({"Company", "Product"}, {"Place"}),
    "exits": ({"Company", "Product"}, {"Place"}),
    "investigates": ({"GovernmentBody", "Company"}, {"Company", "Product"}),
    "penalizes": ({"GovernmentBody"}, {"Company", "Person"}),
    "bans": ({"GovernmentBody", "Company"}, {"Product", "Company"}),
    "sues": ({"Company", "Person", "GovernmentBody"}, {"Company"}),
}


def _company_or_product(classes: set[str]) -> set[str]:
    return classes | {"Company", "Product"} if classes & {"Company", "Product"} else classes


CORE_PREDICATES = {p: (_company_or_product(d), _company_or_product(r)) for p, (d, r) in SPEC_PREDICATES.items()}
OTHER_OBJECT_PROPERTIES = (
    "ownedBy",
    "eventAgent",
    "eventObject",
    "inStory",
    "inDigest",
    "mentions",
    "fromStatement",
    "wikidata",
)
DATATYPE_PROPERTIES = {
    "eventDate": XSD.dateTime,
    "amount": XSD.string,
    "storyNumber": XSD.integer,
    "headline": XSD.string,
    "evidence": XSD.string,
    "confidence": XSD.decimal,
    "extractorVersion": XSD.string,
    "minConfidence": XSD.decimal,
    "sourceUrl": XSD.anyURI,
    "editionDate": XSD.dateTime,
    "dateSource": XSD.string,
    "contentHash": XSD.string,
    "docName": XSD.string,
    "alias": RDF.PlainLiteral,  # a string with or without a language tag
    "ingestedAt": XSD.dateTime,
}
CODE_DIRS = ("graph", "loaders", "digestkg", "web")
CODE_PATTERNS = (re.compile(r"\bKG\.([A-Za-z_]\w*)"), re.compile(r"""KG\[\s*["'](\w+)["']"""))


@pytest.fixture(scope="module")
def g() -> Graph:
    graph = Graph()
    graph.parse(TTL, format="turtle")
    return graph


def _english(g: Graph, s: URIRef, p: URIRef) -> list[Literal]:
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "en" and str(o).strip()]


def _classes(g: Graph, node) -> set[str]:
    """Local names of a named kg: class or of the members of an owl:unionOf blank node."""
    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        assert members is not None, f"blank-node class without owl:unionOf: {node}"
        return set().union(*(_classes(g, m) for m in Collection(g, members)))
    assert isinstance(node, URIRef) and str(node).startswith(NS), node
    return {str(node)[len(NS) :]}


def _one(g: Graph, s: URIRef, p: URIRef):
    values = list(g.objects(s, p))
    assert len(values) == 1, f"{s} has {len(values)} {p} values"
    return values[0]


# 1. parses, is an owl:Ontology ---------------------------------------------------------------------


def test_parses_and_is_an_ontology(g: Graph) -> None:
    assert len(g) > 100
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert _english(g, ONTOLOGY_IRI, RDFS.label)
    assert _english(g, ONTOLOGY_IRI, RDFS.comment)
    assert str(g.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    created = g.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.dateTime


def test_prefixes_bound(g: Graph) -> None:
    bound = {prefix: str(ns) for prefix, ns in g.namespaces()}
    expected = {
        "kg": NS,
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "schema": str(SCHEMA),
        "prov": str(PROV),
        "dcterms": str(DCTERMS),
        "skos": str(SKOS),
    }
    for prefix, ns in expected.items():
        assert bound.get(prefix) == ns, prefix


# 2. required terms, labels, comments, domains, ranges -------------------------------------------------


@pytest.mark.parametrize("name", ["Entity", *ENTITY_TYPES])
def test_entity_classes(g: Graph, name: str) -> None:
    c = KGN[name]
    assert (c, RDF.type, OWL.Class) in g
    assert _english(g, c, RDFS.label), name
    assert _english(g, c, RDFS.comment), name
    if name != "Entity":
        assert (c, RDFS.subClassOf, KGN.Entity) in g


def test_entity_is_a_plain_class(g: Graph) -> None:
    assert (KGN.Entity, RDFS.subClassOf, PROV.Entity) not in g
    assert list(g.objects(KGN.Entity, RDFS.subClassOf)) == []


@pytest.mark.parametrize("name", sorted(CORE_PREDICATES))
def test_core_predicates(g: Graph, name: str) -> None:
    p = KGN[name]
    assert (p, RDF.type, OWL.ObjectProperty) in g
    assert _english(g, p, RDFS.label), name
    assert _english(g, p, RDFS.comment), name
    domain, range_ = CORE_PREDICATES[name]
    assert _classes(g, _one(g, p, RDFS.domain)) == domain, name
    assert _classes(g, _one(g, p, RDFS.range)) == range_, name


@pytest.mark.parametrize("name", [*OTHER_OBJECT_PROPERTIES, *DATATYPE_PROPERTIES])
def test_other_properties(g: Graph, name: str) -> None:
    p = KGN[name]
    kind = OWL.DatatypeProperty if name in DATATYPE_PROPERTIES else OWL.ObjectProperty
    assert (p, RDF.type, kind) in g, name
    assert _english(g, p, RDFS.label), name
    assert _english(g, p, RDFS.comment), name
    assert g.value(p, RDFS.domain) is not None, name
    rng = _one(g, p, RDFS.range)
    if name in DATATYPE_PROPERTIES:
        assert rng == DATATYPE_PROPERTIES[name], name


def test_every_declared_term_is_documented(g: Graph) -> None:
    from digestkg.ontology import defined_terms

    for name in defined_terms():
        term = KGN[name]
        assert _english(g, term, RDFS.label), name
        assert _english(g, term, RDFS.comment), name
        if (term, RDF.type, OWL.Class) not in g and (term, RDF.type, OWL.AnnotationProperty) not in g:
            assert g.value(term, RDFS.domain) is not None, name
            assert g.value(term, RDFS.range) is not None, name


def test_the_vocabulary_is_read_from_the_ontology(g: Graph) -> None:
    from digestkg.ontology.vocabulary import ENTITY_TYPES as TYPES
    from digestkg.ontology.vocabulary import EVENT_KINDS, PREDICATES, SYMMETRIC

    assert TYPES == ENTITY_TYPES and set(PREDICATES) >= set(SPEC_PREDICATES)  # the ontology may add more
    assert SYMMETRIC == {p for p in SPEC_PREDICATES if (KGN[p], RDF.type, OWL.SymmetricProperty) in g}
    assert set(EVENT_KINDS.values()) == set(EVENT_SUBCLASSES) - {"Hiring"}
    assert all((KGN[k], KGN.eventPredicate, KGN[p]) in g for p, k in EVENT_KINDS.items())


def test_provenance_property_shapes(g: Graph) -> None:
    assert _classes(g, _one(g, KGN.inStory, RDFS.domain)) == {"Statement", "Event"}
    assert _classes(g, _one(g, KGN.evidence, RDFS.domain)) == {"Statement", "Event"}
    assert _one(g, KGN.inStory, RDFS.range) == KGN.Story
    assert _one(g, KGN.inDigest, RDFS.domain) == KGN.Story
    assert _one(g, KGN.inDigest, RDFS.range) == KGN.Digest
    assert _one(g, KGN.mentions, RDFS.range) == KGN.Entity
    assert _one(g, KGN.fromStatement, RDFS.domain) == KGN.Event
    assert _one(g, KGN.fromStatement, RDFS.range) == KGN.Statement
    for name in ("eventAgent", "eventObject"):
        assert _one(g, KGN[name], RDFS.domain) == KGN.Event
        assert _one(g, KGN[name], RDFS.range) == KGN.Entity
    for name in ("alias", "wikidata"):
        assert _one(g, KGN[name], RDFS.domain) == KGN.Entity
    for name in ("sourceUrl", "editionDate", "dateSource", "contentHash", "docName", "ingestedAt"):
        assert _one(g, KGN[name], RDFS.domain) == KGN.Digest, name


# 3. axioms and alignments ---------------------------------------------------------------------------


def test_owns_and_owned_by_are_inverse(g: Graph) -> None:
    assert (KGN.owns, OWL.inverseOf, KGN.ownedBy) in g
    assert _classes(g, _one(g, KGN.ownedBy, RDFS.domain)) == _classes(g, _one(g, KGN.owns, RDFS.range))
    assert _classes(g, _one(g, KGN.ownedBy, RDFS.range)) == _classes(g, _one(g, KGN.owns, RDFS.domain))


def test_symmetric_predicates(g: Graph) -> None:
    from digestkg.ontology.model import SYMMETRIC

    symmetric = {str(s)[len(NS) :] for s in g.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == {"partnersWith", "competesWith"} == set(SYMMETRIC)


@pytest.mark.parametrize("name", EVENT_SUBCLASSES)
def test_event_subclasses(g: Graph, name: str) -> None:
    c = KGN[name]
    assert (c, RDF.type, OWL.Class) in g
    assert (c, RDFS.subClassOf, KGN.Event) in g
    assert _english(g, c, RDFS.label) and _english(g, c, RDFS.comment)


def test_event_alignment(g: Graph) -> None:
    assert (KGN.Event, RDFS.subClassOf, PROV.Activity) in g
    assert (KGN.Event, RDFS.subClassOf, SCHEMA.Event) in g


@pytest.mark.parametrize(
    ("name", "schema_class"),
    [
        ("Company", SCHEMA.Organization),
        ("Product", SCHEMA.Product),
        ("Person", SCHEMA.Person),
        ("GovernmentBody", SCHEMA.GovernmentOrganization),
        ("Place", SCHEMA.Place),
    ],
)
def test_entity_schema_alignment(g: Graph, name: str, schema_class: URIRef) -> None:
    assert (KGN[name], RDFS.subClassOf, schema_class) in g


def test_entity_types_disjoint_except_company_product(g: Graph) -> None:
    def disjoint(a: str, b: str) -> bool:
        return (KGN[a], OWL.disjointWith, KGN[b]) in g or (KGN[b], OWL.disjointWith, KGN[a]) in g

    for a, b in combinations(ENTITY_TYPES, 2):
        assert disjoint(a, b) == ({a, b} != {"Company", "Product"}), (a, b)


def test_sources_are_prov_entities(g: Graph) -> None:
    for name in ("Statement", "Story", "Digest"):
        assert (KGN[name], RDFS.subClassOf, PROV.Entity) in g, name
    # no subclass of reserved vocabulary (OWL 2 DL): the statement points at its fact with its own properties
    assert not any(o.startswith(str(RDF)) for o in g.objects(KGN.Statement, RDFS.subClassOf))
    for name in ("subject", "predicate", "object"):
        assert _one(g, KGN[name], RDFS.domain) == KGN.Statement, name
    for name in ("Story", "Digest"):
        assert (KGN[name], RDFS.subClassOf, SCHEMA.CreativeWork) in g, name


def test_property_alignments(g: Graph) -> None:
    expected = {
        "worksFor": SCHEMA.worksFor,
        "eventAgent": PROV.wasAssociatedWith,
        "inStory": PROV.wasInfluencedBy,
        "inDigest": DCTERMS.isPartOf,
        "mentions": SCHEMA.mentions,
        "headline": SCHEMA.headline,
        "editionDate": DCTERMS.date,
        "alias": SKOS.altLabel,
        "wikidata": SCHEMA.sameAs,
    }
    for name, parent in expected.items():
        assert (KGN[name], RDFS.subPropertyOf, parent) in g, name
    # prov:hadPrimarySource is an object property; sourceUrl holds a literal
    assert (KGN.sourceUrl, RDFS.subPropertyOf, PROV.hadPrimarySource) not in g


# 4. the closed namespace ------------------------------------------------------------------------------


def test_closed_namespace() -> None:
    from digestkg.ontology import KG, defined_terms

    assert str(KG.releases) == NS + "releases"
    assert "releases" in defined_terms()
    with pytest.raises(AttributeError):
        _ = KG.notDefined


def test_defined_terms_cover_everything_required() -> None:
    from digestkg.ontology import defined_terms

    required = {
        "Entity",
        "Event",
        "Digest",
        "Story",
        "Statement",
        *ENTITY_TYPES,
        *EVENT_SUBCLASSES,
        *CORE_PREDICATES,
        *OTHER_OBJECT_PROPERTIES,
        *DATATYPE_PROPERTIES,
    }
    assert required <= defined_terms()


# 5. no dangling kg: terms -----------------------------------------------------------------------------


def test_no_dangling_kg_terms(g: Graph) -> None:
    from digestkg.ontology import defined_terms

    used = {
        str(term)[len(NS) :]
        for triple in g
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(NS)
    }
    assert used, "no kg: terms found"
    assert used - defined_terms() == set()


# 6. the code uses only defined terms ---------------------------------------------------------------


def _code_term_uses() -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for d in CODE_DIRS:
        for path in sorted((ROOT / d).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for pattern in CODE_PATTERNS:
                for m in pattern.finditer(text):
                    line = text.count("\n", 0, m.start()) + 1
                    uses.setdefault(m.group(1), []).append(f"{path.relative_to(ROOT)}:{line}")
    return uses


def test_code_uses_only_defined_terms() -> None:
    from digestkg.ontology import defined_terms

    for d in CODE_DIRS:
        assert (ROOT / d).is_dir(), d
    undefined = {name: where for name, where in _code_term_uses().items() if name not in defined_terms()}
    assert undefined == {}


def test_model_constants_are_defined_terms(g: Graph) -> None:
    from digestkg.ontology import defined_terms
    from digestkg.ontology.model import ENTITY_TYPES as MODEL_ENTITY_TYPES
    from digestkg.ontology.model import EVENT_KINDS, PREDICATES

    terms = defined_terms()
    assert set(PREDICATES) <= terms
    assert set(EVENT_KINDS) <= terms
    assert set(EVENT_KINDS.values()) <= terms
    assert set(MODEL_ENTITY_TYPES) <= terms
    # and they are the right kind of term
    assert set(PREDICATES) == set(CORE_PREDICATES)
    for p in PREDICATES:
        assert (KGN[p], RDF.type, OWL.ObjectProperty) in g, p
    for kind in EVENT_KINDS.values():
        assert (KGN[kind], RDFS.subClassOf, KGN.Event) in g, kind
    for t in MODEL_ENTITY_TYPES:
        assert (KGN[t], RDFS.subClassOf, KGN.Entity) in g, t
