"""The sandbox's five simulated people, and how the two officials join: a real invite, `/join CODE`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.adapters.common import CHANNEL
from bot.app import App
from bot.fake_telegram import FakeTelegram, FakeUser

log = logging.getLogger(__name__)

HANCHANGBA = "500119101201"  # 汉场坝村, a village of 木凉镇
MULIANG = "500119101000"  # 木凉镇, a town of 南川区
NANCHUAN = "500119000000"  # 南川区, the district
JOIN_WAIT_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class Persona:
    """One pane of the page: a simulated Telegram user and who they are in the programme."""

    key: str
    user_id: int  # the fake Telegram user's id (== their private chat's id)
    first_name: str
    language: str  # the Telegram client's language: "zh-hans" or "en"
    title_zh: str
    title_en: str
    phone: str
    location: tuple[float, float]  # where "share location" puts them
    role: str | None = None  # officer | town_lead | district_admin: onboarded through an invite
    division: str | None = None


PERSONAS: tuple[Persona, ...] = (
    Persona("resident", 810001, "王秀英", "zh-hans", "居民", "Resident",
            "+8613800138000", (29.0913, 107.2451)),
    Persona("neighbour", 810002, "Li Na", "en", "邻居", "Neighbour",
            "+8613900139000", (29.0921, 107.2440)),
    Persona("officer", 810003, "张村干", "zh-hans", "汉场坝村 信息员", "Officer, 汉场坝村",
            "+8613700137000", (29.0907, 107.2463), "officer", HANCHANGBA),
    Persona("lead", 810004, "陈镇长", "zh-hans", "木凉镇 镇负责人", "Town lead, 木凉镇",
            "+8613600136000", (29.1102, 107.2115), "town_lead", MULIANG),
    # Confirms (审定) inclusions and eliminations, and sets the district's rules (/policy).
    Persona("admin", 810005, "刘主任", "zh-hans", "南川区 管理员", "District admin, 南川区",
            "+8613500135000", (29.1581, 107.0990), "district_admin", NANCHUAN),
)


def persona(key: str) -> Persona:
    for p in PERSONAS:
        if p.key == key:
            return p
    raise KeyError(key)


def add_users(fake: FakeTelegram) -> dict[str, FakeUser]:
    """Create the simulated users on the fake server."""
    return {p.key: fake.user(p.user_id, p.first_name, p.language) for p in PERSONAS}


async def is_official(app: App, p: Persona) -> bool:
    """Whether this persona already holds its role (a restarted sandbox keeps its officials)."""
    from storage import officials as official_repo

    async with app.db.begin() as tx:
        record = await official_repo.by_user(tx, CHANNEL, str(p.user_id))
    if record is None:
        return False
    return any(g.role == p.role and g.division_code == p.division for g in record.roles)


async def issue_invite(app: App, p: Persona) -> str:
    """A real single-use invite code for the persona's role and division."""
    from cases import invites

    assert p.role and p.division
    async with app.db.begin() as tx:
        return await invites.issue(tx, role=p.role, division_code=p.division, created_by=None,
                                   now=app.services.clock.now(), valid_for=timedelta(hours=72))


def join_command_exists(app: App) -> bool:
    return "join" in getattr(app.core.router, "commands", {})


async def onboard_officials(app: App, users: dict[str, FakeUser]) -> list[str]:
    """Each official persona not yet onboarded sends `/join CODE` through the bot, as a person would.

    Returns the keys of the personas that joined now.
    """
    joined = []
    for p in PERSONAS:
        if p.role is None or await is_official(app, p):
            continue
        code = await issue_invite(app, p)
        user = users[p.key]
        if join_command_exists(app):
            waiter = user.wait_for(count=1, timeout=JOIN_WAIT_SECONDS)
            user.send_text(f"/join {code}")
            await waiter
        else:
            await _redeem_directly(app, p, code)
        if not await is_official(app, p):
            log.warning("sandbox: %s did not become an official through the invite", p.key)
            continue
        joined.append(p.key)
    return joined


async def _redeem_directly(app: App, p: Persona, code: str) -> None:
    """Fallback while the /join command is not built: redeem the same invite in code."""
    from cases import invites

    log.warning("sandbox: no /join command in this build; redeeming %s's invite directly", p.key)
    async with app.db.begin() as tx:
        await invites.redeem(tx, code=code, channel=CHANNEL, user_id=str(p.user_id),
                             chat_id=str(p.user_id), display_name=p.first_name,
                             now=app.services.clock.now())
