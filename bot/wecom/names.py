"""Members' names: a WeCom callback names its sender only by userid, so the name an official
joins with (and cards show) is asked of WeCom (user/get) once per member and process. Never
on the callback's critical path for long: past LOOKUP_SECONDS, or refused (WeCom gives names
only to apps whose visible range holds the member), the userid stands in."""

from __future__ import annotations

import asyncio
import logging

from bot.wecom.api import WeComApi
from chat.transport import SendFailure

log = logging.getLogger(__name__)

LOOKUP_SECONDS = 2.0  # WeCom waits 5 s for the callback's answer
MAX_KEPT = 10_000


class MemberNames:
    def __init__(self, api: WeComApi) -> None:
        self.api = api
        self._names: dict[str, str] = {}

    async def name(self, user_id: str) -> str:
        if user_id in self._names:
            return self._names[user_id]
        try:
            answer = await asyncio.wait_for(
                self.api.call("/cgi-bin/user/get", params={"userid": user_id}), LOOKUP_SECONDS)
            name = str(answer.get("name") or "")[:64]
        except TimeoutError:
            return ""  # asked again next time
        except SendFailure as failure:
            if failure.kind not in ("bad_request", "blocked"):
                return ""  # busy, unreachable: asked again next time
            log.info("WeCom gives no name for a member (%s)", failure.detail)
            name = ""  # refused: not asked again by this process
        if len(self._names) >= MAX_KEPT:
            self._names.clear()
        self._names[user_id] = name
        return name
