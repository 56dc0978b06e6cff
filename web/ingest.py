"""Ingest: paste text, upload a file or give a URL; see what is extracted; then store it.

Both steps need the token set in ``KG_INGEST_TOKEN`` (a ``token`` form field or an ``Authorization:
Bearer`` header); without one configured, ingest is off. A preview is kept in memory for an hour.
A POST from another site's page is refused (403): its ``Origin`` (else its ``Referer``) must be this
app's own, or absent, as from a script or curl, which must still give the token.

A URL is fetched with :func:`digestkg.loaders.sources.read_sources`, which refuses loopback, private
and other internal addresses (redirects included).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
import urllib.parse
from typing import Any

from flask import Blueprint, Flask, abort, current_app, request

from ..cache import forget
from ..core import KnowledgeGraph, entity_records, triple_record
from ..graph.store import StoreLockedError
from ..ontology.model import Digest, InputError
from . import settings
from .util import page

__all__ = ["bp", "PENDING_SECONDS"]

bp = Blueprint("ingest", __name__)

PENDING_SECONDS = 3600
_MAX_PENDING = 32
_LOCK_WAIT = 5.0  # seconds to wait for readers to finish before a write gives up with a 503


class _State:
    """Per app: one graph object whose extractor stays loaded, and the previews waiting for a yes."""

    def __init__(self, app: Flask):
        self.kg = KnowledgeGraph(settings=app.config["KG_SETTINGS"])
        self.lock = threading.Lock()
        self.pending: dict[str, tuple[float, list[Digest]]] = {}

    def keep(self, digests: list[Digest]) -> str:
        now = time.monotonic()
        with self.lock:
            for k in [k for k, (t, _) in self.pending.items() if now - t > PENDING_SECONDS]:
                del self.pending[k]
            while len(self.pending) >= _MAX_PENDING:
                del self.pending[next(iter(self.pending))]
            key = secrets.token_urlsafe(16)
            self.pending[key] = (now, digests)
        return key


def _state() -> _State:
    return current_app.extensions.setdefault("digestkg_ingest", _State(current_app._get_current_object()))  # type: ignore[attr-defined]


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _same_origin() -> None:
    """403 for a request that a page of another origin sent (``Origin``, else ``Referer``)."""
    own = _origin(request.host_url)
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin.strip().lower() != own:
            abort(403, "cross-origin requests may not ingest: post from this site's own ingest page")
        return
    referer = request.headers.get("Referer")
    if referer and _origin(referer) != own:
        abort(403, "cross-origin requests may not ingest: post from this site's own ingest page")


@bp.after_request
def _referrer_policy(resp):  # type: ignore[no-untyped-def]
    # the app's "no-referrer" would make browsers send "Origin: null" with this page's own posts
    resp.headers["Referrer-Policy"] = "same-origin"
    return resp


def _authorised() -> None:
    _same_origin()
    token = settings().ingest_token
    if not token:
        abort(401, "ingest is off: the server has no KG_INGEST_TOKEN set")
    given = request.form.get("token") or ""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        given = auth[7:]
    if not hmac.compare_digest(given.encode(), str(token).encode()):
        abort(401, "a valid ingest token is needed")


def _read(kg: KnowledgeGraph) -> list[Digest]:
    """The digests of the pasted text, the uploaded file or the URL."""
    upload = request.files.get("file")
    text = request.form.get("text", "")
    url = request.form.get("url", "").strip()
    if upload is not None and upload.filename:
        return kg.read_bytes(upload.read(), upload.filename, content_type=upload.mimetype or None)
    if text.strip():
        return kg.read_bytes(text.encode("utf-8"), request.form.get("name", "").strip() or "pasted.txt")
    if url:
        if not url.startswith(("http://", "https://")):
            abort(400, "the URL must start with http:// or https://")
        return kg.read([url])
    abort(400, "paste a digest, upload a file or give a URL")


@bp.get("/ingest")
def form():
    return page("ingest.html", {"enabled": bool(settings().ingest_token), "preview": None})


@bp.post("/ingest/preview")
def preview():
    """What the extractor reads, per digest; nothing is stored yet."""
    _authorised()
    st = _state()
    try:
        with st.lock:
            digests = _read(st.kg)
            extractions = list(st.kg.extractor.extract_many(digests))
    except InputError as e:
        abort(400, str(e))
    shown: list[dict[str, Any]] = []
    for x in extractions:
        shown.append({"doc": x.digest.doc, "title": x.digest.title, "date": x.digest.date,
                      "stories": len(x.digest.stories), "entities": list(entity_records(x)),
                      "triples": [triple_record(x, t) for t in x.triples]})
    return page("ingest.html", {"enabled": True, "preview": shown, "pending": st.keep(digests)})


@bp.post("/ingest/confirm")
def confirm():
    """Store a previewed ingest."""
    _authorised()
    st = _state()
    with st.lock:
        entry = st.pending.get(request.form.get("pending", ""))
        if entry is None:
            abort(404, "no such preview (it may have expired): preview again")
        deadline = time.monotonic() + _LOCK_WAIT
        while True:
            try:
                report = st.kg.ingest_digests(entry[1])
                forget(st.kg)
                break
            except StoreLockedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
            finally:
                st.kg.close()  # the store closes, the extractor stays loaded
        st.pending.pop(request.form.get("pending", ""), None)
    return page("ingest.html", {"enabled": True, "preview": None, "report": {**vars(report),
                                                                            "summary": report.summary()}})
