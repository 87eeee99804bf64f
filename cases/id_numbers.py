"""Resident ID numbers (公民身份号码, GB 11643-1999): validation and masked display."""

from __future__ import annotations

from datetime import date

# ISO 7064 MOD 11-2: weights of the first 17 digits and the check character for each remainder.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸＸｘ", "0123456789XXx")


def normalise(raw: str | None) -> str:
    """Trim, fold full-width digits and spaces away, upper-case a trailing x."""
    return (raw or "").translate(_FULLWIDTH).replace(" ", "").strip().upper()


def check_character(first17: str) -> str:
    """The 18th character GB 11643 derives from the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def problem(raw: str | None, today: date) -> str | None:
    """Why an ID number is not valid, or None when it is (after normalise())."""
    value = normalise(raw)
    if len(value) != 18:
        return f"must be 18 characters, got {len(value)}"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "must be 17 digits and a digit or X"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"birth date {value[6:14]} is not a real date"
    if born > today:
        return f"birth date {born.isoformat()} is in the future"
    if born.year < 1880:
        return f"birth date {born.isoformat()} is too early"
    if check_character(value[:17]) != value[17]:
        return "check digit does not match (GB 11643)"
    return None


def is_valid(raw: str | None, today: date) -> bool:
    return problem(raw, today) is None


def mask(value: str | None) -> str:
    """5001**********123X: the region's first 4 and the last 4 characters, the rest hidden."""
    if not value:
        return ""
    value = normalise(value)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
