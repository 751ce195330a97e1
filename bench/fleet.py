"""A run's worker processes, started together and measured as one bot.

Each worker gets its share of the work and prepares (builds its bot, migrates, warms up),
then says it is ready; when all are, they get the go at once. The run's wall time is from
the go to the last worker done, so no worker's start-up or shutdown is in it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from bench.cpu import Clock
from bench.harness import BenchFailure
from bench.measurement import Measurement
from bench.worker import DONE, GO, READY

ROOT = Path(__file__).resolve().parent.parent


def run_together(role: str, shares: Sequence[Sequence[str]], *, postgres: bool) -> Measurement:
    """One `python -m bench.worker ROLE` per share (its options), timed from go to last done.

    With `postgres`, the CPU time of the PostgreSQL server on this machine is read as well.
    """
    with ExitStack() as stack:
        workers = [
            stack.enter_context(
                subprocess.Popen(
                    [sys.executable, "-m", "bench.worker", role, *share],
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
            for share in shares
        ]
        try:
            for worker in workers:
                _expect(worker, READY, role)
            start = Clock.now(postgres=postgres)
            for worker in workers:
                _send(worker, GO)
            for worker in workers:
                _expect(worker, DONE, role)
            used = Clock.now(postgres=postgres).since(start)
            reports = [Measurement.from_json(_last_line(worker, role)) for worker in workers]
        except BaseException:
            # The others' figures would mean nothing without this one's: stop them now.
            for worker in workers:
                worker.kill()
            raise
    return Measurement.together(reports, used.at, used.postgres_s, used.machine_s)


def _send(worker: subprocess.Popen[str], line: str) -> None:
    assert worker.stdin is not None
    worker.stdin.write(line + "\n")
    worker.stdin.flush()


def _expect(worker: subprocess.Popen[str], wanted: str, role: str) -> None:
    assert worker.stdout is not None
    line = worker.stdout.readline().strip()
    if not line:
        code = worker.wait()
        raise BenchFailure(f"a {role} worker exited ({code}) before {wanted!r}, see above")
    if line != wanted:
        raise BenchFailure(f"a {role} worker said {line!r} instead of {wanted!r}")


def _last_line(worker: subprocess.Popen[str], role: str) -> str:
    # Read through the same buffer as the lines before (not `communicate`, which reads the
    # pipe directly and would miss what `readline` already took in).
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.close()
    output = worker.stdout.read()
    code = worker.wait()
    if code != 0:
        raise BenchFailure(f"a {role} worker failed (exit {code}), see above")
    return output.strip().splitlines()[-1]
