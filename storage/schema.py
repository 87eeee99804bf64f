"""Every table module, imported so the metadata is complete (Alembic and tests read it here)."""

from storage.tables import metadata

# Journeys that add tables keep them in their own module and import it here.

__all__ = ["metadata"]
