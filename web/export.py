"""Exports: the whole graph or an entity's neighbourhood, as a file with its content type and name."""

from __future__ import annotations

import io
import re

from flask import Blueprint, Response, abort, request

from ..analytics import export_neighbourhood
from ..graph.export import FORMATS
from . import get_kg
from .util import find_entity, page

__all__ = ["bp"]

bp = Blueprint("export", __name__)


@bp.get("/export")
def index():
    return page("export.html", {"formats": {k: {"extension": f.extension, "media_type": f.media_type}
                                            for k, f in FORMATS.items()},
                                "name": request.args.get("name", "")})


@bp.get("/export/<fmt>")
def download(fmt: str):
    """``/export/turtle`` (everything) or ``/export/turtle?name=ByteDance&depth=2`` (a neighbourhood)."""
    if fmt not in FORMATS:
        abort(404, f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    kg, buf = get_kg(), io.BytesIO()
    name = request.args.get("name", "").strip()
    stem = "digestkg"
    if name:
        ent = find_entity(name)
        try:
            depth = min(max(int(request.args.get("depth", "1")), 1), 3)
        except ValueError:
            abort(400, "depth must be 1, 2 or 3")
        export_neighbourhood(kg, ent["iri"], fmt, buf, depth=depth)
        stem += "-" + (re.sub(r"[^A-Za-z0-9]+", "-", ent["iri"].rsplit("/", 1)[-1]).strip("-") or "entity")
    else:
        kg.export(fmt, buf)
    f = FORMATS[fmt]
    mime = f.media_type + ("; charset=utf-8" if f.media_type.startswith("text/") else "")
    return Response(buf.getvalue(), headers={"Content-Type": mime,
                                             "Content-Disposition": f'attachment; filename="{stem}{f.extension}"'})
