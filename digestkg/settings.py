"""Every setting of digestkg, read once: a command-line flag over an environment variable over a default.

``SETTINGS`` lists each setting with its variable, its flag and its default; ``Settings.load`` reads
them into one frozen object, which the ``kg`` command hands to :class:`digestkg.core.KnowledgeGraph`
and to :func:`digestkg.web.create_app`. Nothing else reads ``KG_*`` variables.

>>> s = Settings.load({"query_limit": 50}, environ={"KG_QUERY_LIMIT": "20", "KG_PORT": "9000"})
>>> s.query_limit, s.port, s.host
(50, 9000, '127.0.0.1')
>>> Settings.load(environ={"KG_PORT": "http"})
Traceback (most recent call last):
...
ValueError: KG_PORT must be a whole number from 1 to 65535, not 'http'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .graph.store import DEFAULT_STORE, store_names
from .loaders.decode import MAX_BYTES

__all__ = ["Setting", "SETTINGS", "Settings", "default_data_dir"]


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME/digestkg``, else ``~/.local/share/digestkg``: never the working directory."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base).expanduser() / "digestkg"


def _number(kind: type, low: float, high: float | None = None) -> Callable[[str, str], Any]:
    words = "a whole number" if kind is int else "a number"
    bound = f" from {low:g} to {high:g}" if high is not None else f" of at least {low:g}"

    def parse(value: Any, what: str) -> Any:
        try:
            n = kind(value)
        except (TypeError, ValueError):
            n = None
        if n is None or n < low or (high is not None and n > high):
            raise ValueError(f"{what} must be {words}{bound}, not {value!r}")
        return n

    return parse


def _path(value: Any, what: str) -> Path:
    if not str(value).strip():
        raise ValueError(f"{what} must name a directory")
    return Path(value).expanduser()


def _store(value: Any, what: str) -> str:
    if value not in store_names():
        raise ValueError(f"{what} must be one of {', '.join(store_names())}, not {value!r}")
    return str(value)


def _flag(value: Any, what: str) -> bool:
    words = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() not in words:
        raise ValueError(f"{what} must be one of 1, true, yes, on, 0, false, no, off, not {value!r}")
    return words[str(value).strip().lower()]


def _text(value: Any, what: str) -> str | None:
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class Setting:
    """One setting: the attribute of :class:`Settings`, its variable, its flag and its default."""

    name: str
    env: str
    help: str
    default: Any
    parse: Callable[[Any, str], Any] = _text
    scope: str = "graph"  # graph: every command takes the flag; query, ingest, serve: those commands
    secret: bool = False  # never shown: the settings page says only whether it is set

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def metavar(self) -> str:
        return "yes|no" if isinstance(self.default, bool) else self.name.rsplit("_", 1)[-1].upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("data", "KG_DATA", "data directory of the graph", None, _path),
    Setting("store", "KG_STORE", "store backend", DEFAULT_STORE, _store),
    Setting("neo4j_uri", "KG_NEO4J_URI", "Neo4j server for the neo4j store (bolt://, neo4j://, neo4j+s://)",
            "bolt://127.0.0.1:7687"),
    Setting("neo4j_user", "KG_NEO4J_USER", "Neo4j user", "neo4j"),
    Setting("neo4j_password", "KG_NEO4J_PASSWORD",
            "Neo4j password; prefer the variable: flags show in process lists", None, secret=True),
    Setting("neo4j_database", "KG_NEO4J_DATABASE", "Neo4j database; unset, the server's default", None),
    Setting("ingest_token", "KG_INGEST_TOKEN",
            "token the web app's ingest asks for; unset, ingest is off; prefer the variable", None,
            scope="serve", secret=True),
    Setting("query_timeout", "KG_QUERY_TIMEOUT", "seconds a query may run", 10.0, _number(float, 0.001),
            scope="query"),
    Setting("query_limit", "KG_QUERY_LIMIT", "rows a query returns at most", 1000, _number(int, 1), scope="query"),
    Setting("query_memory", "KG_QUERY_MEMORY", "MiB of memory a query may take; past it, it is stopped", 1024,
            _number(int, 64), scope="query"),
    Setting("query_rate", "KG_QUERY_RATE", "queries a minute each client may send to /sparql and the console; "
            "0: no limit", 300, _number(int, 0), scope="serve"),
    Setting("cors_origins", "KG_CORS_ORIGINS", "origins (space-separated, or *) whose pages may read /sparql's "
            "answers; unset, none but the app's own", None, scope="serve"),
    Setting("allow_private_urls", "KG_ALLOW_PRIVATE_URLS", "let URL ingest fetch loopback, private and link-local "
            "addresses (off: only public hosts)", False, _flag),
    Setting("ingest_nice", "KG_INGEST_NICE", "CPU niceness `kg ingest` takes, so that a server on the same "
            "machine answers first (0: none)", 10, _number(int, 0, 19), scope="ingest"),
    Setting("network_max_nodes", "KG_NETWORK_MAX_NODES",
            "most nodes the network view draws: the centre's neighbours first, most connected first; those "
            "beyond it grouped by predicate and type into nodes that expand on a click", 150, _number(int, 2),
            scope="serve"),
    Setting("network_max_edges", "KG_NETWORK_MAX_EDGES",
            "most facts the network view draws; the centre's own and the most often stated stay", 600,
            _number(int, 1), scope="serve"),
    Setting("upload_max_bytes", "KG_UPLOAD_MAX_BYTES", "largest request body the web app takes, in bytes",
            MAX_BYTES, _number(int, 1), scope="serve"),
    Setting("host", "KG_HOST", "address the web app listens on", "127.0.0.1", scope="serve"),
    Setting("port", "KG_PORT", "port the web app listens on", 8080, _number(int, 1, 65535), scope="serve"),
)


@dataclass(frozen=True)
class Settings:
    """The settings in force. Build it with :meth:`load`; change it with :meth:`replace`."""

    data: Path
    store: str
    neo4j_uri: str | None
    neo4j_user: str | None
    neo4j_password: str | None
    neo4j_database: str | None
    ingest_token: str | None
    query_timeout: float
    query_limit: int
    query_memory: int
    query_rate: int
    cors_origins: str | None
    allow_private_urls: bool
    ingest_nice: int
    network_max_nodes: int
    network_max_edges: int
    upload_max_bytes: int
    host: str
    port: int

    @classmethod
    def load(cls, flags: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None
             ) -> Settings:
        """Each setting from ``flags`` (attribute names; None means not given), else the environment,
        else its default. A value that does not parse raises a ValueError that names it."""
        env = os.environ if environ is None else environ
        given = {k: v for k, v in (flags or {}).items() if v is not None}
        values: dict[str, Any] = {}
        for s in SETTINGS:
            if s.name in given:
                values[s.name] = s.parse(given[s.name], s.flag)
            elif env.get(s.env, "") != "":
                values[s.name] = s.parse(env[s.env], s.env)
            elif s.name == "data":
                values[s.name] = default_data_dir(env)
            else:
                values[s.name] = s.default
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (attribute names), each parsed as a flag would be; None leaves one as it is."""
        by_name = {s.name: s for s in SETTINGS}
        parsed = {k: by_name[k].parse(v, by_name[k].flag) for k, v in changes.items() if v is not None}
        return replace(self, **parsed)

    def neo4j(self) -> dict[str, Any]:
        """The Neo4j connection: uri, user, password, database."""
        return {"uri": self.neo4j_uri, "user": self.neo4j_user, "password": self.neo4j_password,
                "database": self.neo4j_database}

    def public(self) -> list[dict[str, Any]]:
        """Each setting with its variable and value, secrets shown only as set or not."""
        out = []
        for s, f in zip(SETTINGS, fields(self), strict=True):
            value = getattr(self, f.name)
            if s.secret:
                value = "(set)" if value else None
            elif isinstance(value, Path):
                value = str(value)
            out.append({"name": s.name, "env": s.env, "flag": s.flag, "value": value, "help": s.help})
        return out
