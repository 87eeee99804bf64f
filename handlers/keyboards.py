"""Button layouts shared by the flows: paged lists, yes/no, cancel."""

from __future__ import annotations

from collections.abc import Sequence

from chat.replies import Button
from handlers.context import Context
from handlers.router import step_data

PAGE_SIZE = 10
CANCEL_DATA = "x:cancel"


def paged(
    ctx: Context,
    step: str,
    items: Sequence[tuple[str, str]],
    page: int,
    per_row: int = 2,
) -> list[list[Button]]:
    """Buttons for (label, value) items, PAGE_SIZE at a time, with ◀ ▶ between pages."""
    pages = max(1, (len(items) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    chunk = items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows = [
        [Button(label, step_data(step, value)) for label, value in chunk[i : i + per_row]]
        for i in range(0, len(chunk), per_row)
    ]
    nav: list[Button] = []
    if page > 0:
        nav.append(ctx.button("btn.prev_page", step_data(step, f"p{page - 1}")))
    if page < pages - 1:
        nav.append(ctx.button("btn.next_page", step_data(step, f"p{page + 1}")))
    if nav:
        rows.append(nav)
    return rows


def page_number(value: str) -> int | None:
    """The page a ◀ ▶ button asks for, or None when the value is not a page turn."""
    if value.startswith("p") and value[1:].isdigit():
        return int(value[1:])
    return None


def cancel_row(ctx: Context) -> list[Button]:
    return [ctx.button("btn.cancel", CANCEL_DATA)]


def yes_no(ctx: Context, step: str) -> list[list[Button]]:
    return [[ctx.button("btn.yes", step_data(step, "yes")),
             ctx.button("btn.no", step_data(step, "no"))]]
