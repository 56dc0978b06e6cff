"""The OpenAPI document of the JSON API (``/openapi.json``) and a page that lists it (``/api``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from .. import __version__
from ..graph.export import FORMATS
from ..ontology.model import ENTITY_TYPES, PREDICATES

__all__ = ["bp", "openapi"]

bp = Blueprint("api", __name__)


def _param(name: str, desc: str, *, required: bool = False, schema: dict[str, Any] | None = None,
           where: str = "query") -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": desc,
            "schema": schema or {"type": "string"}}


_JSON = _param("format", "`json` for JSON (or send `Accept: application/json`)", schema={"enum": ["json"]})
_TYPES = {"type": "array", "items": {"enum": list(ENTITY_TYPES)}}
_FILTERS = [
    _param("predicate", "only these facts (repeatable)", schema={"type": "array", "items": {"enum": list(PREDICATES)}}),
    _param("type", "only these entity types (repeatable)", schema=_TYPES),
    _param("since", "facts from this edition date on", schema={"type": "string", "format": "date"}),
    _param("until", "facts up to this edition date", schema={"type": "string", "format": "date"}),
]


def _get(summary: str, params: list[dict[str, Any]], *, json: bool = True, ok: str = "application/json",
         errors: tuple[int, ...] = (400, 404)) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {ok: {}}}}
    responses |= {str(c): {"description": "the error, as {error, status}"} for c in errors}
    return {"get": {"summary": summary, "parameters": params + ([_JSON] if json else []), "responses": responses}}


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every page's JSON answer and of the SPARQL endpoint."""
    paths: dict[str, Any] = {
        "/": _get("counts, the latest digests and the newest events", [], errors=()),
        "/settings": _get("the settings in force, each with its variable and flag (secrets: set or not)", [],
                          errors=()),
        "/search": _get("entities by name or alias, typo-tolerant", [
            _param("q", "name or alias, any case, Chinese too", required=True),
            _param("type", "only these types (repeatable)", schema=_TYPES)]),
        "/suggest": _get("suggestions while typing", [_param("q", "what has been typed", required=True)], json=False),
        "/entity": _get("an entity: aliases, Wikidata id, facts with evidence, events, neighbours by predicate",
                        [_param("name", "name or alias", required=True)]),
        "/network": _get("the ego network of an entity: the centre's neighbours above the node cap grouped into "
                         "clusters by direction, predicate and type (`clusters`, `clustered`), facts over the edge cap "
                         "counted (`omitted_edges`); with `expand`, one cluster's members as JSON",
                         [_param("name", "entity", required=True),
                          _param("depth", "1-3", schema={"type": "integer", "minimum": 1, "maximum": 3}), *_FILTERS,
                          _param("expand", "a cluster to list (its `expand` URL gives it)"),
                          _param("offset", "with `expand`: members to skip (its `next` URL gives it)",
                                 schema={"type": "integer", "minimum": 0})]),
        "/network/path": _get("the shortest paths between two entities",
                              [_param("from", "entity", required=True), _param("to", "entity", required=True),
                               *_FILTERS]),
        "/network/fact": _get("one fact of a network view: how many stories state it (`stated`), the newest one's "
                              "`evidence` and `date`, and `info`, what its edge says on hover",
                              [_param("s", "subject IRI", required=True),
                               _param("p", "predicate", required=True, schema={"enum": list(PREDICATES)}),
                               _param("o", "object IRI", required=True)], json=False),
        "/analytics": _get("the most central companies and products (PageRank, degree) and clusters of companies",
                           _FILTERS),
        "/digests": _get("the stored digests", [], errors=()),
        "/digest": _get("a digest's stories with their entities and facts", [_param("doc", "file name or URL",
                                                                                      required=True)]),
        "/console": _get("run a read-only query (SPARQL, or Cypher on a Neo4j store)", [
            _param("lang", "query language", schema={"enum": ["sparql", "cypher"]}), _param("query", "the query"),
            _param("download", "the result as a file", schema={"enum": ["csv", "json"]})]),
        "/export": _get("the export formats", [], errors=()),
        "/export/{fmt}": _get("the graph, or an entity's neighbourhood, as a file", [
            _param("fmt", "format", required=True, schema={"enum": list(FORMATS)}, where="path"),
            _param("name", "an entity: export only its neighbourhood"),
            _param("depth", "1-3", schema={"type": "integer"})], json=False, ok="application/octet-stream"),
        "/sparql": {
            "get": {"summary": "SPARQL 1.1 Protocol query (read-only, time- and row-limited)",
                    "parameters": [_param("query", "the SPARQL query", required=True)],
                    "responses": {"200": {"description": "results", "content": {
                        "application/sparql-results+json": {}, "application/sparql-results+xml": {},
                        "text/csv": {}, "text/tab-separated-values": {}, "text/turtle": {},
                        "application/ld+json": {}}},
                        "400": {"description": "malformed or refused query"},
                        "503": {"description": "the query ran too long and was stopped"}}},
            "post": {"summary": "SPARQL 1.1 Protocol query by POST (form or application/sparql-query body)",
                     "requestBody": {"content": {"application/x-www-form-urlencoded": {},
                                                 "application/sparql-query": {}}},
                     "responses": {"200": {"description": "results"}}},
        },
        "/ingest/preview": {"post": {
            "summary": "what would be extracted from pasted text, a file or a URL (token needed)",
            "security": [{"token": []}],
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
                "text": {"type": "string"}, "file": {"type": "string", "format": "binary"},
                "url": {"type": "string"}, "token": {"type": "string"}}}}}},
            "responses": {"200": {"description": "the preview and a `pending` id"},
                          "401": {"description": "no or a wrong token"}, "413": {"description": "too large"}}}},
        "/ingest/confirm": {"post": {
            "summary": "store a previewed ingest (token needed)", "security": [{"token": []}],
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "properties": {"pending": {"type": "string"}, "token": {"type": "string"}}}}}},
            "responses": {"200": {"description": "the ingest report"}, "401": {"description": "no or a wrong token"},
                          "503": {"description": "the store is busy"}}}},
    }
    return {"openapi": "3.1.0",
            "info": {"title": "digestkg", "version": __version__,
                     "description": "A knowledge graph of tech-news digests. Every page answers JSON with "
                                    "`?format=json` or `Accept: application/json`."},
            "paths": paths,
            "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}}


@bp.get("/openapi.json")
def document():
    return jsonify(openapi())


@bp.get("/api")
def index():
    return render_template("api.html", spec=openapi())
