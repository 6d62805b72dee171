"""The chart of accounts (ผังบัญชี): the default Thai chart and the fund's own accounts.

Codes have five digits; the first digit is the group (1 assets, 2 liabilities,
3 equity, 4 income, 5 expenses). A fund may add accounts within a group but cannot
change the groups. Separate bank accounts hold each source of money, as the
government's rules for village funds require (allocation, capital top-up,
savings/shares, projects).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.ledger import (
    KIND_BANK,
    KIND_CASH,
    KIND_OTHER,
    SUBLEDGER_LOAN,
    SUBLEDGER_MEMBER,
    Account,
)

# code, Thai name, English name, kind, sub-ledger dimension
DEFAULT_CHART: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("11010", "เงินสด", "Cash on hand", KIND_CASH, None),
    ("11020", "เงินฝากธนาคาร บัญชีที่ 1 เงินจัดสรรจากรัฐบาล", "Bank 1: government allocation", KIND_BANK, None),
    ("11030", "เงินฝากธนาคาร บัญชีที่ 2 เงินเพิ่มทุน", "Bank 2: capital top-up", KIND_BANK, None),
    ("11040", "เงินฝากธนาคาร บัญชีที่ 3 เงินสัจจะและหุ้น", "Bank 3: savings and shares", KIND_BANK, None),
    ("11050", "เงินฝากธนาคาร บัญชีที่ 4 เงินโครงการ", "Bank 4: projects", KIND_BANK, None),
    ("12010", "ลูกหนี้อื่น", "Other receivables", KIND_OTHER, None),
    ("13010", "ลูกหนี้เงินกู้สามัญ", "Loans receivable: ordinary", KIND_OTHER, SUBLEDGER_LOAN),
    ("13020", "ลูกหนี้เงินกู้ฉุกเฉิน", "Loans receivable: emergency", KIND_OTHER, SUBLEDGER_LOAN),
    ("13030", "ลูกหนี้เงินกู้ประนอมหนี้", "Loans receivable: restructured", KIND_OTHER, SUBLEDGER_LOAN),
    ("13090", "ดอกเบี้ยเงินกู้ค้างรับ", "Accrued loan interest", KIND_OTHER, SUBLEDGER_LOAN),
    ("14010", "วัสดุสำนักงานคงเหลือ", "Office supplies on hand", KIND_OTHER, None),
    ("15010", "ครุภัณฑ์", "Equipment", KIND_OTHER, None),
    ("21010", "เงินรับฝากสัจจะ", "Members' savings deposits", KIND_OTHER, SUBLEDGER_MEMBER),
    ("21020", "เงินรับฝากสวัสดิการและฌาปนกิจ", "Welfare and funeral contributions", KIND_OTHER, SUBLEDGER_MEMBER),
    ("22010", "เจ้าหนี้อื่น", "Other payables", KIND_OTHER, None),
    ("22020", "ค่าใช้จ่ายค้างจ่าย", "Accrued expenses", KIND_OTHER, None),
    ("22030", "เงินปันผลค้างจ่าย", "Dividends payable", KIND_OTHER, SUBLEDGER_MEMBER),
    ("22040", "เงินเฉลี่ยคืนค้างจ่าย", "Interest refunds payable", KIND_OTHER, SUBLEDGER_MEMBER),
    ("23010", "เงินกู้ยืมจากสถาบันการเงิน", "Borrowings from banks", KIND_OTHER, None),
    ("31010", "เงินทุนจัดสรรจากรัฐบาล", "Government allocation capital", KIND_OTHER, None),
    ("31020", "เงินเพิ่มทุนจากรัฐบาล", "Government capital top-up", KIND_OTHER, None),
    ("32010", "ทุนเรือนหุ้น", "Members' shares", KIND_OTHER, SUBLEDGER_MEMBER),
    ("33010", "ทุนสำรอง", "Reserve", KIND_OTHER, None),
    ("33020", "ทุนสะสม", "Accumulated surplus", KIND_OTHER, None),
    ("41010", "รายได้ดอกเบี้ยเงินกู้", "Loan interest income", KIND_OTHER, SUBLEDGER_LOAN),
    ("41020", "รายได้ค่าปรับชำระล่าช้า", "Late fine income", KIND_OTHER, SUBLEDGER_LOAN),
    ("42010", "รายได้ค่าธรรมเนียมแรกเข้า", "Entry fee income", KIND_OTHER, None),
    ("42020", "รายได้ค่าธรรมเนียมและค่าบริการ", "Fees and service income", KIND_OTHER, None),
    ("43010", "ดอกเบี้ยเงินฝากธนาคาร", "Bank interest income", KIND_OTHER, None),
    ("44010", "รายได้อื่น", "Other income", KIND_OTHER, None),
    ("44020", "เงินเกินบัญชี", "Cash over", KIND_OTHER, None),
    ("51010", "ค่าตอบแทนคณะกรรมการ", "Committee remuneration", KIND_OTHER, None),
    ("51020", "ค่าเบี้ยประชุม", "Meeting allowances", KIND_OTHER, None),
    ("52010", "ค่าวัสดุสำนักงาน", "Office supplies", KIND_OTHER, None),
    ("52020", "ค่าถ่ายเอกสารและสิ่งพิมพ์", "Copies and printing", KIND_OTHER, None),
    ("52030", "ค่าสาธารณูปโภค", "Utilities", KIND_OTHER, None),
    ("52040", "ค่าเดินทาง", "Travel", KIND_OTHER, None),
    ("53010", "ค่าธรรมเนียมธนาคาร", "Bank fees", KIND_OTHER, None),
    ("53020", "ดอกเบี้ยจ่ายเงินรับฝากสัจจะ", "Interest paid on savings", KIND_OTHER, None),
    ("54010", "ค่าใช้จ่ายสวัสดิการสมาชิก", "Member welfare expenses", KIND_OTHER, None),
    ("54020", "ค่าใช้จ่ายเพื่อสาธารณประโยชน์", "Public benefit expenses", KIND_OTHER, None),
    ("55010", "หนี้สงสัยจะสูญ", "Doubtful debts", KIND_OTHER, None),
    ("56010", "เงินขาดบัญชี", "Cash short", KIND_OTHER, None),
    ("59010", "ค่าใช้จ่ายอื่น", "Other expenses", KIND_OTHER, None),
)

GROUP_NAMES_TH = {1: "สินทรัพย์", 2: "หนี้สิน", 3: "ทุน", 4: "รายได้", 5: "ค่าใช้จ่าย"}
GROUP_NAMES_EN = {1: "Assets", 2: "Liabilities", 3: "Equity", 4: "Income", 5: "Expenses"}


@dataclass(frozen=True)
class AccountRow:
    id: int
    code: str
    name_th: str
    name_en: str
    group: int
    kind: str
    subledger: str | None
    active: bool

    @property
    def debit_normal(self) -> bool:
        return self.group in (1, 5)


def _row(a: Account) -> AccountRow:
    return AccountRow(a.id, a.code, a.name_th, a.name_en, a.account_group, a.kind,
                      a.subledger, a.active)


def install_default_chart(session: Session) -> int:
    """Add the default chart to an empty fund; returns how many accounts were added."""
    for code, name_th, name_en, kind, subledger in DEFAULT_CHART:
        session.add(Account(code=code, name_th=name_th, name_en=name_en,
                            account_group=int(code[0]), kind=kind, subledger=subledger,
                            bank_name="", bank_account_no="", active=True))
    session.flush()
    return len(DEFAULT_CHART)


def list_accounts(session: Session, *, group: int | None = None) -> list[AccountRow]:
    """Every account in code order (optionally one group)."""
    q = select(Account).order_by(Account.code)
    if group is not None:
        q = q.where(Account.account_group == group)
    return [_row(a) for a in session.scalars(q)]


def cash_and_bank_accounts(session: Session) -> list[AccountRow]:
    q = select(Account).where(Account.kind.in_((KIND_CASH, KIND_BANK))).order_by(Account.code)
    return [_row(a) for a in session.scalars(q)]


def accounts_by_code(session: Session) -> dict[str, Account]:
    return {a.code: a for a in session.scalars(select(Account))}


def add_account(session: Session, *, code: str, name_th: str, name_en: str = "",
                kind: str = KIND_OTHER, subledger: str | None = None) -> AccountRow:
    """Add an account to the fund's chart, inside the group its code names."""
    code = code.strip()
    if len(code) != 5 or not code.isdigit() or code[0] not in "12345":
        raise InvalidInput("An account code has 5 digits and starts with 1 to 5 (its group).")
    if not name_th.strip():
        raise InvalidInput("Please type the account name.")
    if kind not in (KIND_CASH, KIND_BANK, KIND_OTHER):
        raise InvalidInput("Unknown account kind {kind}.", kind=kind)
    if subledger not in (None, SUBLEDGER_MEMBER, SUBLEDGER_LOAN):
        raise InvalidInput("Unknown sub-ledger {subledger}.", subledger=subledger)
    if kind in (KIND_CASH, KIND_BANK) and code[0] != "1":
        raise InvalidInput("Cash and bank accounts belong to group 1 (assets).")
    if session.scalar(select(Account.id).where(Account.code == code)) is not None:
        raise InvalidInput("The account code {code} is already used.", code=code)
    acc = Account(code=code, name_th=name_th.strip(), name_en=name_en.strip(),
                  account_group=int(code[0]), kind=kind, subledger=subledger,
                  bank_name="", bank_account_no="", active=True)
    session.add(acc)
    session.flush()
    return _row(acc)
