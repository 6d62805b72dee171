"""Helper for the kill test: posts entries in a tight loop until it is killed.

    python poster.py FUND SEED

Opens the fund, prints "ready", then posts forever: each entry in its own unit of work
(several lines, sub-ledger dimensions, now and then a reversal of an earlier entry), and
prints one line "commit <n> <voucher>" after each commit. Whatever it printed is on disk.

Lines on the loan account name real loans: until the fund has LOANS of them, now and then
the unit of work is a loan applied for, approved and paid out through the loan services
(its payment is the commit reported), so a kill can also fall in the middle of that.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal

from sqlalchemy import func, select

from app.db import open_fund
from app.models import JournalEntry
from app.models.loans import Loan
from app.services import loans
from app.services.ledger import LineInput, post_entry, reverse_entry
from app.services.loan_rules import list_loan_types

PLAIN = ("11010", "11020", "11030", "12010", "14010", "22010", "31010", "42020", "44010",
         "51010", "52010", "52030", "53010", "59010")
KINDS = ("receipt", "payment", "transfer", "adjustment")
LOANS = 20


def random_lines(rng: random.Random, loan_ids: list[int]) -> list[LineInput]:
    n_debits, n_credits = rng.randint(1, 3), rng.randint(1, 3)
    debits = [rng.randint(1, 2_000_000) for _ in range(n_debits)]
    total = sum(debits) + n_credits  # so that every credit gets at least one satang
    cuts = sorted(rng.sample(range(1, total), n_credits - 1))
    credits = [hi - lo for lo, hi in zip([0, *cuts], [*cuts, total], strict=True)]
    debits[0] += n_credits
    lines = [LineInput(rng.choice(PLAIN), debit=Decimal(d).scaleb(-2)) for d in debits]
    for c in credits:
        dimension = rng.random()
        if dimension < 0.2:
            lines.append(LineInput("21010", credit=Decimal(c).scaleb(-2),
                                   member_id=rng.randint(1, 50)))
        elif dimension < 0.4 and loan_ids:
            lines.append(LineInput("13010", credit=Decimal(c).scaleb(-2),
                                   loan_id=rng.choice(loan_ids)))
        else:
            lines.append(LineInput(rng.choice(PLAIN), credit=Decimal(c).scaleb(-2)))
    rng.shuffle(lines)
    return lines


def pay_out_loan(session, rng: random.Random, day: dt.date) -> str:  # noqa: ANN001
    """An ordinary loan to one of the members, through the loan services; its voucher."""
    ordinary = next(t.id for t in list_loan_types(session) if t.code == "ordinary")
    row = loans.apply(session, member_id=rng.randint(1, 50), loan_type_id=ordinary,
                      amount_satang=rng.randint(10, 30) * 1_000_00, day=day, user="bookkeeper")
    loans.approve(session, loan_id=row.id, approver="chair", meeting_date=day,
                  meeting_no=f"{day.month}/2568", user="bookkeeper")
    loans.disburse(session, loan_id=row.id, day=day, user="bookkeeper", money_account="11020")
    return session.scalar(select(JournalEntry.voucher_no).order_by(JournalEntry.id.desc())
                          .limit(1))


def post_one(session, rng: random.Random, n: int) -> str:  # noqa: ANN001
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
    # Lump sums due after a year: no loan is ever past due on a 2568 date, so none is refused.
    loan_ids = list(session.scalars(select(Loan.id).where(Loan.disbursed_on.is_not(None))))
    if len(loan_ids) < LOANS and rng.random() < 0.3:
        return pay_out_loan(session, rng, day)
    if rng.random() < 0.15:
        open_entries = (select(JournalEntry.id)
                        .where(JournalEntry.state == "posted", JournalEntry.reverses_id.is_(None)))
        count = session.scalar(select(func.count()).select_from(open_entries.subquery()))
        if count:
            entry_id = session.scalar(open_entries.order_by(JournalEntry.id)
                                      .offset(rng.randrange(count)).limit(1))
            # A cancellation is dated on or after the entry it cancels.
            day = max(day, session.get(JournalEntry, entry_id).date)
            return reverse_entry(session, entry_id=entry_id, date=day, reason=f"แก้ไข {n}",
                                 user="bookkeeper").voucher_no
    return post_entry(session, kind=rng.choice(KINDS), date=day, description=f"รายการที่ {n}",
                      lines=random_lines(rng, loan_ids), user="bookkeeper").voucher_no


def ensure_members(db) -> None:  # noqa: ANN001
    """Members 1-50 in the registry, as the lines on 21010 name them (check: sub-ledgers)."""
    from app.models.members import Member
    from app.services.members import MemberInput, add_member
    from app.thai import national_id_check_digit

    with db.write() as session:
        if session.scalar(select(func.count(Member.id))):
            return
        for n in range(1, 51):
            first12 = f"31017{n:07d}"
            add_member(session, MemberInput(f"สมาชิก{n}", "ทดสอบ",
                                            first12 + str(national_id_check_digit(first12)),
                                            dt.date(2025, 1, 1)), user="bookkeeper")


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    db = open_fund(path)
    ensure_members(db)
    print("ready", flush=True)
    n = 0
    while True:
        with db.write() as session:
            voucher = post_one(session, rng, n)
        n += 1
        print(f"commit {n} {voucher}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
