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
PAYLOADS.register("tl", Int("case", lo=1), Int("page", hi=100_000))  # a page of a case's history
PAYLOADS.register("stats", Choice("kind", "chart", "xlsx", "cases"), Int("year", lo=1900, hi=2200),
                  Token("scope"))
PAYLOADS.register("of", Choice("what", "start"))  # found on a visit
PAYLOADS.register("iv", Choice("what", "start"))  # invite an official
PAYLOADS.register("om", Choice("what", "stats"))  # official's menu
PAYLOADS.register("pol", Choice("what", "open"))  # a district admin's rules (/policy)
PAYLOADS.register("md", Choice("what", "erase"))  # /mydata: ask for deletion
PAYLOADS.register("dr", Choice("what", "approve", "refuse"), Int("request", lo=1))  # its decision
# 我的农户 (handlers/households.py): a list page (search 0: no search), a household, a visit
# to it, and the list (from the officials' menu) or the search question.
PAYLOADS.register("hl", Int("search", hi=2**31 - 1), Int("page", hi=100_000))
PAYLOADS.register("hv", Int("household", lo=1), Int("search", hi=2**31 - 1, optional=True),
                  Int("page", hi=100_000, optional=True))
PAYLOADS.register("hf", Int("household", lo=1))
PAYLOADS.register("hq", Choice("what", "list", "search"))
PAYLOADS.register("qa", Choice("what", "answer", "case"), Int("question", lo=1))  # a question to the village
PAYLOADS.register("fu", Choice("what", "add", "review"), Int("case", lo=1))  # 补充情况 / 申请复核
PAYLOADS.register("vc", Choice("answer", "yes", "no"), Int("case", lo=1), Int("visit", lo=1, hi=10_000))
PAYLOADS.register("op", Choice("what", "share", "stop"))  # /phone: an official's phone on receipts
PAYLOADS.register("pf", Choice("what", "start"))  # filing for someone else (代为申报)
PAYLOADS.register("pc", Choice("what", "yes", "no", "all", "limited"), Int("filing", lo=1))
PAYLOADS.register("po", Int("case", lo=1))  # the officer: the household confirmed on the visit
PAYLOADS.register("dd", Choice("what", "continue", "discard"))  # an abandoned draft's reminder
