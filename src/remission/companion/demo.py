"""The companion's part of the demo clinic: portal accounts, journals, safety plans, homework,
families and peer groups. Everyone is fictional."""

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from remission.accounts.models import Role, User
from remission.companion import skills
from remission.companion.models import (
    Attendance,
    CheckIn,
    ConsentRecord,
    ExerciseCompletion,
    GroupMembership,
    GroupSession,
    HomeworkAssignment,
    HomeworkStatus,
    LinkStatus,
    PeerGroup,
    SafetyPlan,
    SafetyPlanVersion,
    SupportLink,
)
from remission.demo.clinic import DemoClinic
from remission.demo.logins import DEMO_PASSWORD
from remission.patients.models import Patient, Status

PORTAL_PATIENTS = 6  # the first six active patients get a portal account
JOURNAL_PATIENTS = 12

PLAN_EN = {
    "warning_signs": "Staying in bed past noon\nNot answering messages\nThinking 'nothing will change'",
    "coping_strategies": "Shower and get dressed\nA 10-minute walk round the block\nBreathing: in 4, out 6",
    "distractions": "The café on Lake Street\nCall my sister Mia (555 0142)\nThe library",
    "help_contacts": "Mia (sister), 555 0142\nTom (friend), 555 0178",
    "professionals": "Lakeside Mood Clinic, 555 0100 (weekdays 8-18)\nDr. Lindqvist, via the clinic",
    "safer_environment": "Medicines kept by Mia; I get a week's supply\nNo alcohol at home",
    "reasons_for_living": "My niece Lily\nMy dog Biscuit\nFinishing the garden",
}
PLAN_DE = {
    "warning_signs": "Bis mittags im Bett bleiben\nNachrichten nicht beantworten\nDer Gedanke 'es ändert sich nie'",
    "coping_strategies": "Duschen und anziehen\n10 Minuten um den Block gehen\nAtmen: 4 ein, 6 aus",
    "distractions": "Das Café am See\nMeine Schwester Lena anrufen (555 0142)",
    "help_contacts": "Lena (Schwester), 555 0142\nJan (Freund), 555 0178",
    "professionals": "Lakeside Mood Clinic, 555 0100 (werktags 8-18)",
    "safer_environment": "Medikamente bewahrt Lena auf\nKein Alkohol zu Hause",
    "reasons_for_living": "Meine Nichte Lilly\nMein Hund Keks",
}
NOTES = ("Slept badly, but the walk helped.", "Good talk with Mia.", "Hard day at work.",
         "Felt a bit lighter today.", "Tired, stayed in.", "Went to the group, glad I did.")  # fmt: skip


