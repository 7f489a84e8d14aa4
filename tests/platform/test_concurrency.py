"""Concurrent requests: double submits make one record, many writers make no errors
(security-targets T31, T32)."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from remission.measures.models import Assessment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {f"q{n}": 1 for n in range(1, 10)}


def submit(client, patient_id: int, key: str) -> tuple[int, int | None]:
    try:
        response = client.post(
            f"/api/patients/{patient_id}/assessments",
            json.dumps({"instrument": "phq9", "answers": ANSWERS, "idempotency_key": key}),
            content_type="application/json",
        )
        body = response.json() if response.status_code in (200, 201) else {}
        return response.status_code, body.get("id")
    finally:
        connection.close()


def test_the_same_submission_sent_ten_times_at_once_is_stored_once(world):
    clients = [client_for(world.psychiatrist) for _ in range(10)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda c: submit(c, world.patient.pk, "same-key"), clients))

    statuses = sorted(status for status, _ in results)
    assert statuses.count(201) == 1
    assert set(statuses) <= {200, 201}
    assert len({record for _, record in results}) == 1
    assert Assessment.objects.filter(idempotency_key="same-key").count() == 1


def test_twenty_writers_at_once_all_succeed(world):
    clients = [client_for(world.psychiatrist) for _ in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda n: submit(clients[n], world.patient.pk, f"k{n}"), range(20)))

    assert [status for status, _ in results] == [201] * 20
    assert Assessment.objects.filter(patient=world.patient).count() == 20
