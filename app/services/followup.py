"""Follow-up of late loans (ติดตามหนี้) as village funds practise it.

The ladder, one step after another, each logged as a `LoanLetter` with the amount
stated and the days past due on its date:

1. letter 1 (ขอให้ชำระหนี้ ครั้งที่ 1) as soon as the loan is past due;
2. letter 2 no sooner than `WAIT_DAYS` after letter 1, if the loan is still late;
3. letter 3 (แจ้งเตือนครั้งสุดท้าย) `WAIT_DAYS` after letter 2;
4. the listing on the defaulters' notice (ประกาศรายชื่อผู้ค้างชำระ) `WAIT_DAYS` after
   letter 3 — opt-in, with the privacy warning confirmed.

Each letter goes to the borrower with a copy to every guarantor, and gives
`WAIT_DAYS` to pay. The law adds a deadline to the first one: a creditor who does not
notify the guarantors in writing within 60 days of the default loses, against them,
the interest and fines of the time after (Civil and Commercial Code s. 686), hence
`FollowUpRow.guarantor_notice_by`.

A ladder belongs to one run of lateness: once the loan has been current again (a
payment that brought it up to date), the letters before count no more and a new
lateness starts again from letter 1.

What a letter asks for is what brings the loan up to date under the repayment rule
(fine → interest → principal, app.services.repayments): the fine, the interest accrued
and unpaid, and the principal of the instalments due and unpaid.

Welfare rights (app.services.welfare.set_rights) of the borrower and every guarantor
can be suspended while the loan is late, and restored once it is not; a suspension
names its loan in the reason so that restoring one loan never lifts a suspension made
for something else, nor that of someone still tied to another late loan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import gettext as _
from app.models.ledger import Account, JournalEntry, JournalLine
from app.models.loans import (
    LOAN_ACTIVE,
    LOAN_CLOSED,
    LOAN_REJECTED,
    Loan,
    LoanGuarantor,
    LoanLetter,
    LoanType,
)
from app.models.members import (
    FIELD_WELFARE,
    WELFARE_ACTIVE,
    WELFARE_SUSPENDED,
    Member,
    MemberStatusChange,
)
from app.money import format_amount, to_satang
from app.services import audit, welfare
from app.services.arrears import (
    FINE_INCOME,
    INTEREST_INCOME,
    Lateness,
    LedgerSums,
    fine_due,
    fine_settlements,
    lateness,
    ledger_sums,
)
from app.services.loan_rules import LOAN_ACCOUNTS
from app.services.loans import LoanRefused, _get, _name, guarantor_ids, position, schedule_of
from app.services.schedule import interest_accrued
from app.thai import format_date, thai_sort_key

#: Days between two steps of the ladder, and the time each letter gives to pay.
WAIT_DAYS = 15
#: Days after the default within which the guarantors must be told (CCC s. 686).
GUARANTOR_NOTICE_DAYS = 60
LETTERS = ("letter1", "letter2", "letter3")
NOTICE = "notice"
LADDER = (*LETTERS, NOTICE)
#: How a welfare suspension names its loan (kept in the member's status history).
SUSPENSION_MARK = "(สัญญาเงินกู้ {loan})"


class FollowUpRefused(LoanRefused):
    """A follow-up step the ladder refuses."""


class PrivacyWarning(FollowUpRefused):
    """Listing on the defaulters' notice needs the privacy warning confirmed."""

    message_id = ("Listing {name} on the defaulters' notice publishes personal data: it needs a "
                  "resolution of the committee, the notice shows only the loan no., the name, "
                  "the amount and the days past due, and never a national ID number. Confirm "
                  "that the committee has resolved it.")


def kind_label(kind: str) -> str:
    """A follow-up step as people say it (letter 1, ..., the defaulters' notice)."""
    return {"letter1": _("Letter 1: request to pay"),
            "letter2": _("Letter 2: second request to pay"),
            "letter3": _("Letter 3: final warning"),
            "notice": _("Listed on the defaulters' notice")}[kind]


