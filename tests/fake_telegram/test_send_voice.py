"""sendVoice: the bot passes on a voice note a user sent, by its file_id, or uploads one."""

from __future__ import annotations

import httpx
import pytest

from bot.fake_telegram import FakeTelegram

from .conftest import call

pytestmark = pytest.mark.asyncio


async def test_a_users_voice_note_is_sent_on_by_file_id(client: httpx.AsyncClient,
                                                       fake: FakeTelegram) -> None:
    resident, officer = fake.user(user_id=1001), fake.user(user_id=1002)
    sent = resident.send_voice(b"OggS-resident", duration=7)["message"]["voice"]
    result = (await call(client, "sendVoice", chat_id=1002, voice=sent["file_id"],
                         caption="<b>NC-1</b> 本人申报", parse_mode="HTML"))["result"]
    assert result["voice"]["file_id"] == sent["file_id"]
    assert result["voice"]["duration"] == 7  # as recorded, like Telegram
    assert result["caption"] == "NC-1 本人申报" and result["caption_entities"][0]["type"] == "bold"
    last = officer.last
    assert last.kind == "voice" and last.file_id == sent["file_id"]
    assert last.file == b"OggS-resident" and last.plain == "NC-1 本人申报"
    assert "[voice" in officer.transcript()


async def test_voice_upload_and_refusals(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user(user_id=1001)
    r = await client.post("/sendVoice", data={"chat_id": "1001", "duration": "4"},
                          files={"voice": ("v.ogg", b"OggS-upload", "audio/ogg")})
    voice = r.json()["result"]["voice"]
    assert voice["duration"] == 4 and voice["mime_type"] == "audio/ogg"
    assert user.last.kind == "voice" and user.last.file == b"OggS-upload"
    wrong = await call(client, "sendVoice", chat_id=1001, voice="unknown-id")
    assert wrong["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    missing = await call(client, "sendVoice", chat_id=1001)
    assert missing["ok"] is False and missing["error_code"] == 400
    long_caption = await call(client, "sendVoice", chat_id=1001, voice=voice["file_id"],
                              caption="x" * 1025)
    assert long_caption["description"] == "Bad Request: message caption is too long"
