"""The word lists are read with libyaml when it is there, to the same data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.extract import word_lists

DATA = Path(word_lists.__file__).with_name("data")


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")
def test_the_fast_loader_is_libyaml_and_reads_every_packaged_list_the_same() -> None:
    assert word_lists.YAML_LOADER is yaml.CSafeLoader
    files = sorted(DATA.glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert word_lists.load_yaml(text) == yaml.safe_load(text), path.name
