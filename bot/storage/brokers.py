"""The broker registry: who a start code belongs to, and where its leads go."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.storage.database import Database
from bot.storage.handoff_models import BROKER_CODE_MAX, Broker
from bot.storage.native import Tx, sql
from dialogs.texts import COUNTRIES, DEFAULT_COUNTRY

CACHE_SECONDS = 60.0
BROKER_CODE = re.compile(rf"[A-Za-z0-9_]{{1,{BROKER_CODE_MAX}}}")
_BY_CODE = sql(
    "SELECT code, name, staff_chat_id, contact, status_info, country FROM brokers"
    " WHERE code = :code"
)


@dataclass(frozen=True)
class BrokerInfo:
    """A broker as the bot uses it; `code` None is the default broker from the settings.

    `country` (DE, AT) is what the prospect's texts are rendered with (`country=`).
    """

    code: str | None
    name: str
    staff_chat_id: int | None
    contact: str
    status_info: str | None
    country: str = DEFAULT_COUNTRY

    @classmethod
    def of(cls, row: Broker) -> BrokerInfo:
        contact, info = row.contact or "", row.status_info
        return cls(row.code, row.name, row.staff_chat_id, contact, info, row.country)


def default_broker(settings: Settings) -> BrokerInfo:
    """The broker for sessions without a registered code, from BROKER_* and STAFF_CHAT_ID."""
    return BrokerInfo(
        code=None,
        name=settings.broker_name,
        staff_chat_id=settings.staff_chat_id,
        contact=settings.broker_contact,
        status_info=settings.broker_status_info(),
        country=settings.broker_country,
    )


def split_payload(payload: str | None) -> tuple[str | None, str | None]:
    """A start payload `code` or `code-campaign` as (code, campaign); junk gives (None, None)."""
    if not payload:
        return None, None
    code, _, campaign = payload.partition("-")
    if not BROKER_CODE.fullmatch(code):
        return None, None
    return code, campaign or None


class BrokerStore:
    """Brokers in the database; the default broker comes from the settings."""

    def __init__(self, db: Database, default: BrokerInfo) -> None:
        self.db = db
        self.default = default
        self._cache: dict[str, tuple[float, BrokerInfo | None]] = {}

    async def add(
        self,
        code: str,
        name: str,
        staff_chat_id: int,
        contact: str | None = None,
        status_info: str | None = None,
        country: str = DEFAULT_COUNTRY,
    ) -> BrokerInfo:
        """Add a broker, or update it when the code exists (re-running the command is safe)."""
        if not BROKER_CODE.fullmatch(code):
            raise ValueError(f"a broker code is 1 to {BROKER_CODE_MAX} letters, digits or _")
        if country not in COUNTRIES:
            raise ValueError(f"a broker's country is one of {', '.join(COUNTRIES)}")
        async with self.db.transaction() as session:
            row = await session.get(Broker, code)
            if row is None:
                row = Broker(code=code)
                session.add(row)
            row.name, row.staff_chat_id = name, staff_chat_id
            row.contact, row.status_info = contact, status_info
            row.country = country
            await session.flush()
            self._cache.pop(code, None)
            return BrokerInfo.of(row)

    async def remove(self, code: str) -> bool:
        async with self.db.transaction() as session:
            self._cache.pop(code, None)
            result = await session.execute(
                delete(Broker).where(Broker.code == code).returning(Broker.code)
            )
            return result.first() is not None

    async def all(self) -> list[BrokerInfo]:
        async with self.db.session() as session:
            rows = await session.scalars(select(Broker).order_by(Broker.code))
            return [BrokerInfo.of(row) for row in rows]

    async def get(self, code: str) -> BrokerInfo | None:
        async with self.db.session() as session:
            row = await session.get(Broker, code)
            return BrokerInfo.of(row) if row else None

    async def resolve(self, code: str | None, tx: Tx | None = None) -> BrokerInfo:
        """The broker for a start code; no or an unknown code means the default broker.

        Looked up at most once a minute per code: it is asked on every update, and a
        broker's entry changes rarely (a change reaches every worker within the minute).
        Inside an update's transaction it is read there (`tx`), never on a second
        connection that a busy pool might not have.
        """
        if code is None:
            return self.default
        now = time.monotonic()
        cached = self._cache.get(code)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1] or self.default
        if tx is None:
            async with self.db.hot.transaction() as own:
                row = await own.fetchrow(_BY_CODE, {"code": code})
        else:
            row = await tx.fetchrow(_BY_CODE, {"code": code})
        found = None if row is None else BrokerInfo(**{**row, "contact": row["contact"] or ""})
        self._cache[code] = (now, found)
        return found or self.default

    async def for_staff_chat(self, session: AsyncSession, chat_id: int) -> list[BrokerInfo]:
        """The brokers whose staff chat this is (the default broker's too, when configured)."""
        rows = await session.scalars(select(Broker).where(Broker.staff_chat_id == chat_id))
        brokers = [BrokerInfo.of(row) for row in rows]
        if self.default.staff_chat_id == chat_id:
            brokers.append(self.default)
        return brokers
