"""The embedded store's bulk path for new digests (``add_digests``: N-Quads text through pyoxigraph's
``bulk_load``) and the N-Triples terms it writes: the same store as ``replace_digest`` one by one, the
union graph kept, all or nothing."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from digestkg.graph.export import sorted_nquads
from digestkg.graph.iri import digest_iri
from digestkg.graph.oxigraph import OxigraphStore
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import StoreError
from digestkg.graph.terms import nt_term, to_ox
from digestkg.graph.testing import INGESTED_AT, changed_extraction, other_extraction, sample_extraction
from digestkg.ontology import KG
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF


def batch(*extractions) -> list:
    return [(str(digest_iri(x.digest)), extraction_quads(x, INGESTED_AT)) for x in extractions]


def union(store: OxigraphStore) -> set[str]:
    """The store's internal union graph, as N-Triples lines."""
    return {f"{q.subject} {q.predicate} {q.object} ." for q in
            store._ox().quads_for_pattern(None, None, None, ox.DefaultGraph())}


def named_triples(store: OxigraphStore) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object} ." for q in store.ox_quads()}


def test_terms_are_written_as_pyoxigraph_writes_them():
    rng = random.Random(7)
    chars = [chr(c) for c in range(0x250)] + ["\u2028", "\U0001f600", "字"]
    terms = [URIRef("https://digestkg.org/id/company/bytedance"), Literal("x", lang="zh-Latn-pinyin"),
             Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
             Literal("x", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"))]
    for _ in range(2000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 10)))
        terms += [Literal(text), Literal(text, lang="en-GB"), Literal(text, datatype=URIRef("urn:dt"))]
    for x in (sample_extraction(), other_extraction()):
        terms += [t for q in extraction_quads(x, INGESTED_AT) for t in q]
    assert [nt_term(t) for t in terms] == [str(to_ox(t)) for t in terms]
    for bad in (URIRef("http://bad iri/x"), URIRef("http://a>b"), Literal("x", datatype=URIRef("no scheme"))):
        with pytest.raises(ValueError):
            nt_term(bad)
    with pytest.raises(TypeError):
        nt_term(BNode())


def test_bulk_path_stores_what_replaces_store_with_the_union_kept():
    with OxigraphStore() as one_by_one, OxigraphStore() as bulk:
        for iri, quads in batch(sample_extraction(), other_extraction()):
            one_by_one.replace_digest(iri, quads)
        bulk.add_digests(batch(sample_extraction(), other_extraction()))
        assert sorted_nquads(bulk) == sorted_nquads(one_by_one)
        assert union(bulk) == union(one_by_one) == named_triples(bulk)
        bulk.add_digests(batch(changed_extraction()))  # held: replaced
        one_by_one.replace_digest(*batch(changed_extraction())[0])
        assert sorted_nquads(bulk) == sorted_nquads(one_by_one)
        assert union(bulk) == named_triples(bulk)
        before = sorted_nquads(bulk)
        bulk.add_digests(batch(changed_extraction(), other_extraction()))  # again: nothing changes
        assert sorted_nquads(bulk) == before and union(bulk) == named_triples(bulk)


def test_a_batch_with_one_bad_digest_stores_none_of_it(tmp_path):
    with OxigraphStore(tmp_path / "kg") as store:
        good, bad = batch(other_extraction(), sample_extraction())
        for quad, error in (((URIRef("http://bad iri/x"), RDF.type, KG.Company, URIRef(bad[0])), StoreError),
                            ((BNode(), RDF.type, KG.Company, URIRef(bad[0])), ValueError),
                            ((URIRef(good[0]), RDF.type, KG.Digest, URIRef("urn:elsewhere")), ValueError),
                            ((Literal("x"), RDF.type, KG.Company, URIRef(bad[0])), StoreError)):
            with pytest.raises(error):
                store.add_digests([good, (bad[0], [*bad[1], quad])])
            assert len(store) == 0 and not union(store)


def test_a_load_that_fails_in_pyoxigraph_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    """A parse error at the end of the text (here forced: every term is checked before) ingests nothing."""
    with OxigraphStore(tmp_path / "kg") as store:
        store.add_digests(batch(other_extraction()))
        before, before_union = sorted_nquads(store), union(store)
        checked = OxigraphStore._ntriples

        def broken(digest_iri, quads):
            return [*checked(digest_iri, quads), ("<urn:g>", "<urn:s> <urn:p> not-a-term")]

        monkeypatch.setattr(OxigraphStore, "_ntriples", staticmethod(broken))
        with pytest.raises(StoreError, match="could not store"):
            store.add_digests(batch(sample_extraction(), changed_extraction()))
        monkeypatch.undo()
        assert sorted_nquads(store) == before and union(store) == before_union
