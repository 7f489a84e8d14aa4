"""The suicide-item alert invariant under random traffic (security-targets T35).

A Hypothesis state machine drives, in random order: PHQ-9 submissions through the JSON API (with
retries of the same idempotency key), C-SSRS screens recorded by a clinician in the chart,
self-report links opened, autosaved and finished by the patient, acknowledgements, e-mail outages
(the mailer raises), task-worker runs (outbox delivery and escalation), a worker killed in the
middle of a delivery, and jumps of the clock. After every step it checks:

- every stored positive suicide item (PHQ-9 item 9 > 0, a "yes" to any C-SSRS screener item) has
  exactly one alert, open or acknowledged, never showing a milder answer than the patient gave;
- no acknowledged submission and no alert is ever lost, and none is stored twice;
- each alert's care team has its notification queued (deduplicated); after the mailer recovers
  every queued message is delivered, none twice;
- an unacknowledged alert escalates at the first worker run after the clinic's configured time,
  never before, with the on-call clinicians' messages queued.

The positive items are read off the published instruments here, not from the application: PHQ-9
item 9 is positive at any answer above "not at all" (PHQ manual: any positive answer needs a
clinician assessment); every C-SSRS screener item is a yes/no whose "yes" routes to clinician
review or more (Columbia triage guidelines; clinical.md 1.8, 1.14).

``ALERT_INVARIANT_EXAMPLES`` (default 10) and ``ALERT_INVARIANT_STEPS`` (default 25) raise the
search, e.g. for a nightly run.
"""

import os
import uuid
from collections import Counter
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from remission.measures import services, tasks
from remission.measures.alerts import alerts_visible_to
from remission.measures.models import AlertStatus, Assessment, Priority, RiskAlert
from remission.outbox import services as outbox
from remission.outbox.models import OutboxMessage, Status
from tests.conftest import World, client_for
from tests.measures.conftest import phq9

CSSRS_ITEMS = ("q1", "q2", "q3", "q4", "q5", "q6", "q6_recent")
START = datetime.fromisoformat("2026-11-25T08:00:00+00:00")


def positive_items(assessment: Assessment) -> dict[str, int]:
    """The stored answers that are positive suicide items, by the published instruments."""
    answers = assessment.answers
    if assessment.instrument == "phq9":
        return {"q9": answers["q9"]} if answers.get("q9", 0) > 0 else {}
    if assessment.instrument == "cssrs_screener":
        return {item: 1 for item in CSSRS_ITEMS if answers.get(item) == 1}
    return {}


PHQ9 = st.builds(lambda items, q9: phq9(*items, q9), st.lists(st.integers(0, 3), min_size=8,
                 max_size=8), st.sampled_from([0, 0, 1, 2, 3]))  # fmt: skip
# What an autosave sends: the answers so far, in order (item 9, the last, in half of them).
PHQ9_SO_FAR = st.builds(
    lambda answers, count: dict(list(answers.items())[:count]), PHQ9, st.sampled_from([3, 6, 9, 9])
)


@st.composite
def cssrs(draw: Any) -> dict[str, int]:
    """Screener answers as the form asks them: 3-5 only after a yes to 2, recency after 6."""
    answers = {"q1": draw(st.integers(0, 1)), "q2": draw(st.integers(0, 1))}
    if answers["q2"]:
        answers |= {item: draw(st.integers(0, 1)) for item in ("q3", "q4", "q5")}
    answers["q6"] = draw(st.integers(0, 1))
    if answers["q6"]:
        answers["q6_recent"] = draw(st.integers(0, 1))
    return answers


class WorkerKilled(BaseException):
    """A worker process dying mid-delivery (kill -9): nothing after it runs, its transaction is
    rolled back."""


