"""The recommended sum insured: itemised, surcharged, raised to client damage, rounded to a tier.

Pure and synchronous on purpose: the dialog, the result preview and the tests all call the same
function, so the number a prospect sees is the number the broker's lead card shows.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ITEM_KEYS: tuple[str, ...] = (
    "it_restoration",
    "funds",
    "business_interruption",
    "penalties",
    "records",
    "payment_records",
)
"""Every item key, in the order the result lists them."""

TIERS: tuple[int, ...] = (
    100_000,
    250_000,
    500_000,
    750_000,
    1_000_000,
    1_500_000,
    2_000_000,
    3_000_000,
    5_000_000,
    10_000_000,
)
"""The steps insurers commonly sell cover in; above the last one, whole millions."""

MILLION = 1_000_000

FORMULA_VERSION = "2026-11"
"""Names the formula below in reports and lead snapshots; change it with any factor."""

IT_RESTORATION_SHARE = Decimal("0.5")
RECORD_RATE = Decimal(50)
PAYMENT_RECORD_RATE = Decimal(10)
SURCHARGE_SHARE = Decimal("0.1")
BI_LOW_SHARE = Decimal("0.1")
"""Below this share of a year's costs and profit, the assumed outage looks short."""
MONTHS_PER_YEAR = 12

HINT_IT_VALUE_ZERO = "it_value_zero"
HINT_BI_LOW = "bi_low"

Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
"""A non-negative, finite amount of euros; cents are allowed and rounded only per item."""
Count = Annotated[int, Field(ge=0)]


class CoverageInput(BaseModel):
    """The answers the calculation needs; validated once so the arithmetic can trust them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    it_value: Money = Decimal(0)
    funds_covered: bool = False
    funds: Money = Decimal(0)
    bi_covered: bool = False
    monthly_costs: Money = Decimal(0)
    monthly_profit: Money = Decimal(0)
    outage_months: Annotated[int, Field(ge=1)] = 1
    penalties: Money = Decimal(0)
    third_party_covered: bool = False  # an IT liability policy already covers third-party damage
    records: Count = 0
    payment_records: Count = 0
    client_damage: Money | None = None  # None: the prospect does not know


class CoverageItem(BaseModel):
    """One line of the itemised table, in whole euros."""

    model_config = ConfigDict(frozen=True)

    key: str
    amount: int


class CoverageResult(BaseModel):
    """Everything the summary shows and explains; whole euros throughout."""

    model_config = ConfigDict(frozen=True)

    items: tuple[CoverageItem, ...]
    subtotal: int
    surcharge: int
    total: int
    recommended: int
    tier: int
    raised_to_client_damage: bool
    third_party_excluded: bool
    hints: tuple[str, ...]

    def item(self, key: str) -> CoverageItem | None:
        """The item with this key, or None when it does not apply to this prospect."""
        return next((item for item in self.items if item.key == key), None)


def calculate(data: CoverageInput | None = None, /, **fields: object) -> CoverageResult:
    """Compute the recommendation from validated input, or from the fields of one."""
    if data is None:
        data = CoverageInput.model_validate(fields)
    elif fields:
        raise TypeError("pass either a CoverageInput or its fields, not both")

    items = tuple(CoverageItem(key=key, amount=euros(amount)) for key, amount in _amounts(data))
    subtotal = sum(item.amount for item in items)
    surcharge = euros(subtotal * SURCHARGE_SHARE)
    total = subtotal + surcharge

    recommended = max(total, _considered_client_damage(data))

    return CoverageResult(
        items=items,
        subtotal=subtotal,
        surcharge=surcharge,
        total=total,
        recommended=recommended,
        tier=tier_for(recommended),
        raised_to_client_damage=recommended > total,
        third_party_excluded=data.third_party_covered,
        hints=_hints(data, items),
    )


def tier_for(amount: int) -> int:
    """The smallest common step that covers `amount`; above the largest, the next whole million."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    for tier in TIERS:
        if amount <= tier:
            return tier
    return -(-amount // MILLION) * MILLION


def _amounts(data: CoverageInput) -> list[tuple[str, Decimal]]:
    """The unrounded amount of every item that applies, in ITEM_KEYS order."""
    amounts = [("it_restoration", data.it_value * IT_RESTORATION_SHARE)]
    if data.funds_covered:
        amounts.append(("funds", data.funds))
    if data.bi_covered:
        amounts.append(("business_interruption", _monthly_loss(data) * data.outage_months))
        amounts.append(("penalties", data.penalties))
    if not data.third_party_covered:
        amounts.append(("records", RECORD_RATE * data.records))
        amounts.append(("payment_records", PAYMENT_RECORD_RATE * data.payment_records))
    return amounts


def _considered_client_damage(data: CoverageInput) -> int:
    """Client damage in whole euros; 0 when unknown or when IT liability cover answers for it."""
    if data.third_party_covered or data.client_damage is None:
        return 0
    return euros(data.client_damage)


def _hints(data: CoverageInput, items: tuple[CoverageItem, ...]) -> tuple[str, ...]:
    """Gentle notes on answers that look implausible; they never change the sum."""
    hints = []
    if data.it_value == 0:
        hints.append(HINT_IT_VALUE_ZERO)
    bi_amount = {item.key: item.amount for item in items}.get("business_interruption")
    yearly_loss = _monthly_loss(data) * MONTHS_PER_YEAR
    if bi_amount is not None and bi_amount < yearly_loss * BI_LOW_SHARE:
        hints.append(HINT_BI_LOW)
    return tuple(hints)


def _monthly_loss(data: CoverageInput) -> Decimal:
    """What one month of standstill costs: running costs plus the profit that is not made."""
    return data.monthly_costs + data.monthly_profit


def euros(amount: Decimal) -> int:
    """Round to whole euros, half up, as the design requires for every item and the surcharge."""
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))
