"""The result of a SPARQL query, and its JSON, CSV and plain-text renderings.

>>> from rdflib import Namespace, Literal, URIRef
>>> r = QueryResult("select", ["s", "n"], [(URIRef("https://digestkg.org/id/company/bytedance"), Literal(2))])
>>> print(r.to_table())
s                 | n
------------------+--
company:bytedance | 2
>>> r.to_json()["results"]["bindings"][0]["s"]
{'type': 'uri', 'value': 'https://digestkg.org/id/company/bytedance'}
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from digestkg.ontology import QUERY_PREFIXES
from rdflib import BNode, Namespace, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

# a plain Namespace: pytest probing rdflib's XSD (a DefinedNamespace) for attributes warns
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

__all__ = ["QueryResult", "shorten", "fit_cell", "render_table"]

_GRAPH_VARS = ["subject", "predicate", "object"]
_BY_LENGTH = sorted(((ns, p) for p, ns in QUERY_PREFIXES.items()), key=lambda x: -len(x[0]))


def shorten(iri: str) -> str:
    """An IRI as ``prefix:local`` when a known prefix fits, else unchanged.

    >>> shorten("https://digestkg.org/ontology#owns")
    'kg:owns'
    >>> shorten("http://example.com/x")
    'http://example.com/x'
    """
    for ns, prefix in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _json_term(t: Node) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    if isinstance(t, RDFLiteral):
        d = {"type": "literal", "value": str(t)}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype != XSD.string:
            d["datatype"] = str(t.datatype)
        return d
    raise TypeError(f"not an RDF term: {t!r}")


def _csv_cell(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, BNode):
        return f"_:{t}"
    return str(t)


def _table_cell(t: Node | None, max_width: int) -> str:
    if t is None:
        text = ""
    elif isinstance(t, URIRef):
        text = shorten(str(t))
    elif isinstance(t, BNode):
        text = f"_:{t}"
    else:
        text = str(t)
    return fit_cell(text, max_width)


def fit_cell(text: str, max_width: int = 80) -> str:
    r"""A table cell on one line, cut to ``max_width`` columns with an ellipsis.

    >>> fit_cell("two\nlines"), fit_cell("abcdef", 4)
    ('two\\nlines', 'abc…')
    """
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")
    if _width(text) > max_width:
        while _width(text) > max_width - 1:
            text = text[:-1]
        text += "…"
    return text


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _unpickle(kind: Any, vars: list[str], rows: list[Any], boolean: bool | None, graph: list[Any],
              truncated: bool) -> QueryResult:
    def terms(rows: list[Any]) -> list[Any]:
        return [tuple(RDFLiteral(t[1], lang=t[2], datatype=t[3], normalize=False) if isinstance(t, tuple) else t
                      for t in row) for row in rows]

    return QueryResult(kind, vars, terms(rows), boolean, terms(graph), truncated)


@dataclass
class QueryResult:
    """Rows of a SELECT, the answer of an ASK, or the triples of a CONSTRUCT/DESCRIBE.

    ``rows`` hold rdflib terms (None where a variable is unbound); ``truncated`` is True
    when the row limit cut the result short.
    """

    kind: Literal["select", "ask", "graph"]
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: list[tuple[Node, Node, Node]] = field(default_factory=list)
    truncated: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle each literal with its lexical form as written: rdflib's own pickling rebuilds a
        literal normalised, so a dateTime's "Z" would come back from a query worker as "+00:00"."""
        def terms(rows: list[Any]) -> list[tuple[Any, ...]]:
            return [tuple(("literal", str(t), t.language, t.datatype) if isinstance(t, RDFLiteral) else t
                          for t in row) for row in rows]

        return (_unpickle, (self.kind, self.vars, terms(self.rows), self.boolean, terms(self.graph), self.truncated))

    def _tabular(self) -> tuple[list[str], list[tuple[Node | None, ...]]]:
        if self.kind == "graph":
            return _GRAPH_VARS, [tuple(t) for t in self.graph]
        return self.vars, self.rows

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document (CONSTRUCT triples as subject/predicate/object rows)."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        names, rows = self._tabular()
        bindings = [
            {v: _json_term(t) for v, t in zip(names, row, strict=True) if t is not None} for row in rows
        ]
        return {"head": {"vars": list(names)}, "results": {"bindings": bindings}}

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results: a header of variable names, then one line per row."""
        buf = io.StringIO()
        w = csv.writer(buf)
        if self.kind == "ask":
            w.writerow(["boolean"])
            w.writerow(["true" if self.boolean else "false"])
            return buf.getvalue()
        names, rows = self._tabular()
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_cell(t) for t in row])
        return buf.getvalue()

    def to_table(self, max_width: int = 80) -> str:
        """An aligned plain-text table; IRIs shortened with the ontology's prefixes."""
        if self.kind == "ask":
            return "true" if self.boolean else "false"
        names, rows = self._tabular()
        if not names:
            return "(no variables)"
        return render_table(names, [[_table_cell(t, max_width) for t in row] for row in rows], self.truncated)


def render_table(names: list[str], cells: list[list[str]], truncated: bool = False) -> str:
    """Rows of one-line cells as an aligned table under a header of ``names``.

    >>> print(render_table(["a", "bb"], [["字节", "x"]]))
    a    | bb
    -----+---
    字节 | x
    """
    widths = [max([_width(n), *(_width(r[i]) for r in cells)]) for i, n in enumerate(names)]
    lines = [" | ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    if not cells:
        lines.append("(no results)")
    if truncated:
        lines.append(f"(truncated after {len(cells)} rows)")
    return "\n".join(lines)
