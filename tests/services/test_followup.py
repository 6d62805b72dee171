"""Follow-up of late loans: the ladder (letters 1, 2, 3, then the defaulters' notice) in
order and with its waiting period, each refusal in Thai with nothing changed, letters to
every guarantor, the privacy opt-in of the notice, and welfare rights suspended and
restored for the borrower and the guarantors.

The loan of the story: an emergency loan of 6,000 baht paid out on 15 Jan 2568, flat
6 %, six monthly instalments of 1,000 + 30 interest from 15 Feb; fine 5 baht a day,
capped at 500. Nothing is repaid, so it is late from 16 Feb.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import KongtunError
from app.models.loans import LoanLetter
from app.models.members import Member
from app.models.users import AuditEvent
from app.services import followup, repayments, welfare
from app.services.members import MemberInput, add_member, status_history
from app.services.subledger import post_member_movement
from tests.services.test_loans import make_loan, nid

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)
MAR_1 = dt.date(2025, 3, 1)   # 14 days past due (15 Feb)


@pytest.fixture
def people(fund: FundDb) -> list[int]:
    """Borrower, two guarantors, a fourth member; cash in the fund."""
    with fund.write() as s:
        ids = [add_member(s, MemberInput(name, "ทองดี", nid(40 + i), dt.date(2025, 1, 2)),
                          user=USER).id
               for i, name in enumerate(("บุญมี", "คำปุน", "สมศรี", "ทองใบ"), start=1)]
        post_member_movement(s, member_id=ids[3], code="21010", amount_satang=100_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user=USER)
    return ids


@pytest.fixture
def loan(fund: FundDb, people: list[int]) -> int:
    borrower, g1, g2, _ = people
    return make_loan(fund, borrower, 6_000_00, kind="emergency", guarantors=(g1, g2))


def d(month: int, day: int) -> dt.date:
    return dt.date(2025, month, day)


def letter(fund: FundDb, loan: int, kind: str, day: dt.date) -> LoanLetter:
    with fund.write() as s:
        x = followup.record_letter(s, loan_id=loan, kind=kind, day=day, user=USER)
        s.expunge(x)
    return x


def counts(fund: FundDb) -> tuple[int, int, tuple[str, ...]]:
    with fund.read() as s:
        return (s.scalar(select(func.count(LoanLetter.id))) or 0,
                s.scalar(select(func.count(AuditEvent.id))) or 0,
                tuple(s.scalars(select(Member.welfare).order_by(Member.id))))


def refused(fund: FundDb, fn) -> str:  # noqa: ANN001
    """Run fn in a write session: it must refuse, in Thai, with nothing changed."""
    before = counts(fund)
    with pytest.raises(KongtunError) as err, fund.write() as s:
        fn(s)
    assert counts(fund) == before
    text = str(err.value)
    assert any("\u0e00" <= c <= "\u0e7f" for c in text), text
    return text


def record(loan: int, kind: str, day: dt.date):  # noqa: ANN201
    return lambda s: followup.record_letter(s, loan_id=loan, kind=kind, day=day, user=USER)


def test_what_is_owed_brings_the_loan_up_to_date(fund: FundDb, loan: int) -> None:
    with fund.read() as s:
        assert followup.candidates(s, as_of=d(2, 15)) == []  # due today: not late yet
        [row] = followup.candidates(s, as_of=MAR_1)
        o = row.owed
        # 14 days × 5 = 70 fine; interest 30 (Feb) + 30 (the month begun); principal 1,000
        assert (o.days_past_due, o.fine_satang, o.interest_satang,
                o.principal_overdue_satang, o.total_satang) == (14, 70_00, 60_00, 1_000_00,
                                                                 1_130_00)
        due = repayments.dues(s, loan_id=loan, day=MAR_1)
        assert (due.fine_satang, due.interest_satang) == (o.fine_satang, o.interest_satang)
        assert row.guarantors == ("คำปุน ทองดี", "สมศรี ทองดี")
        assert (row.next_step, row.next_step_on, row.ready) == ("letter1", d(2, 16), True)
        assert row.guarantor_notice_by == d(4, 16)  # 60 days after 15 Feb (CCC s. 686)
        p = repayments.preview(s, loan_id=loan, day=MAR_1, amount_satang=o.total_satang)
        assert (p.fine_satang, p.interest_satang, p.principal_satang) == (70_00, 60_00,
                                                                            1_000_00)
    with fund.write() as s:
        repayments.repay(s, loan_id=loan, day=MAR_1, amount_satang=1_130_00, user=USER)
    with fund.read() as s:
        assert followup.candidates(s, as_of=MAR_1) == []


def test_the_ladder_in_order_with_its_waiting_period(fund: FundDb, loan: int) -> None:
    first = letter(fund, loan, "letter1", MAR_1)
    assert (first.due_satang, first.days_past_due) == (1_130_00, 14)
    assert first.recipients.split("\n") == ["บุญมี ทองดี", "คำปุน ทองดี", "สมศรี ทองดี"]
    with fund.read() as s:
        [row] = followup.candidates(s, as_of=d(3, 10))
        assert row.letters == (("letter1", MAR_1),) and row.guarantor_notice_by is None
        assert (row.next_step, row.next_step_on, row.ready) == ("letter2", d(3, 16), False)
    assert "16 มีนาคม 2568" in refused(fund, record(loan, "letter2", d(3, 15)))  # too soon
    assert "ครั้งที่ 2" in refused(fund, record(loan, "letter3", d(3, 16)))     # out of order
    refused(fund, record(loan, "letter1", d(3, 16)))                            # again
    refused(fund, record(loan, "letter2", d(2, 28)))                  # before the previous
    second = letter(fund, loan, "letter2", d(3, 16))
    assert second.days_past_due == 29
    refused(fund, record(loan, "letter3", d(3, 30)))                            # 14 days
    letter(fund, loan, "letter3", d(3, 31))
    with fund.read() as s:
        [row] = followup.candidates(s, as_of=d(4, 1))
        assert [k for k, _ in row.letters] == ["letter1", "letter2", "letter3"]
        assert (row.next_step, row.next_step_on) == ("notice", d(4, 15))
        rows = followup.letters_of(s, loan)
        assert [(r.kind, r.date) for r in rows] == [("letter1", MAR_1), ("letter2", d(3, 16)),
                                                    ("letter3", d(3, 31))]
        assert rows[2].label == "หนังสือฉบับที่ 3 แจ้งเตือนครั้งสุดท้าย"
        assert len(rows[0].recipients) == 3
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.target == "2568/0001"))
        assert {"loan_letter1", "loan_letter2", "loan_letter3"} <= set(actions)


def test_refusals_in_thai_change_nothing(fund: FundDb, people: list[int], loan: int) -> None:
    text = refused(fund, record(loan, "letter1", d(2, 15)))  # the due date: not late
    assert "ไม่ได้ค้างชำระ" in text
    refused(fund, record(loan, "letter2", MAR_1))            # letter 2 before letter 1
    refused(fund, record(loan, "letter3", MAR_1))
    refused(fund, record(loan, "notice", MAR_1))             # the notice has its own call
    letter(fund, loan, "letter1", MAR_1)
    text = refused(fund, record(loan, "letter2", d(2, 20)))  # dated before letter 1
    assert "1 มีนาคม 2568" in text
    with fund.write() as s:
        repayments.repay(s, loan_id=loan, day=d(3, 5),
                         amount_satang=repayments.payoff_satang(s, loan_id=loan, day=d(3, 5)),
                         user=USER)
    assert "ปิด" in refused(fund, record(loan, "letter2", d(3, 20)))       # closed
    other = make_loan(fund, people[3], 2_000_00, kind="emergency", day=d(3, 1))
    refused(fund, record(other, "letter1", d(3, 20)))                       # not late yet


def test_a_loan_paid_up_to_date_starts_again_from_letter_1(fund: FundDb, loan: int) -> None:
    letter(fund, loan, "letter1", MAR_1)
    with fund.write() as s:
        owed = followup.owed_on(s, loan, d(3, 5))
        assert owed.total_satang == 90_00 + 60_00 + 1_000_00  # 18 days of fine now
        repayments.repay(s, loan_id=loan, day=d(3, 5), amount_satang=owed.total_satang,
                         user=USER)
    with fund.read() as s:
        assert followup.candidates(s, as_of=d(3, 10)) == []
        [row] = followup.candidates(s, as_of=d(4, 20))  # 15 Mar and 15 Apr unpaid
        assert row.days_past_due == 36 and row.letters == ()
        assert row.next_step == "letter1"
    refused(fund, record(loan, "letter2", d(4, 20)))
    assert letter(fund, loan, "letter1", d(4, 20)).days_past_due == 36
    with fund.read() as s:
        assert [r.kind for r in followup.letters_of(s, loan)] == ["letter1", "letter1"]


def _to_letter3(fund: FundDb, loan: int) -> None:
    for kind, day in (("letter1", MAR_1), ("letter2", d(3, 16)), ("letter3", d(3, 31))):
        letter(fund, loan, kind, day)


def test_the_defaulters_notice_is_opt_in_with_the_privacy_warning(fund: FundDb,
                                                                  loan: int) -> None:
    def listing(day: dt.date, confirmed: bool):  # noqa: ANN202
        return lambda s: followup.list_on_notice(s, loan_id=loan, day=day, user=USER,
                                                 privacy_confirmed=confirmed)

    letter(fund, loan, "letter1", MAR_1)
    refused(fund, listing(d(4, 20), True))        # only after letter 3
    letter(fund, loan, "letter2", d(3, 16))
    letter(fund, loan, "letter3", d(3, 31))
    refused(fund, listing(d(4, 14), True))        # 15 days after letter 3
    with pytest.raises(followup.PrivacyWarning) as err, fund.write() as s:
        listing(d(4, 15), False)(s)
    text = str(err.value)
    assert "บุญมี ทองดี" in text and "มติ" in text and "เลขประจำตัวประชาชน" in text
    assert "ข้อมูลส่วนบุคคล" in text
    assert counts(fund)[0] == 3
    with fund.read() as s:
        assert followup.notice_rows(s, as_of=d(4, 15)) == []
    with fund.write() as s:
        listing(d(4, 15), True)(s)
    refused(fund, listing(d(4, 30), True))        # listed already
    with fund.read() as s:
        [row] = followup.notice_rows(s, as_of=d(4, 20))
        assert (row.loan_no, row.name, row.days_past_due, row.listed_on) == (
            "2568/0001", "บุญมี ทองดี", 64, d(4, 15))
        assert not hasattr(row, "national_id")
        assert followup.notice_rows(s, as_of=d(4, 14)) == []
        [last] = followup.letters_of(s, loan)[-1:]
        assert (last.kind, last.recipients) == ("notice", ("บุญมี ทองดี",))
        assert followup.candidates(s, as_of=d(4, 20))[0].next_step is None
    with fund.write() as s:
        repayments.repay(s, loan_id=loan, day=d(4, 25),
                         amount_satang=followup.owed_on(s, loan, d(4, 25)).total_satang,
                         user=USER)
    with fund.read() as s:
        assert followup.notice_rows(s, as_of=d(4, 25)) == []  # up to date: off the board


def test_welfare_suspended_for_borrower_and_guarantors_then_restored(
        fund: FundDb, people: list[int]) -> None:
    borrower, g1, g2, other = people
    own = make_loan(fund, g1, 1_000_00, kind="emergency")  # the first guarantor's own loan
    loan = make_loan(fund, borrower, 6_000_00, kind="emergency", guarantors=(g1, g2))
    with fund.write() as s:  # g2 was suspended before, for something else
        welfare.set_rights(s, member_id=g2, state="suspended", date=DAY,
                           reason="ไม่ส่งเงินสมทบ", user=USER)

    def suspend(day: dt.date, reason: str = "ค้างชำระเกิน 30 วัน"):  # noqa: ANN202
        return lambda s: followup.suspend_welfare(s, loan_id=loan, day=day, reason=reason,
                                                  user=USER)

    def restore(day: dt.date):  # noqa: ANN202
        return lambda s: followup.restore_welfare(s, loan_id=loan, day=day,
                                                  reason="ชำระครบแล้ว", user=USER)

    refused(fund, suspend(d(2, 10)))              # not late yet
    refused(fund, suspend(MAR_1, " "))            # no reason
    with fund.write() as s:
        change = suspend(MAR_1)(s)
    assert (change.changed, change.unchanged) == ((borrower, g1), (g2,))
    with fund.read() as s:
        states = {m: s.get(Member, m).welfare for m in people}
        history = status_history(s, borrower)
    assert states == {borrower: "suspended", g1: "suspended", g2: "suspended",
                      other: "active"}
    assert any("(สัญญาเงินกู้ 2568/0002)" in h.reason and "ค้างชำระเกิน 30 วัน" in h.reason
               for h in history)
    refused(fund, suspend(d(3, 2)))               # already suspended
    assert "ค้างชำระ" in refused(fund, restore(d(3, 5)))   # still late
    with fund.write() as s:
        repayments.repay(s, loan_id=loan, day=d(3, 5),
                         amount_satang=followup.owed_on(s, loan, d(3, 5)).total_satang,
                         user=USER)
        change = restore(d(3, 5))(s)
    # g1 stays suspended while their own loan is late; g2 for their own reason
    assert (change.changed, change.unchanged) == ((borrower,), (g1, g2))
    with fund.write() as s:
        repayments.repay(s, loan_id=own, day=d(3, 6),
                         amount_satang=followup.owed_on(s, own, d(3, 6)).total_satang,
                         user=USER)
        change = restore(d(3, 6))(s)
    assert change.changed == (g1,)
    with fund.read() as s:
        assert [s.get(Member, m).welfare for m in (borrower, g1, g2)] == [
            "active", "active", "suspended"]
    assert "2568/0002" in refused(fund, restore(d(3, 7)))  # nothing left to restore