class AlertMachine(RuleBasedStateMachine):
    world: World
    time_machine: Any
    links = Bundle("links")

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()  # each example starts from the same database, rolled back after
        self.time_machine.move_to(START, tick=False)
        self.patient = self.world.patient
        self.keys: dict[str, int] = {}  # acknowledged idempotency key -> assessment id
        self.link_highest: dict[int, dict[str, int]] = {}  # link -> highest answer per item
        self.recorded_in_chart = 0
        self.seen_alerts: set[int] = set()
        self.mailer_down = False
        self.kill_next_send = False
        self.delivered: list[str] = []
        outbox.send_mail = self.send_mail  # type: ignore[assignment]

    def teardown(self) -> None:
        outbox.send_mail = ORIGINAL_SEND_MAIL
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def send_mail(self, subject: str, body: str, sender: Any, recipients: list[str]) -> int:
        if self.kill_next_send:
            self.kill_next_send = False
            raise WorkerKilled
        if self.mailer_down:
            raise ConnectionRefusedError("mail server unreachable")
        self.delivered.extend(recipients)
        return 1

    # --- The clinic's choice ---------------------------------------------------------------------

    @initialize(urgent_minutes=st.integers(1, 240), review_hours=st.integers(1, 48))
    def configure_escalation(self, urgent_minutes: int, review_hours: int) -> None:
        rules = services.settings_for(self.patient.clinic_id)
        rules.escalate_after_minutes = urgent_minutes
        rules.escalate_review_after_hours = review_hours
        rules.save()

    # --- Submissions -----------------------------------------------------------------------------

    @rule(answers=PHQ9, retry=st.booleans())
    def submit_through_the_api(self, answers: dict[str, int], retry: bool) -> None:
        key = next(iter(self.keys)) if retry and self.keys else uuid.uuid4().hex
        response = client_for(self.world.psychiatrist).post(  # signed in afresh after time jumps
            f"/api/patients/{self.patient.pk}/assessments",
            {"instrument": "phq9", "answers": answers, "idempotency_key": key},
            content_type="application/json",
        )
        if key in self.keys:
            assert (response.status_code, response.json()["id"]) == (200, self.keys[key])
        else:
            assert response.status_code == 201, response.content
            self.keys[key] = response.json()["id"]

    @rule(answers=cssrs())
    def record_a_screen_in_the_chart(self, answers: dict[str, int]) -> None:
        url = reverse("measures:record", args=[self.patient.pk, "cssrs_screener"])
        given = timezone.now() - timedelta(days=1)  # in the past in any clinic time zone
        form = {item: str(value) for item, value in answers.items()}
        form["administered_at"] = given.strftime("%Y-%m-%dT%H:%M")
        response = client_for(self.world.therapist).post(url, form)
        assert response.status_code == 302, response.content
        self.recorded_in_chart += 1

    @rule(target=links)
    def send_a_self_report_link(self) -> Any:
        link, token = services.create_link(
            self.world.psychiatrist, self.patient, ["phq9"], language="en", delivery="print"
        )
        self.link_highest[link.pk] = {}
        return (link, token)

    @rule(link=links, answers=PHQ9_SO_FAR)
    def autosave(self, link: Any, answers: dict[str, int]) -> None:
        if self._post_answers(link, _form(answers) | {"autosave": "1"}, expect=200):
            self._remember_answers(link[0].pk, answers)

    @rule(link=links, answers=PHQ9)
    def finish_the_link(self, link: Any, answers: dict[str, int]) -> None:
        if self._post_answers(link, _form(answers), expect=302):
            self._remember_answers(link[0].pk, answers)

    def _post_answers(self, link: Any, form: dict[str, str], expect: int) -> bool:
        """The patient opens the link (again) and sends answers; a used or expired link shows
        its friendly page (410) and stores nothing."""
        link, token = link
        link.refresh_from_db()
        client = client_for(None)
        opened = client.get(reverse("selfreport:start", args=[token]))
        if not services.link_usable(link):
            assert opened.status_code == 410
            return False
        response = client.post(reverse("selfreport:form"), form)
        assert response.status_code == expect, response.content
        return True

    def _remember_answers(self, link_id: int, answers: dict[str, int]) -> None:
        highest = self.link_highest[link_id]
        for item, value in answers.items():
            highest[item] = max(value, highest.get(item, 0))

    # --- Clinicians, workers, outages, time ------------------------------------------------------

    @precondition(lambda self: RiskAlert.objects.filter(status=AlertStatus.OPEN).exists())
    @rule(pick=st.integers(0, 1000))
    def acknowledge_an_alert(self, pick: int) -> None:
        open_alerts = list(RiskAlert.objects.filter(status=AlertStatus.OPEN).order_by("pk"))
        alert = open_alerts[pick % len(open_alerts)]
        response = client_for(self.world.therapist).post(
            reverse("measures:alert", args=[alert.pk]), {"action": "contacted", "note": "Phoned."}
        )
        assert response.status_code == 302
        alert.refresh_from_db()
        assert alert.status == AlertStatus.ACKNOWLEDGED

    @rule(down=st.booleans())
    def mail_server(self, down: bool) -> None:
        self.mailer_down = down

    @rule(minutes=st.integers(1, 24 * 60))
    def time_passes(self, minutes: int) -> None:
        self.time_machine.shift(timedelta(minutes=minutes))

    @rule(killed=st.booleans())
    def worker_runs(self, killed: bool) -> None:
        self.kill_next_send = killed
        with suppress(WorkerKilled):  # the message being sent stays pending: never committed
            outbox.deliver()
        self.kill_next_send = False
        tasks.escalate_unacknowledged_alerts.call()
        now = timezone.now()
        for alert in RiskAlert.objects.filter(status=AlertStatus.OPEN):
            if now - alert.raised_at >= self._limit(alert):
                assert alert.escalated_at is not None, "not escalated after the clinic's time"

    @rule()
    def mail_server_recovers(self) -> None:
        self.mailer_down = False
        self.time_machine.shift(timedelta(minutes=2**outbox.MAX_ATTEMPTS))  # past any back-off
        while outbox.deliver():
            pass
        assert not OutboxMessage.objects.filter(status=Status.PENDING).exists()
        for message in OutboxMessage.objects.filter(status=Status.FAILED):
            assert message.attempts >= outbox.MAX_ATTEMPTS  # given up only after every retry

    def _limit(self, alert: RiskAlert) -> timedelta:
        rules = services.settings_for(self.patient.clinic_id)
        if alert.priority == Priority.URGENT:
            return timedelta(minutes=rules.escalate_after_minutes)
        return timedelta(hours=rules.escalate_review_after_hours)

    # --- The invariants, checked after every step ------------------------------------------------

    @invariant()
    def every_positive_item_has_exactly_one_alert(self) -> None:
        for assessment in Assessment.objects.filter(patient=self.patient).prefetch_related(
            "alerts"
        ):
            alerts = list(assessment.alerts.all())
            assert not [i for i, n in Counter(a.item for a in alerts).items() if n > 1]
            by_item = {alert.item: alert for alert in alerts}
            highest = self.link_highest.get(assessment.link_id or 0, {})
            for item, answer in positive_items(assessment).items():
                alert = by_item.get(item)
                assert alert is not None, f"{assessment.instrument} {item}={answer} has no alert"
                assert alert.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
                assert alert.answer == max(answer, highest.get(item, 0))
            for item, alert in by_item.items():  # an alert only for an answer the patient gave
                assert alert.answer == max(positive_items(assessment).get(item, 0),
                                           highest.get(item, 0))  # fmt: skip

    @invariant()
    def nothing_acknowledged_is_lost_or_doubled(self) -> None:
        stored = Assessment.objects.filter(patient=self.patient)
        assert set(stored.filter(source="api").values_list("pk", flat=True)) == set(
            self.keys.values()
        )
        assert stored.filter(source="clinician").count() == self.recorded_in_chart
        assert stored.filter(link__isnull=False).count() == len(
            [highest for highest in self.link_highest.values() if highest]
        )
        alert_ids = set(RiskAlert.objects.values_list("pk", flat=True))
        assert self.seen_alerts <= alert_ids, "an alert disappeared"
        self.seen_alerts = alert_ids

    @invariant()
    def open_alerts_stay_on_the_care_teams_dashboard(self) -> None:
        visible = set(alerts_visible_to(self.world.nurse).values_list("pk", flat=True))
        assert (
            set(RiskAlert.objects.filter(status=AlertStatus.OPEN).values_list("pk", flat=True))
            <= visible
        )

    @invariant()
    def notifications_are_queued_once_and_delivered_once(self) -> None:
        team = {self.world.psychiatrist.email, self.world.therapist.email, self.world.nurse.email}
        on_call = {self.world.psychiatrist.email, self.world.outsider.email}
        for alert in RiskAlert.objects.all():
            queued = OutboxMessage.objects.filter(dedupe_key=f"alert:{alert.pk}")
            assert set(queued.values_list("email", flat=True)) == team
            if alert.escalated_at is not None:
                assert alert.escalated_at - alert.raised_at >= self._limit(alert)
                key = tasks.escalation_key(alert)
                escalations = OutboxMessage.objects.filter(dedupe_key=key)
                assert set(escalations.values_list("email", flat=True)) == on_call
        assert len(self.delivered) == OutboxMessage.objects.filter(status=Status.SENT).count()


