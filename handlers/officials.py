"""Officials joining by invite (/join CODE, or the t.me link's /start CODE; a /channel code
moves an official here), their menu, and
invites made by chat (/invite) by town leads and district admins."""

from __future__ import annotations

from datetime import timedelta

from cases import invites
from handlers.channels import moved_here
from handlers.common import current_official, show_menu, start_unless_mid_flow
from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.paged_choice import choice_buttons, chosen_value
from handlers.refusals import refused
from handlers.router import Router, step_data
from handlers.stats import show_stats
from storage.officials import OfficialRecord

router = Router()

INVITE_HOURS = 72
JOIN_REASONS = {"wait": "join_rate_limited"}  # the audit's reason for each failed outcome


def division_name(ctx: Context, code: str) -> str:
    return ctx.services.divisions.name_of(code)


async def join(ctx: Context, code: str) -> None:
    """Redeem an invite: binds this Telegram user id (not the username) to the role."""
    code = code.strip()
    if not code:
        ctx.say("join.usage")
        return
    if await moved_here(ctx, code):  # a /channel code: the official's cards now come here
        await show_official_menu(ctx)
        return
    sender = ctx.event.sender
    result = await invites.redeem(ctx.tx, code=code, channel=ctx.event.channel,
                                  user_id=sender.user_id, chat_id=ctx.event.chat_id,
                                  display_name=(sender.first_name or str(sender.user_id))[:128],
                                  now=ctx.now,
                                  overall_limit=ctx.services.programme.join_failures_per_hour,
                                  zone=ctx.services.programme.timezone)
    if result.outcome != "joined":  # a wrong, used, expired or revoked code; too many tries
        await refused(ctx, "/join", JOIN_REASONS.get(result.outcome, f"join_{result.outcome}"))
        ctx.say(f"join.{result.outcome}")
        return
    assert result.role is not None and result.division_code is not None
    ctx.conv.lang = ctx.lang  # cards and reminders sent later by the outbox follow it
    ctx.say("join.joined", role=ctx.t(f"role.{result.role}"),
            division=division_name(ctx, result.division_code))
    await show_official_menu(ctx)


@router.command("join")
async def join_command(ctx: Context) -> None:
    await join(ctx, ctx.event.args)


async def show_official_menu(ctx: Context) -> None:
    """"I am an official": the official's roles and work; for others, how officials join."""
    official = await current_official(ctx)
    if official is None:
        ctx.say("menu.official_help")
        if ctx.conv.consent_at is not None:
            await show_menu(ctx)  # not a dead end: the resident's menu again
        return
    roles = "\n".join(ctx.t("off.role_line", role=ctx.t(f"role.{g.role}"),
                            division=division_name(ctx, g.division_code))
                      for g in official.roles)
    buttons = [[ctx.button("off.inbox", "ib:0")], [ctx.button("off.households", "hq:list")],
               [ctx.button("off.found", "of:start")]]
    if any(g.role in ("town_lead", "district_admin") for g in official.roles):
        buttons.append([ctx.button("off.stats", "om:stats"), ctx.button("off.invite", "iv:start")])
    if any(g.role == "district_admin" for g in official.roles):
        buttons.append([ctx.button("pol.menu", "pol:open")])
    ctx.say("off.menu", buttons=buttons, name=official.display_name, roles=roles)


# --- invites by chat ----------------------------------------------------------------------

def invitable(ctx: Context, official: OfficialRecord) -> dict[str, list[tuple[str, str]]]:
    """Role → (name, code) of divisions this official may invite to: a town lead for their
    town (its villages' officers, the town's leads), a district admin anywhere."""
    register = ctx.services.divisions
    out: dict[str, dict[str, str]] = {"officer": {}, "town_lead": {}, "district_admin": {}}
    for grant in official.roles:
        if grant.role == "district_admin":
            out["district_admin"][grant.division_code] = division_name(ctx, grant.division_code)
            for town in register.towns():
                out["town_lead"][town.code] = town.name
                out["officer"].update({v.code: v.name for v in register.villages_of(town.code)})
        elif grant.role == "town_lead":
            out["town_lead"][grant.division_code] = division_name(ctx, grant.division_code)
            out["officer"].update({v.code: v.name
                                   for v in register.villages_of(grant.division_code)})
    return {role: sorted(((name, code) for code, name in items.items()), key=lambda i: i[1])
            for role, items in out.items() if items}


