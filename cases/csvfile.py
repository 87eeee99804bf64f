"""Reading CSV files the way the programme's offices write them.

UTF-8 (with or without BOM) or GB18030 (what Chinese Excel saves); the header on line 1;
every problem reported as "line N: column: reason" so nothing loads until all are fixed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cases.spreadsheet import restore


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"


class CsvError(Exception):
    """A file that must load nothing; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_rows(path: Path | str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with cells stripped (and the apostrophe our own exports put
    before formula-like text dropped); raise CsvError for a bad header."""
    try:
        text = decode(Path(path).read_bytes())
    except UnicodeDecodeError as exc:
        raise CsvError([Problem(1, "-", "the file is neither UTF-8 nor GB18030")]) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvError([Problem(1, c, "column missing from the header") for c in missing])
    reader.fieldnames = header
    for row in reader:
        # csv's line_num counts physical lines read so far: the row just read ends there.
        yield reader.line_num, {k: restore(v or "").strip() for k, v in row.items()
                                if k is not None}
