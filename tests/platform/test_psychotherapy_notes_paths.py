"""Security target T04: a psychotherapy note is read only by its author and explicitly granted
clinicians. Every page of the route matrix, opened by everyone else (the rest of the care team
included), must not contain the note's text (45 CFR 164.501, 164.508(a)(2))."""

import pytest

from remission.interventional import notes
from tests.conftest import client_for
from tests.platform.test_access_matrix import MATRIX, url_for

SECRET = "Canary-psychotherapy-note-text"
OTHERS = ("psychiatrist", "nurse", "admin", "researcher", "patient", "family")


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


@pytest.mark.parametrize("persona", OTHERS)
def test_no_page_shows_a_note_to_anyone_but_its_author(world, things, persona):
    notes.write_note(world.therapist, world.patient, world.therapist, modality="psychodynamic_short",
                     sections={"themes": SECRET})  # fmt: skip
    notes.revoke(world.therapist, things["note_grant"])  # the psychiatrist's grant is withdrawn
    client = client_for(world.personas()[persona])
    leaked = [
        name
        for name, row in MATRIX.items()
        if row.method == "GET" and SECRET in body(client.get(url_for(name, row, world, things)))
    ]
    assert leaked == []
    author = client_for(world.therapist)
    export = url_for(
        "interventional:note_export", MATRIX["interventional:note_export"], world, things
    )
    assert SECRET in body(author.get(export))  # the crawl would find it if shown
