"""Bulk-import files for ``neo4j-admin database import full``: the property-graph model as CSV.

Any store can be written out; the files hold the same nodes, labels, relationships and
properties as the Neo4j store writes (see :mod:`digestkg.graph.pgraph`), so a graph loaded
with them can be opened with ``--store neo4j`` straight away. Node IDs are IRIs (one ID
space), lists use ``|`` between items, and ``import.args`` holds the options and file names:

    neo4j-admin database import full neo4j --overwrite-destination @DIR/import.args

>>> import tempfile
>>> from digestkg.graph.oxigraph import OxigraphStore
>>> with OxigraphStore() as store:
...     write_neo4j_csv(store, tempfile.mkdtemp())["nodes"]
0
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digestkg.graph.pgraph import DigestGraph, from_quads, merge_entities

if TYPE_CHECKING:
    from digestkg.graph.store import Store

__all__ = ["ARRAY_DELIMITER", "IMPORT_OPTIONS", "write_neo4j_csv"]

ARRAY_DELIMITER = "|"  # between list items and between labels
# empty cells are missing properties; story texts span lines
IMPORT_OPTIONS = ("--multiline-fields=true", "--ignore-empty-strings=true",
                  f"--array-delimiter={ARRAY_DELIMITER}", "--id-type=string")

# file -> (header, kind): "nodes" or "relationships"
_FILES: dict[str, tuple[list[str], str]] = {
    "digests.csv": (["iri:ID", "title", "docName", "sourceUrl", "editionDate", "dateSource", "contentHash",
                     "extractorVersion", "minConfidence:double", "ingestedAt", ":LABEL"], "nodes"),
    "stories.csv": (["iri:ID", "number:long", "headline", "storyText", "title", ":LABEL"], "nodes"),
    "entities.csv": (["iri:ID", "name", "labels:string[]", "aliases:string[]", "wikidata", ":LABEL"], "nodes"),
    "events.csv": (["iri:ID", "kind", "date", "amount", "evidence", "statement", ":LABEL"], "nodes"),
    "in_digest.csv": ([":START_ID", ":END_ID", ":TYPE"], "relationships"),
    "mentions.csv": ([":START_ID", ":END_ID", ":TYPE", "label", "aliases:string[]", "wikidata"],
                     "relationships"),
    "facts.csv": ([":START_ID", ":END_ID", ":TYPE", "statement", "story", "storyNumber:long", "digest",
                   "sourceUrl", "date", "evidence", "confidence:double", "extractorVersion"],
                  "relationships"),
    "event_links.csv": ([":START_ID", ":END_ID", ":TYPE"], "relationships"),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        bad = [v for v in value if ARRAY_DELIMITER in v]
        if bad:
            raise ValueError(f"cannot write {bad[0]!r} to a Neo4j CSV array: it holds {ARRAY_DELIMITER!r}")
        return ARRAY_DELIMITER.join(value)
    return str(value)


def _rows(graphs: Iterable[DigestGraph]) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {name: [] for name in _FILES}
    mentions = []
    for g in graphs:
        p = g.digest.props
        out["digests.csv"].append([g.digest.iri, p.get("title"), p.get("docName"), p.get("sourceUrl"),
                                   p.get("editionDate"), p.get("dateSource"), p.get("contentHash"),
                                   p.get("extractorVersion"), p.get("minConfidence"), p.get("ingestedAt"),
                                   "Digest"])
        for s in g.stories:
            out["stories.csv"].append([s.iri, s.props.get("number"), s.props.get("headline"),
                                       s.props.get("storyText"), s.props.get("title"), "Story"])
            out["in_digest.csv"].append([s.iri, s.digest, "IN_DIGEST"])
        for m in g.mentions:
            mentions.append(m)
            out["mentions.csv"].append([m.story, m.entity, "MENTIONS", m.label, m.aliases, m.wikidata])
        for f in g.facts:
            fp = f.props
            out["facts.csv"].append([
                f.subject, f.object, f.type, f.statement, fp["story"], fp.get("storyNumber"),
                fp.get("digest"), fp.get("sourceUrl"), fp.get("date"), fp.get("evidence"),
                fp.get("confidence"), fp.get("extractorVersion")])
        for ev in g.events:
            ep = ev.props
            out["events.csv"].append([ev.iri, ev.kind, ep.get("date"), ep.get("amount"), ep.get("evidence"),
                                      ep.get("statement"), f"Event{ARRAY_DELIMITER}{ev.kind}"])
            out["event_links.csv"] += [[ev.iri, ev.agent, "AGENT"], [ev.iri, ev.object, "OBJECT"],
                                       [ev.iri, ev.story, "IN_STORY"]]
    for e in merge_entities(mentions).values():
        out["entities.csv"].append([e["iri"], e["name"], e["labels"], e["aliases"], e["wikidata"],
                                    f"Entity{ARRAY_DELIMITER}{e['type']}"])
    return out


def write_neo4j_csv(store: Store, directory: str | os.PathLike[str]) -> dict[str, int]:
    """Write the store's graph as neo4j-admin import files into ``directory`` (created when missing).

    Returns the counts of nodes and relationships written, by kind and in total.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    rows = _rows(from_quads(d["iri"], store.digest_quads(d["iri"])) for d in store.digests())
    counts = {"nodes": 0, "relationships": 0}
    args = list(IMPORT_OPTIONS)
    for name, (header, kind) in _FILES.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows([_cell(v) for v in row] for row in rows[name])
        counts[name.removesuffix(".csv")] = len(rows[name])
        counts[kind] += len(rows[name])
        args.append(f"--{kind}={(folder / name).resolve()}")
    (folder / "import.args").write_text("\n".join(args) + "\n", encoding="utf-8")
    return counts
