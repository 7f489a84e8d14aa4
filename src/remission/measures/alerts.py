"""Who sees which suicide-risk alerts.

The care team sees its patients' alerts. Once an alert escalates (not acknowledged in the clinic's
time), every active clinician of the clinic's on-call role sees it too and may acknowledge it.
"""

from django.db.models import Q, QuerySet

from remission.access import Scope, patients_visible_to
from remission.accounts.models import User
from remission.measures.models import AlertStatus, MeasurementSettings, RiskAlert


def alerts_visible_to(user: User) -> QuerySet[RiskAlert]:
    if not user.is_clinician or user.clinic_id is None:
        return RiskAlert.objects.none()
    own = Q(patient__in=patients_visible_to(user, Scope.CHART))
    on_call_role = (
        MeasurementSettings.objects.filter(clinic_id=user.clinic_id)
        .values_list("on_call_role", flat=True)
        .first()
        or MeasurementSettings._meta.get_field("on_call_role").default
    )
    if user.role == on_call_role:
        own |= Q(patient__clinic_id=user.clinic_id, escalated_at__isnull=False)
    return RiskAlert.objects.filter(own).select_related("patient", "acknowledged_by")


def open_alert_count(user: User) -> int:
    return alerts_visible_to(user).filter(status=AlertStatus.OPEN).count()
