"""A district imports its history, then reads its 2021 figures as text, CSV and XLSX.

The detailed figures (eliminated in the year, monitored now, open and overdue by stage, source,
risk type) are checked against `expected()`, which works them out in plain Python from the
fixture rows by the definitions in cases/statistics.py — for the imported history and for the
same register written straight into the cases table (which keeps stages and due times).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.cli.cases_import import load_history
from bot.cli.report import make_report, translator
from bot.settings import Settings
from cases.clock import MovableClock
from cases.vocab import OPEN_STAGES, RISK_TYPES, SOURCES
from storage.db import create_engine
from storage.migrate import migrate
from tests.stats.history_file import write_history
from tests.stats.register import NOW, TZ, known_register, load

Row = dict[str, Any]
YEAR = 2021
ZH = translator("zh")


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
    assert "汉场坝村" in text and "· 受理用时：" in text and "最近秩法" not in text
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


# --- every detailed figure, worked out from the fixture rows --------------------------------

@dataclass
class Expected:
    eliminated_in_year: tuple[int, int]  # households, people
    eliminated_by_month: list[tuple[int, int]]
    monitored: tuple[int, int]
    open_by_stage: dict[str, int]
    overdue_by_stage: dict[str, int]
    by_source: dict[str, tuple[int, int]] = field(default_factory=dict)  # cases, households
    by_risk: dict[str, tuple[int, int]] = field(default_factory=dict)


def as_imported(rows: list[Row]) -> list[Row]:
    """What the history file keeps (tests/stats/history_file.py) and how the import reads it:
    closed when it has a closure reason or an elimination, else monitored when identified,
    else reported; no deadlines."""
    out = []
    for r in rows:
        closed = r["stage"] == "closed" or r["eliminated_at"] is not None
        stage = "closed" if closed else ("monitored" if r["identified_at"] else "reported")
        out.append({**r, "stage": stage, "due_at": None})
    return out


def _latest(rows: Iterable[tuple[int, Row]], at: str) -> dict[str, Row]:
    """Each household's representative row: the latest by `at`, then by insertion order (id)."""
    best: dict[str, tuple[datetime, int, Row]] = {}
    for index, r in rows:
        key = r["household_id"] or f"#case:{index}"
        if key not in best or (r[at], index) > best[key][:2]:
            best[key] = (r[at], index, r)
    return {key: r for key, (_, _, r) in best.items()}


def _count(rows: Iterable[Row]) -> tuple[int, int]:
    chosen = list(rows)
    return len(chosen), sum(r["people"] for r in chosen)


def expected(rows: list[Row], year: int = YEAR, now: datetime = NOW) -> Expected:
    start, end = datetime(year, 1, 1, tzinfo=TZ), datetime(year + 1, 1, 1, tzinfo=TZ)
    numbered = list(enumerate(rows, start=1))

    def local_month(at: datetime) -> int:
        return at.astimezone(TZ).month

    gone = [r for r in _latest(((i, r) for i, r in numbered
                                if r["eliminated_at"] and r["eliminated_at"] < end),
                               "eliminated_at").values() if r["eliminated_at"] >= start]
    new = [r for r in _latest(((i, r) for i, r in numbered
                               if r["identified_at"] and r["identified_at"] < end),
                              "identified_at").values() if r["identified_at"] >= start]
    monitored = _latest(((i, r) for i, r in numbered if r["stage"] == "monitored"),
                        "identified_at").values()
    open_cases = [r for r in rows if r["stage"] != "closed"]
    reported = [r for r in rows if start <= r["reported_at"] < end]
    cases_by_source = Counter(r["source"] for r in reported)
    new_by_source = Counter(r["source"] for r in new)
    cases_by_risk = Counter(risk for r in reported for risk in r["risk_types"])
    new_by_risk = Counter(risk for r in new for risk in r["risk_types"])
    return Expected(
        eliminated_in_year=_count(gone),
        eliminated_by_month=[_count(r for r in gone if local_month(r["eliminated_at"]) == m)
                             for m in range(1, 13)],
        monitored=_count(monitored),
        open_by_stage={s: sum(r["stage"] == s for r in open_cases) for s in OPEN_STAGES},
        overdue_by_stage={s: sum(r["stage"] == s and r["due_at"] is not None
                                 and r["due_at"] < now for r in open_cases)
                          for s in OPEN_STAGES},
        by_source={s: (cases_by_source[s], new_by_source[s]) for s in SOURCES},
        by_risk={k: (cases_by_risk[k], new_by_risk[k]) for k in RISK_TYPES},
    )


