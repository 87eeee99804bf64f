"""The register's optional `group` (组) column: files without it still load and leave stored
groups alone; the ways offices write a group are stored as one; a search tells a group from
a name."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.main import main
from cases.households import canonical_group, search_of
from storage.db import create_engine
from storage.households import short_id_of
from storage.migrate import migrate
from storage.tables_intake import households
from tests.imports.factory import HOUSEHOLD_COLUMNS, household_row, write_csv
from tests.imports.test_household_import import cli_db  # noqa: F401  (the fixture)

WITH_GROUP = (*HOUSEHOLD_COLUMNS, "group")


def groups(url: str) -> dict[str, tuple[str | None, int | None]]:
    """household id → (group, short id) as stored."""
    async def read() -> dict[str, tuple[str | None, int | None]]:
        engine = create_engine(url)
        try:
            async with engine.begin() as tx:
                rows = (await tx.execute(select(households.c.household_id, households.c.group_name,
                                                households.c.short_id))).all()
        finally:
            await engine.dispose()
        return {r.household_id: (r.group_name, r.short_id) for r in rows}

    return asyncio.run(read())


def rows_with(groups_: list[str]) -> list[dict[str, str]]:
    return [{**household_row(n), "group": group} for n, group in enumerate(groups_)]


def test_a_register_without_the_group_column_loads_as_before(
        tmp_path: Path, cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path = write_csv(tmp_path / "old.csv", HOUSEHOLD_COLUMNS, [household_row(n) for n in range(3)])
    assert main(["households", "import", str(path)]) == 0
    assert "3 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    stored = groups(cli_db)
    assert {hid: group for hid, (group, _) in stored.items()} == {
        "HH0000000": None, "HH0000001": None, "HH0000002": None}
    assert stored["HH0000001"][1] == short_id_of("HH0000001")  # every household has its button id


def test_groups_are_stored_one_way_and_a_file_without_the_column_keeps_them(
        tmp_path: Path, cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    written = ["第三组", "2", "三村民小组", "5社", "上坝", ""]
    path = write_csv(tmp_path / "with.csv", WITH_GROUP, rows_with(written))
    assert main(["households", "import", str(path)]) == 0
    assert "6 new" in capsys.readouterr().out
    stored = {hid: group for hid, (group, _) in groups(cli_db).items()}
    assert list(stored.values()) == ["3组", "2组", "3组", "5社", "上坝", None]
    assert main(["households", "import", str(path)]) == 0  # the same file: nothing changes
    assert "0 new, 0 changed, 6 unchanged" in capsys.readouterr().out
    # An older file without the column changes nothing, and the groups stay.
    old = write_csv(tmp_path / "old.csv", HOUSEHOLD_COLUMNS, [household_row(n) for n in range(6)])
    assert main(["households", "import", str(old)]) == 0
    assert "0 new, 0 changed, 6 unchanged" in capsys.readouterr().out
    assert {hid: group for hid, (group, _) in groups(cli_db).items()} == stored
    # A blank cell in a file with the column clears the group; a new one replaces it.
    changed = rows_with(["", "4组", "三村民小组", "5社", "上坝", ""])
    assert main(["households", "import", str(write_csv(tmp_path / "b.csv", WITH_GROUP,
                                                       changed))]) == 0
    assert "0 new, 2 changed, 4 unchanged" in capsys.readouterr().out
    after = {hid: group for hid, (group, _) in groups(cli_db).items()}
    assert after["HH0000000"] is None and after["HH0000001"] == "4组"


def test_a_group_too_long_names_its_line_and_loads_nothing(
        tmp_path: Path, cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path = write_csv(tmp_path / "long.csv", WITH_GROUP, rows_with(["1组", "组" * 40]))
    assert main(["households", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 3: group: longer than 32 characters" in err
    assert groups(cli_db) == {}


@pytest.mark.parametrize(("written", "stored"), [
    ("3", "3组"), ("3组", "3组"), ("第3组", "3组"), ("三组", "3组"), ("第三村民小组", "3组"),
    ("十二组", "12组"), ("二十一", "21组"), ("两组", "2组"), ("7社", "7社"), ("第二队", "2队"),
    ("  上坝  组 ", "上坝 组"), ("0组", "0组"), ("", ""),
])
def test_the_ways_a_group_is_written(written: str, stored: str) -> None:
    assert canonical_group(written) == stored


def test_a_search_tells_a_group_from_a_name() -> None:
    assert search_of("3组").groups == ("3组", "3社", "3队")
    assert search_of("3").groups == ("3组", "3社", "3队")
    assert search_of("第三组").groups == ("3组", "3社", "3队")
    assert search_of("三").groups == ()  # a bare numeral is a name's part (张三), not a group
    assert search_of("王").groups == () and search_of("王").text == "王"


async def test_the_migration_gives_households_already_loaded_their_button_number(
        db_url: str) -> None:
    """A register loaded before the group column existed: after the upgrade every household
    has its short id (buttons need it) and no group."""
    engine = create_engine(db_url)
    try:
        await migrate(engine, "0009")
        async with engine.begin() as tx:
            await tx.execute(households.insert(), [
                {"household_id": hid, "village_code": "500119101201", "head_name": "张三",
                 "members": 3, "category": "lifted", "updated_at": datetime(2026, 1, 1, tzinfo=UTC)}
                for hid in ("HCB0001", "HCB0002")])
        await migrate(engine)
        async with engine.begin() as tx:
            rows = (await tx.execute(select(households.c.household_id, households.c.short_id,
                                            households.c.group_name)
                                     .order_by(households.c.household_id))).all()
    finally:
        await engine.dispose()
    assert [tuple(r) for r in rows] == [("HCB0001", short_id_of("HCB0001"), None),
                                        ("HCB0002", short_id_of("HCB0002"), None)]
