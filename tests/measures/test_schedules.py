"""Measurement plans: due questionnaires are issued, reminded once, and marked missed."""

from datetime import date, timedelta
from unittest import mock

from django.core import mail

from remission.measures import services, tasks
from remission.measures.models import DueQuestionnaire, MeasurementSchedule, SelfReportLink
from remission.outbox.models import OutboxMessage
from remission.outbox.services import deliver, queue


def test_a_schedule_that_fell_due_issues_a_questionnaire_with_an_emailed_link(world, time_machine):
    time_machine.move_to("2026-11-25 06:00Z", tick=False)
    schedule = services.add_schedule(
        world.psychiatrist, world.patient, "phq9", 7, date(2026, 11, 25)
    )

    assert tasks.issue_due_questionnaires.call() == 1
    assert tasks.issue_due_questionnaires.call() == 0  # not twice

    due = DueQuestionnaire.objects.get(patient=world.patient)
    assert (due.instrument, due.due_on, due.status) == ("phq9", date(2026, 11, 25), "sent")
    schedule.refresh_from_db()
    assert schedule.next_due == date(2026, 12, 2)
    assert SelfReportLink.objects.get(due=due).instruments == ["phq9"]
    assert deliver() == 1
    assert mail.outbox[0].to == [world.patient.email]
    assert "/r/" in mail.outbox[0].body
    assert "Quenby" not in mail.outbox[0].body


def test_an_unanswered_questionnaire_is_reminded_once_then_marked_missed(world, time_machine):
    time_machine.move_to("2026-11-25 06:00Z", tick=False)
    services.add_schedule(world.psychiatrist, world.patient, "phq9", 7, date(2026, 11, 25))
    tasks.issue_due_questionnaires.call()

    time_machine.move_to("2026-11-26 06:00Z", tick=False)  # default: one reminder after a day
    assert tasks.remind_and_mark_missed.call() == (1, 0)
    assert tasks.remind_and_mark_missed.call() == (0, 0)

    time_machine.move_to("2026-11-29 06:00Z", tick=False)  # default: missed after three days
    assert tasks.remind_and_mark_missed.call() == (0, 1)
    assert DueQuestionnaire.objects.get().status == "missed"
    assert OutboxMessage.objects.filter(kind="self_report_link").count() == 2


def test_answering_completes_the_due_questionnaire(world, time_machine):
    time_machine.move_to("2026-11-25 06:00Z", tick=False)
    due = services.add_due(
        world.nurse, world.patient, "qids_sr16", date(2026, 11, 25), "before infusion 3"
    )
    answers = {f"q{n}": 0 for n in range(1, 17)}

    recorded = services.record_assessment(None, world.patient, "qids_sr16", answers, source="link")

    due.refresh_from_db()
    assert (due.status, due.assessment) == ("completed", recorded.assessment)


def test_stopping_a_schedule_stops_issuing(world, time_machine):
    time_machine.move_to("2026-11-25 06:00Z", tick=False)
    schedule = services.add_schedule(
        world.psychiatrist, world.patient, "gad7", 14, date(2026, 11, 25)
    )
    services.stop_schedule(world.psychiatrist, schedule)
    assert tasks.issue_due_questionnaires.call() == 0
    assert not MeasurementSchedule.objects.get().active


def test_patients_without_email_get_a_due_questionnaire_but_no_mail(world, time_machine):
    time_machine.move_to("2026-11-25 06:00Z", tick=False)
    world.patient.email = ""
    world.patient.save()
    services.add_schedule(world.psychiatrist, world.patient, "phq9", 7, date(2026, 11, 25))
    tasks.issue_due_questionnaires.call()
    assert DueQuestionnaire.objects.get().status == "due"
    assert not OutboxMessage.objects.exists()


def test_a_failed_delivery_is_retried_later(world, time_machine):
    time_machine.move_to("2026-11-25 06:00Z", tick=False)
    queue("test", "k", "someone@example.org", "subject", "body")
    with mock.patch("remission.outbox.services.send_mail", side_effect=OSError("smtp down")):
        assert deliver() == 0
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == ("pending", 1)
    assert deliver() == 0  # not due again yet
    time_machine.move_to("2026-11-25 06:03Z", tick=False)
    assert deliver() == 1
    assert OutboxMessage.objects.get().status == "sent"


def test_the_scheduler_enqueues_each_task_at_its_interval():
    from remission.scheduler import PERIODIC, Scheduler

    now = [0.0]
    scheduler = Scheduler(clock=lambda: now[0])
    with mock.patch("remission.scheduler.import_string") as load:
        assert len(scheduler.tick()) == len(PERIODIC)  # everything runs at start
        now[0] = 45
        assert scheduler.tick() == ["remission.outbox.tasks.deliver_outbox"]  # every 30 s
        now[0] = timedelta(hours=1).total_seconds()
        assert set(scheduler.tick()) == {path for path, _ in PERIODIC}
    assert load.return_value.enqueue.call_count == 2 * len(PERIODIC) + 1
