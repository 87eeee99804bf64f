"""Refusals of the chat, audited: the person asking, what, which case and why (cases/audit)."""

from __future__ import annotations

from cases import audit
from handlers.context import Context
from storage.cases import CaseRecord
from storage.officials import OfficialRecord


async def refused(ctx: Context, action: str, reason: str, *, official: OfficialRecord | None = None,
                  case: CaseRecord | None = None, case_id: int | None = None) -> None:
    """Write the audit row for a refusal this update met (the person is told separately)."""
    await audit.refused(ctx.tx, ctx.services.cases.cipher, channel=ctx.event.channel,
                        user_id=ctx.event.sender.user_id, action=action, reason=reason,
                        now=ctx.now, official=official, case=case, case_id=case_id)
