"""A number or date typed as an answer, read the way people write it (handlers/spoken_values.py);
when it cannot be read, the reply shows an example written the same way the person wrote."""

from __future__ import annotations

from datetime import date
from typing import Literal

from handlers.context import Context
from handlers.spoken_values import Prefer, read_amount, read_count, read_date

Kind = Literal["amount", "count"]


def _typed(ctx: Context) -> str | None:
    return ctx.event.text if ctx.event.kind == "text" else None


def number_answer(ctx: Context, low: int, high: int, kind: Kind = "amount") -> int | None:
    """The number typed (2万, 两千五, 20,000 …) within [low, high]; otherwise None, and the
    person has been shown an example in the form they used (the caller asks again)."""
    raw = _typed(ctx)
    reading = (read_count if kind == "count" else read_amount)(raw, low, high)
    if reading.value is not None:
        return reading.value
    example = ctx.t(f"spoken.example_{kind}_{reading.form}")
    ctx.say("spoken.bad_number", example=example, low=low, high=high)
    return None


def date_answer(ctx: Context, today: date, prefer: Prefer) -> date | None:
    """The date typed (12月5日, 12-5, 下周一 …); None and an example in the form used otherwise.
    A date without a year is the latest past one for events, the next one for visits."""
    reading = read_date(_typed(ctx), today, prefer)
    if reading.value is not None:
        return reading.value
    ctx.say("spoken.bad_date", example=ctx.t(f"spoken.example_date_{reading.form}_{prefer}"))
    return None
