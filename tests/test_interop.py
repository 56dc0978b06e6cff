"""The graph loads cleanly into other tools.

Every RDF export (``kg export --format ...``) of the sample graph is the same graph, literal for
literal, as rdflib reads them; Apache Jena (``scripts/jena``) validates every export strictly, finds
the turtle export equal to each other one, and queries ``/sparql`` with ``rsparql``.

The Jena checks need Java 17 and Maven 3 (``scripts/jena`` fetches Jena from Maven Central into
``~/.cache/digestkg/jena`` the first time): without them they skip, except in CI (CI set), where
they fail. Each Jena command starts a JVM (a second or two), so the checks run few of them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from digestkg.graph.export import FORMATS
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace
from rdflib.compare import isomorphic

# rdflib's own TriG, N-Quads and JSON-LD parsers use its deprecated ConjunctiveGraph API
pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|default_context).*:DeprecationWarning")

REPO = Path(__file__).resolve().parents[1]
# export format: rdflib's parser name
RDF_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "rdfxml": "xml",
               "jsonld": "json-ld"}
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
KG = Namespace("https://digestkg.org/ontology#")
COMPANIES = ("PREFIX kg: <https://digestkg.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?c ?name WHERE { ?c a kg:Company ; rdfs:label ?name } ORDER BY ?name LIMIT 4")


@pytest.fixture(scope="module")
def exports(sample_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample graph exported by ``kg export`` in each RDF format, files named with their extensions."""
    from digestkg import cli

    out = tmp_path_factory.mktemp("exports")
    paths = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_DATA", str(sample_graph))
        for fmt in RDF_FORMATS:
            paths[fmt] = out / f"graph{FORMATS[fmt].extension}"
            assert cli.main(["export", "--format", fmt, "-o", str(paths[fmt])]) == 0, fmt
    return paths


def _as_written(path: Path, fmt: str) -> Graph:
    """The file as one graph (a dataset's graphs merged), each literal with its lexical form as written."""
    old = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False  # rdflib would rewrite some lexical forms (a dateTime's Z) on reading
    try:
        if FORMATS[fmt].dataset:
            ds = Dataset()
            ds.parse(path, format=RDF_FORMATS[fmt])
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        return Graph().parse(path, format=RDF_FORMATS[fmt])
    finally:
        rdflib.NORMALIZE_LITERALS = old


def test_every_rdf_export_is_the_same_graph(exports):
    graphs = {fmt: _as_written(path, fmt) for fmt, path in exports.items()}
    turtle = graphs["turtle"]
    assert len(turtle) > 1000
    literals = {str(o) for o in turtle.objects() if isinstance(o, Literal)}
    stamps = {str(o) for o in turtle.objects() if isinstance(o, Literal) and str(o.datatype) == XSD_DATETIME}
    assert stamps and all(s.endswith("Z") for s in stamps), stamps  # as the store gives them back
    for fmt, g in graphs.items():
        assert len(g) == len(turtle), fmt
        assert {str(o) for o in g.objects() if isinstance(o, Literal)} == literals, fmt
        assert isomorphic(g, turtle), fmt


def test_jsonld_writes_date_times_as_the_other_formats_do(exports):
    doc = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    values = [v["@value"] for node in doc["@graph"] for v in _values(node, "kg:ingestedAt")]
    assert values and all(v.endswith("Z") and "+00:00" not in v for v in values)
    nt = exports["ntriples"].read_text(encoding="utf-8")
    assert all(f'"{v}"^^<{XSD_DATETIME}>' in nt for v in values)


def _values(node: dict, key: str) -> list[dict]:
    v = node.get(key, [])
    return v if isinstance(v, list) else [v]


def _jena_complaints(stderr: str) -> list[str]:
    """Jena's warnings and errors (its logger writes ``WARN ...`` and ``ERROR ...`` lines)."""
    return [line for line in stderr.splitlines() if line.startswith(("WARN", "ERROR")) or "Exception" in line]


def test_aliases_carry_their_language(exports):
    turtle = _as_written(exports["turtle"], "turtle")
    tagged = {(str(o), o.language) for o in turtle.objects(None, KG.alias) if o.language}
    assert ("字节跳动", "zh-hans") in tagged and ("字節跳動", "zh-hant") in tagged
    assert ("Zijie Tiaodong", "zh-latn-pinyin") in tagged  # the pinyin of 字节跳动
    assert all(lang in ("zh", "zh-hans", "zh-hant", "zh-latn-pinyin") for _, lang in tagged)
    assert not any(o.language for o in turtle.objects(None, RDFS.label))


