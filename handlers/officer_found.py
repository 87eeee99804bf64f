"""Officer-found case (排查发现): an official opens a case for a household found on a visit,
recording the visit in the same flow.

village (of the official's own) → head name → ID number (or skip) → household size
→ risk types → visit checklist → income per person (or skip) → notes → urgency → summary.
"""

from __future__ import annotations

from cases import id_numbers, intake
from cases.vocab import VISIT_CHECKS
from chat.replies import Button
from handlers import report_steps
from handlers.case_card import card
from handlers.common import STARTS, show_menu, start_unless_mid_flow
from handlers.context import Context
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row, yes_no
from handlers.paged_choice import choice_buttons, chosen_value
from handlers.refusals import refused
from handlers.report_steps import ReviewSteps, RiskSteps
from handlers.router import Router, step_data
from handlers.spoken_answers import number_answer
from handlers.spoken_values import read_count
from handlers.validate import INCOME_MAX, TEXT_MAX, clean_text, has_words, small_number, valid_name
from storage import households as household_repo
from storage import officials as official_repo
from storage import reports as report_repo
from storage.cases import NewCase
from storage.reports import NewReport

router = Router()


async def villages_in_scope(ctx: Context) -> list[tuple[str, str]] | None:
    """(name, code) of the villages this official may open cases in; None for non-officials."""
    found = await report_repo.finder(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    if found is None:
        return None
    divisions = ctx.services.divisions
    codes: dict[str, str] = {}
    for role, code in found.grants:
        if role == "officer":
            village = divisions.get(code)
            if village is not None and village.level == "village":
                codes[village.code] = village.name
        elif role == "town_lead":
            codes.update({v.code: v.name for v in divisions.villages_of(code)})
        elif role == "district_admin":
            for town in divisions.towns():
                codes.update({v.code: v.name for v in divisions.villages_of(town.code)})
    return sorted(((name, code) for code, name in codes.items()), key=lambda item: item[1])


@router.command("found")
async def found_command(ctx: Context) -> None:
    """/found: an official opens a case found on a visit."""
    await start_unless_mid_flow(ctx, start, then="found")


@router.button("of")
async def found_button(ctx: Context) -> None:
    """The "found on a visit" button (payload "of:start") other screens may show."""
    await start_unless_mid_flow(ctx, start, then="found")


async def start(ctx: Context) -> None:
    """Officials only: others are told how officials join."""
    villages = await villages_in_scope(ctx)
    if not villages:
        await refused(ctx, "/found", "not_official")
        ctx.say("of.officials_only")
        return
    ctx.conv.draft = {"flow": "found"}
    ctx.go("of.village")
    await ask_village(ctx)


STARTS["found"] = start


async def advance(ctx: Context, next_step: str) -> None:
    """Go to the next question, or back to the summary when editing one answer."""
    await report_steps.advance(ctx, next_step, confirm="of.confirm")


def chosen(ctx: Context, field: str, value: object) -> None:
    report_steps.chosen(ctx, "of", f"of.field_{field}", value)


async def ask_village(ctx: Context) -> None:
    villages = await villages_in_scope(ctx) or []
    ctx.say("of.ask_village",
            buttons=[*choice_buttons(ctx, "of.village", villages), cancel_row(ctx)])


@router.step("of.village", ask_village)
async def process_village(ctx: Context) -> None:
    """A village of the official's own divisions."""
    villages = await villages_in_scope(ctx) or []
    code = await chosen_value(ctx, villages, ask_village)
    if code is None:
        return
    ctx.draft.update(village=code, page=0)
    chosen(ctx, "village", {c: name for name, c in villages}[code])
    await advance(ctx, "of.name")


async def ask_name(ctx: Context) -> None:
    ctx.say("of.ask_name", buttons=[cancel_row(ctx)])


@router.step("of.name", ask_name)
async def process_name(ctx: Context) -> None:
    """The household head's name."""
    name = valid_name(ctx.event.text) if ctx.event.kind == "text" else None
    if name is None:
        ctx.say("of.err_name")
        await ask_name(ctx)
        return
    ctx.draft["name"] = name
    await advance(ctx, "of.idnum")


async def ask_idnum(ctx: Context) -> None:
    ctx.say("of.ask_idnum", buttons=[[ctx.button("btn.skip", step_data("of.idnum", "skip"))],
                                     cancel_row(ctx)])


@router.step("of.idnum", ask_idnum)
async def process_idnum(ctx: Context) -> None:
    """An 18-character ID number (GB 11643 check digit), or Skip."""
    if ctx.event.kind == "button" and ctx.value == "skip":
        ctx.draft.pop("idnum", None)
        chosen(ctx, "idnum", ctx.t("of.none"))
    else:
        raw = ctx.event.text if ctx.event.kind == "text" else ""
        reason = id_numbers.problem(raw, ctx.services.programme.local(ctx.now).date())
        if reason is not None:
            ctx.say("of.err_idnum")
            await ask_idnum(ctx)
            return
        ctx.draft["idnum"] = id_numbers.normalise(raw)
        ctx.say("of.chosen", label=ctx.t("of.field_idnum"),
                value=id_numbers.mask(ctx.draft["idnum"]))
    await advance(ctx, "of.size")


async def ask_size(ctx: Context) -> None:
    numbers = [Button(str(n), step_data("of.size", str(n))) for n in range(1, 7)]
    ctx.say("of.ask_size", buttons=[numbers[:3], numbers[3:], cancel_row(ctx)])


@router.step("of.size", ask_size)
async def process_size(ctx: Context) -> None:
    """Household size: a button 1–6 or a typed number up to 30."""
    size = small_number(ctx.value, 1, 30) if ctx.event.kind == "button" else \
        read_count(ctx.event.text, 1, 30).value if ctx.event.kind == "text" else None
    if size is None:
        ctx.say("of.err_size")
        await ask_size(ctx)
        return
    ctx.draft["size"] = size
    if ctx.event.kind == "button":
        chosen(ctx, "size", size)
    await advance(ctx, "of.risks")


RiskSteps("of", lambda ctx: advance(ctx, "of.checks")).register(router)


def _check_buttons(ctx: Context) -> list[list[Button]]:
    risky = set(ctx.draft.get("checks_risk", []))
    buttons = [Button(("⚠️ " if c in risky else "✅ ") + ctx.t(f"of.check_{c}"),
                      step_data("of.checks", c)) for c in VISIT_CHECKS]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return [*rows, [ctx.button("btn.done", step_data("of.checks", "done"))], cancel_row(ctx)]


async def ask_checks(ctx: Context) -> None:
    ctx.say("of.ask_checks", buttons=_check_buttons(ctx))


@router.step("of.checks", ask_checks)
async def process_checks(ctx: Context) -> None:
    """一看粮，二看房，三看读书郎: tap an item to mark it at risk (all fine by default)."""
    if ctx.event.kind != "button" or ctx.value not in (*VISIT_CHECKS, "done"):
        ctx.say("err.use_buttons")
        await ask_checks(ctx)
        return
    risky: list[str] = list(ctx.draft.get("checks_risk", []))
    if ctx.value == "done":
        ctx.edit_or_send(ctx.t("of.checks_done"))
        await advance(ctx, "of.income")
        return
    risky.remove(ctx.value) if ctx.value in risky else risky.append(ctx.value)
    ctx.draft["checks_risk"] = [c for c in VISIT_CHECKS if c in risky]
    ctx.edit_or_send(ctx.t("of.ask_checks"), _check_buttons(ctx))


async def ask_income(ctx: Context) -> None:
    ctx.say("of.ask_income", buttons=[[ctx.button("btn.skip", step_data("of.income", "skip"))],
                                      cancel_row(ctx)])


@router.step("of.income", ask_income)
async def process_income(ctx: Context) -> None:
    """Yearly income per person in yuan, or Skip."""
    if ctx.event.kind == "button" and ctx.value == "skip":
        ctx.draft["income"] = None
    else:
        income = number_answer(ctx, 0, INCOME_MAX)
        if income is None:
            await ask_income(ctx)
            return
        ctx.draft["income"] = income
    await advance(ctx, "of.notes")


async def ask_notes(ctx: Context) -> None:
    ctx.say("of.ask_notes", buttons=[[ctx.button("btn.skip", step_data("of.notes", "skip"))],
                                     cancel_row(ctx)])


@router.step("of.notes", ask_notes)
async def process_notes(ctx: Context) -> None:
    """What the official saw, in a few words (or Skip)."""
    if ctx.event.kind == "button" and ctx.value == "skip":
        ctx.draft["notes"] = None
    else:
        text = clean_text(ctx.event.text) if ctx.event.kind == "text" else ""
        if not has_words(text) or len(text) > TEXT_MAX:
            ctx.say("of.err_notes", max=TEXT_MAX)
            await ask_notes(ctx)
            return
        ctx.draft["notes"] = text
    await advance(ctx, "of.urgent")


async def ask_urgent(ctx: Context) -> None:
    ctx.say("of.ask_urgent", buttons=[*yes_no(ctx, "of.urgent"), cancel_row(ctx)])


@router.step("of.urgent", ask_urgent)
async def process_urgent(ctx: Context) -> None:
    """Urgent or not."""
    if ctx.event.kind != "button" or ctx.value not in ("yes", "no"):
        ctx.say("err.use_buttons")
        await ask_urgent(ctx)
        return
    ctx.draft["urgent"] = ctx.value == "yes"
    await advance(ctx, "of.confirm")


def summary(ctx: Context) -> str:
    d = ctx.draft
    village = ctx.services.divisions.get(d.get("village", ""))
    risky = set(d.get("checks_risk", []))
    checks = ctx.join(("⚠️" if c in risky else "✅") + ctx.t(f"of.check_{c}") for c in VISIT_CHECKS)

    def line(field: str, value: object) -> str:
        return ctx.t("of.line", label=ctx.t(f"of.field_{field}"), value=value)

    none = ctx.t("of.none")
    return "\n".join([
        ctx.t("of.summary_title"),
        line("village", village.name if village else ""),
        line("name", d.get("name", "")),
        line("idnum", id_numbers.mask(d.get("idnum")) or none),
        line("size", d.get("size", "")),
        line("risks", ctx.join(ctx.t(f"risk.{s}") for s in d.get("risks", []))),
        line("checks", checks),
        line("income", d.get("income") if d.get("income") is not None else none),
        line("notes", d.get("notes") or none),
        line("urgent", ctx.t("btn.yes" if d.get("urgent") else "btn.no")),
    ])


async def submit(ctx: Context) -> None:
    """Open the case with its visit, or attach to the open case of the same household."""
    found = await report_repo.finder(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    allowed = {code for _, code in await villages_in_scope(ctx) or []}
    d = ctx.draft
    village = ctx.services.divisions.get(d.get("village", ""))
    town = ctx.services.divisions.town_of(d.get("village", ""))
    if found is None or village is None or town is None or village.code not in allowed:
        # The role went while answering, or the village is not theirs (a forged answer).
        await refused(ctx, "/found", "not_official" if found is None else "out_of_scope")
        ctx.conv.draft = {}
        ctx.go(None)
        ctx.say("of.officials_only")
        return
    now = ctx.now
    risky = set(d.get("checks_risk", []))
    # Started from a register household (我的农户): linked while village and head still match.
    household_id = d.get("household")
    if household_id:
        registered = await household_repo.by_id(ctx.tx, household_id)
        if registered is None or (registered.village_code, registered.head_name) != (
                village.code, d["name"]):
            household_id = None
    visit = intake.VisitRecord(
        checks={c: "risk" if c in risky else "ok" for c in VISIT_CHECKS},
        income_per_person=d.get("income"), notes=d.get("notes"))
    desk = desk_of(ctx.services)
    taken = await intake.submit(
        ctx.tx, desk,
        new=NewCase(source="visit", village_code=village.code, town_code=town.code,
                    head_name=d["name"], id_number=d.get("idnum"), people=d["size"],
                    household_id=household_id,
                    risk_types=d["risks"], description=d.get("notes"),
                    urgent=bool(d.get("urgent")), reported_at=now),
        report=NewReport(source="visit", at=now, risk_types=d["risks"],
                         description=d.get("notes")),
        now=now, actor_kind="official", actor_id=found.official_id, route_new=False)
    case = taken.case
    if taken.merged:
        case = await intake.add_found_visit(ctx.tx, desk, case, official_id=found.official_id,
                                            visit=visit, id_number=d.get("idnum"), now=now)
    else:
        case = await intake.take_found_case(ctx.tx, desk, case, official_id=found.official_id,
                                            visit=visit, now=now)
    ctx.conv.draft = {}
    ctx.go(None)
    ctx.edit_or_send(ctx.t("sr.submitted_short"))
    ctx.say("of.merged" if taken.merged else "of.opened", ref=case.ref, village=village.name)
    # The case's card, so the next step (propose, or the case's own actions) is one tap away.
    official = await official_repo.by_id(ctx.tx, found.official_id)
    if official is not None:
        shown = await card(ctx.tx, ctx.services, case, official, ctx.lang)
        ctx.send(shown.text, shown.buttons)
    await show_menu(ctx)


review = ReviewSteps(
    "of", summary=summary, submit=submit,
    fields=[(f, f"of.field_{f}") for f in ("village", "name", "idnum", "size", "risks",
                                           "checks", "income", "notes", "urgent")])
review.register(router)
