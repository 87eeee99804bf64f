"""aiogram 3 adapter: neutral replies → Bot API calls through aiogram's Bot.

It only sends. Updates come in through the project's own getUpdates loop or the webhook
(bot/polling.py, bot/webhook.py), are recorded in the inbox and translated by chat.telegram:
no aiogram Dispatcher and no pydantic Update per incoming message.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.adapters.common import CHANNEL, command_menu, is_edit_impossible, is_not_modified
from chat.media import split
from chat.replies import Document, Edit, Message, Photo, RequestKeyboard, Text, Voice
from chat.transport import TELEGRAM, FailureKind, SendFailure, Sent
from i18n.render import Catalogue

log = logging.getLogger(__name__)


class AiogramAdapter:
    """Sends the neutral core's replies with aiogram; the Telegram Transport."""

    channel = CHANNEL
    capabilities = TELEGRAM

    def __init__(self, token: str, api_base: str, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
        self.bot = Bot(token, session=session, default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview_is_disabled=True))
        self.username = ""

    async def start(self) -> str:
        """Check the token and publish the command menu; returns the bot's username."""
        me = await self._call(self.bot.get_me())
        self.username = me.username or ""
        for lang in ("zh", "en"):
            await self._call(self.bot.set_my_commands(
                [BotCommand(command=c, description=d) for c, d in command_menu(self.catalogue, lang)],
                language_code=None if lang == "zh" else lang))
        return self.username

    async def close(self) -> None:
        await self.bot.session.close()

    async def set_webhook(self, url: str, secret: str | None) -> None:
        await self._call(self.bot.set_webhook(url, secret_token=secret, drop_pending_updates=False))

    async def delete_webhook(self) -> None:
        await self._call(self.bot.delete_webhook(drop_pending_updates=False))

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        await self._call(self.bot.answer_callback_query(callback_id, text=text))

    async def fetch_media(self, native_id: str) -> bytes:
        file = await self._call(self.bot.get_file(native_id))
        data = await self._call(self.bot.download_file(file.file_path or ""))
        return data.read() if data is not None else b""

    async def deliver(self, chat_id: str, reply: Message) -> Sent:
        """Send or edit one reply; framework errors become SendFailure kinds."""
        return await self._call(self._deliver(chat_id, reply))

    async def _call(self, call: Any) -> Any:
        try:
            return await call
        except TelegramRetryAfter as exc:
            raise SendFailure("retry_after", exc.message, float(exc.retry_after)) from exc
        except TelegramForbiddenError as exc:
            raise SendFailure("blocked", exc.message) from exc
        except TelegramBadRequest as exc:
            kind: FailureKind = "not_modified" if is_not_modified(exc.message) else "bad_request"
            raise SendFailure(kind, exc.message) from exc
        except TelegramServerError as exc:
            raise SendFailure("server", exc.message) from exc
        except (TimeoutError, TelegramNetworkError, OSError) as exc:
            raise SendFailure("network", type(exc).__name__) from exc
        except TelegramAPIError as exc:
            raise SendFailure("bad_request", exc.message) from exc

    async def _deliver(self, chat_id: str, reply: Message) -> Sent:
        inline = _inline(reply)
        if isinstance(reply, Edit):
            try:
                await self.bot.edit_message_text(text=reply.text, chat_id=chat_id,
                                                 message_id=reply.message_id, reply_markup=inline)
                return Sent(reply.message_id)
            except TelegramBadRequest as exc:
                if is_not_modified(exc.message):
                    return Sent(reply.message_id)
                if not is_edit_impossible(exc.message):
                    raise
            reply = Text(reply.text, reply.buttons)  # gone or too old to edit: sent anew
        caption = reply.text or None
        if isinstance(reply, Photo):
            photo: Any = (BufferedInputFile(reply.image, reply.filename) if reply.image is not None
                          else split(reply.media or "")[1])
            sent = await self.bot.send_photo(chat_id, photo, caption=caption, reply_markup=inline)
        elif isinstance(reply, Voice):  # by file id: a resident's voice note, passed on
            sent = await self.bot.send_voice(chat_id, split(reply.media)[1], caption=caption,
                                             reply_markup=inline)
        elif isinstance(reply, Document):
            sent = await self.bot.send_document(chat_id, BufferedInputFile(reply.data, reply.filename),
                                                caption=caption, reply_markup=inline)
        else:
            sent = await self.bot.send_message(chat_id, reply.text,
                                               reply_markup=inline or _reply_keyboard(reply))
        return Sent(sent.message_id)


def _inline(reply: Message) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row]
        for row in reply.buttons
    ])


def _reply_keyboard(reply: Message) -> ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    keyboard = reply.keyboard if isinstance(reply, Text) else None
    return None if keyboard is None else _request_markup(keyboard)


@lru_cache(maxsize=64)
def _request_markup(keyboard: RequestKeyboard) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    """Built once per keyboard (a handful: contact or location, per language): the markup is
    never changed by a send, and building it is a good part of a reply's cost."""
    if keyboard.kind == "remove":
        return ReplyKeyboardRemove(remove_keyboard=True)
    request = KeyboardButton(text=keyboard.label, request_contact=keyboard.kind == "contact",
                             request_location=keyboard.kind == "location")
    rows = [[request]]
    if keyboard.cancel_label:
        rows.append([KeyboardButton(text=keyboard.cancel_label)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)
