"""The example files of docs/csv-formats.md load with the real importers, without a problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.alerts import load_alerts
from bot.cli.cases_import import load_history
from bot.cli.households import load_households
from bot.settings import Settings
from cases.clock import MovableClock
from cases.division_import import parse_divisions
from storage import divisions as division_repo
from storage.db import create_engine
from storage.migrate import migrate
from storage.tables import cases
from tests.conftest import TEST_KEY

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    """A fresh SQLite file of the test's own."""
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'examples.db'}",
                    data_key=TEST_KEY, outbox_limits_enabled=False)


async def load_divisions(settings: Settings) -> int:
    """What `python -m bot divisions import` does, on the example file; the divisions loaded."""
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine)
        async with engine.begin() as tx:
            known = {d.code: d for d in await division_repo.all_divisions(tx)}
            items = parse_divisions(EXAMPLES / "divisions.csv", known)
            await division_repo.upsert_many(tx, items)
    finally:
        await engine.dispose()
    return len(items)


async def stages(settings: Settings) -> dict[str, tuple[str, str | None]]:
    """Reference → (stage, closure reason) of every case."""
    engine = create_engine(settings.storage.database_url)
    try:
        async with engine.begin() as tx:
            rows = (await tx.execute(select(cases.c.ref, cases.c.stage, cases.c.closed_reason))).all()
    finally:
        await engine.dispose()
    return {r.ref: (r.stage, r.closed_reason) for r in rows}


async def test_the_division_register_example_loads(sqlite_settings: Settings) -> None:
    assert await load_divisions(sqlite_settings) == 7


async def test_the_household_register_example_loads(
        sqlite_settings: Settings, clock: MovableClock, capsys: pytest.CaptureFixture[str]) -> None:
    await load_divisions(sqlite_settings)
    assert await load_households(sqlite_settings, str(EXAMPLES / "households.csv"), clock) == 0
    assert "households: 4 new, 0 changed, 0 unchanged" in capsys.readouterr().out


async def test_the_case_history_example_loads_with_the_stages_the_doc_gives(
        sqlite_settings: Settings, clock: MovableClock, capsys: pytest.CaptureFixture[str]) -> None:
    await load_divisions(sqlite_settings)
    await load_households(sqlite_settings, str(EXAMPLES / "households.csv"), clock)
    assert await load_history(sqlite_settings, str(EXAMPLES / "case-history.csv"), clock) == 0
    assert "cases: 4 rows, 4 added, 0 already present" in capsys.readouterr().out
    assert await stages(sqlite_settings) == {
        "NC-2024-000101": ("closed", "risk_eliminated"),
        "NC-2024-000102": ("monitored", None),
        "NC-2025-000007": ("closed", "not_eligible"),
        "NC-2025-000031": ("reported", None),
    }


async def test_the_alerts_example_loads_and_reports_the_documented_unmatched_rows(
        sqlite_settings: Settings, clock: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    await load_divisions(sqlite_settings)
    await load_households(sqlite_settings, str(EXAMPLES / "households.csv"), clock)
    await load_history(sqlite_settings, str(EXAMPLES / "case-history.csv"), clock)
    capsys.readouterr()
    report = tmp_path / "alerts.unmatched.csv"
    assert await load_alerts(sqlite_settings, str(EXAMPLES / "alerts.csv"), clock, report) == 0
    out = capsys.readouterr().out
    assert "alerts: 4 rows, 3 new, 0 already imported, 1 unmatched" in out
    assert "cases opened: 1, further reports on open cases: 2" in out
    documented = (EXAMPLES / "alerts.unmatched.csv").read_text(encoding="utf-8-sig")
    assert report.read_text(encoding="utf-8-sig") == documented
