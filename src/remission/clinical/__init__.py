"""Remission's clinical core: pure, typed rules with their published sources.

Nothing here imports Django, touches a database or the network (an import-linter contract checks
it). Scoring, crosswalks, trial adequacy, staging, planning rules and protocol schedules are plain
functions over frozen dataclasses, tested against the published sources.
"""
