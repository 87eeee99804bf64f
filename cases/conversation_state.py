"""A chat's conversation state and the record of the updates it handled: the only state the
flows keep of their own, written through here like every other change (storage does the SQL)."""

from __future__ import annotations

from storage.conversations import (
    Conversation,
    forget_replies,
    load_for_update,
    record_update,
    save,
)

__all__ = ["Conversation", "forget_replies", "load_for_update", "record_update", "save"]
