"""The photos and voice notes of a case, sent to an official who asks from the card
("cm:<case id>:<offset>"): residents are told they may speak or show instead of typing, so
the officer must be able to see and hear what they sent.

Each goes by its Telegram file id with a caption naming the case and where it came from; a
neighbour's report shows the household, never who reported it. They go through the outbox
(MEDIA_KEY, drawn at send time), not as direct replies: ten photos at once into one chat
would run into Telegram's flood limit, and the outbox keeps the limits and retries a 429.
"""

from __future__ import annotations

from typing import Any

from cases import casework
from cases.casework import Refused
from cases.deliveries import queue_drawn
from cases.jurisdiction import can_see
from chat.live import LiveRender
from chat.replies import Photo, Voice
from handlers.case_card import MEDIA_NS, media_data
from handlers.case_outcome import refuse, work_of
from handlers.case_view import official_or_refuse
from handlers.context import Context
from handlers.router import Router
from handlers.services import Services
from storage import casework as work_repo
from storage import officials as official_repo
from storage.casework import MediaRecord
from storage.db import Tx

router = Router()

MEDIA_PER_PRESS = 10  # queued per press; the outbox sends them at the chat's pace (1/s)


MEDIA_KEY = "case.media"


def caption(services: Services, lang: str, ref: str, item: MediaRecord, n: int, total: int
            ) -> str:
    """"📎 1/3 · NC-2026-000001 · 本人申报，2026-05-01" — the case and where it came from."""
    t = services.catalogue.text
    date = services.programme.local(item.at).strftime("%Y-%m-%d")
    if item.origin == "visit":
        return t("media.caption_visit", lang, n=n, total=total, ref=ref, date=date)
    return t("media.caption_report", lang, n=n, total=total, ref=ref, date=date,
             source=t(f"source.{item.source or 'self'}", lang))


@router.button(MEDIA_NS)
async def send_case_media(ctx: Context) -> None:
    """Send the next photos and voice notes of a case the official may see."""
    case_id, start = ctx.pressed.number("case"), ctx.pressed.number("offset")
    official = await official_or_refuse(ctx, "media", case_id)
    if official is None:
        return
    try:  # the same check as every card button: out of scope is refused and audited
        case = await casework.load(ctx.tx, work_of(ctx), official, case_id, ctx.now, "media")
    except Refused as refused:
        refuse(ctx, refused)
        return
    media = await work_repo.media_of(ctx.tx, case.id)
    if start >= len(media):
        ctx.say("media.none" if not media else "err.button_stale", ref=case.ref)
        return
    last = min(start + MEDIA_PER_PRESS, len(media))
    for n in range(start, last):  # urgent: an answer to a press is not held for quiet hours
        await queue_drawn(ctx.tx, channel=ctx.event.channel, chat_id=ctx.event.chat_id,
                          key=MEDIA_KEY, params={"case_id": case.id, "n": n}, now=ctx.now,
                          case_id=case.id, urgent=True)
    more = ([[ctx.button("media.next", media_data(case.id, last), left=len(media) - last)]]
            if last < len(media) else None)
    ctx.say("media.sending", first=start + 1, last=last, total=len(media), buttons=more)


def live_media(services: Services) -> LiveRender:
    """The outbox renderer for one photo or voice note: the official may still see the case
    when it is sent (rights checked again), and the item is read from the case then."""

    async def render(tx: Tx, channel: str, chat_id: str, params: dict[str, Any], lang: str
                     ) -> Photo | Voice | None:
        viewer = await official_repo.by_chat(tx, channel, chat_id)
        case = await services.cases.by_id(tx, int(params.get("case_id", 0)))
        if viewer is None or case is None or not can_see(viewer, case):
            return None
        media = await work_repo.media_of(tx, case.id)
        n = int(params.get("n", -1))
        if not 0 <= n < len(media):
            return None
        item = media[n]
        text = caption(services, lang, case.ref, item, n + 1, len(media))
        return Photo(text, media=item.file_id) if item.kind == "photo" else Voice(text, item.file_id)

    return render
