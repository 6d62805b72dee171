"""Words for a loan's codes (status, interest method, repayment pattern, event, schedule
state, user role) as the bookkeeper says them, so every loan screen says the same thing."""

from __future__ import annotations

from decimal import Decimal

from app.i18n import _
from app.money import format_amount


def status_word(status: str) -> str:
    return {"applied": _("Applied"), "approved": _("Approved"), "active": _("Active"),
            "closed": _("Closed"), "rejected": _("Rejected")}.get(status, status)


def method_word(method: str) -> str:
    return {"flat": _("flat rate"), "declining": _("declining balance")}.get(method, method)


def pattern_word(pattern: str) -> str:
    return {"lump_sum": _("all at the end of the term"),
            "monthly": _("monthly instalments"),
            "quarterly": _("quarterly instalments")}.get(pattern, pattern)


def event_word(kind: str) -> str:
    return {"applied": _("Application"), "approved": _("Approval"),
            "rejected": _("Not approved"), "disbursed": _("Paid out"),
            "repaid": _("Repayment"), "fine_waived": _("Fine waived"),
            "closed": _("Loan closed"), "transferred": _("Moved into a new contract"),
            "restructured": _("Debt restructuring"), "renewed": _("Renewal"),
            "consolidated": _("Household consolidation")}.get(kind, kind)


def schedule_state_word(state: str) -> str:
    return {"paid": _("Paid up"), "part": _("Partly paid"), "late": _("Late")}.get(state, "")


def role_word(role: str) -> str:
    return {"chair": _("Chair of the committee"), "bookkeeper": _("Bookkeeper"),
            "auditor": _("Auditor"), "coordinator": _("Coordinator")}.get(role, role)


def terms_text(rate_percent: Decimal, method: str, term_months: int, pattern: str) -> str:
    """ดอกเบี้ย 6.00 % ต่อปี แบบคงที่ · 12 เดือน · ชำระครั้งเดียวเมื่อครบกำหนด."""
    return _("Interest {rate} % a year, {method} · {months} months · {pattern}").format(
        rate=f"{rate_percent:.2f}", method=method_word(method), months=term_months,
        pattern=pattern_word(pattern))


def baht(satang: int) -> str:
    return _("{amount} baht").format(amount=format_amount(satang))
