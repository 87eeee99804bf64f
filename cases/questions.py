"""A question to the village (村里答疑): a resident's sentence or voice note reaches the
village's officer — the town lead when the village has none — who answers it, or opens a
case from it. No case is opened for a question by itself; the officer sees no phone unless
the resident chose to share it.

Messages go by the outbox as live messages (QUESTION_KEY to officials, ANSWER_KEY to the
resident), drawn from the question when sent, so no words sit in plain text in the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cases import abuse, intake
from cases.divisions import DivisionRegister
from cases.jurisdiction import scope_of
from cases.policy import Programme
from storage import officials as official_repo
from storage import questions as repo
from storage.cases import CaseRecord, NewCase
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue
from storage.questions import NewQuestion, Question
from storage.reports import NewReport

PER_DAY = 3  # questions per person per local day
QUESTION_KEY = "question.to_official"
ANSWER_KEY = "question.answer"


@dataclass(frozen=True, slots=True)
class Asked:
    question_id: int | None  # None: the day's limit was reached, or nobody to ask
    told: int  # officials who got it
    nobody: bool = False  # no official holds the village, its town or its district


def asker_hash(cipher: FieldCipher, channel: str, user_id: str) -> str:
    return cipher.lookup_hash(f"question|{channel}|{user_id}") or ""


async def left_today(tx: Tx, cipher: FieldCipher, programme: Programme, channel: str,
                     user_id: str, now: datetime) -> int:
    used = await repo.count_since(tx, asker_hash(cipher, channel, user_id),
                                  abuse.start_of_day(programme, now))
    return max(0, PER_DAY - used)


async def answerers(tx: Tx, register: DivisionRegister, village_code: str, town_code: str
                    ) -> list[OfficialRecord]:
    """The village's officers; none → the town lead(s); none → the district admins."""
    town = register.get(town_code)
    chain = [("officer", village_code), ("town_lead", town_code),
             ("district_admin", town.parent_code if town else None)]
    for role, code in chain:
        if code is None:
            continue
        people = [p for p in await official_repo.holders(tx, role=role, division_code=code)
                  if p.active and not p.unreachable]
        if people:
            return people
    return []


async def ask(tx: Tx, cipher: FieldCipher, register: DivisionRegister, programme: Programme,
              question: NewQuestion, user_id: str, now: datetime) -> Asked:
    """Store the question and send it to who answers for the village (within the day's limit)."""
    if await left_today(tx, cipher, programme, question.channel, user_id, now) <= 0:
        return Asked(None, 0)
    people = await answerers(tx, register, question.village_code, question.town_code)
    if not people:  # nobody could read it: kept nowhere, and the resident is told so
        return Asked(None, 0, nobody=True)
    question_id = await repo.add(tx, cipher, question)
    for person in people:
        await enqueue(tx, OutboxMessage(channel=person.channel, chat_id=person.chat_id,
                                        key=QUESTION_KEY, params={"question_id": question_id}),
                      now)
    return Asked(question_id, len(people))


def may_answer(official: OfficialRecord, question: Question) -> bool:
    """Officials of the question's village, town or district."""
    scope = scope_of(official)
    return (scope.everything or question.village_code in scope.villages
            or question.town_code in scope.towns)


async def answer(tx: Tx, cipher: FieldCipher, official: OfficialRecord, question: Question, *,
                 text: str | None, media: list[dict[str, str]], now: datetime) -> bool:
    """Record the answer and send it to the resident; False when another official answered."""
    if not await repo.answer(tx, cipher, question.id, official_id=official.id, text=text,
                             media=media, now=now):
        return False
    await enqueue(tx, OutboxMessage(channel=question.channel, chat_id=question.chat_id,
                                    key=ANSWER_KEY, params={"question_id": question.id},
                                    lang=question.lang), now)  # quiet hours hold it
    return True


async def open_case(tx: Tx, desk: intake.Desk, official: OfficialRecord, question: Question,
                    now: datetime) -> CaseRecord | None:
    """A case from the question, as the resident's own declaration (they get its receipts);
    the official who opened it holds it. None when a case was opened from it already."""
    words = question.text or None
    taken = await intake.submit(
        tx, desk,
        report=NewReport(source="self", at=now, risk_types=["other"], description=words,
                         media=question.media, notify_channel=question.channel,
                         notify_chat_id=question.chat_id, notify_lang=question.lang),
        new=NewCase(source="self", village_code=question.village_code,
                    town_code=question.town_code, head_name=question.name or "?", people=0,
                    risk_types=["other"], urgent=False, reported_at=now,
                    phone=question.phone, description=words, media=question.media,
                    reporter_channel=question.channel, reporter_chat_id=question.chat_id,
                    reporter_lang=question.lang),
        now=now, actor_kind="official", actor_id=official.id)
    if not await repo.link_case(tx, question.id, taken.case.id):
        raise RuntimeError("question already has a case")  # rolled back by the caller's tx
    return taken.case
