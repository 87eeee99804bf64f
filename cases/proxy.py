"""Filing on someone's behalf (代为申报): a relative, neighbour or helper declares for a
household; the household confirms (a chat sharing the household's phone, a one-time link, or
the officer on the first visit) or declines.

The case is the household's own declaration (source "self", so it counts as one in the
statistics); the filing records who filed it. Until the household confirms, the filer hears
the case number, the stage and the receipts — never measures or income — and so does the
filer afterwards, unless the household lets them see everything; the confirmed household
hears everything. A declined filing is withdrawn and its personal data removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cases import duplicates, intake, invites, routing
from cases.intake import Desk, Intake
from storage import casework as work_repo
from storage import proxy as proxy_repo
from storage.anonymise import anonymise_case
from storage.cases import CaseRecord, CaseStore, NewCase, add_event
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.outbox import OutboxMessage, enqueue
from storage.proxy import ProxyFiling
from storage.reports import NewReport

RELATIONS = ("child", "relative", "neighbour", "other")  # 子女 · 亲属 · 邻居 · 其他
LINK_PREFIX = "pf-"  # "/start pf-…": longer than an invite code, never mistaken for one
LINK_VALID = timedelta(days=7)
VIA = ("contact", "link", "officer")
# Receipts a filer does not get unless the household lets them see everything.
FILER_WITHHELD = frozenset({"receipt.measure"})
# Asked of one chat only: the household once it confirmed, else the filer ("did they come?").
HOUSEHOLD_ONCE_CONFIRMED = frozenset({"visit_check.ask"})


def filer_hash(cipher: FieldCipher, channel: str, user_id: str) -> str:
    """Who filed, as a keyed hash: the reporter limits count per filer. Its own namespace, so
    a filer is never counted as a neighbour reporter."""
    return cipher.lookup_hash(f"proxy|{channel}|{user_id}") or ""


def household_keys(cipher: FieldCipher, new: NewCase) -> list[str]:
    return duplicates.household_keys(cipher, new)


def new_link_code() -> str:
    return LINK_PREFIX + invites.new_code()


@dataclass(frozen=True, slots=True)
class Filed:
    intake: Intake
    code: str | None  # the one-time link's code; None when merged into an open case


async def file(tx: Tx, desk: Desk, *, new: NewCase, report: NewReport, relation: str,
               filer_name: str, filer: str, now: datetime) -> Filed:
    """Open (or add to) the household's case, and record the filing with a one-time link."""
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r}")
    taken = await intake.submit(tx, desk, new=new, report=report, now=now, actor_kind="resident",
                                actor_id=None)
    if taken.merged:  # the household already has an open case: the report joins it
        return Filed(taken, None)
    code = new_link_code()
    await proxy_repo.add(tx, desk.store.cipher, case_id=taken.case.id, relation=relation,
                         filer_name=filer_name, filer_hash=filer,
                         code_hash=invites.code_hash(code), code_expires_at=now + LINK_VALID,
                         now=now)
    await add_event(tx, taken.case.id, now, "resident", None, "proxy_filed",
                    {"relation": relation})
    return Filed(taken, code)


async def by_link(tx: Tx, cipher: FieldCipher, code: str, now: datetime
                  ) -> tuple[ProxyFiling | None, str]:
    """The pending filing a link names, or None and why ("unknown", "expired", "decided")."""
    filing = await proxy_repo.by_code_hash(tx, cipher, invites.code_hash(code))
    if filing is None:
        return None, "unknown"
    if filing.status != "pending":
        return None, "decided"
    if filing.code_expires_at is None or filing.code_expires_at <= now:
        return None, "expired"
    return filing, ""


async def pending_for_phone(tx: Tx, cipher: FieldCipher, phone: str) -> list[ProxyFiling]:
    """Filings waiting for the household whose phone this is (compared by keyed hash)."""
    hashed = cipher.lookup_hash(phone)
    return await proxy_repo.pending_for_phone(tx, cipher, hashed) if hashed else []


async def confirm(tx: Tx, store: CaseStore, filing: ProxyFiling, *, via: str, now: datetime,
                  channel: str | None = None, chat_id: str | None = None,
                  lang: str | None = None, official_id: int | None = None) -> bool:
    """The household confirmed (in its own chat, or to the officer on the visit); the filer is
    told. False when it was already decided."""
    if via not in VIA:
        raise ValueError(f"unknown confirmation {via!r}")
    if not await proxy_repo.decide(tx, filing.id, status="confirmed", via=via, now=now,
                                   channel=channel, chat_id=chat_id, lang=lang):
        return False
    case = await store.by_id(tx, filing.case_id)
    assert case is not None
    await add_event(tx, case.id, now, "official" if official_id else "resident", official_id,
                    "proxy_confirmed", {"via": via})
    await _tell_filer(tx, case, "pf.filer_confirmed", now)
    await _refresh(tx, store, case, now)
    return True


