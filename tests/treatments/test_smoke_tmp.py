from django.urls import reverse

from tests.conftest import client_for
from tests.treatments.conftest import three_trials


def test_pages_render(world, history):
    history(*three_trials())
    c = client_for(world.psychiatrist)
    p = world.patient.pk
    for url in [
        reverse("patients:chart", args=[p]),
        reverse("treatments:history", args=[p]),
        reverse("treatments:staging", args=[p]),
        reverse("treatments:review", args=[p]),
        reverse("treatments:contributors", args=[p]),
        reverse("treatments:episode", args=[p]),
        reverse("treatments:trial_add", args=[p, "antidepressant"]),
        reverse("treatments:trial_add", args=[p, "ect"]),
        reverse("treatments:contributor_add", args=[p, "trauma"]),
        reverse("treatments:drug_info") + "?drug=sertralin",
        reverse("measures:overview", args=[p]),
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
    r = client_for(world.admin).get(reverse("treatments:settings"))
    assert r.status_code == 200
