"""Words for codes: entry kinds, states, account kinds and groups, in the UI language.

Service rows carry codes ('receipt', 'reversed', 'bank'); screens show the words a
bookkeeper uses (รับ, ยกเลิกแล้ว, เงินฝากธนาคาร). Kept in one place so every screen
says the same thing.
"""

from __future__ import annotations

from app.i18n import _, get_language
from app.services.chart import GROUP_NAMES_EN, GROUP_NAMES_TH


def entry_kind(kind: str) -> str:
    """รับ / จ่าย / โอน / ปรับปรุง."""
    words = {"receipt": _("Receipt"), "payment": _("Payment"), "transfer": _("Transfer"),
             "adjustment": _("Adjustment")}
    return words.get(kind, kind)


ENTRY_KIND_CODES = ("receipt", "payment", "transfer", "adjustment")


def entry_state(state: str) -> str:
    """Nothing for a normal posted entry; ยกเลิกแล้ว for a cancelled one."""
    return _("Cancelled") if state == "reversed" else ""


def account_kind(kind: str) -> str:
    words = {"cash": _("Cash"), "bank": _("Bank"), "other": ""}
    return words.get(kind, kind)


def group_name(group: int) -> str:
    names = GROUP_NAMES_EN if get_language() == "en" else GROUP_NAMES_TH
    return names.get(group, str(group))


def account_name(name_th: str, name_en: str = "") -> str:
    """The account's name in the UI language (Thai unless English is chosen and known)."""
    return name_en if get_language() == "en" and name_en else name_th


def period_state(state: str | None) -> str:
    """งวดเปิด / ปิดงวดแล้ว / ไม่มีปีบัญชี."""
    if state is None:
        return _("No fiscal year")
    return _("Period closed") if state == "closed" else _("Period open")


def month_name(month: int) -> str:
    """The month's full name (มกราคม ... in Thai)."""
    if get_language() == "en":
        from babel.dates import get_month_names

        return str(get_month_names("wide", locale="en")[month])
    from app.thai import MONTHS_TH

    return MONTHS_TH[month - 1]
