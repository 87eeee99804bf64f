"""The sandbox page in real headless Chromium (Debian's /usr/bin/chromium, no browser download):
the resident reports in their pane, the officer accepts in theirs, the resident sees the receipt.
A screenshot is saved under test-artifacts/."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.sandbox.runner import Sandbox
from tests.sandbox.api import bot_answers

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FRAMEWORK = "ptb"  # the API test runs aiogram: between them both frameworks drive the page
WAIT = 15.0
REF = re.compile(r"NC-\d{4}-\d{6}")
SAMPLE_PHOTO = Path(__file__).resolve().parents[2] / "bot" / "sandbox" / "static" / "sample.jpg"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install playwright)"
    return None


if (_reason := _missing()) is not None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        raise RuntimeError(f"the sandbox browser test must run in CI, but {_reason}")
    pytest.skip(_reason, allow_module_level=True)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def page(sandbox: Sandbox) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            tab = await browser.new_page(viewport={"width": 1500, "height": 900})
            await tab.goto(sandbox.url)
            yield tab
        finally:
            await browser.close()


class Pane:
    """One chat pane of the page, clicked and typed into as a visitor would."""

    def __init__(self, page: Any, sandbox: Sandbox, key: str) -> None:
        assert sandbox.board is not None and sandbox.fake is not None
        self.page = page
        self.sandbox = sandbox
        self.key = key
        self.user = sandbox.fake.user(sandbox.board.panes[key].persona.user_id)
        self.root = page.locator(f'[data-pane="{key}"]')

    async def _then(self, action: Callable[[], Awaitable[Any]], count: int) -> None:
        """Do something on the page, wait for `count` bot sends or edits, and for the page to
        show them."""
        await bot_answers(self.sandbox, self.key, count, action())
        await self.shown()

    async def shown(self) -> None:
        """Wait until the page has drawn everything the sandbox knows now."""
        assert self.sandbox.board is not None
        await self.page.wait_for_function(
            "v => Number(document.body.dataset.version || -1) >= v",
            arg=self.sandbox.board.version, timeout=WAIT * 1000)

    async def type(self, text: str, count: int = 1) -> None:
        async def action() -> None:
            await self.root.locator("input.text").fill(text)
            await self.root.locator("input.text").press("Enter")
        await self._then(action, count)

    async def tap(self, label: str, count: int = 1) -> None:
        """Tap the newest inline button with exactly this label."""
        button = self.root.locator(".ibtn", has_text=re.compile(f"^{re.escape(label)}$")).last
        await self._then(button.click, count)

    async def tap_first(self, selector: str, count: int = 1) -> None:
        await self._then(self.root.locator(selector).first.click, count)

    async def photo(self, data: bytes, count: int = 1) -> None:
        async def action() -> None:
            await self.root.locator("input.file").set_input_files(
                {"name": "house.jpg", "mimeType": "image/jpeg", "buffer": data})
        await self._then(action, count)

    async def text(self) -> str:
        return str(await self.root.locator(".chat").inner_text())

    async def wait_text(self, needle: str, after: int = 0) -> None:
        """Wait until a bot message (from index `after` on) in this pane shows `needle`."""
        await self.page.wait_for_function(
            """([key, needle, after]) => {
                const bubbles = [...document.querySelectorAll(`[data-pane="${key}"] .msg.bot`)];
                return bubbles.slice(after).some(b => b.innerText.includes(needle));
            }""", arg=[self.key, needle, after], timeout=WAIT * 1000)


async def test_resident_reports_and_the_officer_accepts_in_the_browser(
        page: Any, sandbox: Sandbox) -> None:
    try:
        await _report_and_accept(page, sandbox)
    finally:  # what the page showed, passed or failed
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "sandbox-report-accept.png"))
    # The page's own font gives the Chinese glyphs where the machine has no CJK font.
    assert await page.evaluate(
        """() => document.fonts.load('15px "Safety Net CJK"', '汉场坝村').then(
            faces => faces.length > 0 && document.fonts.check('15px "Safety Net CJK"', '汉'))""")
    await page.set_viewport_size({"width": 390, "height": 844})  # a phone: the panes stack
    boxes = [await page.locator(f'[data-pane="{k}"]').bounding_box() for k in ("resident", "officer")]
    assert boxes[0] and boxes[1] and boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
    await page.screenshot(path=str(ARTIFACTS / "sandbox-phone.png"))


async def _report_and_accept(page: Any, sandbox: Sandbox) -> None:
    resident = Pane(page, sandbox, "resident")
    officer = Pane(page, sandbox, "officer")
    await resident.tap_first(".empty button")  # the empty chat's /start: one screen
    await resident.tap("✅ 同意并开始", count=2)
    await resident.tap("🏠 申报本户困难")
    await resident.tap("木凉镇", count=2)
    await resident.tap("汉场坝村", count=2)
    await resident.type("王秀英")
    await resident.tap_first(".kbd .kbtn", count=2)  # the reply keyboard's "share my number"
    await resident.tap("3", count=2)
    await resident.tap("因病")
    await resident.tap("✔ 完成", count=2)
    await resident.photo(SAMPLE_PHOTO.read_bytes())
    assert await resident.root.locator(".msg.me img").count() == 1
    await resident.tap("✔ 完成", count=2)
    await resident.tap("是", count=2)
    await resident.tap("跳过", count=2)  # what makes it urgent: left unsaid
    await resident.tap("✅ 提交", count=3)
    found = REF.search(await resident.text())
    assert found, "the resident's pane shows the case reference"
    ref = found.group(0)
    await officer.wait_text(ref)  # the case card, through the outbox
    before = await resident.root.locator(".msg.bot").count()
    await officer.tap("✅ 受理")
    await resident.wait_text(ref, after=before)  # the receipt