@dataclass(frozen=True)
class Owed:
    """What a late loan owes on `day` to be up to date again, in satang."""

    day: dt.date
    fine_satang: int
    interest_satang: int
    principal_overdue_satang: int
    days_past_due: int
    oldest_unpaid_due: dt.date | None
    principal_outstanding_satang: int

    @property
    def total_satang(self) -> int:
        return self.fine_satang + self.interest_satang + self.principal_overdue_satang


@dataclass(frozen=True)
class FollowUpRow:
    """A loan past due on `as_of`: what it owes, the letters of this lateness, what is next."""

    loan_id: int
    loan_no: str
    member_id: int
    member_no: str
    borrower: str
    guarantors: tuple[str, ...]
    as_of: dt.date
    owed: Owed
    letters: tuple[tuple[str, dt.date], ...]   # (kind, date) of the present lateness
    next_step: str | None                      # None: every step has been taken
    next_step_on: dt.date | None               # the first day the next step may be taken
    guarantor_notice_by: dt.date | None        # tell the guarantors by then (s. 686)
    welfare_suspended: bool                    # the borrower's welfare rights

    @property
    def days_past_due(self) -> int:
        return self.owed.days_past_due

    @property
    def ready(self) -> bool:
        """The next step can be taken on `as_of`."""
        return self.next_step_on is not None and self.next_step_on <= self.as_of


@dataclass(frozen=True)
class LetterRow:
    id: int
    loan_id: int
    kind: str
    label: str
    date: dt.date
    due_satang: int
    days_past_due: int
    recipients: tuple[str, ...]   # the borrower first, then each guarantor
    by: str


@dataclass(frozen=True)
class NoticeRow:
    """A line of the defaulters' notice: no national ID, on purpose."""

    loan_id: int
    loan_no: str
    name: str
    due_satang: int
    days_past_due: int
    listed_on: dt.date


@dataclass(frozen=True)
class WelfareChange:
    changed: tuple[int, ...]     # member ids whose rights were changed
    unchanged: tuple[int, ...]   # borrower or guarantors left as they were


# ------------------------------------------------------------------ figures

def _owed(loan: Loan, t: LoanType, sums: LedgerSums, late: Lateness,
          settled: list[tuple[dt.date, int]], day: dt.date) -> Owed:
    """As app.services.repayments.dues, with the principal of the instalments due only."""
    assert loan.disbursed_on is not None
    sched = schedule_of(loan)
    accrued = to_satang(interest_accrued(sched, start=loan.disbursed_on, day=day))
    fine = fine_due(late=late, per_day_satang=t.fine_per_day_satang,
                    cap_satang=t.fine_cap_satang, settled=settled)
    principal_due = sum(to_satang(x.principal) for x in sched if x.due <= day)
    repaid = loan.amount_satang - sums.principal_satang
    overdue = min(max(principal_due - repaid, 0), sums.principal_satang)
    return Owed(day, fine, max(accrued - sums.interest_paid_satang, 0), overdue,
                late.days_past_due, late.oldest_unpaid_due, sums.principal_satang)


def owed_on(session: Session, loan_id: int, day: dt.date) -> Owed:
    """What the loan owed on `day` (whatever its status now: a letter can be reprinted)."""
    loan = _get(session, loan_id)
    if loan.disbursed_on is None or day < loan.disbursed_on:
        return Owed(day, 0, 0, 0, 0, None, 0)
    t = session.get(LoanType, loan.loan_type_id)
    assert t is not None
    sums, late = position(session, loan, day)
    settled = fine_settlements(session, [loan.id], day).get(loan.id, [])
    return _owed(loan, t, sums, late, settled, day)


def _letters(session: Session, loan_ids: list[int],
             as_of: dt.date | None = None) -> dict[int, list[LoanLetter]]:
    q = select(LoanLetter).where(LoanLetter.loan_id.in_(loan_ids)) \
        .order_by(LoanLetter.date, LoanLetter.id)
    if as_of is not None:
        q = q.where(LoanLetter.date <= as_of)
    out: dict[int, list[LoanLetter]] = defaultdict(list)
    for x in session.scalars(q):
        out[x.loan_id].append(x)
    return out


