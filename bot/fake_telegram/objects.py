"""JSON builders for the Bot API objects the fake returns (User, Chat, Message, Update...)."""

from __future__ import annotations

from typing import Any

from .models import BotMessage, StoredFile, UserMessage


def user_json(
    user_id: int,
    first_name: str,
    *,
    is_bot: bool = False,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
) -> dict[str, Any]:
    """A Bot API User."""
    data: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    if username:
        data["username"] = username
    if language_code:
        data["language_code"] = language_code
    return data


def bot_user_json(bot_id: int, first_name: str, username: str) -> dict[str, Any]:
    """The bot's own User, as getMe returns it (with the bot-only capability flags)."""
    data = user_json(bot_id, first_name, is_bot=True, username=username)
    data.update(
        can_join_groups=True,
        can_read_all_group_messages=False,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )
    return data


def private_chat_json(user: dict[str, Any]) -> dict[str, Any]:
    """The private Chat with a user (chat id == user id)."""
    chat: dict[str, Any] = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def photo_sizes(stored: StoredFile, width: int = 1280, height: int = 960) -> list[dict[str, Any]]:
    """PhotoSize list for one stored picture: a thumbnail and the full size.

    Both sizes resolve to the same bytes; real Telegram re-encodes, which nothing here needs.
    """
    size = len(stored.data)
    scale = 90 / max(width, height)
    return [
        {
            "file_id": f"{stored.file_id}-s",
            "file_unique_id": f"{stored.file_unique_id}s",
            "width": max(int(width * scale), 1),
            "height": max(int(height * scale), 1),
            "file_size": min(size, 2048),
        },
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": size,
        },
    ]


def document_json(stored: StoredFile) -> dict[str, Any]:
    """A Bot API Document."""
    data: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data


def voice_json(stored: StoredFile, duration: int) -> dict[str, Any]:
    """A Bot API Voice note."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": duration,
        "mime_type": stored.mime_type or "audio/ogg",
        "file_size": len(stored.data),
    }


def sticker_json(stored: StoredFile, emoji: str) -> dict[str, Any]:
    """A static regular Sticker (all fields both frameworks require)."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": len(stored.data),
    }


def file_json(stored: StoredFile) -> dict[str, Any]:
    """A Bot API File, as getFile returns it."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


def bot_message_json(
    msg: BotMessage,
    chat: dict[str, Any],
    bot_user: dict[str, Any],
    reply_to: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The Message Telegram returns for (and echoes in updates about) a bot message."""
    data: dict[str, Any] = {
        "message_id": msg.message_id,
        "from": bot_user,
        "chat": chat,
        "date": msg.date,
    }
    if msg.edit_date is not None:
        data["edit_date"] = msg.edit_date
    if reply_to is not None:
        data["reply_to_message"] = reply_to
    text_key, entities_key = (
        ("text", "entities")
        if msg.kind == "text"
        else (
            "caption",
            "caption_entities",
        )
    )
    if msg.plain:
        data[text_key] = msg.plain
        if msg.entities:
            data[entities_key] = msg.entities
    data.update(msg.media)
    if msg.inline_markup is not None:
        data["reply_markup"] = msg.inline_markup
    return data


def user_message_json(
    msg: UserMessage,
    chat: dict[str, Any],
    sender: dict[str, Any],
    reply_to: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The Message inside an update about something the user sent."""
    data: dict[str, Any] = {
        "message_id": msg.message_id,
        "from": sender,
        "chat": chat,
        "date": msg.date,
    }
    if msg.edit_date is not None:
        data["edit_date"] = msg.edit_date
    if reply_to is not None:
        data["reply_to_message"] = reply_to
    data.update(msg.content)
    return data


def inaccessible_message_json(chat: dict[str, Any], message_id: int) -> dict[str, Any]:
    """What a callback query carries for a message the bot can no longer see (date 0)."""
    return {"chat": chat, "message_id": message_id, "date": 0}


def callback_query_json(
    query_id: str,
    sender: dict[str, Any],
    message: dict[str, Any],
    data: str,
    chat_instance: str,
) -> dict[str, Any]:
    """A CallbackQuery for an inline-button press."""
    return {
        "id": query_id,
        "from": sender,
        "message": message,
        "chat_instance": chat_instance,
        "data": data,
    }
