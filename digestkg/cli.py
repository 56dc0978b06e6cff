"""The ``kg`` command: a thin layer over :class:`digestkg.core.KnowledgeGraph`.

Every setting is a flag over an environment variable over a default (:mod:`digestkg.settings`);
errors are one line on standard error and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .core import DEFAULT_MIN_CONFIDENCE, KnowledgeGraph, entity_records, triple_record
from .graph.export import FORMATS
from .graph.store import QueryError, StoreError, store_names
from .ontology.model import InputError
from .settings import SETTINGS, Setting, Settings

__all__ = ["main", "build_parser"]

EXIT_ERROR = 1


def _default(s: Setting) -> str:
    if s.name == "data":
        return "~/.local/share/digestkg ($XDG_DATA_HOME/digestkg)"
    return "unset" if s.default is None else str(s.default)


def _settings_parent(*scopes: str) -> argparse.ArgumentParser:
    """The flags of the settings in ``scopes``, each with its variable and default in the help."""
    p = argparse.ArgumentParser(add_help=False)
    for s in SETTINGS:
        if s.scope in scopes:
            choices = store_names() if s.name == "store" else None
            p.add_argument(s.flag, dest=s.name, metavar=s.metavar, choices=choices,
                           default=argparse.SUPPRESS, help=f"{s.help} (${s.env}; default {_default(s)})")
    return p


def _settings(args: argparse.Namespace) -> Settings:
    """The settings in force: the flags given, else the environment, else the defaults."""
    return Settings.load({s.name: getattr(args, s.name, None) for s in SETTINGS})


def build_parser() -> argparse.ArgumentParser:
    data = _settings_parent("graph")
    ap = argparse.ArgumentParser(prog="kg", description="Tech-news digests to a knowledge graph.",
                                 parents=[data])
    ap.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[data, _settings_parent("ingest")],
                       help="read digests (files, URLs, feeds) into the store")
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--processes", type=int, default=1, help="worker processes for extraction (default 1)")
    p.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE,
                   help=f"store no triple below this confidence (default {DEFAULT_MIN_CONFIDENCE})")

    p = sub.add_parser("extract", parents=[data], help="print what the extractor reads, without storing it")
    p.add_argument("--processes", type=int, default=1, help="worker processes for extraction (default 1)")
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    p.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    p.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE,
                   help=f"leave out triples below this confidence (default {DEFAULT_MIN_CONFIDENCE})")

    p = sub.add_parser("eval", parents=[data], help="score extraction against gold annotations")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of NAME.txt digests with NAME.gold.json")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE,
                   help=f"leave out triples below this confidence (default {DEFAULT_MIN_CONFIDENCE})")
    p.add_argument("--folds", type=int, metavar="K",
                   help="k-fold cross-validation by digest: rules alone against rules with a pair model")
    p.add_argument("--train", nargs="?", const="", metavar="FILE",
                   help="train the pair model on GOLD_DIR and write it (default loaders/pair_model.json, "
                        "which the extractor uses; needs scikit-learn), its threshold the one that a 5-fold "
                        "cross-validation on GOLD_DIR finds best for F1 at a triple precision of 0.85 or more; "
                        "with --folds, no threshold (no pair readings) unless that cross-validation shows the "
                        "model beating the rules alone")

    results = argparse.ArgumentParser(add_help=False)  # what both query languages take
    results.add_argument("--format", choices=["table", "json", "csv"], default="table")
    for s in SETTINGS:
        if s.scope == "query":
            flag = "--" + s.name.removeprefix("query_")
            results.add_argument(flag, dest=s.name, default=argparse.SUPPRESS, metavar=flag[2:].upper(),
                                 help=f"{s.help} (${s.env}; default {_default(s)})")

    p = sub.add_parser("query", parents=[data, results], help="run a read-only SPARQL query")
    p.add_argument("sparql")

    p = sub.add_parser("entity", parents=[data], help="an entity's facts with evidence and sources")
    p.add_argument("name")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("export", parents=[data], help="export the graph")
    p.add_argument("--format", choices=sorted([*FORMATS, "neo4j-csv"]), default="turtle")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file to write (default: standard output); a folder for neo4j-csv")

    p = sub.add_parser("cypher", parents=[data, results], help="run a read-only Cypher query (neo4j store)")
    p.add_argument("cypher")

    p = sub.add_parser("sync", parents=[data], help="copy the RDF store into Neo4j, or Neo4j into it")
    p.add_argument("--to", choices=["neo4j", "rdf"], required=True,
                   help="neo4j: from the RDF store in the data directory; rdf: from Neo4j into it")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("stats", parents=[data], help="counts of digests, entities and facts")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("remove", parents=[data],
                       help="remove a digest (file name or source URL) and its facts")
    p.add_argument("digest")

    sub.add_parser("serve", parents=[_settings_parent("graph", "query", "serve")],
                   help="serve the web app (waitress)",
                   description="Serve the web app. Each setting is a flag, else its environment variable, "
                               "else its default; /settings shows the ones in force.")
    return ap


def _kg(args: argparse.Namespace, *, read_only: bool = False, store: str | None = None) -> KnowledgeGraph:
    """The graph the settings name (``store`` overrides theirs)."""
    return KnowledgeGraph(settings=_settings(args), store=store, read_only=read_only,
                          processes=getattr(args, "processes", 1))


def _ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    with _kg(args) as kg:
        if kg.settings.ingest_nice:  # a batch job: readers on this machine come first
            os.nice(kg.settings.ingest_nice)
        bar = tqdm(total=None, unit="digest", disable=args.no_progress or None, file=sys.stderr,
                   desc="ingesting")
        try:
            report = kg.ingest(args.inputs, progress=bar.update, min_confidence=args.min_confidence)
        finally:
            bar.close()
        print(report.summary())
    return 0


def _extract(args: argparse.Namespace) -> int:
    kg = KnowledgeGraph(settings=_settings(args), processes=args.processes)
    out = sys.stdout
    for x in kg.extract(args.inputs):
        if args.format == "jsonl":
            for rec in entity_records(x, args.min_confidence):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            for t in x.triples:
                if t.confidence >= args.min_confidence:
                    out.write(json.dumps(triple_record(x, t), ensure_ascii=False) + "\n")
        else:
            for t in x.triples:
                if t.confidence >= args.min_confidence:
                    out.write(f"{x.digest.doc}#{t.story}  {t.subject.name} --{t.predicate}--> "
                              f"{t.object.name}  ({t.confidence:.2f})\n")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import cross_validate, cv_report, evaluate, judged, load_gold, train_pair_model

    golds = load_gold(Path(args.gold_dir))
    if not golds:
        raise InputError(f"{args.gold_dir}: no *.gold.json files")
    kg = KnowledgeGraph(settings=_settings(args))
    texts = [str(Path(args.gold_dir) / g.doc) for g in golds.values()]
    if args.folds or args.train is not None:
        traced = list(kg.extractor.extract_instances(kg.read(texts)))
        cv = None
        if args.folds:
            cv = cross_validate(golds, traced, folds=args.folds, min_confidence=args.min_confidence)
            print(json.dumps(cv, indent=1) if args.format == "json" else cv_report(cv))
        if args.train is None:
            return 0
        model = train_pair_model(golds, traced, min_confidence=args.min_confidence,
                                 trained_on=f"{Path(args.gold_dir).name}: {len(golds)} digests")
        if cv is not None:  # kept only where the cross-validation says it beats the rules alone
            model = judged(model, cv)
        out = model.save(args.train or None)
        print(f"{out}: {len(model.weights)} features, threshold "
              f"{model.threshold if model.threshold is not None else 'none (no pair readings)'}")
        return 0
    ev = evaluate(golds, kg.extract(texts), min_confidence=args.min_confidence)
    if args.format == "json":
        print(json.dumps(ev.scores() | {"false_positives": ev.false_positives, "misses": ev.misses},
                         ensure_ascii=False, indent=1))
    else:
        print(ev.report())
    return 0


def _print_result(res: Any, args: argparse.Namespace, limit: int) -> int:
    """A SPARQL or Cypher result as table, JSON or CSV, with a note on stderr when --limit cut it."""
    if args.format == "json":
        print(json.dumps(res.to_json(), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(res.to_csv())
    else:
        print(res.to_table())
    if res.truncated:
        print(f"kg: results cut at {limit} rows (--limit)", file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> int:
    return _run_console(args, "sparql", args.sparql)


def _run_console(args: argparse.Namespace, language: str, query: str) -> int:
    """A read-only query in a worker process, stopped at its time and memory limits."""
    from .console import run_query

    st = _settings(args)
    res = run_query(st, language, query, timeout=st.query_timeout, limit=st.query_limit)
    return _print_result(res, args, st.query_limit)


def _entity(args: argparse.Namespace) -> int:
    with _kg(args, read_only=True) as kg:
        ent = kg.entity(args.name)
    if ent is None:
        print(f"kg: error: no entity named {args.name!r}", file=sys.stderr)
        return EXIT_ERROR
    page = ent["facts"]
    if args.format == "json":
        print(json.dumps({**ent, **page.as_dict()}, ensure_ascii=False, indent=1))
        return 0
    aka = f" (also: {', '.join(ent['aliases'])})" if ent["aliases"] else ""
    print(f"{ent['name']} [{ent['type']}]{aka}\n  {ent['iri']}")
    for f in page.facts:
        if f.direction == "out":
            line = f"{ent['name']} {f.predicate} {f.other_label}"
        else:
            line = f"{f.other_label} {f.predicate} {ent['name']}"
        print(f"\n- {line}" + (f"  (stated in {f.stated} stories)" if f.stated > 1 else ""))
        for src in f.sources:
            where = (src.doc or "") + (f" <{src.source_url}>" if src.source_url else "")
            conf = f"  (confidence {src.confidence:.2f})" if src.confidence is not None else ""
            print(f"  \"{src.evidence}\"{conf}\n    story {src.story_number} of {where}, {src.date}")
    if not page.facts:
        print("\n(no facts yet)")
    return 0


def _cypher(args: argparse.Namespace) -> int:
    return _run_console(args, "cypher", args.cypher)


def _sync(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    source, target = ("oxigraph", "neo4j") if args.to == "neo4j" else ("neo4j", "oxigraph")
    with _kg(args, read_only=True, store=source) as src, _kg(args, store=target) as dst:
        bar = tqdm(total=None, unit="digest", disable=args.no_progress or None, file=sys.stderr,
                   desc="syncing")
        try:
            report = src.sync_to(dst, progress=bar.update)
        finally:
            bar.close()
        print(f"synced {report.digests} digests ({report.quads} quads) from {src.location} to {dst.location}"
              + (f"; removed {report.removed} digests the source lacks" if report.removed else ""))
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.format == "neo4j-csv":
        if not args.output:
            raise ValueError("neo4j-csv writes several files: name a folder with -o DIR")
        from .graph.neo4j_csv import write_neo4j_csv

        with _kg(args, read_only=True) as kg:
            counts = write_neo4j_csv(kg.store, args.output)
        print(f"wrote {counts['nodes']} nodes and {counts['relationships']} relationships to {args.output}; "
              f"load them with: neo4j-admin database import full neo4j @{args.output}/import.args",
              file=sys.stderr)
        return 0
    with _kg(args, read_only=True) as kg:
        if args.output:
            with open(args.output, "wb") as fh:
                kg.export(args.format, fh)
            print(f"wrote {args.format} to {args.output}", file=sys.stderr)
        else:
            kg.export(args.format, sys.stdout.buffer)
    return 0


def _stats(args: argparse.Namespace) -> int:
    with _kg(args, read_only=True) as kg:
        st = kg.stats()
    if args.format == "json":
        print(json.dumps(st, indent=1))
        return 0
    where = st["data_dir"] if st["location"] == st["data_dir"] else st["location"]
    print(f"store      {st['store']} at {where}")
    for k in ("digests", "stories", "entities", "facts", "events", "quads"):
        print(f"{k:<10} {st[k]}")
    for title, key in (("entities by type", "entities_by_type"),
                       ("facts by predicate", "facts_by_predicate")):
        d = st[key]
        print(f"{title}:")
        for k, v in d.items():
            print(f"  {k:<16} {v}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with _kg(args) as kg:
        if not kg.remove(args.digest):
            print(f"kg: error: no digest {args.digest!r} in the store", file=sys.stderr)
            return EXIT_ERROR
    print(f"removed {args.digest}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from .web import create_app

    settings = _settings(args)
    app = create_app({"KG_SETTINGS": settings})
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"serving {settings.data} ({settings.store}) on http://{host}:{settings.port}/", file=sys.stderr)
    serve(app, host=settings.host, port=settings.port, threads=4)
    return 0


COMMANDS: dict[str, Any] = {
    "ingest": _ingest, "extract": _extract, "eval": _eval, "query": _query, "entity": _entity,
    "export": _export, "cypher": _cypher, "sync": _sync,
    "stats": _stats, "remove": _remove, "serve": _serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # `kg export | head`
        sys.stderr.close()
        return 0
    except (InputError, QueryError, StoreError, ValueError, OSError) as e:
        print(f"kg: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
