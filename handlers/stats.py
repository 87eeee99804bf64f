"""/stats [YEAR]: the year's figures for town leads (their town) and district admins (everything).

The text shows the district or town level in pages under Telegram's limit; village tables go
into the chart (📊) and, for district admins, the XLSX workbook (📥). District admins also get
the case list (📋) as XLSX, ID numbers masked as `python -m bot export cases` does by default;
it goes through the outbox and is built outside any transaction, so a large one holds up no one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from cases.deliveries import queue_drawn
from cases.divisions import DivisionRegister
from cases.statistics import Scope, Statistics, scope_for, scope_name
from cases.stats_query import yearly_statistics
from chat.live import Deferred, LiveRender
from chat.replies import Document, Message, Photo, Text
from handlers.context import Context
from handlers.refusals import refused
from handlers.router import Router
from handlers.services import Services
from handlers.stats_view import pages, summary_lines
from storage import officials as official_repo
from storage.case_export import export_cases_in_pages
from storage.db import Tx
from storage.officials import by_user

router = Router()

FIRST_YEAR = 2014  # 建档立卡: the register's figures start here


async def _grants(ctx: Context) -> list[tuple[str, str]]:
    """(role, division) pairs the sender holds as an active official; none for residents."""
    official = await by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    return [(g.role, g.division_code) for g in official.roles] if official else []


def _district_scope(register: DivisionRegister, code: str) -> Scope:
    """A district admin's figures: everything, or their district in a register of several."""
    division = register.get(code)
    return scope_for(register, code) if division and division.level == "district" else Scope()


async def allowed_scopes(ctx: Context) -> tuple[list[Scope], bool]:
    """The scopes this user may see, and whether they are a district admin."""
    grants = await _grants(ctx)
    districts = [code for role, code in grants if role == "district_admin"]
    if districts:  # the whole register when it holds one district; else their districts
        register = ctx.services.divisions
        return list(dict.fromkeys(_district_scope(register, code) for code in districts)), True
    towns = sorted({division for role, division in grants if role == "town_lead"})
    return [Scope("town", code) for code in towns], False


def parse_year(ctx: Context, raw: str) -> int | None:
    """The year asked for (this year in the programme's zone when none is given)."""
    this_year = ctx.services.programme.local(ctx.now).year
    if not raw.strip():
        return this_year
    text = raw.strip().rstrip("年")
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= this_year:
        return None
    return int(text)


async def compute(ctx: Context, year: int, scope: Scope) -> Statistics:
    services = ctx.services
    return await yearly_statistics(ctx.tx, year=year, scope=scope, register=services.divisions,
                                   tz=services.programme.timezone, now=ctx.now)


async def refuse_stats(ctx: Context, action: str) -> None:
    """Audited: an official without a town or the district, or anyone else."""
    official = await by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    await refused(ctx, action, "not_permitted" if official else "not_official", official=official)


async def show_stats(ctx: Context) -> None:
    """Answer /stats with the figures of each scope the user holds, paged."""
    scopes, admin = await allowed_scopes(ctx)
    if not scopes:
        await refuse_stats(ctx, "/stats")
        ctx.say("stats.not_allowed")
    else:
        year = parse_year(ctx, ctx.event.args)
        if year is None:
            this_year = ctx.services.programme.local(ctx.now).year
            ctx.say("stats.bad_year", first=FIRST_YEAR, last=this_year)
        else:
            for scope in scopes:
                await _send_figures(ctx, year, scope, admin)
    if ctx.conv.step:
        await ctx.ask_again()


async def _send_figures(ctx: Context, year: int, scope: Scope, admin: bool) -> None:
    if scope.code and ctx.services.divisions.get(scope.code) is None:
        ctx.say("stats.unknown_town")
        return
    stats = await compute(ctx, year, scope)
    tz = ctx.services.programme.timezone
    lines = summary_lines(ctx.t, stats, tz, with_towns=scope.level == "district")
    lines += ["", ctx.t("stats.villages_hint" if admin else "stats.villages_hint_town")]
    code = scope.code or "-"
    rows = [[ctx.button("stats.btn_chart", f"stats:chart:{year}:{code}")]]
    if admin:
        rows[0].append(ctx.button("stats.btn_xlsx", f"stats:xlsx:{year}:{code}"))
        rows.append([ctx.button("stats.btn_cases", f"stats:cases:{year}:{code}")])
    texts = pages(lines)
    for index, text in enumerate(texts):
        ctx.send(text, rows if index == len(texts) - 1 else None)


