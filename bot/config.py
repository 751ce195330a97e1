"""All configuration in one place, read from the environment and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dialogs.texts import COUNTRIES, DEFAULT_COUNTRY, LANGUAGES

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
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    telegram_timeout: float = Field(default=10.0, gt=0, le=120)
    database_pool_size: int = Field(default=10, ge=3, le=200)
    database_pool_timeout: float = Field(default=10.0, gt=0, le=300)
    bot_language: str = "de"
    broker_name: str = "Ihr Versicherungsmakler"
    broker_contact: str = "(Kontaktdaten noch nicht eingerichtet: BROKER_CONTACT setzen)"
    broker_status_info_file: Path | None = None
    broker_country: str = DEFAULT_COUNTRY
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

    @field_validator("broker_country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        country = value.strip().upper()
        if country not in COUNTRIES:
            raise ValueError(f"BROKER_COUNTRY must be one of {', '.join(COUNTRIES)}")
        return country

    @field_validator("telegram_bot_token", "webhook_secret", "lead_webhook_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def broker_status_info(self) -> str | None:
        """The default broker's status information (§ 15 VersVermV), read from its file."""
        if self.broker_status_info_file is None:
            return None
        return self.broker_status_info_file.read_text(encoding="utf-8").strip() or None

    @property
    def token(self) -> str | None:
        """The bot token in clear, for the Telegram client only."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
