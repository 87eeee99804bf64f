"""Builds the root router from every journey module."""

from __future__ import annotations

from handlers import (
    case_actions,
    case_media,
    case_view,
    common,
    drafts,
    menu,
    mydata,
    neighbour_report,
    officer_found,
    officials,
    proxy_filing,
    self_report,
    stats,
    status,
)
from handlers.router import Router


def build_router() -> Router:
    """All commands, buttons and steps, each registered exactly once."""
    root = Router()
    for journey in (common.router, menu.router, self_report.router, status.router,
                    neighbour_report.router, officer_found.router, stats.router,
                    officials.router, case_view.router, case_actions.router,
                    case_media.router, mydata.router, proxy_filing.router,
                    drafts.router):
        root.include(journey)
    return root
