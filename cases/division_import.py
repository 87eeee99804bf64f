"""Validate a division register file: code,name,level,parent_code."""

from __future__ import annotations

from pathlib import Path

from cases.csvfile import CsvError, Problem, read_rows
from cases.vocab import DIVISION_LEVELS
from storage.divisions import Division

COLUMNS = ("code", "name", "level", "parent_code")
PARENT_LEVEL = {"town": "district", "village": "town"}


def parse_divisions(path: Path | str, known: dict[str, Division] | None = None) -> list[Division]:
    """Every row checked; any problem raises CsvError naming each bad line."""
    known = dict(known or {})
    problems: list[Problem] = []
    rows: list[tuple[int, Division]] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, COLUMNS):
        code, name, level, parent = (row.get(c, "") for c in COLUMNS)
        if not code:
            problems.append(Problem(line, "code", "empty"))
        elif code in seen:
            problems.append(Problem(line, "code", f"{code} repeats line {seen[code]}"))
        else:
            seen[code] = line
        if not name:
            problems.append(Problem(line, "name", "empty"))
        elif len(name) > 64:
            problems.append(Problem(line, "name", "longer than 64 characters"))
        if level not in DIVISION_LEVELS:
            problems.append(Problem(line, "level", f"{level!r} is not district, town or village"))
        if level == "district" and parent:
            problems.append(Problem(line, "parent_code", "a district has no parent"))
        if level in PARENT_LEVEL and not parent:
            problems.append(Problem(line, "parent_code", f"a {level} needs a parent"))
        rows.append((line, Division(code, name, level, parent or None)))
    by_code = {**known, **{d.code: d for _, d in rows}}
    for line, division in rows:
        expected = PARENT_LEVEL.get(division.level)
        if expected and division.parent_code:
            parent_division = by_code.get(division.parent_code)
            if parent_division is None:
                problems.append(Problem(line, "parent_code",
                                        f"{division.parent_code} is not in the register"))
            elif parent_division.level != expected:
                problems.append(Problem(line, "parent_code",
                                        f"the parent of a {division.level} must be a {expected}"))
    if problems:
        raise CsvError(sorted(problems, key=lambda p: p.line))
    return [d for _, d in rows]
