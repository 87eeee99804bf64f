"""Every button payload this bot sends, declared once with the range of each value.

The router checks each pressed payload here before any handler runs (see chat.payloads): a
forged, truncated or out-of-range one is answered "this button has expired" with a fresh
screen. All schemas are version 1 — the layout the bot has always sent, so buttons on old
messages still work; a new layout takes a new prefix and leaves the old one declared.
"""

from __future__ import annotations

from chat.payloads import Choice, Int, PayloadCodec, Token

PAYLOADS = PayloadCodec()

PAYLOADS.register("s", Token("step"), Token("value"))  # a flow step's answer: stale once left
PAYLOADS.register("m", Choice("choice", "report", "neighbour", "status", "official"))  # main menu
PAYLOADS.register("r", Choice("what", "continue", "restart"), Token("then", optional=True))
PAYLOADS.register("l", Choice("lang", "zh", "en"))
PAYLOADS.register("k", Choice("answer", "yes", "no", "details"))  # consent (details: the full note)
PAYLOADS.register("x", Choice("what", "cancel"))
PAYLOADS.register("c", Token("action"), Int("case", lo=1), Int("version", hi=2**31 - 1))  # a case card
PAYLOADS.register("cv", Int("case", lo=1))  # open a case from the inbox
PAYLOADS.register("ib", Int("page", hi=100_000))  # inbox page
PAYLOADS.register("cm", Int("case", lo=1), Int("offset", hi=100_000))  # a case's photos and voice
PAYLOADS.register("stats", Choice("kind", "chart", "xlsx", "cases"), Int("year", lo=1900, hi=2200),
                  Token("scope"))
PAYLOADS.register("of", Choice("what", "start"))  # found on a visit
PAYLOADS.register("iv", Choice("what", "start"))  # invite an official
PAYLOADS.register("om", Choice("what", "stats"))  # official's menu
PAYLOADS.register("md", Choice("what", "erase"))  # /mydata: ask for deletion
PAYLOADS.register("dr", Choice("what", "approve", "refuse"), Int("request", lo=1))  # its decision
PAYLOADS.register("pf", Choice("what", "start"))  # filing for someone else (代为申报)
PAYLOADS.register("pc", Choice("what", "yes", "no", "all", "limited"), Int("filing", lo=1))
PAYLOADS.register("po", Int("case", lo=1))  # the officer: the household confirmed on the visit
PAYLOADS.register("dd", Choice("what", "continue", "discard"))  # an abandoned draft's reminder
