"""A span of time as a promise to a person: "30 分钟", "2 小时" — never "0 小时"."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta


def within(t: Callable[..., str], span: timedelta) -> str:
    """Whole hours when the span is whole hours; otherwise minutes, rounded up (a deadline
    of 0.5 h reads "30 分钟", not "0 小时"; 1.5 h reads "90 分钟")."""
    minutes = max(1, math.ceil(span.total_seconds() / 60))
    if minutes % 60:
        return t("chase.within_minutes", n=minutes)
    return t("chase.within_hours", n=minutes // 60)
