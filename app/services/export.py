"""Export of the ledger as an hledger/ledger journal, for auditors and cross-checks.

One transaction per posted entry (cancelled ones too, since both the entry and its
cancellation are posted): ISO date, the voucher number as the code, account names
that begin with the 5-digit code, sub-ledger dimensions as sub-accounts
(`21010 เงินรับฝากสัจจะ:M<member no>`, `13010 ลูกหนี้เงินกู้สามัญ:<loan no>`), amounts
as `1234.50 THB` (debit positive). `hledger -f FILE bal` must give exactly the trial
balance of `app.services.balances`, and `hledger bal 13010 --flat` each loan's
principal outstanding as the loan register has it.

A line of a loan is named by the loan alone (2568/0001 names its borrower too), so a
loan's principal, interest and fines each sit on one sub-account whatever member the
line also carries. hledger reads an account name up to two spaces, takes `:` as the
level separator and `;` as a comment, so names are cleaned of those; "/" is kept. A
loan id with no loan behind it (it should not happen: the integrity check reports it)
is written `L<id>` so that nothing is lost.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.ledger import STATE_REVERSED, Account, JournalEntry, JournalLine
from app.models.loans import Loan
from app.models.members import Member
from app.services.fund import fund_info


def _clean(text: str) -> str:
    """Make text safe inside a journal: no comment or hierarchy marks, single spaces."""
    text = text.replace(";", ",").replace("\t", " ").replace("\n", " ")
    return " ".join(text.split())


def journal_account_name(code: str, name: str) -> str:
    return f"{code} {_clean(name).replace(':', ' ')}"


def _amount(satang: int) -> str:
    sign = "-" if satang < 0 else ""
    whole, frac = divmod(abs(satang), 100)
    return f"{sign}{whole}.{frac:02d} THB"


def export_ledger(session: Session, out_path: Path | str) -> int:
    """Write the whole ledger as a journal file (atomically); returns the entries written."""
    out_path = Path(out_path)
    info = fund_info(session)
    names = {a.id: journal_account_name(a.code, a.name_th) for a in session.scalars(select(Account))}
    member_nos = dict(session.execute(select(Member.id, Member.member_no)).all())
    loan_nos = {i: _sub(no) for i, no in session.execute(select(Loan.id, Loan.loan_no))}
    lines: dict[int, list[JournalLine]] = defaultdict(list)
    for ln in session.scalars(select(JournalLine).order_by(JournalLine.id)).yield_per(20000):
        lines[ln.entry_id].append(ln)
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=out_path.parent or ".")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(f"; {_clean(info.name)} ({_clean(info.code)})\n")
            fh.write("; exported from Kongtun: one transaction per posted voucher\n\n")
            q = select(JournalEntry).order_by(JournalEntry.date, JournalEntry.id)
            for e in session.scalars(q).yield_per(20000):
                fh.write(_transaction(e, lines.get(e.id, []), names, member_nos, loan_nos))
                count += 1
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _sub(text: str) -> str:
    """A sub-account name: no hierarchy mark, single spaces (hledger's rules)."""
    return _clean(text).replace(":", "-") or "-"


def _transaction(e: JournalEntry, lines: list[JournalLine], names: dict[int, str],
                 member_nos: dict[int, str], loan_nos: dict[int, str]) -> str:
    desc = _clean(e.description)
    if e.counterpart:
        desc = f"{desc} | {_clean(e.counterpart)}"
    head = f"{e.date.isoformat()} ({e.voucher_no}) {desc}"
    tags = [f"kind:{e.kind}"]
    if e.state == STATE_REVERSED:
        tags.append("state:cancelled")
    if e.evidence_ref:
        tags.append(f"evidence:{_clean(e.evidence_ref).replace(',', ' ')}")
    out = [f"{head}  ; {', '.join(tags)}"]
    for ln in lines:
        account = names[ln.account_id]
        if ln.loan_id is not None:
            # The loan no. (2568/0001) as the register prints it; L<id> if none is known.
            account += f":{loan_nos.get(ln.loan_id, f'L{ln.loan_id}')}"
        elif ln.member_id is not None:
            # The member no. (0007) as the registry prints it; the id if none is known.
            account += f":M{_clean(member_nos.get(ln.member_id, str(ln.member_id)))}"
        out.append(f"    {account}  {_amount(ln.debit_satang - ln.credit_satang)}")
    return "\n".join(out) + "\n\n"


MEMBER_COLUMNS = ("เลขที่สมาชิก", "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด",
                  "บ้านเลขที่", "หมู่ที่", "ครัวเรือน", "โทรศัพท์", "วันที่เข้าเป็นสมาชิก", "สถานะ",
                  "สัจจะรายเดือน", "ค่าหุ้น", "เงินสัจจะ")


def member_table(session: Session) -> list[tuple[object, ...]]:
    """The registry as rows under MEMBER_COLUMNS (dates ISO, amounts Decimal baht).

    The headers are the ones `member_import` recognises, so an export imports back.
    """
    from app.models.members import Household
    from app.money import from_satang
    from app.services.members import list_members

    houses = dict(session.execute(select(Household.id, Household.house_no)).all())
    return [(m.member_no, m.title, m.first_name, m.last_name, m.national_id,
             m.birth_date.isoformat() if m.birth_date else "", m.house_no, m.moo,
             houses.get(m.household_id, "") if m.household_id else "", m.phone,
             m.join_date.isoformat(), m.status, from_satang(m.monthly_saving_satang),
             from_satang(m.shares_satang), from_satang(m.savings_satang))
            for m in list_members(session)]


def export_members(session: Session, out_path: Path | str) -> int:
    """Write the registry as CSV (UTF-8 with BOM) or XLSX, atomically; returns the rows."""
    import csv

    from app.errors import InvalidInput

    out_path = Path(out_path)
    fmt = out_path.suffix.lower()
    if fmt not in (".csv", ".xlsx"):
        raise InvalidInput("Members can be exported as .csv or .xlsx.")
    rows = member_table(session)
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=out_path.parent or ".")
    try:
        if fmt == ".csv":
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(MEMBER_COLUMNS)
                w.writerows(rows)
        else:
            os.close(fd)
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "สมาชิก"
            ws.append(MEMBER_COLUMNS)
            for r in rows:
                ws.append(list(r))
            for cell in ws["E"]:
                cell.number_format = "@"  # national IDs as text, never 1.23E+12
            wb.save(tmp)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)
