"""我的农户: an official browses the household register (建档立卡) of their own villages.

/households [NAME or 组] or the menu's button lists them, paged, by village, group and name;
"🔍" asks for a name or a group. A household shows its register class, open case, last visit
and what is due next, with "record a visit" (the /found flow, pre-filled from the register)
and "open the case" (the case card). Lists and cards never show a phone or an ID number.

Buttons: "hl:<search>:<page>" a list page, "hv:<household>[:<search>:<page>]" a household,
"hf:<household>" its visit, "hq:list" the list from the officials' menu, "hq:search" the
question. A household is named by its short id
(storage.households.short_id_of); the rights are checked again at every press. A search's
text stays in the chat's (sealed) draft under a random search id: a page button of an older
search, or of one a later flow replaced, is answered "expired" with the whole list.
"""

from __future__ import annotations

import secrets

from cases.households import QUERY_MAX, search_of, villages_of
from chat.replies import Button
from handlers.case_card import local_time, official_name
from handlers.common import current_official, offer_resume
from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.officer_found import villages_in_scope
from handlers.refusals import refused
from handlers.router import Router
from handlers.validate import clean_text, has_words
from storage import household_listing as listing
from storage import households as household_repo
from storage.households import Household
from storage.officials import OfficialRecord

router = Router()

PAGE_SIZE = 8
QUERY_STEP = "hh.query"
STATE = "households"  # draft key: {"q": the search's text, "n": its id}


async def official_or_refuse(ctx: Context, action: str) -> OfficialRecord | None:
    official = await current_official(ctx)
    if official is None:
        await refused(ctx, action, "not_official")
        if ctx.event.kind == "button":
            ctx.toast("off.only")
        ctx.say("off.only")
    return official


def place(ctx: Context, village_code: str, group: str | None) -> str:
    village = ctx.services.divisions.name_of(village_code)
    return f"{village} {group}" if group else village


def show(ctx: Context, text: str, buttons: list[list[Button]]) -> None:
    """A press replaces the list or card it sits on; a command, a typed search or a menu's
    button ("hq:list", the menu stays) sends anew."""
    if ctx.event.kind == "button" and ctx.pressed.prefix != "hq":
        ctx.edit_or_send(text, buttons)
    else:
        ctx.send(text, buttons)


# --- the list -----------------------------------------------------------------------------

