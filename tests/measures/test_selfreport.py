"""One-time self-report links (security-targets T15) and the patient's questionnaire pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from remission.measures import services
from remission.measures.models import Assessment, RiskAlert, SelfReportLink
from tests.measures.conftest import phq9


@pytest.fixture
def link(world):
    made, token = services.create_link(
        None, world.patient, ["phq9", "gad7"], language="en", delivery="email"
    )
    return made, token


def answers_post(answers: dict[str, int | None]) -> dict[str, str]:
    return {item: str(value) for item, value in answers.items() if value is not None}


def open_link(client: Client, token: str):
    response = client.get(reverse("selfreport:start", args=[token]))
    assert response.status_code == 302
    return client.get(response["Location"])


def test_the_token_is_long_random_and_only_its_hash_is_stored(link):
    made, token = link
    assert len(token) >= 43  # 32 random bytes, base64url: 256 bits
    assert token not in str(list(SelfReportLink.objects.values()))
    assert made.token_hash == services.token_hash(token)


def test_first_use_moves_to_an_address_without_the_token_and_sends_no_referrer(link):
    _, token = link
    client = Client()
    response = client.get(reverse("selfreport:start", args=[token]))

    assert response["Location"] == reverse("selfreport:form")
    assert token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(response["Location"])
    assert page["Referrer-Policy"] == "same-origin"  # no token here; no-referrer would break CSRF
    assert "Little interest or pleasure in doing things" in page.content.decode()


def test_the_patient_answers_each_questionnaire_in_turn_and_the_link_then_expires(link, world):
    made, token = link
    client = Client()
    open_link(client, token)

    client.post(reverse("selfreport:form"), answers_post(phq9(1, 1, 1, 1, 1, 1, 1, 1, 0)))
    second = client.get(reverse("selfreport:form")).content.decode()
    assert "Questionnaire 2 of 2" in second
    done = client.post(
        reverse("selfreport:form"), answers_post({f"q{n}": 0 for n in range(1, 8)}), follow=True
    )

    assert "Thank you" in done.content.decode()
    assert sorted(Assessment.objects.filter(link=made).values_list("instrument", "total")) == [
        ("gad7", 0),
        ("phq9", 8),
    ]
    again = Client().get(reverse("selfreport:start", args=[token]))
    assert again.status_code == 410
    assert "already answered" in again.content.decode()


def test_an_incomplete_form_names_the_missing_item_and_keeps_the_other_answers(link):
    _, token = link
    client = Client()
    open_link(client, token)
    answers = answers_post(phq9(2, 1, 1, 1, 1, 1, 1, 1, 0))
    del answers["q5"], answers["q7"]

    response = client.post(reverse("selfreport:form"), answers)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="question has-error" id="q-q5"' in html
    assert 'class="question has-error" id="q-q7"' in html
    assert html.count("Please answer this question.") == 2
    assert 'value="2" id="id_q1_2" checked' in html
    assert not Assessment.objects.exists()


def test_a_positive_item_9_shows_crisis_lines_at_once(link, world):
    _, token = link
    client = Client()
    open_link(client, token)

    response = client.post(
        reverse("selfreport:form"), answers_post(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)), follow=True
    )

    html = response.content.decode()
    assert "You are not alone" in html
    assert "988" in html  # the default US crisis line of the clinic
    assert RiskAlert.objects.filter(patient=world.patient).count() == 1


def test_autosave_of_a_positive_item_9_raises_the_alert_and_answers_with_crisis_lines(link, world):
    _, token = link
    client = Client()
    open_link(client, token)

    response = client.post(
        reverse("selfreport:form"), {"q9": "2", "autosave": "1"}, HTTP_HX_REQUEST="true"
    )

    assert "You are not alone" in response.content.decode()
    assert RiskAlert.objects.filter(patient=world.patient, answer=2).count() == 1
    assert not Assessment.objects.get(patient=world.patient).complete


def test_an_expired_link_gets_a_friendly_page(link, time_machine):
    made, token = link
    time_machine.move_to(made.expires_at + timedelta(seconds=1))
    response = Client().get(reverse("selfreport:start", args=[token]))
    assert response.status_code == 410
    assert "ask your clinic for a new link" in response.content.decode()


def test_an_unknown_token_gets_the_same_friendly_page(db):
    response = Client().get(reverse("selfreport:start", args=["x" * 43]))
    assert response.status_code == 410


def test_a_link_holder_reaches_nothing_else(link, world):
    _, token = link
    client = Client()
    open_link(client, token)

    assert client.get(reverse("patients:chart", args=[world.patient.pk])).status_code == 302
    assert client.get(reverse("measures:overview", args=[world.patient.pk])).status_code == 302


def test_german_links_show_the_german_phq9(world):
    _, token = services.create_link(None, world.patient, ["phq9"], language="de", delivery="print")
    page = open_link(Client(), token).content.decode()
    assert "Wenig Interesse oder Freude an Ihren Tätigkeiten" in page
