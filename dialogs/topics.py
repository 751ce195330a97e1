"""The measures in the six topics of DIN SPEC 27076, each topic met, partly met or open.

IT service providers who run the CyberRisikoCheck for their clients think in these topics;
grouping the missing measures the same way lets a broker and an IT provider read the result
at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dialogs.measures import MEASURES, TOPICS, Measure, helpful_services, missing_measures


class Status(StrEnum):
    """How far a topic's measures are in place."""

    MET = "met"
    PARTLY = "partly"
    OPEN = "open"


@dataclass(frozen=True)
class TopicResult:
    """One topic: its status and the measures still missing there, most important first."""

    key: str
    status: Status
    missing: tuple[Measure, ...]


@dataclass(frozen=True)
class SecurityCheck:
    """The measures part of the result: topics, gaps first, and the services that help."""

    topics: tuple[TopicResult, ...]
    missing: tuple[Measure, ...]
    services: tuple[str, ...]

    @property
    def obligation_missing(self) -> bool:
        """An insurer's usual obligation is missing: it can cost benefits after a claim."""
        return any(m.knockout for m in self.missing)

    @property
    def gaps(self) -> tuple[TopicResult, ...]:
        """The topics with something missing."""
        return tuple(t for t in self.topics if t.status is not Status.MET)

    @property
    def met(self) -> tuple[TopicResult, ...]:
        return tuple(t for t in self.topics if t.status is Status.MET)


def security_check(present: Iterable[str], *, trained: bool) -> SecurityCheck:
    """Group the measures by topic; topics with a missing obligation or TOP requirement first."""
    missing = missing_measures(present, trained=trained)
    results = [_topic(key, missing) for key in TOPICS]
    results.sort(key=_importance)
    return SecurityCheck(tuple(results), missing, helpful_services(missing))


def _topic(key: str, missing: tuple[Measure, ...]) -> TopicResult:
    gaps = tuple(m for m in missing if m.topic == key)
    total = sum(1 for m in MEASURES if m.topic == key)
    status = Status.MET if not gaps else Status.OPEN if len(gaps) == total else Status.PARTLY
    return TopicResult(key, status, gaps)


def _importance(topic: TopicResult) -> tuple[bool, bool, bool, int]:
    """Sort key: gaps before met topics, obligations before TOP requirements, then DIN order."""
    return (
        topic.status is Status.MET,
        not any(m.knockout for m in topic.missing),
        not any(m.top for m in topic.missing),
        TOPICS.index(topic.key),
    )
