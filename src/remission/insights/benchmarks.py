"""Published outcome benchmarks (clinical.md section 7), each with its definition and source.

A benchmark carries the key of the clinic figure computed with the same definition: pathway,
instrument, outcome (with the criterion id the clinical core uses) and time-point. The dashboard
shows a benchmark only beside that figure. Figures tagged UNVERIFIED in the reference (TRANSFORM-2
day-28 rates, ELEKT-D remission, THREE-D and SNT rates, the Talking Therapies planning targets)
are not here; nor are figures whose definition differs from anything the clinic measures (CORE's
HAM-D24 remission, NeuroStar's "maintained response", SUSTAIN-1 relapse).
"""

from dataclasses import dataclass

from remission.insights.pathways import Pathway


@dataclass(frozen=True, slots=True)
class Benchmark:
    id: str
    study: str
    percent: float
    definition: str
    population: str
    source: str
    tag: str
    pathway: Pathway
    instrument: str  # a clinical-core instrument id, or "nhs_tt" for Talking Therapies recovery
    outcome: str  # response | remission | recovery
    criterion: str  # the clinical-core criterion id of the same definition
    window: str  # end | ever (cumulative over the course)
    events: int | None = None
    total: int | None = None

    @property
    def key(self) -> tuple[Pathway, str, str, str]:
        return (self.pathway, self.instrument, self.outcome, self.window)


STAR_D_STEPS = (
    ("stard_level1", "STAR*D Level 1 (citalopram)", 36.8),
    ("stard_level2", "STAR*D Level 2", 30.6),
    ("stard_level3", "STAR*D Level 3", 13.7),
    ("stard_level4", "STAR*D Level 4", 13.0),
)

