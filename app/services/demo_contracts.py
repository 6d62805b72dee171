"""The demo fund's new contracts: restructurings (ประนอมหนี้), renewals (ต่อสัญญา) and the
household consolidation (๑ ครัวเรือน ๑ สัญญา), made through app.services.restructure.

`app.services.demo_loans.DemoLoans` calls `month(book, session)` at the start of every
month; the steps are queued on the book and go into the books among the month's entries:

- restructuring: some borrowers who stopped paying long ago (a fifth of the defaults left
  to chance, and one placed early so that even a small demo has one) are given a new
  contract at the committee's monthly meeting: what they owe (principal + interest
  accrued) on 13030, at 3 % a year over 12 to 24 monthly instalments, the fine waived
  with the reason, the guarantors kept;
- renewal: a borrower of a lump-sum ordinary loan pays the year's interest at term and
  the contract is renewed for another year on the same terms (approved at the latest
  meeting);
- household consolidation: once a third of the demo is past, and then every three to
  five years, a household of which two or more members hold loans here has its debts
  surveyed (debts to other funds typed in: กข.คจ., กลุ่มออมทรัพย์ ...) and this fund's
  loans joined into one contract of one of them (the old loans' guarantors standing for
  it), at 6 % over 24 or 36 months.

The new contract is then followed like any other loan (`DemoLoans.replace`): repaid on
time, or late again. A step the rules refuse (a guarantor who has died ...) is left
undone with nothing written (a savepoint) and the loan goes on as it was.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import Session

from app.errors import KongtunError
from app.models.loans import ORIGIN_CONSOLIDATION, ORIGIN_RENEWAL, ORIGIN_RESTRUCTURE
from app.services import household_debts, repayments, restructure
from app.services.fund import DEFAULT_USER as USER

if TYPE_CHECKING:
    from app.services.demo_loans import DemoLoan, DemoLoans

T = TypeVar("T")
APPROVER = "chair"  # the chair every fund has (fund.create_fund)
ORDINARY = "ordinary"  # the loan type a consolidated contract is put under
RESTRUCTURE_RATE, CONSOLIDATION_RATE = Decimal("3"), Decimal("6")
RESTRUCTURE_REASONS = (
    "ประสบภัยแล้ง ผลผลิตเสียหาย ขอผ่อนชำระเป็นรายเดือน",
    "ราคายางพาราตกต่ำ รายได้ไม่พอชำระคืนตามสัญญาเดิม",
    "เจ็บป่วยเรื้อรัง ขาดรายได้ ที่ประชุมให้ประนอมหนี้",
    "น้ำท่วมนาข้าวเสียหายทั้งแปลง ขอปรับโครงสร้างหนี้",
)
FINE_REASONS = ("ที่ประชุมกรรมการมีมติงดค่าปรับเพื่อประนอมหนี้",
                "ลูกหนี้ยินยอมทำสัญญาใหม่ คณะกรรมการงดค่าปรับ")
RENEWAL_REASON = "ชำระดอกเบี้ยครบตามสัญญา ขอต่อสัญญาเพื่อลงทุนต่อ"
CONSOLIDATION_REASON = "รวมหนี้ครัวเรือนตามนโยบาย ๑ ครัวเรือน ๑ สัญญา ผ่อนชำระรายเดือน"
CREDITORS = ("กข.คจ.", "กลุ่มออมทรัพย์เพื่อการผลิต", "ธ.ก.ส.", "สหกรณ์การเกษตร")
SURVEY_NOTE = "สำรวจหนี้ครัวเรือนก่อนรวมสัญญา"


def month(book: DemoLoans, session: Session) -> None:
    """Queue the month's restructurings and, when one is due, a household consolidation,
    at the committee's meeting (`book.meeting`)."""
    del session  # everything is done on the day, among the month's entries
    day, _ = book.meeting
    while book.pending and book.pending[0][0] <= day:
        _, _, loan, token = heapq.heappop(book.pending)
        book.at(day, _restructure, book, loan, token)
    if book.index >= book.next_consolidation:
        loans = _household(book)
        if loans:
            book.at(day, _consolidate, book, loans)
            book.next_consolidation = book.index + book.rng.randint(36, 60)


def _alive(book: DemoLoans, member_ids: tuple[int, ...]) -> list[int]:
    """Those still living (and so still active members) of `member_ids`."""
    return [m for m in member_ids if m - 1 not in book.dead]


def _in_savepoint(session: Session, step: Callable[[], T]) -> T | None:
    """Run `step()`; if the rules refuse it, nothing it wrote is kept (None)."""
    try:
        with session.begin_nested():
            return step()
    except KongtunError:
        return None


def _restructure(session: Session, day: dt.date, book: DemoLoans, loan: DemoLoan,
                 token: int) -> None:
    """ประนอมหนี้: the defaulted loan into a new monthly contract on 13030."""
    if loan.closed or token != loan.token or loan.member_id - 1 in book.dead:
        return
    rng, meeting_no = book.rng, book.meeting[1]
    term, reason, waive = (rng.choice((12, 18, 24)), rng.choice(RESTRUCTURE_REASONS),
                           rng.choice(FINE_REASONS))
    kept = tuple(_alive(book, loan.guarantors))
    result = _in_savepoint(session, lambda: restructure.restructure(
        session, loan_ids=[loan.id], borrower_id=loan.member_id, day=day, user=USER,
        approver=APPROVER, meeting_date=day, meeting_no=meeting_no,
        rate_percent=RESTRUCTURE_RATE, term_months=term, method="flat", pattern="monthly",
        reason=reason, waive_fine_reason=waive, guarantors=kept))
    if result is not None:
        book.replace(session, day, [loan], result.loan.id, loan.kind, kept, ORIGIN_RESTRUCTURE)


