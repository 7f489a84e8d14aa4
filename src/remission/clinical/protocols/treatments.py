"""The interventional treatments the protocol core knows."""

from enum import StrEnum


class Treatment(StrEnum):
    KETAMINE_IV = "ketamine_iv"
    ESKETAMINE = "esketamine"
    TMS = "tms"
    ECT = "ect"
