"""The broker registry: who a start code belongs to, and where its leads go."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.config import Settings
from bot.storage.database import Database
from bot.storage.handoff_models import BROKER_CODE_MAX, Broker
from bot.storage.native import Tx, sql
from dialogs.texts import COUNTRIES, DEFAULT_COUNTRY

CACHE_SECONDS = 60.0
# Telegram's start links carry only A-Z, a-z, 0-9, _ and -; the - separates the campaign.
BROKER_CODE = re.compile(rf"[A-Za-z0-9_]{{1,{BROKER_CODE_MAX}}}")
# Codes match whatever their case; codes stored before they were lower-cased included.
_BY_CODE = sql(
    "SELECT code, name, staff_chat_id, contact, status_info, country FROM brokers"
    " WHERE lower(code) = :code LIMIT 1"
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def broker_code(code: str) -> str:
    """A broker code as stored and linked: lower-case, so Mueller and mueller are one broker.

    ValueError names what is allowed and, for a name with umlauts, the code to use instead.
    """
    if BROKER_CODE.fullmatch(code):
        return code.lower()
    message = (
        f"broker code {code!r} is not valid: 1 to {BROKER_CODE_MAX} letters a-z, digits or _ "
        "(Telegram's start links allow no umlauts or other characters)"
    )
    suggestion = code.lower().translate(_UMLAUTS)
    if BROKER_CODE.fullmatch(suggestion):
        message += f"; use {suggestion!r}"
    raise ValueError(message)


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
    return code.lower(), campaign or None


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
        code = broker_code(code)
        if country not in COUNTRIES:
            raise ValueError(f"a broker's country is one of {', '.join(COUNTRIES)}")
        async with self.db.transaction() as session:
            row = await _row(session, code)
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
            self._cache.pop(code.lower(), None)
            result = await session.execute(
                delete(Broker).where(_same_code(code)).returning(Broker.code)
            )
            return result.first() is not None

    async def all(self) -> list[BrokerInfo]:
        async with self.db.session() as session:
            rows = await session.scalars(select(Broker).order_by(Broker.code))
            return [BrokerInfo.of(row) for row in rows]

    async def get(self, code: str) -> BrokerInfo | None:
        async with self.db.session() as session:
            row = await _row(session, code)
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
        code = code.lower()
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


def _same_code(code: str) -> ColumnElement[bool]:
    """Codes match whatever their case; codes stored before they were lower-cased included."""
    return func.lower(Broker.code) == code.lower()


async def _row(session: AsyncSession, code: str) -> Broker | None:
    row: Broker | None = await session.scalar(select(Broker).where(_same_code(code)).limit(1))
    return row