ORIGINAL_SEND_MAIL = outbox.send_mail


def _form(answers: dict[str, int]) -> dict[str, str]:
    return {item: str(value) for item, value in answers.items()}


def test_the_alert_invariant_holds_under_random_traffic_outages_and_time_jumps(world, time_machine):
    AlertMachine.world = world
    AlertMachine.time_machine = time_machine
    run_state_machine_as_test(
        AlertMachine,
        settings=settings(
            max_examples=int(os.environ.get("ALERT_INVARIANT_EXAMPLES", 10)),
            stateful_step_count=int(os.environ.get("ALERT_INVARIANT_STEPS", 25)),
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


# --- Found by the machine, kept as examples --------------------------------------------------------


@pytest.fixture
def link(world):
    link, _ = services.create_link(
        world.psychiatrist, world.patient, ["phq9"], language="en", delivery="print"
    )
    return link


def _answer(world, link, answers, *, complete):
    return services.record_assessment(
        None, world.patient, "phq9", answers, source="link", link=link, complete=complete
    )


def test_an_autosaved_several_days_finished_as_nearly_every_day_makes_the_alert_urgent(world, link):
    first = _answer(world, link, {"q9": 1}, complete=False).alerts[0]
    finished = _answer(world, link, phq9(1, 1, 1, 1, 1, 1, 1, 1, 3), complete=True)

    alert = finished.assessment.alerts.get()
    assert alert.pk == first.pk  # still one alert for the item
    assert (alert.answer, alert.priority) == (3, "urgent")
    assert finished.alerts == (alert,)
    notified = OutboxMessage.objects.filter(dedupe_key=f"alert:{alert.pk}:answer:3")
    assert notified.count() == 3  # the care team is told again


def test_a_higher_answer_reopens_an_alert_acknowledged_for_the_milder_one(
    world, link, time_machine
):
    time_machine.move_to(START, tick=False)
    first = _answer(world, link, {"q9": 1}, complete=False).alerts[0]
    services.acknowledge_alert(world.therapist, first, "contacted", "Phoned.")
    time_machine.shift(timedelta(minutes=5))

    _answer(world, link, phq9(0, 0, 0, 0, 0, 0, 0, 0, 2), complete=True)

    first.refresh_from_db()
    assert (first.status, first.answer, first.priority) == ("open", 2, "urgent")
    assert first.acknowledged_by is None and first.raised_at == START + timedelta(minutes=5)


def test_a_lower_final_answer_keeps_the_alert_for_the_higher_one(world, link):
    _answer(world, link, {"q9": 3}, complete=False)
    finished = _answer(world, link, phq9(0, 0, 0, 0, 0, 0, 0, 0, 1), complete=True)
    alert = finished.assessment.alerts.get()
    assert (alert.answer, alert.priority) == (3, "urgent")
    assert finished.alerts == ()


def test_a_reopened_alert_escalates_anew_to_the_on_call_clinicians(world, link, time_machine):
    time_machine.move_to(START, tick=False)
    alert = _answer(world, link, {"q9": 1}, complete=False).alerts[0]
    time_machine.shift(timedelta(hours=24))  # the default review limit (docs/measures.md)
    assert tasks.escalate_unacknowledged_alerts.call() == 1
    services.acknowledge_alert(world.psychiatrist, alert, "contacted", "Phoned.")

    _answer(world, link, phq9(0, 0, 0, 0, 0, 0, 0, 0, 3), complete=True)
    time_machine.shift(timedelta(minutes=60))  # the default urgent limit
    assert tasks.escalate_unacknowledged_alerts.call() == 1

    alert.refresh_from_db()
    escalations = OutboxMessage.objects.filter(kind="alert_escalated")
    assert escalations.count() == 4  # two on-call psychiatrists, twice
    assert escalations.filter(dedupe_key=tasks.escalation_key(alert)).count() == 2
