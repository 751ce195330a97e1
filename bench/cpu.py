"""CPU time from /proc (Linux): where a run's time went, in the bot or in the database server.

On a machine of two cores, a second worker adds throughput only while a core is idle; these
readings show whether the workers, PostgreSQL or someone else keeps the cores busy.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
_TICKS_PER_S = os.sysconf("SC_CLK_TCK")
# Fields of /proc/<pid>/stat after "(comm)", counted from 0: ppid, and from utime on: utime,
# stime, cutime, cstime (the last two: its children's, once it has waited for them).
_PPID, _UTIME = 1, 11
# /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal; all but idle and
# iowait are busy.
_BUSY = (0, 1, 2, 5, 6, 7)


@dataclass(frozen=True)
class Clock:
    """The wall clock and the CPU counters at one moment; subtract two to get a run's share."""

    at: float
    postgres_s: float | None
    machine_s: float | None

    @classmethod
    def now(cls, *, postgres: bool) -> Clock:
        """Read the clocks now; PostgreSQL's only if asked for (its server is on this machine)."""
        return cls(time.perf_counter(), postgres_seconds() if postgres else None, machine_seconds())

    def since(self, earlier: Clock) -> Clock:
        return Clock(
            self.at - earlier.at,
            _difference(self.postgres_s, earlier.postgres_s),
            _difference(self.machine_s, earlier.machine_s),
        )


def postgres_seconds() -> float | None:
    """CPU time of the PostgreSQL server processes on this machine so far, None if none is seen.

    Live processes count with their own time; backends that have exited count through the
    postmaster, which waits for each of them (its children's times). So a connection opened
    and closed during a run is not lost.
    """
    processes = {pid: fields for pid, command, fields in _processes() if command == "postgres"}
    if not processes:
        return None
    ticks = 0
    for fields in processes.values():
        utime, stime, cutime, cstime = (int(value) for value in fields[_UTIME : _UTIME + 4])
        ticks += utime + stime
        if int(fields[_PPID]) not in processes:
            ticks += cutime + cstime
    return ticks / _TICKS_PER_S


def machine_seconds() -> float | None:
    """CPU time all cores have been busy so far, whoever used them; None without /proc."""
    try:
        line = (PROC / "stat").read_text().splitlines()[0]
    except OSError:
        return None
    counters = line.split()[1:]
    return sum(int(counters[i]) for i in _BUSY) / _TICKS_PER_S


def _processes() -> list[tuple[int, str, list[str]]]:
    """Every process: pid, command and the stat fields after it; ones just gone are skipped."""
    found = []
    for entry in PROC.iterdir() if PROC.is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        opening, closing = stat.index("("), stat.rindex(")")
        found.append((int(entry.name), stat[opening + 1 : closing], stat[closing + 2 :].split()))
    return found


def _difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier
