"""python-telegram-bot 22 adapter: the same translation as the aiogram one, for PTB's Bot.

It only sends; updates come in through the project's own getUpdates loop or the webhook. A
bare `telegram.Bot` (no Application, no Updater) is all that takes.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from functools import lru_cache
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.adapters.common import CHANNEL, command_menu, is_edit_impossible, is_not_modified
from bot.startup import client_tls_context
from chat.media import split
from chat.replies import Document, Edit, Message, Photo, RequestKeyboard, Text, Voice
from chat.transport import TELEGRAM, FailureKind, SendFailure, Sent
from i18n.render import Catalogue

log = logging.getLogger(__name__)

# PTB 22 turns durations such as RetryAfter.retry_after into timedeltas in its next major
# version and warns on every 429 until a program opts in (read when a value is made, so
# setting it here is in time); this adapter reads either form.
os.environ.setdefault("PTB_TIMEDELTA", "1")


class PtbAdapter:
    """Sends the neutral core's replies with python-telegram-bot; the Telegram Transport."""

    channel = CHANNEL
    capabilities = TELEGRAM

    def __init__(self, token: str, api_base: str, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        # Replies to many chats go out at once: one connection would queue them. PTB's own
        # getUpdates client is never used (bot/polling.py polls); both share one TLS context.
        tls = {"verify": client_tls_context()}
        self.bot = Bot(token, base_url=f"{api_base}/bot", base_file_url=f"{api_base}/file/bot",
                       request=HTTPXRequest(connection_pool_size=32, httpx_kwargs=tls),
                       get_updates_request=HTTPXRequest(connection_pool_size=1, httpx_kwargs=tls))
        self.username = ""

    async def start(self) -> str:
        """Check the token and publish the command menu; returns the bot's username."""
        await self._call(self.bot.initialize())
        self.username = self.bot.username or ""
        await self._call(self.bot.set_my_commands(
            [BotCommand(c, d) for c, d in command_menu(self.catalogue, "zh")]))
        await self._call(self.bot.set_my_commands(
            [BotCommand(c, d) for c, d in command_menu(self.catalogue, "en")], language_code="en"))
        return self.username

    async def close(self) -> None:
        await self.bot.shutdown()

    async def set_webhook(self, url: str, secret: str | None) -> None:
        await self._call(self.bot.set_webhook(url, secret_token=secret))

    async def delete_webhook(self) -> None:
        await self._call(self.bot.delete_webhook(drop_pending_updates=False))

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        await self._call(self.bot.answer_callback_query(callback_id, text=text))

    async def fetch_media(self, native_id: str) -> bytes:
        file = await self._call(self.bot.get_file(native_id))
        return bytes(await self._call(file.download_as_bytearray()))

    async def deliver(self, chat_id: str, reply: Message) -> Sent:
        """Send or edit one reply; framework errors become SendFailure kinds."""
        return await self._call(self._deliver(chat_id, reply))

    async def _call(self, call: Any) -> Any:
        try:
            return await call
        except RetryAfter as exc:
            raise SendFailure("retry_after", str(exc), _retry_seconds(exc)) from exc
        except Forbidden as exc:
            raise SendFailure("blocked", exc.message) from exc
        except BadRequest as exc:
            kind: FailureKind = "not_modified" if is_not_modified(exc.message) else "bad_request"
            raise SendFailure(kind, exc.message) from exc
        except (TimeoutError, TimedOut) as exc:
            raise SendFailure("network", type(exc).__name__) from exc
        except NetworkError as exc:
            # PTB reports 5xx answers as NetworkError too; both are worth a retry.
            text = exc.message.lower()
            kind = "server" if "server" in text or "gateway" in text else "network"
            raise SendFailure(kind, exc.message) from exc
        except TelegramError as exc:
            raise SendFailure("bad_request", exc.message) from exc

    async def _deliver(self, chat_id: str, reply: Message) -> Sent:
        inline = _inline(reply)
        if isinstance(reply, Edit):
            try:
                await self.bot.edit_message_text(reply.text, chat_id=chat_id,
                                                 message_id=reply.message_id,
                                                 reply_markup=inline, parse_mode="HTML")
                return Sent(reply.message_id)
            except BadRequest as exc:
                if is_not_modified(exc.message):
                    return Sent(reply.message_id)
                if not is_edit_impossible(exc.message):
                    raise
            reply = Text(reply.text, reply.buttons)  # gone or too old to edit: sent anew
        caption = reply.text or None
        if isinstance(reply, Photo):
            photo: Any = (InputFile(reply.image, filename=reply.filename) if reply.image is not None
                          else split(reply.media or "")[1])
            sent = await self.bot.send_photo(chat_id, photo, caption=caption, parse_mode="HTML",
                                             reply_markup=inline)
        elif isinstance(reply, Voice):  # by file id: a resident's voice note, passed on
            sent = await self.bot.send_voice(chat_id, split(reply.media)[1], caption=caption,
                                             parse_mode="HTML", reply_markup=inline)
        elif isinstance(reply, Document):
            sent = await self.bot.send_document(chat_id, InputFile(reply.data, filename=reply.filename),
                                                caption=caption, parse_mode="HTML", reply_markup=inline)
        else:
            sent = await self.bot.send_message(chat_id, reply.text, parse_mode="HTML",
                                               reply_markup=inline or _reply_keyboard(reply),
                                               disable_web_page_preview=True)
        return Sent(sent.message_id)


def _retry_seconds(exc: RetryAfter) -> float:
    """Seconds to wait, whether PTB gives a timedelta (PTB_TIMEDELTA, set above) or, where a
    deployment turned that off, an int."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _inline(reply: Message) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in reply.buttons])


def _reply_keyboard(reply: Message) -> ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    keyboard = reply.keyboard if isinstance(reply, Text) else None
    return None if keyboard is None else _request_markup(keyboard)


@lru_cache(maxsize=64)
def _request_markup(keyboard: RequestKeyboard) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    """Built once per keyboard (a handful: contact or location, per language): the markup is
    never changed by a send, and building it is a good part of a reply's cost."""
    if keyboard.kind == "remove":
        return ReplyKeyboardRemove()
    request = KeyboardButton(keyboard.label, request_contact=keyboard.kind == "contact" or None,
                             request_location=keyboard.kind == "location" or None)
    rows = [[request]]
    if keyboard.cancel_label:
        rows.append([KeyboardButton(keyboard.cancel_label)])
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
