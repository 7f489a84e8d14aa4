"""Clinic outcomes: the dashboard, benchmarks, research and OMOP exports, FHIR R4, reports."""
