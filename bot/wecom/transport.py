"""The WeCom Transport: text messages, template cards with buttons (six to a card, paged),
files and images through media upload, and edits as card updates where WeCom allows one.

WeCom changes a sent card only with a response code it gave — on the send and again on each
press — once per code, within 72 hours. An edit with such a code updates the card in place;
any other edit (the code spent or too old, a text with no card, more than one card's worth
of buttons) arrives as a short new message instead, the edit's `short` line when it has one.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.wecom.api import WeComApi
from cases.clock import Clock
from chat import wecom
from chat.media import sniff_extension, split
from chat.replies import Button, Document, Edit, Message, Photo, Rows, Text, Voice
from chat.transport import SendFailure, Sent
from storage import wecom as repo

log = logging.getLogger(__name__)

# "More options (2/3)": the title of a card that carries the buttons past the first six.
MoreLabel = Callable[[int, int], str]
# "Done": what a card's buttons turn into when the card moved on without buttons.
DoneLabel = Callable[[], str]


class WeComTransport:
    channel = wecom.CHANNEL
    capabilities = wecom.WECOM

    def __init__(self, api: WeComApi, agent_id: int, engine: AsyncEngine, clock: Clock,
                 more: MoreLabel, done: DoneLabel) -> None:
        self.api = api
        self.agent_id = agent_id
        self.engine = engine
        self.clock = clock
        self.more = more
        self.done = done
        self.salt = secrets.token_hex(4)  # task ids stay unique across databases

    async def deliver(self, chat_id: str, reply: Message) -> Sent:
        if isinstance(reply, Edit):
            return await self._edit(chat_id, reply)
        if isinstance(reply, Text):
            return await self._text(chat_id, reply.text, reply.buttons)
        return await self._file(chat_id, reply)

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        return None  # no toasts: the flows also say it in the chat

    async def fetch_media(self, native_id: str) -> bytes:
        return await self.api.download(native_id)

    async def close(self) -> None:
        await self.api.close()

    # --- text and cards -------------------------------------------------------------------

    async def _text(self, user: str, text: str, buttons: Rows) -> Sent:
        shown = wecom.plain(text)
        if not any(buttons):
            return await self._send(user, "text", {"content": wecom.cut_bytes(shown, wecom.TEXT_BYTES)})
        if len(shown) > wecom.CARD_TEXT:  # the whole text first; the card carries its title
            await self._send(user, "text", {"content": wecom.cut_bytes(shown, wecom.TEXT_BYTES)})
            text = shown.partition("\n")[0]
        chunks = wecom.pages(buttons)
        first: Sent | None = None
        for index, chunk in enumerate(chunks):
            title = text if index == 0 else self.more(index + 1, len(chunks))
            sent = await self._card(user, title, chunk)
            first = first or sent
        assert first is not None
        return first

    async def _card(self, user: str, text: str, buttons: list[Button]) -> Sent:
        async with self.engine.begin() as tx:
            message_id = await repo.number(tx, user, self.clock.now())
        task = wecom.task_id(message_id, self.salt)
        answer = await self._post(user, "template_card", wecom.card(task, text, buttons))
        code = answer.get("response_code")
        async with self.engine.begin() as tx:
            await repo.sent_card(tx, message_id, task, len(buttons),
                                 code if isinstance(code, str) and code else None, self.clock.now())
        return Sent(message_id)

    async def _edit(self, user: str, edit: Edit) -> Sent:
        count = sum(len(row) for row in edit.buttons)
        fits = count <= wecom.CARD_BUTTONS and len(wecom.plain(edit.text)) <= wecom.CARD_TEXT
        if fits:
            async with self.engine.begin() as tx:
                card = await repo.take_code(tx, edit.message_id, user, self.clock.now())
            if card is not None:
                # A card keeps at least one button: an edit without any greys the old ones out
                # (they would only say "expired" now) and says the change anew below.
                change: dict[str, Any] = (
                    {"template_card": wecom.card(card.task_id, edit.text,
                                                 [b for row in edit.buttons for b in row])}
                    if count else {"button": {"replace_name": self.done()}})
                try:
                    await self.api.call("/cgi-bin/message/update_template_card", json={
                        "userids": [user], "agentid": self.agent_id,
                        "response_code": card.response_code, **change})
                    if count:
                        return Sent(edit.message_id)
                except SendFailure as failure:
                    if failure.kind != "bad_request":
                        raise
                    # WeCom refused the code (spent elsewhere, expired): say it anew.
                    log.info("WeCom refused a card update (%s); sending anew", failure.detail)
        return await self._text(user, edit.short or edit.text, edit.buttons)

    # --- files ------------------------------------------------------------------------------

    async def _file(self, user: str, reply: Photo | Voice | Document) -> Sent:
        if isinstance(reply, Photo):
            media_id = await self._media(reply.media, reply.image, "image", reply.filename)
            sent = await self._send(user, "image", {"media_id": media_id})
        elif isinstance(reply, Voice):  # only WeCom's own voice notes (AMR) arrive here as Voice
            media_id = await self._media(reply.media, None, "voice", "voice.amr")
            sent = await self._send(user, "voice", {"media_id": media_id})
        else:
            media_id = await self._media(None, reply.data, "file", reply.filename)
            sent = await self._send(user, "file", {"media_id": media_id})
        if reply.text or any(reply.buttons):  # the caption (WeCom files have none) and buttons
            return await self._text(user, reply.text, reply.buttons)
        return sent

    async def _media(self, ref: str | None, data: bytes | None, kind: str, filename: str) -> str:
        if ref is not None:
            origin, native = split(ref)
            if origin == wecom.CHANNEL:
                return native  # WeCom's own media id (kept three days by WeCom)
            raise SendFailure("bad_request", f"{origin} media reached WeCom uncarried")
        if data is None:
            raise SendFailure("bad_request", "a file without bytes")
        if "." not in filename:
            filename += sniff_extension(data)
        answer = await self.api.call("/cgi-bin/media/upload", params={"type": kind},
                                     files={"media": (filename, data, "application/octet-stream")})
        return str(answer["media_id"])

    # --- sending ----------------------------------------------------------------------------

    async def _send(self, user: str, msgtype: str, body: dict[str, Any]) -> Sent:
        async with self.engine.begin() as tx:
            message_id = await repo.number(tx, user, self.clock.now())
        await self._post(user, msgtype, body)
        return Sent(message_id)

    async def _post(self, user: str, msgtype: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await self.api.call("/cgi-bin/message/send", json={
            "touser": user, "msgtype": msgtype, "agentid": self.agent_id, msgtype: body})
        if user in str(answer.get("invaliduser") or "").split("|"):
            raise SendFailure("blocked", "invaliduser")
        return answer
