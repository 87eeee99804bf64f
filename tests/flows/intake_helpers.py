"""Helpers for intake tests: officials put straight into the register, outbox rows rendered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.app import App
from chat.events import Sender
from chat.live import Deferred
from chat.replies import Photo, Voice
from storage import conversations as conv_repo
from storage.outbox import open_params
from storage.tables import official_roles, officials, outbox
from tests.support.flow_chat import FlowChat

HANCHANGBA = "500119101201"  # 汉场坝村, in 木凉镇 (500119101000)
MULIANG = "500119101000"


@dataclass
class NamedChat(FlowChat):
    """A chat whose sender has a Telegram username too."""

    username: str | None = None

    @property
    def sender(self) -> Sender:
        return Sender(self.user_id, self.first_name, self.username, self.language_code)


async def add_official(app: App, *, user_id: int, role: str = "officer",
                       division: str = HANCHANGBA, name: str = "村干部") -> int:
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        official_id = (await tx.execute(officials.insert().values(
            channel="telegram", user_id=user_id, chat_id=user_id, display_name=name,
            active=True, unreachable=False, created_at=now).returning(officials.c.id))).scalar_one()
        await tx.execute(official_roles.insert().values(
            official_id=official_id, role=role, division_code=division, active=True,
            granted_at=now))
    return int(official_id)


async def report_to_description(chat: FlowChat, *, name: str = "王秀英",
                                town: str = "木凉镇", village: str = "汉场坝村") -> None:
    """A self-report up to the question "what happened" (illness, 3 people, 13800138000);
    a chat that has talked to the bot before (and agreed) starts with /report."""
    if chat.history:
        await chat.send("/report")
    else:
        await chat.send("/start")
        await chat.press("同意")
        await chat.press("申报本户困难")
    for label in (town, village):
        await chat.press(label)
    await chat.send(name)
    await chat.send("13800138000")
    await chat.press("3")
    await chat.press("因病")
    await chat.press("完成")


@dataclass(frozen=True)
class Sent:
    chat_id: int
    key: str
    text: str
    photo: str | None = None  # file ids, for photos and voice notes
    voice: str | None = None


async def outbox_messages(app: App) -> list[Sent]:
    """Every queued message, rendered as its recipient will read it (buttons included)."""
    catalogue = app.services.catalogue
    live = app.live_messages()
    out = []
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(outbox).order_by(outbox.c.id))).all()
        for row in rows:
            photo = voice = None
            # As the dispatcher does: the row's language, else the chat's own choice.
            lang = row.lang or await conv_repo.language_of(tx, row.channel, row.chat_id) or "zh"
            params = open_params(app.services.cases.cipher, row.params)  # as the dispatcher does
            if row.key in live:  # drawn from the case when sent, as the dispatcher does
                reply = await live[row.key](tx, row.channel, row.chat_id, params, lang)
                if isinstance(reply, Deferred):
                    reply = await reply.build()
                if reply is None:
                    continue
                text = reply.text
                labels = [f"{b.text} {b.data}" for line in reply.buttons for b in line]
                photo = reply.media if isinstance(reply, Photo) else None
                voice = reply.media if isinstance(reply, Voice) else None
            else:
                text = catalogue.stored(row.key, lang, params)
                labels = [catalogue.text(b["key"], lang, **b.get("params", {})) + " " + b["data"]
                          for line in (row.buttons or []) for b in line]
            out.append(Sent(int(row.chat_id), row.key, "\n".join([text, *labels]), photo, voice))
    return out


async def to_officials(app: App, official_chats: set[int]) -> list[Sent]:
    return [m for m in await outbox_messages(app) if m.chat_id in official_chats]


def assert_reporter_hidden(messages: list[Sent], *, secrets: list[str]) -> None:
    """None of the reporter's identifying details appear in any official's message."""
    for message in messages:
        for secret in secrets:
            assert secret not in message.text, f"{secret!r} leaked in {message.key}"
