"""The SPARQL the core asks of a store: named, parameterised, in one place.

Values are inserted only as escaped literals or validated IRIs.

>>> print(iri_term("https://digestkg.org/id/company/bytedance"))
<https://digestkg.org/id/company/bytedance>
"""

from __future__ import annotations

import json
import re

from .ontology import NS

__all__ = ["PREFIXES", "iri_term", "literal", "find_entities", "entity_facts", "entity_aliases",
           "COUNTS", "ENTITIES_BY_TYPE", "FACTS_BY_PREDICATE", "FACT_VARS"]

PREFIXES = f"""PREFIX kg: <{NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
_IRI = re.compile(r"^[^\s<>\"{}|\\^`]+$")


def iri_term(iri: str) -> str:
    if not _IRI.match(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def literal(text: str) -> str:
    """A SPARQL string literal (JSON escaping is valid SPARQL escaping)."""
    return json.dumps(text, ensure_ascii=False)


def find_entities(names: set[str]) -> str:
    values = " ".join(literal(n) for n in sorted(names))
    return PREFIXES + f"""SELECT DISTINCT ?e ?label ?type WHERE {{
  VALUES ?n {{ {values} }}
  ?e rdfs:label|kg:alias ?l . FILTER(LCASE(STR(?l)) = ?n)
  ?e rdfs:label ?label ; a ?type . FILTER(STRSTARTS(STR(?type), "{NS}"))
}} ORDER BY ?label LIMIT 50"""


FACT_VARS = ("direction", "predicate", "other", "other_label", "other_type", "evidence", "confidence",
             "story", "story_number", "headline", "digest", "doc", "title", "source_url", "date")


def entity_facts(iri: str) -> str:
    e = iri_term(iri)
    return PREFIXES + f"""SELECT DISTINCT ?direction ?p ?other ?label ?type ?evidence ?confidence
       ?story ?n ?headline ?digest ?doc ?title ?url ?date WHERE {{
  {{ ?st rdf:subject {e} ; rdf:object ?other . BIND("out" AS ?direction) }}
  UNION
  {{ ?st rdf:object {e} ; rdf:subject ?other . BIND("in" AS ?direction) }}
  ?st a kg:Statement ; rdf:predicate ?p ; kg:evidence ?evidence ; kg:confidence ?confidence ;
      kg:inStory ?story .
  ?story kg:storyNumber ?n ; kg:inDigest ?digest .
  OPTIONAL {{ ?story kg:headline ?headline }}
  OPTIONAL {{ ?digest kg:docName ?doc }}
  OPTIONAL {{ ?digest dct:title ?title }}
  OPTIONAL {{ ?digest kg:sourceUrl ?url }}
  OPTIONAL {{ ?digest kg:editionDate ?date }}
  OPTIONAL {{ ?other rdfs:label ?label }}
  OPTIONAL {{ ?other a ?type . FILTER(STRSTARTS(STR(?type), "{NS}")) }}
}} ORDER BY DESC(?date) ?p ?label"""


def entity_aliases(iri: str) -> str:
    return PREFIXES + f"SELECT DISTINCT ?a WHERE {{ {iri_term(iri)} kg:alias ?a }} ORDER BY ?a"


COUNTS = PREFIXES + """SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a kg:Digest . BIND("digests" AS ?what) }
  UNION { ?x a kg:Story . BIND("stories" AS ?what) }
  UNION { ?x a kg:Statement . BIND("facts" AS ?what) }
  UNION { ?x a kg:Event . BIND("events" AS ?what) }
  UNION { ?x a ?t . FILTER(?t IN (kg:Company, kg:Product, kg:Person, kg:GovernmentBody, kg:Place))
          BIND("entities" AS ?what) }
} GROUP BY ?what"""

ENTITIES_BY_TYPE = PREFIXES + """SELECT ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a ?t . FILTER(?t IN (kg:Company, kg:Product, kg:Person, kg:GovernmentBody, kg:Place))
} GROUP BY ?t ORDER BY DESC(?n)"""

FACTS_BY_PREDICATE = PREFIXES + """SELECT ?p (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st a kg:Statement ; rdf:predicate ?p .
} GROUP BY ?p ORDER BY DESC(?n)"""