async def show_list(ctx: Context, official: OfficialRecord, *, query: str = "",
                    search_id: int = 0, page: int = 0) -> None:
    villages = villages_of(official, ctx.services.divisions)
    search = search_of(query)
    page = max(page, 0)
    listed, total = await listing.page(ctx.tx, villages=villages.codes, text=search.text,
                                       groups=search.groups, limit=PAGE_SIZE,
                                       offset=page * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if not listed and page >= pages:  # the register shrank since the button was sent
        page = pages - 1
        listed, total = await listing.page(ctx.tx, villages=villages.codes, text=search.text,
                                           groups=search.groups, limit=PAGE_SIZE,
                                           offset=page * PAGE_SIZE)
    tools = [ctx.button("hh.btn_search", "hq:search")]
    if search.text:
        tools.append(ctx.button("hh.btn_all", "hl:0:0"))
    if total == 0:
        if search.text:
            show(ctx, ctx.t("hh.none_found", query=search.text), [tools])
        else:
            show(ctx, ctx.t("hh.empty"), [])
        return
    cases = await listing.open_cases(ctx.tx, listed)
    now = ctx.now
    title = (ctx.t("hh.title_search", query=search.text, total=total, page=page + 1, pages=pages)
             if search.text else ctx.t("hh.title", total=total, page=page + 1, pages=pages))
    lines, opens = [title], []
    for n, household in enumerate(listed, start=page * PAGE_SIZE + 1):
        case = cases.get(household.household_id)
        mark = ""
        if case is not None:
            mark = ctx.t("hh.line_case", stage=ctx.t(f"stage.{case.stage}"))
            if case.due_at is not None and case.due_at <= now:
                mark += ctx.t("hh.line_overdue")
        lines.append(ctx.t("hh.line", n=n, name=household.head_name,
                           place=place(ctx, household.village_code, household.group_name),
                           **{"class": ctx.t(f"register.{household.category}")}, case=mark))
        opens.append(Button(ctx.t("hh.open", n=n, name=household.head_name),
                            f"hv:{household.short_id}:{search_id}:{page}"))
    rows = [opens[i:i + 2] for i in range(0, len(opens), 2)]
    nav = []
    if page > 0:
        nav.append(ctx.button("btn.prev_page", f"hl:{search_id}:{page - 1}"))
    if page + 1 < pages:
        nav.append(ctx.button("btn.next_page", f"hl:{search_id}:{page + 1}"))
    if nav:
        rows.append(nav)
    rows.append(tools)
    show(ctx, "\n".join(lines), rows)


async def search_for(ctx: Context, official: OfficialRecord, query: str) -> None:
    """A new search: its text kept (sealed) in the draft, under a new id for its buttons."""
    search_id = secrets.randbelow(2**31 - 2) + 1
    ctx.draft[STATE] = {"q": query, "n": search_id}
    await show_list(ctx, official, query=query, search_id=search_id)


def search_text(ctx: Context, search_id: int) -> str | None:
    """The text of the search a button belongs to; None when that search is gone."""
    state = ctx.draft.get(STATE)
    if search_id == 0:
        return ""
    if isinstance(state, dict) and state.get("n") == search_id:
        return str(state.get("q") or "")
    return None


@router.command("households")
async def households_command(ctx: Context) -> None:
    """/households, or /households 王 (a name) or /households 3组 (a group)."""
    official = await official_or_refuse(ctx, "/households")
    if official is not None:
        query = clean_text(ctx.event.args)
        if not query:
            await show_list(ctx, official)
        elif len(query) > QUERY_MAX or not has_words(query):
            ctx.say("hh.err_query", max=QUERY_MAX)
        else:
            await search_for(ctx, official, query)
    if ctx.conv.step:
        await ctx.ask_again()


@router.button("hl")
async def list_page(ctx: Context) -> None:
    official = await official_or_refuse(ctx, "/households")
    if official is None:
        return
    query = search_text(ctx, ctx.pressed.number("search"))
    if query is None:
        ctx.toast("hh.search_stale")
        ctx.say("hh.search_stale")
        await show_list(ctx, official)
        return
    await show_list(ctx, official, query=query, search_id=ctx.pressed.number("search"),
                    page=ctx.pressed.number("page"))


# --- searching ----------------------------------------------------------------------------

async def ask_query(ctx: Context) -> None:
    ctx.say("hh.ask_query", buttons=[cancel_row(ctx)])


@router.button("hq")
async def menu_or_search_button(ctx: Context) -> None:
    if ctx.pressed.word("what") == "list":
        official = await official_or_refuse(ctx, "/households")
        if official is not None:
            await show_list(ctx, official)
        return
    if ctx.conv.step and ctx.conv.step != QUERY_STEP:
        offer_resume(ctx)
        return
    if await official_or_refuse(ctx, "/households") is None:
        return
    ctx.conv.draft = {"flow": "households"}
    ctx.go(QUERY_STEP)
    await ask_query(ctx)


@router.step(QUERY_STEP, ask_query)
async def process_query(ctx: Context) -> None:
    """A name (or part of one) or a group; anything else (a sticker, a page of text) is
    explained and asked again."""
    query = clean_text(ctx.event.text) if ctx.event.kind == "text" else ""
    if not has_words(query) or len(query) > QUERY_MAX:
        ctx.say("hh.err_query", max=QUERY_MAX)
        await ask_query(ctx)
        return
    ctx.go(None)
    ctx.conv.draft = {}
    official = await official_or_refuse(ctx, "/households")
    if official is not None:
        await search_for(ctx, official, query)


# --- one household ------------------------------------------------------------------------

async def household_in_scope(ctx: Context, official: OfficialRecord, short_id: int,
                             action: str) -> Household | None:
    """The household a button names, if it is in the official's villages; else refused."""
    household = await household_repo.by_short_id(ctx.tx, short_id)
    if household is None:  # removed from the register, or a number no button ever carried
        ctx.toast("hh.not_found")
        ctx.say("hh.not_found")
        return None
    if not villages_of(official, ctx.services.divisions).covers(household.village_code):
        await refused(ctx, action, "out_of_scope", official=official)
        ctx.toast("hh.out_of_scope")
        ctx.say("hh.out_of_scope")
        return None
    return household


def _listed(household: Household) -> listing.Listed:
    return listing.Listed(household.household_id, household.short_id or 0,
                          household.village_code, household.group_name, household.head_name,
                          household.members, household.category, household.id_number_hash)


async def household_card(ctx: Context, household: Household
                         ) -> tuple[str, listing.OpenCase | None]:
    """The card's text, and the household's open case (for its button)."""
    listed = _listed(household)
    case = (await listing.open_cases(ctx.tx, [listed])).get(household.household_id)
    visit = await listing.last_visit(ctx.tx, listed)
    due = ctx.t("hh.no_due")
    if case is not None and case.due_at is not None and case.due_step:
        key = "hh.due_overdue" if case.due_at <= ctx.now else "hh.due"
        due = ctx.t(key, step=ctx.t(f"due.step.{case.due_step}"),
                    at=local_time(ctx.services, case.due_at))
    return ctx.t(
        "hh.card", name=household.head_name, hid=household.household_id,
        place=place(ctx, household.village_code, household.group_name),
        members=household.members, **{"class": ctx.t(f"register.{household.category}")},
        case=ctx.t("hh.card_case", ref=case.ref, stage=ctx.t(f"stage.{case.stage}"))
        if case else ctx.t("hh.no_case"),
        visit=ctx.t("hh.visit", at=local_time(ctx.services, visit.at),
                    who=await official_name(ctx.tx, visit.official_id) or "?")
        if visit else ctx.t("hh.no_visit"),
        due=due), case


@router.button("hv")
async def household_button(ctx: Context) -> None:
    pressed = ctx.pressed
    official = await official_or_refuse(ctx, "household")
    if official is None:
        return
    household = await household_in_scope(ctx, official, pressed.number("household"), "household")
    if household is None:
        return
    text, case = await household_card(ctx, household)
    first = [ctx.button("hh.btn_visit", f"hf:{household.short_id}")]
    if case is not None:
        first.append(ctx.button("hh.btn_case", f"cv:{case.id}"))
    search = int(pressed.values.get("search", 0))
    page = int(pressed.values.get("page", 0))
    show(ctx, text, [first, [ctx.button("hh.btn_back", f"hl:{search}:{page}")]])


@router.button("hf")
async def record_visit(ctx: Context) -> None:
    """Record a visit: the /found flow with the village, head, ID number and size from the
    register, starting at the risks; the case it opens (or the open case it joins) is linked
    to the household."""
    if ctx.conv.step:
        offer_resume(ctx)
        return
    official = await official_or_refuse(ctx, "/found")
    if official is None:
        return
    household = await household_in_scope(ctx, official, ctx.pressed.number("household"), "/found")
    if household is None:
        return
    if household.village_code not in {code for _, code in await villages_in_scope(ctx) or []}:
        # In scope by role, yet not a village of the division register (a stale register).
        await refused(ctx, "/found", "out_of_scope", official=official)
        ctx.say("hh.out_of_scope")
        return
    draft: dict[str, object] = {
        "flow": "found", "village": household.village_code, "name": household.head_name,
        "size": household.members, "household": household.household_id}
    id_number = ctx.services.cases.cipher.decrypt(household.id_number_enc)
    if id_number:
        draft["idnum"] = id_number  # the draft is sealed at rest; the summary masks it
    ctx.conv.draft = draft
    ctx.say("hh.visit_for", name=household.head_name,
            place=place(ctx, household.village_code, household.group_name))
    ctx.go("of.risks")
    await ctx.ask_again()
