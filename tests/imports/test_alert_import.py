"""`python -m bot alerts import`: department alerts open "data" cases, routed like any other."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import App
from bot.cli.alerts import load_alerts
from bot.cli.export import export_case_list
from bot.cli.households import load_households
from bot.settings import Settings
from cases.clock import MovableClock
from storage.tables import cases
from storage.tables_intake import data_alerts
from tests.flows.intake_helpers import add_official, to_officials
from tests.imports.factory import household_file, household_row, write_csv

ALERT_COLUMNS = ("department", "id_number", "household_id", "alert_type", "amount", "date")


async def register_households(settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    assert await load_households(settings, str(household_file(tmp_path / "hh.csv", 6)), clock) == 0


def alerts_file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    return write_csv(tmp_path / "alerts.csv", ALERT_COLUMNS, rows, encoding="gb18030")


async def all_cases(app: App) -> list:  # type: ignore[type-arg]
    async with app.db.begin() as tx:
        return list((await tx.execute(select(cases).order_by(cases.c.id))).all())


async def test_alerts_open_data_cases_report_unmatched_rows_and_import_once(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    await register_households(settings, clock, tmp_path)
    h0, h1 = household_row(0), household_row(1)
    stranger = household_row(999)["id_number"]
    path = alerts_file(tmp_path, [
        {"department": "区医保局", "id_number": "", "household_id": h0["household_id"],
         "alert_type": "medical", "amount": "35000", "date": "2026-02-01"},
        {"department": "区残联", "id_number": h0["id_number"].lower(), "household_id": "",
         "alert_type": "残疾登记", "amount": "", "date": "2026-02-10"},
        {"department": "区人社局", "id_number": h1["id_number"], "household_id": "",
         "alert_type": "失业", "amount": "", "date": "2026-02-20T09:00:00"},
        {"department": "区民政局", "id_number": stranger, "household_id": "",
         "alert_type": "disaster", "amount": "1200.5", "date": "2026-02-21"},
    ])
    report = tmp_path / "unmatched.csv"
    assert await load_alerts(settings, str(path), clock, report) == 0
    out = capsys.readouterr().out
    assert "4 rows, 3 new, 0 already imported, 1 unmatched" in out
    assert "cases opened: 2" in out
    opened = await all_cases(app)
    assert [(c.source, c.household_id, c.risk_types) for c in opened] == [
        ("data", h0["household_id"], ["illness", "disability"]),
        ("data", h1["household_id"], ["work"]),
    ]
    assert opened[0].head_name == h0["head_name"] and opened[0].people == int(h0["members"])
    description = app.services.cases.cipher.decrypt(opened[0].description_enc)
    assert "区医保局：大额医疗支出 35000.00" in description and "区残联：残疾登记" in description
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("line,department,id_number")
    assert lines[1].startswith("5,区民政局,") and "no household in the register" in lines[1]
    assert stranger not in lines[1] and stranger[:4] + "**********" in lines[1]
    assert await load_alerts(settings, str(path), clock, report) == 0
    assert "0 new, 3 already imported" in capsys.readouterr().out
    assert len(await all_cases(app)) == 2
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(data_alerts))).all()) == 3


async def test_an_alert_on_a_household_with_an_open_case_is_a_further_report(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    await register_households(settings, clock, tmp_path)
    officer = 9301
    await add_official(app, user_id=officer, division=household_row(0)["village_code"])
    h0 = household_row(0)
    first = alerts_file(tmp_path, [{"department": "区医保局", "id_number": h0["id_number"],
                                    "household_id": "", "alert_type": "medical", "amount": "",
                                    "date": "2026-02-01"}])
    assert await load_alerts(settings, str(first), clock, tmp_path / "u.csv") == 0
    second = write_csv(tmp_path / "more.csv", ALERT_COLUMNS, [
        {"department": "区应急局", "id_number": "", "household_id": h0["household_id"],
         "alert_type": "受灾", "amount": "", "date": "2026-02-03"}])
    assert await load_alerts(settings, str(second), clock, tmp_path / "u.csv") == 0
    assert len(await all_cases(app)) == 1
    further = [m for m in await to_officials(app, {officer}) if m.key == "intake.further_data"]
    assert len(further) == 1 and "区应急局：受灾" in further[0].text


async def test_a_file_with_bad_rows_loads_nothing_and_names_each(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    await register_households(settings, clock, tmp_path)
    h0 = household_row(0)
    path = alerts_file(tmp_path, [
        {"department": "区医保局", "id_number": "", "household_id": h0["household_id"],
         "alert_type": "medical", "amount": "35000", "date": "2026-02-01"},
        {"department": "区医保局", "id_number": "", "household_id": "",
         "alert_type": "medical", "amount": "", "date": "2026-02-01"},
        {"department": "区医保局", "id_number": "123", "household_id": "",
         "alert_type": "flood", "amount": "lots", "date": "2026-13-01"},
        {"department": "", "id_number": "", "household_id": h0["household_id"],
         "alert_type": "other", "amount": "", "date": "2027-01-01"},
    ])
    assert await load_alerts(settings, str(path), clock, tmp_path / "u.csv") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:7] == [
        "line 3: id_number: give an ID number or a household_id",
        "line 4: id_number: must be 18 characters, got 3",
        "line 4: alert_type: 'flood' is not one of medical, disability, disaster, job_loss, other",
        "line 4: amount: 'lots' is not an amount",
        "line 4: date: '2026-13-01' is not an ISO date",
        "line 5: department: empty",
        "line 5: date: 2027-01-01 is in the future",
    ]
    assert await all_cases(app) == []


async def test_a_thousand_alerts_with_three_bad_rows_load_nothing(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    await register_households(settings, clock, tmp_path)
    rows = [{"department": "区医保局", "id_number": household_row(n % 6)["id_number"],
             "household_id": "", "alert_type": "medical", "amount": str(1000 + n),
             "date": "2026-02-01"} for n in range(1000)]
    rows[10]["alert_type"] = "flood"
    rows[500]["date"] = "yesterday"
    rows[998]["id_number"] = rows[998]["id_number"][:-2]
    assert await load_alerts(settings, str(alerts_file(tmp_path, rows)), clock,
                             tmp_path / "u.csv") == 1
    err = capsys.readouterr().err
    assert [line.split(":")[0] for line in err.splitlines()[:3]] == ["line 12", "line 502",
                                                                     "line 1000"]
    assert "nothing loaded: 3 problem(s)" in err
    assert await all_cases(app) == []


async def test_an_officer_found_report_matches_a_data_case_by_id_number(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    """Different spelling of the name, same ID number: one household, one case."""
    from tests.flows.test_intake_officer_found import found, officer_chat

    await register_households(settings, clock, tmp_path)
    h0 = household_row(0)
    path = alerts_file(tmp_path, [{"department": "区医保局", "id_number": h0["id_number"],
                                   "household_id": "", "alert_type": "medical", "amount": "",
                                   "date": "2026-02-01"}])
    assert await load_alerts(settings, str(path), clock, tmp_path / "u.csv") == 0
    chat, _ = await officer_chat(app)
    text = await found(chat, name="另一个写法", idnum=h0["id_number"])
    assert "已有在办案件" in text
    assert len(await all_cases(app)) == 1


async def test_a_data_case_carries_the_register_s_id_number(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    """Matched by household id alone, the case still has the head's ID number from the
    register: encrypted, with its look-up hash, and in the case list (masked unless --full)."""
    await register_households(settings, clock, tmp_path)
    h2 = household_row(2)
    path = alerts_file(tmp_path, [{"department": "区医保局", "id_number": "",
                                   "household_id": h2["household_id"], "alert_type": "medical",
                                   "amount": "", "date": "2026-02-01"}])
    assert await load_alerts(settings, str(path), clock, tmp_path / "u.csv") == 0
    [case] = await all_cases(app)
    cipher = app.services.cases.cipher
    assert case.id_number_hash == cipher.lookup_hash(h2["id_number"])
    assert h2["id_number"].encode() not in case.id_number_enc
    assert cipher.decrypt(case.id_number_enc) == h2["id_number"]
    masked, full = tmp_path / "cases.xlsx", tmp_path / "full.xlsx"
    assert await export_case_list(settings, out=str(masked), division=None, full=False,
                                  lang="zh") == 0
    assert await export_case_list(settings, out=str(full), division=None, full=True,
                                  lang="zh") == 0
    header, row = list(load_workbook(masked).active.iter_rows(values_only=True))[:2]
    cells = dict(zip(header, row, strict=True))
    assert cells["户主"] == h2["head_name"]
    assert cells["身份证号"] == h2["id_number"][:4] + "*" * 10 + h2["id_number"][-4:]
    header, row = list(load_workbook(full).active.iter_rows(values_only=True))[:2]
    assert dict(zip(header, row, strict=True))["身份证号"] == h2["id_number"]


async def test_the_officer_s_card_for_a_data_case_shows_the_register_s_phone(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    """The department found the household, not the household itself: the phone in the
    register is how the officer reaches them before the visit."""
    await register_households(settings, clock, tmp_path)
    h1 = household_row(1)
    assert h1["phone"], "the factory gives household 1 a phone"
    officer = 9302
    await add_official(app, user_id=officer, division=h1["village_code"])
    path = alerts_file(tmp_path, [{"department": "区医保局", "id_number": h1["id_number"],
                                   "household_id": "", "alert_type": "medical",
                                   "amount": "", "date": "2026-02-01"}])
    assert await load_alerts(settings, str(path), clock, tmp_path / "u.csv") == 0
    [case] = await all_cases(app)
    assert h1["phone"].encode() not in case.phone_enc
    [card] = await to_officials(app, {officer})
    assert h1["head_name"] in card.text and h1["phone"] in card.text
