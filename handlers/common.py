"""Greeting, language, consent, the main menu, help and cancel — available from anywhere."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from chat.replies import Button, RequestKeyboard
from handlers.context import Context
from handlers.keyboards import CANCEL_DATA
from handlers.router import Handler, Router
from storage import officials as official_repo
from storage.officials import OfficialRecord

router = Router()

# Journeys that "start over" (and agreeing to the consent note) open straight away, by name;
# each flow module adds its own start (this module cannot import them: they import it).
STARTS: dict[str, Handler] = {}
# "/start <code>" links other than officials' invites, by the code's prefix (a module that
# issues such links registers its opener here: this module cannot import it).
# Such codes are longer than an invite code (22 characters), so no invite is ever mistaken
# for one, whatever its first characters.
LINKS_BY_PREFIX: dict[str, Callable[[Context, str], Awaitable[None]]] = {}
INVITE_CODE_LENGTH = 22


def language_buttons() -> list[list[Button]]:
    return [[Button("中文", "l:zh"), Button("English", "l:en")]]


def offer_resume(ctx: Context, then: str | None = None) -> None:
    """Something that starts a journey arrived mid-flow: continue the open one, or start over
    — with `then`, the journey that was asked for, else from the menu?"""
    restart = f"r:restart:{then}" if then in STARTS else "r:restart"
    ctx.say("start.mid_flow", buttons=[[ctx.button("btn.continue", "r:continue"),
                                         ctx.button("btn.restart", restart)]])


async def start_unless_mid_flow(ctx: Context, start: Handler, then: str | None = None) -> None:
    """A command or button that begins a journey: begun now, or, mid-flow, the choice to
    continue the open one or start over (`then` as for offer_resume)."""
    if ctx.conv.step:
        offer_resume(ctx, then=then)
        return
    await start(ctx)


def in_flow(ctx: Context) -> bool:
    return bool(ctx.conv.step)


def welcome_buttons(ctx: Context) -> list[list[Button]]:
    """Agree and start / Disagree / the other language / the full note: one screen's choices."""
    other = "en" if ctx.lang == "zh" else "zh"
    return [[ctx.button("welcome.agree", "k:yes")],
            [ctx.button("welcome.disagree", "k:no"), ctx.button("welcome.other_lang", f"l:{other}"),
             ctx.button("welcome.details", "k:details")]]


async def show_welcome(ctx: Context) -> None:
    """The one start screen: greeting, what is collected and who sees it, and the choices."""
    ctx.say("welcome.start", buttons=welcome_buttons(ctx),
            name=ctx.event.sender.first_name or ctx.t("welcome.friend"))


def remind_consent(ctx: Context) -> None:
    """Anything before consent: one short line with the same choices, never the screen again."""
    ctx.say("welcome.first", buttons=welcome_buttons(ctx))


async def show_consent(ctx: Context) -> None:
    """The full consent note (详细说明): what we collect, who sees it, why."""
    ctx.say("consent.note", buttons=[[ctx.button("welcome.agree", "k:yes"),
                                      ctx.button("welcome.disagree", "k:no")]])


async def current_official(ctx: Context) -> OfficialRecord | None:
    """The official behind this chat's sender, if any."""
    return await official_repo.by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)


async def is_official(ctx: Context) -> bool:
    """Officials are staff, not residents: their home is their own menu, without the
    resident's consent note about household data."""
    return await current_official(ctx) is not None


async def show_menu(ctx: Context) -> None:
    """The main menu: an official's (inbox, found on a visit, …) or the resident's."""
    if await is_official(ctx):
        from handlers.officials import show_official_menu  # that module imports this one

        await show_official_menu(ctx)
        return
    ctx.say("menu.title", buttons=[
        [ctx.button("menu.report", "m:report")],
        [ctx.button("menu.neighbour", "m:neighbour")],
        [ctx.button("menu.status", "m:status")],
        [ctx.button("menu.official", "m:official")],
    ])


async def require_consent(ctx: Context, then: str | None = None) -> bool:
    """True when the user has agreed; otherwise explains and asks for consent — and, with
    `then`, opens that journey once they agree, so what they asked for is not lost."""
    if ctx.conv.consent_at is not None:
        return True
    if then in STARTS and not in_flow(ctx):
        ctx.conv.draft = {"after_consent": then}
    remind_consent(ctx)
    return False


async def show_home(ctx: Context) -> None:
    """Where a person lands with no question open: their menu; a newcomer, the short line."""
    if ctx.conv.consent_at is None and not await is_official(ctx):
        remind_consent(ctx)
    else:
        await show_menu(ctx)


def clear_flow(ctx: Context) -> None:
    ctx.conv.step = None
    ctx.conv.draft = {}


