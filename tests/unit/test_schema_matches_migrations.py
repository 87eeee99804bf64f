"""The migrations build exactly the schema the code declares: a table or index added to
storage/tables*.py without a migration (or the other way round) fails here, not in a
deployment."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.app import App
from storage.schema import metadata


async def test_migrated_database_has_the_declared_tables_and_indexes(app: App) -> None:
    def differences(sync_conn: Any) -> list[Any]:
        def declared_here(obj: Any, name: Any, type_: str, reflected: bool, other: Any) -> bool:
            """An index declared for one dialect (`.ddl_if(dialect=…)`) exists only there."""
            only = getattr(obj, "_ddl_if", None)
            return only is None or only.dialect in (None, sync_conn.dialect.name)

        context = MigrationContext.configure(sync_conn, opts={
            "compare_type": False, "include_object": declared_here})
        return [d for d in compare_metadata(context, metadata)
                if not (isinstance(d, tuple) and d[0] == "remove_table"
                        and d[1].name == "alembic_version")]

    async with app.db.connect() as conn:
        assert await conn.run_sync(differences) == []
