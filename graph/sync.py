"""Copy one store into another, digest by digest, so that both hold the same quads.

Every digest of the source is written to the target whole (one transaction each), and the
target's digests that the source lacks are removed. Afterwards both stores give the same
sorted N-Quads: the same entities, facts, statements, events and provenance.

>>> from digestkg.graph.oxigraph import OxigraphStore
>>> with OxigraphStore() as a, OxigraphStore() as b:
...     sync(a, b)
SyncReport(digests=0, removed=0, quads=0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from digestkg.graph.store import Store

__all__ = ["SyncReport", "sync"]


@dataclass
class SyncReport:
    digests: int = 0  # copied
    removed: int = 0  # removed from the target: the source does not have them
    quads: int = 0  # copied


def sync(source: Store, target: Store, *, progress: Callable[[int], None] | None = None) -> SyncReport:
    """Make ``target`` hold exactly what ``source`` holds."""
    report = SyncReport()
    wanted = [d["iri"] for d in source.digests()]
    for iri in wanted:
        quads = list(source.digest_quads(iri))
        target.replace_digest(iri, quads)
        report.digests += 1
        report.quads += len(quads)
        if progress:
            progress(1)
    keep = set(wanted)
    for d in target.digests():
        if d["iri"] not in keep:
            report.removed += target.remove_digest(d["iri"])
    return report
