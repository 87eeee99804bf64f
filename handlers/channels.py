"""/channel: where an official's cards and reminders go (Telegram or WeCom), and moving them
there: a code asked for here, sent from the other channel as /join CODE (cases/channel_moves)."""

from __future__ import annotations

from cases import channel_moves
from handlers.common import current_official
from handlers.context import Context
from handlers.router import Router

router = Router()


def channel_name(ctx: Context, channel: str) -> str:
    return ctx.t(f"wecom.channel_name_{channel}")


@router.command("channel")
async def channel_command(ctx: Context) -> None:
    official = await current_official(ctx)
    if official is None:
        ctx.say("wecom.channel_officials_only")
        return
    here = ctx.event.channel
    others = [c for c in ctx.services.official_channels if c != here]
    if not others:
        ctx.say("wecom.channel_only_one", here=channel_name(ctx, here))
        return
    code = await channel_moves.offer(ctx.tx, official, ctx.now)
    minutes = int(channel_moves.VALID_FOR.total_seconds() // 60)
    ctx.say("wecom.channel_offer", here=channel_name(ctx, here),
            other=channel_name(ctx, others[0]), code=code, minutes=minutes)


async def moved_here(ctx: Context, code: str) -> bool:
    """A /channel code sent here: the official's account moves to this chat. False when the
    code is no such code (it is then tried as an invite)."""
    sender = ctx.event.sender
    moved = await channel_moves.take(ctx.tx, code, channel=ctx.event.channel,
                                     user_id=sender.user_id, chat_id=ctx.event.chat_id,
                                     now=ctx.now)
    if moved is None:
        return False
    if moved.outcome == "taken" or moved.official is None:
        ctx.say("wecom.channel_taken")
        return True
    ctx.conv.lang = ctx.lang  # cards and reminders sent later follow it
    ctx.say("wecom.channel_moved", name=moved.official.display_name,
            here=channel_name(ctx, ctx.event.channel))
    return True
