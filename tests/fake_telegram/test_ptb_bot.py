"""A tiny real python-telegram-bot 22 bot against the fake: everything must parse."""

from __future__ import annotations

import pytest
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.fake_telegram import FakeTelegram

from .conftest import TOKEN
from .scenario import run_scenario

pytestmark = pytest.mark.asyncio
Context = ContextTypes.DEFAULT_TYPE


async def start(update: Update, context: Context) -> None:
    """Greeting with an inline keyboard."""
    kb = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("是", callback_data="yes"),
                InlineKeyboardButton("网站", url="https://example.org"),
            ]
        ]
    )
    assert update.effective_user is not None and update.effective_message is not None
    name = update.effective_user.first_name
    await update.effective_message.reply_html(f"<b>你好</b> {name}", reply_markup=kb)


async def phone(update: Update, context: Context) -> None:
    """Ask for the phone number with a reply keyboard."""
    kb = ReplyKeyboardMarkup(
        [[KeyboardButton("📱 手机号", request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    assert update.effective_message is not None
    await update.effective_message.reply_text("请分享手机号", reply_markup=kb)


async def photo(update: Update, context: Context) -> None:
    """Download the picture and send it back as a document."""
    message = update.effective_message
    assert message is not None and message.photo
    file = await context.bot.get_file(message.photo[-1].file_id)
    data = bytes(await file.download_as_bytearray())
    await message.reply_document(data, filename="echo.jpg", caption=f"{len(data)} bytes {message.caption}")


async def media(update: Update, context: Context) -> None:
    """Say which kind of message arrived."""
    message = update.effective_message
    assert message is not None
    if message.contact:
        await message.reply_text(f"got contact {message.contact.user_id}")
    elif message.document:
        await message.reply_text(f"got document {message.document.file_name}")
    else:
        kind = next(k for k in ("location", "voice", "sticker") if getattr(message, k))
        await message.reply_text(f"got {kind}")


async def echo(update: Update, context: Context) -> None:
    """Echo text; edited texts are announced."""
    if update.edited_message is not None:
        await update.edited_message.reply_text(f"edited: {update.edited_message.text}")
        return
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def pressed(update: Update, context: Context) -> None:
    """Answer the press and edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text("pressed yes")


def build_application(base: str) -> Application:  # type: ignore[type-arg]
    """The PTB application pointed at the fake."""
    app = Application.builder().token(TOKEN).base_url(f"{base}/bot").base_file_url(f"{base}/file/bot").build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("phone", phone))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    app.add_handler(
        MessageHandler(
            filters.CONTACT | filters.LOCATION | filters.VOICE | filters.Sticker.ALL | filters.Document.ALL,
            media,
        )
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed, pattern="^yes$"))
    return app


async def test_ptb_echo_and_button_round_trip() -> None:
    fake = FakeTelegram()
    base = await fake.start()
    app = build_application(base)
    await app.initialize()
    await app.bot.set_my_commands([BotCommand("start", "开始")])
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    try:
        await run_scenario(fake)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await fake.stop()
