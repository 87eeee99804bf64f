"""The main menu's buttons, each starting a journey."""

from __future__ import annotations

from handlers import neighbour_report, self_report
from handlers.common import offer_resume
from handlers.context import Context
from handlers.officials import show_official_menu
from handlers.router import Router
from handlers.status import show_status

router = Router()


@router.button("m")
async def menu_choice(ctx: Context) -> None:
    """Start the journey a menu button names."""
    if ctx.conv.step:
        offer_resume(ctx, then=ctx.value)
        return
    await start_choice(ctx, ctx.value)


async def start_choice(ctx: Context, choice: str) -> None:
    """The journey of a menu choice, pressed or typed (handlers/menu_words.py)."""
    if choice == "report":
        await self_report.start(ctx)
    elif choice == "status":
        await show_status(ctx)
    elif choice == "neighbour":
        await neighbour_report.start(ctx)
    elif choice == "official":
        await show_official_menu(ctx)
    else:
        ctx.say("err.button_invalid")
