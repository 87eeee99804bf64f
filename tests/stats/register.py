"""A register with known totals for 2021 (Asia/Shanghai), written straight into the cases table.

Up to the end of 2021: 614 households / 1,982 people identified, 450 / 1,591 risk eliminated,
14 / 38 newly identified in 2021 — plus cases that must not change those figures: a household
with two identified cases, identifications and eliminations a few minutes either side of
midnight local time on New Year's Eve, cases never identified, a case with no household id.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import cases

TZ = ZoneInfo("Asia/Shanghai")
VILLAGES = ("500119101201", "500119102201", "500119001201", "500119103201")  # 汉场坝村 长坪村 黄淦村 南湖村
TOWNS = {"500119101201": "500119101000", "500119102201": "500119102000",
         "500119001201": "500119001000", "500119103201": "500119103000"}
SOURCES = ("self", "neighbour", "visit", "data")
RISKS = ("illness", "disability", "schooling", "housing")
NOW = datetime(2022, 3, 1, 2, 0, tzinfo=UTC)


def local(*parts: int) -> datetime:
    """A Shanghai wall-clock time as an aware UTC datetime."""
    return datetime(*parts, tzinfo=TZ).astimezone(UTC)


def row(n: int, *, household: str | None, village: str, people: int, reported: datetime,
        identified: datetime | None = None, eliminated: datetime | None = None,
        stage: str | None = None, closed_reason: str | None = None,
        accepted: datetime | None = None, visited: datetime | None = None,
        proposed: datetime | None = None, due_at: datetime | None = None,
        source: str | None = None, risks: list[str] | None = None) -> dict[str, Any]:
    if stage is None:
        stage = "closed" if eliminated else ("monitored" if identified else "reported")
    if stage == "closed" and closed_reason is None:
        closed_reason = "risk_eliminated" if eliminated else "not_eligible"
    return {
        "ref": f"NC-{reported.astimezone(TZ).year}-{n:06d}", "source": source or SOURCES[n % 4],
        "village_code": village, "town_code": TOWNS[village], "household_id": household,
        "head_name": f"户主{n}", "people": people, "risk_types": risks or [RISKS[n % 4]],
        "media": [], "urgent": False, "stage": stage, "closed_reason": closed_reason,
        "reported_at": reported, "accepted_at": accepted, "visited_at": visited,
        "proposed_at": proposed, "identified_at": identified, "eliminated_at": eliminated,
        "closed_at": eliminated, "due_at": due_at, "escalation_level": 0,
        "updated_at": reported, "version": 1,
    }


def known_register() -> list[dict[str, Any]]:
    """The rows; comments say which figure each group feeds."""
    rows: list[dict[str, Any]] = []
    n = iter(range(1, 10_000))
    # 450 households identified before 2021 and eliminated by the end of 2021: 1,591 people
    # (241 × 4 + 209 × 3). Half were eliminated in 2021, one at 23:59 on New Year's Eve.
    for i in range(450):
        people = 4 if i < 241 else 3
        identified = local(2018 + i % 3, 1 + i % 12, 10, 9, 0)
        eliminated = (local(2021, 12, 31, 23, 59) if i == 0 else
                      local(2021, 1 + i % 12, 20) if i % 2 else local(2020, 12, 25))
        rows.append(row(next(n), household=f"HH{i:05d}", village=VILLAGES[i % 4], people=people,
                        reported=identified - timedelta(days=20), identified=identified,
                        eliminated=eliminated))
    # 150 households identified before 2021, still monitored at the end of 2021: 353 people
    # (53 × 3 + 97 × 2). One was identified at 23:55 on 31 Dec 2020 (before the year);
    # one had its risk eliminated five minutes into 2022 (not eliminated in 2021).
    for i in range(150):
        people = 3 if i < 53 else 2
        identified = local(2020, 12, 31, 23, 55) if i == 0 else local(2019, 1 + i % 12, 5)
        eliminated = local(2022, 1, 1, 0, 5) if i == 1 else None
        rows.append(row(next(n), household=f"HM{i:05d}", village=VILLAGES[i % 4], people=people,
                        reported=identified - timedelta(days=10), identified=identified,
                        eliminated=eliminated))
    # The same household HM00002 had an older identified case with a stale member count:
    # the household counts once, with the members of its latest case.
    rows.append(row(next(n), household="HM00002", village=VILLAGES[2], people=9,
                    reported=local(2018, 2, 1), identified=local(2018, 3, 1), stage="closed",
                    closed_reason="duplicate"))
    # 14 households newly identified in 2021: 38 people (10 × 3 + 4 × 2); the first five
    # minutes after midnight on 1 January and half an hour before the next; one has no id.
    for i in range(14):
        people = 3 if i < 10 else 2
        identified = (local(2021, 1, 1, 0, 5) if i == 0 else
                      local(2021, 12, 31, 23, 30) if i == 13 else local(2021, 1 + i % 12, 15))
        rows.append(row(next(n), household=None if i == 12 else f"HN{i:05d}",
                        village=VILLAGES[i % 4], people=people,
                        reported=identified - timedelta(days=12), identified=identified))
    # Not in 2021's figures: identified ten minutes into 2022.
    rows.append(row(next(n), household="HX00001", village=VILLAGES[0], people=5,
                    reported=local(2021, 12, 20), identified=local(2022, 1, 1, 0, 10)))
    # Reported in 2021, never identified: timeliness and open cases only. Time to accept:
    # 1 … 10 hours (nearest rank: median 5 h, p90 9 h); visits 1 … 10 days after acceptance.
    for i in range(10):
        reported = local(2021, 6, 1 + i, 8, 0)
        accepted = reported + timedelta(hours=i + 1)
        stage = ("accepted", "visited", "proposed")[i % 3]
        visited = accepted + timedelta(days=i + 1) if stage != "accepted" else None
        proposed = visited + timedelta(days=1) if stage == "proposed" else None
        rows.append(row(next(n), household=f"HR{i:05d}", village=VILLAGES[0], people=2,
                        reported=reported, accepted=accepted, visited=visited,
                        proposed=proposed, stage=stage,
                        due_at=NOW - timedelta(days=1) if i < 4 else NOW + timedelta(days=1)))
    # One report still waiting to be accepted, overdue; and one closed as not eligible.
    rows.append(row(next(n), household="HR99999", village=VILLAGES[1], people=1,
                    reported=local(2022, 2, 27), due_at=NOW - timedelta(hours=3)))
    rows.append(row(next(n), household="HR88888", village=VILLAGES[1], people=4,
                    reported=local(2021, 3, 3), stage="closed", closed_reason="not_eligible"))
    return rows


async def load(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as tx:
        await tx.execute(cases.insert(), rows)
