"""Typed, versioned button payloads and the one codec that packs and checks them.

A payload is "<prefix>:<field>:<field>…" within Telegram's 64 bytes. Each prefix has a schema
naming its fields and what each may hold (a bounded integer, a word from a list, a short
token). The version is part of the prefix: the schemas here are version 1, the format the bot
has always sent, so buttons on old messages still decode; a changed layout takes a new prefix
(e.g. "c2") and keeps the old one decoding as long as old messages may be pressed.

Anything that does not decode — forged, truncated, an id out of range (a number above 2^63
once crashed a handler) — raises PayloadError, which the router answers "this button has
expired" with a fresh screen; no handler ever sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

MAX_BYTES = 64
MAX_ID = 2**63 - 1  # a database id (BIGINT)
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


class PayloadError(ValueError):
    """A payload that is not one this bot could have sent."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a payload: an integer in [lo, hi], a word from `choices`, or a token."""

    name: str
    kind: Literal["int", "choice", "token"] = "token"
    lo: int = 0
    hi: int = MAX_ID
    choices: tuple[str, ...] = ()
    optional: bool = False  # may be left off at the end

    def check(self, raw: str) -> int | str:
        if self.kind == "int":
            if not raw.isdigit() or len(raw) > 19 or not self.lo <= int(raw) <= self.hi:
                raise PayloadError(f"{self.name}: not an integer in range")
            return int(raw)
        if self.kind == "choice":
            if raw not in self.choices:
                raise PayloadError(f"{self.name}: not one of the choices")
            return raw
        if not _TOKEN.fullmatch(raw):
            raise PayloadError(f"{self.name}: not a token")
        return raw


def Int(name: str, lo: int = 0, hi: int = MAX_ID, optional: bool = False) -> Field:
    return Field(name, "int", lo, hi, optional=optional)


def Choice(name: str, *choices: str, optional: bool = False) -> Field:
    return Field(name, "choice", choices=choices, optional=optional)


def Token(name: str, optional: bool = False) -> Field:
    return Field(name, "token", optional=optional)


@dataclass(frozen=True, slots=True)
class Schema:
    """The layout of one kind of payload."""

    prefix: str
    fields: tuple[Field, ...]
    rest: bool = False  # the last field takes the remainder, colons included (step values)


@dataclass(frozen=True, slots=True)
class Payload:
    """A decoded payload: its prefix, its checked values by name, and the text after the prefix."""

    prefix: str
    values: dict[str, int | str] = field(default_factory=dict)
    rest: str = ""

    def number(self, name: str) -> int:
        return int(self.values[name])

    def word(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        return default if value is None else str(value)


class PayloadCodec:
    """Packs values into payloads and checks payloads coming back, for registered schemas."""

    def __init__(self) -> None:
        self._schemas: dict[str, Schema] = {}

    def register(self, prefix: str, *fields: Field, rest: bool = False) -> Schema:
        if prefix in self._schemas or not _TOKEN.fullmatch(prefix) or ":" in prefix:
            raise ValueError(f"payload prefix {prefix!r} is taken or malformed")
        schema = Schema(prefix, tuple(fields), rest)
        self._schemas[prefix] = schema
        return schema

    def knows(self, prefix: str) -> bool:
        return prefix in self._schemas

    def encode(self, prefix: str, *values: int | str) -> str:
        """The payload for these values; refuses what could not come back (a bug, not input)."""
        schema = self._schemas[prefix]
        data = ":".join([prefix, *(str(v) for v in values)])
        self.decode(data)  # the same checks as on the way in
        if schema.fields and len(values) > len(schema.fields):
            raise ValueError(f"too many values for {prefix!r}")
        return data

    def decode(self, data: str) -> Payload:
        """Check a payload against its schema; PayloadError when it fits none."""
        if not data or len(data.encode()) > MAX_BYTES:
            raise PayloadError("empty or longer than 64 bytes")
        prefix, _, tail = data.partition(":")
        schema = self._schemas.get(prefix)
        if schema is None:
            raise PayloadError("unknown prefix")
        fields = schema.fields
        if schema.rest and fields:
            parts = tail.split(":", len(fields) - 1)
        else:
            parts = tail.split(":") if tail else []
        required = sum(1 for f in fields if not f.optional)
        if not required <= len(parts) <= len(fields):
            raise PayloadError("wrong number of fields")
        values: dict[str, int | str] = {}
        for spec, raw in zip(fields, parts, strict=False):
            if schema.rest and spec is fields[-1]:
                if not raw or len(raw) > MAX_BYTES:
                    raise PayloadError(f"{spec.name}: empty")
                values[spec.name] = raw
            else:
                values[spec.name] = spec.check(raw)
        return Payload(prefix, values, tail)
