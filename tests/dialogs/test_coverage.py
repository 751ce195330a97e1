"""The sum-insured calculation, checked against numbers worked out by hand from DESIGN.md."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.coverage import (
    ITEM_KEYS,
    TIERS,
    CoverageInput,
    CoverageResult,
    calculate,
    tier_for,
)

WORKED_EXAMPLE = CoverageInput(
    it_value=80_000,
    funds_covered=True,
    funds=25_000,
    bi_covered=True,
    monthly_costs=30_000,
    monthly_profit=10_000,
    outage_months=1,
    penalties=5_000,
    records=2_000,
    payment_records=300,
)


def amounts(result: CoverageResult) -> dict[str, int]:
    """The itemised table as key → amount, to compare with hand-written expectations."""
    return {item.key: item.amount for item in result.items}


# --- the worked example -------------------------------------------------------------------------


def test_worked_example_from_the_design_gives_234300_in_the_250k_tier() -> None:
    result = calculate(WORKED_EXAMPLE)

    assert [(item.key, item.amount) for item in result.items] == [
        ("it_restoration", 40_000),
        ("funds", 25_000),
        ("business_interruption", 40_000),
        ("penalties", 5_000),
        ("records", 100_000),
        ("payment_records", 3_000),
    ]
    assert result.subtotal == 213_000
    assert result.surcharge == 21_300
    assert result.total == 234_300
    assert result.recommended == 234_300
    assert result.tier == 250_000
    assert not result.raised_to_client_damage
    assert not result.third_party_excluded


def test_fields_as_keywords_give_the_same_result_as_a_validated_input() -> None:
    assert calculate(**WORKED_EXAMPLE.model_dump()) == calculate(WORKED_EXAMPLE)


def test_items_follow_the_design_order() -> None:
    assert ITEM_KEYS == (
        "it_restoration",
        "funds",
        "business_interruption",
        "penalties",
        "records",
        "payment_records",
    )
    assert tuple(item.key for item in calculate(WORKED_EXAMPLE).items) == ITEM_KEYS


# --- which items apply ---------------------------------------------------------------------------


def test_only_it_restoration_and_data_records_without_extra_cover() -> None:
    result = calculate(it_value=80_000, funds=25_000, monthly_costs=30_000, penalties=5_000)

    assert amounts(result) == {"it_restoration": 40_000, "records": 0, "payment_records": 0}
    assert result.subtotal == 40_000


def test_it_restoration_is_listed_even_without_it_systems() -> None:
    assert calculate().item("it_restoration") is not None
    assert calculate(it_value=0).item("it_restoration") == calculate().items[0]


def test_funds_are_counted_only_when_their_loss_is_to_be_covered() -> None:
    without = calculate(funds=25_000)
    covered = calculate(funds_covered=True, funds=25_000)

    assert without.item("funds") is None
    assert without.subtotal == 0
    assert amounts(covered)["funds"] == 25_000
    assert covered.subtotal == 25_000


def test_covered_funds_of_zero_still_show_as_a_line() -> None:
    assert amounts(calculate(funds_covered=True))["funds"] == 0


def test_business_interruption_and_penalties_only_with_bi_cover() -> None:
    answers: dict[str, object] = {
        "monthly_costs": 30_000,
        "monthly_profit": 10_000,
        "penalties": 5_000,
    }
    without = calculate(**answers)
    covered = calculate(bi_covered=True, **answers)

    assert without.item("business_interruption") is None
    assert without.item("penalties") is None
    assert amounts(covered)["business_interruption"] == 40_000
    assert amounts(covered)["penalties"] == 5_000
    assert covered.subtotal == 45_000


def test_business_interruption_grows_with_the_outage_months() -> None:
    result = calculate(
        bi_covered=True, monthly_costs=30_000, monthly_profit=10_000, outage_months=3
    )

    assert amounts(result)["business_interruption"] == 120_000


def test_data_records_cost_50_and_payment_records_10_euros_each() -> None:
    result = calculate(records=2_000, payment_records=300)

    assert amounts(result) == {"it_restoration": 0, "records": 100_000, "payment_records": 3_000}


# --- no double insurance -------------------------------------------------------------------------


def test_it_liability_cover_leaves_out_the_third_party_items() -> None:
    result = calculate(WORKED_EXAMPLE.model_copy(update={"third_party_covered": True}))

    assert result.third_party_excluded
    assert result.item("records") is None
    assert result.item("payment_records") is None
    assert result.subtotal == 40_000 + 25_000 + 40_000 + 5_000
    assert result.surcharge == 11_000
    assert result.total == 121_000
    assert result.tier == 250_000


def test_without_it_liability_the_third_party_items_are_not_excluded() -> None:
    assert not calculate(records=1).third_party_excluded


# --- rounding to whole euros, half up ------------------------------------------------------------


@pytest.mark.parametrize(
    ("it_value", "expected"),
    [(1, 1), (2, 1), (3, 2), (5, 3), (Decimal("0.99"), 0), (Decimal("1.02"), 1)],
)
def test_half_of_an_odd_it_value_rounds_half_up(it_value: Decimal | int, expected: int) -> None:
    assert amounts(calculate(it_value=it_value))["it_restoration"] == expected


@pytest.mark.parametrize(
    ("funds", "expected"),
    [(Decimal("0.5"), 1), (Decimal("0.49"), 0), (Decimal("2.5"), 3), (Decimal("1234.50"), 1235)],
)
def test_amounts_with_cents_round_half_up(funds: Decimal, expected: int) -> None:
    assert amounts(calculate(funds_covered=True, funds=funds))["funds"] == expected


def test_business_interruption_is_rounded_after_multiplying_the_months() -> None:
    result = calculate(bi_covered=True, monthly_costs=Decimal("0.25"), outage_months=2)

    assert amounts(result)["business_interruption"] == 1


def test_each_item_is_rounded_before_adding_up() -> None:
    # 0.5 + 0.5 would round to 1 as a sum; rounded one by one they are 1 + 1.
    result = calculate(it_value=1, funds_covered=True, funds=Decimal("0.5"))

    assert result.subtotal == 2


@pytest.mark.parametrize(
    ("subtotal", "expected_surcharge"),
    [(4, 0), (5, 1), (14, 1), (15, 2), (25, 3), (213_000, 21_300), (213_005, 21_301)],
)
def test_surcharge_is_ten_percent_rounded_half_up(subtotal: int, expected_surcharge: int) -> None:
    result = calculate(funds_covered=True, funds=subtotal)

    assert result.subtotal == subtotal
    assert result.surcharge == expected_surcharge
    assert result.total == subtotal + expected_surcharge


# --- client damage -------------------------------------------------------------------------------


def test_larger_client_damage_raises_the_recommendation_and_says_so() -> None:
    result = calculate(WORKED_EXAMPLE.model_copy(update={"client_damage": Decimal(600_000)}))

    assert result.total == 234_300
    assert result.recommended == 600_000
    assert result.raised_to_client_damage
    assert result.tier == 750_000


@pytest.mark.parametrize("client_damage", [Decimal(0), Decimal(100_000), Decimal(234_300)])
def test_client_damage_up_to_the_total_changes_nothing(client_damage: Decimal) -> None:
    result = calculate(WORKED_EXAMPLE.model_copy(update={"client_damage": client_damage}))

    assert result.recommended == 234_300
    assert not result.raised_to_client_damage


def test_unknown_client_damage_changes_nothing() -> None:
    result = calculate(WORKED_EXAMPLE)

    assert result.recommended == result.total
    assert not result.raised_to_client_damage


def test_client_damage_is_compared_in_whole_euros() -> None:
    same = calculate(WORKED_EXAMPLE.model_copy(update={"client_damage": Decimal("234300.49")}))
    above = calculate(WORKED_EXAMPLE.model_copy(update={"client_damage": Decimal("234300.50")}))

    assert (same.recommended, same.raised_to_client_damage) == (234_300, False)
    assert (above.recommended, above.raised_to_client_damage) == (234_301, True)


def test_client_damage_is_ignored_when_it_liability_covers_third_parties() -> None:
    result = calculate(
        WORKED_EXAMPLE.model_copy(
            update={"third_party_covered": True, "client_damage": Decimal(5_000_000)}
        )
    )

    assert result.recommended == result.total == 121_000
    assert not result.raised_to_client_damage
    assert result.tier == 250_000


# --- tiers ---------------------------------------------------------------------------------------


def test_tiers_are_the_common_insurer_steps() -> None:
    assert TIERS == (
        100_000,
        250_000,
        500_000,
        750_000,
        1_000_000,
        1_500_000,
        2_000_000,
        3_000_000,
        5_000_000,
        10_000_000,
    )


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, 100_000),
        (1, 100_000),
        (100_000, 100_000),
        (100_001, 250_000),
        (250_000, 250_000),
        (250_001, 500_000),
        (500_000, 500_000),
        (500_001, 750_000),
        (750_000, 750_000),
        (750_001, 1_000_000),
        (1_000_000, 1_000_000),
        (1_000_001, 1_500_000),
        (1_500_000, 1_500_000),
        (1_500_001, 2_000_000),
        (2_000_000, 2_000_000),
        (2_000_001, 3_000_000),
        (3_000_000, 3_000_000),
        (3_000_001, 5_000_000),
        (5_000_000, 5_000_000),
        (5_000_001, 10_000_000),
        (10_000_000, 10_000_000),
        (10_000_001, 11_000_000),
        (11_000_000, 11_000_000),
        (11_000_001, 12_000_000),
        (123_456_789, 124_000_000),
    ],
)
def test_tier_is_the_smallest_step_that_covers_the_amount(amount: int, expected: int) -> None:
    assert tier_for(amount) == expected


def test_recommendation_above_ten_million_rounds_up_to_the_next_million() -> None:
    result = calculate(client_damage=10_000_001)

    assert result.recommended == 10_000_001
    assert result.tier == 11_000_000


def test_empty_answers_still_name_the_smallest_tier() -> None:
    result = calculate()

    assert result.total == 0
    assert result.tier == 100_000


def test_negative_amount_has_no_tier() -> None:
    with pytest.raises(ValueError):
        tier_for(-1)


# --- refused input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "it_value",
        "funds",
        "monthly_costs",
        "monthly_profit",
        "penalties",
        "records",
        "payment_records",
        "client_damage",
    ],
)
def test_negative_inputs_are_refused(field: str) -> None:
    with pytest.raises(ValueError):
        CoverageInput.model_validate({field: -1})
    with pytest.raises(ValueError):
        calculate(**{field: -1})


@pytest.mark.parametrize("months", [0, -1])
def test_an_outage_shorter_than_one_month_is_refused(months: int) -> None:
    with pytest.raises(ValueError):
        calculate(outage_months=months)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("inf")])
def test_amounts_that_are_not_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        calculate(it_value=value)


def test_fractional_record_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        calculate(records=Decimal("1.5"))


def test_a_misspelt_field_is_refused_instead_of_silently_ignored() -> None:
    with pytest.raises(ValueError):
        calculate(it_values=80_000)


def test_input_and_keyword_fields_together_are_refused() -> None:
    with pytest.raises(TypeError):
        calculate(WORKED_EXAMPLE, it_value=1)


def test_validated_input_cannot_be_changed_afterwards() -> None:
    with pytest.raises(ValueError):
        WORKED_EXAMPLE.it_value = Decimal(1)  # type: ignore[misc]


# --- sanity hints --------------------------------------------------------------------------------


def test_it_value_of_zero_gets_a_hint() -> None:
    assert calculate(records=10).hints == ("it_value_zero",)


def test_a_positive_it_value_gets_no_hint() -> None:
    assert calculate(it_value=Decimal("0.01")).hints == ()


def test_one_month_outage_is_flagged_as_short() -> None:
    # 40,000 for one month is below 10 % of a year's 480,000, i.e. below 48,000.
    assert calculate(WORKED_EXAMPLE).hints == ("bi_low",)


def test_two_month_outage_is_not_flagged() -> None:
    # 80,000 for two months is above 48,000.
    assert calculate(WORKED_EXAMPLE.model_copy(update={"outage_months": 2})).hints == ()


def test_short_outage_is_not_flagged_without_bi_cover() -> None:
    result = calculate(it_value=1, monthly_costs=30_000, monthly_profit=10_000)

    assert result.hints == ()


def test_bi_cover_without_costs_or_profit_is_not_flagged_as_short() -> None:
    assert calculate(it_value=1, bi_covered=True, outage_months=1).hints == ()


def test_both_hints_together_come_in_a_fixed_order() -> None:
    result = calculate(bi_covered=True, monthly_costs=1_000)

    assert result.hints == ("it_value_zero", "bi_low")


def test_hints_do_not_change_the_sum() -> None:
    result = calculate(bi_covered=True, monthly_costs=30_000, monthly_profit=10_000)

    assert result.hints == ("it_value_zero", "bi_low")
    assert result.total == 44_000


# --- properties ----------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=10**8)

inputs = st.builds(
    CoverageInput,
    it_value=money,
    funds_covered=st.booleans(),
    funds=money,
    bi_covered=st.booleans(),
    monthly_costs=money,
    monthly_profit=money,
    outage_months=st.integers(min_value=1, max_value=120),
    penalties=money,
    third_party_covered=st.booleans(),
    records=counts,
    payment_records=counts,
    client_damage=st.none() | money,
)

MONEY_FIELDS = ("it_value", "funds", "monthly_costs", "monthly_profit", "penalties")
COUNT_FIELDS = ("records", "payment_records", "outage_months")


@given(data=inputs, field=st.sampled_from(MONEY_FIELDS), increase=money.filter(bool))
def test_more_money_at_risk_never_lowers_the_total(
    data: CoverageInput, field: str, increase: Decimal
) -> None:
    grown = data.model_copy(update={field: getattr(data, field) + increase})

    assert calculate(grown).total >= calculate(data).total


@given(data=inputs, field=st.sampled_from(COUNT_FIELDS), increase=st.integers(1, 10**6))
def test_more_records_or_months_never_lower_the_total(
    data: CoverageInput, field: str, increase: int
) -> None:
    grown = data.model_copy(update={field: getattr(data, field) + increase})

    assert calculate(grown).total >= calculate(data).total


@given(data=inputs, increase=money.filter(bool))
def test_larger_client_damage_never_lowers_the_recommendation(
    data: CoverageInput, increase: Decimal
) -> None:
    grown = data.model_copy(update={"client_damage": (data.client_damage or 0) + increase})

    assert calculate(grown).recommended >= calculate(data).recommended


@given(inputs)
def test_surcharge_is_a_tenth_of_the_subtotal_rounded_half_up(data: CoverageInput) -> None:
    result = calculate(data)

    assert result.subtotal == sum(item.amount for item in result.items)
    assert result.surcharge == (result.subtotal + 5) // 10
    assert result.total == result.subtotal + result.surcharge


@given(inputs)
def test_recommendation_never_falls_below_the_total(data: CoverageInput) -> None:
    result = calculate(data)

    assert result.recommended >= result.total
    assert result.raised_to_client_damage == (result.recommended > result.total)


@given(inputs)
def test_tier_is_the_smallest_step_or_million_that_covers_the_recommendation(
    data: CoverageInput,
) -> None:
    result = calculate(data)
    million = 1_000_000
    above_steps = result.tier > 10_000_000 and result.tier % million == 0

    assert result.tier >= result.recommended
    assert result.tier in TIERS or above_steps
    smaller = [step for step in TIERS if step < result.tier]
    if above_steps:
        smaller = [result.tier - million]
    assert all(step < result.recommended for step in smaller)
