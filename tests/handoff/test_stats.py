"""Brokers see how many prospects each link and campaign brought, step by step."""

from __future__ import annotations

from bot.handoff.stats import Counts, format_stats
from bot.storage import Database
from bot.storage.leads import funnel_counts, record_funnel

STEPS = ("Started", "Finished", "Contact", "Claimed", "Closed")


def _table(text: str) -> dict[tuple[str, str], list[int]]:
    """The table read back as a person reads it: broker and campaign, then the numbers."""
    header, rule, *rows = text.splitlines()
    assert header.split()[2:] == list(STEPS)
    assert set(rule) == {"-"}
    table = {}
    for row in rows:
        cells = row.split("  ")
        words = [cell.strip() for cell in cells if cell.strip()]
        table[words[0], words[1]] = [int(n) for n in words[2:]]
    return table


async def test_table_counts_each_step_per_broker_and_campaign(db: Database) -> None:
    events = [
        *[("started", "muster", "flyer")] * 5,
        *[("finished", "muster", "flyer")] * 3,
        *[("contact_requested", "muster", "flyer")] * 2,
        ("claimed", "muster", "flyer"),
        *[("started", "muster", None)] * 2,
        *[("started", None, None)] * 4,
        ("finished", None, None),
    ]
    async with db.hot.transaction() as tx:
        for kind, code, campaign in events:
            await record_funnel(tx, kind, code, campaign)
    async with db.session() as session:
        counts = await funnel_counts(session)

    text = format_stats(counts, {None: "Ihr Makler", "muster": "Muster & Co"})

    assert _table(text) == {
        ("Ihr Makler", "–"): [4, 1, 0, 0, 0],
        ("muster (Muster & Co)", "–"): [2, 0, 0, 0, 0],
        ("muster (Muster & Co)", "flyer"): [5, 3, 2, 1, 0],
    }


def test_broker_whose_links_nobody_used_yet_shows_zeros() -> None:
    counts: Counts = {("muster", "flyer"): {"started": 1}}

    table = _table(format_stats(counts, {"muster": "Muster", "neu": "Neu GmbH"}))

    assert table[("neu (Neu GmbH)", "–")] == [0, 0, 0, 0, 0]
    assert ("muster (Muster)", "–") not in table


def test_unregistered_code_is_shown_by_its_code() -> None:
    table = _table(format_stats({("alt", None): {"started": 2}}, {}))

    assert table == {("alt", "–"): [2, 0, 0, 0, 0]}


def test_numbers_line_up_under_their_headings() -> None:
    counts: Counts = {("a", "x"): {"started": 12345, "closed": 7}, ("b", None): {"started": 1}}

    header, _rule, *rows = format_stats(counts, {}).splitlines()

    for heading in STEPS:
        end = header.index(heading) + len(heading)
        assert all(row[end - 1] != " " and (len(row) == end or row[end] == " ") for row in rows)


def test_long_broker_name_is_shortened_and_the_table_stays_plain_text() -> None:
    name = "Versicherungsmakler <b>Muster</b> & Söhne Gesellschaft mbH"

    text = format_stats({("muster", None): {"started": 1}}, {"muster": name})

    assert "…" in text and "Gesellschaft mbH" not in text
    assert "muster (Versicherungsma" in text  # the code stays readable
    assert "&amp;" not in text and "<pre>" not in text


def test_headings_can_come_from_the_staff_language() -> None:
    headings = {
        "broker": "Makler",
        "campaign": "Kampagne",
        "started": "Begonnen",
        "finished": "Beendet",
        "contact_requested": "Kontakt",
        "claimed": "Übernommen",
        "closed": "Erledigt",
    }

    header = format_stats({}, {None: "Ihr Makler"}, headings=headings).splitlines()[0]

    assert header.split() == list(headings.values())
