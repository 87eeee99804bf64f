"""The getUpdates queue with Telegram's offset (confirmation) semantics."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .notify import Changes


def chat_of(update: dict[str, Any]) -> str:
    """The chat an update belongs to (its sender's for a button under no message); "" when
    it has none."""
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        inner = value.get("message")
        chat = value.get("chat") or (inner.get("chat") if isinstance(inner, dict) else None)
        if isinstance(chat, dict):
            return str(chat.get("id"))
        sender = value.get("from")
        if isinstance(sender, dict):
            return f"user {sender.get('id')}"
    return ""


@dataclass
class _Queued:
    update: dict[str, Any]
    redelivery: bool = False


class UpdateQueue:
    """Pending updates; ids grow from ``next_update_id``; confirmed ones are dropped."""

    def __init__(self, changes: Changes, first_update_id: int = 1) -> None:
        self.next_update_id = first_update_id
        self._changes = changes
        self._pending: list[_Queued] = []
        self._confirmed_below = 0  # like Telegram, confirmation only ever moves forward
        self._history: dict[int, dict[str, Any]] = {}

    def add(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Enqueue a new update ``{"update_id": N, kind: payload}`` and return it."""
        update_id = self.next_update_id
        update: dict[str, Any] = {"update_id": update_id, kind: payload}
        self.next_update_id += 1
        self._history[update_id] = update
        self._pending.append(_Queued(update))
        self._changes.notify()
        return update

    def redeliver(self, update_id: int) -> dict[str, Any]:
        """Enqueue an earlier update again, same id and content (a duplicate delivery).

        A redelivered copy is handed out once even if its id is already confirmed, and is
        placed before fresh updates so the bot's next offset still confirms the fresh ones.
        """
        if update_id not in self._history:
            raise KeyError(f"no update with id {update_id} was ever enqueued")
        update = copy.deepcopy(self._history[update_id])
        self._pending.append(_Queued(update, redelivery=True))
        self._changes.notify()
        return update

    def confirm(self, offset: int | None) -> None:
        """Apply getUpdates' offset: ids below a positive offset are forgotten."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            # Negative offset: keep only the last -offset fresh updates.
            fresh = [q for q in self._pending if not q.redelivery]
            keep = fresh[offset:]
            if keep:
                self._confirmed_below = max(self._confirmed_below, keep[0].update["update_id"])
            else:
                self._confirmed_below = self.next_update_id
        else:
            self._confirmed_below = max(self._confirmed_below, offset)
        self._pending = [
            q for q in self._pending if q.redelivery or q.update["update_id"] >= self._confirmed_below
        ]

    def ready(self, busy: Collection[str] = ()) -> bool:
        """True when a getUpdates call would return something (busy: webhook mode, chats
        with a POST in flight, whose updates wait)."""
        return any(chat_of(q.update) not in busy for q in self._pending) if busy \
            else bool(self._pending)

    def take(self, limit: int = 100) -> list[dict[str, Any]]:
        """Updates for one getUpdates answer; fresh ones stay until confirmed."""
        ordered = [q for q in self._pending if q.redelivery] + [q for q in self._pending if not q.redelivery]
        batch = ordered[: max(1, min(limit, 100))]
        handed = {id(q) for q in batch if q.redelivery}
        self._pending = [q for q in self._pending if id(q) not in handed]
        return [copy.deepcopy(q.update) for q in batch]

    def take_one(self, busy: Collection[str] = ()) -> dict[str, Any] | None:
        """Webhook mode: hand out the next update (redeliveries first) of a chat not in
        `busy` for one POST; it is gone unless ``put_back`` returns it (the bot did not
        answer 200)."""
        free = [q for q in self._pending if chat_of(q.update) not in busy]
        if not free:
            return None
        queued = next((q for q in free if q.redelivery), free[0])
        self._pending.remove(queued)
        return copy.deepcopy(queued.update)

    def put_back(self, update: dict[str, Any]) -> None:
        """A webhook POST that failed: the update goes first again (Telegram retries it)."""
        self._pending.insert(0, _Queued(update, redelivery=True))
        self._changes.notify()

    def clear(self) -> None:
        """Drop every pending update (deleteWebhook drop_pending_updates)."""
        if self._pending:
            self._confirmed_below = max(
                self._confirmed_below, max(q.update["update_id"] for q in self._pending) + 1
            )
        self._pending = []

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed, for inspection."""
        return [q.update for q in self._pending]

    def get(self, update_id: int) -> dict[str, Any] | None:
        """An update ever enqueued, by id."""
        return self._history.get(update_id)
