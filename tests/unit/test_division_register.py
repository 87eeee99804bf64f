"""Loading a division register from CSV: all rows or nothing, every problem named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.division_register import DEMO_REGISTER
from cases.csvfile import CsvError
from cases.division_import import parse_divisions


def test_the_demo_register_names_the_programme_divisions() -> None:
    names = {d.name: d for d in parse_divisions(DEMO_REGISTER)}
    assert names["汉场坝村"].parent_code == names["木凉镇"].code
    for name in ("河图镇", "长坪村", "东城街道", "黄淦村", "福寿镇", "大石坝村", "大观镇", "金龙村",
                 "三泉镇", "山王坪镇", "黎香湖镇", "石溪镇", "金山镇", "鸣玉镇", "观音村", "龙泉村",
                 "南湖村", "盐井村", "龙山村"):
        assert name in names


def test_gb18030_file_with_bad_rows_loads_nothing_and_names_each_line(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes((
        "code,name,level,parent_code\n"
        "1,某区,district,\n"
        "2,某镇,town,1\n"
        "3,,village,2\n"
        "4,某村,hamlet,2\n"
        "5,另村,village,9\n"
    ).encode("gb18030"))
    with pytest.raises(CsvError) as caught:
        parse_divisions(path)
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "line 4: name: empty",
        "line 5: level: 'hamlet' is not district, town or village",
        "line 6: parent_code: 9 is not in the register",
    ]


def test_cli_import_prints_problems_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    bad = tmp_path / "bad.csv"
    bad.write_text("\ufeffcode,name,level,parent_code\n1,区,district,\n2,镇,town,\n", encoding="utf-8")
    assert main(["divisions", "import", str(bad)]) == 1
    assert "line 3: parent_code: a town needs a parent" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text("code,name,level,parent_code\n1,区,district,\n2,镇,town,1\n3,村,village,2\n",
                    encoding="utf-8")
    assert main(["divisions", "import", str(good)]) == 0
    assert main(["divisions", "import", str(good)]) == 0  # twice: nothing changes
    assert "loaded 3 divisions" in capsys.readouterr().out
