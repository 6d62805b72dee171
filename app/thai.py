"""Thai helpers: Buddhist-era dates, Thai digits, amounts in words, dictionary order, national ID.

Dates are `datetime.date` (Gregorian) in code and ISO in storage; the Buddhist era
(พ.ศ. = ค.ศ. + 543) appears only when a date is shown, typed or printed. Month names come
from Babel's CLDR data (Babel's Thai abbreviations are the standard ones, ม.ค. … ธ.ค., so no
normalisation is needed; a test guards this).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from babel.dates import get_month_names

from app.errors import InvalidDate, InvalidNationalId
from app.money import round_money

BE_OFFSET = 543
#: Full Thai month names, index 0 = มกราคม.
MONTHS_TH: list[str] = [get_month_names("wide", locale="th")[m] for m in range(1, 13)]
#: Abbreviated Thai month names, index 0 = ม.ค.
MONTHS_TH_ABBR: list[str] = [get_month_names("abbreviated", locale="th")[m] for m in range(1, 13)]

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_FROM_THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

MSG_DATE_EMPTY = "Please type a date."
MSG_DATE_GARBAGE = (
    'The date "{text}" is not valid. Type day/month/year in the Buddhist era, e.g. 15/1/2568.'
)
MSG_DATE_IMPOSSIBLE = 'There is no such date: "{text}". Check the day and the month.'
MSG_CHRISTIAN_YEAR = (
    'The year in "{text}" looks like a Christian-era year. '
    "Type the year in the Buddhist era, e.g. 2568."
)
MSG_MONTH_GARBAGE = (
    'The month "{text}" is not valid. Type month/year in the Buddhist era, e.g. 6/2568.'
)


def to_be_year(year: int) -> int:
    """Gregorian (ค.ศ.) year to Buddhist-era (พ.ศ.) year."""
    return year + BE_OFFSET


def from_be_year(be: int) -> int:
    """Buddhist-era (พ.ศ.) year to Gregorian (ค.ศ.) year."""
    return be - BE_OFFSET


def to_thai_digits(text: str) -> str:
    """Write 0–9 as Thai digits ๐–๙; everything else is unchanged."""
    return text.translate(_TO_THAI)


def from_thai_digits(text: str) -> str:
    """Write Thai digits ๐–๙ as 0–9; everything else is unchanged."""
    return text.translate(_FROM_THAI)


# ---------------------------------------------------------------- dates: display


def format_date(d: date, style: str = "short", *, thai_digits: bool = False) -> str:
    """A date for people, in the Buddhist era.

    Styles: "short" 15 ม.ค. 2568, "long" 15 มกราคม 2568, "numeric" 15/01/2568,
    "month" มกราคม 2568.
    """
    be = to_be_year(d.year)
    if style == "short":
        text = f"{d.day} {MONTHS_TH_ABBR[d.month - 1]} {be}"
    elif style == "long":
        text = f"{d.day} {MONTHS_TH[d.month - 1]} {be}"
    elif style == "numeric":
        text = f"{d.day:02d}/{d.month:02d}/{be}"
    elif style == "month":
        text = f"{MONTHS_TH[d.month - 1]} {be}"
    else:
        raise ValueError(f"unknown date style {style!r}")
    return to_thai_digits(text) if thai_digits else text


def format_month(year: int, month: int, style: str = "long", *, thai_digits: bool = False) -> str:
    """A month of a Gregorian year in the Buddhist era: "มิถุนายน 2568" or ("short") "มิ.ย. 2568"."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    if style not in ("long", "short"):
        raise ValueError(f"unknown month style {style!r}")
    names = MONTHS_TH if style == "long" else MONTHS_TH_ABBR
    text = f"{names[month - 1]} {to_be_year(year)}"
    return to_thai_digits(text) if thai_digits else text


# ---------------------------------------------------------------- dates: input


def _month_key(name: str) -> str:
    """A month word without dots, spaces or a trailing "พ.ศ.": "ม.ค." -> "มค"."""
    key = name.replace(".", "").replace(" ", "")
    return key.removesuffix("พศ")


_MONTH_BY_NAME: dict[str, int] = {
    _month_key(n): i + 1 for names in (MONTHS_TH, MONTHS_TH_ABBR) for i, n in enumerate(names)
}
_SEP = r"\s*[/.\-]\s*"
_ISO_DATE = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})")
_NUM_DATE = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}})(?:{_SEP}(\d+))?")
_WORD_DATE = re.compile(r"(\d{1,2})\s*([^\d\s][^\d]*?)\s*(\d+)?")
_ISO_MONTH = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})")
_NUM_MONTH = re.compile(rf"(\d{{1,2}}){_SEP}(\d+)")
_WORD_MONTH = re.compile(r"([^\d\s][^\d]*?)\s*(\d+)")