def _runs(session: Session, letters: dict[int, list[LoanLetter]], loans: dict[int, Loan],
          day: dt.date) -> dict[int, list[LoanLetter]]:
    """The letters of the present run of lateness of each loan (see the module doc).

    A late loan becomes current only through an entry of its own, so the days of its
    entries after its first letter are the only ones to look at: its sums are
    accumulated day by day (one query for all the loans) and the run starts after the
    last of those days that left it up to date."""
    ids = [i for i, xs in letters.items() if xs]
    if not ids:
        return {}
    codes = (*LOAN_ACCOUNTS, INTEREST_INCOME, FINE_INCOME)
    q = (select(JournalLine.loan_id, JournalEntry.date, Account.code,
                func.sum(JournalLine.debit_satang - JournalLine.credit_satang))
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .join(Account, Account.id == JournalLine.account_id)
         .where(JournalLine.loan_id.in_(ids), Account.code.in_(codes), JournalEntry.date <= day)
         .group_by(JournalLine.loan_id, JournalEntry.date, Account.code)
         .order_by(JournalLine.loan_id, JournalEntry.date))
    by_loan: dict[int, list[tuple[dt.date, str, int]]] = defaultdict(list)
    for loan_id, d, code, net in session.execute(q):
        by_loan[loan_id].append((d, code, int(net or 0)))
    out = {}
    for loan_id in ids:
        loan, rows, after = loans[loan_id], by_loan[loan_id], letters[loan_id][0].date
        sched, acc, current = schedule_of(loan), [0, 0, 0], None
        for i, (d, code, net) in enumerate(rows):
            slot = 1 if code == INTEREST_INCOME else 2 if code == FINE_INCOME else 0
            acc[slot] += net * (1 if slot == 0 else -1)
            if i + 1 < len(rows) and rows[i + 1][0] == d or d <= after:
                continue  # the day's last account, after the first letter, is looked at
            if lateness(sched, amount_satang=loan.amount_satang, sums=LedgerSums(*acc),
                        day=d).days_past_due == 0:
                current = d
        out[loan_id] = [x for x in letters[loan_id] if current is None or x.date > current]
    return out


def _run(session: Session, loan: Loan, letters: list[LoanLetter],
         day: dt.date) -> list[LoanLetter]:
    return _runs(session, {loan.id: letters}, {loan.id: loan}, day).get(loan.id, [])


def _next(run: list[LoanLetter], owed: Owed) -> tuple[str | None, dt.date | None]:
    if not run:
        start = owed.oldest_unpaid_due + dt.timedelta(days=1) if owed.oldest_unpaid_due \
            else owed.day
        return LADDER[0], start
    i = LADDER.index(run[-1].kind)
    if i + 1 == len(LADDER):
        return None, None
    return LADDER[i + 1], run[-1].date + dt.timedelta(days=WAIT_DAYS)


# ------------------------------------------------------------------ the list

def totals(rows: Sequence[FollowUpRow]) -> tuple[int, int]:
    """(satang owed to bring them all up to date, how many have a step allowed today)."""
    return sum(r.owed.total_satang for r in rows), sum(1 for r in rows if r.ready)


