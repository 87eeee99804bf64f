"""The container image and compose.yaml reach the web page for residents: with WEB_PORT set
in .env, the page listens beyond the container's loopback and its port is published on the
host's loopback (for nginx), never on every interface. Read from the files as they ship."""

from __future__ import annotations

import re
from pathlib import Path

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def live_lines(path: Path) -> list[str]:
    """The file's lines that are not comments, stripped."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def service_block(name: str) -> list[str]:
    """The live lines of one service of compose.yaml (two-space indented under services)."""
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    block = re.search(rf"^  {name}:\n((?:    .*\n|\s*\n)*)", text, re.MULTILINE)
    assert block, f"no service {name} in compose.yaml"
    return [line.strip() for line in block.group(1).splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_the_web_page_port_is_published_on_the_hosts_loopback_and_exposed() -> None:
    bot = service_block("bot")
    assert "WEB_HOST: 0.0.0.0" in bot  # inside a container, 127.0.0.1 is unreachable from outside
    published = [line for line in bot if "${WEB_PORT" in line]
    assert published == ['- "127.0.0.1:${WEB_PORT:-8080}:${WEB_PORT:-8080}"']
    exposed = next(line for line in live_lines(ROOT / "Dockerfile") if line.startswith("EXPOSE"))
    assert "8080" in exposed.split()
    # The container's environment as compose gives it, with the .env of the README's example.
    web = Settings(database_url="sqlite+aiosqlite:///:memory:", WEB_HOST="0.0.0.0",
                   WEB_PORT="8080").web
    assert (web.web_host, web.web_port) == ("0.0.0.0", 8080)

