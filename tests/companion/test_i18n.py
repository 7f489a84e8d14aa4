"""Every portal and family page exists in English and German; a page that shows English text to a
German-speaking patient fails here (issue 7). The catalogue is checked as well: portal entries
must be translated, and the committed .mo must match the .po (so machines without gettext work)."""

import gettext
import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import remission
from remission.access.inventory import routes
from remission.access.policies import Scope
from remission.appointments.models import Appointment, Kind
from remission.companion import education, skills
from remission.companion.models import (
    CheckIn,
    GroupMembership,
    HomeworkAssignment,
    PeerGroup,
    SafetyPlan,
    SafetyPlanVersion,
)
from tests.conftest import client_for

LOCALE = Path(remission.__file__).parent / "locale" / "de" / "LC_MESSAGES"
# Where portal text comes from: an untranslated entry from one of these fails the test.
PORTAL_SOURCES = (
    "companion/",
    "appointments/templates/appointments/cards/",
    "appointments/models.py",
    "accounts/crisis.py",
    "accounts/passwords.py",
    "accounts/templates/accounts/crisis_lines.html",
    "accounts/templates/accounts/auth_base.html",
    "accounts/templates/accounts/login.html",
    "accounts/templates/accounts/security.html",
    "accounts/templates/accounts/password_change.html",
    "templates/base.html",
    "web/templates/web/",
)
# English words that German portal text never contains (sources lists are left out: citations
# stay in their original language).
ENGLISH = re.compile(r"\b(the|you|your|and|with|this|what|have|here|when|from|today|please)\b")


def catalogue() -> list[dict[str, object]]:
    """The entries of django.po: msgid, msgstr (or plural forms), references and flags."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""
    for line in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#:"):
            current.setdefault("refs", []).extend(line[2:].split())  # type: ignore[union-attr]
        elif line.startswith("#,"):
            current["flags"] = line[2:]
        elif line.startswith('"'):
            current[key] = str(current[key]) + json.loads(line)
        elif not line.startswith("#"):
            key, _, value = line.partition(" ")
            current[key] = json.loads(value)
    return entries[1:]  # the header


def translations(entry: dict[str, object]) -> list[str]:
    return [str(v) for k, v in entry.items() if k.startswith("msgstr")]


def test_every_portal_entry_of_the_catalogue_is_translated_and_not_fuzzy():
    untranslated = [
        entry["msgid"]
        for entry in catalogue()
        if any(ref.startswith(PORTAL_SOURCES) for ref in entry.get("refs", []))  # type: ignore[union-attr]
        and (not all(translations(entry)) or "fuzzy" in str(entry.get("flags", "")))
    ]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = [
        entry["msgid"]
        for entry in catalogue()
        if "msgid_plural" not in entry
        and entry.get("msgstr")
        and "msgctxt" not in entry
        and mo.gettext(str(entry["msgid"])) != entry["msgstr"]
    ]
    assert stale == [], "run `make messages` (or compilemessages) and commit the .mo"


def test_every_exercise_and_information_page_exists_in_both_languages():
    for exercise in skills.EXERCISES:
        texts = [exercise.title, exercise.summary, *exercise.steps]
        texts += [prompt.label for prompt in exercise.prompts]
        assert all(t.en.strip() and t.de.strip() for t in texts), exercise.slug
    pages = Path(remission.__file__).parent / "companion" / "templates" / "companion" / "learn"
    for page in education.PAGES:
        for language in skills.LANGUAGES:
            assert (pages / language / f"{page.slug}.html").exists(), (page.slug, language)


@pytest.fixture
def german_world(world):
    """The canary patient and the family member speak German; every portal page has content."""
    world.clinic_a.country = "DE"
    world.clinic_a.save()
    world.patient.preferred_language = "de"
    world.patient.save()
    world.family.language = "de"
    world.family.save()
    now = timezone.now()
    for days in range(10):
        CheckIn.objects.create(
            patient=world.patient, recorded_at=now - timedelta(days=days), mood=3, anxiety=2,
            sleep=4, energy=3, tags=["walk"], note="Notiz", shared=True,
        )  # fmt: skip
    plan = SafetyPlan.objects.create(patient=world.patient)
    SafetyPlanVersion.objects.create(
        plan=plan, number=1, warning_signs="Schlaflos", help_contacts="Mia, 555 0142",
        author=world.psychiatrist,
    )  # fmt: skip
    HomeworkAssignment.objects.create(
        patient=world.patient, exercise="thought-record", assigned_by=world.therapist,
        due=timezone.localdate(), note="Bitte zweimal",
    )  # fmt: skip
    group = PeerGroup.objects.create(
        clinic=world.clinic_a, name="Dienstagsgruppe", description="Austausch", format="online",
        place="https://meet.example.org/gruppe", schedule="Dienstags 18 Uhr",
        facilitator=world.therapist,
    )  # fmt: skip
    GroupMembership.objects.create(group=group, patient=world.patient, display_name="Zeb")
    world.clinic_a.telehealth_url_pattern = "https://meet.example.org/{room}"
    world.clinic_a.save()
    start = now + timedelta(days=2)
    appointment = Appointment.objects.create(
        patient=world.patient, starts_at=start, ends_at=start + timedelta(hours=1),
        title="Gespräch", kind=Kind.VIDEO,
    )  # fmt: skip
    appointment.clinicians.set([world.psychiatrist])
    return world, {
        "assignment": HomeworkAssignment.objects.get().pk,
        "group": group.pk,
        "link": world.link.pk,
        "slug": "tipp",
        "page": "what-is-trd",
    }


def portal_pages(world, ids: dict[str, object]) -> list[tuple[object, str]]:
    """(who, url) for every GET page of the portal and the family pages."""
    pages = []
    for route in routes():
        policy = route.policy
        if policy is None or "GET" not in route.methods or not route.name.startswith("companion:"):
            continue
        if policy.scope is Scope.SELF:
            who = world.patient_user
        elif policy.scope is Scope.FAMILY or policy.name == "family":
            who = world.family
        else:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route.pattern)
        if "learn" in route.name:
            names = ["page" if n == "slug" else n for n in names]
        args = [ids["link"] if n == "link_id" else ids[n.removesuffix("_id")] for n in names]
        pages.append((who, reverse(route.name, args=args)))
    return pages


def visible_text(html: str) -> str:
    html = re.sub(r'<ul class="sources">.*?</ul>', " ", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<input[^>]*type="hidden"[^>]*>', " ", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_portal_and_family_page_is_in_german_for_a_german_speaker(german_world):
    world, ids = german_world
    english_msgids = [
        str(entry["msgid"])
        for entry in catalogue()
        if translations(entry)[0]
        and translations(entry)[0] != entry["msgid"]
        and " " in str(entry["msgid"])
        and "%(" not in str(entry["msgid"])
    ]
    pages = portal_pages(world, ids)
    assert len(pages) >= 25
    for who, url in pages:
        response = client_for(who).get(url, follow=True)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/pdf"):
            continue
        text = visible_text(response.content.decode())
        leftovers = [m for m in english_msgids if m in text]
        assert leftovers == [], (url, leftovers[:5])
        words = sorted(set(ENGLISH.findall(text)))
        assert words == [], (url, words)