def candidates(session: Session, *, as_of: dt.date) -> list[FollowUpRow]:
    """Active loans past due on `as_of`, most days late first, with their next step."""
    loans = list(session.scalars(select(Loan).where(
        Loan.status == LOAN_ACTIVE, Loan.disbursed_on <= as_of).order_by(Loan.loan_no)))
    sums = ledger_sums(session, loan_ids=[x.id for x in loans], as_of=as_of) if loans else {}
    late: dict[int, tuple[Loan, LedgerSums, Lateness]] = {}
    for x in loans:
        s = sums.get(x.id, LedgerSums())
        lt = lateness(schedule_of(x), amount_satang=x.amount_satang, sums=s, day=as_of)
        if lt.days_past_due > 0:
            late[x.id] = (x, s, lt)
    if not late:
        return []
    ids = list(late)
    settled = fine_settlements(session, ids, as_of)
    types = {t.id: t for t in session.scalars(select(LoanType))}
    guarantors: dict[int, list[int]] = defaultdict(list)
    for lid, mid in session.execute(select(LoanGuarantor.loan_id, LoanGuarantor.member_id)
                                    .where(LoanGuarantor.loan_id.in_(ids))
                                    .order_by(LoanGuarantor.id)):
        guarantors[lid].append(mid)
    wanted = {x.member_id for x, _s, _l in late.values()} | {m for g in guarantors.values()
                                                             for m in g}
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(wanted)))}
    runs = _runs(session, _letters(session, ids, as_of), {i: v[0] for i, v in late.items()},
                 as_of)
    out = []
    for lid, (x, s, lt) in late.items():
        owed = _owed(x, types[x.loan_type_id], s, lt, settled.get(lid, []), as_of)
        run = runs.get(lid, [])
        step, step_on = _next(run, owed)
        notify_by = None
        if guarantors[lid] and not run and lt.oldest_unpaid_due is not None:
            notify_by = lt.oldest_unpaid_due + dt.timedelta(days=GUARANTOR_NOTICE_DAYS)
        m = members[x.member_id]
        out.append(FollowUpRow(
            lid, x.loan_no, m.id, m.member_no, _name(m),
            tuple(_name(members[g]) for g in guarantors[lid]), as_of, owed,
            tuple((r.kind, r.date) for r in run), step, step_on, notify_by,
            m.welfare == WELFARE_SUSPENDED))
    out.sort(key=lambda r: (-r.days_past_due, r.loan_no))
    return out


# ------------------------------------------------------------------ the steps

def _check_step(session: Session, loan: Loan, kind: str, day: dt.date) -> Owed:
    """Refuse (nothing changed) a step the ladder does not allow on `day`."""
    if loan.status in (LOAN_CLOSED, LOAN_REJECTED):
        raise FollowUpRefused("Loan {loan} is closed: it needs no follow-up.",
                              loan=loan.loan_no)
    letters = _letters(session, [loan.id]).get(loan.id, [])
    if letters and day < letters[-1].date:
        raise FollowUpRefused("The date is before the previous follow-up step ({step}, {date}).",
                              step=kind_label(letters[-1].kind),
                              date=format_date(letters[-1].date, "long"))
    owed = owed_on(session, loan.id, day)
    if loan.status != LOAN_ACTIVE or owed.days_past_due == 0:
        raise FollowUpRefused("Loan {loan} is not past due on {date}: no follow-up is due.",
                              loan=loan.loan_no, date=format_date(day, "long"))
    step, step_on = _next(_run(session, loan, letters, day), owed)
    if step is None:
        raise FollowUpRefused("Loan {loan} is already on the defaulters' notice: every "
                              "follow-up step has been taken.", loan=loan.loan_no)
    if kind != step:
        raise FollowUpRefused("{step} cannot come now: the next step for loan {loan} is {next}.",
                              step=kind_label(kind), loan=loan.loan_no, next=kind_label(step))
    if step_on is not None and day < step_on:
        raise FollowUpRefused("{step} can come from {date} on, {days} days after the previous "
                              "step.", step=kind_label(kind), date=format_date(step_on, "long"),
                              days=WAIT_DAYS)
    return owed


def _log(session: Session, loan: Loan, kind: str, day: dt.date, owed: Owed, user: str,
         recipients: list[str], detail: str = "") -> LoanLetter:
    letter = LoanLetter(loan_id=loan.id, kind=kind, date=day, due_satang=owed.total_satang,
                        days_past_due=owed.days_past_due, recipients="\n".join(recipients),
                        by=user, at=audit.now())
    session.add(letter)
    session.flush()
    audit.record(session, user=user, action=f"loan_{kind}", target=loan.loan_no,
                 detail=" ".join(p for p in (format_amount(owed.total_satang),
                                             f"({owed.days_past_due})", detail) if p))
    return letter


