"""The chain of response (一条线响应): who answers for a step, and who hears when it is late.

Level 0: the village's officers (the case owner first); level 1: the town lead;
level 2: the district admin.
"""

from __future__ import annotations

from storage.cases import CaseRecord
from storage.officials import OfficialRecord

ROLES = ("officer", "town_lead", "district_admin")  # by chain level
MAX_LEVEL = 2

# Steps a town lead answers for; every other step is the village officer's, except the
# district's confirmation (审定), which is the district admins' own.
LEAD_STEPS = frozenset({"approval", "appeal"})  # appeal: a household's re-review request
ADMIN_STEPS = frozenset({"confirm"})
# The public notice (公示) is no work to be reminded of: it ends by itself when its period is
# over (scheduler/programme_jobs.py).
AUTOMATIC_STEPS = frozenset({"notice"})
# Steps that never escalate: the automatic ones, and the district's confirmation, which has no
# level above it.
UNESCALATED_STEPS = AUTOMATIC_STEPS | ADMIN_STEPS


def responsible_level(step: str) -> int:
    """The chain level that must act on a step."""
    return 2 if step in ADMIN_STEPS else 1 if step in LEAD_STEPS else 0


def role_at(level: int) -> str:
    return ROLES[min(level, MAX_LEVEL)]


def division_at(level: int, *, village_code: str, town_code: str, district_code: str | None
                ) -> str | None:
    """The division whose holders answer at a chain level for a case."""
    if level == 0:
        return village_code
    if level == 1:
        return town_code
    return district_code


def chain_level(official: OfficialRecord, case: CaseRecord) -> int:
    """The highest chain level at which this official answers for the case (-1: none)."""
    district = any(g.role == "district_admin" for g in official.roles)
    town = any(g.role == "town_lead" and g.division_code == case.town_code
               for g in official.roles)
    village = any(g.role == "officer" and g.division_code == case.village_code
                  for g in official.roles) or case.owner_id == official.id
    return 2 if district else 1 if town else 0 if village else -1
