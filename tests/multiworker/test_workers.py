"""Several webhook workers on one PostgreSQL database, as deployed when the bot grows.

Real `cyberbot run` processes behind a proxy that spreads Telegram's updates over them: no
answer is lost or applied twice, whichever worker takes an update, and every lead reaches
the staff chat exactly once although every worker runs a deliverer.
"""

from __future__ import annotations

import asyncio
import itertools
import operator
import re

import pytest

from bot.storage import Database
from tests.e2e.script import SHORT_CONSULTATION, chat, result_of
from tests.fakes import FakeBotApi
from tests.multiworker.conftest import STAFF_CHAT
from tests.multiworker.prospect import Prospect
from tests.multiworker.proxy import Spreader
from tests.multiworker.stored import (
    dialog,
    eventually,
    holding_the_chat,
    leads_by_chat,
    lock_waiters,
    undelivered,
    version,
)
from tests.multiworker.workers import Worker, WorkerPool

pytestmark = pytest.mark.asyncio(loop_scope="module")

QUIET = 0.05
_QUESTION = re.compile(r"^Frage (\d+) von \d+", re.MULTILINE)
_CARD = re.compile(r"Anfrage #(\d+)")
RESULT = "Empfohlene Versicherungssumme"


def typed(amount: int) -> str:
    """An amount as a German prospect types it: 80.000."""
    return f"{amount:,}".replace(",", ".")


def euros(amount: int) -> str:
    return f"{typed(amount)} €"


def question_numbers(api: FakeBotApi, chat_id: int) -> list[int]:
    """The number of every question the chat shows, in order: each step once, none skipped."""
    return [int(match[1]) for m in api.messages(chat_id) if (match := _QUESTION.search(m.text))]


def results(api: FakeBotApi, chat_id: int) -> int:
    return sum(RESULT in m.text for m in api.messages(chat_id))


def with_funds(it_value: int) -> tuple[str, ...]:
    """Typed amounts and pressed buttons: IT, 10.000 € of funds, an IT liability policy."""
    return (
        "/start",
        typed(it_value),
        "[Ja]",
        "10.000",
        "[Nein]",
        "[Ja]",
        "[Fertig]",
        "[Nein]",
    )