def _people(session: Session, loan: Loan) -> list[Member]:
    """The borrower, then each guarantor."""
    ids = [loan.member_id, *guarantor_ids(session, loan.id)]
    return [m for m in (session.get(Member, i) for i in ids) if m is not None]


def record_letter(session: Session, *, loan_id: int, kind: str, day: dt.date,
                  user: str) -> LoanLetter:
    """Log letter 1, 2 or 3 sent on `day` to the borrower and every guarantor."""
    if kind not in LETTERS:
        raise InvalidInput("There is no follow-up letter {kind}.", kind=kind)
    loan = _get(session, loan_id)
    owed = _check_step(session, loan, kind, day)
    return _log(session, loan, kind, day, owed, user, [_name(m) for m in _people(session, loan)])


def list_on_notice(session: Session, *, loan_id: int, day: dt.date, user: str,
                   privacy_confirmed: bool) -> LoanLetter:
    """List the borrower on the defaulters' notice: after letter 3, privacy confirmed."""
    loan = _get(session, loan_id)
    owed = _check_step(session, loan, NOTICE, day)
    borrower = session.get(Member, loan.member_id)
    assert borrower is not None
    if not privacy_confirmed:
        raise PrivacyWarning(name=_name(borrower))
    return _log(session, loan, NOTICE, day, owed, user, [_name(borrower)],
                detail="privacy confirmed")


def notice_rows(session: Session, *, as_of: dt.date) -> list[NoticeRow]:
    """The loans listed on the defaulters' notice and still late on `as_of`, in dictionary
    order of first name and surname (titles such as นาย, นาง do not count)."""
    listed = session.scalars(select(LoanLetter.loan_id).where(
        LoanLetter.kind == NOTICE, LoanLetter.date <= as_of).distinct())
    rows = {r.loan_id: r for r in candidates(session, as_of=as_of)}
    keyed = []
    for loan_id in listed:
        r = rows.get(loan_id)
        if r is None or NOTICE not in (k for k, _d in r.letters):
            continue  # paid up, or listed in an earlier lateness
        on = next(d for k, d in r.letters if k == NOTICE)
        m = session.get(Member, r.member_id)
        assert m is not None
        keyed.append(((thai_sort_key(m.first_name), thai_sort_key(m.last_name), r.loan_no),
                      NoticeRow(loan_id, r.loan_no, r.borrower, r.owed.total_satang,
                                r.days_past_due, on)))
    return [row for _key, row in sorted(keyed, key=lambda x: x[0])]


def letters_of(session: Session, loan_id: int) -> list[LetterRow]:
    """Every follow-up step of the loan, oldest first (for the loan page)."""
    return [LetterRow(x.id, x.loan_id, x.kind, kind_label(x.kind), x.date, x.due_satang,
                      x.days_past_due, tuple(filter(None, x.recipients.split("\n"))), x.by)
            for x in _letters(session, [loan_id]).get(loan_id, [])]


# ------------------------------------------------------------------ welfare rights

def _suspended_for(session: Session, member_id: int, loan_no: str) -> bool:
    """The member's rights were last suspended because of this loan."""
    last = session.scalar(select(MemberStatusChange).where(
        MemberStatusChange.member_id == member_id, MemberStatusChange.field == FIELD_WELFARE,
        MemberStatusChange.to_value == WELFARE_SUSPENDED)
        .order_by(MemberStatusChange.date.desc(), MemberStatusChange.id.desc()).limit(1))
    return last is not None and SUSPENSION_MARK.format(loan=loan_no) in last.reason


