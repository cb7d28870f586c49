"""Reading input files defensively: size limit, binary detection, strict decoding.

Report files are untrusted. We read at most ``MAX_BYTES`` (plus one byte to notice an
oversized file), refuse binaries that are not a format we read, and decode text as
UTF-8 (a BOM for UTF-8 or UTF-16 is honoured) so that character offsets are exact.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import LoadError

MAX_BYTES = int(os.environ.get("CONFLICTKG_MAX_FILE_BYTES", 20 * 1024 * 1024))
BINARY_SIGNATURES = {b"%PDF-": "pdf"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class RawSource:
    """The bytes of one input with its name and hash."""

    name: str
    data: bytes
    sha256: str


def read_source(path: Path, max_bytes: int = MAX_BYTES) -> RawSource:
    """Read a file, refusing empty and oversized ones with a clear LoadError."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(name, f"cannot read file ({exc.strerror or exc})") from exc
    return source_from_bytes(name, data, max_bytes)


def source_from_bytes(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> RawSource:
    """Wrap bytes that arrived some other way (an HTTP upload) with the same checks."""
    if len(data) > max_bytes:
        raise LoadError(name, f"file is larger than the {max_bytes // (1024 * 1024)} MB limit")
    if not data.strip():
        raise LoadError(name, "file is empty")
    return RawSource(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


def sniff_binary(data: bytes) -> str | None:
    """The binary format a file's first bytes announce, if any we know."""
    for signature, kind in BINARY_SIGNATURES.items():
        if data.lstrip()[:len(signature)] == signature:
            return kind
    return None


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (not text at all)."""
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode_text(source: RawSource) -> str:
    """Decode text strictly; a file that is not valid UTF-8 gets a clear LoadError."""
    if looks_binary(source.data):
        raise LoadError(source.name, "file is binary, not text")
    encoding = "utf-8"
    for bom, name in _BOMS:
        if source.data.startswith(bom):
            encoding = name
            break
    try:
        text = source.data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(source.name, f"file is not valid UTF-8 (bad byte at offset {exc.start})") from exc
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """One newline convention, so that offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
