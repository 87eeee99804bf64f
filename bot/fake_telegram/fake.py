"""FakeTelegram: the test-facing facade over state, faults and the HTTP server."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from . import objects
from .faults import KINDS, Fault, FaultKind, Faults, RandomFaults
from .models import BotEvent, BotMessage, CallbackRecord, RecordedRequest
from .server import FakeServer
from .state import ChatState, FakeState
from .user import FakeUser
from .webhook import Delivery


def _default_first_name(username: str) -> str:
    words = [w for w in username.removesuffix("_bot").removesuffix("bot").split("_") if w]
    return " ".join(w.capitalize() for w in words) or "Bot"


class FakeTelegram:
    """A local Bot API server plus simulated users; one instance per test or sandbox."""

    def __init__(
        self,
        bot_username: str = "safety_net_bot",
        first_update_id: int = 1,
        *,
        bot_first_name: str | None = None,
        token: str | None = None,
        strict_ampersand: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._state = FakeState(
            bot_username,
            bot_first_name or _default_first_name(bot_username),
            first_update_id,
            clock,
            strict_ampersand,
        )
        if token is not None:
            self._state.bot_id = int(token.split(":", 1)[0])
        self.faults = Faults()
        self._server = FakeServer(self._state, self.faults, token)
        self._users: dict[int, FakeUser] = {}

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start listening; returns ``http://127.0.0.1:PORT``."""
        return await self._server.start(host, port)

    async def stop(self) -> None:
        """Stop listening (pending long polls answer [] first)."""
        await self._server.stop()

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if self._server.base_url is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._server.base_url

    @property
    def state(self) -> FakeState:
        """The underlying state (for advanced inspection)."""
        return self._state

    # --- users and updates -----------------------------------------------------------------

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "王秀英",
        language_code: str | None = "zh-hans",
        username: str | None = None,
        last_name: str | None = None,
    ) -> FakeUser:
        """Get or create a simulated user with a private chat (chat id == user id)."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        user = objects.user_json(
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        chat = ChatState(user=user, chat=objects.private_chat_json(user))
        self._state.chats[user_id] = chat
        fake_user = FakeUser(self._state, chat)
        self._users[user_id] = fake_user
        return fake_user

    @property
    def users(self) -> list[FakeUser]:
        """All simulated users, in creation order."""
        return list(self._users.values())

    def redeliver(self, update_id: int) -> dict[str, Any]:
        """Deliver an earlier update again with the same update_id and content."""
        return self._state.updates.redeliver(update_id)

    @property
    def next_update_id(self) -> int:
        """The id the next new update gets."""
        return self._state.updates.next_update_id

    @next_update_id.setter
    def next_update_id(self, value: int) -> None:
        self._state.updates.next_update_id = value

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not confirmed yet."""
        return self._state.updates.pending

    # --- webhook delivery -------------------------------------------------------------------

    @property
    def webhook_targets(self) -> list[str]:
        """URLs the webhook POSTs go to in turn instead of the one the bot registered (a
        stand-in for a load balancer in front of several workers); empty: the registered one."""
        return self._state.webhook_targets

    @webhook_targets.setter
    def webhook_targets(self, urls: list[str]) -> None:
        self._state.webhook_targets = list(urls)
        self._state.changes.notify()

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        """Every webhook POST so far: the update, the URL and the answer's status (0: none)."""
        return self._server.webhook.deliveries

    # --- what the bot did ------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every Bot API call, in arrival order (status set when answered)."""
        return self._state.requests

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded calls of one method (case-insensitive)."""
        low = method.lower()
        return [r for r in self._state.requests if r.method.lower() == low]

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """setMyCommands results keyed by (scope_type, language_code); '' = no language."""
        return self._state.commands

    @property
    def menu_buttons(self) -> dict[int | None, dict[str, Any]]:
        """setChatMenuButton results keyed by chat id (None = default)."""
        return self._state.menu_buttons

    @property
    def get_updates_calls(self) -> int:
        """How many getUpdates calls arrived (tells that a bot is polling)."""
        return self._state.get_updates_calls

    @property
    def callbacks(self) -> list[CallbackRecord]:
        """Every button press, oldest first."""
        return list(self._state.callbacks.values())

    def unanswered_callbacks(self) -> list[CallbackRecord]:
        """Button presses the bot never answered with answerCallbackQuery."""
        return [c for c in self._state.callbacks.values() if not c.answered]

    def on_bot_message(self, callback: Callable[[BotMessage, BotEvent], None]) -> Callable[[], None]:
        """Call ``callback(message, "sent"|"edited"|"deleted")`` synchronously; returns an
        unsubscribe function."""
        return self._state.on_bot_message(callback)

    def on_callback_answered(self, callback: Callable[[CallbackRecord], None]) -> Callable[[], None]:
        """Call ``callback(record)`` when the bot answers a button press."""
        return self._state.on_callback_answered(callback)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until ``condition()`` holds, re-checking on every change; TimeoutError else."""
        if not await self._state.changes.wait_until(condition, timeout):
            raise TimeoutError(f"condition not met within {timeout}s")

    async def wait_polling(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until some bot has called getUpdates at least once."""
        await self.wait_until(lambda: self._state.get_updates_calls > 0, timeout)

    # --- faults ----------------------------------------------------------------------------

    def inject(
        self,
        method: str | None = "sendMessage",
        status: int | None = 429,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
        description: str | None = None,
        *,
        kind: FaultKind | None = None,
    ) -> Fault:
        """Make the next ``times`` matching calls fail with ``status`` (and/or be delayed).

        ``status=None`` with ``delay``: the call takes effect but the answer comes late.
        ``method=None`` matches every method; ``times=None`` lasts until ``clear_faults``.
        ``kind="drop_before"`` / ``"lost_after"`` close the connection unanswered before / after
        the call takes effect (see ``faults``); ``kind="429"`` / ``"500"`` set the status.
        """
        return self.faults.inject(method, status, retry_after, times, chat_id, delay, description, kind=kind)

    def random_faults(
        self,
        methods: Iterable[str] | str | None = ("sendMessage", "editMessageText"),
        rate: float = 0.2,
        seed: int | str | None = 0,
        kinds: Iterable[FaultKind] | Mapping[FaultKind, float] = KINDS,
        retry_after: int = 1,
    ) -> RandomFaults:
        """Fail ``rate`` of the calls to ``methods`` in seeded random ways (429, 500, a dropped
        connection, an answer lost after the message was stored); ``.stop()`` ends it.

        Reproducible for a given seed and call order. ``lost_message_ids`` on the result lists
        messages stored although the bot never got the answer: the only duplicates a correct
        bot that retries may leave. Details in ``bot.fake_telegram.faults``.
        """
        return self.faults.random_faults(methods, rate, seed, kinds, retry_after)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: every write to that chat gets 403."""
        self.faults.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        self.faults.blocked.discard(user_id)

    def enforce_limits(
        self, per_chat_per_s: float = 1, overall_per_s: float = 30, window: float = 1.0
    ) -> None:
        """Answer 429 (with retry_after) when sends exceed Telegram-like rates."""
        self.faults.enforce_limits(per_chat_per_s, overall_per_s, window)

    def clear_faults(self) -> None:
        """Remove injected and random faults, blocks and limits."""
        self.faults.clear()
