"""The photos and voice notes of a case, sent to an official who asks from the card
("cm:<case id>:<offset>"): residents are told they may speak or show instead of typing, so
the officer must be able to see and hear what they sent.

Each goes by its Telegram file id with a caption naming the case and where it came from; a
neighbour's report shows the household, never who reported it.
"""

from __future__ import annotations

from cases import casework
from cases.casework import Refused
from handlers.case_card import MEDIA_NS, media_data
from handlers.case_outcome import refuse, work_of
from handlers.case_view import invalid, official_or_refuse
from handlers.context import Context
from handlers.model import Reply
from handlers.router import Router
from storage import casework as work_repo
from storage.casework import MediaRecord

router = Router()

MEDIA_PER_PRESS = 10  # a longer burst into one chat risks Telegram's flood limit


def caption(ctx: Context, ref: str, item: MediaRecord, n: int, total: int) -> str:
    """"📎 1/3 · NC-2026-000001 · 本人申报，2026-05-01" — the case and where it came from."""
    date = ctx.services.programme.local(item.at).strftime("%Y-%m-%d")
    if item.origin == "visit":
        return ctx.t("media.caption_visit", n=n, total=total, ref=ref, date=date)
    return ctx.t("media.caption_report", n=n, total=total, ref=ref, date=date,
                 source=ctx.t(f"source.{item.source or 'self'}"))


@router.button(MEDIA_NS)
async def send_case_media(ctx: Context) -> None:
    """Send the next photos and voice notes of a case the official may see."""
    case_id, _, offset = ctx.value.partition(":")
    if not case_id.isdigit() or not offset.isdigit():
        await invalid(ctx)
        return
    official = await official_or_refuse(ctx)
    if official is None:
        return
    try:  # the same check as every card button: out of scope is refused and audited
        case = await casework.load(ctx.tx, work_of(ctx), official, int(case_id), ctx.now)
    except Refused as refused:
        refuse(ctx, refused)
        return
    media = await work_repo.media_of(ctx.tx, case.id)
    start = int(offset)
    if start >= len(media):
        ctx.say("media.none" if not media else "err.button_stale", ref=case.ref)
        return
    shown = media[start:start + MEDIA_PER_PRESS]
    for n, item in enumerate(shown, start=start + 1):
        text = caption(ctx, case.ref, item, n, len(media))
        ctx.replies.append(Reply(text, photo=item.file_id) if item.kind == "photo"
                           else Reply(text, voice=item.file_id))
    last = start + len(shown)
    if last < len(media):
        ctx.say("media.more", first=start + 1, last=last, total=len(media),
                buttons=[[ctx.button("media.next", media_data(case.id, last),
                                     left=len(media) - last)]])
