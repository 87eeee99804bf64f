"""Filing on someone's behalf (代为申报), and the household's answer.

A person starting a declaration may say "I am filing for a family member or someone I help"
(a button on the first question): their relation and their own name come first — they are
told the household will see both — then the same questions as a self-declaration, about the
household (its head's name and its own phone). The filing opens the household's own case
(cases/proxy.py) and gives the filer a one-time link for the household.

The household confirms or declines: by opening the link, by /confirm with its own shared
contact (matched on the phone's keyed hash), or the officer confirms on the first visit (a
button on the case card).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from cases import abuse, duplicates, proxy
from cases.jurisdiction import can_see
from chat.replies import Button, RequestKeyboard
from handlers.common import (
    LINKS_BY_PREFIX,
    cancel,
    current_official,
    in_flow,
    offer_resume,
    show_home,
    show_menu,
)
from handlers.context import Context
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row
from handlers.proxy_card import officer_may_confirm
from handlers.refusals import refused
from handlers.report_steps import phone_answer, typed_cancel
from handlers.router import Router, step_data
from handlers.summary import report_summary
from handlers.urgent_reason import with_urgent_reason
from handlers.validate import clean_text, valid_name
from storage.cases import NewCase
from storage.proxy import ProxyFiling
from storage.reports import NewReport

router = Router()

START_NS = "pf"  # "pf:start": switch the declaration just begun to filing for someone
ANSWER_NS = "pc"  # "pc:<yes|no|all|limited>:<filing>": the household's answers
OFFICER_NS = "po"  # "po:<case>": the officer confirms with the household on the visit
OFFER = "proxy_offer"  # the draft key naming the filing this chat was asked to confirm


def filing_for_someone(ctx: Context) -> bool:
    return ctx.draft.get("flow") == "proxy"


def relation_label(ctx: Context, relation: str) -> str:
    return ctx.t(f"pf.relation.{relation}")


# --- the filer's questions ------------------------------------------------------------

def with_proxy_choice(ctx: Context, rows: list[list[Button]]) -> list[list[Button]]:
    """The first question of a self-declaration also offers filing for someone else."""
    if ctx.draft.get("flow") != "self" or ctx.draft.get("editing"):
        return rows
    return [*rows[:-1], [ctx.button("pf.start", f"{START_NS}:start")], *rows[-1:]]


@router.button(START_NS)
async def switch_to_proxy(ctx: Context) -> None:
    """"I am filing for someone": only from the first question of a self-declaration."""
    if ctx.conv.step != "sr.town" or ctx.draft.get("flow") != "self":
        ctx.toast("err.button_stale")
        ctx.say("err.button_stale")
        await ctx.ask_again()
        return
    if await current_official(ctx) is not None:
        ctx.say("pf.official_use_found")  # staff record what they find with /found
        await ctx.ask_again()
        return
    ctx.draft.update(flow="proxy", page=0)
    ctx.go("pf.relation")
    await ask_relation(ctx)


async def ask_relation(ctx: Context) -> None:
    buttons = [Button(relation_label(ctx, r), step_data("pf.relation", r))
               for r in proxy.RELATIONS]
    ctx.say("pf.ask_relation", buttons=[buttons[:2], buttons[2:], cancel_row(ctx)])


@router.step("pf.relation", ask_relation)
async def process_relation(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in proxy.RELATIONS:
        ctx.say("err.use_buttons")
        await ask_relation(ctx)
        return
    ctx.draft["relation"] = ctx.value
    ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("pf.ask_relation"),
                           value=relation_label(ctx, ctx.value)))
    ctx.go("pf.filer")
    await ask_filer(ctx)


async def ask_filer(ctx: Context) -> None:
    ctx.say("pf.ask_filer_name", buttons=[cancel_row(ctx)])


@router.step("pf.filer", ask_filer)
async def process_filer(ctx: Context) -> None:
    """The filer's own name: the household will see it, and is told so now."""
    name = valid_name(ctx.event.text) if ctx.event.kind == "text" else None
    if name is None:
        too_long = ctx.event.kind == "text" and len(clean_text(ctx.event.text)) > 40
        ctx.say("sr.err_name_long" if too_long else "sr.err_name")
        await ask_filer(ctx)
        return
    ctx.draft["filer"] = name
    ctx.say("pf.household_sees", name=name, relation=relation_label(ctx, ctx.draft["relation"]))
    ctx.go("sr.town")
    await ctx.ask_again()


