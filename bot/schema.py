"""Is the database already at this version's schema? Answered without importing Alembic.

Alembic and its script machinery (Mako, Pygments) cost ~11 MiB and ~0.1 s at every start,
to find out that there is nothing to do. The heads are read here from the migration files'
`revision = "…"` / `down_revision = …` lines and compared with the `alembic_version` table in
one query; anything unexpected (a file this parser does not understand, no table, another
revision, an error) answers "no", and the caller runs the real migration, which is always
safe. tests/ops/test_schema_check.py keeps this parser in step with Alembic's own heads.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

VERSIONS = Path(__file__).resolve().parent.parent / "storage" / "migrations" / "versions"

_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]+)?=\s*(.+?)\s*$", re.MULTILINE)


@cache
def head_revisions(versions: Path = VERSIONS) -> frozenset[str] | None:
    """The head revisions of the migration files; None if any file is not in the usual form
    (then only Alembic can tell)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        found = {m[1]: m[2] for m in _ASSIGNMENT.finditer(path.read_text(encoding="utf-8"))}
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
        elif down is not None:
            return None
    heads = revisions - parents
    return frozenset(heads) if heads else None


async def at_head(engine: AsyncEngine) -> bool:
    """True only when the database is stamped with exactly this version's heads."""
    heads = head_revisions()
    if heads is None:
        return False
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            stamped = {row[0] for row in rows}
    except Exception:  # no table yet (a new database), or it cannot be read: migrate
        return False
    return stamped == heads


async def migrate_unless_at_head(engine: AsyncEngine) -> bool:
    """Run the migrations (importing Alembic) unless the database is at head; True if run."""
    if await at_head(engine):
        return False
    from storage.migrate import migrate

    await migrate(engine)
    return True
