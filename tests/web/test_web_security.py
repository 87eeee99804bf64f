"""The web channel's defences: CSRF, forged cookies, uploads (size, type, encryption, where
they are kept, who sees them, retention), the status-recovery limit, and the per-visitor and
per-address limits behind a trusted proxy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from bot.web.channel import clean_up, upload_store
from bot.web.server import STATIC
from storage.anonymise import anonymise_case
from storage.tables import cases, inbox
from storage.tables_web import web_uploads
from tests.conftest import TEST_KEY
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import say, shown
from tests.support.web import WebBot, running_web
from tests.web.helpers import JPEG, web_self_report

LIMIT = 64 * 1024


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                    web_secret="web-secret-for-tests", poster_key="poster-key",
                    web_upload_dir=str(tmp_path / "uploads"), web_upload_max_bytes=LIMIT,
                    web_trusted_proxy_header="X-Forwarded-For")


def low_limits(web: WebBot) -> None:
    """3 messages a minute per visitor, the address factor 2 (30 and 20 by default)."""
    web.web.channel.limits.messages_per_minute = 3
    web.web.channel.limits.ip_factor = 2


async def inbox_rows(app: App) -> int:
    async with app.db.begin() as tx:
        return int((await tx.execute(select(func.count()).select_from(inbox))).scalar() or 0)


async def test_a_post_without_the_csrf_token_or_from_another_site_is_refused(
        web: WebBot, app: App) -> None:
    async with web.visitor() as visitor, web.visitor() as other:
        await visitor.open()
        await other.open()
        good = {"key": "k" * 12, "kind": "text", "text": "/start"}
        for csrf, headers in (("", {}), ("forged-token", {}), (other.csrf, {}),  # another's
                              (visitor.csrf, {"Origin": "https://evil.example"})):
            status, body = await visitor.post("/api/send", json=good, csrf=csrf, **headers)
            assert status == 403 and "刷新" in body["error"]
        assert await inbox_rows(app) == 0  # nothing reached the flows
        status, _ = await visitor.post("/api/send", json=good,
                                       Origin=web.url)  # this site's own page
        assert status == 200
        assert await inbox_rows(app) == 1


async def test_a_forged_cookie_reads_nothing_and_sends_nothing(web: WebBot) -> None:
    async with web.visitor() as victim:
        await victim.open()
        await victim.send("text", text="/start")
        assert await victim.fetch() or victim.messages
        visitor_id = next(c.value for c in victim.session.cookie_jar if c.key == "sn_v") \
            .partition(".")[0]
    async with web.visitor() as forger:
        forger.session.cookie_jar.update_cookies({"sn_v": f"{visitor_id}.AAAAAAAAAAAAAAAAAAAAAA"})
        async with forger.session.get(f"{web.url}/api/messages") as response:
            assert response.status == 401
        status, _ = await forger.post("/api/send", json={"key": "k" * 12, "kind": "text",
                                                         "text": "hi"}, csrf="x")
        assert status == 401
        await forger.open()  # a forged cookie is replaced by a new visitor of its own
        assert await forger.fetch() == 0 and not forger.messages


async def test_uploads_too_big_or_of_the_wrong_type_are_refused_and_not_kept(
        web: WebBot, app: App, tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    async with web.visitor() as visitor:
        await visitor.open()
        await visitor.send("text", text="/report")
        too_big = b"\xff\xd8\xff" + b"\x00" * LIMIT
        status, body = await visitor.upload("photo", too_big)
        assert status == 413 and "太大" in body["error"]
        for kind, data in (("photo", b"<script>alert(1)</script>"), ("photo", b"%PDF-1.4 x"),
                           ("voice", JPEG), ("photo", b"MZ\x90\x00 an exe"),
                           ("video", JPEG)):
            status, body = await visitor.upload(kind, data)
            assert status in (400, 415), (kind, data[:8])
        status, body = await visitor.upload("photo", b"")
        assert status == 415 and "空" in body["error"]
    assert not folder.exists() or not any(folder.iterdir())
    async with app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(web_uploads))).scalar() == 0


async def test_an_upload_is_encrypted_outside_the_served_folder_and_never_served(
        web: WebBot, app: App, tmp_path: Path) -> None:
    async with web.visitor() as visitor:
        await visitor.open()
        await visitor.send("text", text="/report")
        status, _ = await visitor.upload("photo", JPEG)
        assert status == 200
        [stored] = list((tmp_path / "uploads").iterdir())
        raw = stored.read_bytes()
        assert JPEG[:64] not in raw and b"JFIF" not in raw  # sealed with DATA_KEY
        assert STATIC not in stored.resolve().parents
        assert await upload_store(app).read(stored.stem) == JPEG
        for path in (f"/static/../{stored.name}", f"/static/{stored.name}",
                     f"/uploads/{stored.name}", f"/{stored.stem}"):
            async with visitor.session.get(web.url + path) as response:
                assert response.status == 404, path


async def test_only_officials_of_the_cases_division_get_the_photo(web: WebBot, app: App) -> None:
    await add_official(app, user_id=9601, division=HANCHANGBA)
    await add_official(app, user_id=9602, division="500119001201", name="别村干部")  # 黄淦村
    own = web.bot.fake.user(user_id=9601, first_name="本村", language_code="zh-hans")
    other = web.bot.fake.user(user_id=9602, first_name="别村", language_code="zh-hans")
    card = own.wait_for(lambda m: "📎 查看照片/语音" in shown(m), timeout=15)
    async with web.visitor() as visitor:
        await visitor.open()
        await web_self_report(visitor, voice=None)
    await card
    async with app.db.begin() as tx:
        case_id = (await tx.execute(select(cases.c.id))).scalar_one()
    await say(other, "send_text", "/cases", words="")
    refused = other.wait_for(lambda m: "不在您负责的范围内" in m.plain, timeout=15)
    other.press_on(other.last.message_id, f"cm:{case_id}:0")  # a forged press, another village
    await refused
    await web.bot.settle()
    assert not [m for m in other.messages if m.kind == "photo"]
    photo = own.wait_for(lambda m: m.kind == "photo", timeout=15)
    own.press("📎 查看照片/语音")
    assert (await photo)[0].file == JPEG


async def test_retention_removes_draft_uploads_and_those_of_anonymised_cases(
        web: WebBot, app: App, tmp_path: Path, clock: object) -> None:
    folder = tmp_path / "uploads"
    async with web.visitor() as drafter:  # a photo in a draft never submitted
        await drafter.open()
        await drafter.send("text", text="/report")
        await drafter.upload("photo", JPEG)
    async with web.visitor() as reporter:
        await reporter.open()
        await web_self_report(reporter, voice=None)
    assert len(list(folder.iterdir())) == 2
    uploads = upload_store(app)
    assert await clean_up(app, uploads) == 0  # all within the draft window
    clock.advance(timedelta(days=8))  # type: ignore[attr-defined]
    assert await clean_up(app, uploads) == 1  # the draft's photo; the case keeps its own
    assert len(list(folder.iterdir())) == 1
    async with app.db.begin() as tx:
        case_id = (await tx.execute(select(cases.c.id))).scalar_one()
        await anonymise_case(tx, case_id, app.services.clock.now())
    assert await clean_up(app, uploads) == 1  # the case lost its personal data: the file goes
    assert not list(folder.iterdir())


async def test_status_recovery_allows_five_tries_an_hour_per_address_and_per_case(
        web: WebBot, app: App, clock: object) -> None:
    async with web.visitor() as reporter:
        await reporter.open()
        await web_self_report(reporter, photo=None, voice=None)
    async with web.visitor(**{"X-Forwarded-For": "203.0.113.7"}) as guesser:
        await guesser.open()
        for n in range(5):
            status, _ = await guesser.post("/api/recover", json={"ref": "NC-2026-000001",
                                                                 "phone": f"1390000000{n}"})
            assert status == 404
        status, body = await guesser.post("/api/recover", json={"ref": "NC-2026-000001",
                                                                "phone": "13800138000"})
        assert status == 429 and "一小时" in body["error"]  # even the right phone, now
    # Another address, the same case number: still limited (guessing phones from many addresses).
    async with web.visitor(**{"X-Forwarded-For": "198.51.100.9"}) as elsewhere:
        await elsewhere.open()
        status, _ = await elsewhere.post("/api/recover", json={"ref": "NC-2026-000001",
                                                               "phone": "13800138000"})
        assert status == 429
        status, _ = await elsewhere.post("/api/recover", json={"ref": "NC-2026-000002",
                                                               "phone": "13800138000"})
        assert status == 404  # another case number from a fresh address: tried, not found
        clock.advance(timedelta(hours=1, minutes=1))  # type: ignore[attr-defined]
        status, _ = await elsewhere.post("/api/recover", json={"ref": "NC-2026-000001",
                                                               "phone": "13800138000"})
        assert status == 200  # an hour later the owner gets in


async def test_messages_are_limited_per_visitor_and_twenty_times_higher_per_address(
        web: WebBot) -> None:
    low_limits(web)
    async with web.visitor(**{"X-Forwarded-For": "203.0.113.50"}) as one, \
            web.visitor(**{"X-Forwarded-For": "203.0.113.50"}) as two, \
            web.visitor(**{"X-Forwarded-For": "203.0.113.51"}) as three:
        for visitor in (one, two, three):
            await visitor.open()
        assert [(await one.send("text", text="/help"))[0] for _ in range(4)] == [200] * 3 + [429]
        assert [(await two.send("text", text="/help"))[0] for _ in range(4)] == \
            [200] * 3 + [429]  # the address's 6 used up by two visitors behind one NAT
        status, _ = await three.send("text", text="/help")
        assert status == 200  # another address is not held up


async def test_the_proxy_header_is_believed_only_from_a_trusted_proxy(
        app: App, fake: FakeTelegram) -> None:
    app.settings.web.trusted_proxies = "10.9.9.9"  # the test client (127.0.0.1) is not it
    async with running_web(app, fake) as web:
        low_limits(web)
        visitors = [web.visitor(**{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(3)]
        try:
            for visitor in visitors:
                await visitor.open()
            codes = [(await visitors[n % 3].send("text", text="/help"))[0] for n in range(7)]
        finally:
            for visitor in visitors:
                await visitor.close()
    assert codes == [200] * 6 + [429]  # one address (the peer's), whatever the header says


@pytest.fixture
async def web(app: App, fake: FakeTelegram) -> AsyncIterator[WebBot]:
    async with running_web(app, fake) as running:
        yield running
