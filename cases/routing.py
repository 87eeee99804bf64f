"""Who receives a case: the village's officers; none → the town lead(s); none → the district
admins. Urgent cases also reach the town lead at once.

Routing queues a live case card per recipient (outbox key "case.card"): the card is drawn
from the case when it is sent, in the recipient's language and with the buttons that
official may press, so no name or phone sits in plain text in the outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cases import responders
from cases.divisions import DivisionRegister
from storage import casework as work_repo
from storage import officials as official_repo
from storage.cases import CaseRecord, CaseStore, add_event
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue

CARD_KEY = "case.card"


def district_of(case: CaseRecord, register: DivisionRegister) -> str | None:
    town = register.get(case.town_code)
    return town.parent_code if town is not None else None


async def chain_from(tx: Tx, case: CaseRecord, register: DivisionRegister, *, level: int = 0,
                     exclude: frozenset[int] = frozenset()) -> list[OfficialRecord]:
    """The first level (from `level` up) with a reachable official: village officers, town
    leads, district admins."""
    divisions = [("officer", case.village_code), ("town_lead", case.town_code),
                 ("district_admin", district_of(case, register))]
    for role, code in divisions[level:]:
        if code is None:
            continue
        people = [p for p in await official_repo.holders(tx, role=role, division_code=code)
                  if p.id not in exclude]
        if people:
            return people
    return []


async def town_leads(tx: Tx, case: CaseRecord, register: DivisionRegister) -> list[OfficialRecord]:
    """Who approves: the town lead(s); without one, the district admins."""
    return await chain_from(tx, case, register, level=1)


async def send_cards(tx: Tx, case: CaseRecord, people: list[OfficialRecord], now: datetime,
                     *, urgent: bool | None = None) -> None:
    """A fresh card per official; earlier cards of the case are edited as it changes."""
    for person in people:
        await enqueue(tx, OutboxMessage(
            channel=person.channel, chat_id=person.chat_id, key=CARD_KEY,
            params={"case_id": case.id}, case_id=case.id,
            urgent=case.urgent if urgent is None else urgent), now)


async def refresh_cards(tx: Tx, case: CaseRecord, now: datetime, cipher: FieldCipher,
                        cards: list[tuple[int, str, str, dict[str, Any]]] | None = None) -> None:
    """Edit the case's cards already sent (or those given), so "accepted by …" and the
    buttons follow the case; a card whose notice line carries a reason stays sealed."""
    for row_id, channel, chat_id, params in cards if cards is not None \
            else await work_repo.card_rows(tx, case.id, cipher):
        await enqueue(tx, OutboxMessage(channel=channel, chat_id=chat_id, key=CARD_KEY,
                                        params={**params, "case_id": case.id}, case_id=case.id,
                                        edit_of=row_id), now, cipher=cipher)


async def route_new_case(tx: Tx, *, case: CaseRecord, register: DivisionRegister,
                         now: datetime) -> list[OfficialRecord]:
    """Cards to the officials responsible for a new case; returns who got one. A level with
    nobody passes the card up, and the district's admins hear of the vacancy at once."""
    _, people, vacant = await responders.first_staffed(tx, 0, case, register)
    if case.urgent:
        seen = {p.id for p in people}
        people += [p for p in await town_leads(tx, case, register) if p.id not in seen]
    await send_cards(tx, case, people, now)
    await add_event(tx, case.id, now, "system", None, "routed",
                    {"to": [p.id for p in people]})
    await responders.report_vacancies(tx, vacant, case, register, now, ref=case.ref)
    return people


async def tell_leads_of_urgent(tx: Tx, case: CaseRecord, register: DivisionRegister,
                               now: datetime, *, finder_id: int) -> list[OfficialRecord]:
    """An urgent case an official opened themselves (排查发现) reaches the town lead at once,
    like an urgent report does; the finder is not sent their own case again."""
    leads = [p for p in await town_leads(tx, case, register) if p.id != finder_id]
    await send_cards(tx, case, leads, now)
    if leads:
        await add_event(tx, case.id, now, "system", None, "routed",
                        {"to": [p.id for p in leads], "urgent": True})
    return leads


async def reroute_open_cases(tx: Tx, *, official_id: int, store: CaseStore,
                             register: DivisionRegister, now: datetime,
                             village_codes: frozenset[str] | None = None) -> int:
    """An official left (blocked the bot, or lost a role): their open cases — those in
    `village_codes`, or all — lose their owner and go to the village's other officers, else
    one level up. Transfers waiting for them are withdrawn. Returns the cases moved."""
    moved = 0
    for case_id in await work_repo.open_cases_touching(tx, official_id):
        case = await store.by_id(tx, case_id)
        if case is None or (village_codes is not None and case.village_code not in village_codes):
            continue
        values: dict[str, object] = {"updated_at": now}
        if case.transfer_to_id == official_id:
            values.update(transfer_to_id=None)
        if case.owner_id == official_id:
            values.update(owner_id=None, escalation_level=0)
        if not await store.update_fields(tx, case.id, case.version, **values):
            continue
        await add_event(tx, case.id, now, "system", None, "rerouted", {"from": official_id})
        if case.owner_id == official_id:
            people = await chain_from(tx, case, register, exclude=frozenset({official_id}))
            if not [p for p in await official_repo.holders(
                    tx, role="officer", division_code=case.village_code) if p.id != official_id]:
                # The village's last officer left: the district hears, as for a new report.
                await responders.report_vacancies(tx, [0], case, register, now, ref=case.ref)
            updated = await store.by_id(tx, case.id)
            assert updated is not None
            await refresh_cards(tx, updated, now, store.cipher)
            await send_cards(tx, updated, people, now)
        moved += 1
    return moved
