"""A fund's loans, told as a story, for the loan prints and the loan reports (figures by hand).

Six members join on 2 ม.ค. 2568; นางอ้อยใจ saves 200,000 baht, which the fund lends out.
All four loans are applied for, approved (meeting 1/2568) and paid out on 15 ม.ค. 2568:

2568/0001  นายสมชาย ใจดี, ordinary 40,000, flat 6 %, one payment after 12 months,
           guarantors นางสมหญิง แก้วมณี and นายมานะ ศรีสุข (20,000 each).
2568/0002  นางสาวมานี มีนา, emergency 6,000, flat 6 %, 6 monthly instalments of
           1,000 + 30: pays 15 ก.พ. (1,030); pays 15 มี.ค. but that receipt is cancelled
           on 17 มี.ค.; nothing more. Letter 1 goes on 20 เม.ย. 2568.
2568/0003  นายปิติ พอใจ, a "fish pond" loan on 13030: 12,000 declining 8 %, 4 quarterly
           instalments of 3,000 + 240 / 180 / 120 / 60: pays 3,240 on 15 เม.ย.
2568/0004  นางอ้อยใจ บุญเกิด, emergency 3,000 (6 × 500 + 15): paid off on 10 มี.ค.
           with 3,145 (fine 23 days × 5 = 115, interest 2 months 30, principal 3,000).

2568/0005  นายปิติ พอใจ applies for an emergency loan of 8,000; the committee rejects it.

On 30 มิ.ย. 2568 (AS_OF) the register holds 0001, 0002, 0003:
  0001 principal 40,000, interest accrued 40,000 × 6 % × 6/12 = 1,200, not late;
  0002 principal 5,000, overdue 4 × 1,030 = 4,120 since 15 มี.ค.: 107 days past due,
       fine 107 × 5 = 535 capped at 500, interest accrued 6 × 30 − 30 paid = 150;
  0003 principal 9,000, interest accrued 240 + 180 − 240 paid = 180, not late.
Principal 54,000 = 13010 40,000 + 13020 5,000 + 13030 9,000 in the ledger.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from app.db import open_fund
from app.services import followup, ledger, loans, repayments
from app.services.loan_rules import LoanTypeRow, list_loan_types, save_loan_type
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)
AS_OF = dt.date(2025, 6, 30)
PRINTED_ON = dt.date(2025, 6, 30)

PEOPLE = (  # title, first, last, birth date, house no.
    ("นาง", "อ้อยใจ", "บุญเกิด", dt.date(1970, 3, 2), "12"),
    ("นาย", "สมชาย", "ใจดี", dt.date(1968, 7, 20), "45/1"),
    ("นาง", "สมหญิง", "แก้วมณี", dt.date(1975, 11, 5), "7"),
    ("นาย", "มานะ", "ศรีสุข", dt.date(1980, 1, 30), "88"),
    ("นางสาว", "มานี", "มีนา", dt.date(1990, 5, 15), "101"),
    ("นาย", "ปิติ", "พอใจ", None, "3"),
)


def _nid(n: int) -> str:
    first12 = f"34019{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def _loan(s, member: int, type_id: int, amount: int, purpose: str,  # noqa: ANN001
          guarantors: tuple[int, ...] = ()) -> int:
    row = loans.apply(s, member_id=member, loan_type_id=type_id, amount_satang=amount, day=DAY,
                      user=USER, guarantor_ids=guarantors, purpose=purpose)
    loans.approve(s, loan_id=row.id, approver="chair", meeting_date=DAY, meeting_no="1/2568",
                  user=USER)
    loans.disburse(s, loan_id=row.id, day=DAY, user=USER)
    return row.id


def post_loan_story(path: Path) -> dict[str, int]:
    """Post the story into the fund at `path`; returns {loan no.: loan id}."""
    with open_fund(path) as db, db.write() as s:
        ids = [add_member(s, MemberInput(first, last, _nid(i), dt.date(2025, 1, 2), title=title,
                                         birth_date=born, house_no=house, moo="3"),
                          user=USER).id
               for i, (title, first, last, born, house) in enumerate(PEOPLE, start=1)]
        post_member_movement(s, member_id=ids[0], code="21010", amount_satang=200_000_00,
                             into_fund=True, date=DAY, description="รับฝากสัจจะ", user=USER)
        types = {t.code: t.id for t in list_loan_types(s)}
        pond = save_loan_type(s, LoanTypeRow(
            0, "pond", "เงินกู้เพื่อการลงทุน", "13030", 50_000_00, "declining", Decimal(8), 12,
            "quarterly", "30000=0;*=2", 50_000_00, 5_00, 1_000_00, True), user=USER)
        a = _loan(s, ids[1], types["ordinary"], 40_000_00,
                  "ซื้อปุ๋ยและเมล็ดพันธุ์ข้าวสำหรับทำนาปี", (ids[2], ids[3]))
        b = _loan(s, ids[4], types["emergency"], 6_000_00, "ค่ารักษาพยาบาลของบุตร")
        c = _loan(s, ids[5], pond.id, 12_000_00, "ซื้อพันธุ์ปลานิลและอาหารปลา")
        d = _loan(s, ids[0], types["emergency"], 3_000_00, "ค่าเทอมของบุตร")
        repayments.repay(s, loan_id=b, day=dt.date(2025, 2, 15), amount_satang=1_030_00,
                         user=USER)
        wrong = repayments.repay(s, loan_id=b, day=dt.date(2025, 3, 15),
                                 amount_satang=1_030_00, user=USER)
        ledger.reverse_entry(s, entry_id=wrong.id, date=dt.date(2025, 3, 17),
                             reason="เงินโอนไม่เข้าบัญชี", user=USER)
        payoff = repayments.payoff_satang(s, loan_id=d, day=dt.date(2025, 3, 10))
        assert payoff == 3_145_00
        repayments.repay(s, loan_id=d, day=dt.date(2025, 3, 10), amount_satang=payoff,
                         user=USER)
        repayments.repay(s, loan_id=c, day=dt.date(2025, 4, 15), amount_satang=3_240_00,
                         user=USER)
        followup.record_letter(s, loan_id=b, kind="letter1", day=dt.date(2025, 4, 20),
                               user=USER)
        e = loans.apply(s, member_id=ids[5], loan_type_id=types["emergency"],
                        amount_satang=8_000_00, day=DAY, user=USER, purpose="ซ่อมบ้าน").id
        loans.reject(s, loan_id=e, day=DAY, reason="มีเงินกู้อยู่แล้ว", user=USER)
    return {"2568/0001": a, "2568/0002": b, "2568/0003": c, "2568/0004": d, "2568/0005": e}
