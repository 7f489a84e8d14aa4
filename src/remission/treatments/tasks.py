"""Background work of the treatment history."""

from django.tasks import task

from remission.clinical.history import HistoryError
from remission.patients.models import Patient
from remission.treatments import services
from remission.treatments.models import Trigger


@task()
def restage_clinic(clinic_id: int) -> int:
    """Stage every history of a clinic again after its TRD definition changed. Histories that no
    longer pass the core's checks keep their last result (the staging page says why)."""
    staged = 0
    patients = Patient.objects.filter(clinic_id=clinic_id, episode__isnull=False).order_by("pk")
    for patient in patients.iterator(500):
        try:
            services.recompute(None, patient, Trigger.DEFINITION_CHANGED)
        except HistoryError:
            continue
        staged += 1
    return staged