async def start_invite(ctx: Context) -> None:
    official = await current_official(ctx)
    if official is None or not invitable(ctx, official):
        await refused(ctx, "/invite", "not_permitted" if official else "not_official",
                      official=official)
        ctx.say("inv.not_allowed")
        return
    ctx.conv.draft = {"flow": "invite"}
    ctx.go("inv.role")
    await ask_role(ctx)


@router.command("invite")
async def invite_command(ctx: Context) -> None:
    await start_unless_mid_flow(ctx, start_invite)


@router.button("iv")
async def invite_button(ctx: Context) -> None:
    await start_unless_mid_flow(ctx, start_invite)


async def ask_role(ctx: Context) -> None:
    official = await current_official(ctx)
    roles = invitable(ctx, official) if official else {}
    ctx.say("inv.ask_role", buttons=[
        *[[ctx.button(f"role.{r}", step_data("inv.role", r))] for r in roles], cancel_row(ctx)])


@router.step("inv.role", ask_role)
async def process_role(ctx: Context) -> None:
    official = await current_official(ctx)
    roles = invitable(ctx, official) if official else {}
    if ctx.event.kind != "button" or ctx.value not in roles:
        if ctx.event.kind == "button":  # a role they may not invite to (or no longer)
            await refused(ctx, "/invite", "not_permitted", official=official)
        ctx.say("err.use_buttons")
        await ask_role(ctx)
        return
    ctx.draft.update(role=ctx.value, page=0)
    ctx.edit_or_send(ctx.t("inv.ask_role") + " " + ctx.t(f"role.{ctx.value}"))
    ctx.go("inv.division")
    await ask_division(ctx)


async def ask_division(ctx: Context) -> None:
    official = await current_official(ctx)
    items = (invitable(ctx, official) if official else {}).get(ctx.draft.get("role", ""), [])
    ctx.say("inv.ask_division",
            buttons=[*choice_buttons(ctx, "inv.division", items), cancel_row(ctx)])


@router.step("inv.division", ask_division)
async def process_division(ctx: Context) -> None:
    official = await current_official(ctx)
    role = ctx.draft.get("role", "")
    items = (invitable(ctx, official) if official else {}).get(role, [])
    # A division not on the list is one they may not invite to: refused, and audited.
    division = await chosen_value(
        ctx, items, ask_division,
        refuse=lambda ctx: refused(ctx, "/invite", "not_permitted", official=official))
    if division is None or official is None:  # no official, no items: never chosen
        return
    code = await invites.issue(ctx.tx, role=role, division_code=division, created_by=official.id,
                               now=ctx.now, valid_for=timedelta(hours=INVITE_HOURS))
    username = ctx.services.bot_username
    ctx.conv.step, ctx.conv.draft = None, {}
    # No bot username known (BOT_USERNAME unset, getMe not answered): no made-up link.
    link = (f"https://t.me/{username}?start={code}" if username
            else ctx.t("inv.join_by_command", code=code))
    ctx.edit_or_send(ctx.t("inv.created", role=ctx.t(f"role.{role}"),
                           division={c: name for name, c in items}[division],
                           hours=INVITE_HOURS, code=code, link=link))


@router.button("om")
async def official_menu_button(ctx: Context) -> None:
    """Buttons of the officials' menu that open another journey."""
    if ctx.value == "stats":
        await show_stats(ctx)
    else:
        ctx.say("err.button_invalid")
