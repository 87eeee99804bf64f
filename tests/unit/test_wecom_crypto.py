"""WeCom's callback encryption against WeCom's own published sample values (the official
WXBizMsgCrypt samples: Sample.py / Sample.php of the callback SDKs), for both the adapter's
implementation (chat.wecom_crypto) and the fake server's (tests.support.fake_wecom): each is
checked against WeCom, not against the other."""

from __future__ import annotations

import pytest

from chat.wecom_crypto import WeComCryptoError, WXBizMsgCrypt, parse_xml, signature
from tests.support.fake_wecom import FakeSealer

# The official sample's application settings.
TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP_ID = "wx5823bf96d3bd56c7"

# 使用示例一：验证回调URL (GET /cgi-bin/wxpush?msg_signature=…&timestamp=…&nonce=…&echostr=…)
VERIFY_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
VERIFY_TIMESTAMP = "1409659589"
VERIFY_NONCE = "263014780"
VERIFY_ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="

# 使用示例二：对用户回复的消息解密 (POST with <Encrypt>)
POST_SIGNATURE = "477715d11cdb4164915debcba66cb864d751f3e6"
POST_TIMESTAMP = "1409659813"
POST_NONCE = "1372623149"
POST_ENCRYPT = (
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCU"
    "pj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgp"
    "ue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCK"
    "Iw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o"
    "0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2"
    "pDBS8R07+qN+E7Q==")
POST_BODY = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{POST_ENCRYPT}]]>"
             "</Encrypt><AgentID><![CDATA[218]]></AgentID></xml>").encode()

# The WeChat platform's published encryption vector (the same scheme, a fixed "random" part):
# WXBizMsgCryptTest.java of the official Java sample.
JAVA_TOKEN, JAVA_APPID = "pamtest", "wxb11529c136998cb6"
JAVA_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
JAVA_RANDOM = b"aaaabbbbccccdddd"
JAVA_MSG = "我是中文abcd123"
JAVA_SEALED = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="


def test_the_adapter_verifies_the_published_url_check() -> None:
    crypt = WXBizMsgCrypt(TOKEN, AES_KEY, CORP_ID)
    echo = crypt.verify_url(VERIFY_SIGNATURE, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR)
    assert echo.isdigit() and len(echo) >= 10  # WeCom's random echo string


def test_the_adapter_opens_the_published_message() -> None:
    crypt = WXBizMsgCrypt(TOKEN, AES_KEY, CORP_ID)
    xml = crypt.decrypt_msg(POST_SIGNATURE, POST_TIMESTAMP, POST_NONCE, POST_BODY)
    fields = parse_xml(xml)
    assert fields["FromUserName"] == "mycreate"
    assert fields["Content"] == "hello"
    assert fields["MsgId"] == "4561255354251345929"
    assert fields["MsgType"] == "text"


def test_the_adapter_seals_as_the_published_vector() -> None:
    crypt = WXBizMsgCrypt(JAVA_TOKEN, JAVA_KEY, JAVA_APPID)
    assert crypt.encrypt(JAVA_MSG, JAVA_RANDOM) == JAVA_SEALED
    assert crypt.decrypt(JAVA_SEALED) == JAVA_MSG


def test_the_fake_server_seals_and_signs_as_wecom() -> None:
    sealer = FakeSealer(JAVA_TOKEN, JAVA_KEY, JAVA_APPID)
    assert sealer.seal(JAVA_MSG, JAVA_RANDOM) == JAVA_SEALED
    wecom = FakeSealer(TOKEN, AES_KEY, CORP_ID)
    assert wecom.sign(TOKEN, POST_TIMESTAMP, POST_NONCE, POST_ENCRYPT) == POST_SIGNATURE
    assert wecom.sign(TOKEN, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR) == VERIFY_SIGNATURE
    message, receiver = wecom.open(POST_ENCRYPT)
    assert receiver == CORP_ID and "<Content><![CDATA[hello]]></Content>" in message


def test_a_changed_signature_body_or_key_is_refused() -> None:
    crypt = WXBizMsgCrypt(TOKEN, AES_KEY, CORP_ID)
    with pytest.raises(WeComCryptoError, match="signature"):
        crypt.decrypt_msg("0" * 40, POST_TIMESTAMP, POST_NONCE, POST_BODY)
    with pytest.raises(WeComCryptoError, match="signature"):
        crypt.decrypt_msg(POST_SIGNATURE, POST_TIMESTAMP, "1", POST_BODY)
    other = WXBizMsgCrypt(TOKEN, AES_KEY, "ww-another-corp")
    with pytest.raises(WeComCryptoError, match="receive id"):
        other.decrypt_msg(POST_SIGNATURE, POST_TIMESTAMP, POST_NONCE, POST_BODY)
    with pytest.raises(WeComCryptoError):
        WXBizMsgCrypt(TOKEN, AES_KEY[:-1], CORP_ID)
    assert signature(TOKEN, POST_TIMESTAMP, POST_NONCE, POST_ENCRYPT) == POST_SIGNATURE


def test_xml_with_a_doctype_or_entities_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>')
    with pytest.raises(WeComCryptoError, match="DOCTYPE"):
        parse_xml(bomb)
    with pytest.raises(WeComCryptoError, match="not XML"):
        parse_xml(b"<xml><Encrypt>")
