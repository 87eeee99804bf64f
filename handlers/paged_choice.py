"""One choice from a paged list of buttons (handlers/keyboards.py `paged`), as the flows ask
it: the page shown is the one the draft remembers ("page"), ◀ ▶ turn it, and the answer is
a button of the list — anything else is said and the question asked again."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from chat.replies import Button
from handlers.context import Context
from handlers.keyboards import page_number, paged
from handlers.router import Handler

Items = Sequence[tuple[str, str]]  # (label, value), as `paged` shows them


def choice_buttons(ctx: Context, step: str, items: Items) -> list[list[Button]]:
    """The list at the page the draft remembers (the first until a page is turned)."""
    return paged(ctx, step, items, ctx.draft.get("page", 0))


async def tapped(ctx: Context, ask: Handler,
                 show_page: Callable[[Context, int], None] | None = None) -> str | None:
    """The value of the button tapped, or None when the answer was handled here: typed
    (said, then ``ask`` again) or a page turn (remembered, then shown by ``show_page``, in
    place, or by asking again)."""
    if ctx.event.kind != "button":
        ctx.say("err.use_buttons")
        await ask(ctx)
        return None
    page = page_number(ctx.value)
    if page is not None:
        ctx.draft["page"] = page
        if show_page is None:
            await ask(ctx)
        else:
            show_page(ctx, page)
        return None
    return ctx.value


async def chosen_value(ctx: Context, items: Items, ask: Handler, *,
                       refuse: Handler | None = None) -> str | None:
    """The value of the item chosen, or None when the answer was no item: as `tapped`, and a
    value not on the list (a stale or forged button) is ``refuse``d if given, said, and the
    question asked again."""
    value = await tapped(ctx, ask)
    if value is None:
        return None
    if value not in {v for _, v in items}:
        if refuse is not None:
            await refuse(ctx)
        ctx.say("err.button_invalid")
        await ask(ctx)
        return None
    return value