def test_graphml_keeps_each_statement(sample_graph, tmp_path, exports):
    import networkx as nx

    from digestkg import cli

    path = tmp_path / "graph.graphml"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_DATA", str(sample_graph))
        assert cli.main(["export", "--format", "graphml", "-o", str(path)]) == 0
    g = nx.read_graphml(path)
    turtle = _as_written(exports["turtle"], "turtle")
    assert g.number_of_edges() == len(set(turtle.subjects(RDF.type, KG.Statement)))
    edges: dict[tuple[str, str, str], list[dict]] = {}
    for u, v, d in g.edges(data=True):
        edges.setdefault((u, v, d["predicate"]), []).append(d)
    parallel = [ds for ds in edges.values() if len(ds) > 1]
    assert parallel  # a fact read in several stories: one edge each, with its own source
    assert all(len({d["story"] for d in ds}) == len(ds) and all(d["evidence"] and d["digest"] for d in ds)
               for ds in parallel)


def test_jena_validates_every_export_strictly(jena, exports):
    r = jena("riot", "--validate", "--strict", *exports.values())  # one JVM for all six
    assert r.returncode == 0 and not _jena_complaints(r.stderr), r.stderr[-4000:]
    for path in exports.values():
        assert f"File: {path}" in r.stderr  # each file was read


def test_jena_finds_every_export_equal_to_the_turtle_one(jena, exports, tmp_path):
    others = {fmt: path for fmt, path in exports.items() if fmt != "turtle"}
    for fmt in [f for f in others if FORMATS[f].dataset]:  # a dataset: its graphs merged into one, by Jena
        r = jena("riot", "--merge", "--output=nt", others[fmt])
        assert r.returncode == 0 and not _jena_complaints(r.stderr), r.stderr[-4000:]
        others[fmt] = tmp_path / f"{fmt}-merged.nt"
        others[fmt].write_text(r.stdout, encoding="utf-8")
    for fmt, path in others.items():
        r = jena("rdfcompare", exports["turtle"], path)
        assert r.returncode == 0 and r.stdout.strip() == "models are equal", (fmt, r.stdout, r.stderr[-4000:])


def _expected_rows(live_url: str) -> list[tuple[str, str]]:
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen

    req = Request(f"{live_url}/sparql?{urlencode({'query': COMPANIES})}",
                  headers={"Accept": "application/sparql-results+json"})
    with urlopen(req, timeout=60) as resp:
        doc = json.load(resp)
    return [(b["c"]["value"], b["name"]["value"]) for b in doc["results"]["bindings"]]


def test_jena_rsparql_queries_the_endpoint(jena, live_url, tmp_path):
    expected = _expected_rows(live_url)
    assert len(expected) == 4
    query = tmp_path / "companies.rq"
    query.write_text(COMPANIES, encoding="utf-8")
    got = {}
    for results in ("json", "xml", "csv", "tsv"):
        r = jena("rsparql", "--service", f"{live_url}/sparql", "--query", query, "--results", results)
        assert r.returncode == 0 and not _jena_complaints(r.stderr), (results, r.stderr[-4000:])
        got[results] = r.stdout
    doc = json.loads(got["json"])
    assert doc["head"]["vars"] == ["c", "name"]
    assert [(b["c"]["value"], b["name"]["value"]) for b in doc["results"]["bindings"]] == expected
    from xml.dom import minidom

    xml = minidom.parseString(got["xml"])
    assert [tuple(b.getElementsByTagName(t)[0].firstChild.data for b, t in zip(res.getElementsByTagName("binding"),
                                                                              ("uri", "literal"), strict=True))
            for res in xml.getElementsByTagName("result")] == expected
    rows = list(csv.reader(io.StringIO(got["csv"])))
    assert rows[0] == ["c", "name"] and [tuple(r) for r in rows[1:]] == expected
    lines = got["tsv"].splitlines()
    assert lines[0] == "?c\t?name"
    assert lines[1:] == [f'<{c}>\t"{name}"' for c, name in expected]


def test_jena_reads_the_endpoints_tsv(jena, live_url, tmp_path):
    """Jena's own TSV parser reads what /sparql writes as TSV, escapes and all."""
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen

    q = ('SELECT ?c ?text WHERE { VALUES (?c ?text) { (<https://digestkg.org/id/company/x> '
         '"""two\nlines, a\ttab, \\"quotes\\" and a back\\\\slash""") } }')
    req = Request(f"{live_url}/sparql?{urlencode({'query': q})}", headers={"Accept": "text/tab-separated-values"})
    with urlopen(req, timeout=60) as resp:
        (tmp_path / "rows.tsv").write_bytes(resp.read())
    r = jena("run", "arq.rset", "--in=tsv", "--results=json", tmp_path / "rows.tsv")
    assert r.returncode == 0 and not _jena_complaints(r.stderr), r.stderr[-4000:]
    binding = json.loads(r.stdout)["results"]["bindings"][0]
    assert binding["text"]["value"] == 'two\nlines, a\ttab, "quotes" and a back\\slash'
    assert binding["c"] == {"type": "uri", "value": "https://digestkg.org/id/company/x"}
