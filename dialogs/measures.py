"""The security measures an insurer asks about, and the insurer services that help with them.

Texts live in the catalogues under `measure.<key>.label` / `measure.<key>.why` and
`service.<key>`; this module holds the facts: which DIN SPEC 27076 topic a measure belongs
to, which ones insurers usually write into their conditions as obligations (and often ask
before they offer cover at all), which ones the DIN SPEC weighs as TOP requirements, and
which services help.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A security measure.

    `knockout`: insurers usually make it an obligation (and a condition for cover at all); a
    missing obligation can reduce what they pay after a claim. `top`: DIN SPEC 27076 counts
    it as a TOP requirement, weighted three times.
    """

    key: str
    topic: str
    knockout: bool
    top: bool
    services: tuple[str, ...]


SERVICES: tuple[str, ...] = ("emergency_plan", "training", "hotline", "recovery", "legal", "pr")

# The six topics of DIN SPEC 27076, in the order the standard lists them.
TOPICS: tuple[str, ...] = ("organisation", "identity", "backup", "patching", "malware", "network")

# Most important first: obligations, then TOP requirements, then the rest.
MEASURES: tuple[Measure, ...] = (
    Measure("mfa", "identity", knockout=True, top=False, services=("hotline",)),
    Measure("backup", "backup", knockout=True, top=True, services=("recovery",)),
    Measure("updates", "patching", knockout=True, top=True, services=("recovery",)),
    Measure("training", "organisation", knockout=False, top=True, services=("training",)),
    Measure(
        "emergency_plan", "organisation", knockout=False, top=False, services=("emergency_plan",)
    ),
    Measure("emergency_contact", "organisation", knockout=False, top=False, services=("hotline",)),
    Measure("firewall", "network", knockout=False, top=False, services=("hotline", "recovery")),
    Measure("antivirus", "malware", knockout=False, top=False, services=("recovery",)),
    Measure("encryption", "network", knockout=False, top=False, services=("legal", "pr")),
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
    """The measures not in place, most important first."""
    have = set(present)
    if trained:
        have.add("training")
    return tuple(m for m in MEASURES if m.key not in have)


def helpful_services(missing: Iterable[Measure]) -> tuple[str, ...]:
    """The insurer services that address the missing measures, in catalogue order."""
    wanted = {s for m in missing for s in m.services}
    return tuple(s for s in SERVICES if s in wanted)
