"""The summary a resident checks before submitting a report."""

from __future__ import annotations

from handlers.context import Context
from handlers.report_steps import description_shown


def report_summary(ctx: Context) -> str:
    """Every answer of the draft, one line each, in the user's language."""
    d = ctx.draft
    divisions = ctx.services.divisions
    village = divisions.get(d.get("village", ""))
    town = divisions.get(d.get("town", ""))
    where = f"{town.name if town else ''} {village.name if village else ''}".strip()
    desc = description_shown(ctx, "sr")
    lines = [
        ctx.t("sr.summary_title"),
        ctx.t("sr.line", label=ctx.t("sr.field_village"), value=where),
        ctx.t("sr.line", label=ctx.t("sr.field_name"), value=d.get("name", "")),
        ctx.t("sr.line", label=ctx.t("sr.field_phone"), value=d.get("phone", "")),
        ctx.t("sr.line", label=ctx.t("sr.field_size"), value=d.get("size", "")),
        ctx.t("sr.line", label=ctx.t("sr.field_risks"),
              value=ctx.join(ctx.t(f"risk.{s}") for s in d.get("risks", []))),
        ctx.t("sr.line", label=ctx.t("sr.field_desc"), value=desc),
        ctx.t("sr.line", label=ctx.t("sr.field_urgent"),
              value=ctx.t("btn.yes" if d.get("urgent") else "btn.no")),
    ]
    if d.get("urgent") and d.get("urgent_why"):
        lines.append(ctx.t("sr.line", label=ctx.t("urgent.field_why"), value=d["urgent_why"]))
    lines.append(ctx.t("sr.summary_check"))
    return "\n".join(lines)
