"""The security measures an insurer asks about, and the insurer services that help with them.

Texts live in the catalogues under `measure.<key>.label` / `measure.<key>.why` and
`service.<key>`; this module holds the facts: what is a knock-out criterion, what helps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A security measure; `knockout` ones are commonly a condition for getting cover at all."""

    key: str
    knockout: bool
    services: tuple[str, ...]


SERVICES: tuple[str, ...] = ("emergency_plan", "training", "hotline", "recovery", "legal", "pr")

# Most important first: the order in which missing measures are listed.
MEASURES: tuple[Measure, ...] = (
    Measure("mfa", knockout=True, services=("hotline",)),
    Measure("backup", knockout=True, services=("recovery",)),
    Measure("updates", knockout=True, services=("recovery",)),
    Measure("emergency_plan", knockout=False, services=("emergency_plan",)),
    Measure("emergency_contact", knockout=False, services=("hotline",)),
    Measure("training", knockout=False, services=("training",)),
    Measure("firewall", knockout=False, services=("hotline", "recovery")),
    Measure("antivirus", knockout=False, services=("recovery",)),
    Measure("encryption", knockout=False, services=("legal", "pr")),
)

BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}

# The order of the checklist as the prospect sees it (training is a question of its own).
CHECKLIST: tuple[str, ...] = (
    "updates",
    "antivirus",
    "encryption",
    "firewall",
    "backup",
    "mfa",
    "emergency_plan",
    "emergency_contact",
)


def missing_measures(present: Iterable[str], *, trained: bool) -> tuple[Measure, ...]:
    """The measures not in place, knock-out criteria first, then by importance."""
    have = set(present)
    if trained:
        have.add("training")
    return tuple(m for m in MEASURES if m.key not in have)


def helpful_services(missing: Iterable[Measure]) -> tuple[str, ...]:
    """The insurer services that address the missing measures, in catalogue order."""
    wanted = {s for m in missing for s in m.services}
    return tuple(s for s in SERVICES if s in wanted)
