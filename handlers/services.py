"""What a flow step may use, handed in by the composition root (no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.clock import Clock
from cases.divisions import DivisionRegister
from cases.policy import Programme
from i18n.render import Catalogue
from storage.cases import CaseStore

if TYPE_CHECKING:
    from handlers.stats_port import ReportFiles


@dataclass(slots=True)
class Services:
    engine: AsyncEngine
    clock: Clock
    programme: Programme
    divisions: DivisionRegister
    cases: CaseStore
    catalogue: Catalogue
    default_lang: str = "zh"
    bot_username: str = ""
    reports: ReportFiles | None = None  # charts and workbooks for /stats (bot/reports)
    update_window: timedelta = timedelta(days=7)  # how long an update's key is remembered
    # The channels officials can have their cards on (/channel moves them): WeCom when set up.
    official_channels: tuple[str, ...] = ("telegram",)
