"""Settings from the environment and .env — the only place that reads them.

One pydantic-settings class per concern; the names are the contract listed in .env.example
and every one of them is listed in .env.example.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cases.policy import Deadlines, Programme

_ENV = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")


class TelegramSettings(BaseSettings):
    model_config = _ENV

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    bot_framework: Literal["aiogram", "ptb"] = Field(default="aiogram", alias="BOT_FRAMEWORK")
    telegram_api_base: str = Field(default="https://api.telegram.org", alias="TELEGRAM_API_BASE")
    poll_timeout: int = Field(default=30, alias="POLL_TIMEOUT")
    # One poller per database: a killed poller blocks its successor at most this long.
    poll_lease_seconds: float = Field(default=60, gt=0, alias="POLL_LEASE_SECONDS")
    # For invite links printed by `python -m bot invite` (the running bot learns it from getMe).
    bot_username: str = Field(default="", alias="BOT_USERNAME")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    webhook_host: str = Field(default="127.0.0.1", alias="WEBHOOK_HOST")
    webhook_port: int = Field(default=8443, alias="WEBHOOK_PORT")
    # Several webhook workers on PostgreSQL (bot/chat_claims.py): a worker's claim on a chat
    # lasts this long unless renewed, and each worker looks this often for chats whose worker
    # died with updates left. A dead worker's chats are taken over within their sum.
    worker_claim_seconds: float = Field(default=30, gt=0, alias="WORKER_CLAIM_SECONDS")
    worker_sweep_seconds: float = Field(default=5, gt=0, alias="WORKER_SWEEP_SECONDS")

    @field_validator("telegram_api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")


class StorageSettings(BaseSettings):
    model_config = _ENV

    database_url: str = Field(default="sqlite+aiosqlite:///data/safety_net.db",
                              alias="DATABASE_URL")
    data_key: SecretStr | None = Field(default=None, alias="DATA_KEY")  # newest first, comma-separated
    # Keys the look-up hashes; unset: derived from the oldest DATA_KEY (storage/crypto.py).
    lookup_key: SecretStr | None = Field(default=None, alias="LOOKUP_KEY")


class LocaleSettings(BaseSettings):
    model_config = _ENV

    timezone: str = Field(default="Asia/Shanghai", alias="TIMEZONE")
    default_language: Literal["zh", "en"] = Field(default="zh", alias="DEFAULT_LANGUAGE")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value


class ProgrammeSettings(BaseSettings):
    """Case references, deadlines (hours / days) and the closure rules."""

    model_config = _ENV

    case_ref_prefix: str = Field(default="NC", alias="CASE_REF_PREFIX", pattern=r"^[A-Z]{1,8}$")
    accept_hours: float = Field(default=24, alias="DEADLINE_ACCEPT_HOURS", gt=0)
    accept_urgent_hours: float = Field(default=2, alias="DEADLINE_ACCEPT_URGENT_HOURS", gt=0)
    visit_days: float = Field(default=3, alias="DEADLINE_VISIT_DAYS", gt=0)
    decision_days: float = Field(default=15, alias="DEADLINE_DECISION_DAYS", gt=0)
    approval_days: float = Field(default=5, alias="DEADLINE_APPROVAL_DAYS", gt=0)
    follow_up_days: float = Field(default=30, alias="DEADLINE_FOLLOW_UP_DAYS", gt=0)
    recheck_days: float = Field(default=180, alias="DEADLINE_RECHECK_DAYS", gt=0)
    review_days: float = Field(default=10, alias="DEADLINE_REVIEW_DAYS", gt=0)
    confirm_days: float = Field(default=10, alias="DEADLINE_CONFIRM_DAYS", gt=0)
    # The programme's own steps (review, notice, confirm), or "none".
    inclusion_steps: str = Field(default="review,notice,confirm", alias="PROGRAMME_INCLUSION_STEPS")
    elimination_steps: str = Field(default="review,notice,confirm",
                                   alias="PROGRAMME_ELIMINATION_STEPS")
    notice_days: int = Field(default=5, alias="NOTICE_DAYS", ge=1, le=30)
    min_monitoring_days: int = Field(default=180, alias="CLOSURE_MIN_MONITORING_DAYS", ge=0)
    # "2025:7600,2026:7800" — yuan per person per year, the monitoring line of each year.
    income_lines: str = Field(default="2024:7400,2025:7600,2026:7800", alias="INCOME_LINES")
    neighbour_daily_limit: int = Field(default=3, alias="NEIGHBOUR_DAILY_LIMIT", ge=1)
    join_failures_per_hour: int = Field(default=50, alias="JOIN_FAILURES_PER_HOUR", ge=1)

    @field_validator("inclusion_steps", "elimination_steps")
    @classmethod
    def _known_steps(cls, value: str) -> str:
        from cases.district_policy import validate

        return validate("steps.inclusion", value)  # raises for an unknown step

    def parsed_income_lines(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for part in filter(None, (p.strip() for p in self.income_lines.split(","))):
            year, _, amount = part.partition(":")
            out[int(year)] = Decimal(amount)
        return out


class OutboxSettings(BaseSettings):
    """Send limits, retries, quiet hours and the outbox health alert (issue 5)."""

    model_config = _ENV

    # Telegram's ceilings are ~1/s per chat, 20/min per group, ~30/s overall; stay under them.
    limits_enabled: bool = Field(default=True, alias="OUTBOX_LIMITS_ENABLED")
    per_chat_interval: float = Field(default=1.0, alias="OUTBOX_PER_CHAT_INTERVAL_SECONDS", ge=0)
    group_per_minute: int = Field(default=20, alias="OUTBOX_GROUP_PER_MINUTE", ge=1)
    overall_per_second: int = Field(default=25, alias="OUTBOX_PER_SECOND", ge=1)
    # auto: shared through the database on PostgreSQL (several workers keep one budget),
    # in memory on SQLite (one process); on / off force it (see docs/scale.md).
    shared_limits: Literal["auto", "on", "off"] = Field(default="auto", alias="OUTBOX_SHARED_LIMITS")
    max_backoff_seconds: int = Field(default=600, alias="OUTBOX_MAX_BACKOFF_SECONDS", ge=1)
    max_attempts: int = Field(default=30, alias="OUTBOX_MAX_ATTEMPTS", ge=1)  # ~3.5 h
    quiet_start: str = Field(default="22:00", alias="QUIET_HOURS_START",
                             pattern=r"^\d{1,2}:\d{2}$")
    quiet_end: str = Field(default="07:00", alias="QUIET_HOURS_END", pattern=r"^\d{1,2}:\d{2}$")
    alert_backlog: int = Field(default=500, alias="OUTBOX_ALERT_BACKLOG", ge=1)
    alert_age_minutes: int = Field(default=15, alias="OUTBOX_ALERT_AGE_MINUTES", ge=1)


class SchedulerSettings(BaseSettings):
    """Timed work: the tick, reminders before a deadline, escalation, digests (issue 5)."""

    model_config = _ENV

    tick_seconds: float = Field(default=30, alias="SCHEDULER_TICK_SECONDS", gt=0)
    # Hours before a deadline at which the owner is reminded, e.g. "24,2".
    reminder_hours: str = Field(default="24,2", alias="REMINDER_HOURS")
    # A case still not acted on climbs one more level after this many hours.
    escalation_repeat_hours: float = Field(default=24, alias="ESCALATION_REPEAT_HOURS", gt=0)
    daily_digest_at: str = Field(default="08:00", alias="DIGEST_DAILY_AT", pattern=r"^\d{1,2}:\d{2}$")
    weekly_digest_at: str = Field(default="09:00", alias="DIGEST_WEEKLY_AT",
                                  pattern=r"^\d{1,2}:\d{2}$")
    weekly_digest_weekday: int = Field(default=0, alias="DIGEST_WEEKLY_WEEKDAY", ge=0, le=6)
    # A draft left mid-flow: one reminder after this many hours, discarded after these days.
    draft_remind_hours: float = Field(default=24, alias="DRAFT_REMIND_HOURS", gt=0)
    draft_discard_days: float = Field(default=7, alias="DRAFT_DISCARD_DAYS", gt=0)

    def reminder_offsets(self) -> list[timedelta]:
        hours = sorted({float(h) for h in self.reminder_hours.split(",") if h.strip()}, reverse=True)
        return [timedelta(hours=h) for h in hours]


class RetentionSettings(BaseSettings):
    """How long the tables that grow with traffic keep their rows (the scheduler prunes them)."""

    model_config = _ENV

    # Telegram may restart update numbering after a quiet week: past this, a key is forgotten.
    processed_updates_days: float = Field(default=7, alias="RETENTION_PROCESSED_UPDATES_DAYS", gt=0)
    inbox_days: float = Field(default=7, alias="RETENTION_INBOX_DAYS", gt=0)
    failed_inbox_days: float = Field(default=30, alias="RETENTION_FAILED_INBOX_DAYS", gt=0)
    sent_outbox_days: float = Field(default=30, alias="RETENTION_SENT_OUTBOX_DAYS", gt=0)
    join_attempts_days: float = Field(default=30, alias="RETENTION_JOIN_ATTEMPTS_DAYS", gt=0)
    audit_days: float = Field(default=1095, alias="RETENTION_AUDIT_DAYS", gt=0)  # three years
    # Personal data of a closed case, counted from its closure (five years), then anonymised.
    closed_cases_days: float = Field(default=1826, alias="RETENTION_CLOSED_CASES_DAYS", gt=0)
    # Questions residents sent to their village, with the answers (a year).
    questions_days: float = Field(default=365, alias="RETENTION_QUESTIONS_DAYS", gt=0)


class LoggingSettings(BaseSettings):
    model_config = _ENV

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO", alias="LOG_LEVEL")
    # plain: one readable line a record; json: one JSON object a line (bot/logs_json.py).
    log_format: Literal["plain", "json"] = Field(default="plain", alias="LOG_FORMAT")


class OpsSettings(BaseSettings):
    """The operations endpoint: /metrics (Prometheus) and /healthz, off unless a port is set."""

    model_config = _ENV

    metrics_port: int | None = Field(default=None, alias="METRICS_PORT", ge=1, le=65535)
    metrics_host: str = Field(default="127.0.0.1", alias="METRICS_HOST")

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class WebSettings(BaseSettings):
    """The web channel for residents and neighbours, and its QR posters (README: Channels)."""

    model_config = _ENV

    # Off unless a port is set: `python -m bot run` then serves the page too; `python -m bot
    # web` serves it without Telegram.
    web_port: int | None = Field(default=None, alias="WEB_PORT", ge=1, le=65535)
    web_host: str = Field(default="127.0.0.1", alias="WEB_HOST")
    # The public https address the page is reached at (behind nginx); posters refuse without it.
    web_base_url: str = Field(default="", alias="WEB_BASE_URL")
    # Signs the visitor cookie and the CSRF token; unset, a visitor's cookie lasts a process.
    web_secret: SecretStr | None = Field(default=None, alias="WEB_SECRET")
    # Signs the village in a poster's link; its own key, so DATA_KEY rotation never voids
    # printed posters. Changing it voids every poster printed before.
    poster_key: SecretStr | None = Field(default=None, alias="POSTER_KEY")
    upload_dir: str = Field(default="data/uploads", alias="WEB_UPLOAD_DIR")
    upload_max_bytes: int = Field(default=5 * 1024 * 1024, alias="WEB_UPLOAD_MAX_BYTES", ge=1024)
    uploads_per_day: int = Field(default=20, alias="WEB_UPLOADS_PER_DAY", ge=1)
    # Files of drafts never submitted (and of anonymised cases) are removed after this.
    upload_draft_days: float = Field(default=7, alias="WEB_UPLOAD_DRAFT_DAYS", gt=0)
    messages_days: float = Field(default=30, alias="WEB_MESSAGES_DAYS", gt=0)
    # Per visitor, like a Telegram chat; per address WEB_IP_FACTOR times that (a village can
    # share one carrier-NAT address).
    messages_per_minute: int = Field(default=30, alias="WEB_MESSAGES_PER_MINUTE", ge=1)
    # New visitors (cookies) per address: clearing cookies is a new identity.
    new_visitors_per_hour: int = Field(default=20, alias="WEB_NEW_VISITORS_PER_HOUR", ge=1)
    ip_factor: int = Field(default=20, alias="WEB_IP_FACTOR", ge=1)
    recover_per_hour: int = Field(default=5, alias="WEB_RECOVER_PER_HOUR", ge=1)
    # The header a reverse proxy puts the client's address in (X-Forwarded-For, X-Real-IP),
    # believed only from the proxies listed: anyone else could write it.
    trusted_proxy_header: str = Field(default="", alias="WEB_TRUSTED_PROXY_HEADER")
    trusted_proxies: str = Field(default="127.0.0.1,::1", alias="WEB_TRUSTED_PROXIES")

    @field_validator("web_port", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("web_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")


class WeComSettings(BaseSettings):
    """The WeCom (企业微信) channel for officials: a self-built application (README: Channels)."""

    model_config = _ENV

    corp_id: str = Field(default="", alias="WECOM_CORP_ID")
    agent_id: int | None = Field(default=None, alias="WECOM_AGENT_ID")
    secret: SecretStr | None = Field(default=None, alias="WECOM_SECRET")
    # The callback's Token and EncodingAESKey (43 characters), set in the app's 接收消息 page.
    token: SecretStr | None = Field(default=None, alias="WECOM_TOKEN")
    aes_key: SecretStr | None = Field(default=None, alias="WECOM_AES_KEY")
    api_base: str = Field(default="https://qyapi.weixin.qq.com", alias="WECOM_API_BASE")
    # Off unless a port is set: `python -m bot run` then serves WeCom's callbacks too.
    callback_port: int | None = Field(default=None, alias="WECOM_CALLBACK_PORT", ge=1, le=65535)
    callback_host: str = Field(default="127.0.0.1", alias="WECOM_CALLBACK_HOST")

    @field_validator("agent_id", "callback_port", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")

    def missing(self) -> list[str]:
        """The settings the channel cannot run without, by name, when any is unset."""
        values = {"WECOM_CORP_ID": self.corp_id, "WECOM_AGENT_ID": self.agent_id,
                  "WECOM_SECRET": self.secret and self.secret.get_secret_value(),
                  "WECOM_TOKEN": self.token and self.token.get_secret_value(),
                  "WECOM_AES_KEY": self.aes_key and self.aes_key.get_secret_value()}
        return [name for name, value in values.items() if not value]


class Settings:
    """Every concern's settings, read once by the composition root."""

    def __init__(self, **overrides: object) -> None:
        env = {k.upper(): v for k, v in overrides.items()}
        self.telegram = TelegramSettings(**_pick(TelegramSettings, env))
        self.storage = StorageSettings(**_pick(StorageSettings, env))
        self.locale = LocaleSettings(**_pick(LocaleSettings, env))
        self.programme = ProgrammeSettings(**_pick(ProgrammeSettings, env))
        self.outbox = OutboxSettings(**_pick(OutboxSettings, env))
        self.scheduler = SchedulerSettings(**_pick(SchedulerSettings, env))
        self.retention = RetentionSettings(**_pick(RetentionSettings, env))
        self.ops = OpsSettings(**_pick(OpsSettings, env))
        self.web = WebSettings(**_pick(WebSettings, env))
        self.wecom = WeComSettings(**_pick(WeComSettings, env))

    def programme_rules(self) -> Programme:
        p = self.programme
        return Programme(
            timezone=ZoneInfo(self.locale.timezone),
            ref_prefix=p.case_ref_prefix,
            deadlines=Deadlines(
                accept=timedelta(hours=p.accept_hours),
                accept_urgent=timedelta(hours=p.accept_urgent_hours),
                visit=timedelta(days=p.visit_days),
                decision=timedelta(days=p.decision_days),
                approval=timedelta(days=p.approval_days),
                follow_up=timedelta(days=p.follow_up_days),
                recheck=timedelta(days=p.recheck_days),
                review=timedelta(days=p.review_days),
                confirm=timedelta(days=p.confirm_days),
            ),
            min_monitoring=timedelta(days=p.min_monitoring_days),
            income_lines=p.parsed_income_lines(),
            neighbour_daily_limit=p.neighbour_daily_limit,
            join_failures_per_hour=p.join_failures_per_hour,
            inclusion_steps=_steps(p.inclusion_steps),
            elimination_steps=_steps(p.elimination_steps),
            notice_days=p.notice_days,
        )


def _steps(value: str) -> tuple[str, ...]:
    return () if value == "none" else tuple(value.split(","))


def _pick(model: type[BaseSettings], env: dict[str, object]) -> dict[str, Any]:
    """The overrides that belong to one settings class, by alias (Any: pydantic validates
    and converts each value when the class is built)."""
    aliases = {f.alias for f in model.model_fields.values() if f.alias}
    return {k: v for k, v in env.items() if k in aliases}