ADMIN_FILES = ("xlsx", "cases")  # the figures workbook and the case list: district admins only


async def send_file(ctx: Context) -> None:
    """📊 / 📥 / 📋 pressed: make the chart, workbook or case list, checking rights again."""
    pressed = ctx.pressed
    kind, year_text, code = pressed.word("kind"), pressed.word("year"), pressed.word("scope")
    scopes, admin = await allowed_scopes(ctx)
    action = f"stats:{kind}"[:48]
    if scopes and not admin and kind in ADMIN_FILES:
        # A town lead pressing (or forging) an admin's button: say what it is for.
        await refuse_stats(ctx, action)
        ctx.toast("stats.admin_only")
        ctx.say("stats.admin_only")
        return
    scope = next((s for s in scopes if (s.code or "-") == code), None)
    year = parse_year(ctx, year_text) if year_text else None
    if scope is None or year is None or kind not in ("chart", *ADMIN_FILES):
        if scope is None:  # not their town (a bad year or kind is no refusal)
            await refuse_stats(ctx, action)
        ctx.toast("stats.not_allowed")
        ctx.say("stats.not_allowed")
        return
    reports = ctx.services.reports
    if reports is None:
        ctx.say("stats.no_reports")
        return
    if kind == "cases":
        await _queue_case_list(ctx, scope)
        return
    stats = await compute(ctx, year, scope)
    if kind == "chart":
        png = await asyncio.to_thread(reports.chart_png, stats, ctx.t)
        ctx.replies.append(Photo(ctx.t("stats.chart_caption", scope=stats.scope_name, year=year),
                                 image=png, filename=f"stats-{year}.png"))
    else:
        data = await asyncio.to_thread(reports.stats_xlsx, stats, ctx.t)
        ctx.replies.append(Document(ctx.t("stats.xlsx_caption", scope=stats.scope_name, year=year),
                                    data, f"stats-{year}-{code}.xlsx"))


async def _queue_case_list(ctx: Context, scope: Scope) -> None:
    """The case list can take many seconds to build for a large district: it goes through the
    outbox and is built after the dispatcher's transaction, so nobody else waits for it."""
    await queue_drawn(ctx.tx, channel=ctx.event.channel, chat_id=ctx.event.chat_id,
                      key=CASE_LIST_KEY, params={"scope": scope.code or ""}, now=ctx.now)
    ctx.toast("stats.cases_coming")
    ctx.say("stats.cases_coming")


CASE_LIST_KEY = "stats.case_list"


def live_case_list(services: Services) -> LiveRender:
    """The outbox renderer for the case list: rights checked again at send time; the rows
    are read in short transactions and the workbook built in a thread, after the
    dispatcher's transaction and while it sends everyone else's messages (Deferred)."""

    async def render(tx: Tx, channel: str, chat_id: str, params: dict[str, Any], lang: str
                     ) -> Message | Deferred | None:
        viewer = await official_repo.by_chat(tx, channel, chat_id)
        if viewer is None or not any(g.role == "district_admin" for g in viewer.roles):
            return None  # no longer a district admin: the list is not sent
        reports = services.reports
        if reports is None:
            return Text(services.catalogue.text("stats.no_reports", lang))
        code = str(params.get("scope") or "")
        division = services.divisions.get(code) if code else None
        scope = (_district_scope(services.divisions, code)
                 if division is not None and division.level == "district"
                 else Scope("town", code) if code else Scope())

        def t(key: str, **values: Any) -> str:
            return services.catalogue.text(key, lang, **values)

        shown_scope = scope_name(scope, services.divisions)
        day = services.programme.local(services.clock.now()).strftime("%Y%m%d")

        async def build() -> Message:
            rows = await export_cases_in_pages(services.engine, services.cases.cipher, scope)
            data = await asyncio.to_thread(reports.cases_xlsx, rows, t,
                                           tz=services.programme.timezone,
                                           division_name=services.divisions.name_of)
            return Document(t("stats.cases_caption", scope=shown_scope, cases=len(rows)),
                            data, f"cases-{code or 'district'}-{day}.xlsx")

        return Deferred(build)

    return render


router.command("stats")(show_stats)
router.button("stats")(send_file)
