"""LOG_FORMAT=json: one JSON object a line (time, level, logger, message, exception), redacted
like the plain lines — no phone number, ID number or token, in the message or the traceback."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli.main import set_up_logging

PHONE, ID_NUMBER = "13800138000", "110101199003074514"
TOKEN = "bot123456:AAE-secret_token"
ROOT = Path(__file__).resolve().parents[2]


def lines_of(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def test_each_record_is_one_json_line_without_phone_or_id_number(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LOG_FORMAT", "json")
    set_up_logging(verbose=False)
    log = logging.getLogger("handlers.self_report")
    log.warning("reporter %s gave ID %s", PHONE, ID_NUMBER)
    log.info("multi\nline 你好")
    try:
        raise ValueError(f"bad phone {PHONE} for {ID_NUMBER} at /{TOKEN}/sendMessage")
    except ValueError:
        log.exception("flow failed for %s", PHONE)

    err = capsys.readouterr().err
    assert PHONE not in err and ID_NUMBER not in err and "secret_token" not in err
    first, second, third = lines_of(err)  # three records, three lines: each parses alone
    assert set(first) == {"time", "level", "logger", "message", "exception"}
    assert first["level"] == "WARNING" and first["logger"] == "handlers.self_report"
    assert first["message"] == "reporter <phone> gave ID <id-number>"
    assert first["exception"] is None
    assert datetime.fromisoformat(str(first["time"])).utcoffset() is not None
    assert second["message"] == "multi\nline 你好"
    assert third["level"] == "ERROR" and third["message"] == "flow failed for <phone>"
    exception = str(third["exception"])
    assert exception.startswith("Traceback") and "ValueError: bad phone <phone> for <id-number>" in exception
    assert "bot<token>" in exception


def test_plain_stays_the_default(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    set_up_logging(verbose=False)
    logging.getLogger("bot").warning("phone %s", PHONE)
    err = capsys.readouterr().err
    assert err.rstrip().endswith("WARNING bot: phone <phone>")


def test_a_real_command_logs_json_lines(tmp_path: Path) -> None:
    """`python -m bot migrate` with LOG_FORMAT=json -v: Alembic's INFO lines, as JSON."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LOG_FORMAT": "json",
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'json.db'}"}
    done = subprocess.run([sys.executable, "-m", "bot", "migrate", "-v"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    records = lines_of(done.stderr)
    assert records and all(r["level"] in ("INFO", "WARNING") for r in records)
    assert any(r["logger"].startswith("alembic") for r in records)  # type: ignore[union-attr]
