"""python-telegram-bot 22 adapter: the same translation as the aiogram one, for PTB's types.

One TypeHandler for every update: the core routes by itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import timedelta
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.adapters.common import CHANNEL, command_menu, is_edit_impossible, is_not_modified, parse_command
from handlers.engine import Engine
from handlers.model import Event, Reply, Sender
from scheduler.transport import SendFailure, Sent

log = logging.getLogger(__name__)

# PTB 22 turns durations such as RetryAfter.retry_after into timedeltas in its next major
# version and warns on every 429 until a program opts in (read when a value is made, so
# setting it here is in time); this adapter reads either form.
os.environ.setdefault("PTB_TIMEDELTA", "1")


class PtbAdapter:
    """Runs the neutral core under python-telegram-bot; also an outbox Transport."""

    channel = CHANNEL

    def __init__(self, core: Engine, token: str, api_base: str, poll_timeout: int = 30) -> None:
        self.core = core
        self.poll_timeout = poll_timeout
        # Updates of different chats run concurrently; the core keeps each chat in order.
        self.application = (
            Application.builder()
            .token(token)
            .base_url(f"{api_base}/bot")
            .base_file_url(f"{api_base}/file/bot")
            .concurrent_updates(16)
            .get_updates_read_timeout(poll_timeout + 10)
            .build()
        )
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.bot = self.application.bot
        self.username = ""
        self._stopped = asyncio.Event()

    # --- lifecycle -------------------------------------------------------------------

    async def start(self) -> str:
        """Check the token, drop any webhook, publish the command menu; returns the username."""
        await self.application.initialize()
        self.username = self.bot.username or ""
        await self.bot.delete_webhook(drop_pending_updates=False)
        catalogue = self.core.services.catalogue
        await self.bot.set_my_commands(
            [BotCommand(c, d) for c, d in command_menu(catalogue, "zh")])
        await self.bot.set_my_commands(
            [BotCommand(c, d) for c, d in command_menu(catalogue, "en")], language_code="en")
        return self.username

    async def poll(self) -> None:
        """Long polling until stop() is called."""
        await self.application.start()
        assert self.application.updater is not None
        await self.application.updater.start_polling(timeout=self.poll_timeout, poll_interval=0)
        await self._stopped.wait()
        if self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()

    async def stop(self) -> None:
        self._stopped.set()

    async def close(self) -> None:
        await self.application.shutdown()

    async def set_webhook(self, url: str, secret: str | None) -> None:
        """Ask Telegram to post updates to url (webhook mode, several workers)."""
        await self.bot.set_webhook(url, secret_token=secret)

    async def feed_update(self, raw: dict[str, Any]) -> None:
        """Handle one update given as JSON (webhook mode and benchmarks)."""
        await self.application.process_update(Update.de_json(raw, self.bot))

    # --- incoming --------------------------------------------------------------------

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every update: a message or a button press, translated and handed to the core."""
        if update.callback_query is not None:
            await self._on_callback(update)
        elif update.message is not None and update.message.from_user is not None:
            event = message_event(update.message, update.update_id, self.username)
            chat_id = update.message.chat_id
            await self.core.handle(event, lambda replies: self._answer(chat_id, replies))

    async def _on_callback(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        message = query.message
        chat_id = message.chat.id if message else query.from_user.id
        event = Event(
            channel=CHANNEL, chat_id=chat_id, sender=_sender(query.from_user), kind="button",
            update_id=update.update_id, data=query.data or "",
            message_id=message.message_id if message else None, callback_id=query.id,
        )
        await self.core.handle(event, lambda replies: self._answer_query(query, chat_id, replies))

    async def _answer_query(self, query: Any, chat_id: int, replies: list[Reply]) -> None:
        """Answer the button press first (its spinner stops), then send the replies."""
        toast = next((r.toast for r in replies if r.toast), None)
        try:
            await query.answer(text=toast)
        except TelegramError as exc:  # an old query: the replies below still matter
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
        except RetryAfter as exc:
            raise SendFailure("retry_after", str(exc), _retry_seconds(exc)) from exc
        except Forbidden as exc:
            raise SendFailure("blocked", exc.message) from exc
        except BadRequest as exc:
            kind = "not_modified" if is_not_modified(exc.message) else "bad_request"
            raise SendFailure(kind, exc.message) from exc
        except (TimeoutError, TimedOut) as exc:
            raise SendFailure("network", type(exc).__name__) from exc
        except NetworkError as exc:
            # PTB reports 5xx answers as NetworkError too; both are worth a retry.
            kind = "server" if "server" in exc.message.lower() or "gateway" in exc.message.lower() \
                else "network"
            raise SendFailure(kind, exc.message) from exc
        except TelegramError as exc:
            raise SendFailure("bad_request", exc.message) from exc

    async def _deliver(self, chat_id: int, reply: Reply) -> Sent:
        inline = _inline(reply)
        if reply.edit_message_id:
            try:
                await self.bot.edit_message_text(reply.text, chat_id=chat_id,
                                                 message_id=reply.edit_message_id,
                                                 reply_markup=inline, parse_mode="HTML")
                return Sent(reply.edit_message_id)
            except BadRequest as exc:
                if is_not_modified(exc.message):
                    return Sent(reply.edit_message_id)
                if not is_edit_impossible(exc.message):
                    raise
        markup = inline or _reply_keyboard(reply)
        caption = reply.text or None
        if reply.photo is not None:
            photo = (InputFile(reply.photo, filename=reply.filename or "chart.png")
                     if isinstance(reply.photo, bytes) else reply.photo)
            sent = await self.bot.send_photo(chat_id, photo, caption=caption, parse_mode="HTML",
                                             reply_markup=markup)
        elif reply.voice is not None:  # by file id: a resident's voice note, passed on
            sent = await self.bot.send_voice(chat_id, reply.voice, caption=caption,
                                             parse_mode="HTML", reply_markup=markup)
        elif reply.document is not None:
            document = InputFile(reply.document, filename=reply.filename or "file.bin")
            sent = await self.bot.send_document(chat_id, document, caption=caption,
                                                parse_mode="HTML", reply_markup=markup)
        else:
            sent = await self.bot.send_message(chat_id, reply.text, parse_mode="HTML",
                                               reply_markup=markup,
                                               disable_web_page_preview=True)
        return Sent(sent.message_id)


def _retry_seconds(exc: RetryAfter) -> float:
    """Seconds to wait, whether PTB gives a timedelta (PTB_TIMEDELTA, set above) or, where a
    deployment turned that off, an int."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _sender(user: Any) -> Sender:
    return Sender(user.id, user.first_name or "", user.username, user.language_code)


def message_event(message: Message, update_id: int, bot_username: str) -> Event:
    """Reduce a Telegram message to a neutral event."""
    base: dict[str, Any] = {
        "channel": CHANNEL, "chat_id": message.chat_id, "sender": _sender(message.from_user),
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
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in reply.buttons])


def _reply_keyboard(reply: Reply) -> ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    keyboard = reply.keyboard
    if keyboard is None:
        return None
    if keyboard.kind == "remove":
        return ReplyKeyboardRemove()
    request = KeyboardButton(keyboard.label, request_contact=keyboard.kind == "contact" or None,
                             request_location=keyboard.kind == "location" or None)
    rows = [[request]]
    if keyboard.cancel_label:
        rows.append([KeyboardButton(keyboard.cancel_label)])
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
