"""Reading input files defensively: size limit, binary detection, careful decoding.

Report files are untrusted. An oversized file is refused from its size on disk before
any of it is read (and a stream is never read past the size limit + 1), binaries that
are not a format we read are refused, and text is decoded as UTF-8 (a BOM for UTF-8 or
UTF-16 is honoured) so that character offsets are exact. Stray bytes that are not UTF-8
in UTF-8 text (pasted together from two encodings) are read as
Windows-1252 with a warning that names how many there were, rather than lost; a
file with no UTF-8 in it at all is refused rather than guessed at.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from graph.settings import current
from loaders.errors import LoadError

MAX_NAME_CHARS = 255
SHIFT_JIS = "cp932"   # Shift-JIS as Windows writes it (a superset of shift_jis)
MIN_KANA = 4          # non-ASCII characters needed before a file is called Shift-JIS
KANA_SHARE = 0.2      # of which at least this share must be kana
# C0 and C1 controls, DEL, and the bidirectional overrides and isolates (which reorder what a
# terminal or page shows); line and paragraph separators too.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
BINARY_SIGNATURES = {b"%PDF-": "pdf"}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class RawSource:
    """The bytes of one input with its name and hash."""

    name: str
    data: bytes
    sha256: str


def read_source(path: Path, max_bytes: int | None = None, root: Path | None = None) -> RawSource:
    """Read a file, refusing empty and oversized ones with a clear LoadError.

    The source keeps the file's name relative to ``root`` (the folder being ingested),
    else its bare name: a path typed on the command line says where someone keeps
    their files, which is not for publishing with the report.
    """
    shown = printable(str(path))
    max_bytes = current().max_file_bytes if max_bytes is None else max_bytes
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise LoadError(shown, _too_large(max_bytes, size))
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(shown, f"cannot read file ({exc.strerror or exc})") from exc
    return _checked(_relative_name(path, root), data, max_bytes)


def _relative_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return printable(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            pass
    return bare_name(str(path))


def bare_name(name: str) -> str:
    """The last part of a path (either separator), printable: what a report may publish
    of the file it came from."""
    last = re.split(r"[/\\]", name.rstrip("/\\"))[-1]
    return printable(last)[:MAX_NAME_CHARS] or "upload"


def printable(text: str) -> str:
    """Control and bidirectional-formatting characters escaped (a newline becomes the two
    characters \\n), so that a name can never forge an output line or drive a terminal."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _too_large(max_bytes: int, size: int | None = None) -> str:
    limit = f"{max_bytes / (1024 * 1024):g} MB"
    actual = f" ({size / (1024 * 1024):.1f} MB)" if size is not None else ""
    return f"file is larger than the {limit} limit{actual}; set CONFLICTKG_MAX_FILE_BYTES to raise it"


def source_from_bytes(name: str, data: bytes, max_bytes: int | None = None) -> RawSource:
    """Wrap bytes that arrived some other way (an HTTP upload) with the same checks; only
    the bare file name is kept."""
    return _checked(bare_name(name), data, current().max_file_bytes if max_bytes is None else max_bytes)


def _checked(name: str, data: bytes, max_bytes: int) -> RawSource:
    if len(data) > max_bytes:
        raise LoadError(name, _too_large(max_bytes, len(data)))
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
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.05


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a source, the encoding used, and what went wrong on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: read a byte that is not UTF-8 as Windows-1252 (Latin-1 where
    Windows-1252 leaves the byte undefined)."""
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start:error.end]
    return chunk.decode("cp1252", errors="ignore") or chunk.decode("latin-1"), error.end


codecs.register_error("conflictkg-cp1252", _cp1252_fallback)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode_bytes(name: str, data: bytes, declared: str | None = None,
                 fallback: str | None = None) -> DecodedText:
    """Decode with the BOM's encoding, else ``declared``, else UTF-8.

    Text that is UTF-8 with a few stray bytes from another encoding (pasted together)
    is repaired: the stray bytes are read as Windows-1252 and counted in a warning.
    Text with no valid UTF-8 at all is refused, unless the format names a ``fallback``
    (HTML without a declared charset falls back to Windows-1252), since guessing a
    whole file's encoding wrongly would corrupt every quote taken from it.
    """
    encoding = bom_encoding(data) or _known_encoding(name, declared) or "utf-8"
    try:
        return DecodedText(normalise_newlines(data.decode(encoding)), encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16"):
            raise LoadError(name, f"file is not valid UTF-16 (bad bytes at offset {exc.start})") from exc
        first_bad = exc.start
    if encoding == "utf-8" and not declared and looks_shift_jis(data):
        return DecodedText(normalise_newlines(data.decode(SHIFT_JIS)), SHIFT_JIS,
                           ("not UTF-8: read as Shift-JIS (Japanese), recognised from its bytes",))
    bad, good_multibyte = _count_bytes(data, encoding)
    if encoding == "utf-8" and not good_multibyte and not declared:
        if fallback is None:
            raise LoadError(name, f"file is not valid UTF-8 (bad byte at offset {first_bad}); "
                                  "save it as UTF-8")
        text = data.decode(fallback, errors="replace")
        return DecodedText(normalise_newlines(text), fallback,
                           (f"no character encoding declared and not UTF-8; read as {fallback}",))
    text = data.decode(encoding, errors="conflictkg-cp1252")
    warning = (f"{bad} byte(s) are not valid {encoding} (first at offset {first_bad}); "
               "read them as Windows-1252 (mixed or mislabelled encoding)")
    return DecodedText(normalise_newlines(text), encoding, (warning,))


def looks_shift_jis(data: bytes) -> bool:
    """Shift-JIS, not stray Windows-1252 bytes: the whole file decodes as Shift-JIS and
    kana make up a good share of what is not ASCII. Japanese prose is full of kana
    (particles, endings); Latin text misread as Shift-JIS gives kanji, almost never kana.
    Without this, such a file was read as Windows-1252 mojibake with only a warning."""
    try:
        text = data.decode(SHIFT_JIS)
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if c > "\x7f"]
    kana = sum(1 for c in wide if "\u3040" <= c <= "\u30ff" or "\uff66" <= c <= "\uff9d")
    return len(wide) >= MIN_KANA and kana >= len(wide) * KANA_SHARE


def _known_encoding(name: str, declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        return codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        raise LoadError(name, f"declares an unknown character encoding {declared!r}") from None


def _count_bytes(data: bytes, encoding: str) -> tuple[int, int]:
    """(invalid bytes, valid non-ASCII characters) of ``data`` in ``encoding``."""
    decoded = data.decode(encoding, errors="surrogateescape")
    invalid = sum(1 for c in decoded if "\udc80" <= c <= "\udcff")
    non_ascii = sum(1 for c in decoded if c > "\x7f")
    return invalid, non_ascii - invalid


def decode_text(source: RawSource) -> str:
    """Decode a text file; see :func:`decode_source` for the warnings."""
    return decode_source(source).text


def decode_source(source: RawSource, declared: str | None = None) -> DecodedText:
    """Decode a text source, refusing binaries with a clear LoadError."""
    if looks_binary(source.data):
        raise LoadError(source.name, "file is binary, not text")
    return decode_bytes(source.name, source.data, declared)


def normalise_newlines(text: str) -> str:
    """One newline convention, so that offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
