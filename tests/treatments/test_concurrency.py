"""Two clinicians changing one history at the same moment (security-targets T32)."""

import threading

import pytest
from django.db import connection

from remission.concurrency import EditConflict
from remission.treatments import services
from remission.treatments.models import HistoryVersion, Trial
from tests.treatments.conftest import AS_OF, antidepressant, episode, weeks

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*jobs):
    """Run the jobs in threads released together; returns what each raised (or None)."""
    start = threading.Barrier(len(jobs))
    outcomes: list[BaseException | None] = [None] * len(jobs)

    def run(number, job):
        try:
            start.wait()
            job()
        except BaseException as error:  # reported to the test
            outcomes[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_trials_added_at_the_same_moment_both_land_in_numbered_versions(world):
    services.save_episode(world.psychiatrist, world.patient, episode(), None, as_of=AS_OF)

    outcomes = at_once(
        lambda: services.add_trial(world.psychiatrist, world.patient,
                                   antidepressant("sertraline", weeks((150, 8))), as_of=AS_OF),
        lambda: services.add_trial(world.nurse, world.patient,
                                   antidepressant("duloxetine", weeks((60, 8))), as_of=AS_OF),
    )  # fmt: skip

    assert outcomes == [None, None]
    assert sorted(HistoryVersion.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert len(HistoryVersion.objects.get(number=3).history["trials"]) == 2


def test_the_same_trial_corrected_at_the_same_moment_keeps_one_and_refuses_the_other(world):
    services.save_episode(world.psychiatrist, world.patient, episode(), None, as_of=AS_OF)
    services.add_trial(world.psychiatrist, world.patient,
                       antidepressant("sertraline", weeks((100, 8))), as_of=AS_OF)  # fmt: skip

    def correct(user, mg):
        def job():
            trial = Trial.objects.get()
            trial.doses = weeks((mg, 8))
            services.update_trial(user, trial, 1, as_of=AS_OF)

        return job

    outcomes = at_once(correct(world.psychiatrist, 150), correct(world.nurse, 200))

    assert sorted(type(o).__name__ for o in outcomes) == ["EditConflict", "NoneType"]
    assert any(isinstance(o, EditConflict) for o in outcomes)
    assert Trial.objects.get().version == 2
    assert HistoryVersion.objects.count() == 3
