"""Handing a case to another officer (转办): the offer, the receiver taking it, or declining it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cases import lifecycle
from cases.work_base import Refused, Work, change, tell_official
from storage import officials as official_repo
from storage.cases import CaseRecord, add_event
from storage.db import Tx
from storage.officials import OfficialRecord


async def transfer(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                   *, to_official: int | None = None, to_village: str | None = None) -> None:
    """To one officer, or to a village (any of its officers takes it); the receiver accepts."""
    if to_official is not None:
        receiver = await official_repo.by_id(tx, to_official)
        if receiver is None or receiver.id == official.id or not receiver.active \
                or not any(g.role == "officer" for g in receiver.roles):
            raise Refused("bad_value", field="receiver")
        people = [receiver]
    else:
        village = work.register.get(to_village or "")
        if village is None or village.level != "village":
            raise Refused("bad_value", field="village")
        people = await official_repo.holders(tx, role="officer", division_code=village.code)
        if not people:
            raise Refused("bad_value", field="no_officer")
    await change(tx, work, case, transfer_to_id=to_official,
                  transfer_village=None if to_official is not None else to_village,
                  updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "transfer_offered",
                    {"to_official": to_official, "to_village": to_village})
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    for person in people:  # the card under "who asks you to take it", not a bare card
        await tell_official(tx, work, person.id, "work.told_transfer", updated, now,
                            name=official.display_name)


async def take(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime
               ) -> None:
    """The receiver takes a transfer: owner (and, for a village transfer, village) change."""
    values: dict[str, Any] = {"owner_id": official.id, "transfer_to_id": None,
                              "transfer_village": None, "escalation_level": 0,
                              "updated_at": now}
    village_code = case.transfer_village
    if village_code is None and case.village_code not in {
            g.division_code for g in official.roles if g.role == "officer"}:
        village_code = next((g.division_code for g in official.roles if g.role == "officer"
                             and _same_town(work, g.division_code, case.town_code)), None)
    if village_code is not None and village_code != case.village_code:
        village = work.register.get(village_code)
        if village is not None and village.parent_code:
            values.update(village_code=village.code, town_code=village.parent_code)
    if case.stage == "reported":
        values.update(lifecycle.enter("accepted", case, work.programme, now))
    previous = case.owner_id
    await change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "transfer_taken",
                    {"from": previous, "village": values.get("village_code", case.village_code)})
    await tell_official(tx, work, previous, "work.told_taken", case, now, name=official.display_name)


async def decline(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime
                  ) -> None:
    await change(tx, work, case, transfer_to_id=None, transfer_village=None, updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "transfer_declined", {})
    await tell_official(tx, work, case.owner_id, "work.told_declined", case, now,
                        name=official.display_name)


def _same_town(work: Work, village_code: str, town_code: str) -> bool:
    village = work.register.get(village_code)
    return village is not None and village.parent_code == town_code

