"""The measures in the six DIN SPEC 27076 topics: status per topic, gaps first, marks."""

from __future__ import annotations

from dialogs.measures import CHECKLIST, TOPICS
from dialogs.render import render
from dialogs.topics import Status, security_check
from tests.dialogs.chat import WORKED_EXAMPLE, chat_at


def statuses(present: tuple[str, ...], *, trained: bool) -> dict[str, Status]:
    return {t.key: t.status for t in security_check(present, trained=trained).topics}


def test_nothing_in_place_leaves_every_topic_open() -> None:
    check = security_check((), trained=False)

    assert statuses((), trained=False) == dict.fromkeys(TOPICS, Status.OPEN)
    assert len(check.missing) == 9
    assert check.obligation_missing


def test_everything_in_place_meets_every_topic() -> None:
    check = security_check(CHECKLIST, trained=True)

    assert statuses(CHECKLIST, trained=True) == dict.fromkeys(TOPICS, Status.MET)
    assert check.missing == () and check.gaps == () and check.services == ()
    assert not check.obligation_missing


def test_mixed_answers_give_met_partly_and_open_topics() -> None:
    present = ("backup", "antivirus", "emergency_plan", "firewall")

    assert statuses(present, trained=False) == {
        "organisation": Status.PARTLY,  # plan yes; emergency number and training no
        "identity": Status.OPEN,
        "backup": Status.MET,
        "patching": Status.OPEN,
        "malware": Status.MET,
        "network": Status.PARTLY,  # firewall yes, encryption no
    }


def test_topics_with_a_missing_obligation_come_first_then_top_requirements() -> None:
    check = security_check(("mfa",), trained=False)

    order = [t.key for t in check.topics]
    assert order[:2] == ["backup", "patching"]  # obligation and TOP requirement
    assert order[2] == "organisation"  # training: a TOP requirement
    assert order[-1] == "identity"  # met
    assert [m.key for m in check.topics[2].missing] == [
        "training",
        "emergency_plan",
        "emergency_contact",
    ]


def test_obligation_line_only_when_an_obligation_is_missing() -> None:
    def keys(measures: tuple[str, ...], training: str) -> list[str]:
        chat = chat_at("summary", {**WORKED_EXAMPLE, "measures": measures, "training": training})
        return [m.key for m in chat.replies[1].lines]

    assert "measures.obligation" in keys((), "nein")
    assert "measures.obligation" in keys(("mfa", "backup"), "ja")  # updates still missing
    assert "measures.obligation" not in keys(("mfa", "backup", "updates"), "nein")
    assert "measures.obligation" not in keys(CHECKLIST, "ja")


def test_chat_shows_topics_with_status_marks_and_the_met_ones_in_one_line() -> None:
    script = {**WORKED_EXAMPLE, "measures": ("backup", "antivirus", "emergency_plan")}
    shown = render(chat_at("summary", script).replies[1], "de")

    assert "🔴 Patch- & Änderungsmanagement: offen\n❗⭐ Sicherheitsupdates zeitnah:" in shown
    assert "🔴 Identitäts- & Berechtigungsmanagement: offen\n❗ Mehr-Faktor-Anmeldung" in shown
    assert "🟡 Organisation & Sensibilisierung: teilweise umgesetzt\n⭐ Schulung" in shown
    assert "🟢 Bereits erfüllt: Datensicherung, Schutz vor Schadprogrammen" in shown
    assert "CyberRisikoCheck" in shown
    assert shown.index("Patch-") < shown.index("Identitäts-") < shown.index("IT-Systeme")


def test_all_measures_in_place_praises_and_still_suggests_the_full_check() -> None:
    script = {**WORKED_EXAMPLE, "measures": CHECKLIST, "training": "ja"}
    shown = render(chat_at("summary", script).replies[1], "en")

    assert "You have all the security measures we asked about" in shown
    assert "CyberRisikoCheck" in shown
    assert "❗" not in shown
