"""A district admin sets the programme's rules for their district by chat (/policy, or the
button on their menu): the yearly income line, the deadlines, the monitoring period, the
notice period and which of the programme's own steps run. Each change is typed (or ticked),
checked, confirmed, stored for the district over the `.env` default and recorded
(cases/district_policy.py)."""

from __future__ import annotations

from cases import district_policy
from cases.district_policy import DEADLINES, INCOME_LINE, PolicyError
from cases.policy import Programme
from cases.vocab import PROGRAMME_STEPS
from chat.replies import Button
from handlers.common import current_official, offer_resume
from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.refusals import refused
from handlers.router import Router, step_data
from storage import district_policy as policy_repo
from storage.officials import OfficialRecord

router = Router()


def admin_districts(ctx: Context, official: OfficialRecord | None) -> list[str]:
    """The districts a district admin answers for, in the order of their roles."""
    if official is None:
        return []
    codes: list[str] = []
    for grant in official.roles:
        if grant.role == "district_admin":
            division = ctx.services.divisions.get(grant.division_code)
            if division is not None and division.level == "district" \
                    and division.code not in codes:
                codes.append(division.code)
    return codes


def names(ctx: Context) -> list[str]:
    """Every setting an admin may change, this year's and next year's income line first."""
    year = ctx.services.programme.local(ctx.now).year
    return [f"{INCOME_LINE}{year}", f"{INCOME_LINE}{year + 1}",
            *(f"deadline.{k}" for k in DEADLINES), "monitoring_days", "notice_days",
            "steps.inclusion", "steps.elimination"]


def name_label(ctx: Context, name: str) -> str:
    if name.startswith(INCOME_LINE):
        return ctx.t("pol.name.income_line", year=name[len(INCOME_LINE):])
    return ctx.t(f"pol.name.{name}")


def value_label(ctx: Context, name: str, value: str) -> str:
    if name.startswith("steps."):
        steps = [] if value in ("none", "") else value.split(",")
        return ctx.services.catalogue.join(ctx.lang, (ctx.t(f"stage.{s}") for s in steps)) \
            if steps else ctx.t("pol.steps_none")
    if value == "":
        return ctx.t("pol.not_set")
    return ctx.t(f"pol.unit.{district_policy.spec_of(name).unit}", n=value)


async def district_programme(ctx: Context, district: str) -> tuple[Programme, dict[str, str]]:
    values = await policy_repo.values_of(ctx.tx, district)
    return district_policy.apply(ctx.services.programme, values), values


async def show_policy(ctx: Context) -> None:
    """The rules of the district being looked at; an admin of several districts chooses
    one first (and may switch from the overview)."""
    official = await current_official(ctx)
    districts = admin_districts(ctx, official)
    if not districts:
        await refused(ctx, "/policy", "not_permitted" if official else "not_official",
                      official=official)
        if ctx.event.kind == "button":
            ctx.toast("pol.admins_only")
        ctx.say("pol.admins_only")
        return
    district = ctx.draft.get("district") if ctx.draft.get("flow") == "policy" else None
    if district not in districts:
        if len(districts) > 1:
            ctx.conv.draft = {"flow": "policy"}
            ctx.go("pol.district")
            await ask_district(ctx)
            return
        district = districts[0]
    assert district is not None
    programme, own = await district_programme(ctx, district)
    lines, buttons = [], []
    for name in names(ctx):
        value = district_policy.current(programme, name)
        source = ctx.t("pol.source_district" if name in own else "pol.source_default")
        lines.append(ctx.t("pol.line", name=name_label(ctx, name),
                           value=value_label(ctx, name, value), source=source))
        buttons.append(Button(name_label(ctx, name), step_data("pol.pick", name)))
    ctx.conv.draft = {"flow": "policy", "district": district}
    ctx.go("pol.pick")
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    if len(districts) > 1:
        rows.append([ctx.button("pol.switch_district", step_data("pol.pick", SWITCH))])
    ctx.say("pol.overview", buttons=[*rows, cancel_row(ctx)],
            district=ctx.services.divisions.name_of(district), lines="\n".join(lines))


SWITCH = "switch"  # the overview's "another district" button


async def ask_district(ctx: Context) -> None:
    districts = admin_districts(ctx, await current_official(ctx))
    rows = [[Button(ctx.services.divisions.name_of(code), step_data("pol.district", code))]
            for code in districts]
    ctx.say("pol.ask_district", buttons=[*rows, cancel_row(ctx)])


@router.step("pol.district", ask_district)
async def process_district(ctx: Context) -> None:
    districts = admin_districts(ctx, await current_official(ctx))
    if ctx.event.kind != "button" or ctx.value not in districts:
        ctx.say("err.use_buttons")
        await show_policy(ctx)  # asks again (or refuses, the role having ended meanwhile)
        return
    ctx.conv.draft = {"flow": "policy", "district": ctx.value}
    await show_policy(ctx)


