"""Every file the project writes defuses text a spreadsheet would run as a formula: a leading
apostrophe in CSV, a string cell in XLSX; whole numbers stay numbers; the project's importers
read its own files back unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from bot.app import App
from bot.cli.alerts import load_alerts
from bot.cli.export import export_case_list
from bot.cli.report import translator
from bot.reports import csv_out
from bot.reports.files import Reports
from bot.reports.xlsx import _sheet
from bot.settings import Settings
from cases import alert_import
from cases.clock import MovableClock
from cases.spreadsheet import defuse, restore
from cases.statistics import Scope
from storage.case_export import export_cases
from storage.cases import NewCase
from storage.tables import cases
from tests.imports.test_alert_import import alerts_file, register_households

HYPERLINK = '=HYPERLINK("http://evil.example","点我")'
FORMULAS = (HYPERLINK, "@x", "-5+3", "+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")
NUMBERS = ("+1", "-5", "-1,200.50", "3")
ZH = translator("zh")
VILLAGE, TOWN = "500119101201", "500119101000"


def no_formula_cells(data: bytes) -> list[str]:
    """Every cell openpyxl reads as a formula, in every sheet."""
    book = load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "f"]


def cell_values(data: bytes) -> set[object]:
    """Every value; XML keeps a carriage return as a line feed, so "\r" is compared as "\n"."""
    book = load_workbook(io.BytesIO(data))
    return {c.value.replace("\n", "\r") if isinstance(c.value, str) else c.value
            for ws in book.worksheets for row in ws.iter_rows() for c in row}


def test_formula_text_gets_an_apostrophe_numbers_do_not_and_reading_restores_it() -> None:
    for text in FORMULAS:
        assert defuse(text) == "'" + text and restore(str(defuse(text))) == text
    for text in (*NUMBERS, "王秀英", "'quoted", ""):
        assert defuse(text) == text and restore(text) == text
    assert defuse(-5) == -5


async def add_cases(app: App, names: tuple[str, ...]) -> None:
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        for n, name in enumerate(names, start=1):
            await app.services.cases.insert(tx, f"NC-2026-{n:06d}", NewCase(
                source="self", village_code=VILLAGE, town_code=TOWN, head_name=name, people=3,
                risk_types=["illness"], urgent=False, reported_at=now, household_id=f"-H{n}"
                if n == 1 else None))


async def test_the_case_export_defuses_csv_cells_and_writes_xlsx_strings(
        app: App, settings: Settings, tmp_path: Path) -> None:
    names = (*FORMULAS, *NUMBERS)
    await add_cases(app, names)
    out = tmp_path / "cases.csv"
    assert await export_case_list(settings, out=str(out), division=None, full=False,
                                  lang="zh") == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    heads = [r[4] for r in rows[1:]]
    assert heads == ["'" + n for n in FORMULAS] + list(NUMBERS)
    assert rows[1][3] == "'-H1"  # a household id is text too
    book = tmp_path / "cases.xlsx"
    assert await export_case_list(settings, out=str(book), division=None, full=False,
                                  lang="zh") == 0
    data = book.read_bytes()
    assert no_formula_cells(data) == []
    assert set(names) <= cell_values(data)  # the text itself, no apostrophe: a string cell


async def test_the_chat_workbook_of_district_admins_has_no_formula(app: App) -> None:
    await add_cases(app, FORMULAS)
    async with app.db.begin() as tx:
        rows = await export_cases(tx, app.services.cases.cipher, Scope())
    data = Reports().cases_xlsx(rows, ZH, tz=app.services.programme.timezone,
                                division_name=lambda code: HYPERLINK)
    assert no_formula_cells(data) == []
    assert set(FORMULAS) <= cell_values(data)


def test_report_tables_defuse_division_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Division names come from an imported register: a formula there is defused too."""
    table = (["名称", "户数"], [[name, -5] for name in FORMULAS])
    monkeypatch.setattr(csv_out, "area_table", lambda stats, t: table)
    rows = list(csv.reader(io.StringIO(csv_out.render_csv(None, ZH).decode("utf-8-sig"))))  # type: ignore[arg-type]
    assert [r[0] for r in rows[1:]] == ["'" + n for n in FORMULAS]
    assert {r[1] for r in rows[1:]} == {"-5"}
    wb = Workbook()
    _sheet(wb.active, "areas", table)
    out = io.BytesIO()
    wb.save(out)
    assert no_formula_cells(out.getvalue()) == []


async def test_the_unmatched_alerts_report_is_defused_and_loads_again(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    await register_households(settings, clock, tmp_path)
    departments = (HYPERLINK, "@x", "+1", "-5")
    path = alerts_file(tmp_path, [
        {"department": d, "id_number": "", "household_id": "HH9999999", "alert_type": "medical",
         "amount": "120", "date": "2026-02-01"} for d in departments])
    report = tmp_path / "unmatched.csv"
    assert await load_alerts(settings, str(path), clock, report) == 0
    written = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert [r["department"] for r in written] == [f"'{HYPERLINK}", "'@x", "+1", "-5"]
    again = alert_import.parse(report, today=clock.now().date(), type_labels={})
    assert [r.department for r in again] == list(departments)
    async with app.db.begin() as tx:
        assert (await tx.execute(select(cases))).all() == []
