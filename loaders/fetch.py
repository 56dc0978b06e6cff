"""HTTP(S) fetching for URL inputs, guarded against server-side request forgery.

A host that is (or resolves to) a loopback, private, link-local, multicast, reserved or unspecified
address is refused before anything connects, unless allowed; the connection goes to the address
that was checked (no second lookup); redirects are followed by hand and each target is checked
again; bodies are capped at `decode.MAX_BYTES` and read under a deadline.

>>> fetch("ftp://example.com/digest.txt")
Traceback (most recent call last):
...
digestkg.ontology.model.InputError: ftp://example.com/digest.txt: unsupported scheme 'ftp' (only http and https)
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
import zlib
from http import HTTPStatus
from http.client import HTTPException
from typing import Any

from ..ontology.model import InputError
from . import decode  # decode.MAX_BYTES is read at each use: tests patch it
from .decode import over_cap

__all__ = ["HTTP_TIMEOUT", "MAX_REDIRECTS", "USER_AGENT", "error_reason", "fetch"]

HTTP_TIMEOUT = 15.0  # seconds, per connect / read on the socket
USER_AGENT = "digestkg/0.1 (+offline knowledge graph)"
MAX_REDIRECTS = 5
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_INTERNAL = "is not a public address (loopback, private, link-local or reserved): refused"


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``ip`` is a global unicast address (an IPv4-mapped IPv6 one is judged as IPv4).

    >>> [_public(ipaddress.ip_address(a)) for a in ("93.184.216.34", "127.0.0.1", "10.1.2.3", "::ffff:127.0.0.1",
    ...                                              "169.254.169.254", "0.0.0.0", "224.0.0.1", "::1", "fd00::1")]
    [True, False, False, False, False, False, False, False, False]
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def _addresses(label: str, host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses ``host`` resolves to, all checked: any internal one refuses the host.

    The error for a refused host is the same whatever its port, as nothing is connected to.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise InputError(f"{label}: could not connect (host {host!r} not found)") from None
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            raise InputError(f"{label}: host {host} {_INTERNAL}") from None
        if not allow_private and not _public(ip):
            raise InputError(f"{label}: host {host} {_INTERNAL}")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise InputError(f"{label}: could not connect (host {host!r} not found)")
    return addresses


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A TCP connection to the first of the checked ``addresses`` that answers."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as e:
            error = e
    assert error is not None
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to addresses checked beforehand (no second DNS lookup, so no rebinding)."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)  # type: ignore[arg-type]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to checked addresses; the certificate is verified for the host name."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._addresses = addresses

    def connect(self) -> None:
        sock = _connect(self._addresses, self.port, self.timeout)  # type: ignore[arg-type]
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _timed_out(label: str, seconds: float | None = None) -> InputError:
    return InputError(f"{label}: timed out after {seconds or HTTP_TIMEOUT:g} s")


def error_reason(err: Any) -> str:
    """An OS or network error as a short reason for a one-line message."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    return _first_line(str(err).strip()) or type(err).__name__


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, "
    "text/plain;q=0.8, */*;q=0.5",
    "Accept-Encoding": "identity",
}


def _open(url: str, uri: str, allow_private: bool) -> tuple[http.client.HTTPConnection, Any]:
    """Connect to ``uri``'s host (checked) and GET it: (connection, response). No redirect is followed."""
    parts = urllib.parse.urlsplit(uri)
    scheme = parts.scheme.lower()
    host = parts.hostname
    if not host:
        raise InputError(f"{url}: no host in the URL")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise InputError(f"{url}: invalid port in the URL") from None
    addresses = _addresses(url, host, port, allow_private)
    pinned = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = pinned(host, port, addresses, HTTP_TIMEOUT)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        conn.request("GET", target, headers=_HEADERS)
        return conn, conn.getresponse()
    except BaseException:
        conn.close()
        raise


def fetch(url: str, *, allow_private: bool = False) -> tuple[bytes, str, str | None]:
    """GET the http(s) `url` (errors name it as given): (body, final URL, Content-Type or None).

    The body is at most MAX_BYTES, gzip or deflate undone. Redirects are followed by hand, at most
    MAX_REDIRECTS, each target checked as the first URL was. ``allow_private`` lets internal
    addresses through (a digest server on the local network).
    """
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(f"{url}: unsupported scheme {scheme!r} (only http and https)")
    current = _to_uri(url, url)
    timeout = HTTP_TIMEOUT
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            conn, response = _open(url, current, allow_private)
        except InputError:
            raise
        except TimeoutError:
            raise _timed_out(url, timeout) from None
        except (OSError, HTTPException, ValueError) as e:
            raise InputError(f"{url}: could not connect ({error_reason(e)})") from None
        try:
            status = response.status
            if status in _REDIRECT_CODES:
                location = (response.getheader("Location") or "").strip()
                if not location:
                    raise InputError(f"{url}: HTTP {status} redirect without a Location")
                target = urllib.parse.urljoin(current, location)
                if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise InputError(f"{url}: redirected to an unsupported scheme ({_first_line(target)[:200]})")
                current = _to_uri(target, url)
                continue
            if status >= 400:
                reason = _first_line(str(response.reason or "")) or _status_phrase(status)
                raise InputError(f"{url}: HTTP {status} {reason}".rstrip())
            length = decode.int_or(response.getheader("Content-Length"), -1)
            if length > decode.MAX_BYTES:
                raise over_cap(url, length)
            data = _read_capped(response, url, timeout)
            encoding = str(response.getheader("Content-Encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):
                try:
                    inflater = zlib.decompressobj(wbits=47)
                    data = inflater.decompress(data, decode.MAX_BYTES + 1)
                except zlib.error as e:
                    raise InputError(f"{url}: could not decompress the {encoding} body ({e})") from None
                if len(data) > decode.MAX_BYTES:
                    raise over_cap(url)
            return data, current, response.getheader("Content-Type")
        finally:
            response.close()
            conn.close()
    raise InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS}), or a redirect loop")


def _status_phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def _read_capped(response: Any, label: str, timeout: float) -> bytes:
    """Read at most MAX_BYTES+1 bytes; a whole-body deadline of 4x the socket timeout."""
    deadline = time.monotonic() + 4 * timeout
    read = getattr(response, "read1", response.read)
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            chunk = read(min(65536, decode.MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > decode.MAX_BYTES:
                raise over_cap(label)
            if time.monotonic() > deadline:
                raise _timed_out(label, 4 * timeout)
    except TimeoutError:
        raise _timed_out(label, timeout) from None
    except (OSError, HTTPException) as e:
        raise InputError(f"{label}: connection lost while reading ({error_reason(e)})") from None
    return b"".join(chunks)


def _to_uri(url: str, label: str) -> str:
    """Percent-encode non-ASCII paths/queries and IDNA-encode hosts, as browsers do.

    >>> _to_uri("https://b\u00fccher.example/post/caf\u00e9 15?q=\u00e9#top", "x")
    'https://xn--bcher-kva.example/post/caf%C3%A9%2015?q=%C3%A9'
    """
    parts = urllib.parse.urlsplit(url.strip())
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise InputError(f"{label}: invalid host name {host!r}") from None
        netloc = f"{userinfo}{at}{host}{colon}{port}"
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, query, ""))