@router.command("start")
async def start_command(ctx: Context) -> None:
    """/start: the one start screen for a newcomer, the menu for others; mid-flow, offer to
    continue or start over. "/start CODE" is a link: an official's invite
    (t.me/<bot>?start=CODE), or a household confirming a filing made on its behalf — both
    skip the start screen."""
    code = ctx.event.args.strip()
    opener = LINKS_BY_PREFIX.get(code[:3]) if len(code) > INVITE_CODE_LENGTH else None
    if opener is not None:
        await opener(ctx, code)
        return
    if code:
        from handlers.officials import join  # officials import this module's menus

        await join(ctx, ctx.event.args)
        return
    if in_flow(ctx):
        offer_resume(ctx)
        return
    if ctx.conv.consent_at is None and not await is_official(ctx):
        await show_welcome(ctx)
    else:
        await show_menu(ctx)


@router.button("r")
async def resume_or_restart(ctx: Context) -> None:
    """The answer to "continue or start over?"."""
    if ctx.pressed.word("what") == "continue" and in_flow(ctx):
        ctx.edit_or_send(ctx.t("start.continuing"))
        await ctx.ask_again()
        return
    clear_flow(ctx)
    ctx.edit_or_send(ctx.t("start.restarted"))
    then = ctx.pressed.word("then")
    if then in STARTS:
        await STARTS[then](ctx)
    else:
        await show_home(ctx)


@router.command("lang")
async def lang_command(ctx: Context) -> None:
    """/lang: offer 中文 / English."""
    ctx.say("lang.choose", buttons=language_buttons())


@router.button("l")
async def choose_language(ctx: Context) -> None:
    """Keep the chosen language and carry on where the user was."""
    if ctx.value not in ("zh", "en"):
        ctx.say("err.button_invalid")
        return
    ctx.conv.lang = ctx.value
    if ctx.conv.consent_at is None and not in_flow(ctx) and not await is_official(ctx):
        # The start screen's language button: the same screen, now in that language.
        ctx.edit_or_send(ctx.t("welcome.start", name=ctx.event.sender.first_name
                               or ctx.t("welcome.friend")), welcome_buttons(ctx))
        return
    ctx.edit_or_send(ctx.t("lang.chosen"))
    if in_flow(ctx):
        await ctx.ask_again()
    else:
        await show_home(ctx)


@router.button("k")
async def consent_choice(ctx: Context) -> None:
    """Agree stores the time of consent; Disagree stores nothing and says what that means."""
    if ctx.value == "yes":
        if ctx.conv.consent_at is None:
            ctx.conv.consent_at = ctx.now
        # Kept from now on, so messages the outbox sends later (receipts, notices) are in the
        # language this chat reads, not the default, even if it never pressed 中文 / English.
        ctx.conv.lang = ctx.lang
        ctx.edit_or_send(ctx.t("consent.thanks"))
        then = ctx.conv.draft.get("after_consent") if not in_flow(ctx) else None
        if then in STARTS:
            ctx.conv.draft = {}
            await STARTS[then](ctx)
        else:
            await show_menu(ctx)
    elif ctx.value == "no":
        # Nothing kept but the language the person reads (so /start comes in it next time).
        ctx.conv.lang = ctx.lang
        ctx.conv.draft = {} if not in_flow(ctx) else ctx.conv.draft
        ctx.edit_or_send(ctx.t("welcome.declined"))
    elif ctx.value == "details":
        await show_consent(ctx)
    else:
        ctx.say("err.button_invalid")


@router.command("help")
async def help_command(ctx: Context) -> None:
    """/help: what the bot does and its commands; then back to the open question."""
    ctx.say("help.text")
    if in_flow(ctx):
        await ctx.ask_again()
    else:
        await show_home(ctx)


async def cancel(ctx: Context) -> None:
    """/cancel or the Cancel button: drop the draft and say so."""
    if in_flow(ctx):
        clear_flow(ctx)
        ctx.say("cancel.done", keyboard=RequestKeyboard("remove"))
    else:
        ctx.say("cancel.nothing")
    if ctx.conv.consent_at is not None or await is_official(ctx):
        await show_menu(ctx)


router.command("cancel")(cancel)


@router.button("x")
async def cancel_button(ctx: Context) -> None:
    """The Cancel button under any question."""
    if ctx.event.data != CANCEL_DATA:
        ctx.say("err.button_invalid")
        return
    if in_flow(ctx) and ctx.event.message_id:
        ctx.edit_or_send(ctx.t("cancel.pressed"))
    await cancel(ctx)


async def fallback(ctx: Context) -> None:
    """Anything outside a flow: a newcomer hears one short line (and the choices), others
    the menu."""
    if ctx.conv.consent_at is None and not await is_official(ctx):
        remind_consent(ctx)
        return
    ctx.say("err.not_understood")
    await show_menu(ctx)


router.fallback = fallback
router.home = show_home
