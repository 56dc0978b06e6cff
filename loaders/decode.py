"""Input bytes to text: the size cap, BOMs, declared charsets, UTF-8 or Western legacy text, and
refusal of binary data. Every failure is an `InputError` naming the input.

>>> decode_bytes("Café digest".encode("cp1252"), "legacy.txt")
'Café digest'
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from ..ontology.model import InputError

__all__ = ["MAX_BYTES", "binary_data", "decode_bytes", "declared_charset", "over_cap", "int_or"]

MAX_BYTES = 5 * 1024 * 1024  # the size cap for one input (file, page or feed); read at call time

_MIB = 1024 * 1024
_SNIFF = 8192  # bytes/characters looked at for binary checks


def _fmt_size(n: int) -> str:
    """Human size in the units of the error messages.

    >>> _fmt_size(int(7.1 * 1024 * 1024)), _fmt_size(5 * 1024 * 1024), _fmt_size(2048), _fmt_size(10)
    ('7.1 MB', '5 MB', '2 KB', '10 bytes')
    """
    for unit, size in (("MB", _MIB), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def over_cap(label: str, size: int | None = None) -> InputError:
    """The error for an input over MAX_BYTES (`size` in it when known)."""
    cap = _fmt_size(MAX_BYTES)
    if size is None:
        return InputError(f"{label}: over the {cap} input cap")
    return InputError(f"{label}: {_fmt_size(size)} is over the {cap} input cap")


def binary_data(label: str) -> InputError:
    """The error for an input that is binary data (an image, or bytes that are not text)."""
    return InputError(f"{label}: binary data, not a text digest")


_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_ENC = re.compile(rb"""^\s*<\?xml\b[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)


def _looks_binary_bytes(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > 0.10 * len(head)


def _looks_binary_text(head: str) -> bool:
    return "\x00" in head or len(_CONTROL_CHARS.findall(head)) > 0.10 * len(head)


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte NUL, the others not.

    >>> _sniff_utf16("Digest".encode("utf-16-le")), _sniff_utf16(b"Digest")
    ('utf-16-le', None)
    """
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _codec(label: str | None) -> str | None:
    """Python codec for a declared charset; ASCII/Latin-1 mean windows-1252 as in browsers."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None
    if name in ("ascii", "iso8859-1", "latin-1"):
        return "cp1252"
    if name == "utf-8-sig":
        return "utf-8"
    if name.startswith(("utf-16", "utf-32")):  # without a BOM such a declaration is wrong
        return None
    return name


@functools.lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    try:
        return codec != "utf-8" and len(bytes(range(128, 256)).decode(codec, "replace")) == 128
    except LookupError:
        return False


def _plausible_cp1252(data: bytes) -> bool:
    """True when `data` reads as Western legacy text in windows-1252, not as mixed or CJK bytes.

    >>> _plausible_cp1252("The caf\\u00e9 served a \\u201cna\\u00efve\\u201d espresso.".encode("cp1252"))
    True
    >>> _plausible_cp1252("\\u4e2d\\u6587\\u6570\\u5b57\\u4e2d\\u56fd".encode("gbk"))
    False
    >>> _plausible_cp1252("It\\u2019s UTF-8 \\u2013 with one stray byte: \\xe9".encode() + b"\\xe9")
    False
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = sum(1 for b in data if b > 127)
    if not high:
        return True
    # mostly valid UTF-8 sequences plus a stray byte: mixed encodings, not a legacy file
    if 2 * sum(len(m.group()) for m in _UTF8_SEQ.finditer(data)) >= high:
        return False
    visible = sum(1 for c in text if not c.isspace())
    if high > 0.3 * visible or re.search(r"[^\x00-\x7f]{4,}", text):
        return False
    return all(unicodedata.category(c) not in ("Cc", "Co", "Cn", "Cs") for c in text if ord(c) > 127)


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or an HTML <meta> names in the first 4 KiB."""
    head = data[:4096]
    m = _XML_DECL_ENC.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def decode_bytes(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode one input's bytes to NFC text with "\\n" newlines, or raise InputError naming `name`.

    Order: a BOM, then `charset` (HTTP header or <meta>/XML declaration), then strict UTF-8, then
    windows-1252 only when the bytes decode cleanly and look like Western legacy text. A declared
    single-byte charset loses to bytes that are valid UTF-8 (a mislabelled page, not mojibake).

    >>> decode_bytes(b"\\xef\\xbb\\xbfCafe\\xcc\\x81\\r\\nDigest", "x.txt")
    'Café\\nDigest'
    >>> try:
    ...     decode_bytes(b"  \\n", "x.txt")
    ... except InputError as e:
    ...     print(e)
    x.txt: empty input
    """
    if len(data) > MAX_BYTES:
        raise over_cap(name, len(data))
    if not data.strip():
        raise InputError(f"{name}: empty input")
    codec, body = None, data
    for bom, enc in _BOMS:
        if data.startswith(bom):
            codec, body = enc, data[len(bom) :]
            break
    codec = codec or _sniff_utf16(data[:_SNIFF])
    if codec:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as e:
            offset = e.start + len(data) - len(body)
            raise InputError(
                f"{name}: not valid {codec.upper()} (byte 0x{data[offset]:02x} at offset {offset})"
            ) from None
        if _looks_binary_text(text[:_SNIFF]):
            raise binary_data(name)
    else:
        if _looks_binary_bytes(data[:_SNIFF]):
            raise binary_data(name)
        text = _decode_8bit(data, name, _codec(charset))
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text


def _decode_8bit(data: bytes, name: str, declared: str | None) -> str:
    try:
        utf8: str | None = data.decode("utf-8")
        error = None
    except UnicodeDecodeError as e:
        utf8, error = None, e
    if declared and declared != "utf-8" and not (utf8 is not None and _single_byte(declared)):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if utf8 is not None:
        return utf8
    if _plausible_cp1252(data):
        return data.decode("cp1252")
    assert error is not None
    raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")


def int_or(value: object, default: int) -> int:
    """A number written as text (an HTTP header, a markup attribute), or ``default``.

    >>> int_or(" 42 ", -1), int_or(None, -1), int_or("4x", -1)
    (42, -1, -1)
    """
    try:
        return int(str(value).strip())
    except ValueError:
        return default
