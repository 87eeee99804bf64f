"""Lean installs and a lean start: a framework that is not installed is one line naming the
extra to install; `python -m bot run` loads neither the other framework nor what only other
paths need; Alembic is skipped when the database is already at head."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest

from bot.adapters import factory
from bot.cli.main import main
from bot.fake_telegram import FakeTelegram
from bot.schema import at_head, head_revisions, migrate_unless_at_head
from storage.db import create_engine
from storage.migrate import alembic_config, migrate
from tests.conftest import TEST_KEY
from tests.support.e2e import TOKEN

ROOT = Path(__file__).resolve().parents[2]


def without(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """Make `import package` fail as if it were not installed, and the adapters import afresh."""
    for name in list(sys.modules):
        if name == package or name.startswith(package + ".") or name.startswith("bot.adapters."):
            if name != "bot.adapters.factory":
                monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, package, None)  # None: "import halted", a ModuleNotFoundError


@pytest.mark.parametrize(("framework", "package", "extra"),
                         [("aiogram", "aiogram", "aiogram"), ("ptb", "telegram", "ptb")])
def test_a_framework_that_is_not_installed_is_one_line_naming_the_extra(
        framework: str, package: str, extra: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    without(monkeypatch, package)
    db = tmp_path / "bot.db"
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("BOT_FRAMEWORK", framework)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    monkeypatch.setenv("DATA_KEY", TEST_KEY)

    assert main(["run"]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"pip install 'safety-net[{extra}]'" in err and f"BOT_FRAMEWORK={framework}" in err
    assert not db.exists()  # said before any work


def test_another_import_error_in_an_adapter_keeps_its_traceback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "chat.media")  # our own module, not the framework
    with pytest.raises(ImportError) as raised:
        factory.adapter_class("ptb")
    assert not isinstance(raised.value, factory.FrameworkMissing)


def test_the_schema_heads_read_without_alembic_are_alembic_s_own() -> None:
    from alembic.script import ScriptDirectory

    expected = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    assert head_revisions() == frozenset(expected)


def test_heads_of_files_in_another_form_are_left_to_alembic(tmp_path: Path) -> None:
    usual, unusual = tmp_path / "usual", tmp_path / "unusual"
    for folder in (usual, unusual):
        folder.mkdir()
        (folder / "0001_a.py").write_text('revision = "0001"\ndown_revision = None\n')
        (folder / "0002_b.py").write_text('revision: str = "0002"\ndown_revision = "0001"\n')
    (unusual / "0003_c.py").write_text('revision = make_id()\ndown_revision = "0002"\n')
    assert head_revisions(usual) == {"0002"}
    assert head_revisions(unusual) is None


async def test_only_a_database_at_head_skips_the_migration(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'schema.db'}")
    try:
        assert not await at_head(engine)  # no table at all
        await migrate(engine, "0006")
        assert not await at_head(engine)  # behind
        assert await migrate_unless_at_head(engine)  # so it runs
        assert await at_head(engine)
        assert not await migrate_unless_at_head(engine)
    finally:
        await engine.dispose()


IMPORT = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)
NEVER_AT_RUN = ("alembic", "matplotlib", "openpyxl", "bot.sandbox", "bot.fake_telegram",
                "bot.reports.chart", "bot.reports.xlsx", "bot.webhook", "prometheus_client")


@pytest.mark.e2e
@pytest.mark.parametrize(("framework", "other"), [("aiogram", "telegram"), ("ptb", "aiogram")])
async def test_run_loads_only_what_polling_needs(framework: str, other: str, tmp_path: Path) -> None:
    """The real `python -m bot run`, up to its first getUpdates, on a database at head."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'run.db'}"
    engine = create_engine(url)
    await migrate(engine)
    await engine.dispose()
    fake = FakeTelegram(bot_username="safety_net_bot")
    await fake.start()
    env = {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": fake.base_url,
           "DATABASE_URL": url, "DATA_KEY": TEST_KEY, "BOT_FRAMEWORK": framework,
           "POLL_TIMEOUT": "1", "PYTHONPATH": str(ROOT)}
    env.pop("METRICS_PORT", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-X", "importtime", "-m", "bot", "run", "--no-scheduler", cwd=tmp_path,
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        async with asyncio.timeout(60):
            while not fake.calls("getUpdates"):
                assert process.returncode is None
                await asyncio.sleep(0.05)
    finally:
        process.terminate()
        err = (await process.stderr.read()).decode()  # type: ignore[union-attr]
        await process.wait()
        await fake.stop()
    loaded = set(IMPORT.findall(err))
    assert "bot.runner" in loaded  # the list is real
    unwanted = [m for m in loaded
                if any(m == n or m.startswith(n + ".") for n in (other, *NEVER_AT_RUN))]
    assert not unwanted, unwanted
