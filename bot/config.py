"""All configuration in one place, read from the environment and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dialogs.texts import LANGUAGES

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/cyberbot.db"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    """The operator's settings; secrets stay `SecretStr` so they never end up in a log line."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = DEFAULT_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    staff_chat_id: int | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = Field(default=8080, ge=1, le=65535)
    bot_language: str = "de"
    # Empty: not configured. Prospects then read a neutral phrase, never a setting's name.
    broker_name: str = ""
    broker_contact: str = ""
    broker_status_info_file: Path | None = None
    conversation_retention_days: int = Field(default=30, ge=1)
    lead_webhook_url: str | None = None
    lead_webhook_secret: SecretStr | None = None
    bot_username: str | None = None
    timezone: str = "Europe/Berlin"
    log_format: str = "text"
    log_level: str = "INFO"

    @field_validator("bot_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"BOT_LANGUAGE must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("broker_name", "broker_contact")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()

    @field_validator("telegram_bot_token", "webhook_secret", "lead_webhook_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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
