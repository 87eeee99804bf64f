"""The programme's own steps as plain rules: which steps a passage goes through, when a public
notice comes down, and what the notice may say.

Inclusion in monitoring and risk elimination each go through, where the district keeps them on
(all three by default): 民主评议 "review" (the village's democratic review), 公示 "notice" (a
public notice for a number of calendar days) and 审定 "confirm" (confirmation by an admin of
the case's own district). The actions themselves are in cases/programme_work.py.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from cases.policy import Programme

# The passages' last stage once every step is done.
FINAL_STAGE = {"inclusion": "monitored", "elimination": "closed"}
# Where a case goes back to when its review fails or the district does not confirm it.
BACK_STAGE = {"inclusion": "visited", "elimination": "monitored"}

COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "司徒",
    "夏侯", "长孙", "宇文", "轩辕", "端木", "西门", "南宫", "独孤", "申屠", "澹台", "万俟"))


def first_step(programme: Programme, track: str) -> str | None:
    steps = programme.steps_for(track)
    return steps[0] if steps else None


def next_step(programme: Programme, track: str, current: str) -> str | None:
    """The step after `current` on this track, or None when the passage is complete. A step
    the district turned off meanwhile is skipped; one turned on meanwhile is not gone back to."""
    from cases.vocab import PROGRAMME_STEPS

    order = PROGRAMME_STEPS.index(current) if current in PROGRAMME_STEPS else -1
    later = [s for s in programme.steps_for(track) if PROGRAMME_STEPS.index(s) > order]
    return later[0] if later else None


def notice_ends(posted: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The moment a notice comes down: it runs `days` full calendar days after the day it is
    posted (in the programme's zone), so a notice posted late in the evening loses nothing."""
    last_day = posted.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)


def last_notice_day(ends: datetime, zone: ZoneInfo) -> str:
    """The last day a notice is up, as printed on it (YYYY-MM-DD)."""
    return (ends.astimezone(zone) - timedelta(seconds=1)).strftime("%Y-%m-%d")


def surname(head_name: str) -> str:
    """Only the household head's surname goes on a notice: 王秀英 → 王, 欧阳明 → 欧阳."""
    name = head_name.strip()
    if not name:
        return "?"
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    if name[0].isascii():  # a name written in Latin letters: its family name comes last
        return name.split()[-1]
    return name[0]
