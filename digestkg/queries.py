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
           "COUNTS", "ENTITIES_BY_TYPE", "FACTS_BY_PREDICATE", "FACT_VARS", "EVENT_VARS", "events",
           "digest_stories", "digest_mentions", "digest_facts", "ENTITY_NAMES"]

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

EVENT_VARS = ("event", "kind", "date", "amount", "agent", "agent_label", "agent_type", "object",
              "object_label", "object_type", "evidence", "story_number", "digest", "doc", "source_url")


def events(iri: str | None = None, limit: int = 50) -> str:
    """Events (newest first), all of them or those an entity takes part in."""
    who = f"FILTER(?agent = {iri_term(iri)} || ?object = {iri_term(iri)})" if iri else ""
    return PREFIXES + f"""SELECT ?e (SAMPLE(?k) AS ?kind) (SAMPLE(?d) AS ?date) (SAMPLE(?am) AS ?amount)
       ?agent (SAMPLE(?al) AS ?agent_label) (SAMPLE(?at) AS ?agent_type) ?object
       (SAMPLE(?ol) AS ?object_label) (SAMPLE(?ot) AS ?object_type) (SAMPLE(?ev) AS ?evidence)
       (SAMPLE(?n) AS ?story_number) (SAMPLE(?dg) AS ?digest) (SAMPLE(?doc0) AS ?doc)
       (SAMPLE(?url0) AS ?source_url) WHERE {{
  ?e a kg:Event ; a ?k ; kg:eventAgent ?agent ; kg:eventObject ?object ; kg:eventDate ?d ; kg:inStory ?st .
  FILTER(?k != kg:Event && STRSTARTS(STR(?k), "{NS}"))
  {who}
  OPTIONAL {{ ?e kg:amount ?am }}
  OPTIONAL {{ ?e kg:evidence ?ev }}
  OPTIONAL {{ ?agent rdfs:label ?al }}
  OPTIONAL {{ ?agent a ?at . FILTER(STRSTARTS(STR(?at), "{NS}")) }}
  OPTIONAL {{ ?object rdfs:label ?ol }}
  OPTIONAL {{ ?object a ?ot . FILTER(STRSTARTS(STR(?ot), "{NS}")) }}
  ?st kg:storyNumber ?n ; kg:inDigest ?dg .
  OPTIONAL {{ ?dg kg:docName ?doc0 }}
  OPTIONAL {{ ?dg kg:sourceUrl ?url0 }}
}} GROUP BY ?e ?agent ?object ORDER BY DESC(?date) ?e LIMIT {int(limit)}"""


def digest_stories(digest: str) -> str:
    return PREFIXES + f"""SELECT ?story ?n ?headline ?text WHERE {{
  ?story a kg:Story ; kg:inDigest {iri_term(digest)} ; kg:storyNumber ?n .
  OPTIONAL {{ ?story kg:headline ?headline }}
  OPTIONAL {{ ?story kg:storyText ?text }}
}} ORDER BY ?n"""


def digest_mentions(digest: str) -> str:
    """Each entity a digest's stories mention, with every name it goes by."""
    return PREFIXES + f"""SELECT DISTINCT ?story ?e ?label ?type ?name WHERE {{
  ?story kg:inDigest {iri_term(digest)} .
  GRAPH ?story {{ ?story kg:mentions ?e . ?e rdfs:label ?label ; a ?type . ?e rdfs:label|kg:alias ?name }}
  FILTER(STRSTARTS(STR(?type), "{NS}"))
}} ORDER BY ?story ?label"""


def digest_facts(digest: str) -> str:
    return PREFIXES + f"""SELECT DISTINCT ?story ?sl ?p ?ol ?evidence ?confidence WHERE {{
  ?story kg:inDigest {iri_term(digest)} .
  ?st a kg:Statement ; kg:inStory ?story ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:evidence ?evidence ; kg:confidence ?confidence .
  ?s rdfs:label ?sl . ?o rdfs:label ?ol .
}} ORDER BY ?story ?sl ?p ?ol"""


ENTITY_NAMES = PREFIXES + """SELECT DISTINCT ?e ?label ?type ?name WHERE {
  ?e rdfs:label ?label ; a ?type ; rdfs:label|kg:alias ?name .
  FILTER(?type IN (kg:Company, kg:Product, kg:Person, kg:GovernmentBody, kg:Place))
}"""
