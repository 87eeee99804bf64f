"""Importing a case history: all or nothing, idempotent, references kept and reserved."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.cli.cases_import import load_history
from bot.cli.export import export_case_list
from bot.cli.households import load_households
from bot.settings import Settings
from cases.clock import MovableClock
from storage.cases import next_reference_number
from storage.db import create_engine
from storage.tables import case_events, cases
from tests.imports.factory import HOUSEHOLD_COLUMNS, household_row, write_csv
from tests.stats.history_file import history_rows, write_history
from tests.stats.register import NOW

ROW = {"reference": "NC-2021-000900", "household_id": "HQ1", "village_code": "500119101201",
       "people": "3", "source": "本人申报", "risk_types": "因病|housing", "category": "边缘易致贫户",
       "reported_at": "2021-03-01", "identified_at": "2021-03-20 10:00", "eliminated_at": "",
       "closed_reason": ""}


@pytest.fixture
def frozen() -> MovableClock:
    return MovableClock(NOW, frozen=True)


async def _count(settings: Settings) -> tuple[int, int]:
    engine = create_engine(settings.storage.database_url)
    try:
        async with engine.begin() as tx:
            n_cases = (await tx.execute(select(func.count()).select_from(cases))).scalar_one()
            n_events = (await tx.execute(select(func.count()).select_from(case_events))).scalar_one()
    finally:
        await engine.dispose()
    return int(n_cases), int(n_events)


async def test_a_second_import_changes_nothing_and_numbers_are_reserved(
        settings: Settings, frozen: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_history(tmp_path / "history.csv", encoding="gb18030")  # Chinese Excel's encoding
    assert await load_history(settings, str(path), frozen) == 0
    first = await _count(settings)
    assert first == (len(history_rows()), len(history_rows()))
    assert await load_history(settings, str(path), frozen) == 0
    assert await _count(settings) == first
    assert "0 added" in capsys.readouterr().out
    engine = create_engine(settings.storage.database_url)
    try:
        async with engine.begin() as tx:
            # the file's highest 2021 reference is NC-2021-000628: the counter goes on after it
            assert await next_reference_number(tx, 2021) == 629
            row = (await tx.execute(select(cases).where(cases.c.ref == "NC-2021-000628"))).one()
    finally:
        await engine.dispose()
    assert row.stage == "closed" and row.closed_reason == "not_eligible"


async def test_any_bad_row_loads_nothing_and_each_problem_is_named(
        settings: Settings, frozen: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    rows = [dict(ROW), dict(ROW, reference="NC-2021-000901", village_code="火星村"),
            dict(ROW, reference="NC-2021-000902", risk_types="因穷"),
            dict(ROW, reference="NC-2021-000903", identified_at="2021-02-01"),
            dict(ROW, reference="NC-2021-000900"),
            dict(ROW, reference="NC-2021-000904", reported_at="yesterday", people="0")]
    path = write_history(tmp_path / "bad.csv", rows)
    assert await load_history(settings, str(path), frozen) == 1
    err = capsys.readouterr().err
    assert "line 3: village_code: not a village in the division register" in err
    assert "line 4: risk_types: unknown risk type '因穷'" in err
    assert "line 5: identified_at: before reported_at" in err
    assert "line 6: reference: also on line 2" in err
    assert "line 7: people:" in err and "line 7: reported_at: not an ISO 8601" in err
    assert await _count(settings) == (0, 0)


async def test_times_without_offset_are_shanghai_and_labels_become_slugs(
        settings: Settings, frozen: MovableClock, tmp_path: Path) -> None:
    path = write_history(tmp_path / "one.csv", [ROW])
    assert await load_history(settings, str(path), frozen) == 0
    engine = create_engine(settings.storage.database_url)
    try:
        async with engine.begin() as tx:
            row = (await tx.execute(select(cases))).one()
    finally:
        await engine.dispose()
    assert row.identified_at.isoformat() == "2021-03-20T02:00:00+00:00"
    assert row.reported_at.isoformat() == "2021-02-28T16:00:00+00:00"
    assert (row.source, row.risk_types, row.category) == ("self", ["illness", "housing"], "marginal")
    assert row.stage == "monitored"


async def test_export_masks_id_numbers_unless_full(settings: Settings, frozen: MovableClock,
                                                   tmp_path: Path) -> None:
    register_row = dict(household_row(0), household_id="HQ1", village_code="500119101201")
    households = write_csv(tmp_path / "hh.csv", HOUSEHOLD_COLUMNS, [register_row])
    assert await load_households(settings, str(households), frozen) == 0
    assert await load_history(settings, str(write_history(tmp_path / "one.csv", [ROW])), frozen) == 0
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    assert await export_case_list(settings, out=str(masked), division=None, full=False, lang="zh") == 0
    assert await export_case_list(settings, out=str(full), division="木凉镇", full=True, lang="zh") == 0
    id_number = register_row["id_number"]
    header, row = list(load_workbook(masked).active.iter_rows(values_only=True))[:2]
    cells = dict(zip(header, row, strict=True))
    assert cells["编号"] == "NC-2021-000900" and cells["户主"] == register_row["head_name"]
    assert cells["身份证号"] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert cells["村"] == "汉场坝村" and cells["风险类型"] == "因病、住房安全"
    full_cells = dict(zip(*list(load_workbook(full).active.iter_rows(values_only=True))[:2],
                          strict=True))
    assert full_cells["身份证号"] == id_number