async def decline(tx: Tx, store: CaseStore, filing: ProxyFiling, now: datetime) -> bool:
    """The household says it did not ask for this: the case is withdrawn and its personal
    data removed (the figures and the timeline's actions stay, like any anonymised case)."""
    case = await store.by_id(tx, filing.case_id, lock=True)
    if case is None or not await proxy_repo.decide(tx, filing.id, status="declined", via=None,
                                                   now=now):
        return False
    await _tell_filer(tx, case, "pf.filer_declined", now)  # before the filer's chat is gone
    if case.stage != "closed":
        changed = await store.update_fields(
            tx, case.id, case.version, stage="closed", closed_reason="withdrawn", closed_at=now,
            due_step=None, due_at=None, escalation_level=0, transfer_to_id=None,
            transfer_village=None, updated_at=now)
        assert changed, "the case row is locked in this transaction"
        await add_event(tx, case.id, now, "resident", None, "closed",
                        {"reason": "withdrawn", "by": "household"})
    await anonymise_case(tx, case.id, now)
    updated = await store.by_id(tx, case.id)
    assert updated is not None
    await _refresh(tx, store, updated, now)
    return True


async def let_filer_see_all(tx: Tx, filing: ProxyFiling, value: bool) -> None:
    await proxy_repo.let_filer_see_all(tx, filing.id, value)


async def receipt_chats(tx: Tx, case: CaseRecord, key: str
                        ) -> list[tuple[str, str, str | None]]:
    """Who hears a receipt about a self-declared case: the chat that declared it (for a
    filing made on the household's behalf, the filer: not measures, unless the household
    allowed it) and the household's own chat once it confirmed."""
    filing = await proxy_repo.by_case(tx, None, case.id)  # no name needed: no key
    chats: list[tuple[str, str, str | None]] = []
    confirmed = filing is not None and filing.status == "confirmed" \
        and bool(filing.household_channel) and bool(filing.household_chat_id)
    reporter_hears = filing is None or filing.filer_sees_all or key not in FILER_WITHHELD
    if confirmed and key in HOUSEHOLD_ONCE_CONFIRMED:
        reporter_hears = False
    if reporter_hears and case.reporter_channel and case.reporter_chat_id:
        chats.append((case.reporter_channel, case.reporter_chat_id, case.reporter_lang))
    if filing is not None and filing.status == "confirmed" and filing.household_channel \
            and filing.household_chat_id:
        chats.append((filing.household_channel, filing.household_chat_id,
                      filing.household_lang))
    return chats


async def of_case(tx: Tx, cipher: FieldCipher, case_id: int) -> ProxyFiling | None:
    return await proxy_repo.by_case(tx, cipher, case_id)


async def of_case_by_id(tx: Tx, cipher: FieldCipher, filing_id: int) -> ProxyFiling | None:
    return await proxy_repo.by_id(tx, cipher, filing_id)


async def household_cases(tx: Tx, store: CaseStore, channel: str, chat_id: str
                          ) -> list[CaseRecord]:
    """Cases a household confirmed in this chat: it follows them like its own."""
    found = [await store.by_id(tx, case_id)
             for case_id in await proxy_repo.case_ids_of_household(tx, channel, chat_id)]
    return [case for case in found if case is not None]


async def filer_limited(tx: Tx, cipher: FieldCipher, case: CaseRecord, channel: str,
                        chat_id: str) -> bool:
    """True when this chat filed the case for a household and may see only its number,
    stage and receipts (no measures, no income)."""
    filing = await proxy_repo.by_case(tx, cipher, case.id)
    if filing is None or filing.filer_sees_all:
        return False
    return (case.reporter_channel, case.reporter_chat_id) == (channel, chat_id)


async def household_confirmed(tx: Tx, case: CaseRecord) -> bool:
    filing = await proxy_repo.by_case(tx, None, case.id)
    return filing is not None and filing.status == "confirmed"


async def forget_filer(tx: Tx, store: CaseStore, case: CaseRecord, now: datetime) -> None:
    """The filer asked to be erased: their name and chat go; the household keeps its case."""
    await proxy_repo.forget_filer_name(tx, case.id)
    current = await store.by_id(tx, case.id, lock=True)
    assert current is not None
    changed = await store.update_fields(tx, case.id, current.version, reporter_channel=None,
                                        reporter_chat_id=None, reporter_lang=None,
                                        updated_at=now)
    assert changed, "the case row is locked in this transaction"


async def _tell_filer(tx: Tx, case: CaseRecord, key: str, now: datetime, **params: Any) -> None:
    if case.reporter_channel is None or case.reporter_chat_id is None:
        return
    await enqueue(tx, OutboxMessage(channel=case.reporter_channel, chat_id=case.reporter_chat_id,
                                    key=key, params={"ref": case.ref, **params},
                                    lang=case.reporter_lang, case_id=case.id), now)


async def _refresh(tx: Tx, store: CaseStore, case: CaseRecord, now: datetime) -> None:
    """The officials' cards of the case follow it ("待本人确认" goes, or the case closes)."""
    fresh = await store.by_id(tx, case.id)
    assert fresh is not None
    await routing.refresh_cards(tx, fresh, now, store.cipher,
                                await work_repo.card_rows(tx, case.id, store.cipher))
