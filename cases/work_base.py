"""What every official action on a case shares (cases/casework.py runs them): who may see and
act on a case, the refusal the chat layer words, changing a case only if it is still the
version the official saw, and the notices to the resident and to officials.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cases import audit, district_policy, lifecycle, proxy, routing
from cases.divisions import DivisionRegister
from cases.jurisdiction import can_see, is_district_admin
from cases.policy import Programme
from storage import officials as official_repo
from storage.cases import CaseRecord, CaseStore, version_of
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue

NOT_ELIGIBLE = "not_eligible"
REVIEW_STEP = "appeal"  # a household's request to re-review a refusal, before the town lead


class Refused(Exception):
    """code: not_found | out_of_scope | not_permitted | not_now | stale | closure_rules |
    bad_value. out_of_scope and not_permitted are audited (cases/audit.py)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True, slots=True)
class Work:
    """What case work needs from the composition root."""

    store: CaseStore
    programme: Programme
    register: DivisionRegister


async def load(tx: Tx, work: Work, official: OfficialRecord, case_id: int, now: datetime,
               action: str = "view") -> CaseRecord:
    """The case, if this official may see it; a refusal outside their scope is audited."""
    case = await work.store.by_id(tx, case_id, lock=True)
    if case is None:
        raise Refused("not_found")
    if not can_see(official, case):
        await _audit(tx, work, official, action, "out_of_scope", case, now)
        raise Refused("out_of_scope")
    return case


async def check(tx: Tx, work: Work, official: OfficialRecord, case_id: int, version: int | None,
                action: str, now: datetime) -> CaseRecord:
    """The case, if this official may do this action on it now (the card they pressed is
    still current); a role that may not do it is refused and audited."""
    case = await load(tx, work, official, case_id, now, action)
    if version is not None and version != case.version:
        raise Refused("stale", case=case)
    why = lifecycle.refusal(action, case, official)
    if why is None and action == "confirm" and not is_district_admin(
            official, district_policy.district_of(work.register, case.town_code)):
        why = "not_permitted"  # 审定 is for an admin of the case's own district
    if why == "not_permitted":
        await _audit(tx, work, official, action, why, case, now)
    if why is not None:
        raise Refused(why, case=case)
    return case


async def _audit(tx: Tx, work: Work, official: OfficialRecord, action: str, reason: str,
                 case: CaseRecord, now: datetime) -> None:
    await audit.refused(tx, work.store.cipher, channel=official.channel, user_id=official.user_id,
                        action=action, reason=reason, now=now, official=official, case=case)


async def for_case(tx: Tx, work: Work, case: CaseRecord) -> Work:
    """The work with the programme as it applies in the case's district (its admins' values
    over the `.env` defaults: cases/district_policy.py)."""
    programme = await district_policy.programme_for(tx, work.programme, work.register,
                                                    case.village_code)
    return work if programme is work.programme else replace(work, programme=programme)


async def change(tx: Tx, work: Work, case: CaseRecord, **values: Any) -> None:
    """Write the values only while the case is still the version the official saw (a double
    tap or a stale card acts once); refused as "stale" otherwise."""
    if not await work.store.update_fields(tx, case.id, case.version, **values):
        raise Refused("stale", case=case)


async def receipt(tx: Tx, case: CaseRecord, key: str, now: datetime, *,
                  cipher: FieldCipher | None = None,
                  buttons: list[list[dict[str, Any]]] | None = None, **params: Any) -> None:
    """Tell the resident who declared the case (self-reports only: a neighbour hears only
    "handled, thank you" at closure). Personal params (a name, a reason) need `cipher`.
    A filing made on the household's behalf: the filer and the confirmed household, as
    `proxy.receipt_chats` decides."""
    if case.source != "self":
        return
    for channel, chat_id, lang in await proxy.receipt_chats(tx, case, key):
        await enqueue(tx, OutboxMessage(channel=channel, chat_id=chat_id, key=key,
                                        params={"ref": case.ref, **params},
                                        buttons=buttons or [], lang=lang,
                                        case_id=case.id), now, cipher=cipher)


async def tell_official(tx: Tx, work: Work, official_id: int | None, key: str, case: CaseRecord,
                        now: datetime, **params: Any) -> None:
    """What happened, with the case card under it, so the official can act from the
    notice itself; the card stays live like every other card, and the notice line heads it
    only until the case changes again (its version; see live_card)."""
    if official_id is None:
        return
    person = await official_repo.by_id(tx, official_id)
    if person is None or not person.active or person.unreachable:
        return
    lead = {"key": key, "params": {"ref": case.ref, **params},
            "version": await version_of(tx, case.id)}
    await enqueue(tx, OutboxMessage(
        channel=person.channel, chat_id=person.chat_id, key=routing.CARD_KEY,
        params={"case_id": case.id, "lead": lead}, case_id=case.id), now,
        cipher=work.store.cipher)  # a reason given for sending back is sealed


def sealed(work: Work, text: str | None) -> str | None:
    """Free text on the timeline is encrypted like every other personal detail."""
    token = work.store.cipher.encrypt(text) if text else None
    return token.decode() if token else None


def unseal(cipher: FieldCipher, value: Any) -> str | None:
    """The free text `sealed` stored on the timeline, or None."""
    if not isinstance(value, str) or not value:
        return None
    return cipher.decrypt(value.encode())

