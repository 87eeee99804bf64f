"""Rotating DATA_KEY covers the web channel too: `python -m bot rekey` re-encrypts the files a
visitor uploaded (outside the database) and the messages waiting on their page, so once the
old key is gone an officer still gets the visitor's photo and voice note."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.cli.rekey import lookup_key_in_use, rekey_database
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from cases.clock import MovableClock
from storage.crypto import FieldCipher, generate_key
from storage.tables_web import web_messages
from tests.conftest import TEST_KEY
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import shown
from tests.support.web import running_web
from tests.web.conftest import BASE_URL, POSTER_KEY
from tests.web.helpers import JPEG, WEBM, web_self_report

OFFICER = 9711
NEW_KEY = generate_key()


def keyed(settings: Settings, data_key: str, lookup_key: str | None = None) -> Settings:
    extra = {"lookup_key": lookup_key} if lookup_key else {}
    return Settings(database_url=settings.storage.database_url, data_key=data_key,
                    outbox_limits_enabled=False, web_secret="web-secret-for-tests",
                    poster_key=POSTER_KEY, web_base_url=BASE_URL,
                    web_upload_dir=settings.web.upload_dir, **extra)


def uploaded(settings: Settings) -> list[bytes]:
    return [p.read_bytes() for p in sorted(Path(settings.web.upload_dir).glob("*.bin"))]


async def test_rekey_reencrypts_web_uploads_and_the_officer_still_gets_them(
        app: App, settings: Settings, clock: MovableClock, fake: FakeTelegram,
        capsys: pytest.CaptureFixture[str]) -> None:
    await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    async with running_web(app, fake) as web, web.visitor() as visitor:
        await visitor.open()
        assert "NC-2026-000001" in await web_self_report(visitor)  # a photo and a voice note
    await app.close()
    assert len(uploaded(settings)) == 2

    both = keyed(settings, f"{NEW_KEY},{TEST_KEY}")
    pinned = lookup_key_in_use(both)
    assert await rekey_database(both, clock) == 0
    out = capsys.readouterr()
    assert "2 web upload files" in out.out and "2 files read, 2 re-encrypted" in out.err
    newest_only = FieldCipher(NEW_KEY, pinned)
    assert all(newest_only.is_current(token) for token in uploaded(settings))
    assert await rekey_database(both, clock) == 0  # a second run rewrites nothing
    assert "nothing to re-encrypt" in capsys.readouterr().out

    final = await build_app(keyed(settings, NEW_KEY, pinned), clock)  # the old key is gone
    try:
        async with final.db.connect() as conn:
            bodies = (await conn.execute(select(web_messages.c.body))).scalars().all()
        assert bodies and all(newest_only.decrypt_bytes(bytes(b)) for b in bodies)
        async with running_web(final, fake) as web:
            officer = web.bot.fake.user(user_id=OFFICER, first_name="村干部",
                                        language_code="zh-hans")
            card = officer.wait_for(lambda m: "📎 查看照片/语音" in shown(m), timeout=15)
            officer.send_text("/case NC-2026-000001")
            await card
            files = officer.wait_for(lambda m: m.kind in ("photo", "document"), count=2,
                                     edits=False, timeout=20)
            officer.press("📎 查看照片/语音")
            photo, voice = await files
        assert photo.file == JPEG and voice.file == WEBM
    finally:
        await final.close()