BENCHMARKS: tuple[Benchmark, ...] = (
    *(
        Benchmark(
            id=id_,
            study=study,
            percent=percent,
            definition="Remission: QIDS-SR16 ≤5 at the end of the step",
            population="Outpatients with non-psychotic MDD, antidepressant sequence",
            source="Rush et al. 2006, Am J Psychiatry 163:1905",
            tag="S",
            pathway=Pathway.MEDICATION,
            instrument="qids_sr16",
            outcome="remission",
            criterion="star_d",
            window="end",
        )
        for id_, study, percent in STAR_D_STEPS
    ),
    Benchmark(
        id="stard_cumulative",
        study="STAR*D cumulative remission (theoretical, assuming no dropout)",
        percent=67.0,
        definition="Remission QIDS-SR16 ≤5 at any step; product of the step rates",
        population="Outpatients with non-psychotic MDD, up to four steps",
        source="Rush et al. 2006, Am J Psychiatry 163:1905",
        tag="S",
        pathway=Pathway.MEDICATION,
        instrument="qids_sr16",
        outcome="remission",
        criterion="star_d",
        window="ever",
    ),
    Benchmark(
        id="stard_reanalysis",
        study="STAR*D cumulative remission, 2023 reanalysis",
        percent=35.0,
        definition="Remission on the HRSD (protocol-specified primary outcome), any step; "
        "patients ineligible by protocol excluded",
        population="STAR*D patients eligible by protocol (the investigators dispute the exclusions)",
        source="Pigott et al. 2023, BMJ Open 13:e063095; reply: Rush et al. 2023, Am J Psychiatry",
        tag="S",
        pathway=Pathway.MEDICATION,
        instrument="hamd17",
        outcome="remission",
        criterion="star_d",
        window="ever",
    ),
    Benchmark(
        id="elektd_ketamine_qids",
        study="ELEKT-D, ketamine arm",
        percent=55.4,
        definition="Response: ≥50% decrease in QIDS-SR16 after 2 infusions a week for 3 weeks",
        population="Non-psychotic TRD, ages 21-75, randomised (ketamine 200)",
        source="Anand et al. 2023, N Engl J Med 388:2315",
        tag="P abstract",
        pathway=Pathway.KETAMINE_IV,
        instrument="qids_sr16",
        outcome="response",
        criterion="reduction_50_percent",
        window="end",
    ),
    Benchmark(
        id="elektd_ketamine_madrs",
        study="ELEKT-D, ketamine arm",
        percent=50.8,
        definition="Response: ≥50% decrease in MADRS at the end of the 3-week series",
        population="Non-psychotic TRD, ages 21-75, randomised (ketamine 200)",
        source="Anand et al. 2023, N Engl J Med 388:2315",
        tag="P abstract",
        pathway=Pathway.KETAMINE_IV,
        instrument="madrs",
        outcome="response",
        criterion="reduction_50_percent",
        window="end",
    ),
    Benchmark(
        id="elektd_ect_qids",
        study="ELEKT-D, ECT arm",
        percent=41.2,
        definition="Response: ≥50% decrease in QIDS-SR16 after ECT 3 times a week (9 sessions)",
        population="Non-psychotic TRD, ages 21-75, randomised (ECT 203)",
        source="Anand et al. 2023, N Engl J Med 388:2315",
        tag="P abstract",
        pathway=Pathway.ECT,
        instrument="qids_sr16",
        outcome="response",
        criterion="reduction_50_percent",
        window="end",
    ),
    Benchmark(
        id="elektd_ect_madrs",
        study="ELEKT-D, ECT arm",
        percent=41.1,
        definition="Response: ≥50% decrease in MADRS at the end of the ECT course",
        population="Non-psychotic TRD, ages 21-75, randomised (ECT 203)",
        source="Anand et al. 2023, N Engl J Med 388:2315",
        tag="P abstract",
        pathway=Pathway.ECT,
        instrument="madrs",
        outcome="response",
        criterion="reduction_50_percent",
        window="end",
    ),
    Benchmark(
        id="transform_pooled",
        study="TRANSFORM-1/2 pooled, esketamine + new oral antidepressant",
        percent=58.7,
        events=182,
        total=310,
        definition="Response: ≥50% decrease in MADRS at day 28",
        population="TRD, pooled post hoc analysis of two induction trials",
        source="Turkoz et al. 2021, J Clin Psychiatry",
        tag="P abstract",
        pathway=Pathway.ESKETAMINE,
        instrument="madrs",
        outcome="response",
        criterion="reduction_50_percent",
        window="end",
    ),
    Benchmark(
        id="saint_open_label",
        study="SAINT open label (accelerated, neuronavigated iTBS)",
        percent=86.4,
        events=19,
        total=22,
        definition="Remission: MADRS <11 (≤10) after the 5-day course, intention to treat",
        population="TRD, open label, n=22",
        source="Cole et al. 2020, Am J Psychiatry 177:716",
        tag="S",
        pathway=Pathway.TMS,
        instrument="madrs",
        outcome="remission",
        criterion="zimmerman2004_hrsd7",
        window="end",
    ),
    *(
        Benchmark(
            id=id_,
            study=study,
            percent=percent,
            definition="Recovery: at caseness at the start (PHQ-9 ≥10 and/or GAD-7 ≥8), below "
            "caseness on both at the end",
            population="People finishing a course (≥2 treatment appointments) in NHS Talking "
            "Therapies",
            source=source,
            tag="S",
            pathway=Pathway.PSYCHOTHERAPY,
            instrument="nhs_tt",
            outcome="recovery",
            criterion="nhs_talking_therapies",
            window="end",
        )
        for id_, study, percent, source in (
            ("nhs_tt_2014", "NHS Talking Therapies (IAPT) 2014/15", 44.8, "HSCIC, 24 Nov 2015"),
            (
                "nhs_tt_2016",
                "NHS Talking Therapies (IAPT) 2016/17",
                49.3,
                "NHS Digital annual report 2016/17, as reported by the press",
            ),
            (
                "nhs_tt_target",
                "NHS Talking Therapies national recovery target",
                50.0,
                "NHS England recovery target (≥50% of those finishing treatment)",
            ),
        )
    ),
)


def for_figure(
    pathway: Pathway, instrument: str, outcome: str, window: str, criterion: str | None
) -> list[Benchmark]:
    """The benchmarks defined like this clinic figure (same criterion id), else none."""
    return [
        b
        for b in BENCHMARKS
        if b.key == (pathway, instrument, outcome, window) and b.criterion == criterion
    ]
