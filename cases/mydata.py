"""A person's rights over what is held about them (PIPL): to see it (/mydata) and to ask for
its deletion, which a district admin approves (the data is erased) or refuses with a reason.

What a chat's person is held under: the chat itself (language, consent, a half-finished
report), the cases it declared as self-reports (the household's name, phone, ID number,
description, photos) — or filed for a household, and the cases a household confirmed in
it (cases/proxy.py) — and the neighbour reports it made (what it said, and its name and phone
when it agreed to be contacted). Erasing anonymises those cases as the retention job does
(storage/anonymise.py: figures and the timeline's actions stay) — except a case filed for a
household that confirmed it, which stays the household's, without the filer — strips the neighbour reports
of everything the person said, and forgets the chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cases import abuse, proxy
from storage import conversations as conv_repo
from storage import data_requests as request_repo
from storage import officials as official_repo
from storage import questions as question_repo
from storage.anonymise import anonymise_case
from storage.cases import CaseRecord, CaseStore
from storage.data_requests import DataRequest
from storage.db import Tx
from storage.outbox import OutboxMessage, enqueue
from storage.reports import OwnReport, erase_own_reports, own_reports

ADMIN_KEY = "mydata.admin_request"  # the request, with approve / refuse, to district admins


@dataclass(frozen=True, slots=True)
class Held:
    """Everything held about the person behind one chat."""

    lang: str | None
    consent_at: datetime | None
    cases: list[CaseRecord]
    reports: list[OwnReport]
    pending: DataRequest | None


@dataclass(frozen=True, slots=True)
class Person:
    channel: str
    chat_id: str
    user_id: str


async def held_about(tx: Tx, store: CaseStore, person: Person) -> Held:
    conv = await conv_repo.load(tx, person.channel, person.chat_id, store.cipher)
    cases = [c for c in await store.for_reporter(tx, person.channel, person.chat_id, limit=100)
             if c.source == "self"]
    cases += await proxy.household_cases(tx, store, person.channel, person.chat_id)
    reports = await own_reports(tx, store.cipher, _reporter(store, person))
    return Held(conv.lang if conv else None, conv.consent_at if conv else None, cases, reports,
                await request_repo.pending_for(tx, person.channel, person.chat_id))


def _reporter(store: CaseStore, person: Person) -> str:
    return abuse.reporter_hash(store.cipher, person.channel, person.user_id)


async def ask_erasure(tx: Tx, person: Person, lang: str | None, held: Held, now: datetime
                      ) -> int | None:
    """File a request and put it before every district admin; None if one is pending."""
    if held.pending is not None:
        return None
    request_id = await request_repo.create(tx, person.channel, person.chat_id, person.user_id,
                                           lang, now)
    params = {"request": request_id, "cases": len(held.cases), "reports": len(held.reports)}
    buttons = [[{"key": "mydata.btn_approve", "data": f"dr:approve:{request_id}"},
                {"key": "mydata.btn_refuse", "data": f"dr:refuse:{request_id}"}]]
    for admin in await official_repo.holders_of_role(tx, "district_admin"):
        await enqueue(tx, OutboxMessage(channel=admin.channel, chat_id=admin.chat_id,
                                        key=ADMIN_KEY, params=params, buttons=buttons), now)
    return request_id


async def approve(tx: Tx, store: CaseStore, request: DataRequest, admin_id: int, now: datetime
                  ) -> int:
    """Erase what is held about the person; they are told. Returns the cases anonymised."""
    person = Person(request.channel, request.chat_id, request.user_id)
    cases = await store.for_reporter(tx, person.channel, person.chat_id, limit=10_000)
    erased = 0
    for case in cases:
        if case.source != "self":
            continue
        if await proxy.household_confirmed(tx, case):
            # Filed for a household that made the case its own: the filer goes, the case stays.
            await proxy.forget_filer(tx, store, case, now)
        else:
            erased += await anonymise_case(tx, case.id, now)
    for case in await proxy.household_cases(tx, store, person.channel, person.chat_id):
        erased += await anonymise_case(tx, case.id, now)
    await erase_own_reports(tx, _reporter(store, person))
    await question_repo.erase_of_chat(tx, person.channel, person.chat_id)
    await conv_repo.forget_chat(tx, person.channel, person.chat_id)
    await request_repo.decide(tx, request.id, "approved", admin_id, now)
    await enqueue(tx, OutboxMessage(channel=person.channel, chat_id=person.chat_id,
                                    key="mydata.erased", lang=request.lang), now)
    return erased


async def refuse(tx: Tx, store: CaseStore, request: DataRequest, admin_id: int, reason: str,
                 now: datetime) -> None:
    """Keep the data; the person is told why (the reason is sealed at rest)."""
    await request_repo.decide(tx, request.id, "refused", admin_id, now,
                              reason_enc=store.cipher.encrypt(reason))
    await enqueue(tx, OutboxMessage(channel=request.channel, chat_id=request.chat_id,
                                    key="mydata.refused", params={"reason": reason},
                                    lang=request.lang), now, cipher=store.cipher)
