"""Benchmarks: the arithmetic against the published figures, and shown only like with like."""

import pytest

from remission.clinical.instruments import get_instrument
from remission.clinical.statistics import Rate
from remission.insights.benchmarks import BENCHMARKS, for_figure
from remission.insights.pathways import Pathway

BY_ID = {b.id: b for b in BENCHMARKS}


@pytest.mark.parametrize(
    ("benchmark", "events", "total", "percent"),
    [
        ("transform_pooled", 182, 310, 58.7),  # Turkoz 2021: 58.7% (182/310)
        ("saint_open_label", 19, 22, 86.4),  # Cole 2020: 19/22 (86.4%) intention to treat
    ],
)
def test_published_counts_give_the_published_percentage(benchmark, events, total, percent):
    b = BY_ID[benchmark]
    assert (b.events, b.total, b.percent) == (events, total, percent)
    assert round(Rate(events, total).percent or 0, 1) == percent


def test_saint_completers_figure_is_the_other_published_one():
    # Cole 2020: 19/21 completers = 90.5%; the benchmark uses the ITT figure.
    assert round(Rate(19, 21).percent or 0, 1) == 90.5


@pytest.mark.parametrize(
    ("benchmark", "percent"),
    [("stard_level1", 36.8), ("stard_level2", 30.6), ("stard_level3", 13.7),
     ("stard_level4", 13.0), ("stard_cumulative", 67.0), ("stard_reanalysis", 35.0),
     ("elektd_ketamine_qids", 55.4), ("elektd_ketamine_madrs", 50.8),
     ("elektd_ect_qids", 41.2), ("elektd_ect_madrs", 41.1), ("nhs_tt_2014", 44.8),
     ("nhs_tt_2016", 49.3), ("nhs_tt_target", 50.0)],
)  # fmt: skip
def test_figures_are_those_of_clinical_md_section_7(benchmark, percent):
    assert BY_ID[benchmark].percent == percent


def test_elektd_arms_differ_by_the_published_14_2_points():
    # Anand 2023: 55.4% vs 41.2%, difference 14.2 percentage points.
    difference = BY_ID["elektd_ketamine_qids"].percent - BY_ID["elektd_ect_qids"].percent
    assert round(difference, 1) == 14.2


def test_every_benchmark_names_a_criterion_the_clinical_core_uses():
    for b in BENCHMARKS:
        if b.instrument == "nhs_tt":
            continue
        rules = get_instrument(b.instrument).outcomes
        assert rules is not None
        ids = [c.id for c in getattr(rules, b.outcome)]
        assert b.criterion in ids, b.id
        assert b.source and b.definition and b.tag


def test_no_unverified_figure_is_a_benchmark():
    # clinical.md marks TRANSFORM-2's 69.3%/52.5% and THREE-D's rates UNVERIFIED.
    assert not {69.3, 52.5, 52.0, 31.0} & {b.percent for b in BENCHMARKS}
    assert all(b.tag != "UNVERIFIED" for b in BENCHMARKS)


def test_a_benchmark_is_shown_only_beside_the_same_definition():
    shown = for_figure(Pathway.KETAMINE_IV, "qids_sr16", "response", "end", "reduction_50_percent")
    assert [b.id for b in shown] == ["elektd_ketamine_qids"]
    assert for_figure(Pathway.KETAMINE_IV, "phq9", "response", "end", "reduction_50_percent") == []
    assert (
        for_figure(Pathway.KETAMINE_IV, "qids_sr16", "response", "3m", "reduction_50_percent") == []
    )
    assert (
        for_figure(Pathway.ESKETAMINE, "qids_sr16", "response", "end", "reduction_50_percent") == []
    )
    # SAINT's MADRS <11 is the ≤10 criterion; a clinic using MADRS ≤9 gets no SAINT benchmark
    assert for_figure(Pathway.TMS, "madrs", "remission", "end", "zimmerman2004_broad") == []
    assert [b.id for b in for_figure(Pathway.TMS, "madrs", "remission", "end",
                                     "zimmerman2004_hrsd7")] == ["saint_open_label"]  # fmt: skip