async def ask_household_phone(ctx: Context) -> None:
    """The household's own phone: typed, or a contact card of theirs (never the filer's)."""
    ctx.say("pf.ask_phone", buttons=[cancel_row(ctx)], keyboard=RequestKeyboard("remove"))


def own_contact(ctx: Context) -> bool:
    """A shared contact that is the sender's own (Telegram says whose account it belongs to)."""
    event = ctx.event
    return event.contact_user_id is not None and \
        str(event.contact_user_id) == str(event.sender.user_id)


def household_phone(ctx: Context) -> tuple[str | None, str | None]:
    """(phone, None), or (None, the error to say)."""
    event = ctx.event
    if event.kind == "contact" and own_contact(ctx):
        return None, "pf.err_own_phone"
    if event.kind not in ("contact", "text") or typed_cancel(ctx):
        return None, "sr.err_phone_kind"
    phone = phone_answer(ctx)
    return (phone, None) if phone else (None, "sr.err_phone")


def summary(ctx: Context) -> str:
    """The self-declaration's summary, with who files it when filing for someone."""
    text = report_summary(ctx)
    if not filing_for_someone(ctx):
        return text
    title, _, rest = text.partition("\n")
    filer = ctx.t("pf.summary_filer", name=ctx.draft.get("filer", ""),
                  relation=relation_label(ctx, ctx.draft.get("relation", "other")))
    return f"{title}\n{filer}\n{rest}"


