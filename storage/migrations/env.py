"""Alembic environment: runs on the connection storage.migrate hands in."""

from __future__ import annotations

from alembic import context

from storage.schema import metadata

config = context.config


def run_migrations_online() -> None:
    """Use the connection storage.migrate put into the config; never open our own."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `python -m bot migrate`")
run_migrations_online()
