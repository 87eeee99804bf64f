"""The layers stay layers: `chat/` is at the bottom and imports none of the others, and
`handlers/` and `scheduler/` never import each other (both go through `chat/` and `cases/`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "chat": {"handlers", "scheduler", "bot", "cases", "storage"},
    "handlers": {"scheduler", "bot"},
    "scheduler": {"handlers", "bot"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level packages a module imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_it_must_not(package: str) -> None:
    wrong = {f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}"
             for path in sorted((ROOT / package).rglob("*.py"))
             if (bad := imported_packages(path) & FORBIDDEN[package])}
    assert not wrong, "\n".join(sorted(wrong))
