"""What a case card shows of a filing made on the household's behalf (代为申报)."""

from __future__ import annotations

from collections.abc import Callable

from cases.jurisdiction import can_see
from storage.cases import CaseRecord
from storage.officials import OfficialRecord
from storage.proxy import ProxyFiling


async def proxy_card_line(t: Callable[..., str], filing: ProxyFiling) -> str:
    """"👪 代为申报：张丽（子女）· 待本人确认": who filed, and whether the household confirmed."""
    status = f"pf.card_{filing.status}"  # pending | confirmed | declined
    return t("pf.card", name=filing.filer_name or "?",
             relation=t(f"pf.relation.{filing.relation}"), status=t(status))


def officer_may_confirm(filing: ProxyFiling | None, case: CaseRecord,
                        viewer: OfficialRecord) -> bool:
    """An official who sees the case may record that the household confirmed in person."""
    return (filing is not None and filing.status == "pending" and case.stage != "closed"
            and can_see(viewer, case))
