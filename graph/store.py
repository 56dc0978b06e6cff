"""The store protocol: what every graph backend offers, and a registry of backends.

A backend subclasses :class:`Store`, declares its ``name`` and ``capabilities`` and
registers itself with :func:`register`. The registry maps names to ``"module:Class"``
strings, so an optional backend (say a neo4j store) is imported only when asked for:

>>> get_store_class("oxigraph").capabilities >= {"sparql", "named_graphs"}
True
>>> with open_store("oxigraph") as store:  # no path: a temporary in-memory store
...     len(store)
0
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, ClassVar, TypeVar

from digestkg.graph.result import QueryResult
from rdflib import BNode, Literal, URIRef

__all__ = [
    "Quad",
    "CAPABILITIES",
    "DEFAULT_STORE",
    "Store",
    "StoreError",
    "StoreLockedError",
    "QueryError",
    "QueryResult",
    "register",
    "store_names",
    "get_store_class",
    "open_store",
]

# (subject, predicate, object, graph name), as rdflib terms
Quad = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal, URIRef]

CAPABILITIES = frozenset({"sparql", "named_graphs", "transactions", "persistent", "cypher"})
DEFAULT_STORE = "oxigraph"


class StoreError(RuntimeError):
    """A store cannot be opened, read or written; the message says which and why."""


class StoreLockedError(StoreError):
    """Another process holds the store."""


class QueryError(ValueError):
    """A query was refused (not read-only, malformed, too slow); the message is one line."""


S = TypeVar("S", bound="Store")


class Store(ABC):
    """A knowledge-graph store holding one set of named graphs per digest.

    Every digest owns its digest graph (named by the digest IRI) and one graph per
    story (named ``<digest IRI>/story/<n>``); replacing or removing a digest touches
    exactly these graphs. Queries see the union of all graphs.
    """

    name: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def digest_hash(self, digest_iri: str) -> str | None:
        """The stored ``kg:contentHash`` of a digest, or None when it is not stored."""

    @abstractmethod
    def replace_digest(self, digest_iri: str, quads: Iterable[Quad]) -> None:
        """Remove every graph of the digest and insert ``quads``, all or nothing.

        Every quad's graph must be the digest's graph or one of its story graphs.
        """

    @abstractmethod
    def remove_digest(self, digest_iri: str) -> bool:
        """Remove every graph of the digest; True when there was something to remove."""

    @abstractmethod
    def digests(self) -> list[dict[str, Any]]:
        """The stored digests: dicts with iri, title, doc, date, source_url, stories (count)."""

    @abstractmethod
    def query(self, sparql: str, *, timeout: float | None = 10.0, limit: int | None = 10000) -> QueryResult:
        """Run a read-only SPARQL query over the union of all graphs.

        Raises QueryError for updates, SERVICE, malformed queries and timeouts; at most
        ``limit`` rows come back (``truncated`` tells whether there were more).
        """

    def select_strings(
        self, sparql: str, *, timeout: float | None = None, limit: int | None = None
    ) -> tuple[list[str], list[tuple[str | None, ...]]]:
        """A SELECT's variables and rows as plain strings (IRIs, literal lexical forms; None if unbound).

        A fast path for bulk reads (exports, the network view): backends may skip building
        rdflib terms. Same read-only checks and errors as ``query``.
        """
        r = self.query(sparql, timeout=timeout, limit=limit)
        if r.kind != "select":
            raise QueryError("select_strings needs a SELECT query")
        return r.vars, [tuple(None if t is None else str(t) for t in row) for row in r.rows]

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad in the store, as rdflib terms (in no particular order)."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads in the store."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (files, locks); further use raises StoreError."""

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# name -> "module:Class"; the module is imported on first use
_REGISTRY: dict[str, str] = {"oxigraph": "digestkg.graph.oxigraph:OxigraphStore"}


def register(name: str, target: str | None = None) -> Callable[[type[S]], type[S]]:
    """Register a backend under ``name``: as a class decorator, or lazily with ``target="module:Class"``.

    >>> register("example", "digestkg.graph.oxigraph:OxigraphStore")  # doctest: +ELLIPSIS
    <function ...>
    >>> get_store_class("example").__name__
    'OxigraphStore'
    >>> _ = _REGISTRY.pop("example")
    """
    if target is not None:
        if ":" not in target:
            raise ValueError(f"store target must be 'module:Class', not {target!r}")
        _REGISTRY[name] = target

    def decorator(cls: type[S]) -> type[S]:
        if not (isinstance(cls, type) and issubclass(cls, Store)):
            raise TypeError(f"{cls!r} is not a Store subclass")
        unknown = cls.capabilities - CAPABILITIES
        if unknown:
            raise ValueError(f"{cls.__name__} declares unknown capabilities: {sorted(unknown)}")
        if not cls.name:
            cls.name = name
        _REGISTRY[name] = f"{cls.__module__}:{cls.__qualname__}"
        return cls

    return decorator


def store_names() -> list[str]:
    """The names of the registered backends (installed or not)."""
    return sorted(_REGISTRY)


def get_store_class(name: str) -> type[Store]:
    """The backend class registered as ``name``, importing its module now."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise StoreError(f"unknown store {name!r}; choose one of: {', '.join(store_names())}") from None
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise StoreError(f"the {name!r} store is not available: {e}") from e
    obj: Any = module
    for part in attr.split("."):
        obj = getattr(obj, part, None)
    # duck-typed: the module may have been imported under another name (doctest runners do that)
    if not (isinstance(obj, type) and all(hasattr(obj, m) for m in ("replace_digest", "query", "quads"))):
        raise StoreError(f"the {name!r} store is misregistered: {target} is not a Store class")
    return obj


def open_store(name: str = DEFAULT_STORE, **kwargs: Any) -> Store:
    """Open a store of backend ``name``; ``kwargs`` go to its constructor (e.g. ``path``, ``read_only``)."""
    return get_store_class(name)(**kwargs)
