"""The programme's vocabularies as stable slugs; labels live in the i18n catalogues."""

from __future__ import annotations

SOURCES = ("self", "neighbour", "visit", "data")

RISK_TYPES = (
    "illness", "disability", "schooling", "disaster", "accident", "business",
    "work", "labour", "housing", "water", "other",
)

CATEGORIES = ("unstable", "marginal", "sudden")

REGISTER_CLASSES = ("lifted", "monitored", "edge", "ordinary")

CLOSURE_REASONS = ("risk_eliminated", "not_eligible", "duplicate", "withdrawn", "unreachable")

MEASURES = (
    "dibao", "tekun", "temp_relief", "medical_aid", "disability_subsidy", "education",
    "public_job", "employment", "industry", "microcredit", "housing_repair", "water_works",
    "other",
)

ALERT_TYPES = ("medical", "disability", "disaster", "job_loss", "other")

# Case stages, in lifecycle order. "closed" is terminal until a reopen.
STAGES = ("reported", "accepted", "visited", "proposed", "monitored", "closed")
OPEN_STAGES = ("reported", "accepted", "visited", "proposed", "monitored")

ROLES = ("officer", "town_lead", "district_admin")
DIVISION_LEVELS = ("district", "town", "village")

# Visit checklist: 一看粮，二看房，三看家中的读书郎 plus medical care and drinking water.
VISIT_CHECKS = ("food", "housing", "schooling", "medical", "water")
