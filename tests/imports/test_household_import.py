"""`python -m bot households import`: all rows or nothing, encrypted ID numbers, idempotent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli.main import main
from storage.crypto import FieldCipher
from storage.db import create_engine
from storage.tables_intake import households
from tests.conftest import TEST_KEY
from tests.imports.factory import HOUSEHOLD_COLUMNS, household_file, household_row, write_csv


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    return url


def stored_rows(url: str) -> list:  # type: ignore[type-arg]
    async def read() -> list:  # type: ignore[type-arg]
        engine = create_engine(url)
        try:
            async with engine.begin() as tx:
                return list((await tx.execute(select(households).order_by(
                    households.c.household_id))).all())
        finally:
            await engine.dispose()

    return asyncio.run(read())


def count_rows(url: str) -> int:
    async def read() -> int:
        engine = create_engine(url)
        try:
            async with engine.begin() as tx:
                return int((await tx.execute(select(func.count()).select_from(households)))
                           .scalar() or 0)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_a_thousand_rows_with_three_bad_ones_load_nothing_and_name_each_line(
        tmp_path: Path, cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [household_row(n) for n in range(1000)]
    rows[99]["id_number"] = rows[99]["id_number"][:-1] + ("0" if rows[99]["id_number"][-1] != "0"
                                                           else "1")
    rows[499]["village_code"] = "999999999999"
    rows[899]["members"] = "many"
    path = write_csv(tmp_path / "register.csv", HOUSEHOLD_COLUMNS, rows)
    assert main(["households", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 101: id_number: check digit does not match (GB 11643)" in err
    assert "line 501: village_code: 999999999999 is not a village in the register" in err
    assert "line 901: members: 'many' is not a number 1–30" in err
    assert "nothing loaded: 3 problem(s)" in err
    assert count_rows(cli_db) == 0


def test_a_gb18030_register_loads_encrypted_and_a_second_import_changes_nothing(
        tmp_path: Path, cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = household_file(tmp_path / "register.csv", 300, encoding="gb18030")
    assert main(["households", "import", str(path)]) == 0
    assert "300 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    before = stored_rows(cli_db)
    assert len(before) == 300
    first = household_row(0)
    cipher = FieldCipher(TEST_KEY)
    assert before[0].id_number_enc is not None
    assert first["id_number"].encode() not in before[0].id_number_enc
    assert cipher.decrypt(before[0].id_number_enc) == first["id_number"]
    assert before[0].id_number_hash == cipher.lookup_hash(first["id_number"])
    assert before[1].category == "monitored"  # the Chinese label 监测户 became its slug
    assert main(["households", "import", str(path)]) == 0
    assert "0 new, 0 changed, 300 unchanged" in capsys.readouterr().out
    assert stored_rows(cli_db) == before


def test_a_changed_row_is_rewritten_and_a_number_taken_by_another_household_is_refused(
        tmp_path: Path, cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [household_row(n) for n in range(5)]
    assert main(["households", "import", str(write_csv(
        tmp_path / "a.csv", HOUSEHOLD_COLUMNS, rows))]) == 0
    rows[2]["members"] = "6"
    rows[2]["id_number"] = rows[2]["id_number"].lower()  # same number, lowercase x
    assert main(["households", "import", str(write_csv(
        tmp_path / "b.csv", HOUSEHOLD_COLUMNS, rows))]) == 0
    assert "0 new, 1 changed, 4 unchanged" in capsys.readouterr().out
    thief = {**household_row(9), "id_number": rows[0]["id_number"]}
    assert main(["households", "import", str(write_csv(
        tmp_path / "c.csv", HOUSEHOLD_COLUMNS, [thief]))]) == 1
    assert "line 2: id_number: already registered to household HH0000000" in capsys.readouterr().err
    assert count_rows(cli_db) == 5


def test_a_large_file_shows_progress(tmp_path: Path, cli_db: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = household_file(tmp_path / "register.csv", 2500)
    assert main(["households", "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "households: 2500/2500 (100%)" in err
