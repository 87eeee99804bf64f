"""An official's /cases inbox: their scope turned into the one inbox query (storage/case_inbox)
that the handler, the scale bench and the query-plan test all run."""

from __future__ import annotations

from cases.jurisdiction import scope_of
from storage.case_inbox import InboxPage, inbox_page
from storage.db import Tx
from storage.officials import OfficialRecord


async def official_inbox(tx: Tx, official: OfficialRecord, *, limit: int, offset: int
                         ) -> InboxPage:
    """Open cases the official may work on, a page; a town lead's or an admin's starts with
    the decisions waiting for their approval (their towns, or everywhere)."""
    scope = scope_of(official)
    return await inbox_page(tx, villages=scope.villages, towns=scope.towns,
                            everything=scope.everything, owner_id=official.id,
                            approves_towns=scope.towns, approves_all=scope.everything,
                            limit=limit, offset=offset)
