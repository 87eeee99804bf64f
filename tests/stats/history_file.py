"""The known register written as a history file, in the three time spellings offices use."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

from cases.history_import import COLUMNS
from tests.stats.register import TZ, known_register


def _time(value: datetime | None, n: int) -> str:
    """Alternate local wall-clock (no offset), +08:00 and UTC "Z" spellings of the same instant."""
    if value is None:
        return ""
    if n % 3 == 0:
        return value.astimezone(TZ).replace(tzinfo=None).isoformat(sep=" ")
    if n % 3 == 1:
        return value.astimezone(TZ).isoformat()
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def history_rows() -> list[dict[str, Any]]:
    out = []
    for n, r in enumerate(known_register()):
        out.append({
            "reference": r["ref"], "household_id": r["household_id"] or "",
            "village_code": r["village_code"], "people": r["people"], "source": r["source"],
            "risk_types": "|".join(r["risk_types"]), "category": "marginal" if r["identified_at"] else "",
            "reported_at": _time(r["reported_at"], n), "identified_at": _time(r["identified_at"], n),
            "eliminated_at": _time(r["eliminated_at"], n),
            "closed_reason": r["closed_reason"] if r["stage"] == "closed" else "",
        })
    return out


def write_history(path: Path, rows: list[dict[str, Any]] | None = None,
                  encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(history_rows() if rows is None else rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
