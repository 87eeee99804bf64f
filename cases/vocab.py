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

# Case stages, in lifecycle order. "closed" is terminal until a reopen. The programme's own
# steps (民主评议 "review", 公示 "notice", 审定 "confirm") sit between the town's approval and
# monitoring, and again between monitoring and closing as risk eliminated (cases/programme_steps.py).
STAGES = ("reported", "accepted", "visited", "proposed", "review", "notice", "confirm",
          "monitored", "closed")
OPEN_STAGES = ("reported", "accepted", "visited", "proposed", "review", "notice", "confirm",
               "monitored")

# The programme's own steps, in the order they run, and the two passages that go through them:
# into monitoring (inclusion) and out of it (risk elimination).
PROGRAMME_STEPS = ("review", "notice", "confirm")
TRACKS = ("inclusion", "elimination")
REVIEW_OUTCOMES = ("pass", "fail")

ROLES = ("officer", "town_lead", "district_admin")
DIVISION_LEVELS = ("district", "town", "village")

# Visit checklist: 一看粮，二看房，三看家中的读书郎 plus medical care and drinking water.
VISIT_CHECKS = ("food", "housing", "schooling", "medical", "water")
