"""The lifecycle's re-review row: only the town lead (or a district admin) decides, and only
while a household's request waits; its late answer is the town lead's, escalating up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from cases import lifecycle
from cases.escalation import responsible_level
from storage.cases import CaseRecord
from storage.officials import OfficialRecord, RoleGrant

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CLOSED = CaseRecord(
    id=1, ref="NC-2026-000001", source="self", village_code="V", town_code="T",
    household_id=None, head_name="王秀英", phone=None, id_number=None, people=3,
    risk_types=["illness"], description=None, media=[], urgent=False, stage="closed",
    category=None, closed_reason="not_eligible", reporter_channel="telegram",
    reporter_chat_id="601", reporter_lang="zh", owner_id=7, reported_at=NOW, accepted_at=NOW,
    visited_at=NOW, proposed_at=NOW, identified_at=None, eliminated_at=None, closed_at=NOW,
    due_step=None, due_at=None, escalation_level=0, updated_at=NOW, version=9)
WAITING = replace(CLOSED, due_step="appeal", due_at=NOW)


def person(official_id: int, role: str, division: str) -> OfficialRecord:
    return OfficialRecord(official_id, "telegram", str(official_id), str(official_id), "x",
                          True, False, [RoleGrant(role, division)])


LEAD, OWNER = person(2, "town_lead", "T"), person(7, "officer", "V")
OTHER_LEAD, ADMIN = person(3, "town_lead", "T2"), person(4, "district_admin", "D")


def test_the_lead_decides_only_while_a_request_waits() -> None:
    assert "appeal" in lifecycle.available(WAITING, LEAD)
    assert "appeal" in lifecycle.available(WAITING, ADMIN)
    assert "appeal" not in lifecycle.available(CLOSED, LEAD)  # nothing asked
    assert lifecycle.refusal("appeal", CLOSED, LEAD) == "not_now"


def test_the_owner_and_other_towns_may_not_decide() -> None:
    assert "appeal" not in lifecycle.available(WAITING, OWNER)
    assert lifecycle.refusal("appeal", WAITING, OWNER) == "not_permitted"
    assert lifecycle.refusal("appeal", WAITING, OTHER_LEAD) == "out_of_scope"


def test_a_late_answer_is_the_town_leads_and_goes_up() -> None:
    assert responsible_level("appeal") == 1
    assert lifecycle.RULES["appeal"].stages == ("closed",)
