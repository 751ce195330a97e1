"""The operator manages brokers, prints their links, exports leads and reads the funnel from
the shell, on a fresh SQLite file, and a mistake is one clear line, never a traceback."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.cli import main
from bot.storage import Database, upgrade_async
from bot.storage.brokers import BrokerInfo, BrokerStore
from bot.storage.handoff_models import Broker
from bot.storage.leads import create_lead, erase_personal_data, record_funnel
from bot.storage.native import sql
from tests.fakes import FakeBotApi
from tests.handoff.conftest import MUSTER, summary

_CREATED_AT = sql("UPDATE leads SET created_at = :at WHERE id = :id")

TOKEN = "123456:TEST-TOKEN"
# Everything Settings reads that a developer's shell might have set.
SETTINGS_ENV = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BASE_URL",
    "STAFF_CHAT_ID",
    "WEBHOOK_URL",
    "BOT_LANGUAGE",
    "BROKER_NAME",
    "BROKER_CONTACT",
    "BOT_USERNAME",
    "TIMEZONE",
    "LOG_FORMAT",
    "LOG_LEVEL",
)
STATUS_INFO = "Erstinformation gemäß § 15 VersVermV\nMuster & Partner, Registernummer D-ABCD-1234\n"


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file, and a working directory without a `.env` to read."""
    monkeypatch.chdir(tmp_path)
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite+aiosqlite:///{tmp_path / 'cyberbot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BROKER_NAME", "Ihr Makler")
    root, alembic = logging.getLogger(), logging.getLogger("alembic")
    saved = root.handlers[:], root.level, alembic.level
    yield url
    root.handlers[:], root.level = saved[0], saved[1]
    alembic.setLevel(saved[2])


