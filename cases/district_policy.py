"""The programme's settings per district: `.env` gives the defaults, a district admin may set
the income line of a year, the deadlines, the monitoring period, the notice period and which
of the programme's own steps run (by chat or on the command line). Every change is recorded
(who, from what, to what, how) in `policy_changes`.

Wherever a setting is read for a case, it is read for the case's district (`programme_for`):
a deadline change applies to stages entered after it, since a due time is fixed on entering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from cases.divisions import DivisionRegister
from cases.policy import Programme
from cases.vocab import PROGRAMME_STEPS
from storage import district_policy as repo
from storage.db import Tx


@dataclass(frozen=True, slots=True)
class Spec:
    unit: str  # hours | days | yuan | steps
    lo: Decimal = Decimal(0)
    hi: Decimal = Decimal(0)


DEADLINES: dict[str, Spec] = {
    "accept": Spec("hours", Decimal("0.5"), Decimal(720)),
    "accept_urgent": Spec("hours", Decimal("0.5"), Decimal(240)),
    "visit": Spec("days", Decimal(1), Decimal(90)),
    "decision": Spec("days", Decimal(1), Decimal(180)),
    "approval": Spec("days", Decimal(1), Decimal(90)),
    "review": Spec("days", Decimal(1), Decimal(90)),
    "confirm": Spec("days", Decimal(1), Decimal(90)),
    "follow_up": Spec("days", Decimal(1), Decimal(365)),
    "recheck": Spec("days", Decimal(1), Decimal(730)),
}
SETTINGS: dict[str, Spec] = {
    **{f"deadline.{k}": v for k, v in DEADLINES.items()},
    "monitoring_days": Spec("days", Decimal(0), Decimal(3650)),
    "notice_days": Spec("days", Decimal(1), Decimal(30)),
    "steps.inclusion": Spec("steps"),
    "steps.elimination": Spec("steps"),
}
INCOME_LINE = "income_line."  # + the year: "income_line.2027"
INCOME_SPEC = Spec("yuan", Decimal(1000), Decimal(100000))
YEARS = (2000, 2100)


class PolicyError(ValueError):
    """code: unknown (no such setting) | bad_number | out_of_range | bad_steps | bad_year"""

    def __init__(self, code: str, spec: Spec | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.spec = spec


def spec_of(name: str) -> Spec:
    if name.startswith(INCOME_LINE):
        year = name[len(INCOME_LINE):]
        if not year.isdigit() or not YEARS[0] <= int(year) <= YEARS[1]:
            raise PolicyError("bad_year")
        return INCOME_SPEC
    if name not in SETTINGS:
        raise PolicyError("unknown")
    return SETTINGS[name]


def validate(name: str, text: str) -> str:
    """The value in its stored form, or PolicyError saying what is wrong with it."""
    spec = spec_of(name)
    text = text.strip().replace("，", ",").replace("元", "").replace("天", "").replace("小时", "")
    if spec.unit == "steps":
        if text.lower() in ("", "none", "无", "-"):
            return "none"
        chosen = {s.strip() for s in text.split(",") if s.strip()}
        if not chosen <= set(PROGRAMME_STEPS):
            raise PolicyError("bad_steps")
        return ",".join(s for s in PROGRAMME_STEPS if s in chosen)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise PolicyError("bad_number", spec) from None
    if not number.is_finite():
        raise PolicyError("bad_number", spec)
    whole = spec.unit in ("yuan",) or name in ("monitoring_days", "notice_days")
    if whole and number != number.to_integral_value():
        raise PolicyError("bad_number", spec)
    if not spec.lo <= number <= spec.hi:
        raise PolicyError("out_of_range", spec)
    return format(number.normalize(), "f")


def apply(base: Programme, values: dict[str, str]) -> Programme:
    """The district's programme: its own values over the defaults."""
    if not values:
        return base
    deadlines: dict[str, timedelta] = {}
    for key, spec in DEADLINES.items():
        raw = values.get(f"deadline.{key}")
        if raw is not None:
            amount = float(raw)
            deadlines[key] = timedelta(hours=amount) if spec.unit == "hours" \
                else timedelta(days=amount)
    lines = dict(base.income_lines)
    for name, raw in values.items():
        if name.startswith(INCOME_LINE):
            lines[int(name[len(INCOME_LINE):])] = Decimal(raw)
    changes: dict[str, object] = {"deadlines": replace(base.deadlines, **deadlines),
                                  "income_lines": lines}
    if "monitoring_days" in values:
        changes["min_monitoring"] = timedelta(days=int(values["monitoring_days"]))
    if "notice_days" in values:
        changes["notice_days"] = int(values["notice_days"])
    for track in ("inclusion", "elimination"):
        raw = values.get(f"steps.{track}")
        if raw is not None:
            changes[f"{track}_steps"] = () if raw == "none" else tuple(raw.split(","))
    return replace(base, **changes)  # type: ignore[arg-type]


def district_of(register: DivisionRegister, code: str) -> str | None:
    """The district a division belongs to (itself if it is one)."""
    return next((d.code for d in register.ancestors(code) if d.level == "district"), None)


async def programme_for(tx: Tx, base: Programme, register: DivisionRegister,
                        division_code: str) -> Programme:
    """The programme as it applies in a division's district."""
    district = district_of(register, division_code)
    if district is None:
        return base
    return apply(base, await repo.values_of(tx, district))


def current(programme: Programme, name: str) -> str:
    """A setting's value in effect, in its stored form (for showing and for the change record)."""
    if name.startswith(INCOME_LINE):
        line = programme.income_line(int(name[len(INCOME_LINE):]))
        return "" if line is None else format(line.normalize(), "f")
    if name.startswith("deadline."):
        key = name[len("deadline."):]
        span = getattr(programme.deadlines, key)
        amount = span / timedelta(hours=1) if DEADLINES[key].unit == "hours" \
            else span / timedelta(days=1)
        return format(Decimal(str(amount)).normalize(), "f")
    if name == "monitoring_days":
        return str(programme.min_monitoring.days)
    if name == "notice_days":
        return str(programme.notice_days)
    if name.startswith("steps."):
        steps = programme.steps_for(name[len("steps."):])
        return ",".join(steps) if steps else "none"
    raise PolicyError("unknown")


async def change(tx: Tx, *, base: Programme, district_code: str, name: str, text: str,
                 official_id: int | None, via: str, now: datetime) -> tuple[str, str]:
    """Validate and store a district's value; returns (the value before, the value now)."""
    value = validate(name, text)
    before = current(apply(base, await repo.values_of(tx, district_code)), name)
    await repo.set_value(tx, district_code=district_code, name=name, value=value,
                         official_id=official_id, via=via, now=now)
    return before, value


def missing_income_line(programme: Programme, year: int) -> bool:
    return programme.income_line(year) is None
