"""What .env.example and docs/deadlines.md say about fractions holds for bot/settings.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from bot.settings import Settings

FRACTIONS = {
    "DEADLINE_ACCEPT_HOURS": "0.5", "DEADLINE_ACCEPT_URGENT_HOURS": "0.25",
    "DEADLINE_VISIT_DAYS": "1.5", "DEADLINE_DECISION_DAYS": "2.5", "DEADLINE_APPROVAL_DAYS": "0.5",
    "DEADLINE_FOLLOW_UP_DAYS": "7.5", "DEADLINE_RECHECK_DAYS": "90.5",
    "ESCALATION_REPEAT_HOURS": "12.5", "REMINDER_HOURS": "24,2,0.5",
}


def test_deadlines_reminders_and_escalation_take_fractions() -> None:
    settings = Settings(**{k.lower(): v for k, v in FRACTIONS.items()})
    deadlines = settings.programme_rules().deadlines
    assert deadlines.accept == timedelta(minutes=30)
    assert deadlines.accept_urgent == timedelta(minutes=15)
    assert deadlines.visit == timedelta(hours=36)
    assert deadlines.recheck == timedelta(days=90, hours=12)
    assert settings.scheduler.escalation_repeat_hours == 12.5
    assert settings.scheduler.reminder_offsets()[-1] == timedelta(minutes=30)


@pytest.mark.parametrize("name", ["CLOSURE_MIN_MONITORING_DAYS", "NEIGHBOUR_DAILY_LIMIT",
                                  "OUTBOX_ALERT_AGE_MINUTES"])
def test_whole_number_settings_refuse_a_fraction(name: str) -> None:
    with pytest.raises(ValidationError):
        Settings(**{name.lower(): "1.5"})


def test_a_deadline_must_be_greater_than_zero() -> None:
    with pytest.raises(ValidationError):
        Settings(deadline_visit_days="0")
