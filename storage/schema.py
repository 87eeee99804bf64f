"""Every table module, imported so the metadata is complete (Alembic and tests read it here)."""

# Journeys that add tables keep them in their own module and import it here.
import storage.tables_intake
import storage.tables_officials
import storage.tables_privacy
import storage.tables_programme
import storage.tables_proxy
import storage.tables_resident
import storage.tables_scale
import storage.tables_scheduling
import storage.tables_sending
import storage.tables_statistics
import storage.tables_summary
import storage.tables_web
import storage.tables_wecom  # noqa: F401
from storage.tables import metadata

__all__ = ["metadata"]
