"""Exact money: integer satang in storage, `Decimal` baht in code, never float.

One rounding function (`round_money`, ROUND_HALF_UP to the satang) is used everywhere.
`parse_amount` reads what a bookkeeper types ("1,234.50", "๑,๒๓๔", "฿1,234", "1234.-",
"1,234 บาท") and refuses anything ambiguous with a clear `InvalidAmount`.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.errors import InvalidAmount

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: The largest amount the program accepts from the keyboard (baht).
MAX_AMOUNT = Decimal("999999999.99")

# Kept here (not imported from app.thai) so that money has no dependency on thai.
_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# Integer part: plain digits, or groups of three separated by commas or spaces.
_NUMBER = re.compile(r"(?P<int>\d{1,3}(?:[, ]\d{3})+|\d*)(?:\.(?P<frac>\d*))?")
_CURRENCY = re.compile(r"^(?:฿|thb)\s*|\s*(?:บาท|baht|thb|฿)$", re.IGNORECASE)


def _require_exact(value: object) -> None:
    """Refuse floats (and bools) so that binary fractions never enter the books."""
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"money must be Decimal or int, not {type(value).__name__}")


def round_money(value: Decimal | int) -> Decimal:
    """Round to the satang (0.01) with ROUND_HALF_UP: the one rounding rule of the program."""
    _require_exact(value)
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"money must be finite, not {value}")
    result = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO if result == 0 else result  # no "-0.00"


def to_satang(value: Decimal | int | str) -> int:
    """Baht (Decimal, int baht, or a plain decimal string like "12.50") to integer satang."""
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal amount: {value!r}") from None
    return int(round_money(value) * 100)


def from_satang(satang: int) -> Decimal:
    """Integer satang to baht, exact, with 2 decimal places."""
    if isinstance(satang, bool) or not isinstance(satang, int):
        raise TypeError(f"satang must be int, not {type(satang).__name__}")
    return Decimal(satang).scaleb(-2)


def _clean(text: str) -> tuple[str, bool]:
    """Drop Thai digits, currency words/signs and the "-" of "1234.-"; return (number, negative)."""
    text = " ".join(text.translate(_THAI_TO_ARABIC).replace("\u2212", "-").split())
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting style (1,234.00)
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text).strip()
    if text.endswith(".-"):
        text = text[:-2]
    if text and text[0] in "+-":
        negative = negative or text[0] == "-"
        text = _CURRENCY.sub("", text[1:].strip()).strip()
    return text, negative


def parse_amount(text: str, *, allow_zero: bool = False, allow_negative: bool = False) -> Decimal:
    """Read an amount typed by a bookkeeper; raise InvalidAmount with a precise message."""
    if not text or not text.strip():
        raise InvalidAmount("Please type an amount.")
    body, negative = _clean(text)
    match = _NUMBER.fullmatch(body)
    if not body or match is None or not (match["int"] or match["frac"]):
        raise InvalidAmount('The amount "{text}" is not a number.', text=text.strip())
    if match["frac"] and len(match["frac"]) > 2:
        raise InvalidAmount("An amount has at most 2 decimal places (satang).")
    digits = re.sub(r"[, ]", "", match["int"] or "0")
    value = Decimal(f"{digits}.{match['frac'] or '0'}")
    if value > MAX_AMOUNT:
        raise InvalidAmount("The amount is too large: at most 999,999,999.99 baht.")
    if value == 0:
        if not allow_zero:
            raise InvalidAmount(
                "The amount cannot be zero."
                if allow_negative
                else "The amount must be more than zero."
            )
        return ZERO
    if negative and not allow_negative:
        raise InvalidAmount("The amount cannot be negative.")
    return round_money(-value if negative else value)


def format_amount(
    value: int | Decimal,
    *,
    satang: bool = True,
    thai_digits: bool = False,
    blank_zero: bool = False,
) -> str:
    """Show an amount as "1,234.50" ("-1,234.50" when negative). An int is satang.

    `satang=False` shows whole baht ("1,235"), rounded half up; `blank_zero` gives "" for
    zero (tidy report columns); `thai_digits` writes ๐–๙.
    """
    amount = from_satang(value) if isinstance(value, int) else round_money(value)
    if blank_zero and amount == 0:
        return ""
    if not satang:
        amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        amount = abs(amount) if amount == 0 else amount
    text = format(amount, ",.2f" if satang else ",.0f")
    return text.translate(_ARABIC_TO_THAI) if thai_digits else text