def _other_late_loan(session: Session, member_id: int, loan: Loan, day: dt.date) -> str | None:
    """Another active loan past due on `day` that the member borrowed or guarantees."""
    q = (select(Loan).outerjoin(LoanGuarantor, LoanGuarantor.loan_id == Loan.id)
         .where(Loan.status == LOAN_ACTIVE, Loan.id != loan.id,
                or_(Loan.member_id == member_id, LoanGuarantor.member_id == member_id))
         .distinct())
    for other in session.scalars(q):
        if other.disbursed_on and other.disbursed_on <= day \
                and position(session, other, day)[1].days_past_due > 0:
            return other.loan_no
    return None


def suspend_welfare(session: Session, *, loan_id: int, day: dt.date, reason: str,
                    user: str) -> WelfareChange:
    """Suspend the welfare rights of the borrower and every guarantor of a late loan."""
    if not reason.strip():
        raise InvalidInput("Please give the reason for the change of status.")
    loan = _get(session, loan_id)
    if loan.status in (LOAN_CLOSED, LOAN_REJECTED):
        raise FollowUpRefused("Loan {loan} is closed: it needs no follow-up.",
                              loan=loan.loan_no)
    if loan.status != LOAN_ACTIVE or owed_on(session, loan.id, day).days_past_due == 0:
        raise FollowUpRefused("Loan {loan} is not past due on {date}: no follow-up is due.",
                              loan=loan.loan_no, date=format_date(day, "long"))
    people = _people(session, loan)
    todo = [m for m in people if m.welfare == WELFARE_ACTIVE]
    if not todo:
        raise FollowUpRefused("The welfare rights of the borrower and the guarantors of loan "
                              "{loan} are already suspended.", loan=loan.loan_no)
    why = f"{reason.strip()} {SUSPENSION_MARK.format(loan=loan.loan_no)}"
    for m in todo:
        welfare.set_rights(session, member_id=m.id, state=WELFARE_SUSPENDED, date=day,
                           reason=why, user=user)
    audit.record(session, user=user, action="loan_welfare_suspend", target=loan.loan_no,
                 detail=reason.strip())
    return WelfareChange(tuple(m.id for m in todo),
                         tuple(m.id for m in people if m not in todo))


def restore_welfare(session: Session, *, loan_id: int, day: dt.date, reason: str,
                    user: str) -> WelfareChange:
    """Restore the rights suspended for this loan, once it is no longer late.

    Someone still tied to another late loan (as borrower or guarantor) stays suspended;
    so does anyone whose rights were last suspended for another reason."""
    if not reason.strip():
        raise InvalidInput("Please give the reason for the change of status.")
    loan = _get(session, loan_id)
    if loan.status == LOAN_ACTIVE and owed_on(session, loan.id, day).days_past_due > 0:
        raise FollowUpRefused("Loan {loan} is still past due on {date}: the welfare rights "
                              "stay suspended until it is paid up to date.",
                              loan=loan.loan_no, date=format_date(day, "long"))
    people = _people(session, loan)
    mine = [m for m in people
            if m.welfare == WELFARE_SUSPENDED and _suspended_for(session, m.id, loan.loan_no)]
    if not mine:
        raise FollowUpRefused("No welfare rights are suspended because of loan {loan}.",
                              loan=loan.loan_no)
    blocked = {m.id: other for m in mine
               if (other := _other_late_loan(session, m.id, loan, day)) is not None}
    todo = [m for m in mine if m.id not in blocked]
    if not todo:
        m = next(x for x in mine if x.id in blocked)
        raise FollowUpRefused("{name} is still tied to loan {loan}, which is past due.",
                              name=_name(m), loan=blocked[m.id])
    for m in todo:
        welfare.set_rights(session, member_id=m.id, state=WELFARE_ACTIVE, date=day,
                           reason=f"{reason.strip()} {SUSPENSION_MARK.format(loan=loan.loan_no)}",
                           user=user)
    audit.record(session, user=user, action="loan_welfare_restore", target=loan.loan_no,
                 detail=reason.strip())
    return WelfareChange(tuple(m.id for m in todo),
                         tuple(m.id for m in people if m not in todo))
