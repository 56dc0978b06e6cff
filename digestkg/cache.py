"""A small cache shared by the whole process: what the pages build from the graph (the network,
the search index, ego views), kept per store state and dropped when a digest is written.

>>> import tempfile
>>> from digestkg.core import KnowledgeGraph
>>> with KnowledgeGraph(tempfile.mkdtemp()) as kg:
...     cached(kg, "answer", lambda: 42), cached(kg, "answer", lambda: 0)
(42, 42)
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .core import KnowledgeGraph

__all__ = ["STATE_TTL", "state_key", "forget", "cached"]

_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, str], Any] = OrderedDict()
_states: dict[str, tuple[float, str]] = {}  # graph -> (when read, state key)
_lock = threading.Lock()
STATE_TTL = 5.0  # seconds
T = TypeVar("T")


def state_key(kg: KnowledgeGraph) -> str:
    """A key that changes whenever a digest is added, replaced or removed: the store's ``state`` token.

    It is read again at most every ``STATE_TTL`` seconds per graph (``forget`` drops it at once, after a
    write).
    """
    where = f"{kg.data_dir}|{kg.store_name}"
    now = time.monotonic()
    with _lock:
        known = _states.get(where)
    if known is not None and now - known[0] < STATE_TTL:
        return known[1]
    key = hashlib.sha256(f"{where}|{kg.store.state()}".encode()).hexdigest()
    with _lock:
        _states[where] = (now, key)
    return key


def forget(kg: KnowledgeGraph) -> None:
    """Read the graph's state afresh on the next ``state_key`` (call it after writing)."""
    with _lock:
        _states.pop(f"{kg.data_dir}|{kg.store_name}", None)


def cached(kg: KnowledgeGraph, what: str, build: Callable[[], T], key: str | None = None) -> T:
    """``build()`` once per store state and ``what`` (a small LRU shared by the whole process)."""
    k = (key or state_key(kg), what)
    with _lock:
        if k in _cache:
            _cache.move_to_end(k)
            return _cache[k]
    value = build()
    with _lock:
        _cache[k] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value
