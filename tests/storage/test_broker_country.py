"""A broker's country: BROKER_COUNTRY for the default broker, the registry's column for others."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.config import Settings, SettingsError, load_settings
from bot.storage import upgrade_async
from bot.storage.brokers import BrokerStore, default_broker
from tests.conftest import DatabaseURL


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_the_default_broker_is_german_unless_broker_country_says_otherwise() -> None:
    assert default_broker(settings()).country == "DE"
    assert default_broker(settings(broker_country="at")).country == "AT"


def test_an_unknown_broker_country_names_the_setting_and_what_is_expected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BROKER_COUNTRY", "CH")

    with pytest.raises(
        SettingsError, match=r"^BROKER_COUNTRY: there is no country 'CH'; expected DE or AT$"
    ):
        load_settings()


async def test_brokers_registered_before_the_country_existed_are_german(
    database_url: DatabaseURL,
) -> None:
    await upgrade_async(database_url.url, "0003", schema=database_url.schema)
    db = database_url.connect()
    try:
        async with db.transaction() as session:
            await session.execute(
                text(
                    "INSERT INTO brokers (code, name, staff_chat_id, created_at) "
                    "VALUES ('alt', 'Alt & Co', -1, CURRENT_TIMESTAMP)"
                )
            )
        await upgrade_async(database_url.url, schema=database_url.schema)

        stored = await BrokerStore(db, default_broker(settings())).get("alt")
    finally:
        await db.dispose()
    assert stored is not None and stored.country == "DE"
