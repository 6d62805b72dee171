"""Thai helpers: Buddhist-era dates, digits, amounts in words, dictionary order, national ID."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InvalidDate, InvalidNationalId
from app.thai import (
    BE_OFFSET,
    MONTHS_TH,
    MONTHS_TH_ABBR,
    baht_text,
    format_date,
    format_month,
    format_national_id,
    from_be_year,
    from_thai_digits,
    is_valid_national_id,
    national_id_check_digit,
    normalize_national_id,
    parse_date,
    parse_month,
    thai_sort_key,
    to_be_year,
    to_thai_digits,
)

JAN_15 = date(2025, 1, 15)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))

# ---------------------------------------------------------------- years, months, digits


def test_buddhist_era_years() -> None:
    assert BE_OFFSET == 543
    assert to_be_year(2025) == 2568
    assert from_be_year(2568) == 2025


def test_month_names_from_babel_are_the_standard_thai_ones() -> None:
    assert MONTHS_TH == [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ]  # fmt: skip
    assert MONTHS_TH_ABBR == [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ]  # fmt: skip


def test_thai_digits() -> None:
    assert to_thai_digits("15/01/2568 ab") == "๑๕/๐๑/๒๕๖๘ ab"
    assert from_thai_digits("๑๕/๐๑/๒๕๖๘ ก") == "15/01/2568 ก"
    assert from_thai_digits(to_thai_digits("0123456789")) == "0123456789"


# ---------------------------------------------------------------- dates: display


@pytest.mark.parametrize(
    ("style", "expected", "expected_thai"),
    [
        ("short", "15 ม.ค. 2568", "๑๕ ม.ค. ๒๕๖๘"),
        ("long", "15 มกราคม 2568", "๑๕ มกราคม ๒๕๖๘"),
        ("numeric", "15/01/2568", "๑๕/๐๑/๒๕๖๘"),
        ("month", "มกราคม 2568", "มกราคม ๒๕๖๘"),
    ],
)
def test_format_date(style: str, expected: str, expected_thai: str) -> None:
    assert format_date(JAN_15, style) == expected
    assert format_date(JAN_15, style, thai_digits=True) == expected_thai


def test_format_date_default_is_short_and_pads_numeric() -> None:
    assert format_date(date(2024, 2, 29)) == "29 ก.พ. 2567"
    assert format_date(date(2024, 3, 5), "numeric") == "05/03/2567"
    with pytest.raises(ValueError):
        format_date(JAN_15, "iso")


def test_format_month() -> None:
    assert format_month(2025, 6) == "มิถุนายน 2568"
    assert format_month(2025, 6, "short") == "มิ.ย. 2568"
    assert format_month(2025, 12, thai_digits=True) == "ธันวาคม ๒๕๖๘"
    with pytest.raises(ValueError):
        format_month(2025, 13)


# ---------------------------------------------------------------- dates: input


@pytest.mark.parametrize(
    "text",
    [
        "15/1/2568",
        "15/01/2568",
        "15/01/68",
        "15-1-2568",
        "15.1.2568",
        "15 / 1 / 2568",
        "15 ม.ค. 2568",
        "15 มกราคม 2568",
        "15 ม.ค. 68",
        "15 มค 2568",
        "15ม.ค.2568",
        "15 มกราคม พ.ศ. 2568",
        "๑๕/๑/๒๕๖๘",
        "๑๕ ม.ค. ๒๕๖๘",
        "2025-01-15",
        "2568-01-15",
        "  15/1/2568  ",
    ],
)
def test_parse_date_accepts(text: str) -> None:
    assert parse_date(text) == JAN_15


def test_parse_date_leap_years_in_buddhist_era() -> None:
    assert parse_date("29/2/2567") == date(2024, 2, 29)  # 2567 BE = 2024, a leap year
    with pytest.raises(InvalidDate):
        parse_date("29/2/2568")


def test_parse_date_two_digit_year_is_be_25xx() -> None:
    assert parse_date("1/1/00") == date(1957, 1, 1)
    assert parse_date("31/12/99") == date(2056, 12, 31)


def test_parse_date_without_year_uses_pivot() -> None:
    assert parse_date("15/1", pivot=date(2024, 6, 1)) == date(2024, 1, 15)
    assert parse_date("15 ม.ค.", pivot=date(2025, 6, 1)) == JAN_15
    with pytest.raises(InvalidDate):
        parse_date("15/1")


@pytest.mark.parametrize(
    ("text", "message_id"),
    [
        ("", "Please type a date."),
        ("   ", "Please type a date."),
        ("abc", 'The date "{text}" is not valid. Type day/month/year in the Buddhist era, '
         "e.g. 15/1/2568."),
        ("15 foo 2568", 'The date "{text}" is not valid. Type day/month/year in the Buddhist '
         "era, e.g. 15/1/2568."),
        ("15/1/256", 'The date "{text}" is not valid. Type day/month/year in the Buddhist era, '
         "e.g. 15/1/2568."),
        ("15/1/2568/1", 'The date "{text}" is not valid. Type day/month/year in the Buddhist '
         "era, e.g. 15/1/2568."),
        ("31/2/2568", 'There is no such date: "{text}". Check the day and the month.'),
        ("29/2/2568", 'There is no such date: "{text}". Check the day and the month.'),
        ("32/1/2568", 'There is no such date: "{text}". Check the day and the month.'),
        ("15/13/2568", 'There is no such date: "{text}". Check the day and the month.'),
        ("0/1/2568", 'There is no such date: "{text}". Check the day and the month.'),
        ("2025-02-30", 'There is no such date: "{text}". Check the day and the month.'),
        ("15/1/2025", 'The year in "{text}" looks like a Christian-era year. '
         "Type the year in the Buddhist era, e.g. 2568."),
        ("15 ม.ค. 2025", 'The year in "{text}" looks like a Christian-era year. '
         "Type the year in the Buddhist era, e.g. 2568."),
    ],
)  # fmt: skip
def test_parse_date_refusals(text: str, message_id: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_date(text)
    assert info.value.message_id == message_id
    if text.strip():
        assert info.value.params == {"text": text.strip()}


@given(dates, st.sampled_from(["short", "long", "numeric"]), st.booleans())
def test_parse_date_round_trip(d: date, style: str, thai: bool) -> None:
    assert parse_date(format_date(d, style, thai_digits=thai)) == d


@given(dates)
def test_parse_date_iso_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d


@pytest.mark.parametrize(
    "text",
    ["2568-06", "2025-06", "06/2568", "6/2568", "6/68", "6-2568", "มิ.ย. 2568", "มิย 2568",
     "มิถุนายน 2568", "มิถุนายน พ.ศ. 2568", "๐๖/๒๕๖๘"],
)  # fmt: skip
def test_parse_month_accepts(text: str) -> None:
    assert parse_month(text) == (2025, 6)


@pytest.mark.parametrize(
    "text", ["", "abc", "13/2568", "0/2568", "2568-13", "foo 2568", "มิถุนายน", "06/2025"]
)
def test_parse_month_refusals(text: str) -> None:
    with pytest.raises(InvalidDate):
        parse_month(text)


def test_parse_month_christian_year_asks_for_buddhist_era() -> None:
    with pytest.raises(InvalidDate) as info:
        parse_month("06/2025")
    assert "Christian-era" in info.value.message_id


@given(st.integers(1900, 2200), st.integers(1, 12), st.sampled_from(["long", "short"]))
def test_parse_month_round_trip(year: int, month: int, style: str) -> None:
    assert parse_month(format_month(year, month, style)) == (year, month)
    assert parse_month(f"{year:04d}-{month:02d}") == (year, month)
    assert parse_month(f"{month}/{to_be_year(year)}") == (year, month)


# ---------------------------------------------------------------- amounts in words

BAHT_TEXT_CASES = [
    ("0", "ศูนย์บาทถ้วน"),
    ("0.01", "หนึ่งสตางค์"),
    ("0.50", "ห้าสิบสตางค์"),
    ("0.21", "ยี่สิบเอ็ดสตางค์"),
    ("1", "หนึ่งบาทถ้วน"),
    ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
    ("10", "สิบบาทถ้วน"),
    ("11", "สิบเอ็ดบาทถ้วน"),
    ("11.11", "สิบเอ็ดบาทสิบเอ็ดสตางค์"),
    ("20", "ยี่สิบบาทถ้วน"),
    ("21", "ยี่สิบเอ็ดบาทถ้วน"),
    ("21.21", "ยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์"),
    ("100", "หนึ่งร้อยบาทถ้วน"),
    ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
    ("111", "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
    ("1001", "หนึ่งพันเอ็ดบาทถ้วน"),
    ("25000", "สองหมื่นห้าพันบาทถ้วน"),
    ("1000000", "หนึ่งล้านบาทถ้วน"),
    # เอ็ด across the ล้าน boundary: a higher nonzero digit exists (the rule we chose).
    ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
    ("10000001", "สิบล้านเอ็ดบาทถ้วน"),
    ("1000010", "หนึ่งล้านสิบบาทถ้วน"),
    ("1234567.89", "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์"),
    ("10000000", "สิบล้านบาทถ้วน"),
    ("11000000", "สิบเอ็ดล้านบาทถ้วน"),
    ("21000000", "ยี่สิบเอ็ดล้านบาทถ้วน"),
    ("101000000", "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
    ("999999999.99", "เก้าร้อยเก้าสิบเก้าล้านเก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาท"
     "เก้าสิบเก้าสตางค์"),
    ("1000000000000", "หนึ่งล้านล้านบาทถ้วน"),
    ("-5.25", "ลบห้าบาทยี่สิบห้าสตางค์"),
]  # fmt: skip


@pytest.mark.parametrize(("amount", "words"), BAHT_TEXT_CASES)
def test_baht_text(amount: str, words: str) -> None:
    assert baht_text(Decimal(amount)) == words


def test_baht_text_int_is_satang_and_rounds_half_up() -> None:
    assert baht_text(1) == "หนึ่งสตางค์"
    assert baht_text(123456789) == "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์"
    assert baht_text(Decimal("0.005")) == "หนึ่งสตางค์"
    assert baht_text(Decimal("1.999")) == "สองบาทถ้วน"
    with pytest.raises(TypeError):
        baht_text(1.5)  # type: ignore[arg-type]


@given(st.integers(1, 99_999_999_999))
def test_baht_text_shape(satang: int) -> None:
    words = baht_text(satang)
    assert words.endswith("บาทถ้วน" if satang % 100 == 0 else "สตางค์")
    assert "หนึ่งสิบ" not in words and "สองสิบ" not in words
    assert not words.startswith("เอ็ด") and "ศูนย์" not in words


# ---------------------------------------------------------------- dictionary order


def test_thai_sort_examples() -> None:
    names = ["ไก่", "กา", "เกา", "ขิง", "แก้ว", "โกวิท", "ฤดี", "รัตนา", "ลำไย", "ฦๅ", "วันดี"]
    expected = ["กา", "เกา", "แก้ว", "โกวิท", "ไก่", "ขิง", "รัตนา", "ฤดี", "ลำไย", "ฦๅ", "วันดี"]
    assert sorted(names, key=thai_sort_key) == expected
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=thai_sort_key) == expected


def test_leading_vowels_do_not_count_first() -> None:
    # Code-point order would put every เ/แ/โ/ไ word after ฮ; the dictionary files them by
    # their first consonant.
    names = ["ไพโรจน์", "เพ็ญ", "สมใจ", "โชติ", "แดง", "บุญมี", "ใจดี"]
    expected = ["ใจดี", "โชติ", "แดง", "บุญมี", "เพ็ญ", "ไพโรจน์", "สมใจ"]
    assert sorted(names, key=thai_sort_key) == expected


def test_ru_and_lu_follow_ro_and_lo() -> None:
    names = ["ลออ", "ฤทัย", "รุ่ง", "ฦๅชา", "วิไล", "ฤๅษี", "ละออ"]
    expected = ["รุ่ง", "ฤทัย", "ฤๅษี", "ลออ", "ละออ", "ฦๅชา", "วิไล"]
    assert sorted(names, key=thai_sort_key) == expected


def test_consonant_before_vowel_and_tone_marks_only_break_ties() -> None:
    assert sorted(["กา", "กก", "กะ"], key=thai_sort_key) == ["กก", "กะ", "กา"]
    assert sorted(["ก้า", "ก่า", "กา", "กาง"], key=thai_sort_key) == ["กา", "ก่า", "ก้า", "กาง"]
    assert sorted(["ไก่", "ไก"], key=thai_sort_key) == ["ไก", "ไก่"]


def test_latin_and_digits_before_thai() -> None:
    names = ["สมชาย", "Anna", "7-Eleven", "bob", "กมล", "๑๒ ราศี"]
    expected = ["๑๒ ราศี", "7-Eleven", "Anna", "bob", "กมล", "สมชาย"]
    assert sorted(names, key=thai_sort_key) == expected


def test_equal_primary_keys_stay_distinct_and_total() -> None:
    assert thai_sort_key("ไก่") != thai_sort_key("ไก")
    assert thai_sort_key("Anna") < thai_sort_key("anna")  # only the last level differs


# ---------------------------------------------------------------- national ID

# Hand check of 1101700230705 (from the brief): digits 1 1 0 1 7 0 0 2 3 0 7 0, weights 13..2:
# 13 + 12 + 0 + 10 + 63 + 0 + 0 + 12 + 15 + 0 + 21 + 0 = 146; 146 mod 11 = 3;
# (11 - 3) mod 10 = 8. So 1101700230708 is valid and 1101700230705 is NOT.
# Hand check of 1234567890121: 13+24+33+40+45+48+49+48+45+0+3+4 = 352 = 32*11, mod 11 = 0;
# (11 - 0) mod 10 = 1 -> valid.
# Hand check of 3100600123450: 39+12+0+0+54+0+0+6+10+12+12+10 = 155; 155 mod 11 = 1;
# (11 - 1) mod 10 = 0 -> valid (the "mod 10" wraps 10 to 0).
VALID_IDS = ["1101700230708", "1234567890121", "3100600123450"]


def test_check_digit_by_hand() -> None:
    assert national_id_check_digit("110170023070") == 8
    assert national_id_check_digit("123456789012") == 1
    assert national_id_check_digit("310060012345") == 0
    with pytest.raises(ValueError):
        national_id_check_digit("12345")


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_ids(number: str) -> None:
    assert is_valid_national_id(number)
    assert normalize_national_id(number) == number


@pytest.mark.parametrize(
    "typed", ["1-2345-67890-12-1", "1 2345 67890 12 1", "๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑", " 1234567890121 "]
)
def test_normalize_accepts_separators_and_thai_digits(typed: str) -> None:
    assert normalize_national_id(typed) == "1234567890121"


@pytest.mark.parametrize(
    ("typed", "message_id"),
    [
        ("1101700230705", "The check digit of the national ID {number} is wrong. "
         "Please compare it with the ID card."),
        ("1234567890122", "The check digit of the national ID {number} is wrong. "
         "Please compare it with the ID card."),
        ("123456789012", "The national ID must have 13 digits; {count} were typed."),
        ("12345678901211", "The national ID must have 13 digits; {count} were typed."),
        ("", "The national ID must have 13 digits; {count} were typed."),
        ("12345678901a1", "The national ID may contain only digits."),
        ("0234567890121", "A national ID cannot begin with 0."),
    ],
)  # fmt: skip
def test_normalize_refusals(typed: str, message_id: str) -> None:
    with pytest.raises(InvalidNationalId) as info:
        normalize_national_id(typed)
    assert info.value.message_id == message_id
    assert not is_valid_national_id(typed)


def test_length_and_check_digit_messages_differ() -> None:
    messages = set()
    for typed in ("123", "1234567890122"):
        with pytest.raises(InvalidNationalId) as info:
            normalize_national_id(typed)
        messages.add(info.value.message_id)
    assert len(messages) == 2


def test_format_national_id() -> None:
    assert format_national_id("1234567890121") == "1-2345-67890-12-1"
    assert format_national_id("๑๒๓๔๕๖๗๘๙๐๑๒๑") == "1-2345-67890-12-1"
    with pytest.raises(InvalidNationalId):
        format_national_id("12345")


def test_is_valid_national_id_never_raises() -> None:
    assert not is_valid_national_id(None)  # type: ignore[arg-type]
    assert not is_valid_national_id("hello")


@given(st.integers(1, 9), st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_every_prefix_with_its_check_digit_validates(first: int, rest: str) -> None:
    first12 = f"{first}{rest}"
    check = national_id_check_digit(first12)
    assert 0 <= check <= 9
    assert is_valid_national_id(f"{first12}{check}")
    for other in set(range(10)) - {check}:
        assert not is_valid_national_id(f"{first12}{other}")


def test_every_message_has_a_thai_translation() -> None:
    from pathlib import Path

    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[2] / "resources/th/locale/th/LC_MESSAGES/kongtun.po"
    with po.open("rb") as fh:
        catalog = {m.id: m.string for m in read_po(fh) if m.id}
    attempts = [(parse_date, t) for t in ("", "abc", "31/2/2568", "15/1/2025")]
    attempts += [(parse_month, "abc")]
    attempts += [(normalize_national_id, t) for t in ("12", "1234567890122", "0234567890121")]
    attempts += [(normalize_national_id, "12345678901a1")]
    seen = set()
    for func, text in attempts:
        with pytest.raises((InvalidDate, InvalidNationalId)) as info:
            func(text)
        seen.add(info.value.message_id)
        assert catalog.get(info.value.message_id), info.value.message_id
    assert len(seen) == len(attempts)