def _normalise(text: str) -> str:
    return " ".join(from_thai_digits(text).split())


def _be_year(digits: str, text: str, garbage: str) -> int:
    """A typed Buddhist-era year ("2568" or "68") as a Gregorian year."""
    if len(digits) == 2:
        return from_be_year(2500 + int(digits))
    if len(digits) == 4:
        if int(digits) > 2400:
            return from_be_year(int(digits))
        raise InvalidDate(MSG_CHRISTIAN_YEAR, text=text)
    raise InvalidDate(garbage, text=text)


def _iso_year(digits: str) -> int:
    """A year written first (ISO order): Gregorian unless above 2400 (then Buddhist era)."""
    year = int(digits)
    return from_be_year(year) if year > 2400 else year


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate(MSG_DATE_IMPOSSIBLE, text=text) from None


def parse_date(text: str, *, pivot: date | None = None) -> date:
    """Read a date typed by a Thai bookkeeper, day first, year in the Buddhist era.

    Accepts 15/1/2568, 15-1-2568, 15.1.2568, 15/01/68 (68 = พ.ศ. 2568), 15 ม.ค. 2568,
    15 มกราคม 2568, Thai digits, and ISO 2025-01-15 (Gregorian; a year above 2400 is read as
    Buddhist era). Without a year ("15/1") the year of `pivot` (the working date) is used;
    without a pivot that is refused. Raises InvalidDate.
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidDate(MSG_DATE_EMPTY)
    clean = _normalise(raw)
    if m := _ISO_DATE.fullmatch(clean):
        return _make_date(_iso_year(m[1]), int(m[2]), int(m[3]), raw)
    if m := _NUM_DATE.fullmatch(clean):
        day, month, year_digits = int(m[1]), int(m[2]), m[3]
    elif (m := _WORD_DATE.fullmatch(clean)) and _month_key(m[2]) in _MONTH_BY_NAME:
        day, month, year_digits = int(m[1]), _MONTH_BY_NAME[_month_key(m[2])], m[3]
    else:
        raise InvalidDate(MSG_DATE_GARBAGE, text=raw)
    if year_digits is None:
        if pivot is None:
            raise InvalidDate(MSG_DATE_GARBAGE, text=raw)
        year = pivot.year
    else:
        year = _be_year(year_digits, raw, MSG_DATE_GARBAGE)
    return _make_date(year, month, day, raw)


def parse_month(text: str) -> tuple[int, int]:
    """Read a month: "2568-06", "2025-06", "06/2568", "6/68", "มิ.ย. 2568", "มิถุนายน 2568".

    Returns (Gregorian year, month). A year above 2400 is Buddhist era; a month/year typed
    with a 4-digit year must be Buddhist era. Raises InvalidDate.
    """
    raw = (text or "").strip()
    clean = _normalise(raw)
    if m := _ISO_MONTH.fullmatch(clean):
        year, month = _iso_year(m[1]), int(m[2])
    elif m := _NUM_MONTH.fullmatch(clean):
        year, month = _be_year(m[2], raw, MSG_MONTH_GARBAGE), int(m[1])
    elif (m := _WORD_MONTH.fullmatch(clean)) and _month_key(m[1]) in _MONTH_BY_NAME:
        year, month = _be_year(m[2], raw, MSG_MONTH_GARBAGE), _MONTH_BY_NAME[_month_key(m[1])]
    else:
        raise InvalidDate(MSG_MONTH_GARBAGE, text=raw)
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        raise InvalidDate(MSG_MONTH_GARBAGE, text=raw)
    return year, month


# ---------------------------------------------------------------- amounts in words

_DIGIT_WORDS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")


def _group_words(n: int, has_higher: bool) -> str:
    """Words for 0 < n < 1,000,000; `has_higher`: a nonzero digit stands above this group."""
    words = []
    for place in range(5, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "", 2: "ยี่"}.get(digit, _DIGIT_WORDS[digit]) + "สิบ")
        elif place == 0 and digit == 1 and (n >= 10 or has_higher):
            words.append("เอ็ด")
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACES[place])
    return "".join(words)


def _number_words(n: int, has_higher: bool = False) -> str:
    """Words for n > 0, millions repeating: 21,000,000 -> ยี่สิบเอ็ดล้าน."""
    millions, rest = divmod(n, 1_000_000)
    if not millions:
        return _group_words(rest, has_higher)
    head = _number_words(millions, has_higher) + "ล้าน"
    return head + (_group_words(rest, True) if rest else "")


def baht_text(amount: Decimal | int) -> str:
    """An amount in Thai words, as on a receipt; an int is satang.

    Reference: Excel BAHTTEXT. เอ็ด is said for a units digit 1 whenever any higher digit of
    the number is nonzero, across ล้าน groups too (the Royal Institute and bank usage; also
    PyThaiNLP's bahttext): 11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด, 1,000,001 หนึ่งล้านเอ็ด, but 1 หนึ่ง
    and 1,000,000 หนึ่งล้าน. Satang are read as their own number: 1.01 หนึ่งบาทหนึ่งสตางค์,
    0.50 ห้าสิบสตางค์. Whole baht end in บาทถ้วน; zero is ศูนย์บาทถ้วน; negative gets ลบ.
    """
    value = Decimal(amount).scaleb(-2) if isinstance(amount, int) else amount
    satang_total = int(round_money(value) * 100)
    if satang_total < 0:
        return "ลบ" + baht_text(-satang_total)
    baht, satang = divmod(satang_total, 100)
    if satang_total == 0:
        return "ศูนย์บาทถ้วน"
    text = _number_words(baht) + "บาท" if baht else ""
    return text + (_number_words(satang) + "สตางค์" if satang else "ถ้วน")


# ---------------------------------------------------------------- dictionary order

# Preposed vowels เ แ โ ใ ไ followed by a consonant are moved after it, as in a dictionary.
_PREPOSED = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
# Code-point order of Thai letters is dictionary order once preposed vowels are moved:
# consonants ก..ฮ with ฤ right after ร and ฦ right after ล, then vowels ะ ั า ำ ิ ี ึ ื ุ ู เ แ
# โ ใ ไ ๅ. Tone marks and ็ ์ ํ ๎ only break ties, so they leave the primary key.
_UNIFY = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NO_MARKS = str.maketrans(dict.fromkeys("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"))


def thai_sort_key(text: str) -> tuple[str, str, str]:
    """Key for Thai dictionary order (ก–ฮ; เ แ โ ใ ไ do not count first; Latin/digits first).

    Three levels: letters without tone marks, then with them, then the text itself.
    """
    ordered = _PREPOSED.sub(r"\2\1", text.translate(_UNIFY).casefold())
    return ordered.translate(_NO_MARKS), ordered, text


# ---------------------------------------------------------------- national ID


def national_id_check_digit(first12: str) -> int:
    """Check digit of a Thai national ID: (11 − Σ dᵢ·(13−i) mod 11) mod 10."""
    if len(first12) != 12 or not first12.isascii() or not first12.isdigit():
        raise ValueError(f"need the first 12 digits, not {first12!r}")
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def _id_digits(text: str) -> str:
    """The digits of a typed ID without dashes and spaces; checks only digits and length."""
    digits = "".join(from_thai_digits(text or "").replace("-", " ").split())
    if not (digits.isascii() and digits.isdigit()) and digits:
        raise InvalidNationalId("The national ID may contain only digits.")
    if len(digits) != 13:
        raise InvalidNationalId(
            "The national ID must have 13 digits; {count} were typed.", count=len(digits)
        )
    return digits


def normalize_national_id(text: str) -> str:
    """The 13 digits of a typed national ID ("1-2345-67890-12-1", spaces, Thai digits).

    Raises InvalidNationalId for non-digits, a wrong length, a leading 0 or a wrong check digit.
    """
    digits = _id_digits(text)
    if digits[0] == "0":
        raise InvalidNationalId("A national ID cannot begin with 0.")
    if national_id_check_digit(digits[:12]) != int(digits[12]):
        raise InvalidNationalId(
            "The check digit of the national ID {number} is wrong. "
            "Please compare it with the ID card.",
            number=format_national_id(digits),
        )
    return digits


def is_valid_national_id(text: str) -> bool:
    """True when `text` is a well-formed Thai national ID with a correct check digit."""
    try:
        normalize_national_id(text)
    except (InvalidNationalId, AttributeError, TypeError):
        return False
    return True


def format_national_id(id13: str) -> str:
    """Show an ID as 1-2345-67890-12-1. Only the 13 digits are required (stored data is
    shown even if its check digit is wrong); raises InvalidNationalId otherwise."""
    d = _id_digits(id13)
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"
