"""How the programme's own steps (评议, 公示, 审定) show in chat: what the official is told when
an action starts, moves or ends them, and the lines a card carries meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases.programme_steps import last_notice_day
from cases.vocab import PROGRAMME_STEPS
from handlers.services import Services
from storage.cases import CaseRecord


def done_key(action: str, case: CaseRecord, args: dict[str, Any]) -> str | None:
    """The "done" line when an action starts, moves or ends the programme's steps (None: the
    action's usual one)."""
    if action == "approve" and case.stage in PROGRAMME_STEPS:
        return "chain.done.approved_steps"
    if action == "close" and case.stage == "proposed":
        return "chain.done.close_proposed"
    if action == "close" and case.stage in PROGRAMME_STEPS:
        return "chain.done.elimination_started"
    if action == "review":
        return "chain.done.review_pass" if args.get("outcome") == "pass" else "chain.done.review_fail"
    if action == "object":
        return "chain.done.object"
    if action == "confirm":
        return "chain.done.confirmed" if args.get("approved") else "chain.done.not_confirmed"
    return None


def card_lines(services: Services, case: CaseRecord, t: Callable[..., str]) -> list[str]:
    """While in the steps: which passage, and until when a notice is up."""
    if case.stage not in PROGRAMME_STEPS or case.track is None:
        return []
    lines = [t("chain.card_track", track=t(f"track.{case.track}"))]
    if case.stage == "notice" and case.due_at is not None:
        lines.append(t("chain.card_notice_until",
                       until=last_notice_day(case.due_at, services.programme.timezone)))
    return lines
