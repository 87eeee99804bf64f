"""WeCom's callback encryption (WXBizMsgCrypt), on `cryptography`.

WeCom signs and encrypts every callback to a self-built application:
  msg_signature = sha1(the four strings token, timestamp, nonce, encrypt, sorted, joined)
  encrypt       = base64(AES-256-CBC(key, iv=key[:16], PKCS#7 to 32-byte blocks,
                         16 random bytes + 4-byte big-endian length + msg + receive id))
with key = base64decode(EncodingAESKey + "="). The receive id is the corp id. The URL check
(GET with echostr) and every POST (XML with <Encrypt>) use the same scheme. wechatpy's last
release is from 2021, hence this small module; tests check it against WeCom's published
sample values (tests/unit/test_wecom_crypto.py), so our fake server cannot share a bug with it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
import xml.etree.ElementTree as ET
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeCom pads to 32 bytes, not AES's 16
MAX_XML = 256 * 1024  # a callback is a few hundred bytes; anything huge is not WeCom


class WeComCryptoError(ValueError):
    """A callback that is not WeCom's: a bad signature, a bad key, a broken body."""


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


class WXBizMsgCrypt:
    """Seals and opens messages for one application (token, EncodingAESKey, corp id)."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        if len(encoding_aes_key) != 43:
            raise WeComCryptoError("the EncodingAESKey has 43 characters")
        try:
            self.key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error as exc:
            raise WeComCryptoError("the EncodingAESKey is not base64") from exc
        self.token = token
        self.receive_id = receive_id

    # --- opening ---------------------------------------------------------------------------

    def check(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        expected = signature(self.token, timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected, msg_signature.lower()):
            raise WeComCryptoError("bad signature")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The URL check: the plain echostr to answer with."""
        self.check(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt_msg(self, msg_signature: str, timestamp: str, nonce: str, body: bytes) -> str:
        """A POSTed callback: the plain XML inside its <Encrypt>."""
        encrypt = parse_xml(body).get("Encrypt")
        if not encrypt:
            raise WeComCryptoError("no Encrypt element")
        self.check(msg_signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def decrypt(self, encrypt: str) -> str:
        try:
            sealed = base64.b64decode(encrypt, validate=True)
        except binascii.Error as exc:
            raise WeComCryptoError("not base64") from exc
        if not sealed or len(sealed) % 16:
            raise WeComCryptoError("not whole AES blocks")
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        plain = decryptor.update(sealed) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise WeComCryptoError("bad padding")
        plain = plain[:-pad]
        if len(plain) < 20:
            raise WeComCryptoError("too short")
        (length,) = struct.unpack(">I", plain[16:20])
        msg, receive_id = plain[20:20 + length], plain[20 + length:]
        if len(msg) != length:
            raise WeComCryptoError("bad length")
        if not hmac.compare_digest(receive_id, self.receive_id.encode()):
            raise WeComCryptoError("another receive id")
        try:
            return msg.decode()
        except UnicodeDecodeError as exc:
            raise WeComCryptoError("not UTF-8") from exc

    # --- sealing (our fake server's side, and a passive reply) -------------------------------

    def encrypt(self, msg: str, random16: bytes | None = None) -> str:
        body = msg.encode()
        plain = (random16 or os.urandom(16)) + struct.pack(">I", len(body)) + body \
            + self.receive_id.encode()
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def encrypt_msg(self, msg: str, timestamp: str, nonce: str) -> tuple[str, str]:
        """(the XML body to POST, its msg_signature)."""
        encrypt = self.encrypt(msg)
        body = (f"<xml><ToUserName><![CDATA[{self.receive_id}]]></ToUserName>"
                f"<Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>")
        return body, signature(self.token, timestamp, nonce, encrypt)


def parse_xml(body: bytes | str) -> dict[str, Any]:
    """A flat WeCom XML document as {tag: text}, nested elements as dicts. Refuses a DOCTYPE
    (so no entity can expand: expat would otherwise expand internal entities) and anything
    larger than a callback can be."""
    raw = body.encode() if isinstance(body, str) else body
    if len(raw) > MAX_XML:
        raise WeComCryptoError("too large")
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise WeComCryptoError("a DOCTYPE or entity")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise WeComCryptoError("not XML") from exc
    return _element(root)


def _element(node: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in node:
        out[child.tag] = _element(child) if len(child) else (child.text or "")
    return out
