"""Every command on a fresh clone: it works, or it says in one line what to do — no traceback.

Each test runs in an empty directory with the default DATABASE_URL (data/safety_net.db).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from bot.cli.main import main
from storage.db import create_engine
from tests.conftest import TEST_KEY
from tests.support.databases import PG_ADMIN_URL, skip_or_fail_without_postgres

DEFAULT_DB = Path("data/safety_net.db")
NO_DATABASE = f"no database at {DEFAULT_DB} — run `python -m bot migrate`"
READ_ONLY = [["status"], ["export", "cases", "--out", "cases.csv"], ["report"], ["officials", "list"]]
HISTORY = (
    "reference,household_id,village_code,people,source,risk_types,category,reported_at,"
    "identified_at,eliminated_at,closed_reason\n"
    "NC-2021-000900,HQ1,500119101201,3,本人申报,因病|housing,边缘易致贫户,2021-03-01,"
    "2021-03-20 10:00,,\n")
HOUSEHOLDS = ("household_id,village_code,head_name,id_number,members,category,phone\n"
              "HQ1,500119101201,=HYPERLINK(\"x\"),99999919720805026X,3,lifted,\n")


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory, no .env, the default database URL, a DATA_KEY."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "LOG_LEVEL", "BOT_TOKEN", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    yield tmp_path


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """What the command printed on stderr: exactly one line and no traceback."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_read_only_commands_never_create_a_database(
        fresh: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(command) == 1
    assert one_line_error(capsys) == NO_DATABASE
    assert not (fresh / "data").exists()
    assert not (fresh / "cases.csv").exists()


def test_read_only_commands_say_so_when_the_schema_is_behind(
        fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    run(stamp(f"sqlite+aiosqlite:///{DEFAULT_DB}", "0001"))
    capsys.readouterr()
    assert main(["status"]) == 1
    line = one_line_error(capsys)
    assert line.startswith(f"the database at {DEFAULT_DB} has schema 0001, this version needs ")
    assert line.endswith("— run `python -m bot migrate`")


def test_commands_that_change_data_migrate_first_then_the_read_only_ones_work(
        fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "--role", "officer", "--division", "汉场坝村"]) == 0
    assert (fresh / DEFAULT_DB).is_file()
    assert main(["status"]) == 0
    assert main(["officials", "list"]) == 0
    assert main(["report"]) == 0
    assert main(["export", "cases", "--out", "cases.xlsx"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "overdue cases by level: none" in captured.out
    assert "no officials yet" in captured.out


def test_an_import_of_a_missing_file_says_so_and_creates_nothing(
        fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["divisions", "import", "nope.csv"], ["cases", "import", "nope.csv"],
                    ["households", "import", "nope.csv"], ["alerts", "import", "nope.csv"]):
        assert main(command) == 1
        assert one_line_error(capsys) == "error: no file nope.csv"
    assert not (fresh / "data").exists()


def test_an_unreachable_database_is_one_line(
        fresh: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:1/safety_net")
    assert main(["migrate"]) == 1
    line = one_line_error(capsys)
    assert line.startswith("error: ") and line.endswith("(add -v for the details)")


def export_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    """One household whose head's name is a formula, and one imported case of it."""
    Path("hh.csv").write_text(HOUSEHOLDS, encoding="utf-8")
    Path("history.csv").write_text(HISTORY, encoding="utf-8")
    assert main(["households", "import", "hh.csv"]) == 0
    assert main(["cases", "import", "history.csv"]) == 0
    capsys.readouterr()


def test_export_writes_csv_with_a_bom_or_a_workbook_by_the_extension(
        fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export_fixture(capsys)
    assert main(["export", "cases", "--out", "cases.csv"]) == 0
    data = (fresh / "cases.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = data.decode("utf-8-sig").splitlines()
    assert header.startswith("编号,镇街,村,户编号,户主,身份证号,人数,来源,风险类型,环节")
    assert row.startswith("NC-2021-000900,木凉镇,汉场坝村,HQ1,")
    assert "9999**********026X" in row and "99999919720805026X" not in row
    assert "本人申报" in row and "2021-03-20 10:00" in row
    assert main(["export", "cases", "--out", "cases.XLSX"]) == 0
    sheet = load_workbook(fresh / "cases.XLSX").active
    assert sheet.cell(row=2, column=1).value == "NC-2021-000900"


def test_export_defuses_spreadsheet_formulas(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export_fixture(capsys)
    assert main(["export", "cases", "--out", "cases.csv"]) == 0
    assert "'=HYPERLINK(\"\"x\"\")" in (fresh / "cases.csv").read_text(encoding="utf-8-sig")
    assert main(["export", "cases", "--out", "cases.xlsx"]) == 0
    cell = load_workbook(fresh / "cases.xlsx").active.cell(row=2, column=5)
    # A string cell is never evaluated: it keeps the text exactly, without the CSV apostrophe.
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"x\")"


@pytest.mark.parametrize("out", ["cases.pdf", "cases"])
def test_export_refuses_any_other_extension_in_one_line(
        fresh: Path, out: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "cases", "--out", out]) == 2
    assert one_line_error(capsys).startswith("error: --out must end in .csv or .xlsx")
    assert not (fresh / out).exists() and not (fresh / "data").exists()


def test_library_info_lines_only_with_verbose(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "database is up to date\n"
    assert "Context impl" not in captured.err and "DDL" not in captured.err
    for argv in (["-v", "migrate"], ["migrate", "--verbose"]):
        assert main(argv) == 0
        assert "Context impl SQLiteImpl." in capsys.readouterr().err


def test_an_unknown_argument_is_still_refused(fresh: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["migrate", "--bogus"])
    assert exc.value.code == 2


# --- PostgreSQL: "missing" means the tables are missing ------------------------------------

@pytest.fixture
def empty_postgres(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new PostgreSQL database with no tables, as DATABASE_URL."""
    name = f"sn_test_{uuid.uuid4().hex[:12]}"
    try:
        run(admin(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # not reachable
        skip_or_fail_without_postgres(repr(exc))
    url = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.mark.postgres
@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_read_only_commands_on_postgres_without_tables(
        fresh: Path, empty_postgres: str, command: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(command) == 1
    line = one_line_error(capsys)
    assert line.startswith("no database at postgresql+asyncpg://")
    assert line.endswith("— run `python -m bot migrate`")
    assert run(table_count(empty_postgres)) == 0


# --- helpers --------------------------------------------------------------------------------

def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def admin(statement: str) -> None:
    import asyncpg

    conn = await asyncio.wait_for(asyncpg.connect(PG_ADMIN_URL), timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def stamp(url: str, revision: str) -> None:
    """Pretend the database is at an older schema."""
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        await engine.dispose()


async def table_count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            return int((await conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ))).scalar_one())
    finally:
        await engine.dispose()
