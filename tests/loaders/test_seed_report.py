"""The real op-ed in ../shared/seeds: who and where it is about, its hedges, its (absent) sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction import Extraction
from tests.loaders.conftest import assert_spans_exact, extract_file

MUST_FIND = {"Al Qaeda", "Interim Afghan Government", "Afghanistan", "Syria", "Iraq", "South Asia",
             "Middle East"}


@pytest.fixture
def seed(seed_report: Path) -> Extraction:
    return extract_file(seed_report)


def test_finds_the_organisations_and_regions_it_names(seed: Extraction) -> None:
    mentioned = {m.name for claim in seed.claims for m in claim.mentions}
    assert mentioned >= MUST_FIND
    types = {e.name: e.type for e in seed.entities.values()}
    assert types["Al Qaeda"] == types["Interim Afghan Government"] == "organisation"
    assert {types[n] for n in MUST_FIND - {"Al Qaeda", "Interim Afghan Government"}} == {"region"}
    assert_spans_exact(seed)


def test_reports_that_the_op_ed_cites_no_source(seed: Extraction) -> None:
    assert len(seed.claims) > 30
    assert not any(claim.citations for claim in seed.claims)
    assert seed.references == [] and seed.cites_no_source()
    summary = seed.summary()
    assert summary["sourced_claims"] == 0 and summary["cites_no_source"] is True


def test_flags_its_hedged_claims(seed: Extraction) -> None:
    hedged = {" ".join(c.text.split()): c.hedges for c in seed.claims if c.hedged}
    assert any("appears to be repeating" in text and "appears" in cues for text, cues in hedged.items())
    assert any("partly overlap" in text for text in hedged)
    assert any(text.startswith("If this trend continues") for text in hedged)
    plain = [c for c in seed.claims if c.text.startswith("Many of these men are veterans")]
    assert plain and not plain[0].hedged


def test_places_sit_in_their_macro_regions(seed: Extraction) -> None:
    by_name = {e.name: e for e in seed.entities.values()}
    assert by_name["South Asia"].id in by_name["Afghanistan"].parents
    assert by_name["Middle East"].id in by_name["Syria"].parents
    assert by_name["Middle East"].id in by_name["Iraq"].parents
