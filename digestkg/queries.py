"""The SPARQL the core still asks of SPARQL stores (events, digests, names): named, in one place.

The reads every store answers (entity lookup, facts, aliases, counts, neighbours, paths)
are methods of the store protocol (``digestkg.graph.store``); their SPARQL lives with the
Oxigraph store. ``FACT_VARS`` names the keys of an entity's facts. Values are inserted
only as escaped literals or validated IRIs.

>>> print(iri_term("https://digestkg.org/id/company/bytedance"))
<https://digestkg.org/id/company/bytedance>
"""

from __future__ import annotations

from .graph.oxigraph import iri_term, literal
from .graph.store import FACT_VARS
from .ontology import NS

__all__ = ["PREFIXES", "iri_term", "literal", "FACT_VARS", "EVENT_VARS", "events",
           "digest_stories", "digest_mentions", "digest_facts", "ENTITY_NAMES"]

PREFIXES = f"""PREFIX kg: <{NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
EVENT_VARS = ("event", "kind", "date", "amount", "agent", "agent_label", "agent_type", "object",
              "object_label", "object_type", "evidence", "story_number", "digest", "doc", "source_url")


def events(iri: str | None = None, limit: int = 50) -> str:
    """Events (newest first), all of them or those an entity takes part in.

    The events are chosen first, in a subquery, and only then described: describing all of them
    before the limit makes a hub's timeline take minutes on a large graph.
    """
    pattern = "?e a kg:Event ; kg:eventAgent ?agent ; kg:eventObject ?object ; kg:eventDate ?d ; kg:inStory ?st ."
    # each branch starts from the entity: the engine never joins every event first
    chosen = (f"{{ ?e kg:eventAgent {iri_term(iri)} . {pattern} }} UNION "
              f"{{ ?e kg:eventObject {iri_term(iri)} . {pattern} }}" if iri else pattern)
    return PREFIXES + f"""SELECT ?e (SAMPLE(?k) AS ?kind) (SAMPLE(?d) AS ?date) (SAMPLE(?am) AS ?amount)
       ?agent (SAMPLE(?al) AS ?agent_label) (SAMPLE(?at) AS ?agent_type) ?object
       (SAMPLE(?ol) AS ?object_label) (SAMPLE(?ot) AS ?object_type) (SAMPLE(?ev) AS ?evidence)
       (SAMPLE(?n) AS ?story_number) (SAMPLE(?dg) AS ?digest) (SAMPLE(?doc0) AS ?doc)
       (SAMPLE(?url0) AS ?source_url) WHERE {{
  {{ SELECT DISTINCT ?e ?agent ?object ?d ?st WHERE {{
      {chosen}
    }} ORDER BY DESC(?d) ?e LIMIT {int(limit)} }}
  ?e a ?k . FILTER(?k != kg:Event && STRSTARTS(STR(?k), "{NS}"))
  OPTIONAL {{ ?e kg:amount ?am }}
  OPTIONAL {{ ?e kg:evidence ?ev }}
  OPTIONAL {{ ?agent rdfs:label ?al }}
  OPTIONAL {{ ?agent a ?at . FILTER(STRSTARTS(STR(?at), "{NS}")) }}
  OPTIONAL {{ ?object rdfs:label ?ol }}
  OPTIONAL {{ ?object a ?ot . FILTER(STRSTARTS(STR(?ot), "{NS}")) }}
  ?st kg:storyNumber ?n ; kg:inDigest ?dg .
  OPTIONAL {{ ?dg kg:docName ?doc0 }}
  OPTIONAL {{ ?dg kg:sourceUrl ?url0 }}
}} GROUP BY ?e ?agent ?object ORDER BY DESC(?date) ?e"""


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
