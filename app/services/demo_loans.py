"""The demo fund's loans: applications, approvals, payouts and repayments, month by month.

`app.services.demo` builds the demo fund and hands each month to a `DemoLoans`:
`start_month` plans the month's applications (and handles borrowers who died), then
`post_through(session, day)` is called as the month's entries are posted in date order,
so the loan business of each day goes into the books among the day's other entries.
Everything goes through the real services (app.services.loans: apply → approve by the
chair at a meeting → disburse; app.services.repayments: repay, with a fine waived now
and then with its reason), so the loan register, the arrears list and the ledger agree.

Who borrows what (deterministic: its own `random.Random` keyed by the seed):

- about members/30 applications a month, at most 2 (a small demo stays small); a fund of
  more than 300 members (`BIG`) lends more as it grows, up to members/50 a month at the
  end (2,000 members over 20 years: 2 a month for ten years, 6 after fifteen, 19 after
  eighteen, 40 in the last month). The growth goes with the eighth power of the time, so
  that the last years carry most of the loans: a sixth or so of the members hold a loan
  on the last day, and the 20-year demo still builds in reasonable time (each loan costs
  some 50 ms of service calls, about 1,500 applications in all). Emergency loans of
  2,000–10,000 baht (6 monthly instalments), ordinary ones of 10,000–50,000 baht (lump
  sum after 12 months, guarantors as the type's rules ask); one open loan of each type
  per member;
- the money is paid from the bank or the cash box only when that account has it (never
  below zero); an approved loan the fund cannot pay is rejected with its reason;
- most borrowers pay on time; some pay late with the fine (sometimes waived with a
  reason); some pay off early or pay part of an ordinary loan midway; a few (about 6 %)
  stop paying, most of them catching up months later; and a borrower who dies is paid
  off by the heirs. Five of the defaults are placed so that every ageing bucket
  (app.services.arrears BUCKETS) has a loan on the demo's last day whatever the size of
  the fund (in a small demo they are all the defaults there are). A defaulter gets the
  dunning letters 1, 2 and 3 (app.services.followup), a few weeks apart;
- new contracts (app.services.demo_contracts): a fifth of the defaulters left to chance
  are restructured (ประนอมหนี้) half a year to a year later, some lump-sum ordinary loans
  are renewed at term once the interest is paid, and now and then a household's loans
  are consolidated into one contract (๑ ครัวเรือน ๑ สัญญา); the new contract is repaid
  like any loan, and a restructured borrower is more likely to fall behind again.
  A demo of two years or more has one of each (placed like the showcase plans).

Only the loans paid out here and not yet closed are followed (`DemoLoans.loans`, by id):
no month scans the books.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import KongtunError
from app.models.loans import LOAN_CLOSED, ORIGIN_NEW, ORIGIN_RENEWAL, ORIGIN_RESTRUCTURE, Loan
from app.money import to_satang
from app.services import demo_contracts, followup, repayments
from app.services import loans as loan_service
from app.services.arrears import BUCKETS
from app.services.loan_rules import LoanTypeRow, guarantors_required, list_loan_types
from app.services.schedule import Instalment
from app.thai import to_be_year

USER, APPROVER = "bookkeeper", "chair"  # fund.DEFAULT_USER and the chair every fund has
CASH, BANK1, BANK2 = "11010", "11020", "11030"
ORDINARY, EMERGENCY = "ordinary", "emergency"
ON_TIME, LATE, EARLY, PARTIAL, DEFAULT, HEIRS, RENEW = (
    "on_time", "late", "early", "partial", "default", "heirs", "renew")
# What becomes of a defaulter left to chance: a new contract, paid up later, or never.
RESTRUCTURE, CATCH_UP, NEVER = "restructure", "catch_up", "never"
BIG = 300          # members: a bigger fund lends more as it grows
GROWTH = 8         # the power of the time elapsed the lending of a big fund grows with
RENEWALS = 0.08    # of the lump-sum ordinary loans repaid on time, renewed at term instead
RELAPSE = 0.15     # a restructured borrower's added chance of stopping again
PURPOSES = {
    ORDINARY: ("ลงทุนทำนาปี", "ซื้อปุ๋ยและเมล็ดพันธุ์", "เลี้ยงโคขุน", "ค้าขายของชำ", "ซ่อมแซมบ้าน",
               "ซื้อพันธุ์ปลาและอาหารปลา", "ลงทุนสวนยางพารา", "ทำสวนผักปลอดสาร"),
    EMERGENCY: ("ค่ารักษาพยาบาล", "ค่าเล่าเรียนบุตร", "ซ่อมรถจักรยานยนต์", "ค่าใช้จ่ายงานศพญาติ",
                "ซ่อมหลังคาบ้านหลังพายุ"),
}
WAIVER_REASONS = ("ประสบภัยน้ำท่วมนาข้าว คณะกรรมการมีมติงดค่าปรับ",
                  "เจ็บป่วยนอนโรงพยาบาล มีใบรับรองแพทย์",
                  "ราคาผลผลิตตกต่ำ ที่ประชุมกรรมการอนุมัติงดค่าปรับ")
REJECT_NO_MONEY = "เงินทุนหมุนเวียนไม่พอจ่ายในรอบนี้ ให้ยื่นคำขอใหม่รอบหน้า"
REJECT_RULES = "ไม่ผ่านเกณฑ์ตามระเบียบเงินกู้ (ผู้กู้หรือผู้ค้ำประกันมีหนี้ค้างชำระ)"
REJECT_COMMITTEE = "คณะกรรมการพิจารณาแล้วเห็นว่าเกินความสามารถในการชำระคืน"


@dataclass
class _Application:
    person: object  # app.services.demo.Person
    kind: str
    amount: int
    guarantors: tuple[int, ...]
    purpose: str
    meeting: dt.date
    payout: dt.date
    loan_id: int = 0


@dataclass
class DemoLoan:
    """A loan the demo opened, and how its borrower will repay it."""

    id: int
    member_id: int
    kind: str
    amount: int
    guarantors: tuple[int, ...]
    schedule: tuple[Instalment, ...]
    plan: str = ON_TIME
    stop_at: int = 0      # a defaulter's first unpaid instalment
    targeted: bool = False  # placed in an ageing bucket on purpose
    shown: bool = False   # one of the showcase plans: its first instalment is paid late
    waive: bool | None = None  # a late payer's fines: waived, paid, or now and then waived
    token: int = 0        # bumped when the plan changes: older queued events lapse
    closed: bool = False
    origin: str = ORIGIN_NEW  # or how the contract came (restructure, renewal ...)
    fate: str = ""        # a defaulter's: RESTRUCTURE, CATCH_UP or NEVER
    regular: bool = True  # paid by the schedule so far: the last instalment settles it


class DemoLoans:
    """The demo's loan book as the generator knows it, and the queue of dated events."""

    def __init__(self, f, *, seed: int, until: dt.date, months: int) -> None:  # noqa: ANN001
        self.f = f  # app.services.demo._Fund: roster, joins, deaths, cash and bank balances
        self.rng = random.Random(seed * 7_919 + 13)
        self.until = until
        members = len(f.roster)
        base = min(members / 30, 2)  # applications a month
        top = base if members <= BIG else members / 50
        span = max(months - 1, 1)
        self.rates = [base + (top - base) * (i / span) ** GROWTH for i in range(months)]
        # About 6 % of the loans default, counting those placed in the ageing buckets.
        self.default_rate = max(0.0, 0.06 - len(BUCKETS) / max(sum(self.rates), 1))
        self.joined = {p.index: when for when, people in f.joins.items() for p in people}
        self.loans: dict[int, DemoLoan] = {}              # paid out, not closed: by loan id
        self.paid_out = 0
        self.open: dict[tuple[int, str], DemoLoan] = {}   # (member id, kind) -> open loan
        self.guarantees: dict[int, int] = {}              # member id -> satang guaranteed
        self.bad: set[int] = set()                        # members who stopped paying
        self.dead: set[int] = set()
        self.covered = [False] * len(BUCKETS)
        # Each of these goes to the first loan it fits, so even a small demo shows them: a
        # default restructured later (first: it needs the most time), a late payer who pays
        # the fine, one whose fine is waived, an early payoff, an ordinary loan partly
        # repaid midway, and one renewed at term (app.services.demo_contracts).
        self.showcase: list[tuple[str, bool | None]] = [
            (RESTRUCTURE, None), (LATE, False), (LATE, True), (EARLY, None), (PARTIAL, None),
            (RENEW, None)]
        self.pending: list[tuple[dt.date, int, DemoLoan, int]] = []  # restructurings awaited
        self.index = 0  # the month being posted, from 0
        self.next_consolidation = months // 3  # the month from which a household is sought
        self.meeting: tuple[dt.date, str] = (dt.date.min, "")  # this month's meeting and no.
        self.last_meeting: tuple[dt.date | None, str] = (None, "")
        self.refused = False  # the committee has turned an application down
        self.types: dict[str, LoanTypeRow] = {}
        self.month_end = until
        self.now = dt.date.min  # the day being posted: nothing is queued before it
        self._queue: list[tuple[dt.date, int, Callable[..., None], tuple]] = []
        self._seq = 0

    # ------------------------------------------------------------ the month

    def start_month(self, session: Session, *, year: int, month: int, last_day: int,
                    index: int) -> None:
        """Plan the month's applications; heirs pay off the loans of borrowers who died."""
        if not self.types:
            self.types = {t.code: t for t in list_loan_types(session, active_only=True)}
        self.month_end = dt.date(year, month, last_day)
        self.now = dt.date(year, month, 1)
        self.index = index
        self.meeting_no = f"{month}/{to_be_year(year)}"
        for person, day in self.f.deaths:
            self._died(person, day)
        rng, rate = self.rng, self.rates[min(index, len(self.rates) - 1)]
        count = int(rate) + (rng.random() < rate % 1)
        meeting = dt.date(year, month, min(last_day, rng.randint(21, 27)))
        self.last_meeting, self.meeting = self.meeting, (meeting, self.meeting_no)
        for _ in range(count):
            self._plan_application(index, meeting)
        _restructure_some(self, session, self.month_end)

    def meeting_before(self, day: dt.date) -> tuple[dt.date | None, str]:
        """The committee's latest meeting on or before `day` (date, number)."""
        return self.meeting if self.meeting[0] <= day else self.last_meeting

    def post_through(self, session: Session, day: dt.date) -> bool:
        """Post every queued loan event dated on or before `day`; True if any was."""
        ran = False
        while self._queue and self._queue[0][0] <= day:
            when, _, handler, args = heapq.heappop(self._queue)
            self.now = when
            handler(session, when, *args)
            ran = True
        return ran

    def at(self, day: dt.date, handler: Callable[..., None], *args: object) -> None:
        """Queue an event; one meant for a day already posted happens today instead."""
        self._seq += 1
        heapq.heappush(self._queue, (max(day, self.now), self._seq, handler, args))

    # ------------------------------------------------------------ applications

    def _eligible(self, person, index: int, kind: str) -> bool:  # noqa: ANN001
        mid = person.index + 1
        return (self.joined.get(person.index, index) <= index - 3 and mid not in self.bad
                and person.index not in self.dead and (mid, kind) not in self.open)

    def _someone(self, index: int, kind: str, exclude: set[int]):  # noqa: ANN202
        for _ in range(8):
            p = self.rng.choice(self.f.active) if self.f.active else None
            if p is not None and p.index + 1 not in exclude and self._eligible(p, index, kind):
                return p
        return None

    def _plan_application(self, index: int, meeting: dt.date) -> None:
        rng = self.rng
        kind = EMERGENCY if rng.random() < 0.35 else ORDINARY
        person = self._someone(index, kind, set())
        if person is None:
            return
        if kind == EMERGENCY:
            amount = rng.randrange(2_000, 10_001, 500) * 100
            applied = meeting - dt.timedelta(days=rng.randint(0, 18))
            meeting = payout = min(applied + dt.timedelta(days=rng.randint(0, 2)),
                                   self.month_end)
        else:
            amount = (rng.randrange(10_000, 30_001, 1_000) if rng.random() < 0.75
                      else rng.randrange(31_000, 50_001, 1_000)) * 100
            applied = meeting - dt.timedelta(days=rng.randint(3, 20))
            payout = min(meeting + dt.timedelta(days=rng.randint(0, 3)), self.month_end)
        rules, guarantors = self.types[kind], list[int]()
        needed = guarantors_required(rules.guarantor_bands, amount)
        for _ in range(needed):
            g = self._someone(index, "guarantor", {person.index + 1, *guarantors})
            if g is None or self.guarantees.get(g.index + 1, 0) + amount // needed \
                    > rules.guarantee_cap_satang:
                return  # nobody suitable stands guarantor this month
            guarantors.append(g.index + 1)
        app = _Application(person, kind, amount, tuple(guarantors),
                           rng.choice(PURPOSES[kind]), meeting, payout)
        self.at(applied, self._apply, app)

    def _apply(self, session: Session, day: dt.date, app: _Application) -> None:
        mid = app.person.index + 1
        if app.person.index in self.dead or (mid, app.kind) in self.open:
            return
        try:
            row = loan_service.apply(session, member_id=mid, loan_type_id=self.types[app.kind].id,
                                     amount_satang=app.amount, day=day, user=USER,
                                     guarantor_ids=app.guarantors, purpose=app.purpose)
        except KongtunError:
            return  # refused by the rules (a loan past due, a guarantor over the cap ...)
        app.loan_id = row.id
        self.open[(mid, app.kind)] = DemoLoan(row.id, mid, app.kind, app.amount,
                                              app.guarantors, ())  # reserved until decided
        for g in app.guarantors:
            self.guarantees[g] = self.guarantees.get(g, 0) + app.amount // len(app.guarantors)
        self.at(max(app.meeting, day), self._approve, app)

    def _drop(self, session: Session, day: dt.date, app: _Application, reason: str) -> None:
        loan_service.reject(session, loan_id=app.loan_id, day=day, reason=reason, user=USER)
        self._release(self.open.pop((app.person.index + 1, app.kind)))

    def _approve(self, session: Session, day: dt.date, app: _Application) -> None:
        if self.rng.random() < 0.03 or (not self.refused and self.paid_out >= 10):
            self.refused = True  # at least one refusal, with its reason, in any demo
            self._drop(session, day, app, REJECT_COMMITTEE)
            return
        try:
            loan_service.approve(session, loan_id=app.loan_id, approver=APPROVER,
                                 meeting_date=day, meeting_no=self.meeting_no, user=USER)
        except KongtunError:
            self._drop(session, day, app, REJECT_RULES)
            return
        self.at(max(app.payout, day), self._disburse, app)

    def _disburse(self, session: Session, day: dt.date, app: _Application) -> None:
        balances = self.f.balances
        order = (CASH, BANK1, BANK2) if app.kind == EMERGENCY else (BANK1, BANK2, CASH)
        source = next((a for a in order if balances[a] >= app.amount), None)
        if source is None or app.person.index in self.dead:
            self._drop(session, day, app, REJECT_NO_MONEY)
            return
        loan_service.disburse(session, loan_id=app.loan_id, day=day, user=USER,
                              money_account=source)
        balances[source] -= app.amount
        loan = self.open[(app.person.index + 1, app.kind)]
        loan.schedule = loan_service.loan_schedule(session, loan.id)
        self.paid_out += 1
        self.loans[loan.id] = loan
        self._choose_plan(loan, day)

    def _release(self, loan: DemoLoan) -> None:
        for g in loan.guarantors:
            self.guarantees[g] -= loan.amount // len(loan.guarantors)

    def _retire(self, loan: DemoLoan) -> None:
        """A loan closed (paid off or carried into a new contract): no longer followed."""
        loan.closed, loan.token = True, loan.token + 1  # its queued events lapse
        self.loans.pop(loan.id, None)
        if self.open.get((loan.member_id, loan.kind)) is loan:
            del self.open[(loan.member_id, loan.kind)]
        self._release(loan)

    def replace(self, session: Session, day: dt.date, old: list[DemoLoan], new_id: int,
                kind: str, guarantors: tuple[int, ...], origin: str) -> DemoLoan:
        """Follow the new contract `new_id` that closed the loans `old` (app.services.
        demo_contracts): it is repaid, or falls behind, like any loan."""
        for loan in old:
            self._retire(loan)
            self.bad.discard(loan.member_id)
        row = session.get(Loan, new_id)
        assert row is not None
        loan = DemoLoan(new_id, row.member_id, kind, row.amount_satang, guarantors,
                        loan_service.loan_schedule(session, new_id), origin=origin)
        self.open[(loan.member_id, kind)] = loan
        for g in guarantors:
            self.guarantees[g] = self.guarantees.get(g, 0) + loan.amount // len(guarantors)
        self.loans[new_id] = loan
        self._choose_plan(loan, day, RELAPSE if origin == ORIGIN_RESTRUCTURE else 0.0)
        return loan

    # ------------------------------------------------------------ repayments

    def _choose_plan(self, loan: DemoLoan, day: dt.date, relapse: float = 0.0) -> None:
        """How the borrower will repay: a default placed in an empty ageing bucket, a
        showcase plan not yet seen, or else as chance has it (`relapse`: the added chance
        of stopping again of a borrower whose loan was restructured)."""
        rng, n = self.rng, len(loan.schedule)
        loan.plan = self._placed(loan) or self._showcased(loan) or ON_TIME
        if loan.plan == ON_TIME:
            r = rng.random() - self.default_rate - relapse
            if r < 0:
                loan.plan, loan.stop_at = DEFAULT, rng.randint(1, n)
            else:
                loan.plan = (LATE if r < 0.15 else EARLY if r < 0.25
                             else PARTIAL if r < 0.31 and n == 1 else ON_TIME)
            if loan.plan == ON_TIME and n == 1 and loan.kind == ORDINARY \
                    and rng.random() < RENEWALS:
                loan.plan = RENEW
        if loan.plan == EARLY:
            when = (loan.schedule[rng.randint(0, n - 2)].due if n > 1
                    else day + dt.timedelta(days=30 * rng.randint(2, 10)))
            self.at(when + dt.timedelta(days=rng.randint(1, 20)), self._payoff, loan,
                    loan.token)
        elif loan.plan == PARTIAL:
            part = loan.amount * rng.randint(2, 5) // 10 // 100_000 * 100_000
            if part:
                self.at(day + dt.timedelta(days=30 * rng.randint(3, 8)), self._pay_amount,
                        loan, loan.token, part)
        self._next(loan, 1)

    def _placed(self, loan: DemoLoan) -> str:
        """DEFAULT if an instalment falls due where an empty ageing bucket needs it."""
        for b, (low, high) in enumerate(BUCKETS):
            for inst in () if self.covered[b] else loan.schedule:
                age = (self.until - inst.due).days
                if age >= low and (high is None or age <= high):
                    self.covered[b] = True
                    loan.stop_at, loan.targeted = inst.no, True
                    return DEFAULT
        return ""

    def _showcased(self, loan: DemoLoan) -> str:
        """A showcase plan this loan can carry out before the demo's last day (a
        restructuring: stop at once, and have the new contract running well before it)."""
        s, until = loan.schedule, self.until - dt.timedelta(days=46)
        for plan, waive in self.showcase:
            if plan == RESTRUCTURE:
                fits = loan.origin == ORIGIN_NEW and s[0].due <= until - dt.timedelta(days=250)
            elif plan in (PARTIAL, RENEW):
                fits = len(s) == 1 and s[0].due <= until and loan.kind == ORDINARY
            else:
                fits = len(s) > 1 and s[-2 if plan == EARLY else 0].due <= until
            if fits:
                self.showcase.remove((plan, waive))
                loan.shown, loan.waive = True, waive
                if plan == RESTRUCTURE:
                    loan.stop_at, loan.fate = 1, RESTRUCTURE
                    return DEFAULT
                return plan
        return ""

    def _next(self, loan: DemoLoan, no: int) -> None:
        """Queue the payment of instalment `no` as the borrower's plan has it."""
        if no > len(loan.schedule):
            return
        inst, rng = loan.schedule[no - 1], self.rng
        if loan.plan == DEFAULT and no >= loan.stop_at:
            self.at(inst.due, self._default, loan, loan.token)
        elif loan.plan == RENEW:  # the interest paid at term, the contract renewed
            self.at(inst.due - dt.timedelta(days=rng.randint(0, 5)),
                    demo_contracts.renew_at_term, self, loan, loan.token)
        elif loan.plan == LATE and ((loan.shown and no == 1) or rng.random() < 0.7):
            self.at(inst.due + dt.timedelta(days=rng.randint(3, 45)), self._pay_late, loan,
                    loan.token)
        else:
            early = 0 if rng.random() < 0.4 else rng.randint(1, 5)
            self.at(inst.due - dt.timedelta(days=early), self._pay_instalment, loan,
                    loan.token, no)

    def repay(self, session: Session, day: dt.date, loan: DemoLoan, amount: int,
              waive: str = "") -> None:
        """Post a repayment of `amount` satang; a loan it closes is no longer followed."""
        big = loan.kind == ORDINARY and amount >= 20_000_00 and self.rng.random() < 0.5
        account = BANK1 if big else CASH  # a big sum is often paid into the fund's account
        repayments.repay(session, loan_id=loan.id, day=day, amount_satang=amount, user=USER,
                         money_account=account, waive_fine_reason=waive)
        self.f.balances[account] += amount
        if session.get(Loan, loan.id).status == LOAN_CLOSED:  # type: ignore[union-attr]
            self._retire(loan)

    def pay_off(self, session: Session, day: dt.date, loan: DemoLoan) -> None:
        """Pay everything owed on `day`: the loan closes."""
        self.repay(session, day, loan, repayments.payoff_satang(session, loan_id=loan.id,
                                                                day=day))

    def _pay_instalment(self, session: Session, day: dt.date, loan: DemoLoan, token: int,
                        no: int) -> None:
        if loan.closed or token != loan.token:
            return
        last = no == len(loan.schedule)
        if last and not loan.regular:  # the last one: whatever is still owed (after partials)
            self.pay_off(session, day, loan)
            return
        self.repay(session, day, loan, to_satang(loan.schedule[no - 1].total))
        if last and not loan.closed:  # a satang left by the split: settle it
            self.pay_off(session, day, loan)
        self._next(loan, no + 1)

    def _pay_late(self, session: Session, day: dt.date, loan: DemoLoan, token: int) -> None:
        """Pay what is overdue and the fine (now and then waived with a reason)."""
        if loan.closed or token != loan.token:
            return
        loan.regular = False
        d = repayments.dues(session, loan_id=loan.id, day=day)
        waived = loan.waive if loan.waive is not None else self.rng.random() < 0.15
        waive = self.rng.choice(WAIVER_REASONS) if d.fine_satang and waived else ""
        amount = d.overdue_satang + (0 if waive else d.fine_satang)
        if amount:
            self.repay(session, day, loan, amount, waive)
        if not loan.closed:
            self._next(loan, next((i.no for i in loan.schedule if i.due > day),
                                  len(loan.schedule) + 1))
            if all(i.due <= day for i in loan.schedule):  # nothing left to queue: settle
                self.at(day + dt.timedelta(days=1), self._payoff, loan, loan.token)

    def _payoff(self, session: Session, day: dt.date, loan: DemoLoan, token: int) -> None:
        """Pay everything owed (an early payoff, or the heirs of a borrower who died)."""
        if loan.closed or token != loan.token:
            return
        loan.token += 1  # the instalments queued for later lapse
        self.pay_off(session, day, loan)

    def _pay_amount(self, session: Session, day: dt.date, loan: DemoLoan, token: int,
                    amount: int) -> None:
        if loan.closed or token != loan.token or day >= loan.schedule[-1].due:
            return
        owed = repayments.payoff_satang(session, loan_id=loan.id, day=day)
        loan.regular = False
        self.repay(session, day, loan, min(amount, owed))

    def _default(self, session: Session, day: dt.date, loan: DemoLoan, token: int) -> None:
        """The borrower stops paying; most defaulters left to chance catch up, months later
        (after the letters), and a fifth are restructured, so old bad debts do not pile up
        over the years."""
        if loan.closed or token != loan.token:
            return
        rng = self.rng
        self.bad.add(loan.member_id)
        self.at(day + dt.timedelta(days=rng.randint(5, 20)), self._letter, loan, loan.token, 1)
        if loan.targeted:
            return
        if not loan.fate:
            r = rng.random()
            loan.fate = (RESTRUCTURE if r < 0.2 and loan.origin in (ORIGIN_NEW, ORIGIN_RENEWAL)
                         else CATCH_UP if r < 0.8 else NEVER)
        if loan.fate == RESTRUCTURE:  # at the first meeting after the wait (demo_contracts)
            wait = rng.randint(90, 150) if loan.shown else rng.randint(180, 400)
            self._seq += 1
            heapq.heappush(self.pending, (day + dt.timedelta(days=wait), self._seq, loan,
                                          loan.token))
        elif loan.fate == CATCH_UP:
            self.at(day + dt.timedelta(days=rng.randint(45, 900)), self._catch_up, loan,
                    loan.token)

    def _letter(self, session: Session, day: dt.date, loan: DemoLoan, token: int,
                no: int) -> None:
        """Dunning letters 1, 2 and 3 (app.services.followup), a few weeks apart."""
        if loan.closed or token != loan.token:
            return
        try:
            followup.record_letter(session, loan_id=loan.id, kind=f"letter{no}", day=day,
                                   user=USER)
        except KongtunError:
            return  # the ladder refuses it (no longer late): nothing was written
        if no < 3:
            self.at(day + dt.timedelta(days=self.rng.randint(15, 30)), self._letter, loan,
                    token, no + 1)

    def _catch_up(self, session: Session, day: dt.date, loan: DemoLoan, token: int) -> None:
        if loan.closed or token != loan.token:
            return
        self._payoff(session, day, loan, token)
        self.bad.discard(loan.member_id)

    def _died(self, person, day: dt.date) -> None:  # noqa: ANN001
        """The heirs pay off the loans of a borrower who died, unless they were already
        written off as bad (or placed in an ageing bucket, which must stay)."""
        self.dead.add(person.index)
        for kind in (ORDINARY, EMERGENCY):
            loan = self.open.get((person.index + 1, kind))
            if loan is not None and loan.schedule and not loan.targeted \
                    and loan.member_id not in self.bad:
                loan.plan, loan.token = HEIRS, loan.token + 1
                self.at(day + dt.timedelta(days=self.rng.randint(7, 30)), self._payoff, loan,
                        loan.token)


def _restructure_some(book: DemoLoans, session: Session, day: dt.date) -> None:
    """The month's restructurings (ประนอมหนี้) and household consolidation (๑ ครัวเรือน
    ๑ สัญญา), queued at the committee's meeting: see app.services.demo_contracts. Called
    at the start of every month (`day` is the month's last day)."""
    del day  # the steps are dated by the month's meeting (book.meeting)
    demo_contracts.month(book, session)