@router.command("policy")
async def policy_command(ctx: Context) -> None:
    if ctx.conv.step and not ctx.conv.step.startswith("pol."):
        offer_resume(ctx)
        return
    ctx.conv.draft = {}  # a fresh start: an admin of several districts chooses again
    await show_policy(ctx)


@router.button("pol")
async def policy_button(ctx: Context) -> None:
    if ctx.conv.step and not ctx.conv.step.startswith("pol."):
        offer_resume(ctx)
        return
    ctx.conv.draft = {}
    await show_policy(ctx)


@router.step("pol.pick", show_policy)
async def process_pick(ctx: Context) -> None:
    if ctx.event.kind == "button" and ctx.value == SWITCH:
        ctx.conv.draft = {}
        await show_policy(ctx)
        return
    if ctx.event.kind != "button" or ctx.value not in names(ctx):
        ctx.say("err.use_buttons")
        await ctx.ask_again()
        return
    ctx.draft["name"] = ctx.value
    if ctx.value.startswith("steps."):
        programme, _ = await district_programme(ctx, ctx.draft["district"])
        ctx.draft["chosen"] = list(programme.steps_for(ctx.value[len("steps."):]))
        ctx.go("pol.steps")
    else:
        ctx.go("pol.value")
    await ctx.ask_again()


async def ask_value(ctx: Context) -> None:
    name = ctx.draft["name"]
    programme, _ = await district_programme(ctx, ctx.draft["district"])
    spec = district_policy.spec_of(name)
    ctx.say("pol.ask_value", buttons=[cancel_row(ctx)], name=name_label(ctx, name),
            value=value_label(ctx, name, district_policy.current(programme, name)),
            lo=value_label(ctx, name, str(spec.lo)), hi=value_label(ctx, name, str(spec.hi)))


@router.step("pol.value", ask_value)
async def process_value(ctx: Context) -> None:
    text = ctx.event.text if ctx.event.kind == "text" else None
    try:
        if not text or len(text) > 40:
            raise PolicyError("bad_number")
        value = district_policy.validate(ctx.draft["name"], text)
    except PolicyError as error:
        ctx.say(f"pol.bad.{error.code}")
        await ctx.ask_again()
        return
    ctx.draft["value"] = value
    ctx.go("pol.confirm")
    await ctx.ask_again()


async def ask_steps(ctx: Context) -> None:
    chosen = set(ctx.draft.get("chosen", []))
    rows = [[ctx.button("pol.step_toggle", step_data("pol.steps", s),
                        mark="✅" if s in chosen else "⬜", step=ctx.t(f"stage.{s}"))]
            for s in PROGRAMME_STEPS]
    rows.append([ctx.button("btn.done", step_data("pol.steps", "done"))])
    ctx.say("pol.ask_steps", buttons=[*rows, cancel_row(ctx)],
            name=name_label(ctx, ctx.draft["name"]))


@router.step("pol.steps", ask_steps)
async def process_steps(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in (*PROGRAMME_STEPS, "done"):
        ctx.say("err.use_buttons")
        await ctx.ask_again()
        return
    chosen = set(ctx.draft.get("chosen", []))
    if ctx.value != "done":
        chosen ^= {ctx.value}
        ctx.draft["chosen"] = [s for s in PROGRAMME_STEPS if s in chosen]
        await ask_steps(ctx)
        return
    ctx.draft["value"] = ",".join(ctx.draft["chosen"]) or "none"
    ctx.go("pol.confirm")
    await ctx.ask_again()


async def ask_confirm(ctx: Context) -> None:
    name = ctx.draft["name"]
    programme, _ = await district_programme(ctx, ctx.draft["district"])
    ctx.say("pol.ask_confirm", buttons=[
        [ctx.button("pol.yes", step_data("pol.confirm", "yes")),
         ctx.button("pol.no", step_data("pol.confirm", "no"))]],
        name=name_label(ctx, name),
        old=value_label(ctx, name, district_policy.current(programme, name)),
        new=value_label(ctx, name, ctx.draft["value"]))


@router.step("pol.confirm", ask_confirm)
async def process_confirm(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in ("yes", "no"):
        ctx.say("err.use_buttons")
        await ctx.ask_again()
        return
    name, value = ctx.draft["name"], ctx.draft["value"]
    if ctx.value == "no":
        ctx.say("pol.kept")
        await show_policy(ctx)
        return
    official = await current_official(ctx)
    district = ctx.draft["district"]
    if official is None or district not in admin_districts(ctx, official):  # the role ended meanwhile
        ctx.conv.step, ctx.conv.draft = None, {}
        await show_policy(ctx)
        return
    await district_policy.change(ctx.tx, base=ctx.services.programme, district_code=district,
                                 name=name, text=value, official_id=official.id, via="chat",
                                 now=ctx.now)
    ctx.say("pol.saved", name=name_label(ctx, name), value=value_label(ctx, name, value))
    await show_policy(ctx)
