"""The gazetteer cache is read in shards: a short text unpacks only the shards it looks up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.extract import gazetteer as gazetteer_module
from loaders.extract.gazetteer import Entry, Gazetteer, default_gazetteer
from loaders.extract.gazetteer_cache import LazyMap, LazyRows, cached_path, packed, read_cache
from loaders.extract.gazetteer_data import city_min_population, user_files

TEXT = "Taliban fighters attacked a checkpoint near Beni, in Helmand province, and in Kabul."


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture
def cache_file(tmp_path: Path, built: Gazetteer) -> Path:
    path = tmp_path / "gazetteer.marshal"
    path.write_bytes(packed(built.tables()))
    return path


def row(entry: Entry) -> tuple[Any, ...]:
    """What the cache keeps of an entry."""
    return gazetteer_module._row(entry)


def unpacked_share(tables: dict[str, Any]) -> float:
    """The share of the large tables' shards that have been unmarshalled."""
    lazy = [tables["rows"], tables["numbers"], *tables["index"], *tables["minor"]]
    counts = [table.unpacked() for table in lazy if isinstance(table, LazyMap | LazyRows)]
    assert len(counts) == len(lazy)
    return sum(done for done, _ in counts) / sum(total for _, total in counts)


def test_every_table_reads_back_as_it_was_written(cache_file: Path, built: Gazetteer) -> None:
    tables = built.tables()
    again = read_cache(cache_file)
    assert again is not None
    assert list(again["rows"]) == list(tables["rows"]) and len(again["rows"]) == len(tables["rows"])
    assert dict(again["numbers"]) == tables["numbers"]
    for name in ("index", "minor"):
        for lazy, plain in zip(again[name], tables[name], strict=True):
            assert set(lazy) == set(plain)
            if isinstance(plain, dict):
                assert {key: lazy[key] for key in plain} == plain
    assert {k: again[k] for k in ("states", "word_sets", "conditions")} == \
        {k: tables[k] for k in ("states", "word_sets", "conditions")}


def test_a_short_text_unpacks_a_few_shards_and_finds_what_the_built_index_finds(
        cache_file: Path, built: Gazetteer) -> None:
    tables = read_cache(cache_file)
    assert tables is not None and unpacked_share(tables) == 0
    loaded = Gazetteer.from_tables(tables)
    found = [(m.surface, m.entry.id, [p.id for p in loaded.parents_of(m.entry)]) for m in loaded.find(TEXT)]
    expected = [(m.surface, m.entry.id, [p.id for p in built.parents_of(m.entry)]) for m in built.find(TEXT)]
    assert found == expected and len(found) >= 3
    assert 0 < unpacked_share(tables) < 0.1
    kabul, again = loaded.resolve("Kabul"), built.resolve("Kabul")
    assert kabul is not None and again is not None and row(kabul) == row(again)
    first, first_again = loaded.by_id(found[0][1]), built.by_id(found[0][1])
    assert first is not None and first_again is not None and row(first) == row(first_again)


def test_a_long_run_unpacks_the_index_whole_once_and_answers_the_same(cache_file: Path,
                                                                      built: Gazetteer) -> None:
    tables = read_cache(cache_file)
    assert tables is not None
    loaded = Gazetteer.from_tables(tables)
    words = " ".join(f"w{n}" for n in range(gazetteer_module.SETTLE_AFTER // 2))
    loaded.find(words)
    assert isinstance(loaded._index.exact, LazyMap)
    loaded.find(words.replace("w", "v"))
    assert isinstance(loaded._index.exact, dict) and isinstance(loaded._minor.longest_exact, dict)
    assert [m.entry.id for m in loaded.find(TEXT)] == [m.entry.id for m in built.find(TEXT)]


@pytest.mark.parametrize("damage", ["cut", "foreign", "empty"])
def test_a_cut_or_foreign_file_is_no_cache(cache_file: Path, damage: str) -> None:
    raw = cache_file.read_bytes()
    cache_file.write_bytes({"cut": raw[: len(raw) // 2], "foreign": b"x" + raw[1:], "empty": b""}[damage])
    assert read_cache(cache_file) is None


def test_the_default_gazetteer_is_read_in_shards_from_its_cache(gazetteer_cache_dir: Path,
                                                                built: Gazetteer) -> None:
    target = cached_path(tuple(str(p) for p in user_files()), city_min_population())
    assert target is not None and target.parent == gazetteer_cache_dir
    target.write_bytes(packed(built.tables()))
    loaded = default_gazetteer()
    assert isinstance(loaded._rows, LazyRows)
    assert [m.entry.id for m in loaded.find(TEXT)] == [m.entry.id for m in built.find(TEXT)]
