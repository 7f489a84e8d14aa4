import pytest

from remission.measures import services


def phq9(*items: int) -> dict[str, int | None]:
    """PHQ-9 answers q1..q9 (and the unscored difficulty item left blank)."""
    assert len(items) == 9
    return {f"q{n}": value for n, value in enumerate(items, start=1)}


@pytest.fixture
def record(world):
    """``record(answers, instrument="phq9", **options)`` as the psychiatrist, for the canary patient."""

    def go(answers, instrument="phq9", **options):
        options.setdefault("source", "clinician")
        return services.record_assessment(
            world.psychiatrist, world.patient, instrument, answers, **options
        )

    return go
