"""How a case action ends in chat: done (with the case card as it is now) or refused (with
the reason in the user's words, and the fresh card when the button was stale)."""

from __future__ import annotations

from cases import casework
from cases.casework import Refused, Work
from cases.closure import monitored_days
from chat.replies import Text
from handlers.case_card import MAX_CARD, card, local_time
from handlers.context import Context
from handlers.programme_view import done_key
from storage.officials import OfficialRecord

IMMEDIATE = ("accept", "take", "decline")  # actions that need no more input


def work_of(ctx: Context) -> Work:
    s = ctx.services
    return Work(store=s.cases, programme=s.programme, register=s.divisions)



async def run(ctx: Context, official: OfficialRecord, case_id: int, version: int | None,
              action: str, **args: object) -> Refused | None:
    """Perform an action and show the result with the case as it is now."""
    event = ctx.event
    replacing = ((event.channel, event.chat_id, event.message_id)
                 if event.kind == "button" and event.message_id and action in IMMEDIATE else None)
    try:
        case = await casework.perform(ctx.tx, work_of(ctx), official, case_id, version, action,
                                      ctx.now, replacing=replacing, **args)
    except Refused as refused:
        await refuse_with_card(ctx, official, refused)
        return refused
    params: dict[str, object] = {"ref": case.ref}
    done = done_key(action, case, args) or f"work.done.{action}"
    if action == "followup" and case.due_at:
        params["date"] = ctx.services.programme.local(case.due_at).strftime("%Y-%m-%d")
    if action == "accept" and case.due_step == "visit" and case.due_at:
        done = "work.done.accept_visit_by"  # the deadline the settings give, not a fixed 3 days
        params["due"] = local_time(ctx.services, case.due_at)
    if action == "note" and args.get("to_owner") and case.owner_id not in (None, official.id):
        done = "story.done_note_sent"
    ctx.toast(done, **params)
    said = ctx.t(done, **params)
    reply = await card(ctx.tx, ctx.services, case, official, ctx.lang,
                       limit=MAX_CARD - len(said) - 2)
    text = said + "\n\n" + reply.text
    if action in IMMEDIATE and event.kind == "button" and event.message_id:
        ctx.edit_or_send(text, reply.buttons)  # the card pressed, already one that follows
    else:
        ctx.replies.append(Text(text, reply.buttons, live=reply.live))
    return None


def refuse(ctx: Context, refused: Refused) -> None:
    needs_visit = refused.details.get("missing") == ["visit"]  # not eligible, before a visit
    if ctx.event.kind == "button":
        ctx.toast(f"work.{refused.code}" if refused.code != "closure_rules"
                  else "chain.needs_visit_toast" if needs_visit else "work.closure_refused_toast")
    if refused.code == "closure_rules":
        case = refused.details.get("case")
        have = monitored_days(case.identified_at, ctx.now) if case is not None else 0
        missing = refused.details.get("missing", [])
        if needs_visit:  # the proposal path's rule
            ctx.say("chain.not_eligible_needs_visit")
            return
        ctx.say("work.closure_refused", missing="\n".join(
            missing_line(ctx, m, have, refused.details) for m in missing))
    elif refused.code == "bad_value":
        field = refused.details.get("field")
        ctx.say("work.no_officer" if field == "no_officer" else
                "work.bad_ref" if field == "duplicate_of" else "work.bad_value")
    else:
        ctx.say(f"work.{refused.code}")


async def refuse_with_card(ctx: Context, official: OfficialRecord, refused: Refused) -> None:
    refuse(ctx, refused)
    case = refused.details.get("case")
    # The card again, with its buttons, so the official can act from here (add a measure, …).
    if refused.code in ("stale", "not_now", "closure_rules") and case is not None:
        fresh = await ctx.services.cases.by_id(ctx.tx, case.id)
        if fresh is not None:
            ctx.replies.append(await card(ctx.tx, ctx.services, fresh, official, ctx.lang))


def missing_line(ctx: Context, code: str, have: int, details: dict[str, object]) -> str:
    """One missing condition, with the case's district's figures (cases/district_policy.py)."""
    programme = ctx.services.programme
    if code == "monitoring":
        return ctx.t("work.missing.monitoring", have=have,
                     days=details.get("days", programme.min_monitoring.days))
    if code == "income":
        line = details.get("line")
        return ctx.t("work.missing.income", line=line if line is not None else "?")
    return ctx.t(f"work.missing.{code}")