async def test_many_prospects_at_once_each_get_their_own_result_and_every_question_once(
    api: FakeBotApi, proxy: Spreader, workers: list[Worker]
) -> None:
    crowd = [Prospect(api, proxy, 1000 + n, QUIET) for n in range(1, 21)]
    mark = len(proxy.forwards())

    with proxy.concurrently():
        await asyncio.gather(
            *(chat(p, *with_funds(n * 20_000)) for n, p in enumerate(crowd, start=1))
        )

    assert {f.worker for f in proxy.forwards()[mark:]} == {w.name for w in workers}
    for n, p in enumerate(crowd, start=1):
        # Half the IT value plus the funds, and 10 % on top.
        assert result_of(p).recommended == euros((n * 10_000 + 10_000) * 11 // 10)
        assert question_numbers(api, p.chat_id) == [1, 2, 3, 4, 5, 6, 7]
        assert results(api, p.chat_id) == 1


async def test_answers_typed_in_quick_succession_are_taken_in_order_by_alternating_workers(
    api: FakeBotApi, proxy: Spreader, db: Database
) -> None:
    p = Prospect(api, proxy, 3001, QUIET)
    await p.send("/start")

    # The short consultation's answers, all typed (buttons only exist once a question is out).
    answers = [step.strip("[]") for step in SHORT_CONSULTATION[1:]]
    updates = [api.user_sends_text(p.chat_id, answer) for answer in answers]
    await proxy.taken([update.update_id for update in updates])

    takers = [proxy.forwards(update.update_id)[0].worker for update in updates]
    assert all(a != b for a, b in itertools.pairwise(takers))
    stored = await dialog(db, p.chat_id)
    assert stored["state"] == "summary"
    assert stored["answers"] == {
        "it_value": 80_000,
        "funds_cover": False,
        "bi_cover": False,
        "it_liability": "yes",
        "measures": [],
        "training": False,
    }
    assert stored["history"] == [
        "it_value",
        "funds_cover",
        "bi_cover",
        "it_liability",
        "measures",
        "training",
    ]
    assert question_numbers(api, p.chat_id) == [1, 2, 3, 4, 5, 6]
    assert results(api, p.chat_id) == 1


async def test_checklist_taps_arriving_together_at_different_workers_each_count_once(
    api: FakeBotApi, proxy: Spreader, db: Database, workers: list[Worker]
) -> None:
    """Telegram sends one chat's updates one at a time; they overlap all the same when it
    redelivers an update whose first attempt is still running, and a worker's row lock must
    then keep them apart."""
    p = Prospect(api, proxy, 3002, QUIET)
    await chat(p, "/start", "80.000", "[Nein]", "[Nein]", "[Ja]")
    checklist = api.last_message(p.chat_id)
    tapped = {
        "Virenschutz": "antivirus",
        "Konfigurierte Firewall": "firewall",
        "Mehr-Faktor-Anmeldung (MFA)": "mfa",
        "Datensicherung außer Haus": "backup",
        "Notfallplan": "emergency_plan",
    }
    buttons = [b for b in checklist.buttons if b.text.endswith(tuple(tapped))]
    assert len(buttons) == len(tapped)

    with proxy.concurrently():
        taps = [
            api.user_presses(p.chat_id, checklist.message_id, str(b.callback_data)) for b in buttons
        ]
        await proxy.taken([tap.update_id for tap in taps])

    assert {proxy.forwards(t.update_id)[0].worker for t in taps} == {w.name for w in workers}
    stored = await dialog(db, p.chat_id)
    assert stored["state"] == "measures"
    assert sorted(stored["answers"]["measures"]) == sorted(tapped.values())


async def test_update_delivered_again_to_another_worker_changes_nothing(
    api: FakeBotApi, proxy: Spreader, db: Database
) -> None:
    p = Prospect(api, proxy, 3003, QUIET)
    await p.send("/start")
    answer = api.user_sends_text(p.chat_id, "80.000")
    await proxy.taken([answer.update_id])
    before = len(api.requests())
    written = await version(db, p.chat_id)

    api.redeliver(answer)
    await api.wait_for(lambda: len(proxy.forwards(answer.update_id)) == 2)
    await proxy.taken([answer.update_id])

    first, again = proxy.forwards(answer.update_id)
    assert first.worker != again.worker
    assert again.ok
    assert [r.summary() for r in api.requests()[before:] if r.chat_id == p.chat_id] == []
    assert await version(db, p.chat_id) == written
    assert question_numbers(api, p.chat_id) == [1, 2]


async def test_reply_lost_to_a_failing_bot_api_arrives_from_the_inbox_once(
    api: FakeBotApi, proxy: Spreader, db: Database
) -> None:
    p = Prospect(api, proxy, 3004, QUIET)
    await p.send("/start")
    api.fail("sendMessage", 500, times=3, chat_id=p.chat_id)  # every quick retry of the reply

    answer = api.user_sends_text(p.chat_id, "80.000")
    await proxy.taken([answer.update_id])

    # Telegram is answered once the update is stored; the worker retries the reply itself.
    (forward,) = proxy.forwards(answer.update_id)
    assert forward.status == 200
    assert question_numbers(api, p.chat_id) == [1, 2]
    stored = await dialog(db, p.chat_id)
    assert (stored["answers"], stored["history"]) == ({"it_value": 80_000}, ["it_value"])


async def test_every_lead_reaches_the_staff_chat_exactly_once(
    api: FakeBotApi, proxy: Spreader, db: Database
) -> None:
    names = {4001: "Anna", 4002: "Bernd", 4003: "Carla", 4004: "Dieter", 4005: "Emil"}
    for chat_id, name in names.items():
        api.set_user(chat_id, first_name=name)
    prospects = {chat_id: Prospect(api, proxy, chat_id, QUIET) for chat_id in names}
    contact = ("[Mit dem Makler]", "[✔]", "[📱]", "[Vormittags]", "[Ja, ]")

    with proxy.concurrently():
        await asyncio.gather(*(chat(p, *SHORT_CONSULTATION, *contact) for p in prospects.values()))

    leads = await leads_by_chat(db, names)
    assert {chat_id: len(found) for chat_id, found in leads.items()} == dict.fromkeys(names, 1)
    number_of = {chat_id: found[0] for chat_id, found in leads.items()}
    await eventually(lambda: undelivered(db, number_of.values()), until=lambda left: left == 0)
    cards: dict[int, list[str]] = {}
    for message in api.messages(STAFF_CHAT):
        if match := _CARD.search(message.text):
            cards.setdefault(int(match[1]), []).append(message.text)
    assert {number: len(sent) for number, sent in cards.items()} == dict.fromkeys(
        number_of.values(), 1
    )
    for chat_id, number in number_of.items():
        assert names[chat_id] in cards[number][0]


async def test_each_worker_reports_health_and_its_share_of_the_updates(
    api: FakeBotApi, proxy: Spreader, workers: list[Worker]
) -> None:
    for worker in workers:
        assert await worker.get("/healthz") == (200, "ok")
    before = {w.name: await w.updates_handled() for w in workers}
    mark = len(proxy.forwards())

    await chat(Prospect(api, proxy, 5001, QUIET), *SHORT_CONSULTATION)

    sent = proxy.forwards()[mark:]
    handled = {w.name: await w.updates_handled() - before[w.name] for w in workers}
    assert sum(handled.values()) == len(SHORT_CONSULTATION) == len(sent)
    assert handled == {w.name: sum(f.worker == w.name for f in sent) for w in workers}
    assert all(handled.values())


async def test_sigterm_lets_the_update_in_flight_finish_before_the_worker_exits(
    api: FakeBotApi, proxy: Spreader, db: Database, pool: WorkerPool
) -> None:
    p = Prospect(api, proxy, 6001, QUIET)
    await p.send("/start")
    leaving = await pool.start("leaving")

    async with holding_the_chat(db, p.chat_id):
        with proxy.only(leaving):
            answer = api.user_sends_text(p.chat_id, "80.000")
            await eventually(lambda: lock_waiters(db), until=bool)
        leaving.terminate()
        await eventually(leaving.accepts_connections, until=operator.not_)

    assert await leaving.exit_code() is not None
    (forward,) = proxy.forwards(answer.update_id)
    assert (forward.worker, forward.status) == ("leaving", 200)
    await api.wait_for(lambda: question_numbers(api, p.chat_id) == [1, 2])


async def test_worker_stopped_by_sigterm_exits_with_code_0(pool: WorkerPool) -> None:
    worker = await pool.start("stopping")

    worker.terminate()

    assert await worker.exit_code() == 0


async def test_an_update_a_killed_worker_stored_is_handled_by_another_worker(
    api: FakeBotApi, proxy: Spreader, db: Database, pool: WorkerPool
) -> None:
    p = Prospect(api, proxy, 6101, QUIET)
    await p.send("/start")
    doomed = await pool.start("doomed")

    async with holding_the_chat(db, p.chat_id):
        with proxy.only(doomed):
            answer = api.user_sends_text(p.chat_id, "80.000")
            await eventually(lambda: lock_waiters(db), until=bool)
        await doomed.kill()

    # Telegram was told it arrived; when the dead worker's lease runs out, another takes it.
    (forward,) = proxy.forwards(answer.update_id)
    assert (forward.worker, forward.status) == ("doomed", 200)
    await api.wait_for(lambda: question_numbers(api, p.chat_id) == [1, 2], timeout=60)
    stored = await dialog(db, p.chat_id)
    assert stored["answers"] == {"it_value": 80_000}
