"""The web channel's pieces on their own: a posted update as a neutral event (malformed ones
dropped), the page's HTML (nothing a person typed can run), signed cookies and poster links,
and a photo or voice note from another channel carried as bytes."""

from __future__ import annotations

import pytest

from bot.web.page_text import page_body, safe_html
from bot.web.signing import PosterSigner, Signer
from bot.web.uploads import Refused, check_upload
from chat.media import MediaGone, carry
from chat.replies import Document, Photo, RequestKeyboard, Text, Voice
from chat.web import event_from_web

VISITOR = "v" * 22


def raw(**fields: object) -> dict[str, object]:
    return {"update_id": "k" * 12, "visitor": VISITOR, **fields}


def test_a_posted_update_becomes_an_event_of_the_web_channel() -> None:
    event = event_from_web(raw(kind="text", text="/status", lang="en-US", village="500119101201"))
    assert event is not None
    assert (event.channel, event.chat_id, event.kind, event.command) == ("web", VISITOR,
                                                                        "command", "status")
    assert event.sender.language_code == "en-US" and event.place_hint == "500119101201"
    press = event_from_web(raw(kind="button", data="s:sr.size:3", message_id=7))
    assert press is not None and (press.kind, press.message_id, press.callback_id) == \
        ("button", 7, None)
    photo = event_from_web(raw(kind="photo", media="u" * 24))
    assert photo is not None and photo.media == "web:" + "u" * 24


@pytest.mark.parametrize("bad", [
    raw(kind="contact", phone="13800138000"),  # a page never vouches for a phone: typed text
    raw(kind="text"), raw(kind="button", data="x"), raw(kind="photo", media="../../etc/passwd"),
    {**raw(kind="text", text="hi"), "visitor": "short"}, {**raw(kind="text", text="hi"),
                                                         "update_id": "a b"},
    raw(kind="text", text="hi", village="not-a-code") | {"kind": "sticker"},
])
def test_malformed_updates_are_dropped(bad: dict[str, object]) -> None:
    assert event_from_web(bad) is None


def test_a_forged_village_hint_is_left_out() -> None:
    event = event_from_web(raw(kind="text", text="hi", village="<script>"))
    assert event is not None and event.place_hint is None


def test_the_page_gets_only_harmless_markup() -> None:
    assert safe_html("<b>王</b> &amp; <i>x</i>") == "<b>王</b> &amp; <i>x</i>"
    assert safe_html('<a href="javascript:alert(1)">点</a><img src=x onerror=alert(1)>') == "点"
    assert safe_html("&lt;script&gt;alert(1)&lt;/script&gt;") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert safe_html("<b>unclosed") == "<b>unclosed</b>"
    body = page_body(Text("第 4 步", keyboard=RequestKeyboard("contact", "📱", "取消")), "file")
    assert body["ask"] == {"kind": "contact", "label": "📱", "cancel": "取消"}
    assert page_body(Document("表", b"x"), "（文件）")["html"] == "表\n（文件）"


def test_cookies_and_poster_links_are_signed() -> None:
    signer = Signer("secret")
    visitor, cookie = signer.new_visitor()
    assert signer.visitor_of(cookie) == visitor
    assert signer.visitor_of(f"{visitor}.{'A' * 22}") is None
    assert signer.visitor_of(Signer("other").new_visitor()[1]) is None
    assert signer.visitor_of(None) is None and signer.visitor_of("no-dot") is None
    assert signer.csrf_ok(visitor, signer.csrf_token(visitor))
    assert not signer.csrf_ok(visitor, Signer("other").csrf_token(visitor))
    posters = PosterSigner("poster-key")
    token = posters.token("500119101201")
    assert posters.village_of(token) == "500119101201"
    assert PosterSigner("rotated").village_of(token) is None
    assert posters.village_of("500119101202" + token[12:]) is None  # another village
    assert len(token) == 21


def test_uploads_are_judged_by_their_bytes() -> None:
    check_upload("photo", b"\xff\xd8\xff\xe0 jpeg", 100)
    check_upload("voice", b"OggS opus", 100)
    check_upload("voice", b"\x00\x00\x00\x18ftypM4A ", 100)
    for kind, data, reason in (("photo", b"GIF89a", "wrong_type"), ("photo", b"", "empty"),
                               ("photo", b"\xff\xd8\xff" + b"x" * 100, "too_big"),
                               ("voice", b"\x89PNG\r\n\x1a\n", "wrong_type")):
        with pytest.raises(Refused) as refused:
            check_upload(kind, data, 100)
        assert refused.value.reason == reason


async def test_media_of_another_channel_travels_as_bytes() -> None:
    async def web_source(native: str) -> bytes:
        if native == "gone":
            raise MediaGone(native)
        return b"\xff\xd8\xff photo" if native == "p" else b"\x1a\x45\xdf\xa3 voice"

    sources = {"web": web_source}
    photo = await carry(Photo("cap", media="web:p"), "telegram", sources)
    assert isinstance(photo, Photo) and photo.image == b"\xff\xd8\xff photo" and photo.media is None
    assert photo.filename == "photo.jpg"
    voice = await carry(Voice("cap", "web:v"), "telegram", sources)
    assert isinstance(voice, Document) and voice.filename == "voice.webm"
    own = Photo("cap", media="telegram:AgAD")
    assert await carry(own, "telegram", sources) is own  # its own ids: as they are
    with pytest.raises(MediaGone):
        await carry(Photo("cap", media="web:gone"), "telegram", sources)
