"""The web page in real headless Chromium (Debian's /usr/bin/chromium) on a phone-sized screen
with WeChat's user agent: a resident opens a village poster's link, declares with a photo, and
the village officer — on Telegram, through the fake Bot API — receives the card. Screenshot
under test-artifacts/."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.web.signing import PosterSigner
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import shown
from tests.support.web import WebBot
from tests.web.conftest import POSTER_KEY

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        # A microphone that plays a tone, allowed without asking: the page records voice.
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SAMPLE_PHOTO = Path(__file__).resolve().parents[2] / "bot" / "sandbox" / "static" / "sample.jpg"
WECHAT = ("Mozilla/5.0 (Linux; Android 10; M2006C3LC Build/QP1A.190711.020; wv) "
          "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile "
          "Safari/537.36 XWEB/5235 MMWEBSDK/20230701 MicroMessenger/8.0.40.2420(0x28002837) "
          "WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64")
REF = re.compile(r"NC-\d{4}-\d{6}")
WAIT = 15_000
OFFICER = 9901


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install playwright)"
    return None


if (_reason := _missing()) is not None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        raise RuntimeError(f"the web browser test must run in CI, but {_reason}")
    pytest.skip(_reason, allow_module_level=True)


class Phone:
    """The page as a resident's thumb uses it."""

    def __init__(self, page: Any) -> None:
        self.page = page

    async def shows(self, needle: str) -> None:
        await self.page.wait_for_function(
            "n => document.getElementById('chat').innerText.includes(n)", arg=needle,
            timeout=WAIT)

    async def tap(self, label: str, then: str) -> None:
        await self.page.locator("#chat .msg.bot button", has_text=label).last.tap()
        await self.shows(then)

    async def type(self, text: str, then: str) -> None:
        await self.page.locator("#text").fill(text)
        await self.page.locator("#send").tap()
        await self.shows(then)


async def test_a_resident_declares_from_a_poster_on_a_phone_and_the_officer_gets_the_card(
        web: WebBot, app: App) -> None:
    from playwright.async_api import async_playwright

    await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    officer = web.bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    poster = f"{web.url}/p/{PosterSigner(POSTER_KEY).token(HANCHANGBA)}"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = await browser.new_context(
                viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                has_touch=True, user_agent=WECHAT, locale="zh-CN")
            page = await context.new_page()
            try:
                await _declare(page, poster, officer)
                sizes = await page.evaluate("""() => performance.getEntriesByType('navigation')
                    .concat(performance.getEntriesByType('resource'))
                    .filter(e => !e.name.includes('/font/'))
                    .map(e => e.decodedBodySize)""")
                assert 0 < sum(sizes) < 100 * 1024, sizes  # the page before the font
                width = await page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360  # nothing wider than the phone's screen
            finally:
                ARTIFACTS.mkdir(exist_ok=True)
                await page.screenshot(path=str(ARTIFACTS / "web-phone.png"))
        finally:
            await browser.close()


async def _declare(page: Any, poster: str, officer: Any) -> None:
    phone = Phone(page)
    await page.goto(poster)  # the QR code's link: the village is kept, then the page opens
    assert page.url.endswith("/")
    await phone.shows("您同意吗")  # a new page starts the conversation by itself
    await phone.tap("✅ 同意", then="请选择您要办理的事项")
    await phone.tap("🏠 申报本户困难", then="海报上的村")
    await phone.tap("汉场坝村", then="第 3 步")  # the poster's village, one tap
    await phone.type("王秀英", then="第 4 步")
    await page.locator("#phone").fill("13800138000")  # the page asks for a number by itself
    await page.locator("#phone-send").tap()
    await phone.shows("第 5 步")
    assert await page.locator("#ask-phone").is_hidden()
    await phone.tap("3", then="第 6 步")
    await phone.tap("因病", then="✅ 因病")
    await phone.tap("✔ 完成", then="第 7 步")
    await page.locator("#photo-file").set_input_files(
        {"name": "house.jpg", "mimeType": "image/jpeg", "buffer": SAMPLE_PHOTO.read_bytes()})
    await phone.shows("共 1 个")
    # Voice recorded in the page (MediaRecorder; http://127.0.0.1 counts as a secure origin).
    await page.locator("#voice").tap()
    await page.wait_for_function("() => document.getElementById('voice').className.includes('recording')",
                                 timeout=WAIT)
    await page.wait_for_timeout(1200)
    await page.locator("#voice").tap()  # stop: the recording is sent
    await phone.shows("共 2 个")
    await phone.tap("✔ 完成", then="第 8 步")
    await phone.tap("是", then="什么事这么急")
    await phone.tap("跳过", then="请核对您的申报")
    card = officer.wait_for(lambda m: REF.search(shown(m)) is not None, timeout=15)
    await phone.tap("✅ 提交", then="NC-2026-")
    text = await page.locator("#chat").inner_text()
    found = REF.search(text)
    assert found, text
    [message] = await card  # the officer's card on Telegram, with the same reference
    assert found.group(0) in shown(message) and "汉场坝村" in shown(message)
    assert "照片 1 张、语音 1 条" in shown(message)
