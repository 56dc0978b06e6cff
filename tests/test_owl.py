"""The ontology plus an exported graph, as OWL tools read it.

ROBOT (``scripts/robot``: OWL API 4.5 and the HermiT reasoner, from Maven Central) checks the
ontology and the sample graph's export loaded together, as a user loads them into Protégé:

- in the OWL 2 DL profile and consistent for HermiT;
- OWL API keeps every triple of the export, the statements' evidence links included;
- and, in SPARQL over the asserted types, no fact breaks its predicate's domain or range.

Each check is also run on a graph broken on purpose, to show that it can fail.
Without Java and Maven the ROBOT checks skip, except in CI (CI set), where they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from digestkg.ontology import ONTOLOGY_FILE
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

# a plain Namespace: pytest probing rdflib's closed XSD namespace for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

KG = "https://digestkg.org/ontology#"
PLACE = URIRef("https://digestkg.org/id/place/beijing")
COMPANY = URIRef("https://digestkg.org/id/company/bytedance")

# every use of a property whose subject (or, for an object property, object) has no asserted type
# in its domain (range), a class of a union, or a subclass of one of those
VIOLATIONS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o ?side WHERE {
  { ?p rdfs:domain ?c . ?s ?p ?o . BIND(?s AS ?x) BIND("domain" AS ?side) }
  UNION
  { ?p a owl:ObjectProperty ; rdfs:range ?c . ?s ?p ?o . BIND(?o AS ?x) BIND("range" AS ?side) }
  FILTER(?c != owl:Thing)
  FILTER NOT EXISTS { ?x a/rdfs:subClassOf* ?c }
  FILTER NOT EXISTS { ?c owl:unionOf/rdf:rest*/rdf:first ?member . ?x a/rdfs:subClassOf* ?member }
}"""


@pytest.fixture(scope="module")
def export_nt(sample_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample graph as ``kg export --format ntriples`` writes it."""
    from digestkg import cli

    path = tmp_path_factory.mktemp("owl") / "graph.nt"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_DATA", str(sample_graph))
        assert cli.main(["export", "--format", "ntriples", "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def merged(export_nt: Path) -> Graph:
    """The ontology and the export in one graph."""
    g = Graph()
    g.parse(data=ONTOLOGY_FILE.read_text(encoding="utf-8"), format="turtle")
    g.parse(export_nt, format="nt")
    return g


def _write(g: Graph, path: Path) -> Path:
    g.serialize(path, format="nt", encoding="utf-8")
    return path


def test_ontology_and_graph_are_owl2_dl_and_consistent_for_hermit(robot, merged, tmp_path):
    report = tmp_path / "profile.txt"
    r = robot("validate-profile", "--profile", "DL", "--input", _write(merged, tmp_path / "in.nt"),
              "--output", report, "reason", "--reasoner", "HermiT", "--output", tmp_path / "reasoned.ttl")
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:] + report.read_text(encoding="utf-8")[:3000]
    assert report.read_text(encoding="utf-8").startswith(
        "OWL 2 DL Profile Report: [Ontology and imports closure in profile]")


def test_hermit_and_the_profile_check_fail_on_a_broken_graph(robot, merged, tmp_path):
    disjoint = Graph() + merged
    disjoint.add((PLACE, RDF.type, URIRef(KG + "Company")))  # Place and Company are disjoint
    r = robot("reason", "--reasoner", "HermiT", "--input", _write(disjoint, tmp_path / "disjoint.nt"),
              "--output", tmp_path / "out.ttl")
    assert r.returncode != 0 and "inconsistent" in (r.stdout + r.stderr)
    outside = Graph() + merged  # xsd:date is not in the OWL 2 datatype map
    outside.add((COMPANY, URIRef(KG + "alias"), Literal("2024-01-01", datatype=XSD.date)))
    report = tmp_path / "profile.txt"
    r = robot("validate-profile", "--profile", "DL", "--input", _write(outside, tmp_path / "outside.nt"),
              "--output", report)
    assert r.returncode != 0 and "NOT in profile" in report.read_text(encoding="utf-8")


def test_owl_api_keeps_every_triple_of_the_export(robot, merged, export_nt, tmp_path):
    out = tmp_path / "owlapi.ttl"
    r = robot("convert", "--input", _write(merged, tmp_path / "in.nt"), "--format", "ttl", "--output", out)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    written = Graph().parse(out, format="turtle")
    exported = Graph().parse(export_nt, format="nt")
    assert len(exported) > 1000
    assert [t for t in exported if t not in written] == []
    statements = set(exported.subjects(RDF.type, URIRef(KG + "Statement")))
    assert statements and all(len(set(written.objects(st, URIRef(KG + n)))) == 1
                              for st in statements for n in ("subject", "predicate", "object"))


def test_no_fact_breaks_its_domain_or_range(merged):
    assert list(merged.query(VIOLATIONS)) == []
    # the check finds a place that owns a company, and a company that a person works for is fine
    broken = Graph() + merged
    broken.add((PLACE, URIRef(KG + "owns"), COMPANY))
    found = {(str(s), str(p), str(side)) for s, p, _, side in broken.query(VIOLATIONS)}
    assert found == {(str(PLACE), KG + "owns", "domain")}


def test_acting_countries_are_states_and_keep_one_entity_per_company_or_product(merged):
    """The typing policy (README, Ontology): a country that acts is a GovernmentBody of the same
    name; a name the text uses for a company and for its product stays one entity."""
    acting = {URIRef(KG + p) for p in ("bans", "penalizes", "investigates", "sues")}
    subjects = {s for p in acting for s in merged.subjects(p, None)}
    assert subjects and not any((s, RDF.type, URIRef(KG + "Place")) in merged for s in subjects)
    by_label: dict[str, set[URIRef]] = {}
    for e in set(merged.subjects(RDF.type, URIRef(KG + "Company"))) | set(
            merged.subjects(RDF.type, URIRef(KG + "Product"))):
        for label in merged.objects(e, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
            by_label.setdefault(str(label), set()).add(e)
    assert {label for label, es in by_label.items() if len(es) > 1} == set()
