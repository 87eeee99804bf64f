"""The one way a resident gives a phone number (self-report, a question to the village, a
neighbour who agrees to be contacted): the share-my-number button on the keyboard, or typing
a mobile or a landline with its area code; the keyboard's Cancel leaves the flow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from chat.replies import RequestKeyboard
from handlers.common import cancel
from handlers.context import Context
from handlers.report_steps import phone_answer, typed_cancel


def ask_phone(ctx: Context, key: str, **params: Any) -> None:
    """The question, with the keyboard that shares the person's own number in one tap."""
    ctx.say(key, keyboard=RequestKeyboard("contact", ctx.t("btn.share_phone"),
                                          ctx.t("btn.cancel")), **params)


async def take_phone(ctx: Context, ask_again: Callable[[Context], Awaitable[None]], *,
                     saved: str, invalid: str = "sr.err_phone") -> str | None:
    """The number answered, with `saved` said and the share keyboard taken away; None when the
    answer was Cancel (the flow is left) or no phone number (said why, asked again)."""
    if typed_cancel(ctx):
        await cancel(ctx)
        return None
    if ctx.event.kind not in ("contact", "text"):  # a photo, a sticker, a button of old
        ctx.say("sr.err_phone_kind")
        await ask_again(ctx)
        return None
    phone = phone_answer(ctx)
    if phone is None:
        ctx.say(invalid)
        await ask_again(ctx)
        return None
    ctx.say(saved, keyboard=RequestKeyboard("remove"))
    return phone
