"""A case's history (办理记录): every event with who did it and its details — what a visit
found, the reason, category, target or comment — a page at a time, the latest page first.

Opened from a card ("c:timeline:<case>:0") or paged ("tl:<case>:<page>"); the rights are
checked like every other look at a case (out of scope is refused and audited).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases import casework
from cases.casework import Refused
from chat.replies import Button
from handlers.case_card import local_time
from handlers.case_outcome import refuse, work_of
from handlers.context import Context
from handlers.router import Router
from i18n.render import raw
from storage import casework as work_repo
from storage import history
from storage import officials as official_repo
from storage.cases import CaseEvent
from storage.casework import VisitDetail
from storage.crypto import DataKeyError
from storage.officials import OfficialRecord

router = Router()

PAGE_EVENTS = 8  # with whole visit notes (1,000 characters) a page stays one message mostly
HISTORY_NS = "tl"


def page_data(case_id: int, page: int) -> str:
    return f"{HISTORY_NS}:{case_id}:{page}"


@router.button(HISTORY_NS)
async def history_page(ctx: Context) -> None:
    from handlers.case_view import official_or_refuse  # the view module imports this one

    case_id = ctx.pressed.number("case")
    official = await official_or_refuse(ctx, "timeline", case_id)
    if official is not None:
        await show_history(ctx, official, case_id, ctx.pressed.number("page"))


async def show_history(ctx: Context, official: OfficialRecord, case_id: int, page: int = 0
                       ) -> None:
    try:
        case = await casework.load(ctx.tx, work_of(ctx), official, case_id, ctx.now, "timeline")
    except Refused as refusal:
        refuse(ctx, refusal)
        return
    events, total = await history.timeline_page(ctx.tx, case.id, skip_newest=page * PAGE_EVENTS,
                                                limit=PAGE_EVENTS)
    pages = max(1, -(-total // PAGE_EVENTS))
    if not events and page > 0:  # a page that no longer exists: the latest one instead
        page = 0
        events, total = await history.timeline_page(ctx.tx, case.id, skip_newest=0,
                                                    limit=PAGE_EVENTS)
    story = Story(ctx, await work_repo.visit_details(ctx.tx, case.id, ctx.services.cases.cipher))
    lines = [ctx.t("story.title", ref=case.ref, page=pages - page, pages=pages, total=total)]
    for event in events:
        lines += await story.event(event)
    if not events:
        lines.append(ctx.t("story.none"))
    nav: list[Button] = []
    if (page + 1) * PAGE_EVENTS < total:
        nav.append(ctx.button("story.older", page_data(case.id, page + 1)))
    if page > 0:
        nav.append(ctx.button("story.newer", page_data(case.id, page - 1)))
    ctx.send("\n".join(lines), [nav] if nav else None)


class Story:
    """Words for the events of one case, in the reader's language."""

    def __init__(self, ctx: Context, visits: list[VisitDetail]) -> None:
        self.ctx = ctx
        self.t: Callable[..., str] = ctx.t
        self.visits = {v.at: v for v in visits}
        self.names: dict[int, str] = {}

    async def name(self, official_id: Any) -> str:
        if not isinstance(official_id, int):
            return "?"
        if official_id not in self.names:
            person = await official_repo.by_id(self.ctx.tx, official_id)
            self.names[official_id] = person.display_name if person else "?"
        return self.names[official_id]

    def opened(self, value: Any) -> str | None:
        """Free text kept sealed on the timeline, opened for the reader."""
        try:
            return casework.unseal(self.ctx.services.cases.cipher, value)
        except DataKeyError:
            return None

    async def event(self, event: CaseEvent) -> list[str]:
        t = self.t
        key = f"tl.{event.action}"
        action = t(key if self.ctx.services.catalogue.has(key) else "tl.other")
        who = ""
        if event.actor_kind == "official" and event.actor_id is not None:
            who = t("story.who", name=await self.name(event.actor_id))
        head = t("story.line", at=local_time(self.ctx.services, event.at), action=action,
                 who=raw(who))
        return [head, *(t("story.detail", text=raw(d)) for d in await self.details(event))]

    async def details(self, event: CaseEvent) -> list[str]:
        """The event's details as lines (already rendered HTML)."""
        t, d, out = self.t, event.details, []
        if event.action == "visited":
            visit = self.visits.get(event.at)
            if visit is not None:
                out += self.visit(visit)
        if event.action == "reported" and d.get("urgent"):
            out.append(t("story.d_urgent"))
        if d.get("source") in ("self", "neighbour", "visit", "data") \
                and event.action in ("reported", "further_report"):
            out.append(t("story.d_source", source=t(f"source.{d['source']}")))
        category = d.get("category")
        if isinstance(category, str) and category:
            out.append(t("story.d_category", category=t("work.not_eligible")
                         if category == "not_eligible" else t(f"category.{category}")))
        if event.action == "closed" and isinstance(d.get("reason"), str):
            out.append(t("story.d_closed", reason=t(f"closure.{d['reason']}")))
            if d.get("duplicate_of"):
                out.append(t("story.d_duplicate", ref=d["duplicate_of"]))
        elif event.action != "closed":
            reason = self.opened(d.get("reason"))
            if reason:
                out.append(t("story.d_comment" if event.action == "approved" else "story.d_reason",
                             reason=reason))
        if event.action == "reopened" and d.get("was"):
            out.append(t("story.d_was", reason=t(f"closure.{d['was']}")))
        comment = self.opened(d.get("comment"))  # a chase or any later event with a comment
        if comment:
            out.append(t("story.d_comment", reason=comment))
        text = self.opened(d.get("text"))
        if event.action == "note" and text:
            out.append(t("story.d_note", text=text))
            out.append(t("story.d_note_to", name=await self.name(d["to"])) if d.get("to")
                       else t("story.d_note_file"))
        out += await self.targets(event)
        if event.action == "measure":
            out.append(self.measure(d))
        if event.action == "followup_scheduled" and d.get("on"):
            out.append(t("story.d_on", date=d["on"]))
        if event.action in ("reminder", "escalation") and d.get("step"):
            out.append(t("story.d_step", step=t(f"due.step.{d['step']}")))
        if event.action == "escalation" and isinstance(d.get("chain_level"), int):
            out.append(t("story.d_level", level=t(f"due.level.{min(d['chain_level'], 2)}")))
        return out

    async def targets(self, event: CaseEvent) -> list[str]:
        """Who an event went to or came from: a transfer's receiver, routing's recipients."""
        t, d, out = self.t, event.details, []
        register = self.ctx.services.divisions
        if event.action == "transfer_offered":
            if d.get("to_official"):
                out.append(t("story.d_target", target=await self.name(d["to_official"])))
            elif d.get("to_village"):
                village = register.get(str(d["to_village"]))
                out.append(t("story.d_target", target=village.name if village else d["to_village"]))
        if event.action in ("transfer_taken", "rerouted") and d.get("from"):
            out.append(t("story.d_from", name=await self.name(d["from"])))
        if event.action in ("routed", "reminder", "escalation") and isinstance(d.get("to"), list):
            names = [await self.name(i) for i in d["to"]]
            out.append(t("story.d_to", names=self.ctx.join(names)) if names
                       else t("story.d_to_nobody"))
        return out

    def measure(self, d: dict[str, Any]) -> str:
        t = self.t
        kind = str(d.get("kind") or "other")
        amount = ""
        if d.get("amount") is not None:
            amount = t("story.d_amount_monthly" if d.get("period") == "monthly"
                       else "story.d_amount_once", amount=d["amount"])
        end = t("story.d_end", end=d["end"]) if d.get("end") else ""
        return t("story.d_measure", measure=t(f"measure.{kind}"), amount=raw(amount),
                 start=d.get("start") or "?", end=raw(end))

    def visit(self, visit: VisitDetail) -> list[str]:
        t = self.t
        found = self.ctx.join(t("story.flagged", item=t(f"of.check_{c}")) for c in visit.flagged) \
            if visit.flagged else t("story.all_ok")
        facts = [t("story.d_found", found=raw(found))]
        if visit.income_per_person is not None:
            facts.append(t("story.d_income", income=visit.income_per_person))
        if visit.photos:
            facts.append(t("story.d_photos", n=visit.photos))
        out = [" · ".join(facts)]
        if visit.notes:
            out.append(t("story.d_notes", notes=visit.notes))
        return out