@pytest.fixture(params=["imported", "written"])
async def district(request: pytest.FixtureRequest, settings: Settings, frozen: MovableClock,
                   tmp_path: Path) -> tuple[Settings, Expected]:
    """The register as an imported history file, or written straight into the cases table."""
    rows = known_register()
    if request.param == "imported":
        assert await load_history(settings, str(write_history(tmp_path / "history.csv")),
                                  frozen) == 0
        return settings, expected(as_imported(rows))
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine)
        await load(engine, rows)
    finally:
        await engine.dispose()
    return settings, expected(rows)


def test_the_fixture_exercises_every_figure() -> None:
    """Guard against a vacuous check: each figure below has non-zero values to compare."""
    written, imported = expected(known_register()), expected(as_imported(known_register()))
    for e in (written, imported):
        assert e.eliminated_in_year[0] and e.monitored[0]
        assert all(e.by_source[s][0] and e.by_source[s][1] for s in SOURCES)
        assert sum(c for c, _ in e.by_risk.values()) and sum(h for _, h in e.by_risk.values())
    assert sum(written.overdue_by_stage.values()) and len(
        [s for s, n in written.open_by_stage.items() if n]) >= 4


async def test_text_report_shows_the_detailed_figures(
        district: tuple[Settings, Expected], frozen: MovableClock,
        capsys: pytest.CaptureFixture[str]) -> None:
    settings, e = district
    capsys.readouterr()
    assert await make_report(settings, frozen, year=YEAR, division=None, fmt="text", out=None,
                             lang="zh") == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"其中当年风险消除：{e.eliminated_in_year[0]} 户 {e.eliminated_in_year[1]} 人" in lines
    assert f"当前监测中：{e.monitored[0]} 户 {e.monitored[1]} 人" in lines

    def section(title: str) -> list[str]:
        """The "· …" lines under a heading."""
        start = next(i for i, line in enumerate(lines) if line.startswith(title)) + 1
        out = []
        for line in lines[start:]:
            if not line.startswith("· "):
                break
            out.append(line)
        return out

    assert section("在办案件（按环节）") == [
        f"· {ZH(f'stage.{s}')}：{n} 件，超期 {e.overdue_by_stage[s]} 件"
        for s, n in e.open_by_stage.items() if n]
    for title, prefix, figures in (("来源", "source", e.by_source),
                                   ("风险类型", "risk", e.by_risk)):
        assert section(title + "（") == [
            f"· {ZH(f'{prefix}.{label}')}：{cases} 件 / {households} 户"
            for label, (cases, households) in figures.items() if cases or households]


async def test_xlsx_report_shows_the_detailed_figures(
        district: tuple[Settings, Expected], frozen: MovableClock, tmp_path: Path) -> None:
    settings, e = district
    out = tmp_path / "stats.xlsx"
    assert await make_report(settings, frozen, year=YEAR, division=None, fmt="xlsx",
                             out=str(out), lang="zh") == 0
    wb = load_workbook(out)

    def sheet(name: str, key: Callable[[tuple[Any, ...]], Any] = lambda r: r[0]
              ) -> dict[Any, tuple[Any, ...]]:
        return {key(r): r[1:] for r in wb[name].iter_rows(min_row=2, values_only=True) if r[0]}

    summary = sheet("汇总")
    assert summary["当年风险消除"] == e.eliminated_in_year
    assert summary["当前监测中"] == e.monitored
    months = list(wb["月度"].iter_rows(min_row=2, values_only=True))
    assert [(r[3], r[4]) for r in months] == e.eliminated_by_month
    assert sheet("在办环节") == {ZH(f"stage.{s}"): (n, e.overdue_by_stage[s])
                                for s, n in e.open_by_stage.items()}
    assert sheet("来源") == {ZH(f"source.{s}"): e.by_source[s] for s in SOURCES}
    assert sheet("风险类型") == {ZH(f"risk.{k}"): e.by_risk[k] for k in RISK_TYPES}
    district_row = next(wb["镇村明细"].iter_rows(min_row=2, values_only=True))
    columns = [c.value for c in wb["镇村明细"][1]]
    assert (district_row[columns.index("当年风险消除户数")],
            district_row[columns.index("当年风险消除人数")]) == e.eliminated_in_year
    assert (district_row[columns.index("当前监测户数")],
            district_row[columns.index("当前监测人数")]) == e.monitored
    assert district_row[columns.index("超期件数")] == sum(e.overdue_by_stage.values())