def renew_at_term(session: Session, day: dt.date, book: DemoLoans, loan: DemoLoan,
                  token: int) -> None:
    """ต่อสัญญา: the year's interest paid at term, the contract renewed for another year.
    A borrower who owes a fine or more than the contract (or has no meeting to approve
    it yet) pays the loan off instead."""
    if loan.closed or token != loan.token:
        return
    d = repayments.dues(session, loan_id=loan.id, day=day)
    meeting, meeting_no = book.meeting_before(day)
    if d.fine_satang or d.principal_satang != loan.amount or meeting is None:
        book.pay_off(session, day, loan)
        return
    if d.interest_satang:
        book.repay(session, day, loan, d.interest_satang)
    kept = tuple(_alive(book, loan.guarantors))
    result = _in_savepoint(session, lambda: restructure.renew(
        session, loan_id=loan.id, day=day, user=USER, approver=APPROVER, meeting_date=meeting,
        meeting_no=meeting_no, reason=RENEWAL_REASON, guarantors=kept))
    if result is None:
        book.pay_off(session, day, loan)
    else:
        book.replace(session, day, [loan], result.loan.id, loan.kind, kept, ORIGIN_RENEWAL)


def _household(book: DemoLoans) -> list[DemoLoan]:
    """The followed loans of the first household (in the order the loans were paid out)
    of which two to four living members hold loans, none placed (`_whole`) and no
    application pending; [] when there is none."""
    houses: dict[str, list[DemoLoan]] = {}
    for loan in book.loans.values():
        person = book.f.roster[loan.member_id - 1]
        houses.setdefault(person.house, []).append(loan)
    held = _held(book)
    for loans in houses.values():
        members = {x.member_id for x in loans}
        if 2 <= len(members) <= 4 and _whole(loans, held) \
                and len(_alive(book, tuple(members))) == len(members):
            return loans
    return []


def _held(book: DemoLoans) -> dict[int, set[int]]:
    """member id -> ids of the loans and applications the book holds for them."""
    out: dict[int, set[int]] = {}
    for (member_id, _), loan in book.open.items():
        out.setdefault(member_id, set()).add(loan.id)
    return out


def _whole(loans: list[DemoLoan], held: dict[int, set[int]]) -> bool:
    """True if `loans` are all their borrowers hold here and none was placed (in an
    ageing bucket, or to show a plan), so the new contract takes the place of all."""
    ids = {x.id for x in loans}
    return not any(x.targeted or x.shown for x in loans) and all(
        held.get(x.member_id, set()) <= ids for x in loans)


def _consolidate(session: Session, day: dt.date, book: DemoLoans,
                 loans: list[DemoLoan]) -> None:
    """๑ ครัวเรือน ๑ สัญญา: the household's debts elsewhere typed in from the survey, then
    its loans here joined into one contract of the member with the largest loan."""
    loans = [x for x in loans if not x.closed]  # one may have been paid off since
    if len({x.member_id for x in loans}) < 2 or not _whole(loans, _held(book)) \
            or any(x.member_id - 1 in book.dead for x in loans):
        book.next_consolidation = book.index + 1  # another household, next month
        return
    rng = book.rng
    person = book.f.roster[loans[0].member_id - 1]
    house_no, _, moo = person.house.partition(" หมู่ที่ ")
    household_id = book.f.reg.households[(house_no, moo)]
    borrower = max(loans, key=lambda x: (x.amount, -x.id)).member_id
    members = sorted({x.member_id for x in loans})
    survey = day - dt.timedelta(days=rng.randint(7, 20))
    # กข.คจ. and a savings group always, now and then a third lender
    creditors = [*CREDITORS[:2], *rng.sample(CREDITORS[2:], rng.randint(0, 1))]
    debts = [(members[i % len(members)], creditor, rng.randrange(5_000, 40_001, 500) * 100)
             for i, creditor in enumerate(creditors)]

    def step() -> restructure.RestructureResult:
        for member_id, creditor, satang in debts:
            household_debts.add_external_debt(session, member_id=member_id, creditor=creditor,
                                              amount_satang=satang, as_of=survey, user=USER,
                                              note=SURVEY_NOTE)
        return restructure.consolidate_household(
            session, household_id=household_id, borrower_id=borrower, day=day, user=USER,
            approver=APPROVER, meeting_date=day, meeting_no=book.meeting[1],
            rate_percent=CONSOLIDATION_RATE, term_months=rng.choice((24, 36)), method="flat",
            pattern="monthly", loan_ids=[x.id for x in loans], reason=CONSOLIDATION_REASON,
            waive_fine_reason=FINE_REASONS[0], guarantors=kept,
            loan_type_id=book.types[ORDINARY].id)

    # The old loans' guarantors stand for the new contract (not the borrower).
    kept = tuple(g for g in dict.fromkeys(g for x in loans for g in x.guarantors)
                 if g != borrower and g - 1 not in book.dead)
    result = _in_savepoint(session, step)
    if result is None:
        book.next_consolidation = book.index + 1
    else:
        book.replace(session, day, loans, result.loan.id, ORDINARY, kept, ORIGIN_CONSOLIDATION)
