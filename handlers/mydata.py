"""/mydata: what is held about the person in this chat, and a request to delete it, which a
district admin approves (the data is erased) or refuses with a reason (cases/mydata.py)."""

from __future__ import annotations

from cases import id_numbers, mydata
from cases.mydata import Person
from handlers.case_card import local_time
from handlers.common import clear_flow, current_official, offer_resume, show_home
from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.refusals import refused
from handlers.router import Router
from handlers.validate import TEXT_MAX, clean_text, has_words
from storage import data_requests as request_repo
from storage import questions as question_repo
from storage.cases import CaseRecord
from storage.officials import OfficialRecord
from storage.reports import OwnReport

router = Router()

REASON_STEP = "dr.reason"


def person_of(ctx: Context) -> Person:
    return Person(ctx.event.channel, ctx.event.chat_id, ctx.event.sender.user_id)


def case_text(ctx: Context, case: CaseRecord) -> str:
    none = ctx.t("intake.none")
    return ctx.t("mydata.case", ref=case.ref, stage=ctx.t(f"stage.{case.stage}"),
                 date=local_time(ctx.services, case.reported_at), head=case.head_name,
                 phone=case.phone or none, id_number=id_numbers.mask(case.id_number) or none,
                 people=case.people, risks=ctx.join(ctx.t(f"risk.{r}") for r in case.risk_types),
                 desc=case.description or none, media=len(case.media))


def report_text(ctx: Context, report: OwnReport) -> str:
    none = ctx.t("intake.none")
    contact = (ctx.t("mydata.contact", name=report.contact_name or none,
                     phone=report.contact_phone or none)
               if report.contact_name or report.contact_phone else ctx.t("mydata.no_contact"))
    return ctx.t("mydata.report", date=local_time(ctx.services, report.at),
                 source=ctx.t(f"source.{report.source}"),
                 risks=ctx.join(ctx.t(f"risk.{r}") for r in report.risk_types) or none,
                 desc=report.description or none, contact=contact, media=report.media)


@router.command("mydata")
async def show_mydata(ctx: Context) -> None:
    """Everything held about this chat's person, with a button to ask for its deletion."""
    held = await mydata.held_about(ctx.tx, ctx.services.cases, person_of(ctx))
    consent = (local_time(ctx.services, held.consent_at) if held.consent_at
               else ctx.t("mydata.no_consent"))
    parts = [ctx.t("mydata.title"),
             ctx.t("mydata.chat", language=ctx.t(f"mydata.lang_{held.lang or ctx.lang}"),
                   consent=consent)]
    parts += [case_text(ctx, c) for c in held.cases]
    parts += [report_text(ctx, r) for r in held.reports]
    asked = await question_repo.of_chat(ctx.tx, ctx.services.cases.cipher, ctx.event.channel,
                                        ctx.event.chat_id)
    parts += [ctx.t("mydata.question", date=local_time(ctx.services, q.asked_at),
                    question=q.text or ctx.t("qa.voice_note"),
                    phone=q.phone or ctx.t("intake.none")) for q in asked]
    if not held.cases and not held.reports and not asked:
        parts.append(ctx.t("mydata.nothing_else"))
    if held.pending is not None:
        parts.append(ctx.t("mydata.pending"))
        ctx.send("\n\n".join(parts))
    else:
        parts.append(ctx.t("mydata.how_to_erase"))
        ctx.send("\n\n".join(parts), [[ctx.button("mydata.btn_erase", "md:erase")]])
    if ctx.conv.step:
        await ctx.ask_again()


@router.button("md")
async def ask_erasure(ctx: Context) -> None:
    """The person asks for deletion: the district admins decide."""
    held = await mydata.held_about(ctx.tx, ctx.services.cases, person_of(ctx))
    filed = await mydata.ask_erasure(ctx.tx, person_of(ctx), ctx.lang, held, ctx.now)
    ctx.edit_or_send(ctx.t("mydata.requested" if filed else "mydata.pending"))


async def district_admin_or_refuse(ctx: Context, action: str) -> OfficialRecord | None:
    official = await current_official(ctx)
    if official is None or not any(g.role == "district_admin" for g in official.roles):
        await refused(ctx, action, "not_permitted" if official else "not_official",
                      official=official)
        if ctx.event.kind == "button":
            ctx.toast("mydata.admins_only")
        ctx.say("mydata.admins_only")
        return None
    return official


@router.button("dr")
async def decide(ctx: Context) -> None:
    """A district admin approves (erased at once) or refuses (a reason is asked first)."""
    assert ctx.payload is not None
    what, request_id = ctx.payload.word("what"), ctx.payload.number("request")
    admin = await district_admin_or_refuse(ctx, f"erasure:{what}")
    if admin is None:
        return
    request = await request_repo.by_id(ctx.tx, request_id, lock=True)
    if request is None or request.status != "pending":
        ctx.say("mydata.already_decided")  # another admin was first: nothing to refuse
        return
    if what == "approve":
        erased = await mydata.approve(ctx.tx, ctx.services.cases, request, admin.id, ctx.now)
        ctx.edit_or_send(ctx.t("mydata.approved_admin", request=request.id, cases=erased))
        return
    if ctx.conv.step and ctx.conv.step != REASON_STEP:
        offer_resume(ctx)
        return
    ctx.conv.draft = {"flow": "erasure", "request": request.id}
    ctx.go(REASON_STEP)
    await ask_reason(ctx)


async def ask_reason(ctx: Context) -> None:
    ctx.say("mydata.ask_reason", buttons=[cancel_row(ctx)], request=ctx.draft.get("request", 0))


@router.step(REASON_STEP, ask_reason)
async def take_reason(ctx: Context) -> None:
    text = clean_text(ctx.event.text) if ctx.event.kind == "text" else ""
    if not text or not has_words(text) or text.startswith("/"):
        ctx.say("mydata.reason_needed")
        await ask_reason(ctx)
        return
    request_id = int(ctx.draft.get("request", 0))
    clear_flow(ctx)
    admin = await district_admin_or_refuse(ctx, "erasure:refuse")
    request = await request_repo.by_id(ctx.tx, request_id, lock=True) if admin else None
    if admin is None:
        return
    if request is None or request.status != "pending":
        ctx.say("mydata.already_decided")
    else:
        await mydata.refuse(ctx.tx, ctx.services.cases, request, admin.id, text[:TEXT_MAX],
                            ctx.now)
        ctx.say("mydata.refused_admin", request=request.id)
    await show_home(ctx)
