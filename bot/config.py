"""All configuration in one place, read from the environment and an optional `.env` file.

Every setting is checked when it is read: a wrong value stops any `cyberbot` command with one
line per setting that names it and says what is expected (`load_settings`, `SettingsError`),
before anything starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from dialogs.texts import COUNTRIES, DEFAULT_COUNTRY, LANGUAGES

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/cyberbot.db"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
# The databases the bot runs on, with the async driver each needs (added when left out).
DATABASE_DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg", "postgres": "asyncpg"}
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
WEBHOOK_SECRET_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)


@dataclass(frozen=True)
class Choice:
    """The words a setting may be, and how a wrong one is refused."""

    allowed: tuple[str, ...]
    refusal: str
    upper: bool = False


CHOICES = {
    "bot_language": Choice(LANGUAGES, "there is no catalogue for {value!r}"),
    "broker_country": Choice(COUNTRIES, "there is no country {value!r}", upper=True),
    "log_format": Choice(LOG_FORMATS, "{value!r} is no log format"),
    "log_level": Choice(LOG_LEVELS, "{value!r} is no log level", upper=True),
}

#: What each setting must be, as the operator reads it in the one-line error.
EXPECTED = {
    "telegram_base_url": "the Bot API's base URL, e.g. https://api.telegram.org/bot",
    "database_url": (
        "sqlite+aiosqlite:///data/cyberbot.db or postgresql+asyncpg://USER:PASSWORD@HOST/DATABASE"
    ),
    "staff_chat_id": "the staff group's chat id, a whole number such as -1001234567890",
    "webhook_secret": "1 to 256 characters: A-Z, a-z, 0-9, _ and -",
    "port": "a TCP port from 1 to 65535",
    "bot_language": " or ".join(LANGUAGES),
    "broker_status_info_file": (
        "a UTF-8 text file with the status information (Erstinformation) that the bot's user "
        "can read"
    ),
    "conversation_retention_days": "a whole number of days, at least 1",
    "timezone": "a time zone such as Europe/Berlin",
    "log_format": " or ".join(LOG_FORMATS),
    "log_level": ", ".join(LOG_LEVELS),
    "broker_country": " or ".join(COUNTRIES),
    "host": "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0",
    "telegram_timeout": "seconds to wait for the Bot API, more than 0 and at most 120",
    "database_pool_size": "a whole number of connections from 3 to 200",
    "database_pool_timeout": "seconds, more than 0 and at most 300",
}


class SettingsError(Exception):
    """Settings an operator must fix; each line of the message names one and how."""


class Settings(BaseSettings):
    """The operator's settings; secrets stay `SecretStr` so they never end up in a log line."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = DEFAULT_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    staff_chat_id: int | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    telegram_timeout: float = Field(default=10.0, gt=0, le=120)
    database_pool_size: int = Field(default=10, ge=3, le=200)
    database_pool_timeout: float = Field(default=10.0, gt=0, le=300)
    bot_language: str = "de"
    # Empty: not configured. Prospects then read a neutral phrase, never a setting's name.
    broker_name: str = ""
    broker_contact: str = ""
    broker_status_info_file: Path | None = None
    broker_country: str = DEFAULT_COUNTRY
    conversation_retention_days: int = Field(default=30, ge=1)
    lead_webhook_url: str | None = None
    lead_webhook_secret: SecretStr | None = None
    bot_username: str | None = None
    timezone: str = "Europe/Berlin"
    log_format: str = "text"
    log_level: str = "INFO"

    @field_validator(
        "telegram_bot_token",
        "staff_chat_id",
        "webhook_url",
        "webhook_secret",
        "broker_status_info_file",
        "lead_webhook_url",
        "lead_webhook_secret",
        "bot_username",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`STAFF_CHAT_ID=` in an env file means "not set", as a commented-out line does."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(*CHOICES)
    @classmethod
    def _one_of(cls, value: str, info: ValidationInfo) -> str:
        """A setting that is one of a few words: written as the bot spells them, or refused."""
        choice = CHOICES[info.field_name or ""]
        chosen = value.strip().upper() if choice.upper else value.strip()
        if chosen not in choice.allowed:
            raise ValueError(choice.refusal.format(value=value))
        return chosen

    @field_validator("broker_name", "broker_contact")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        """SQLite or PostgreSQL, with their async driver or none (it is added).

        Only the scheme is read here; the rest is checked by connecting (`bot.storage.probe`).
        """
        scheme, separator, _ = value.partition("://")
        if not separator:
            raise ValueError("this is no database URL")
        backend, _, driver = scheme.lower().partition("+")
        if backend not in DATABASE_DRIVERS:
            raise ValueError(f"{backend!r} is not supported")
        if driver and driver != DATABASE_DRIVERS[backend]:
            raise ValueError(f"the driver {driver!r} does not work here")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_accepts_secret(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value() if value else None
        if secret is not None and (
            len(secret) > 256 or not set(secret) <= WEBHOOK_SECRET_CHARACTERS
        ):
            raise ValueError("Telegram would refuse this secret")
        return value

    @field_validator("broker_status_info_file")
    @classmethod
    def _readable_text(cls, path: Path | None) -> Path | None:
        """Read once here, so a missing or unreadable file stops the start, not a prospect."""
        if path is None:
            return None
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"{path} is not UTF-8 text") from None
        except OSError as error:
            raise ValueError(f"cannot read {path} ({error.strerror})") from None
        if not content.strip():
            raise ValueError(f"{path} is empty")
        return path

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is no known time zone") from None
        return value

    def broker_status_info(self) -> str | None:
        """The default broker's status information (§ 15 VersVermV), read from its file."""
        if self.broker_status_info_file is None:
            return None
        return self.broker_status_info_file.read_text(encoding="utf-8").strip() or None

    def default_broker_gaps(self) -> list[str]:
        """What the default broker still lacks, one line each, for the log when the bot starts."""
        gaps = []
        if not self.broker_name:
            gaps.append(
                "BROKER_NAME is not set: prospects of the default broker read "
                "'your insurance broker' instead of a name"
            )
        if not self.broker_contact:
            gaps.append("BROKER_CONTACT is not set: the default broker has no contact line")
        if self.staff_chat_id is None:
            gaps.append(
                "STAFF_CHAT_ID is not set: leads of the default broker are only stored "
                "(see 'cyberbot leads export'); no staff chat gets them"
            )
        if self.broker_status_info_file is None:
            gaps.append(
                "BROKER_STATUS_INFO_FILE is not set: prospects of the default broker are told "
                "that the status information (§ 15 VersVermV) comes from the broker directly"
            )
        return gaps

    @property
    def token(self) -> str | None:
        """The bot token in clear, for the Telegram client only."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


def load_settings() -> Settings:
    """The settings from the environment and `.env`; SettingsError says what to fix."""
    try:
        return Settings()
    except ValidationError as error:
        lines = dict.fromkeys(_problem(detail) for detail in error.errors())
        raise SettingsError("\n".join(lines)) from None


def _problem(detail: ErrorDetails) -> str:
    """One line for one wrong setting: its name, what is wrong, what is expected."""
    field = str(detail["loc"][0]) if detail["loc"] else ""
    name = field.upper()
    expected = EXPECTED.get(field, "see deploy/env.example")
    if detail["type"] == "value_error":
        reason = str(detail["msg"]).removeprefix("Value error, ")
        return f"{name}: {reason}; expected {expected}"
    given = detail.get("input")
    secret = field.endswith(("token", "secret"))
    shown = "" if secret or not isinstance(given, str) else f"={given[:60]!r}"
    return f"{name}{shown} is not valid; expected {expected}"
