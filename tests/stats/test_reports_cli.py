"""A district imports its history, then reads its 2021 figures as text, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli.cases_import import load_history
from bot.cli.report import make_report
from bot.settings import Settings
from cases.clock import MovableClock
from tests.stats.history_file import write_history
from tests.stats.register import NOW


@pytest.fixture
def frozen() -> MovableClock:
    return MovableClock(NOW, frozen=True)


@pytest.fixture
async def imported(settings: Settings, frozen: MovableClock, tmp_path: Path) -> Settings:
    assert await load_history(settings, str(write_history(tmp_path / "history.csv")), frozen) == 0
    return settings


async def test_text_report_carries_every_headline_figure(
        imported: Settings, frozen: MovableClock, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert await make_report(imported, frozen, year=2021, division=None, fmt="text", out=None,
                             lang="zh") == 0
    text = capsys.readouterr().out
    assert "南川区 2021年" in text
    assert "当年新识别监测对象：14 户 38 人" in text
    assert "累计识别监测对象：614 户 1982 人" in text
    assert "累计风险消除：450 户 1591 人" in text
    assert "汉场坝村" in text and "最近秩法" in text
    # The village lines say what their columns are.
    heading = "各村（当年新识别 · 累计识别 · 累计风险消除 · 在办/超期件数）"
    lines = text.splitlines()
    assert heading in lines and "名称 — 村" not in text
    assert lines[lines.index(heading) + 1].split("：")[0] in ("黄淦村", "汉场坝村", "长坪村", "南湖村")


async def test_csv_rows_for_district_towns_and_villages(
        imported: Settings, frozen: MovableClock, tmp_path: Path) -> None:
    out = tmp_path / "stats.csv"
    assert await make_report(imported, frozen, year=2021, division=None, fmt="csv", out=str(out),
                             lang="zh") == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    district = rows[0]
    assert district["层级"] == "区" and district["名称"] == "南川区"
    assert (district["当年新识别户数"], district["当年新识别人数"]) == ("14", "38")
    assert (district["累计识别户数"], district["累计识别人数"]) == ("614", "1982")
    assert (district["累计风险消除户数"], district["累计风险消除人数"]) == ("450", "1591")
    villages = [r for r in rows if r["层级"] == "村"]
    assert sum(int(r["累计识别户数"]) for r in villages) == 614
    assert sum(int(r["累计风险消除人数"]) for r in villages) == 1591
    towns = [r for r in rows if r["层级"] == "镇街"]
    assert sum(int(r["当年新识别人数"]) for r in towns) == 38


async def test_xlsx_and_a_town_report(imported: Settings, frozen: MovableClock,
                                      tmp_path: Path) -> None:
    out = tmp_path / "stats.xlsx"
    assert await make_report(imported, frozen, year=2021, division=None, fmt="xlsx", out=str(out),
                             lang="zh") == 0
    wb = load_workbook(out)
    summary = {r[0]: r[1:] for r in wb["汇总"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert summary["当年新识别"] == (14, 38)
    assert summary["累计识别"] == (614, 1982)
    assert summary["累计风险消除"] == (450, 1591)
    months = list(wb["月度"].iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in months) == 14 and sum(r[2] for r in months) == 38
    town = tmp_path / "town.csv"
    assert await make_report(imported, frozen, year=2021, division="木凉镇", fmt="csv",
                             out=str(town), lang="zh") == 0
    first = next(csv.DictReader(io.StringIO(town.read_text(encoding="utf-8-sig"))))
    assert first["名称"] == "木凉镇" and first["层级"] == "镇街"


async def test_png_report_and_unknown_division(imported: Settings, frozen: MovableClock,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "stats.png"
    assert await make_report(imported, frozen, year=2021, division=None, fmt="png", out=str(out),
                             lang="zh") == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert await make_report(imported, frozen, year=2021, division="火星村", fmt="text", out=None,
                             lang="zh") == 2
    assert "unknown division" in capsys.readouterr().err
