"""A small fund's books, told as a story, for the report tests (and the cash tests).

Fiscal year 2567 (2024): the government allocation reaches bank 1, cash is drawn, a loan
is paid out and its first instalment comes back with interest, a member saves and buys
shares, supplies are bought. Fiscal year 2568 (2025): another instalment, an entry fee,
a purchase posted wrongly and cancelled, cash carried to bank 3, bank interest credited
net of a fee (one entry, two categories), a savings deposit, an emergency loan.
Every month of 2567 and January 2568 are closed; February 2568 is open.

The three villagers are members of the registry (1 อ้อยใจ, 2 วีระ, 3 สมชาย) and both loans
are real contracts of the loan register, applied for, approved and paid out through the
loan services (`LoanPayout`): the ordinary loan 2567/0001 (id 1) and the emergency loan
2568/0001 (id 2). The instalments are posted by hand with their loan id, as the figures
of the report tests were worked out by hand from them.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from app.db import open_fund
from app.services import loans
from app.services.ledger import LineInput, post_entry, reverse_entry
from app.services.loan_rules import list_loan_types
from app.services.members import MemberInput, add_member
from app.services.periods import close_period, open_fiscal_year
from app.thai import national_id_check_digit

USER = "bookkeeper"
PRINTED_ON = dt.date(2025, 2, 28)


def dr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, debit=Decimal(amount), **kw)


def cr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, credit=Decimal(amount), **kw)


class LoanPayout(NamedTuple):
    """A loan applied for, approved by the chair and paid out on one day (one payment)."""

    type_code: str
    member_id: int
    baht: int
    money_account: str


MEMBERS = (("นาง", "อ้อยใจ", "บุญเกิด"), ("นาย", "วีระ", "สุวรรณ"), ("นาย", "สมชาย", "ใจดี"))


STORY = [
    ("receipt", dt.date(2024, 3, 1), "รับเงินจัดสรรจากรัฐบาล", "สทบ.",
     (dr("11020", "500000"), cr("31010", "500000"))),
    ("transfer", dt.date(2024, 3, 5), "ถอนเงินจากธนาคารมาเป็นเงินสด", "",
     (dr("11010", "10000"), cr("11020", "10000"))),
    ("payment", dt.date(2024, 3, 8), "จ่ายเงินกู้สามัญ สัญญา 1/2567", "นายสมชาย ใจดี",
     LoanPayout("ordinary", 3, 30_000, "11020")),
    ("receipt", dt.date(2024, 4, 10), "รับชำระเงินกู้งวดที่ 1", "นายสมชาย ใจดี",
     (dr("11010", "1250"), cr("13010", "1000", loan_id=1), cr("41010", "250", loan_id=1))),
    ("receipt", dt.date(2024, 6, 15), "รับฝากสัจจะและซื้อหุ้น", "นางอ้อยใจ บุญเกิด",
     (dr("11010", "300"), cr("21010", "200", member_id=1), cr("32010", "100", member_id=1))),
    ("payment", dt.date(2024, 12, 20), "ซื้อวัสดุสำนักงาน", "ร้านสมใจพาณิชย์",
     (dr("52010", "150.50"), cr("11010", "150.50"))),
    ("receipt", dt.date(2025, 1, 5), "รับชำระเงินกู้งวดที่ 2", "นายสมชาย ใจดี",
     (dr("11010", "1100"), cr("13010", "1000", loan_id=1), cr("41010", "100", loan_id=1))),
    ("receipt", dt.date(2025, 1, 10), "ค่าธรรมเนียมแรกเข้า", "นางสาวมาลี ศรีสุข",
     (dr("11010", "100"), cr("42010", "100"))),
    ("payment", dt.date(2025, 1, 12), "ค่าถ่ายเอกสาร", "ร้านถ่ายเอกสาร",
     (dr("52020", "87.25"), cr("11010", "87.25"))),
    ("transfer", dt.date(2025, 1, 20), "นำเงินสดฝากธนาคาร", "",
     (dr("11040", "2000"), cr("11010", "2000"))),
    ("receipt", dt.date(2025, 1, 25), "ดอกเบี้ยเงินฝากหักค่าธรรมเนียม", "ธ.ก.ส.",
     (dr("11020", "95.50"), dr("53010", "4.50"), cr("43010", "100"))),
    ("receipt", dt.date(2025, 2, 3), "รับฝากสัจจะ", "นายวีระ สุวรรณ",
     (dr("11010", "500"), cr("21010", "500", member_id=2))),
    ("payment", dt.date(2025, 2, 10), "จ่ายเงินกู้ฉุกเฉิน สัญญา 1/2568", "นายวีระ สุวรรณ",
     LoanPayout("emergency", 2, 5_000, "11010")),
]


def _pay_out(s, day: dt.date, loan: LoanPayout) -> int:  # noqa: ANN001
    """Apply, approve and pay out a loan through the loan services; its id."""
    types = {t.code: t.id for t in list_loan_types(s)}
    row = loans.apply(s, member_id=loan.member_id, loan_type_id=types[loan.type_code],
                      amount_satang=loan.baht * 100, day=day, user=USER)
    loans.approve(s, loan_id=row.id, approver="chair", meeting_date=day,
                  meeting_no=f"{day.month}/{day.year + 543}", user=USER)
    loans.disburse(s, loan_id=row.id, day=day, user=USER, money_account=loan.money_account)
    return row.id


def post_story(path: Path) -> None:
    """Post the story, cancel the wrong purchase, close 2567 and January 2568."""
    with open_fund(path) as db:
        with db.write() as s:
            open_fiscal_year(s, containing=dt.date(2024, 3, 1), user=USER)
            for n, (title, first, last) in enumerate(MEMBERS, start=1):
                twelve = f"3101700{n:05d}"
                add_member(s, MemberInput(first, last, twelve + str(national_id_check_digit(
                    twelve)), dt.date(2024, 3, 1), title=title), user=USER)
            ids = []
            for kind, day, description, counterpart, lines in STORY:
                if isinstance(lines, LoanPayout):
                    ids.append(_pay_out(s, day, lines))
                    continue
                ids.append(post_entry(s, kind=kind, date=day, description=description,
                                      counterpart=counterpart, lines=lines, user=USER).id)
            reverse_entry(s, entry_id=ids[8], date=dt.date(2025, 1, 13), reason="ลงผิดบัญชี",
                          user=USER)
        with db.write() as s:
            for year, month in [(2024, m) for m in range(1, 13)] + [(2025, 1)]:
                close_period(s, year=year, month=month, user=USER)


HLEDGER = shutil.which("hledger")


def hledger_bal(journal: Path, *extra: str) -> dict[str, int]:
    """hledger's balance per account code (depth 1), in satang, debit positive."""
    assert HLEDGER, "hledger is missing: scripts/system-deps.sh installs it"
    out = subprocess.run([HLEDGER, "-f", str(journal), "bal", "--depth", "1", "-O", "csv",
                          *extra], check=True, capture_output=True, text=True).stdout
    result = {}
    for account, amount in list(csv.reader(out.splitlines()))[1:]:
        if account == "total":
            continue
        value = Decimal(amount.replace("THB", "").replace(",", "").strip() or "0")
        result[account.split(" ", 1)[0]] = int(value * 100)
    return result


def day_after(day: dt.date) -> str:
    return (day + dt.timedelta(days=1)).isoformat()
