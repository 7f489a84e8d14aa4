"""The clinic's interventional-care settings (created with their defaults on first use)."""

from remission.clinical.protocols import integration
from remission.clinical.protocols.integration import IntegrationPolicy
from remission.interventional.models import InterventionalSettings


def settings_for(clinic_id: int) -> InterventionalSettings:
    chosen, _ = InterventionalSettings.objects.get_or_create(clinic_id=clinic_id)
    return chosen


def policy_for(clinic_id: int) -> IntegrationPolicy:
    return integration.integration_policy(settings_for(clinic_id).integration_policy)
