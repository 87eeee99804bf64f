"""aiogram 3 adapter: Telegram update → neutral Event → core → neutral replies → Bot API calls.

One catch-all handler per update type and no synchronous filters: aiogram runs sync
filters through a thread hop (~180 µs each, see shared/PERFORMANCE.md), and the core
routes by itself anyway.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
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
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.adapters.common import CHANNEL, command_menu, is_edit_impossible, is_not_modified, parse_command
from handlers.engine import Engine
from handlers.model import Event, Reply, Sender
from scheduler.transport import SendFailure, Sent

log = logging.getLogger(__name__)


class AiogramAdapter:
    """Runs the neutral core under aiogram and sends its replies; also an outbox Transport."""

    channel = CHANNEL

    def __init__(self, core: Engine, token: str, api_base: str, poll_timeout: int = 30) -> None:
        self.core = core
        self.poll_timeout = poll_timeout
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
        self.bot = Bot(token, session=session, default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview_is_disabled=True))
        self.dp = Dispatcher(disable_fsm=True)
        self.dp.message.register(self._on_message)
        self.dp.callback_query.register(self._on_callback)
        self.username = ""

    # --- lifecycle -------------------------------------------------------------------

    async def start(self) -> str:
        """Check the token, drop any webhook, publish the command menu; returns the username."""
        me = await self.bot.get_me()
        self.username = me.username or ""
        await self.bot.delete_webhook(drop_pending_updates=False)
        catalogue = self.core.services.catalogue
        await self.bot.set_my_commands(
            [BotCommand(command=c, description=d) for c, d in command_menu(catalogue, "zh")])
        await self.bot.set_my_commands(
            [BotCommand(command=c, description=d) for c, d in command_menu(catalogue, "en")],
            language_code="en")
        return self.username

    async def poll(self) -> None:
        """Long polling until stop() is called."""
        await self.dp.start_polling(self.bot, handle_signals=False, close_bot_session=False,
                                    polling_timeout=self.poll_timeout)

    async def stop(self) -> None:
        try:
            await self.dp.stop_polling()
        except RuntimeError:
            pass  # polling was not running

    async def close(self) -> None:
        await self.bot.session.close()

    async def set_webhook(self, url: str, secret: str | None) -> None:
        """Ask Telegram to post updates to url (webhook mode, several workers)."""
        await self.bot.set_webhook(url, secret_token=secret, drop_pending_updates=False)

    async def feed_update(self, raw: dict[str, Any]) -> None:
        """Handle one update given as JSON (webhook mode and benchmarks)."""
        await self.dp.feed_update(self.bot, Update.model_validate(raw, context={"bot": self.bot}))

    # --- incoming --------------------------------------------------------------------

    async def _on_message(self, message: Message, event_update: Update) -> None:
        if message.from_user is None:
            return
        event = message_event(message, event_update.update_id, self.username)
        await self.core.handle(event, lambda replies: self._answer(message.chat.id, replies))

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        message = query.message
        chat_id = message.chat.id if message else query.from_user.id
        event = Event(
            channel=CHANNEL, chat_id=chat_id, sender=_sender(query.from_user), kind="button",
            update_id=event_update.update_id, data=query.data or "",
            message_id=message.message_id if message else None, callback_id=query.id,
        )
        await self.core.handle(event, lambda replies: self._answer_query(query, chat_id, replies))

    async def _answer_query(self, query: Any, chat_id: int, replies: list[Reply]) -> None:
        """Answer the button press first (its spinner stops), then send the replies."""
        toast = next((r.toast for r in replies if r.toast), None)
        try:
            await query.answer(text=toast)
        except TelegramAPIError as exc:  # an old query: the replies below still matter
            log.info("callback answer failed: %s", type(exc).__name__)
        await self._answer(chat_id, replies)

    async def _answer(self, chat_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            if not reply.text and reply.photo is None and reply.voice is None \
                    and reply.document is None:
                continue
            try:
                await self.deliver(chat_id, reply)
            except SendFailure as exc:
                log.warning("reply to chat not delivered: %s", exc.kind)

    # --- outgoing (also the outbox Transport) -----------------------------------------

    async def deliver(self, chat_id: int, reply: Reply) -> Sent:
        """Send or edit one reply; framework errors become SendFailure kinds."""
        try:
            return await self._deliver(chat_id, reply)
        except TelegramRetryAfter as exc:
            raise SendFailure("retry_after", exc.message, float(exc.retry_after)) from exc
        except TelegramForbiddenError as exc:
            raise SendFailure("blocked", exc.message) from exc
        except TelegramBadRequest as exc:
            kind = "not_modified" if is_not_modified(exc.message) else "bad_request"
            raise SendFailure(kind, exc.message) from exc
        except TelegramServerError as exc:
            raise SendFailure("server", exc.message) from exc
        except (TimeoutError, TelegramNetworkError, OSError) as exc:
            raise SendFailure("network", type(exc).__name__) from exc
        except TelegramAPIError as exc:
            raise SendFailure("bad_request", exc.message) from exc

    async def _deliver(self, chat_id: int, reply: Reply) -> Sent:
        inline = _inline(reply)
        if reply.edit_message_id:
            try:
                await self.bot.edit_message_text(text=reply.text, chat_id=chat_id,
                                                 message_id=reply.edit_message_id,
                                                 reply_markup=inline)
                return Sent(reply.edit_message_id)
            except TelegramBadRequest as exc:
                if is_not_modified(exc.message):
                    return Sent(reply.edit_message_id)
                if not is_edit_impossible(exc.message):
                    raise
                # The message is gone or too old to edit: send the text anew.
        markup = inline or _reply_keyboard(reply)
        if reply.photo is not None:
            photo = (BufferedInputFile(reply.photo, reply.filename or "chart.png")
                     if isinstance(reply.photo, bytes) else reply.photo)
            sent = await self.bot.send_photo(chat_id, photo, caption=reply.text or None,
                                             reply_markup=markup)
        elif reply.voice is not None:  # by file id: a resident's voice note, passed on
            sent = await self.bot.send_voice(chat_id, reply.voice, caption=reply.text or None,
                                             reply_markup=markup)
        elif reply.document is not None:
            document = BufferedInputFile(reply.document, reply.filename or "file.bin")
            sent = await self.bot.send_document(chat_id, document, caption=reply.text or None,
                                                reply_markup=markup)
        else:
            sent = await self.bot.send_message(chat_id, reply.text, reply_markup=markup)
        return Sent(sent.message_id)


def _sender(user: Any) -> Sender:
    return Sender(user.id, user.first_name or "", user.username, user.language_code)


def message_event(message: Message, update_id: int, bot_username: str) -> Event:
    """Reduce a Telegram message to a neutral event."""
    base: dict[str, Any] = {
        "channel": CHANNEL, "chat_id": message.chat.id, "sender": _sender(message.from_user),
        "update_id": update_id, "message_id": message.message_id,
    }
    if message.text is not None:
        parsed = parse_command(message.text, bot_username)
        if parsed:
            return Event(kind="command", text=message.text, command=parsed.command,
                         args=parsed.args, **base)
        return Event(kind="text", text=message.text, **base)
    if message.contact is not None:
        return Event(kind="contact", phone=message.contact.phone_number,
                     contact_user_id=message.contact.user_id, **base)
    if message.location is not None:
        return Event(kind="location", latitude=message.location.latitude,
                     longitude=message.location.longitude, **base)
    if message.photo:
        return Event(kind="photo", file_id=message.photo[-1].file_id, text=message.caption, **base)
    if message.voice is not None:
        return Event(kind="voice", file_id=message.voice.file_id, **base)
    if message.document is not None:
        return Event(kind="document", file_id=message.document.file_id, text=message.caption,
                     **base)
    return Event(kind="other", **base)


def _inline(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row]
        for row in reply.buttons
    ])


def _reply_keyboard(reply: Reply) -> ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    keyboard = reply.keyboard
    if keyboard is None:
        return None
    if keyboard.kind == "remove":
        return ReplyKeyboardRemove(remove_keyboard=True)
    request = KeyboardButton(text=keyboard.label, request_contact=keyboard.kind == "contact",
                             request_location=keyboard.kind == "location")
    rows = [[request]]
    if keyboard.cancel_label:
        rows.append([KeyboardButton(text=keyboard.cancel_label)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)