def cyberbot(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command as a shell would: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


async def _stored_broker(url: str, code: str) -> BrokerInfo | None:
    await upgrade_async(url)
    db = Database.connect(url)
    try:
        return await BrokerStore(db, MUSTER).get(code)
    finally:
        await db.dispose()


# brokers


def test_fresh_install_lists_no_brokers_but_names_the_default(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cyberbot(capsys, "brokers", "list")

    assert code == 0 and err == ""
    assert "no brokers registered" in out
    assert "Ihr Makler" in out


def test_added_broker_is_listed_with_its_status_info(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "erstinfo.txt").write_text(STATUS_INFO, encoding="utf-8")

    code, out, _ = cyberbot(
        capsys,
        *("brokers", "add", "--code", "muster", "--name", "Muster & Partner"),
        *("--staff-chat", "-100123", "--contact", "Tel. 030 1234567"),
        *("--status-info", "erstinfo.txt"),
    )
    listed = cyberbot(capsys, "brokers", "list")[1]

    assert code == 0 and "muster" in out
    muster_row = next(line for line in listed.splitlines() if line.startswith("muster"))
    assert muster_row.split("  ")[0] == "muster"
    assert "Muster & Partner" in muster_row and "-100123" in muster_row
    assert " yes " in muster_row and "Tel. 030 1234567" in muster_row
    stored = asyncio.run(_stored_broker(database_url, "muster"))
    assert stored is not None and stored.status_info == STATUS_INFO.strip()


def test_broker_without_status_info_is_listed_as_such_and_warned_about(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = cyberbot(
        capsys, "brokers", "add", "--code", "b2", "--name", "B", "--staff-chat", "5"
    )
    listed = cyberbot(capsys, "brokers", "list")[1]

    assert "status information" in err
    row = next(line for line in listed.splitlines() if line.startswith("b2"))
    assert " no" in row


def test_an_austrian_broker_keeps_its_country_until_told_otherwise(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ("brokers", "add", "--code", "huber", "--name", "Huber", "--staff-chat", "-7")

    code, out, _ = cyberbot(capsys, *add, "--country", "at")
    cyberbot(capsys, *add)  # an update without --country
    listed = cyberbot(capsys, "brokers", "list")[1]

    assert code == 0 and "country AT" in out
    assert " AT " in next(line for line in listed.splitlines() if line.startswith("huber"))
    stored = asyncio.run(_stored_broker(database_url, "huber"))
    assert stored is not None and stored.country == "AT"


def test_a_new_broker_is_german_unless_said_otherwise(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cyberbot(capsys, "brokers", "add", "--code", "b3", "--name", "B", "--staff-chat", "-5")

    stored = asyncio.run(_stored_broker(database_url, "b3"))
    assert stored is not None and stored.country == "DE"


def test_an_unknown_country_is_refused_in_one_line(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ("brokers", "add", "--code", "b4", "--name", "B", "--staff-chat", "-5")
    with pytest.raises(SystemExit) as refused:
        cyberbot(capsys, *add, "--country", "CH")

    assert refused.value.code == 2
    assert "--country" in capsys.readouterr().err


def test_adding_an_existing_code_updates_it_and_keeps_what_was_left_out(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "erstinfo.txt").write_text(STATUS_INFO, encoding="utf-8")
    cyberbot(
        capsys,
        *("brokers", "add", "--code", "muster", "--name", "Muster", "--staff-chat", "-1"),
        *("--contact", "Tel. 1", "--status-info", "erstinfo.txt"),
    )

    code, out, _ = cyberbot(
        capsys, "brokers", "add", "--code", "muster", "--name", "Muster neu", "--staff-chat", "-2"
    )

    assert code == 0 and "updated" in out
    stored = asyncio.run(_stored_broker(database_url, "muster"))
    assert stored is not None
    assert (stored.name, stored.staff_chat_id, stored.contact) == ("Muster neu", -2, "Tel. 1")
    assert stored.status_info == STATUS_INFO.strip()


def test_adding_only_a_new_contact_keeps_name_staff_chat_and_status_info(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "erstinfo.txt").write_text(STATUS_INFO, encoding="utf-8")
    cyberbot(
        capsys,
        *("brokers", "add", "--code", "mueller", "--name", "Müller", "--staff-chat", "-1"),
        *("--contact", "alt", "--status-info", "erstinfo.txt"),
    )

    code, out, err = cyberbot(capsys, "brokers", "add", "--code", "mueller", "--contact", "neu")

    assert code == 0 and "updated" in out and err == ""
    stored = asyncio.run(_stored_broker(database_url, "mueller"))
    assert stored is not None
    assert (stored.name, stored.staff_chat_id, stored.contact) == ("Müller", -1, "neu")
    assert stored.status_info == STATUS_INFO.strip()


@pytest.mark.parametrize("given", [("--name", "Neu"), ("--staff-chat", "-5"), ()])
def test_a_new_broker_needs_a_name_and_a_staff_chat(
    database_url: str, capsys: pytest.CaptureFixture[str], given: tuple[str, ...]
) -> None:
    code, out, err = cyberbot(capsys, "brokers", "add", "--code", "neu", *given)

    assert code == 2 and out == ""
    assert "give --name and --staff-chat" in _one_line_error(err)
    assert asyncio.run(_stored_broker(database_url, "neu")) is None


def test_a_code_with_umlauts_is_refused_with_the_code_to_use_instead(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cyberbot(
        capsys, "brokers", "add", "--code", "müller", "--name", "M", "--staff-chat", "-1"
    )

    assert code == 2
    assert "use 'mueller'" in _one_line_error(err)


def test_codes_are_one_broker_whatever_their_case(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "makler_demo_bot")
    cyberbot(capsys, "brokers", "add", "--code", "Mueller", "--name", "M", "--staff-chat", "-1")

    updated = cyberbot(capsys, "brokers", "add", "--code", "MUELLER", "--contact", "Tel. 2")
    listed = cyberbot(capsys, "brokers", "list")[1]
    linked = cyberbot(capsys, "link", "mueller")

    assert "broker mueller updated" in updated[1]
    assert [line.split()[0] for line in listed.splitlines()[2:-1]] == ["mueller"]
    assert linked[1:] == ("https://t.me/makler_demo_bot?start=mueller\n", "")
    assert cyberbot(capsys, "brokers", "remove", "MuElLeR")[0] == 0


async def _store_legacy_code(url: str, code: str) -> None:
    """A broker stored before codes were lower-cased, as an older version left it."""
    await upgrade_async(url)
    db = Database.connect(url)
    try:
        async with db.transaction() as session:
            session.add(Broker(code=code, name="Schmidt", staff_chat_id=-7))
    finally:
        await db.dispose()


def test_a_code_stored_in_capitals_by_an_older_version_is_found_in_any_case(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_store_legacy_code(database_url, "Schmidt"))

    stored = asyncio.run(_stored_broker(database_url, "schmidt"))
    code, out, _ = cyberbot(capsys, "brokers", "add", "--code", "SCHMIDT", "--contact", "x")

    assert stored is not None and stored.name == "Schmidt"
    assert code == 0 and "updated" in out


def test_a_positive_staff_chat_is_taken_with_a_warning_that_it_is_a_person(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cyberbot(
        capsys, "brokers", "add", "--code", "m", "--name", "M", "--staff-chat", "123456"
    )

    assert code == 0
    assert "--staff-chat 123456 is a person's chat, not a group" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--code", "bad code"), "broker code"),
        (("--code", "ok", "--status-info", "missing.txt"), "missing.txt"),
    ],
)
def test_broker_that_cannot_be_added_gives_one_clear_line(
    database_url: str, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], message: str
) -> None:
    code, _, err = cyberbot(capsys, "brokers", "add", "--name", "X", "--staff-chat", "1", *extra)

    assert code != 0
    assert message in _one_line_error(err)


def test_status_info_that_is_not_utf8_is_refused(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "erstinfo.txt").write_bytes(STATUS_INFO.encode("cp1252"))

    code, _, err = cyberbot(
        capsys,
        *("brokers", "add", "--code", "m", "--name", "M", "--staff-chat", "1"),
        *("--status-info", "erstinfo.txt"),
    )

    assert code == 1 and "UTF-8" in _one_line_error(err)
    assert asyncio.run(_stored_broker(database_url, "m")) is None


def test_removed_broker_is_gone(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cyberbot(capsys, "brokers", "add", "--code", "muster", "--name", "M", "--staff-chat", "1")

    code, _, _ = cyberbot(capsys, "brokers", "remove", "muster")

    assert code == 0
    assert asyncio.run(_stored_broker(database_url, "muster")) is None


def test_removing_an_unknown_broker_fails_with_a_message(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cyberbot(capsys, "brokers", "remove", "nobody")

    assert code == 1
    assert "nobody" in _one_line_error(err)


# links


def test_link_of_a_registered_broker_with_campaign_and_qr_code(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "@makler_demo_bot")
    cyberbot(capsys, "brokers", "add", "--code", "muster", "--name", "M", "--staff-chat", "1")

    code, out, err = cyberbot(capsys, "link", "muster", "--campaign", "flyer", "--qr", "flyer.png")

    assert code == 0
    assert out == "https://t.me/makler_demo_bot?start=muster-flyer\n"
    assert "warning" not in err
    assert (tmp_path / "flyer.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_link_with_an_svg_qr_code(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "makler_demo_bot")

    code, _, _ = cyberbot(capsys, "link", "muster", "--qr", "flyer.SVG")

    assert code == 0
    assert "<svg" in (tmp_path / "flyer.SVG").read_text(encoding="utf-8")


def test_link_with_a_qr_file_of_another_kind_is_refused(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "makler_demo_bot")

    code, out, err = cyberbot(capsys, "link", "muster", "--qr", "flyer.jpg")

    assert code == 2 and out == ""
    assert ".png or .svg" in _one_line_error(err)
    assert not (tmp_path / "flyer.jpg").exists()


def test_link_without_a_code_is_the_default_brokers(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "makler_demo_bot")

    plain = cyberbot(capsys, "link")
    with_campaign = cyberbot(capsys, "link", "--campaign", "flyer")

    assert plain == (0, "https://t.me/makler_demo_bot\n", "")
    assert with_campaign[0] == 2
    assert "campaign needs a broker code" in _one_line_error(with_campaign[2])


def test_link_of_an_unregistered_code_is_printed_with_a_warning(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "makler_demo_bot")

    code, out, err = cyberbot(capsys, "link", "unbekannt")

    assert code == 0
    assert out == "https://t.me/makler_demo_bot?start=unbekannt\n"
    assert "not a registered broker" in err and "Ihr Makler" in err


def test_link_with_an_invalid_campaign_is_refused(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "makler_demo_bot")

    code, out, err = cyberbot(capsys, "link", "muster", "--campaign", "spring-2025")

    assert code == 2 and out == ""
    assert "campaign" in _one_line_error(err)


def test_link_without_username_or_token_says_to_set_bot_username(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cyberbot(capsys, "link", "muster")

    assert code == 2 and out == ""
    assert "BOT_USERNAME" in _one_line_error(err)


async def test_link_asks_telegram_for_the_username_when_only_a_token_is_set(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeBotApi(token=TOKEN, bot_username="makler_demo_bot") as api:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_BASE_URL", api.base_url)
        code = await asyncio.to_thread(main, ["link", "muster"])
        asked = api.requests("getMe")

    out, _ = capsys.readouterr()
    assert code == 0 and asked
    assert out == "https://t.me/makler_demo_bot?start=muster\n"


async def test_link_with_a_token_telegram_refuses_says_to_set_bot_username(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeBotApi(token=TOKEN) as api:
        api.fail("getMe", 401, times=5, description="Unauthorized")
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_BASE_URL", api.base_url)
        code = await asyncio.to_thread(main, ["link", "muster"])

    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "BOT_USERNAME" in _one_line_error(err)


# leads and statistics


async def _seed(url: str) -> None:
    """Three leads: late on 9 March (UTC), just after midnight on 10 March in Berlin, erased."""
    await upgrade_async(url)
    db = Database.connect(url)
    created = {
        1: datetime(2025, 3, 9, 22, 30, tzinfo=UTC),  # 23:30 in Berlin
        2: datetime(2025, 3, 9, 23, 30, tzinfo=UTC),  # 00:30 on 10 March in Berlin
        3: datetime(2025, 3, 12, 8, 0, tzinfo=UTC),
    }
    try:
        async with db.hot.transaction() as tx:
            for chat_id, name in ((1, "Anna Alt"), (2, "Bernd Neu"), (3, "Clara Weg")):
                lead = await create_lead(
                    tx,
                    chat_id=chat_id,
                    user_id=chat_id,
                    username=None,
                    broker=MUSTER,
                    campaign="flyer",
                    summary=summary(name=name, phone="=1+1"),
                )
                at = created[chat_id]
                await tx.execute(_CREATED_AT, {"at": at, "id": lead})
            await erase_personal_data(tx, 3)
            for kind in ("started", "started", "finished", "contact_requested"):
                await record_funnel(tx, kind, "muster", "flyer")
            await record_funnel(tx, "started", None, None)
    finally:
        await db.dispose()


def test_leads_export_as_csv_to_stdout(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(database_url))

    code, out, _ = cyberbot(capsys, "leads", "export", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert code == 0
    assert [row["name"] for row in rows] == ["Anna Alt", "Bernd Neu", ""]
    assert [row["status"] for row in rows] == ["new", "new", "erased"]
    assert rows[0]["phone"] == "'=1+1"
    assert rows[0]["created_at"] == "2025-03-09T22:30:00Z"


@pytest.mark.parametrize(
    ("zone", "names"),
    [("Europe/Berlin", ["Bernd Neu", None]), ("UTC", [None])],
)
def test_leads_export_since_a_day_in_the_brokers_time_zone(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    zone: str,
    names: list[str | None],
) -> None:
    asyncio.run(_seed(database_url))
    monkeypatch.setenv("TIMEZONE", zone)

    code, out, _ = cyberbot(capsys, "leads", "export", "--format", "json", "--since", "2025-03-10")

    assert code == 0
    assert [lead["name"] for lead in json.loads(out)] == names


def test_leads_export_to_files(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(database_url))

    json_code, json_out, json_err = cyberbot(
        capsys, "leads", "export", "--format", "json", "--out", "leads.json"
    )
    csv_code, _, _ = cyberbot(capsys, "leads", "export", "--format", "csv", "--out", "leads.csv")

    assert (json_code, csv_code, json_out) == (0, 0, "")
    assert "3 leads" in json_err
    leads = json.loads((tmp_path / "leads.json").read_text(encoding="utf-8"))
    assert [lead["erased"] for lead in leads] == [False, False, True]
    assert leads[0]["summary"]["name"] == "Anna Alt"
    text = (tmp_path / "leads.csv").read_text(encoding="utf-8-sig")
    assert [row["name"] for row in csv.DictReader(io.StringIO(text, newline=""))][:2] == [
        "Anna Alt",
        "Bernd Neu",
    ]


def test_leads_export_for_a_german_office_opens_in_excel(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(database_url))

    code, _, err = cyberbot(
        capsys, "leads", "export", "--dialect", "excel-de", "--out", "leads.csv"
    )

    assert code == 0 and "3 leads" in err
    raw = (tmp_path / "leads.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf" * 2)
    content = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content, newline=""), delimiter=";"))
    assert [row["Name"] for row in rows] == ["Anna Alt", "Bernd Neu", ""]
    assert [row["Status"] for row in rows] == ["neu", "neu", "gelöscht"]
    assert rows[0]["Eingegangen"] == "09.03.2025 23:30"


def test_leads_export_refuses_a_dialect_for_json(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cyberbot(capsys, "leads", "export", "--format", "json", "--dialect", "excel-de")

    assert code == 2
    assert "--dialect" in _one_line_error(err)


def test_leads_export_refuses_a_date_it_cannot_read(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["leads", "export", "--since", "10.03.2025"])

    assert exit_info.value.code == 2
    assert "2025-01-31" in capsys.readouterr().err


def test_leads_report_writes_the_pdf_of_a_lead(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(database_url))

    code, _, err = cyberbot(capsys, "leads", "report", "2", "--out", "lead-2.pdf")

    assert code == 0 and "lead #2" in err
    reader = PdfReader(tmp_path / "lead-2.pdf")
    first = reader.pages[0].extract_text()
    assert "Ergebnisbericht Cyber-Versicherungssumme" in first
    assert "Erstellt für: Bernd Neu" in first and "Anfrage Nr. 2" in first
    assert "250.000 €" in first


def test_leads_report_names_the_file_itself_without_out(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(database_url))

    code, _, err = cyberbot(capsys, "leads", "report", "1")

    (written,) = tmp_path.glob("Ergebnisbericht-Cyber-Versicherungssumme-*.pdf")
    assert code == 0 and written.name in err


@pytest.mark.parametrize(("number", "reason"), [("3", "erased"), ("99", "no lead #99")])
def test_leads_report_of_an_erased_or_unknown_lead_is_one_line(
    database_url: str, capsys: pytest.CaptureFixture[str], number: str, reason: str
) -> None:
    asyncio.run(_seed(database_url))

    code, _, err = cyberbot(capsys, "leads", "report", number)

    assert code == 1
    assert reason in _one_line_error(err)


def test_stats_prints_the_funnel_for_every_broker(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(database_url))
    cyberbot(capsys, "brokers", "add", "--code", "muster", "--name", "Muster", "--staff-chat", "1")

    code, out, _ = cyberbot(capsys, "stats")

    assert code == 0
    rows = {line.split("  ")[0]: line.split() for line in out.splitlines()[2:]}
    assert rows["Ihr Makler"][-5:] == ["1", "0", "0", "0", "0"]
    assert rows["muster (Muster)"][-6:] == ["flyer", "2", "1", "1", "0", "0"]


def test_unreachable_database_is_one_line_not_a_traceback(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing")

    code, out, err = cyberbot(capsys, "stats")

    assert code == 2 and out == ""
    assert "DATABASE_URL" in _one_line_error(err)
