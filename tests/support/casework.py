"""Cases made and worked the way the product does it: reported through intake (so routing
queues the cards) and acted on through casework.perform (so every rule applies)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.app import App
from cases import casework, intake
from handlers.intake_desk import desk_of
from storage import officials as official_repo
from storage.cases import CaseRecord, NewCase
from storage.reports import NewReport


async def report_case(app: App, *, village: str, town: str, head_name: str = "赵大山",
                      people: int = 4, urgent: bool = False, resident_chat: int | None = None
                      ) -> CaseRecord:
    """A case reported now; with resident_chat, a self-report whose receipts go to that chat,
    otherwise one from department data."""
    now = app.services.clock.now()
    source = "self" if resident_chat else "data"
    async with app.db.begin() as tx:
        made = await intake.submit(
            tx, desk_of(app.services), now=now, actor_kind="system", actor_id=None,
            report=NewReport(source=source, at=now, risk_types=["illness"]),
            new=NewCase(source=source, village_code=village, town_code=town,
                        head_name=head_name, people=people, risk_types=["illness"],
                        urgent=urgent, reported_at=now,
                        reporter_channel="telegram" if resident_chat else None,
                        reporter_chat_id=resident_chat, reporter_lang="zh"))
        return made.case


async def act_as(app: App, official_id: int, case_id: int, action: str, *,
                 at: datetime | None = None, work: casework.Work | None = None,
                 **args: Any) -> CaseRecord:
    """One official action, checked like a button press (scope, stage, rules)."""
    work = work or casework.Work(store=app.services.cases, programme=app.services.programme,
                                 register=app.services.divisions)
    async with app.db.begin() as tx:
        official = await official_repo.by_id(tx, official_id)
        assert official is not None
        return await casework.perform(tx, work, official, case_id, None, action,
                                      at or app.services.clock.now(), **args)
