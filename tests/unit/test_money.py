"""Exact money: rounding, satang conversion, typed amounts and their display."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InvalidAmount
from app.money import (
    CENT,
    ZERO,
    format_amount,
    from_satang,
    parse_amount,
    round_money,
    to_satang,
)

MAX_SATANG = 99_999_999_999


def test_constants() -> None:
    assert str(ZERO) == "0.00"
    assert str(CENT) == "0.01"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.005", "1.01"),
        ("1.004", "1.00"),
        ("2.675", "2.68"),  # would be 2.67 through a float
        ("-1.005", "-1.01"),  # half up means away from zero
        ("0.125", "0.13"),
        ("-0.001", "0.00"),  # no negative zero
        ("7", "7.00"),
    ],
)
def test_round_money_half_up(value: str, expected: str) -> None:
    assert str(round_money(Decimal(value))) == expected


def test_round_money_accepts_int_as_baht() -> None:
    assert round_money(5) == Decimal("5.00")


@pytest.mark.parametrize("bad", [1.5, 0.1, float("nan"), True])
def test_round_money_refuses_float(bad: object) -> None:
    with pytest.raises(TypeError):
        round_money(bad)  # type: ignore[arg-type]


def test_round_money_refuses_non_finite() -> None:
    with pytest.raises(ValueError):
        round_money(Decimal("Infinity"))


@pytest.mark.parametrize(
    ("value", "satang"),
    [(Decimal("12.50"), 1250), (12, 1200), ("0.01", 1), ("-3.335", -334), (Decimal("0"), 0)],
)
def test_to_satang(value: Decimal | int | str, satang: int) -> None:
    assert to_satang(value) == satang


def test_to_satang_refuses_float_and_garbage() -> None:
    with pytest.raises(TypeError):
        to_satang(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        to_satang("abc")


def test_from_satang_is_exact_with_two_places() -> None:
    assert str(from_satang(123450)) == "1234.50"
    assert str(from_satang(0)) == "0.00"
    assert str(from_satang(-5)) == "-0.05"
    with pytest.raises(TypeError):
        from_satang(1.0)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_satang_round_trip(n: int) -> None:
    assert to_satang(from_satang(n)) == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", "1234.00"),
        ("1,234.50", "1234.50"),
        (" 1 234.5 ", "1234.50"),
        ("๑,๒๓๔.๕๐", "1234.50"),
        ("1234.-", "1234.00"),
        ("1,234.-", "1234.00"),
        ("฿1,234", "1234.00"),
        ("฿ 1,234.25", "1234.25"),
        ("1,234 บาท", "1234.00"),
        ("1234บาท", "1234.00"),
        ("0.5", "0.50"),
        (".75", "0.75"),
        ("5.", "5.00"),
        ("1,234,567.89", "1234567.89"),
        ("999,999,999.99", "999999999.99"),
    ],
)
def test_parse_amount_accepts_what_bookkeepers_type(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert str(result) == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-1,234.50", "-1234.50"), ("(1,234.00)", "-1234.00"), ("−5", "-5.00"), ("-฿5", "-5.00")],
)
def test_parse_amount_negative_when_allowed(text: str, expected: str) -> None:
    assert str(parse_amount(text, allow_negative=True)) == expected


def test_parse_amount_zero_when_allowed() -> None:
    assert parse_amount("0", allow_zero=True) == ZERO
    assert str(parse_amount("-0.00", allow_zero=True, allow_negative=True)) == "0.00"


@pytest.mark.parametrize(
    ("text", "kwargs", "message_id"),
    [
        ("", {}, "Please type an amount."),
        ("   ", {}, "Please type an amount."),
        ("abc", {}, 'The amount "{text}" is not a number.'),
        ("12a", {}, 'The amount "{text}" is not a number.'),
        ("1e5", {}, 'The amount "{text}" is not a number.'),
        ("1,23", {}, 'The amount "{text}" is not a number.'),
        ("12,3456", {}, 'The amount "{text}" is not a number.'),
        ("1.2.3", {}, 'The amount "{text}" is not a number.'),
        (".", {}, 'The amount "{text}" is not a number.'),
        ("-", {"allow_negative": True}, 'The amount "{text}" is not a number.'),
        ("1.234", {}, "An amount has at most 2 decimal places (satang)."),
        ("0.001", {}, "An amount has at most 2 decimal places (satang)."),
        ("0", {}, "The amount must be more than zero."),
        ("0.00", {}, "The amount must be more than zero."),
        ("0", {"allow_negative": True}, "The amount cannot be zero."),
        ("-5", {}, "The amount cannot be negative."),
        ("(5)", {}, "The amount cannot be negative."),
        ("1,000,000,000", {}, "The amount is too large: at most 999,999,999.99 baht."),
        (
            "-1000000000",
            {"allow_negative": True},
            "The amount is too large: at most 999,999,999.99 baht.",
        ),
    ],
)
def test_parse_amount_refusals(text: str, kwargs: dict[str, bool], message_id: str) -> None:
    with pytest.raises(InvalidAmount) as info:
        parse_amount(text, **kwargs)
    assert info.value.message_id == message_id


def test_parse_amount_not_a_number_names_the_text() -> None:
    with pytest.raises(InvalidAmount) as info:
        parse_amount(" abc ")
    assert info.value.params == {"text": "abc"}


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (123450, {}, "1,234.50"),
        (-123450, {}, "-1,234.50"),
        (Decimal("1234.5"), {}, "1,234.50"),
        (Decimal("-0.004"), {}, "0.00"),
        (0, {}, "0.00"),
        (0, {"blank_zero": True}, ""),
        (Decimal("0.00"), {"blank_zero": True}, ""),
        (5, {"blank_zero": True}, "0.05"),
        (123450, {"thai_digits": True}, "๑,๒๓๔.๕๐"),
        (123450, {"satang": False}, "1,235"),
        (123449, {"satang": False}, "1,234"),
        (-40, {"satang": False}, "0"),
        (100_000_000_00, {}, "100,000,000.00"),
    ],
)
def test_format_amount(value: int | Decimal, kwargs: dict[str, bool], expected: str) -> None:
    assert format_amount(value, **kwargs) == expected


def test_format_amount_refuses_float() -> None:
    with pytest.raises(TypeError):
        format_amount(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=-MAX_SATANG, max_value=MAX_SATANG), st.booleans())
def test_parse_format_round_trip(n: int, thai: bool) -> None:
    text = format_amount(n, thai_digits=thai)
    parsed = parse_amount(text, allow_zero=True, allow_negative=True)
    assert to_satang(parsed) == n


@given(st.integers(min_value=1, max_value=MAX_SATANG))
def test_parse_positive_round_trip_default_flags(n: int) -> None:
    assert parse_amount(format_amount(n)) == from_satang(n)


def test_every_amount_message_has_a_thai_translation() -> None:
    from pathlib import Path

    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[2] / "resources/th/locale/th/LC_MESSAGES/kongtun.po"
    with po.open("rb") as fh:
        catalog = {m.id: m.string for m in read_po(fh) if m.id}
    typed = ["", "abc", "1.234", "1e10", "0", "-5"]
    for text in typed:
        with pytest.raises(InvalidAmount) as info:
            parse_amount(text)
        assert catalog.get(info.value.message_id), info.value.message_id
    with pytest.raises(InvalidAmount) as info:
        parse_amount("0", allow_negative=True)
    assert catalog.get(info.value.message_id)
