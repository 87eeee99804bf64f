"""A web visitor's self-report, for the tests that need a case filed on the page."""

from __future__ import annotations

from pathlib import Path

from tests.support.web import WebVisitor
from tests.web.residents import WebResident

JPEG = (Path(__file__).resolve().parents[2] / "bot" / "sandbox" / "static" / "sample.jpg").read_bytes()
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 60 + b"a grandmother speaking"


async def web_self_report(visitor: WebVisitor, *, phone: str = "13800138000",
                          photo: bytes | None = JPEG, voice: bytes | None = WEBM) -> str:
    """From a fresh page to a submitted case; returns the text after the submit."""
    resident = WebResident(visitor)
    await resident.do("text", "/start", words="您同意吗")
    await resident.do("press", "✅ 同意", words="请选择您要办理的事项")
    await resident.do("press", "🏠 申报本户困难", words="第 1 步")
    await resident.do("press", "木凉镇", words="第 2 步")
    await resident.do("press", "汉场坝村", words="第 3 步")
    await resident.do("text", "王秀英", words="第 4 步")
    await resident.do("text", phone, words="第 5 步")
    await resident.do("press", "3", words="第 6 步")
    await resident.do("press", "因病", words="✅ 因病")
    await resident.do("press", "完成", words="第 7 步")
    n = 0
    for kind, data in (("photo", photo), ("voice", voice)):
        if data is not None:
            n += 1
            await resident.do(kind, data, words=f"共 {n} 个")
    if n:
        await resident.do("press", "✔ 完成", words="第 8 步")
    else:
        await resident.do("press", "跳过", words="第 8 步")
    await resident.do("press", "否", words="请核对您的申报")
    await resident.do("press", "✅ 提交", words="请选择您要办理的事项")
    return resident.recent(3)
