"""Who may see and act on which case: an officer their villages, a town lead the town,
a district admin everything; an owner always their own cases."""

from __future__ import annotations

from dataclasses import dataclass

from storage.cases import CaseRecord
from storage.officials import OfficialRecord


@dataclass(frozen=True, slots=True)
class Scope:
    villages: frozenset[str]
    towns: frozenset[str]
    everything: bool


def scope_of(official: OfficialRecord) -> Scope:
    villages = frozenset(g.division_code for g in official.roles if g.role == "officer")
    towns = frozenset(g.division_code for g in official.roles if g.role == "town_lead")
    everything = any(g.role == "district_admin" for g in official.roles)
    return Scope(villages, towns, everything)


def can_see(official: OfficialRecord, case: CaseRecord) -> bool:
    scope = scope_of(official)
    return (scope.everything or case.village_code in scope.villages
            or case.town_code in scope.towns or case.owner_id == official.id
            or case.transfer_to_id == official.id or case.transfer_village in scope.villages)


def is_receiver(official: OfficialRecord, case: CaseRecord) -> bool:
    """The official a pending transfer waits for (that officer, or any officer of the village)."""
    if case.transfer_to_id is not None:
        return case.transfer_to_id == official.id
    return case.transfer_village is not None and case.transfer_village in scope_of(official).villages


def leads_case(official: OfficialRecord, case: CaseRecord) -> bool:
    """Town lead of the case's town, or a district admin: may approve, and may act as owner."""
    scope = scope_of(official)
    return scope.everything or case.town_code in scope.towns


def is_district_admin(official: OfficialRecord, district_code: str | None = None) -> bool:
    """A district admin (of that district, when one is named)."""
    return any(g.role == "district_admin"
               and (district_code is None or g.division_code == district_code)
               for g in official.roles)


def is_lead(official: OfficialRecord) -> bool:
    return any(g.role in ("town_lead", "district_admin") for g in official.roles)
