"""Builds the root router from every journey module."""

from __future__ import annotations

from handlers import (
    appeal_actions,
    case_actions,
    case_history,
    case_media,
    case_view,
    channels,
    chase_actions,
    common,
    drafts,
    follow_up,
    households,
    measure_actions,
    menu,
    mydata,
    neighbour_report,
    officer_found,
    official_phone,
    officials,
    policy_admin,
    programme_actions,
    proxy_filing,
    questions,
    self_report,
    stats,
    status,
    transfer_actions,
    visit_actions,
)
from handlers.router import Router


def build_router() -> Router:
    """All commands, buttons and steps, each registered exactly once."""
    root = Router()
    for journey in (common.router, menu.router, self_report.router, status.router,
                    neighbour_report.router, officer_found.router, stats.router,
                    officials.router, channels.router, case_view.router, case_actions.router,
                    visit_actions.router, measure_actions.router, transfer_actions.router,
                    chase_actions.router, appeal_actions.router,
                    case_media.router, case_history.router, mydata.router, households.router,
                    programme_actions.router, policy_admin.router, follow_up.router,
                    official_phone.router, proxy_filing.router, drafts.router,
                    questions.router):  # last: its fallback offers a resident's words as a question
        root.include(journey)
    return root
