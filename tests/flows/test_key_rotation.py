"""Rotating DATA_KEY: a new key first, `rekey` re-encrypts everything (in batches, resumable),
the old key goes, LOOKUP_KEY pinned — and everything still reads, and ID numbers and phones
still find their households. A key dropped too early stops the bot at start, with a reason."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App, ConfigError, build_app
from bot.cli.rekey import lookup_key_in_use, print_lookup_key, rekey_database
from bot.settings import Settings
from cases.clock import MovableClock
from storage import households as household_repo
from storage import rekey
from storage.crypto import FieldCipher, generate_key
from storage.db import chunk_transactions
from storage.schema import metadata
from storage.tables import case_events
from tests.conftest import TEST_KEY
from tests.flows.test_sealed_everywhere import (
    ID_NUMBER,
    NEIGHBOUR_NAME,
    OFFICER,
    PHONE,
    REASON,
    every_kind_of_sealed_data,
    register_household,
)
from tests.support.flow_chat import FlowChat

NEW_KEY = generate_key()


def keyed(settings: Settings, data_key: str, lookup_key: str | None = None) -> Settings:
    extra = {"lookup_key": lookup_key} if lookup_key else {}
    return Settings(database_url=settings.storage.database_url, data_key=data_key,
                    outbox_limits_enabled=False, **extra)


async def fill(app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> FlowChat:
    """Sealed data of every kind; returns a resident left mid-report (a sealed draft)."""
    await every_kind_of_sealed_data(app, settings, clock, tmp_path)
    draft = FlowChat(app.core, user_id=6202)
    await draft.send("/start")
    await draft.press("同意")
    for label in ("申报本户困难", "木凉镇", "汉场坝村"):
        await draft.press(label)
    await draft.send("赵小花")
    await draft.send(PHONE)
    return draft


async def tokens(app: App) -> list[bytes]:
    """Every token stored, in every sealed column."""
    found: list[bytes] = []
    async with app.db.connect() as conn:
        for table, columns in rekey.TOKEN_COLUMNS.values():
            for row in (await conn.execute(select(*(table.c[c] for c in columns)))).all():
                found += [bytes(v) for v in row if v is not None]
        for table, column in rekey.SEALED_COLUMNS.values():
            for (value,) in (await conn.execute(select(table.c[column]))).all():
                if isinstance(value, dict) and set(value) == {"sealed"}:
                    found.append(value["sealed"].encode())
        for (details,) in (await conn.execute(select(case_events.c.details))).all():
            found += [v.encode() for k, v in details.items()
                      if k in rekey.EVENT_TEXT_KEYS and isinstance(v, str) and v.startswith("gAAAAA")]
    return found


async def test_rotate_rekey_drop_the_old_key_and_everything_still_reads(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    draft = await fill(app, settings, clock, tmp_path)
    old_tokens = await tokens(app)
    assert len(old_tokens) >= 15
    await app.close()

    # 1. The new key first, the old one after it: the bot starts and reads everything.
    both = keyed(settings, f"{NEW_KEY},{TEST_KEY}")
    pinned = lookup_key_in_use(both)  # derived from the oldest key: the hashes made so far
    assert print_lookup_key(both) == 0 and f"LOOKUP_KEY={pinned}" in capsys.readouterr().out
    # 2. rekey, in small batches, while that bot runs.
    running = await build_app(both, clock)
    try:
        assert await rekey_database(both, clock, batch=3) == 0
        out = capsys.readouterr().out
        assert "re-encrypted under the newest key" in out and f"LOOKUP_KEY={pinned}" in out
        newest_only = FieldCipher(NEW_KEY, pinned)
        assert all(newest_only.is_current(t) for t in await tokens(running))
        assert await rekey_database(both, clock) == 0
        assert "nothing to re-encrypt" in capsys.readouterr().out
    finally:
        await running.close()

    # 3. Without the old key and without LOOKUP_KEY, the hashes no longer match: refused.
    with pytest.raises(ConfigError, match="LOOKUP_KEY"):
        await build_app(keyed(settings, NEW_KEY), clock)
    # 4. The old key removed, LOOKUP_KEY pinned: everything reads, look-ups find the household.
    final = await build_app(keyed(settings, NEW_KEY, pinned), clock)
    try:
        cipher = final.services.cases.cipher
        async with final.db.begin() as tx:
            household = await household_repo.by_id_hash(tx, cipher.lookup_hash(ID_NUMBER) or "")
            case = await final.services.cases.by_ref(tx, "NC-2026-000001")
        assert household is not None and household.household_id == "HH-SEAL-1"
        assert case is not None and case.phone == PHONE and case.id_number == ID_NUMBER
        draft.core = final.core  # the resident carries on with the report begun before
        for label in ("4", "因病", "完成", "跳过", "否"):
            await draft.press(label)
        summary = draft.history[-1].text
        assert "赵小花" in summary and PHONE in summary, draft.transcript()
        officer = FlowChat(final.core, user_id=OFFICER, _updates=itertools.count(900))
        timeline = "\n".join(r.text for r in await officer.send("/case NC-2026-000001"))
        assert "NC-2026-000001" in timeline and PHONE in timeline
        assert await readable_everywhere(final, cipher) > 0
    finally:
        await final.close()


async def readable_everywhere(app: App, cipher: FieldCipher) -> int:
    """Every token decrypts under the final cipher; returns how many there were."""
    found = await tokens(app)
    for token in found:
        cipher.decrypt(token)
    texts = [cipher.decrypt(t) or "" for t in found]
    assert any(NEIGHBOUR_NAME in t for t in texts) and any(REASON in t for t in texts)
    return len(found)


async def test_rekey_resumes_where_it_stopped(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    await fill(app, settings, clock, tmp_path)
    cipher = FieldCipher(f"{NEW_KEY},{TEST_KEY}")
    calls: list[rekey.Progress] = []

    def stop_after_three(progress: rekey.Progress) -> None:
        calls.append(progress)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C

    with pytest.raises(KeyboardInterrupt):
        await rekey.rekey_all(chunk_transactions(app.db), cipher, clock.now, size=1,
                              report=stop_after_three)
    resumed: list[rekey.Progress] = []
    await rekey.rekey_all(chunk_transactions(app.db), cipher, clock.now, size=1,
                          report=resumed.append)
    stopped_in = calls[-1].table
    done_before = {c.table for c in calls} - {stopped_in}
    assert not any(p.table in done_before for p in resumed)  # finished tables: not read again
    async with app.db.connect() as conn:
        count = len((await conn.execute(select(metadata.tables[stopped_in]))).all())
    read = [p.rows for p in (*calls, *resumed) if p.table == stopped_in]
    assert sum(read) == count  # each row of the interrupted table read once
    newest = FieldCipher(NEW_KEY)
    assert all(newest.is_current(t) for t in await tokens(app))


async def test_a_key_removed_before_rekey_stops_the_bot_at_start(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    await register_household(settings, clock, tmp_path)
    await app.close()
    pinned = lookup_key_in_use(settings)
    with pytest.raises(ConfigError, match="cannot read the stored data"):
        await build_app(keyed(settings, NEW_KEY, pinned), clock)
