"""Cells a spreadsheet would run as formulas: defused in every file the project writes, restored
in every file it reads, so its own exports load again unchanged.

Excel, LibreOffice and WPS treat a cell starting with =, +, -, @ (and a tab or carriage return
before them) as a formula; `=HYPERLINK(...)` in a head's name or a department would run on the
office computer that opens the file. A CSV cell gets a leading apostrophe (shown as text, not
as part of the value); an XLSX cell is written as a string cell (bot/reports/xlsx.py). A
field that is a whole number — an amount of -5, a count of +1 — is no formula and stays a
number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def runs_as_formula(text: str) -> bool:
    """True for text a spreadsheet would evaluate (a whole number is not)."""
    return text.startswith(FORMULA_START) and _NUMBER.fullmatch(text) is None


def defuse(value: object) -> object:
    """A CSV cell: text that would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def defused(values: Iterable[object]) -> list[object]:
    """A CSV row with every text cell defused."""
    return [defuse(v) for v in values]


def restore(text: str) -> str:
    """A cell read back from one of our CSV files: the apostrophe `defuse` added is dropped."""
    if text.startswith("'") and runs_as_formula(text[1:]):
        return text[1:]
    return text
