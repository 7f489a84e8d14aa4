"""FHIR R4 interchange: Questionnaires for the instruments, a patient's record as a Bundle, and
the import of QuestionnaireResponse/Observation Bundles (docs/insights.md, "FHIR").

Resources are validated with the ``fhir.resources`` R4B models (FHIR 4.3): the resources used
here (Patient, Questionnaire, QuestionnaireResponse, Observation, MedicationStatement,
Procedure, CarePlan, Goal, Bundle) have the same structure in R4 (4.0.1), and the package ships
no 4.0.1 models that work with pydantic 2.
"""

LOCAL_CODES = "urn:remission:instrument"
LOINC = "http://loinc.org"


def canonical(instrument_id: str) -> str:
    """The canonical URL of an instrument's Questionnaire."""
    return f"urn:remission:questionnaire:{instrument_id}"
