"""The imports write in chunks, each its own transaction: a crash half-way keeps the chunks
already written, and running the import again completes it without doing anything twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.cli.alerts import load_alerts
from bot.cli.cases_import import load_history
from bot.cli.households import load_households
from bot.settings import Settings
from cases import alert_import, history_import
from cases.clock import MovableClock
from storage import db
from storage import households as household_repo
from storage.cases import next_reference_number
from storage.tables import cases
from storage.tables_intake import data_alerts, households
from tests.imports.factory import HOUSEHOLD_COLUMNS, household_file, household_row, write_csv
from tests.imports.test_alert_import import ALERT_COLUMNS
from tests.stats.history_file import history_rows, write_history


class Crash(RuntimeError):
    """The import dies here (a kill, a full disk)."""


def crash_on_call(real: Callable[..., Any], call: int) -> Callable[..., Any]:
    """`real`, except that its `call`-th call raises Crash."""
    calls = [0]

    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == call:
            raise Crash
        return await real(*args, **kwargs)

    return wrapper


async def count(app: App, table: Any) -> int:
    async with app.db.begin() as tx:
        return int((await tx.execute(select(func.count()).select_from(table))).scalar() or 0)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "CHUNK_ROWS", 100)


async def test_an_interrupted_household_import_keeps_its_chunks_and_a_rerun_completes_it(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path, small_chunks: None,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = household_file(tmp_path / "register.csv", 350)
    monkeypatch.setattr(household_repo, "upsert", crash_on_call(household_repo.upsert, 3))
    with pytest.raises(Crash):
        await load_households(settings, str(path), clock)
    assert await count(app, households) == 200  # two chunks committed, the third rolled back
    monkeypatch.undo()
    monkeypatch.setattr(db, "CHUNK_ROWS", 100)
    assert await load_households(settings, str(path), clock) == 0
    assert "150 new, 0 changed, 200 unchanged" in capsys.readouterr().out
    assert await count(app, households) == 350
    assert await load_households(settings, str(path), clock) == 0
    assert "0 new, 0 changed, 350 unchanged" in capsys.readouterr().out


async def test_two_households_far_apart_in_the_file_swap_id_numbers(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path, small_chunks: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    rows = [household_row(n) for n in range(250)]
    assert await load_households(settings, str(write_csv(
        tmp_path / "a.csv", HOUSEHOLD_COLUMNS, rows)), clock) == 0
    rows[3]["id_number"], rows[240]["id_number"] = rows[240]["id_number"], rows[3]["id_number"]
    rows[120]["members"] = "9"
    assert await load_households(settings, str(write_csv(
        tmp_path / "b.csv", HOUSEHOLD_COLUMNS, rows)), clock) == 0
    assert "0 new, 3 changed, 247 unchanged" in capsys.readouterr().out
    cipher = app.services.cases.cipher
    async with app.db.begin() as tx:
        for n in (3, 240):
            stored = await household_repo.by_id(tx, rows[n]["household_id"])
            assert stored is not None
            assert stored.id_number_hash == cipher.lookup_hash(rows[n]["id_number"])
            assert cipher.decrypt(stored.id_number_enc) == rows[n]["id_number"]


async def test_an_interrupted_alert_import_opens_each_case_once_when_run_again(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert await load_households(settings, str(household_file(tmp_path / "hh.csv", 30)),
                                 clock) == 0
    alerts = [{"department": "区医保局", "id_number": household_row(n % 30)["id_number"],
               "household_id": "", "alert_type": "medical", "amount": str(100 + n),
               "date": "2026-02-01"} for n in range(60)]  # two alerts per household
    path = write_csv(tmp_path / "alerts.csv", ALERT_COLUMNS, alerts)
    monkeypatch.setattr(alert_import, "CASES_PER_CHUNK", 10)
    monkeypatch.setattr(alert_import, "_open_case", crash_on_call(alert_import._open_case, 15))
    with pytest.raises(Crash):
        await load_alerts(settings, str(path), clock, tmp_path / "u.csv")
    assert await count(app, cases) == 10  # the first chunk's households
    assert await count(app, data_alerts) == 20
    monkeypatch.undo()
    monkeypatch.setattr(alert_import, "CASES_PER_CHUNK", 10)
    assert await load_alerts(settings, str(path), clock, tmp_path / "u.csv") == 0
    assert "60 rows, 40 new, 20 already imported, 0 unmatched" in capsys.readouterr().out
    assert await count(app, cases) == 30
    assert await count(app, data_alerts) == 60


async def test_an_interrupted_history_import_has_its_numbers_reserved_and_completes(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(db, "CHUNK_ROWS", 50)
    path = write_history(tmp_path / "history.csv")
    total = len(history_rows())
    assert total > 100
    monkeypatch.setattr(history_import.history, "insert_cases",
                        crash_on_call(history_import.history.insert_cases, 2))
    with pytest.raises(Crash):
        await load_history(settings, str(path), clock)
    assert await count(app, cases) == 50
    async with app.db.begin() as tx:
        # reserved before the first case went in: the bot never hands out an imported number
        assert await next_reference_number(tx, 2021) == 629
    monkeypatch.undo()
    monkeypatch.setattr(db, "CHUNK_ROWS", 50)
    assert await load_history(settings, str(path), clock) == 0
    assert f"{total} rows, {total - 50} added, 50 already present" in capsys.readouterr().out
    assert await count(app, cases) == total
