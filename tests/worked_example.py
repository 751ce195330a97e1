"""The design's worked example as the dialog stores it: 234,300 €, cover step 250,000 €."""

from __future__ import annotations

from typing import Any

WORKED_EXAMPLE_ANSWERS: dict[str, Any] = {
    "it_value": 80_000,
    "funds_cover": True,
    "funds": 25_000,
    "bi_cover": True,
    "monthly_costs": 30_000,
    "monthly_profit": 10_000,
    "outage_months": 1,
    "penalties": 5_000,
    "it_liability": "no",
    "records": 2_000,
    "payment_records": 300,
    "client_damage": None,
}
