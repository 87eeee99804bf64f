"""The division register held in memory: small, read on every step of a report."""

from __future__ import annotations

from collections.abc import Iterable

from storage.divisions import Division


class DivisionRegister:
    """District → towns → villages, with look-ups by code and by name."""

    def __init__(self, items: Iterable[Division]) -> None:
        self.replace(items)

    def replace(self, items: Iterable[Division]) -> None:
        self._by_code = {d.code: d for d in items}
        self._children: dict[str | None, list[Division]] = {}
        for d in sorted(self._by_code.values(), key=lambda d: d.code):
            self._children.setdefault(d.parent_code, []).append(d)

    def get(self, code: str) -> Division | None:
        return self._by_code.get(code)

    def name_of(self, code: str) -> str:
        """The division's name, or its code when the register does not know it."""
        found = self._by_code.get(code)
        return found.name if found else code

    def children(self, code: str | None) -> list[Division]:
        return list(self._children.get(code, []))

    def districts(self) -> list[Division]:
        return sorted((d for d in self._by_code.values() if d.level == "district"),
                      key=lambda d: d.code)

    def towns(self) -> list[Division]:
        return [d for d in self._by_code.values() if d.level == "town"]

    def towns_with_villages(self) -> list[Division]:
        """Towns a resident can pick: a town with no village yet leads nowhere."""
        return [d for d in self.towns() if self.villages_of(d.code)]

    def villages_of(self, town_code: str) -> list[Division]:
        return [d for d in self.children(town_code) if d.level == "village"]

    def town_of(self, code: str) -> Division | None:
        """The town a village (or the town itself) belongs to."""
        division = self.get(code)
        while division is not None and division.level != "town":
            division = self.get(division.parent_code) if division.parent_code else None
        return division

    def ancestors(self, code: str) -> list[Division]:
        """The division and every division above it, nearest first."""
        out: list[Division] = []
        division = self.get(code)
        while division is not None:
            out.append(division)
            division = self.get(division.parent_code) if division.parent_code else None
        return out

    def find(self, code_or_name: str) -> Division | None:
        """Look up by code, else by a unique name."""
        if code_or_name in self._by_code:
            return self._by_code[code_or_name]
        named = [d for d in self._by_code.values() if d.name == code_or_name]
        return named[0] if len(named) == 1 else None

    def __len__(self) -> int:
        return len(self._by_code)