def add_companion(demo: DemoClinic) -> None:
    rng = demo.rng
    password = make_password(DEMO_PASSWORD)
    active = [p for p in demo.patients if p.status == Status.ACTIVE]
    therapist = demo.first(Role.THERAPIST)
    psychiatrist = demo.first(Role.PSYCHIATRIST)
    now = timezone.now()

    # Portal accounts: "patient" (English), "patient2" (German), then patient3...
    english = [p for p in active if p.preferred_language == "en"]
    german = [p for p in active if p.preferred_language == "de"]
    portal = english[:1] + german[:1]
    portal += [p for p in active if p not in portal][: PORTAL_PATIENTS - len(portal)]
    for number, patient in enumerate(portal, start=1):
        user = User.objects.create(
            username="patient" if number == 1 else f"patient{number}",
            first_name=patient.given_name,
            last_name=patient.family_name,
            email=patient.email,
            role=Role.PATIENT,
            clinic=demo.clinic,
            password=password,
        )
        Patient.objects.filter(pk=patient.pk).update(user=user)
        patient.user = user
    # The patients with an account come first, so that they show every feature.
    active = portal + [p for p in active if p not in portal]

    # Journals: a gentle random walk over five weeks, most shared, a few notes shared.
    entries = []
    for patient in active[:JOURNAL_PATIENTS]:
        mood = rng.randint(2, 3)
        for days_ago in range(34, -1, -1):
            if rng.random() < 0.25:
                continue
            step = rng.choice((-1, 0, 0, 1))
            if mood >= 4 and rng.random() < 0.5:
                step = -1  # good days come and go: the walk leans back towards the middle
            elif mood <= 2 and rng.random() < 0.4:
                step = 1
            mood = min(5, max(1, mood + step))
            note = rng.choice(NOTES) if rng.random() < 0.3 else ""
            shared = rng.random() < 0.85
            entries.append(
                CheckIn(
                    patient=patient,
                    recorded_at=now - timedelta(days=days_ago, hours=rng.randint(0, 6)),
                    mood=mood,
                    anxiety=min(5, max(1, 6 - mood + rng.choice((-1, 0, 1)))),
                    sleep=min(5, max(1, mood + rng.choice((-1, 0, 1)))),
                    energy=min(5, max(1, mood + rng.choice((-1, 0)))),
                    tags=rng.sample(["walk", "outside", "friends", "mindfulness", "work"], 2),
                    note=note,
                    shared=shared,
                    note_shared=shared and bool(note) and rng.random() < 0.5,
                )
            )
    CheckIn.objects.bulk_create(entries)

    # Safety plans: made with the psychiatrist; some patients edited theirs since.
    for index, patient in enumerate(active[:8]):
        plan = SafetyPlan.objects.create(patient=patient)
        text = PLAN_DE if patient.preferred_language == "de" else PLAN_EN
        SafetyPlanVersion.objects.create(
            plan=plan,
            number=1,
            author=psychiatrist,
            author_role=psychiatrist.role,
            created_at=now - timedelta(days=40),
            change_note="Made together in clinic",
            **text,
        )
        if index % 2 == 0 and patient.user_id:
            SafetyPlanVersion.objects.create(
                plan=plan,
                number=2,
                author_id=patient.user_id,
                author_role=Role.PATIENT,
                created_at=now - timedelta(days=6),
                change_note="Added a reason",
                **{
                    **text,
                    "reasons_for_living": text["reasons_for_living"] + "\nSeeing the sea again",
                },
            )

    # Homework: open, overdue and done (some answers shared).
    for index, patient in enumerate(active[:10]):
        exercise = skills.EXERCISES[index % len(skills.EXERCISES)]
        done = index % 3 != 0
        assignment = HomeworkAssignment.objects.create(
            patient=patient,
            exercise=exercise.slug,
            note="Try this once before our next session.",
            due=demo.today + timedelta(days=rng.randint(-3, 7)),
            status=HomeworkStatus.DONE if done else HomeworkStatus.OPEN,
            assigned_by=therapist,
            assigned_at=now - timedelta(days=10),
            source="integration-session" if index % 4 == 0 else "chart",
        )
        if done:
            ExerciseCompletion.objects.create(
                patient=patient,
                exercise=exercise.slug,
                assignment=assignment,
                responses={prompt.key: "Written in the demo." for prompt in exercise.prompts},
                helpful=rng.randint(2, 5),
                shared=index % 2 == 0,
                completed_at=now - timedelta(days=2),
            )
        HomeworkAssignment.objects.create(
            patient=patient,
            exercise="walk-outside",
            due=demo.today + timedelta(days=3),
            assigned_by=therapist,
        )

    # Families: "family" supports the first portal patient with every grant; "family2" the second
    # with appointments and the information pages only.
    for username, patient, grants in (
        ("family", portal[0], ["appointments", "safety_contacts", "education", "checkins"]),
        ("family2", portal[1], ["appointments", "education"]),
    ):
        member = User.objects.create(
            username=username,
            first_name="Mia" if username == "family" else "Lena",
            last_name=patient.family_name,
            email=f"{username}@{demo.clinic.slug}.example.org",
            role=Role.FAMILY,
            clinic=demo.clinic,
            password=password,
            language=patient.preferred_language,
        )
        link = SupportLink.objects.create(
            patient=patient,
            member=member,
            name=member.first_name,
            email=member.email,
            relationship="sister",
            grants=grants,
            status=LinkStatus.ACTIVE,
            invited_at=now - timedelta(days=20),
            accepted_at=now - timedelta(days=19),
        )
        assert patient.user is not None
        ConsentRecord.objects.create(link=link, action="granted", grants=grants, by=patient.user)
        ConsentRecord.objects.create(link=link, action="accepted", grants=grants, by=member)

    # Peer groups: one in person (with members and attendance), one online.
    circle = PeerGroup.objects.create(
        clinic=demo.clinic,
        name="Tuesday evening circle",
        description="A peer group for people living with depression that has been hard to "
        "treat. Share as much or as little as you like.",
        format="in_person",
        place="Lakeside Mood Clinic, room 2",
        schedule="Tuesdays 18:00-19:30",
        facilitator=therapist,
    )
    PeerGroup.objects.create(
        clinic=demo.clinic,
        name="Thursday online group",
        description="The same idea, from home.",
        format="online",
        place="https://meet.lakeside.example.org/thursday-group",
        schedule="Thursdays 19:00-20:00",
        facilitator=demo.staff[Role.THERAPIST][1],
    )
    members = [
        GroupMembership.objects.create(
            group=circle,
            patient=patient,
            display_name=patient.given_name,
            introduction="Here to listen, mostly." if n % 2 else "",
            visible_to_members=n % 3 != 2,
            joined_at=now - timedelta(days=60),
        )
        for n, patient in enumerate(active[:6])
    ]
    for weeks_ago in range(4, 0, -1):
        day = demo.today - timedelta(weeks=weeks_ago)
        session = GroupSession.objects.create(
            group=circle,
            starts_at=timezone.make_aware(datetime.combine(day, time(18))),
            topic=rng.choice(["Sleep", "Talking to family", "Small steps", "Bad days"]),
        )
        Attendance.objects.bulk_create(
            Attendance(session=session, membership=m, present=rng.random() < 0.75) for m in members
        )
    GroupSession.objects.create(
        group=circle,
        starts_at=timezone.make_aware(datetime.combine(demo.today + timedelta(days=5), time(18))),
        topic="Planning for the holidays",
    )
