"""Files both ways: user media via getFile + download, bot uploads, file_id reuse."""

from __future__ import annotations

import httpx
import pytest

from bot.fake_telegram import FakeTelegram

from .conftest import TOKEN, call

pytestmark = pytest.mark.asyncio


async def test_user_photo_download(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    data = b"\xff\xd8\xff" + b"x" * 5000
    photo = user.send_photo(data, caption="房子")["message"]
    assert photo["caption"] == "房子" and len(photo["photo"]) == 2
    for size in photo["photo"]:
        info = (await call(client, "getFile", file_id=size["file_id"]))["result"]
        got = await client.get(f"{fake.base_url}/file/bot{TOKEN}/{info['file_path']}")
        assert got.status_code == 200 and got.content == data
    bad = await call(client, "getFile", file_id="nope")
    assert bad["description"] == "Bad Request: invalid file_id"
    missing = await client.get(f"{fake.base_url}/file/bot{TOKEN}/photos/none.jpg")
    assert missing.status_code == 404


async def test_user_voice_document_sticker(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    voice = user.send_voice(b"OggS", duration=5)["message"]["voice"]
    assert voice["duration"] == 5 and voice["mime_type"] == "audio/ogg"
    doc = user.send_document(b"a,b\n", file_name="x.csv")["message"]["document"]
    assert doc["file_name"] == "x.csv" and doc["mime_type"] == "text/csv"
    info = (await call(client, "getFile", file_id=doc["file_id"]))["result"]
    got = await client.get(f"{fake.base_url}/file/bot{TOKEN}/{info['file_path']}")
    assert got.content == b"a,b\n"
    sticker = user.send_sticker()["message"]["sticker"]
    assert sticker["type"] == "regular" and sticker["is_animated"] is False


async def test_bot_uploads_and_reuses_file_ids(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    r = await client.post(
        "/sendPhoto",
        data={"chat_id": "1001", "caption": "<b>图</b>", "parse_mode": "HTML"},
        files={"photo": ("p.jpg", b"JPEGDATA", "image/jpeg")},
    )
    result = r.json()["result"]
    assert result["caption"] == "图" and result["caption_entities"][0]["type"] == "bold"
    assert user.last.kind == "photo" and user.last.file == b"JPEGDATA"
    file_id = result["photo"][-1]["file_id"]
    again = await call(client, "sendPhoto", chat_id=1001, photo=file_id)
    assert again["result"]["photo"][-1]["file_id"] == file_id and user.last.file == b"JPEGDATA"
    # aiogram's style: the field holds attach://<part name>.
    r = await client.post(
        "/sendDocument",
        data={"chat_id": "1001", "document": "attach://f1"},
        files={"f1": ("report.csv", b"x,y\n", "text/csv")},
    )
    assert r.json()["result"]["document"]["file_name"] == "report.csv"
    assert user.last.kind == "document" and user.last.file_name == "report.csv"
    wrong = await call(client, "sendPhoto", chat_id=1001, photo="unknown-id")
    assert wrong["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    long_caption = await call(client, "sendPhoto", chat_id=1001, photo=file_id, caption="x" * 1025)
    assert long_caption["description"] == "Bad Request: message caption is too long"
