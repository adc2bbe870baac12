"""The hotspot analysis on the labelled cases of tests/data: the planted surge and near-duplicates."""

from __future__ import annotations

from tests.data import hotspot_report


def test_the_labelled_cases_are_enough_and_labelled() -> None:
    cases = hotspot_report.load_cases()
    assert len(cases) >= 300
    assert sum(1 for c in cases if c["duplicate_of"]) >= 30
    assert len({c["group"] for c in cases}) >= 10


def test_the_planted_surge_and_duplicates_are_found(app_ctx) -> None:
    quality = hotspot_report.measure(hotspot_report.file_all(hotspot_report.load_cases()))
    print("\n".join(quality.lines()))
    assert quality.recall >= 0.8
    assert quality.false_share <= 0.10
    assert [group for _name, _week, _ratio, group in quality.surging] == ["water"]
    _name, week, ratio, _group = quality.surging[0]
    assert week >= 20 and ratio >= 10
    assert quality.purity >= 0.9
