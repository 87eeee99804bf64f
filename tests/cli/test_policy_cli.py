"""`python -m bot policy show|set|history` and `python -m bot lifecycle [--district]`: a
district's own rules over the `.env` defaults, checked and recorded, and the chain as it runs."""

from __future__ import annotations

import pytest

from bot.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_default_chain_is_printed_without_a_database(
        capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    code, out, _ = run(capsys, "lifecycle")
    assert code == 0
    lines = out.splitlines()
    order = [line.split()[0] for line in lines if line.startswith("  ")]
    assert order == ["reported", "accepted", "visited", "proposed", "review", "notice", "confirm",
                     "monitored", "monitored", "review", "notice", "confirm", "closed"]
    assert "5 full calendar days" in out and "2026 7800" in out


def test_a_district_value_is_checked_recorded_and_shown(
        capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    assert run(capsys, "migrate")[0] == 0
    code, _, err = run(capsys, "policy", "set", "--district", "南川区", "deadline.visit", "500")
    assert code == 1 and "out of range (1..90 days)" in err
    code, _, err = run(capsys, "policy", "set", "--district", "南川区", "steps.inclusion", "vote")
    assert code == 1 and "review, notice, confirm" in err
    code, _, err = run(capsys, "policy", "set", "--district", "木凉镇", "deadline.visit", "5")
    assert code == 1 and "no district" in err

    assert run(capsys, "policy", "set", "--district", "南川区", "deadline.visit", "5")[1] == \
        "南川区: deadline.visit 3 -> 5\n"
    assert run(capsys, "policy", "set", "--district", "500119000000", "steps.inclusion",
               "confirm,review")[0] == 0
    assert run(capsys, "policy", "set", "--district", "南川区", "income_line.2027", "8000")[0] == 0

    _, shown, _ = run(capsys, "policy", "show", "--district", "南川区")
    assert any(line.split() == ["deadline.visit", "5", "district"] for line in shown.splitlines())
    assert any(line.split() == ["steps.inclusion", "review,confirm", "district"]
               for line in shown.splitlines())
    assert any(line.split() == ["deadline.accept", "24", "default"] for line in shown.splitlines())

    _, history, _ = run(capsys, "policy", "history")
    assert [line.split(" ", 3)[3] for line in history.splitlines()] == [
        "deadline.visit: default -> 5 (by cli)",
        "steps.inclusion: default -> review,confirm (by cli)",
        "income_line.2027: default -> 8000 (by cli)"]

    _, chain, _ = run(capsys, "lifecycle", "--district", "南川区")
    assert "home visit within 5 days" in chain
    inclusion = chain.split("Out of monitoring")[0]
    assert "review" in inclusion and "notice (公示)" not in inclusion
    assert "2027 8000" in chain