async def submit(ctx: Context, restart: Callable[[Context], Awaitable[None]]) -> None:
    """Check the filer's limits, open the household's case, hand the filer the link."""
    d, services, event = ctx.draft, ctx.services, ctx.event
    village = services.divisions.get(d["village"])
    town = services.divisions.town_of(d["village"])
    if village is None or town is None:
        await restart(ctx)
        return
    cipher, programme = services.cases.cipher, services.programme
    described = with_urgent_reason(ctx, d.get("desc"))  # read before the draft is cleared
    filer = proxy.filer_hash(cipher, event.channel, event.sender.user_id)
    new = NewCase(source="self", village_code=village.code, town_code=town.code,
                  head_name=d["name"], phone=d["phone"], people=d["size"], risk_types=d["risks"],
                  description=described, media=d.get("media", []),
                  urgent=bool(d.get("urgent")), reported_at=ctx.now,
                  reporter_channel=event.channel, reporter_chat_id=event.chat_id,
                  reporter_lang=ctx.lang)
    match = await duplicates.find(ctx.tx, cipher, new)
    keys = duplicates.household_keys(cipher, match.new)
    refusal = await abuse.check(ctx.tx, reporter=filer, household_keys=keys,
                                case_id=match.open_case_id, programme=programme, now=ctx.now,
                                limit=programme.neighbour_daily_limit)
    ctx.conv.draft = {}
    ctx.go(None)
    if refusal is not None:
        ctx.say("pf.limit_daily" if refusal == "daily_limit" else "pf.limit_same",
                limit=programme.neighbour_daily_limit)
        await show_menu(ctx)
        return
    report = NewReport(source="self", at=ctx.now, risk_types=d["risks"],
                       description=described, media=d.get("media", []),
                       reporter_hash=filer, household_key=keys[0] if keys else None,
                       notify_channel=event.channel, notify_chat_id=event.chat_id,
                       notify_lang=ctx.lang)
    filed = await proxy.file(ctx.tx, desk_of(services), new=new, report=report,
                             relation=d["relation"], filer_name=d["filer"], filer=filer,
                             now=ctx.now)
    ctx.edit_or_send(ctx.t("sr.submitted_short"))
    case = filed.intake.case
    if filed.code is None:  # the household already has an open case: the report joined it
        ctx.say("sr.submitted_merged", ref=case.ref, village=village.name)
    else:
        deadlines = programme.deadlines
        within = deadlines.accept_urgent if case.urgent else deadlines.accept
        ctx.say("pf.submitted", ref=case.ref, village=village.name,
                hours=int(within.total_seconds() // 3600), link=link_of(ctx, filed.code),
                days=proxy.LINK_VALID.days)
    await show_menu(ctx)


def link_of(ctx: Context, code: str) -> str:
    """t.me/<bot>?start=<code>; without a known bot name, the command to send."""
    bot = ctx.services.bot_username
    return f"https://t.me/{bot}?start={code}" if bot else f"/start {code}"


# --- the household's answer --------------------------------------------------------------

async def offer(ctx: Context, filing: ProxyFiling, via: str) -> None:
    """Ask the household whether it agreed to the filing; the answer buttons work only in
    this chat (the offer is kept in its state, so a forged button confirms nothing)."""
    case = await ctx.services.cases.by_id(ctx.tx, filing.case_id)
    if case is None:
        ctx.say("pf.link_unknown")
        return
    if (case.reporter_channel, case.reporter_chat_id) == (ctx.event.channel, ctx.event.chat_id):
        # The filer's own chat (their link, or their own phone given as the household's):
        # only the household may confirm.
        ctx.say("pf.link_own")
        await show_home(ctx)
        return
    ctx.draft[OFFER] = {"id": filing.id, "via": via}
    village = ctx.services.divisions.get(case.village_code)
    ctx.say("pf.confirm_ask", name=filing.filer_name or "?",
            relation=relation_label(ctx, filing.relation), ref=case.ref,
            village=village.name if village else case.village_code,
            buttons=[[ctx.button("pf.btn_yes", f"{ANSWER_NS}:yes:{filing.id}")],
                     [ctx.button("pf.btn_no", f"{ANSWER_NS}:no:{filing.id}")]])


async def open_link(ctx: Context, code: str) -> None:
    """"/start pf-…": the household opened the link the filer passed on."""
    cipher = ctx.services.cases.cipher
    filing, why = await proxy.by_link(ctx.tx, cipher, code, ctx.now)
    if filing is None:
        ctx.say("pf.link_expired" if why == "expired" else "pf.link_unknown",
                days=proxy.LINK_VALID.days)
        await show_home(ctx)
        return
    await offer(ctx, filing, "link")


LINKS_BY_PREFIX[proxy.LINK_PREFIX] = open_link


async def ask_contact(ctx: Context) -> None:
    ctx.say("pf.ask_contact", keyboard=RequestKeyboard(
        "contact", ctx.t("btn.share_phone"), ctx.t("btn.cancel")))


@router.command("confirm")
async def confirm_command(ctx: Context) -> None:
    """/confirm: a household checks, by its own phone, whether someone filed for it."""
    if in_flow(ctx):
        offer_resume(ctx)
        return
    ctx.go("pf.contact")
    await ask_contact(ctx)


@router.step("pf.contact", ask_contact)
async def process_contact(ctx: Context) -> None:
    """Only the sender's own contact counts: it proves the phone is theirs."""
    event = ctx.event
    if typed_cancel(ctx):
        await cancel(ctx)
        return
    if event.kind != "contact" or not event.phone:
        ctx.say("pf.err_contact_kind")
        await ask_contact(ctx)
        return
    if not own_contact(ctx):
        ctx.say("pf.err_not_own")
        await ask_contact(ctx)
        return
    phone = phone_answer(ctx)
    ctx.go(None)
    filings = await proxy.pending_for_phone(ctx.tx, ctx.services.cases.cipher, phone or "")
    ctx.say("pf.contact_checked", keyboard=RequestKeyboard("remove"))  # compared, not kept
    if not filings:
        ctx.say("pf.contact_none")
        await show_home(ctx)
        return
    if len(filings) == 1:
        await offer(ctx, filings[0], "contact")
        return
    # Several people filed for this phone: the household sees each and answers one at a time.
    ctx.draft[CHOICES] = [f.id for f in filings[:MAX_CHOICES]]
    ctx.go("pf.pick")
    await ask_pick(ctx)


CHOICES = "proxy_choices"  # the draft key listing the filings /confirm found for this phone
MAX_CHOICES = 10  # more waiting at once for one phone is abuse (cases/abuse.py limits filers)


async def waiting_choices(ctx: Context) -> list[tuple[ProxyFiling, str, str]]:
    """The listed filings still waiting, each with its case's reference and village."""
    out = []
    for filing_id in ctx.draft.get(CHOICES, []):
        filing = await proxy.of_case_by_id(ctx.tx, ctx.services.cases.cipher, int(filing_id))
        case = await ctx.services.cases.by_id(ctx.tx, filing.case_id) if filing else None
        if filing is not None and case is not None and filing.status == "pending":
            village = ctx.services.divisions.get(case.village_code)
            out.append((filing, case.ref, village.name if village else case.village_code))
    return out


async def ask_pick(ctx: Context) -> None:
    choices = await waiting_choices(ctx)
    if not choices:
        ctx.go(None)
        ctx.draft.pop(CHOICES, None)
        ctx.say("pf.contact_none")
        await show_home(ctx)
        return
    lines = "\n".join(ctx.t("pf.pick_line", name=f.filer_name or "?",
                            relation=relation_label(ctx, f.relation), ref=ref, village=village)
                      for f, ref, village in choices)
    ctx.say("pf.pick", n=len(choices), lines=lines, buttons=[
        *([ctx.button("pf.pick_button", step_data("pf.pick", str(f.id)), ref=ref,
                      name=f.filer_name or "?")] for f, ref, _ in choices),
        cancel_row(ctx)])


@router.step("pf.pick", ask_pick)
async def process_pick(ctx: Context) -> None:
    """One of the listed filings, answered like the only one (yes, or no and it is deleted)."""
    if typed_cancel(ctx):
        await cancel(ctx)
        return
    chosen = next((f for f, _, _ in await waiting_choices(ctx)
                   if ctx.event.kind == "button" and str(f.id) == ctx.value), None)
    if chosen is None:
        ctx.say("err.use_buttons")
        await ask_pick(ctx)
        return
    ctx.go(None)
    ctx.draft.pop(CHOICES, None)
    await offer(ctx, chosen, "contact")


@router.button(ANSWER_NS)
async def household_answer(ctx: Context) -> None:
    """Yes (confirm), No (withdraw and delete), then what the filer may see."""
    what, filing_id = ctx.pressed.word("what"), ctx.pressed.number("filing")
    offered = ctx.draft.get(OFFER) or {}
    if offered.get("id") != filing_id:
        ctx.toast("pf.offer_stale")
        ctx.say("pf.offer_stale")
        await show_home(ctx)
        return
    cipher, store = ctx.services.cases.cipher, ctx.services.cases
    filing = await proxy.of_case_by_id(ctx.tx, cipher, filing_id)
    case = await store.by_id(ctx.tx, filing.case_id) if filing else None
    if filing is None or case is None:
        ctx.draft.pop(OFFER, None)
        ctx.say("pf.offer_stale")
        await show_home(ctx)
        return
    if what in ("all", "limited"):
        if filing.status != "confirmed" or (filing.household_channel, filing.household_chat_id) \
                != (ctx.event.channel, ctx.event.chat_id):
            ctx.say("pf.offer_stale")  # only the household that confirmed decides this
            await show_home(ctx)
            return
        ctx.draft.pop(OFFER, None)
        await proxy.let_filer_see_all(ctx.tx, filing, what == "all")
        ctx.edit_or_send(ctx.t(f"pf.share_{what}", name=filing.filer_name or "?"))
        await show_menu(ctx)
        return
    if filing.status != "pending":
        ctx.draft.pop(OFFER, None)
        ctx.say("pf.act_not_now")
        await show_home(ctx)
        return
    if what == "no":
        ctx.draft.pop(OFFER, None)
        await proxy.decline(ctx.tx, store, filing, ctx.now)
        ctx.edit_or_send(ctx.t("pf.declined"))
        await show_home(ctx)
        return
    # Confirming is the household's agreement to the note on the screen it answers.
    if ctx.conv.consent_at is None:
        ctx.conv.consent_at = ctx.now
    ctx.conv.lang = ctx.lang
    await proxy.confirm(ctx.tx, store, filing, via=str(offered.get("via") or "link"),
                        now=ctx.now, channel=ctx.event.channel, chat_id=ctx.event.chat_id,
                        lang=ctx.lang)
    ctx.edit_or_send(ctx.t("pf.confirmed", ref=case.ref))
    ctx.say("pf.ask_share", name=filing.filer_name or "?", buttons=[
        [ctx.button("pf.btn_share_limited", f"{ANSWER_NS}:limited:{filing.id}")],
        [ctx.button("pf.btn_share_all", f"{ANSWER_NS}:all:{filing.id}")]])


# --- the officer, on the first visit -------------------------------------------------------

@router.button(OFFICER_NS)
async def officer_confirms(ctx: Context) -> None:
    """The household confirmed in person, on the visit."""
    official = await current_official(ctx)
    store = ctx.services.cases
    case = await store.by_id(ctx.tx, ctx.pressed.number("case"))
    if official is None or case is None or not can_see(official, case):
        await refused(ctx, "po:confirm", "not_official" if official is None else "out_of_scope",
                      official=official, case_id=ctx.pressed.number("case"))
        ctx.toast("err.button_invalid")
        ctx.say("err.button_invalid")
        return
    filing = await proxy.of_case(ctx.tx, store.cipher, case.id)
    if filing is None or not officer_may_confirm(filing, case, official):
        ctx.toast("pf.act_not_now")
        ctx.say("pf.act_not_now")
        return
    await proxy.confirm(ctx.tx, store, filing, via="officer", now=ctx.now,
                        official_id=official.id)
    ctx.toast("pf.act_confirmed")
    ctx.say("pf.act_confirmed")
