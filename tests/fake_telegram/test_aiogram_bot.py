"""A tiny real aiogram 3 bot against the fake: everything the fake returns must parse."""

from __future__ import annotations

import asyncio
import io

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command, CommandStart
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.fake_telegram import FakeTelegram

from .conftest import TOKEN
from .scenario import run_scenario

pytestmark = pytest.mark.asyncio


def build_dispatcher(bot: Bot) -> Dispatcher:
    """Handlers mirroring the PTB bot in test_ptb_bot.py."""
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        kb = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text="是", callback_data="yes"),
                    InlineKeyboardButton(text="网站", url="https://example.org"),
                ]
            ]
        )
        name = message.from_user.first_name if message.from_user else "?"
        await message.answer(f"<b>你好</b> {name}", parse_mode="HTML", reply_markup=kb)

    @dp.message(Command("phone"))
    async def phone(message: Message) -> None:
        kb = ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text="📱 手机号", request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await message.answer("请分享手机号", reply_markup=kb)

    @dp.message(F.photo)
    async def photo(message: Message) -> None:
        assert message.photo is not None
        file = await bot.get_file(message.photo[-1].file_id)
        assert file.file_path is not None
        buffer = io.BytesIO()
        await bot.download_file(file.file_path, destination=buffer)
        data = buffer.getvalue()
        await message.answer_document(
            BufferedInputFile(data, filename="echo.jpg"),
            caption=f"{len(data)} bytes {message.caption}",
        )

    @dp.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact is not None
        await message.answer(f"got contact {message.contact.user_id}")

    @dp.message(F.document)
    async def document(message: Message) -> None:
        assert message.document is not None
        await message.answer(f"got document {message.document.file_name}")

    @dp.message(F.location | F.voice | F.sticker)
    async def other(message: Message) -> None:
        await message.answer(f"got {message.content_type.value}")

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    @dp.edited_message(F.text)
    async def edited(message: Message) -> None:
        await message.answer(f"edited: {message.text}")

    @dp.callback_query(F.data == "yes")
    async def pressed(query: CallbackQuery) -> None:
        await query.answer("ok")
        assert isinstance(query.message, Message)
        await query.message.edit_text("pressed yes")

    return dp


async def test_aiogram_echo_and_button_round_trip() -> None:
    fake = FakeTelegram()
    base = await fake.start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
    dp = build_dispatcher(bot)
    await bot.set_my_commands([BotCommand(command="start", description="开始")])
    polling = asyncio.create_task(
        dp.start_polling(bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    try:
        await run_scenario(fake)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, timeout=10)
        await bot.session.close()
        await fake.stop()
