"""Number answers as prospects type them, and the refusals they get when we cannot be sure."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.parsing import (
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_MONTHS,
    ParseError,
    parse_amount,
    parse_count,
    parse_months,
)

Parser = Callable[[str], int]

# --- amounts ------------------------------------------------------------------------------------

ACCEPTED_AMOUNTS = [
    # the forms DESIGN.md promises
    ("80.000", 80_000),
    ("80000", 80_000),
    ("80 000", 80_000),
    ("80.000 €", 80_000),
    ("€ 80.000,00", 80_000),
    ("80k", 80_000),
    ("80 Tsd.", 80_000),
    ("80 T€", 80_000),
    ("1,5 Mio", 1_500_000),
    ("1.5 Mio.", 1_500_000),
    ("0", 0),
    ("keine", 0),
    # currencies, spaces and case
    ("80000 EUR", 80_000),
    ("80.000 Euro", 80_000),
    ("80000 euros", 80_000),
    ("EUR 80.000", 80_000),
    ("€80.000", 80_000),
    ("80.000€", 80_000),
    ("80\u00a0000", 80_000),
    ("80\u202f000\u00a0€", 80_000),
    ("80\u2009000", 80_000),
    ("  80.000 \n", 80_000),
    ("80'000", 80_000),
    ("80’000", 80_000),
    # multipliers
    ("80K", 80_000),
    ("80 k€", 80_000),
    ("80 T", 80_000),
    ("80 TEUR", 80_000),
    ("80 Tausend", 80_000),
    ("80 tausend Euro", 80_000),
    ("80 Tsd. €", 80_000),
    ("1 Million", 1_000_000),
    ("2 Millionen", 2_000_000),
    ("1,5 Mio. €", 1_500_000),
    ("1.5m", 1_500_000),
    ("2 Mrd", 2_000_000_000),
    ("1 Milliarde", 1_000_000_000),
    ("2,5 Milliarden", 2_500_000_000),
    ("0,001 Mio", 1_000),
    # vague and signed prefixes
    ("+80.000", 80_000),
    ("ca. 80.000", 80_000),
    ("Ca 80.000 €", 80_000),
    ("etwa 80.000 €", 80_000),
    ("rund 80 Tsd.", 80_000),
    ("~80k", 80_000),
    ("ungefähr 80.000", 80_000),
    # nothing at all
    ("Keine", 0),
    ("keine.", 0),
    ("nichts", 0),
    ("none", 0),
    ("null", 0),
    ("0 €", 0),
    ("-0", 0),
    # German first, English understood
    ("80,000", 80_000),
    ("1,250,000", 1_250_000),
    ("1.250.000", 1_250_000),
    ("1.250 Mio", 1_250_000),
    ("1.500 T€", 1_500_000),  # German balance-sheet style: thousands of euros
    ("1,5", 2),
    ("80,5", 81),
    ("80.00", 80),
    ("0,500", 1),  # a leading zero never groups thousands
    ("1234,567", 1_235),  # four digits before the mark cannot be a thousands group
    # cents, rounded half up
    ("80.000,50", 80_001),
    ("80.000,49", 80_000),
    ("1,250.50", 1_251),
    ("80 000,50 €", 80_001),
    ("80.000,-", 80_000),
    ("80.000,-- €", 80_000),
    # the largest sum we still believe
    ("10 Mrd", MAX_AMOUNT),
    ("10.000.000.000", MAX_AMOUNT),
]

REFUSED_AMOUNTS: list[tuple[str, str, Decimal | None]] = [
    ("", "empty", None),
    ("   ", "empty", None),
    ("\u00a0\n", "empty", None),
    ("viel", "not_a_number", None),
    ("abc", "not_a_number", None),
    ("zwanzig", "not_a_number", None),
    ("80.00.0", "not_a_number", None),
    ("1,2,3", "not_a_number", None),
    ("1.000,000,5", "not_a_number", None),
    ("80 000.000,5", "not_a_number", None),
    ("80 000,5 0", "not_a_number", None),
    ("8 0", "not_a_number", None),
    ("-", "not_a_number", None),
    ("no", "not_a_number", None),
    ("€", "not_a_number", None),
    ("80-100", "not_a_number", None),
    ("80 Äpfel", "not_a_number", None),
    ("1e6", "not_a_number", None),
    ("٣", "not_a_number", None),
    ("-5000", "negative", Decimal(-5_000)),
    ("−5.000", "negative", Decimal(-5_000)),
    ("–5.000", "negative", Decimal(-5_000)),
    ("minus 5000", "negative", Decimal(-5_000)),
    ("€ -5.000", "negative", Decimal(-5_000)),
    ("-1,5 Mio", "negative", Decimal(-1_500_000)),
    ("11 Mrd", "too_large", Decimal(11_000_000_000)),
    ("10.000.000.001", "too_large", Decimal(10_000_000_001)),
    ("10.000.000.000,01", "too_large", Decimal("10000000000.01")),
    ("1" + "0" * 29, "too_large", Decimal(10**29)),
    ("9" * 400, "too_long", None),
    ("9" * 5_000, "too_long", None),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_AMOUNTS)
def test_amount_accepted_as_prospects_type_it(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(("text", "code", "value"), REFUSED_AMOUNTS)
def test_amount_refused_with_reason_and_understood_number(
    text: str, code: str, value: Decimal | None
) -> None:
    with pytest.raises(ParseError) as refused:
        parse_amount(text)
    assert refused.value.code == code
    assert refused.value.value == value


def test_refusal_is_a_value_error_for_callers_that_do_not_care_why() -> None:
    with pytest.raises(ValueError, match="negative"):
        parse_amount("-1")


# --- counts -------------------------------------------------------------------------------------

ACCEPTED_COUNTS = [
    ("2.000", 2_000),
    ("2000", 2_000),
    ("2 000", 2_000),
    ("2,000", 2_000),
    ("0", 0),
    ("keine", 0),
    ("null", 0),
    ("2,0", 2),
    ("80.000,00", 80_000),
    ("1,5k", 1_500),
    ("ca. 300", 300),
    ("1 Mrd", MAX_COUNT),
]

REFUSED_COUNTS: list[tuple[str, str, Decimal | None]] = [
    ("", "empty", None),
    ("viele", "not_a_number", None),
    ("2,5", "not_whole", Decimal("2.5")),
    ("80.000,50", "not_whole", Decimal("80000.50")),
    ("1,2345k", "not_whole", Decimal("1234.5")),
    ("-3", "negative", Decimal(-3)),
    ("1,5 Mrd", "too_large", Decimal(1_500_000_000)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_COUNTS)
def test_count_accepted_as_prospects_type_it(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(("text", "code", "value"), REFUSED_COUNTS)
def test_count_refused_with_reason_and_understood_number(
    text: str, code: str, value: Decimal | None
) -> None:
    with pytest.raises(ParseError) as refused:
        parse_count(text)
    assert refused.value.code == code
    assert refused.value.value == value


# --- months -------------------------------------------------------------------------------------

ACCEPTED_MONTHS = [
    ("1", 1),
    ("3", 3),
    ("36", MAX_MONTHS),
    (" 3 ", 3),
    ("3 Monate", 3),
    ("1 Monat", 1),
    ("2 months", 2),
    ("ca. 6 Monate", 6),
    ("3,0", 3),
]

REFUSED_MONTHS: list[tuple[str, str, Decimal | None]] = [
    ("", "empty", None),
    ("drei", "not_a_number", None),
    ("3 €", "not_a_number", None),
    ("0", "too_small", Decimal(0)),
    ("keine", "too_small", Decimal(0)),
    ("37", "too_large", Decimal(37)),
    ("1,5", "not_whole", Decimal("1.5")),
    ("-2", "negative", Decimal(-2)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_MONTHS)
def test_months_accepted_as_prospects_type_them(text: str, expected: int) -> None:
    assert parse_months(text) == expected


@pytest.mark.parametrize(("text", "code", "value"), REFUSED_MONTHS)
def test_months_refused_with_reason_and_understood_number(
    text: str, code: str, value: Decimal | None
) -> None:
    with pytest.raises(ParseError) as refused:
        parse_months(text)
    assert refused.value.code == code
    assert refused.value.value == value


# --- properties ---------------------------------------------------------------------------------

PARSERS_AND_RANGES: list[tuple[Parser, int, int]] = [
    (parse_amount, 0, MAX_AMOUNT),
    (parse_count, 0, MAX_COUNT),
    (parse_months, 1, MAX_MONTHS),
]

#: Text made of the characters the parser cares about, so the search reaches deep into the rules.
number_like_text = st.text(alphabet="0123456789.,  \u00a0-−+€kKmMtTioEUR~", max_size=20)


@pytest.mark.parametrize(("parse", "low", "high"), PARSERS_AND_RANGES)
@given(text=st.one_of(st.text(), number_like_text))
def test_any_text_gives_a_number_in_range_or_a_reason(
    parse: Parser, low: int, high: int, text: str
) -> None:
    try:
        result = parse(text)
    except ParseError as refused:
        assert refused.code in {
            "empty",
            "not_a_number",
            "too_long",
            "negative",
            "too_large",
            "not_whole",
            "too_small",
        }
    else:
        assert type(result) is int
        assert low <= result <= high


@pytest.mark.parametrize("grouping", [".", " ", "\u00a0", "\u202f", ","])
@given(n=st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_amount_written_with_thousands_groups_reads_back(grouping: str, n: int) -> None:
    assert parse_amount(f"{n:,}".replace(",", grouping)) == n


@given(n=st.integers(min_value=0, max_value=MAX_COUNT))
def test_count_written_the_german_way_reads_back(n: int) -> None:
    assert parse_count(f"{n:,}".replace(",", ".")) == n


@given(
    euros=st.integers(min_value=0, max_value=MAX_AMOUNT - 1),
    cents=st.integers(min_value=0, max_value=99),
)
def test_amount_with_cents_rounds_half_up(euros: int, cents: int) -> None:
    text = f"{euros:,}".replace(",", ".") + f",{cents:02d} €"
    assert parse_amount(text) == euros + (1 if cents >= 50 else 0)


@given(n=st.integers(min_value=1, max_value=10 * MAX_AMOUNT))
def test_negative_amount_refused_with_its_value(n: int) -> None:
    with pytest.raises(ParseError) as refused:
        parse_amount(f"-{n:,}".replace(",", "."))
    assert refused.value.code == "negative"
    assert refused.value.value == -n


@given(n=st.integers(min_value=MAX_AMOUNT + 1, max_value=10**15))
def test_absurd_amount_refused_as_too_large(n: int) -> None:
    with pytest.raises(ParseError) as refused:
        parse_amount(f"{n:,}".replace(",", "."))
    assert refused.value.code == "too_large"
    assert refused.value.value == n
