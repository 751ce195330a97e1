"""The benchmark's peer does the bot's job: same numbers understood, same sums, durable state.

Fast on purpose: the peer's speed is measured by `make bench`, never here.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from telegram import Update

from bench.expected import answers_of, bot_result, check_peer
from bench.harness import BenchFailure, check, feed, processed, running
from bench.offline_request import OfflineTelegram
from bench.peer import NotUnderstood, parse_amount, parse_count, peer_bot, recommendation
from bench.prospects import Simulator, Typed, chat_ids, prospect
from dialogs import parsing
from tests.worked_example import WORKED_EXAMPLE_ANSWERS

PROSPECTS = range(300)

# DESIGN.md's examples of number input, and everything the simulated prospects type.
TYPED = {
    "80.000", "80000", "80 000", "80.000 €", "€ 80.000,00", "80k", "80 Tsd.", "80 T€",
    "1,5 Mio", "1.5 Mio.", "0", "keine", "1.250 Mio", "1.500 T€", "12.500,50",
}  # fmt: skip
TYPED |= {
    move.text
    for index in PROSPECTS
    for moves in prospect(index).plan.values()
    for move in moves
    if isinstance(move, Typed) and move.text != "achtzig"
}


@pytest.mark.parametrize("text", sorted(TYPED))
def test_the_peer_reads_amounts_as_the_bot_does(text: str) -> None:
    assert parse_amount(text) == parsing.parse_amount(text)


@pytest.mark.parametrize("text", ["achtzig", "-5", "viel", "", "20 Mrd"])
def test_the_peer_refuses_what_the_bot_refuses(text: str) -> None:
    with pytest.raises(parsing.ParseError):
        parsing.parse_amount(text)
    with pytest.raises(NotUnderstood):
        parse_amount(text)


def test_counts_are_whole() -> None:
    assert parse_count("2.000") == 2000
    with pytest.raises(NotUnderstood):
        parse_count("2,5")


def test_the_worked_example_of_the_design() -> None:
    result = recommendation(WORKED_EXAMPLE_ANSWERS)
    assert (result.subtotal, result.surcharge, result.total) == (213_000, 21_300, 234_300)
    assert (result.recommended, result.tier) == (234_300, 250_000)


def test_the_peer_computes_the_bots_sum_for_every_prospect() -> None:
    for index in PROSPECTS:
        result = recommendation(answers_of(prospect(index)))
        peer = {"total": result.total, "recommended": result.recommended, "tier": result.tier}
        assert peer == bot_result(index), f"prospect {index}"


async def test_simulated_prospects_finish_on_the_peer_with_the_bots_results(
    tmp_path: Path,
) -> None:
    """The prospects play the peer directly: its buttons carry the bot's callback data."""
    telegram = OfflineTelegram()
    application = peer_bot(telegram, tmp_path / "peer.db")
    simulator = Simulator(telegram)
    indices = range(12)
    async with running(application) as errors:
        await feed(
            processed(application), (simulator.consultation(prospect(i)) for i in indices), 4
        )
    check(errors, telegram)
    check_peer(tmp_path / "peer.db", indices)


def test_a_wrong_result_fails_the_run(tmp_path: Path) -> None:
    database = tmp_path / "peer.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE user_data (user_id INTEGER PRIMARY KEY, data TEXT)")
        right = {"result": bot_result(0)}
        wrong = {"result": {**bot_result(1), "total": 1}}
        rows = zip(chat_ids(range(2)), (right, wrong), strict=True)
        connection.executemany(
            "INSERT INTO user_data VALUES (?, ?)", [(chat, json.dumps(d)) for chat, d in rows]
        )
    check_peer(database, range(1))
    with pytest.raises(BenchFailure, match="1 of 2 prospects"):
        check_peer(database, range(2))


async def test_every_update_is_committed_before_the_next(tmp_path: Path) -> None:
    """Another connection sees each update's state and answers as soon as it is handled."""
    telegram = OfflineTelegram()
    application = peer_bot(telegram, tmp_path / "peer.db")
    one = prospect(3)
    async with running(application):
        for data in Simulator(telegram).consultation(one):
            await application.process_update(Update.de_json(data, application.bot))
            with sqlite3.connect(tmp_path / "peer.db") as reader:
                (state,) = reader.execute("SELECT state FROM conversations").fetchone()
                (stored,) = reader.execute("SELECT data FROM user_data").fetchone()
            asked = application.user_data[one.chat_id]["asking"]
            assert json.loads(state) == asked
            assert json.loads(stored) == application.user_data[one.chat_id]
    assert json.loads(state) == "summary"
