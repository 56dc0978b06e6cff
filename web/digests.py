"""Digest pages: the list of digests, and one digest's stories with their entities and facts highlighted."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request

from ..search import highlight
from . import get_kg
from .util import page

__all__ = ["bp"]

bp = Blueprint("digests", __name__)


def _marked(story: dict[str, Any]) -> list[dict[str, Any]]:
    """The story's paragraphs as segments: evidence sentences of its facts, and entity names within them."""
    names = {n: e["name"] for e in story["entities"] for n in e["names"]}
    sentences = {f["evidence"]: "fact" for f in story["facts"] if f["evidence"]}
    paragraphs = []
    for para in story["text"].split("\n\n"):
        paragraphs.append([{"fact": tag is not None, "parts": highlight(part, names)}
                           for part, tag in highlight(para, sentences)])
    return paragraphs


@bp.get("/digests")
def index():
    return page("digests.html", {"digests": get_kg().digests()})


@bp.get("/digest")
def digest():
    """One digest, by ``doc`` (file name), source URL or IRI."""
    spec = (request.args.get("doc") or request.args.get("iri") or "").strip()
    if not spec:
        abort(400, "give a digest: /digest?doc=seed-digest.txt")
    d = get_kg().digest(spec)
    if d is None:
        abort(404, f"no digest {spec!r} in the store")
    types = {e["name"]: e["type"] for s in d["stories"] for e in s["entities"]}
    return page("digest.html", {"digest": d, "types": types,
                                "marked": {s["number"]: _marked(s) for s in d["stories"]}})
