"""What is particular to the web channel: no push (notices wait on the page and count as
delivered when shown, never as outbox backlog), a poster's village offered first, a visitor's
photo and voice note reaching the officer on Telegram as files, and a lost cookie losing
nothing but a draft."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.web.signing import PosterSigner
from storage.tables import cases, outbox
from storage.tables_web import web_messages
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import shown
from tests.support.web import WebBot
from tests.web.conftest import POSTER_KEY
from tests.web.helpers import JPEG, WEBM, web_self_report
from tests.web.residents import WebResident

OFFICER = 9701


async def test_the_officer_sees_and_hears_what_a_visitor_uploaded(web: WebBot, app: App) -> None:
    await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    officer = web.bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    card = officer.wait_for(lambda m: "📎 查看照片/语音" in shown(m), timeout=15)
    async with web.visitor() as visitor:
        await visitor.open()
        assert "NC-2026-000001" in await web_self_report(visitor)
    await card
    files = officer.wait_for(lambda m: m.kind in ("photo", "document"), count=2, edits=False,
                             timeout=20)
    officer.press("📎 查看照片/语音")
    photo, voice = await files
    assert photo.kind == "photo" and photo.file == JPEG  # the bytes, sent as a new upload
    assert voice.kind == "document" and voice.file == WEBM  # a browser's recording, as a file
    assert "NC-2026-000001" in photo.plain and "本人申报" in voice.plain


async def test_notices_wait_on_the_page_and_are_delivered_when_shown(web: WebBot, app: App
                                                                      ) -> None:
    await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    officer = web.bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    card = officer.wait_for(lambda m: "NC-2026-000001" in shown(m), timeout=15)
    async with web.visitor() as visitor:
        await visitor.open()
        await web_self_report(visitor, photo=None, voice=None)
        await card
        since = visitor.changes
        officer.press("✅ 受理")
        await web.bot.settle()
        notice = await visitor.wait_for("NC-2026-000001", since)  # the resident's receipt
        assert notice.id > 0
        async with app.db.begin() as tx:
            rows = (await tx.execute(select(outbox).where(outbox.c.channel == "web"))).all()
            waiting = (await tx.execute(select(web_messages).where(
                web_messages.c.id == notice.id))).one()
        assert rows and all(r.status == "sent" for r in rows)  # handed over: no backlog
        assert waiting.shown_at is None  # fetched, but the page has not said it showed it
        await visitor.fetch()  # the page's next ask says it showed everything so far
        async with app.db.begin() as tx:
            shown_at = (await tx.execute(select(web_messages.c.shown_at).where(
                web_messages.c.id == notice.id))).scalar()
        assert shown_at is not None


async def test_a_posters_village_is_offered_first(web: WebBot, app: App) -> None:
    async with web.visitor() as visitor:
        await visitor.open(f"/p/{PosterSigner(POSTER_KEY).token(HANCHANGBA)}")
        resident = WebResident(visitor)
        await resident.do("text", "/start", words="您同意吗")
        await resident.do("press", "✅ 同意", words="请选择您要办理的事项")
        await resident.do("press", "🏠 申报本户困难", words="海报上的村")
        assert visitor.last.labels()[0] == "📍 汉场坝村（海报上的村）"
        assert "木凉镇" in visitor.last.labels()  # any other village: its town, as always
        await resident.do("press", "汉场坝村", words="第 3 步")
        assert "汉场坝村" in resident.recent(2)


async def test_a_forged_poster_link_offers_no_village(web: WebBot) -> None:
    token = PosterSigner(POSTER_KEY).token(HANCHANGBA)
    async with web.visitor() as visitor:
        await visitor.open(f"/p/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}")
        resident = WebResident(visitor)
        await resident.do("text", "/report", words="请先点「同意并开始」")
        await resident.do("press", "✅ 同意", words="第 1 步")
        assert not any("海报" in label for label in visitor.last.labels())


async def test_a_lost_cookie_loses_the_draft_but_not_the_case(web: WebBot, app: App) -> None:
    async with web.visitor() as first:
        await first.open()
        await web_self_report(first, phone="13900139000", photo=None, voice=None)
    async with web.visitor() as second:  # the same phone after clearing the browser
        await second.open()
        since = second.changes
        status, body = await second.post("/api/recover",
                                         json={"ref": "nc-2026-000001", "phone": "139 0013 9000"})
        assert status == 200, body
        # A new page has not agreed yet; once it has, the status, as /status shows it.
        await second.wait_for("同意并开始", since)
        since = second.changes
        await second.press("✅ 同意")
        await second.wait_for("NC-2026-000001", since)
        async with app.db.begin() as tx:
            case = (await tx.execute(select(cases))).one()
        assert case.reporter_channel == "web"
        assert case.reporter_chat_id != ""  # notices now reach the new page
        status, _ = await second.post("/api/recover", json={"ref": "NC-2026-000001",
                                                            "phone": "13800138000"})
        assert status == 404  # the wrong phone: not found, no hint
