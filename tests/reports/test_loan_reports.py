"""The loan prints and reports on the loan story (tests/reports/loan_story.py, figures by
hand): the register and the arrears report equal the ledger, their CSV columns, each PDF's
extracted text (amounts, Buddhist-era dates, Thai words), the contracts' pre-filled
facts and page counts, and every refusal with nothing written."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app import i18n
from app.db import FundDb, open_fund
from app.errors import InvalidInput
from app.reports.catalog import make_report
from app.reports.loan_book import build_arrears, build_loan_register, proof_text
from app.reports.loan_contract import ContractBatch, build_contracts, render_contracts
from app.reports.loan_statement import build_loan_statements
from app.reports.pdf import PrintOptions, render_pdf
from app.services.arrears import LedgerSums
from app.services.balances import account_balances
from app.services.loan_history import find_loan, instalments_paid, loan_movements
from app.services.members import get_member
from app.services.schedule import RULES_TH, build_schedule
from app.thai import to_thai_digits
from tests.reports.loan_story import AS_OF, PRINTED_ON, post_loan_story
from tests.reports.test_pdf import pdftext

OPTIONS = PrintOptions(printed_on=PRINTED_ON)


@pytest.fixture
def story_loans(fund_path: Path) -> dict[str, int]:
    return post_loan_story(fund_path)


@pytest.fixture
def db(fund_path: Path, story_loans: dict[str, int]) -> Iterator[FundDb]:
    fund = open_fund(fund_path)
    yield fund
    fund.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def make(db: FundDb, name: str, path: Path, **kw: object) -> Path:
    with db.read() as s:
        return make_report(s, name, fmt=path.suffix[1:], out=path,
                           **{"as_of": AS_OF, "options": OPTIONS, **kw})


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(info.split("Pages:")[1].split()[0])


def loan_ledger(s, day: dt.date) -> dict[str, int]:  # noqa: ANN001
    return {b.code: b.net_satang for b in account_balances(s, as_of=day)
            if b.code in ("13010", "13020", "13030")}


# ------------------------------------------------------------------ figures

def test_register_equals_the_ledger_with_hand_worked_figures(db: FundDb) -> None:
    with db.read() as s:
        data = build_loan_register(s, as_of=AS_OF)
        ledger = loan_ledger(s, AS_OF)
    rows = {r.loan_no: r for r in data.book.rows}
    assert list(rows) == ["2568/0001", "2568/0002", "2568/0003"]  # 0004 paid off, 0005 rejected
    assert [(r.principal_satang, r.interest_accrued_satang, r.days_past_due)
            for r in rows.values()] == [(40_000_00, 1_200_00, 0), (5_000_00, 150_00, 107),
                                        (9_000_00, 180_00, 0)]
    assert rows["2568/0001"].guarantors == ("นางสมหญิง แก้วมณี", "นายมานะ ศรีสุข")
    assert [(p.code, p.register_satang, p.ledger_satang) for p in data.proof] == [
        ("13010", 40_000_00, 40_000_00), ("13020", 5_000_00, 5_000_00),
        ("13030", 9_000_00, 9_000_00)]
    assert data.agrees and data.book.principal_satang == sum(ledger.values()) == 54_000_00


def test_register_on_an_earlier_date_holds_the_loan_paid_off_later(db: FundDb) -> None:
    day = dt.date(2025, 3, 1)
    with db.read() as s:
        data = build_loan_register(s, as_of=day)
        ledger = loan_ledger(s, day)
    assert [r.loan_no for r in data.book.rows] == ["2568/0001", "2568/0002", "2568/0003",
                                                   "2568/0004"]
    # 40,000 + (6,000 − 1,000 repaid 15 Feb) + 12,000 + 3,000
    assert data.book.principal_satang == sum(ledger.values()) == 60_000_00 and data.agrees


def test_register_says_so_when_the_ledger_differs(db: FundDb) -> None:
    """A line on 13010 naming a loan id that is no contract (the integrity check reports
    it): the register cannot hold it, and its proof shows the difference."""
    from app.services.ledger import LineInput, post_entry

    with db.write() as s:
        post_entry(s, kind="receipt", date=dt.date(2025, 6, 2), description="ลงผิดสัญญา",
                   user="bookkeeper", lines=[LineInput("11010", debit=Decimal(500)),
                                             LineInput("13010", credit=Decimal(500),
                                                       loan_id=99)])
    with db.read() as s:
        data = build_loan_register(s, as_of=AS_OF)
    assert not data.agrees and data.book.principal_satang == 54_000_00
    assert [(p.code, p.register_satang, p.ledger_satang, p.difference_satang)
            for p in data.proof][0] == ("13010", 40_000_00, 39_500_00, 500_00)
    assert "ไม่เท่ากับ" in proof_text(data) and "53,500.00" in proof_text(data)


def test_arrears_riskiest_first_with_ageing_and_par(db: FundDb) -> None:
    with db.read() as s:
        data = build_arrears(s, as_of=AS_OF)
    assert data.open_loans == 3
    (r,) = data.book.rows
    assert (r.loan_no, r.days_past_due, r.bucket, r.overdue_satang, r.fine_satang,
            r.due_now_satang, r.principal_satang) == (
        "2568/0002", 107, "91–180", 4_120_00, 500_00, 4_620_00, 5_000_00)
    assert (r.last_letter, r.last_letter_on) == ("letter1", dt.date(2025, 4, 20))
    a = data.book.ageing
    assert (a.total_satang, a.current_satang, a.par1, a.par30) == (
        54_000_00, 49_000_00, Decimal("9.26"), Decimal("9.26"))


def test_movements_of_a_loan_from_its_ledger_lines(db: FundDb,
                                                   story_loans: dict[str, int]) -> None:
    with db.read() as s:
        moves = loan_movements(s, loan_id=story_loans["2568/0002"], as_of=AS_OF)
    assert [(m.voucher_no, m.lent_satang, m.fine_satang, m.interest_satang,
             m.principal_satang, m.balance_satang, m.cancelled, m.cancellation)
            for m in moves] == [
        ("PV2568/0002", 6_000_00, 0, 0, 0, 6_000_00, False, False),
        ("RV2568/0002", 0, 0, 30_00, 1_000_00, 5_000_00, False, False),
        ("RV2568/0003", 0, 0, 30_00, 1_000_00, 4_000_00, True, False),
        ("JV2568/0001", 0, 0, -30_00, -1_000_00, 5_000_00, False, True)]


def test_a_payoff_settles_the_schedule(db: FundDb, story_loans: dict[str, int]) -> None:
    with db.read() as s:
        data = build_loan_statements(s, start=dt.date(2025, 3, 1), as_of=dt.date(2025, 3, 31),
                                     member_no="0001")
    (x,) = data.statements[0].loans
    assert x.book is None and x.loan.closed_on == dt.date(2025, 3, 10)
    # fine 23 days × 5 = 115, interest 2 months × 15 = 30, principal 3,000
    assert [(m.fine_satang, m.interest_satang, m.principal_satang, m.balance_satang)
            for m in x.movements][-1] == (115_00, 30_00, 3_000_00, 0)


@settings(max_examples=60, deadline=None)
@given(amount=st.integers(100_00, 100_000_00), rate=st.integers(0, 2400),
       term=st.sampled_from([3, 6, 12, 24]), method=st.sampled_from(["flat", "declining"]),
       pattern=st.sampled_from(["lump_sum", "monthly", "quarterly"]),
       repaid=st.integers(0, 100), interest_paid=st.integers(0, 5_000_00),
       look=st.integers(0, 900))
def test_what_was_paid_is_set_against_the_schedule_in_due_order(
        amount: int, rate: int, term: int, method: str, pattern: str, repaid: int,
        interest_paid: int, look: int) -> None:
    start = dt.date(2025, 1, 31)
    sched = build_schedule(principal=Decimal(amount).scaleb(-2),
                           rate_percent=Decimal(rate).scaleb(-2), term_months=term,
                           method=method, pattern=pattern, start=start)
    principal_left = amount - amount * repaid // 100
    sums = LedgerSums(principal_left, interest_paid, 0)
    rows = instalments_paid(sched, amount_satang=amount, sums=sums,
                            as_of=start + dt.timedelta(days=look))
    paid = amount - principal_left + interest_paid
    total = sum(r.total_satang for r in rows)
    assert sum(r.paid_satang for r in rows) == min(paid, total)
    assert sum(r.principal_satang for r in rows) == amount
    assert all(0 <= r.paid_satang <= r.total_satang for r in rows)
    # due order: nothing is paid on an instalment while an earlier one is short
    short = [i for i, r in enumerate(rows) if r.paid_satang < r.total_satang]
    assert all(r.paid_satang == 0 for r in rows[short[0] + 1:]) if short else True
    if principal_left == 0:
        assert all(r.state in ("paid", "closed") for r in rows)


# ------------------------------------------------------------------ tables

def test_register_and_arrears_as_csv_and_xlsx(db: FundDb, out: Path) -> None:
    rows = list(csv.reader(make(db, "loans", out / "r.csv").read_text(
        encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["เลขที่สัญญา", "เลขที่สมาชิก", "ผู้กู้", "บ้านเลขที่", "ประเภทเงินกู้",
                       "รหัสบัญชี", "วันที่จ่ายเงินกู้", "จำนวนเงินกู้ (บาท)",
                       "อัตราดอกเบี้ย (% ต่อปี)", "วันครบกำหนด", "เงินต้นคงค้าง (บาท)",
                       "ดอกเบี้ยค้างรับ (บาท)", "ค้างชำระตามงวด (บาท)", "ค่าปรับ (บาท)",
                       "วันค้างชำระ", "ผู้ค้ำประกัน"]
    assert rows[2] == ["2568/0002", "0005", "นางสาวมานี มีนา", "101", "เงินกู้ฉุกเฉิน", "13020",
                       "2025-01-15", "6000.00", "6.00", "2025-07-15", "5000.00", "150.00",
                       "4120.00", "500.00", "107", ""]
    assert rows[-1][10] == "54000.00" and rows[-1][11] == "1530.00"
    late = list(csv.reader(make(db, "arrears", out / "a.csv").read_text(
        encoding="utf-8-sig").splitlines()))
    assert late[0][:6] == ["เลขที่สัญญา", "เลขที่สมาชิก", "ผู้กู้", "บ้านเลขที่", "วันค้างชำระ",
                           "ช่วงอายุหนี้"]
    assert late[1] == ["2568/0002", "0005", "นางสาวมานี มีนา", "101", "107", "91–180",
                       "4120.00", "500.00", "4620.00", "5000.00", "หนังสือครั้งที่ 1",
                       "2025-04-20"]
    ws = load_workbook(make(db, "arrears", out / "a.xlsx")).active
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert any("PAR 30" in t and "9.26" in t for t in texts)
    book = load_workbook(make(db, "loans", out / "r.xlsx")).active
    assert any("เท่ากับยอดคงเหลือ" in (c.value or "") for c in book["A"]
               if isinstance(c.value, str))


def test_schedule_and_statement_tables(db: FundDb, out: Path) -> None:
    rows = list(csv.reader(make(db, "loan-schedule", out / "s.csv", loan="2568/0003")
                           .read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1:] == [
        ["2568/0003", "นายปิติ พอใจ", "1", "2025-04-15", "3000.00", "240.00", "3240.00",
         "9000.00", "3240.00", "ชำระครบแล้ว"],
        ["2568/0003", "นายปิติ พอใจ", "2", "2025-07-15", "3000.00", "180.00", "3180.00",
         "6000.00", "0.00", ""],
        ["2568/0003", "นายปิติ พอใจ", "3", "2025-10-15", "3000.00", "120.00", "3120.00",
         "3000.00", "0.00", ""],
        ["2568/0003", "นายปิติ พอใจ", "4", "2026-01-15", "3000.00", "60.00", "3060.00",
         "0.00", "0.00", ""]]
    moves = list(csv.reader(make(db, "loan-statement", out / "m.csv", member="5")
                            .read_text(encoding="utf-8-sig").splitlines()))
    assert [r[4] for r in moves[1:]] == ["PV2568/0002", "RV2568/0002", "RV2568/0003",
                                         "JV2568/0001"]
    assert moves[3][-1] == "ยกเลิกแล้ว" and moves[-1][-2] == "5000.00"


# ------------------------------------------------------------------ prints

def test_register_pdf(db: FundDb, out: Path) -> None:
    text = pdftext(make(db, "loans", out / "r.pdf"))
    assert "ทะเบียนคุมลูกหนี้เงินกู้" in text and "ณ วันที่ 30 มิถุนายน 2568" in text
    for s in ("2568/0001", "นายสมชาย", "15 ม.ค. 2568", "15 ก.ค. 2568", "40,000.00",
              "1,200.00", "107", "นางสมหญิง แก้วมณี", "รวม 3 สัญญา", "58,000.00", "54,000.00",
              "1,530.00", "การกระทบยอดกับบัญชีแยกประเภท"):
        assert s in text, s
    assert "เงินต้นคงค้างรวมตามทะเบียนนี้ 54,000.00 บาท เท่ากับยอดคงเหลือ" in text
    assert "ผู้ตรวจสอบ" in text and "2568/0004" not in text


def test_arrears_pdf(db: FundDb, out: Path) -> None:
    text = pdftext(make(db, "arrears", out / "a.pdf"))
    assert "รายงานลูกหนี้เงินกู้ค้างชำระ" in text and "ณ วันที่ 30 มิถุนายน 2568" in text
    for s in ("2568/0002", "นางสาวมานี มีนา", "107", "91–180", "4,120.00", "4,620.00",
              "5,000.00", "หนังสือครั้งที่ 1", "20 เม.ย. 2568", "49,000.00", "90.74",
              "PAR 1 (ค้างชำระตั้งแต่ 1 วัน): ร้อยละ 9.26", "PAR 30 (ค้างชำระเกิน 30 วัน): ร้อยละ 9.26",
              "PAR 30: เงินต้นคงค้างทั้งหมด"):
        assert s in text, s
    assert "2568/0001" not in text and pages(out / "a.pdf") == 1


def test_statement_pdf(db: FundDb, out: Path) -> None:
    text = pdftext(make(db, "loan-statement", out / "m.pdf", member="0005"))
    for s in ("ใบแจ้งยอดเงินกู้ของสมาชิก", "สมาชิกเลขที่ 0005 นางสาวมานี มีนา",
              "สัญญาเลขที่ 2568/0002", "15 ก.พ. 2568", "RV2568/0002", "[ยกเลิกแล้ว]",
              "(1,000.00)", "ค่าปรับ (ค้างชำระ 107 วัน)", "4,620.00",
              "(สี่พันหกร้อยยี่สิบบาทถ้วน)", "5,650.00", "ยอดหนี้ ณ วันที่ 30 มิถุนายน 2568"):
        assert s in text, s
    assert "นายสมชาย" not in text
    everyone = pdftext(make(db, "loan-statement", out / "all.pdf"))
    assert all(n in everyone for n in ("0002 นายสมชาย", "0005 นางสาวมานี", "0006 นายปิติ"))
    assert "0001 นางอ้อยใจ" not in everyone  # paid off in March
    march = pdftext(make(db, "loan-statement", out / "mar.pdf", member="0001",
                         as_of=dt.date(2025, 3, 31)))
    assert "ชำระหนี้ครบและปิดบัญชีแล้วเมื่อวันที่ 10 มีนาคม 2568" in march
    assert "115.00" in march and "3,145.00" not in march  # split, never the lump


def test_schedule_pdf(db: FundDb, out: Path) -> None:
    text = pdftext(make(db, "loan-schedule", out / "s.pdf", loan="2568/0003"))
    for s in ("ตารางผ่อนชำระเงินกู้", "สัญญาเงินกู้เลขที่ 2568/0003", "นายปิติ พอใจ",
              "15 เม.ย. 2568", "15 ม.ค. 2569", "3,240.00", "3,180.00", "3,060.00",
              "12,000.00", "600.00", "12,600.00", "ชำระครบแล้ว",
              "เงินต้นคงเหลือ ณ วันที่ 30 มิถุนายน 2568: 9,000.00 บาท"):
        assert s in text, s
    assert text.count("งวดสุดท้ายรับเศษที่เหลือ") == 1  # the rounding rule, printed once
    late = pdftext(make(db, "loan-schedule", out / "late.pdf", loan="2568/0002"))
    assert late.count("ค้างชำระ") == 4  # 15 Mar … 15 Jun unpaid on 30 Jun


def test_loan_contract_is_pre_filled(db: FundDb, out: Path) -> None:
    path = make(db, "loan-contract", out / "c.pdf", loan="2568/0001")
    text = pdftext(path)
    for s in ("สัญญากู้ยืมเงินกองทุนหมู่บ้าน", "สัญญาเลขที่ 2568/0001", "เขียนที่ กองทุนหมู่บ้านหนองฮะ",
              "วันที่ 15 มกราคม 2568", "ข้าพเจ้า นายสมชาย ใจดี อายุ 56 ปี สมาชิกเลขที่ 0002",
              "อยู่บ้านเลขที่ 45/1", "40,000.00 บาท (สี่หมื่นบาทถ้วน)",
              "ซื้อปุ๋ยและเมล็ดพันธุ์ข้าว", "ร้อยละ 6.00 ต่อปี", "2,400.00", "42,400.00",
              "15 มกราคม 2569", "ค่าปรับวันละ 5.00 บาท", "ไม่เกิน 1,000.00 บาท",
              "นางสมหญิง แก้วมณี (20,000.00", "นายมานะ ศรีสุข (20,000.00", "ข้อ 8.",
              "การประชุมครั้งที่ 1/2568", "(นายสมชาย ใจดี)", "(นางสมหญิง แก้วมณี)",
              "(นายมานะ ศรีสุข)", "คู่สมรสผู้กู้", "พยาน"):
        assert s in text, s
    assert pages(path) <= 2


def test_guarantee_contract_one_per_guarantor(db: FundDb, out: Path) -> None:
    path = make(db, "guarantee-contract", out / "g.pdf", loan="2568/0001")
    text = pdftext(path)
    # one page each (the second page's running header repeats the title)
    assert text.count("ค้ำประกันสัญญากู้ยืมเงินเลขที่ 2568/0001") == 2 and pages(path) == 2
    for s in ("ข้าพเจ้า นางสมหญิง แก้วมณี อายุ 49 ปี สมาชิกเลขที่ 0003",
              "ข้าพเจ้า นายมานะ ศรีสุข อายุ 44 ปี สมาชิกเลขที่ 0004",
              "ค้ำประกันสัญญากู้ยืมเงินเลขที่ 2568/0001", "40,000.00 บาท (สี่หมื่นบาทถ้วน)",
              "ในวงเงินไม่เกิน 20,000.00 บาท (สองหมื่นบาทถ้วน)", "ภายใน 60 วัน"):
        assert s in text, s


def test_a_contract_with_every_field_long_stays_within_two_pages(db: FundDb,
                                                                 out: Path) -> None:
    """Three guarantors with long names, a long purpose, a restructuring and a monthly
    declining schedule (its summary shortened): still at most two pages."""
    with db.read() as s:
        c = build_contracts(s, as_of=AS_OF, loan_no="2568/0001").contracts[0]
        g = get_member(s, 3)
    long = dataclasses.replace(g, first_name="ประภาพรรณวดีรัตน์", last_name="ศรีสุวรรณวงศ์ไพศาล")
    sched = build_schedule(principal=Decimal(50_000), rate_percent=Decimal(12), term_months=24,
                           method="declining", pattern="monthly", start=c.date)
    c = dataclasses.replace(
        c, purpose="ซื้อปุ๋ยอินทรีย์ เมล็ดพันธุ์ข้าวหอมมะลิ และจ้างรถไถเตรียมดินสำหรับทำนาปี "
                   "ในแปลงนาของครอบครัวจำนวนสิบห้าไร่ ที่บ้านหนองฮะ " * 3,
        guarantors=((long, 20_000_00), (long, 20_000_00), (long, 10_000_00)),
        schedule=sched, origin="restructure", replaces=("2567/0012", "2567/0044"),
        loan=dataclasses.replace(c.loan, pattern="monthly", method="declining",
                                 term_months=24, amount_satang=50_000_00))
    path = out / "long.pdf"
    doc = render_contracts(ContractBatch(c.fund, AS_OF, (c,)), OPTIONS)
    path.write_bytes(render_pdf(doc.flowables, doc.frame))
    text = pdftext(path)
    assert pages(path) <= 2 and "ดูตารางผ่อนชำระ" in text and "2567/0044" in text
    assert text.count("(นางประภาพรรณวดีรัตน์") == 3  # each guarantor signs under the name


def test_a_loan_not_yet_paid_out_is_dated_and_scheduled_from_the_report_date(
        fund_path: Path, story_loans: dict[str, int], out: Path) -> None:
    from app.services import loans

    with open_fund(fund_path) as fund:
        with fund.write() as s:
            row = loans.apply(s, member_id=3, loan_type_id=2, amount_satang=2_000_00,
                              day=dt.date(2025, 6, 20), user="bookkeeper")
            loans.approve(s, loan_id=row.id, approver="chair",
                          meeting_date=dt.date(2025, 6, 25), meeting_no="6/2568",
                          user="bookkeeper")
        contract = pdftext(make(fund, "loan-contract", out / "c.pdf", loan=row.loan_no))
        schedule = pdftext(make(fund, "loan-schedule", out / "s.pdf", loan=row.loan_no))
    assert "วันที่ 30 มิถุนายน 2568" in contract and "30 กรกฎาคม 2568" in contract
    assert "จะรับเงินจำนวนนี้ในวันที่ผู้ให้กู้จ่ายเงินกู้" in contract
    assert "ยังไม่ได้จ่ายเงินกู้" in schedule and "30 ก.ค. 2568" in schedule


def test_thai_digits_and_english(db: FundDb, out: Path) -> None:
    text = pdftext(make(db, "loan-contract", out / "t.pdf", loan="2568/0001",
                        options=PrintOptions(thai_digits=True, printed_on=PRINTED_ON)))
    assert to_thai_digits("40,000.00") in text and "๒๕๖๘/๐๐๐๑" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in text)
    i18n.set_language("en")
    english = pdftext(make(db, "loans", out / "e.pdf"))
    assert "Loan register" in english and "Agreement with the general ledger" in english


# ------------------------------------------------------------------ refusals

def test_loan_numbers_are_found_however_typed(db: FundDb, story_loans: dict[str, int]) -> None:
    with db.read() as s:
        for typed in ("2568/0001", " 2568/1 ", "๒๕๖๘/๐๐๐๑", "2568 / 01"):
            assert find_loan(s, typed) == story_loans["2568/0001"], typed


@pytest.mark.parametrize("name, kw, words", [
    ("loan-contract", {"loan": "2568/9999"}, "ไม่พบสัญญาเงินกู้เลขที่ 2568/9999"),
    ("loan-schedule", {"loan": "abc"}, "ไม่พบสัญญาเงินกู้เลขที่ abc"),
    ("guarantee-contract", {"loan": "2568/0002"}, "2568/0002 ไม่มีผู้ค้ำประกัน"),
    ("loan-contract", {"loan": "2568/0005"}, "2568/0005 ไม่ได้รับอนุมัติ"),
    ("loan-schedule", {"loan": "2568/0001", "as_of": dt.date(2025, 1, 10)},
     "จ่ายเงินกู้เมื่อวันที่ 15 มกราคม 2568 ซึ่งหลังจากวันที่ที่เลือก"),
    ("loans", {"loan": "2568/0001"}, "ไม่ได้ทำแยกตามสัญญาเงินกู้"),
    ("arrears", {"member": "0005"}, "ไม่ได้ทำแยกรายสมาชิก"),
    ("loan-statement", {"member": "0099"}, "0099"),
])
def test_bad_input_is_refused_in_thai_and_nothing_is_written(
        db: FundDb, out: Path, name: str, kw: dict, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        make(db, name, out / "x.pdf", **kw)
    assert words in str(err.value)
    assert list(out.iterdir()) == []


def test_the_rounding_rule_is_the_schedule_services(db: FundDb, out: Path) -> None:
    rows = make(db, "loan-schedule", out / "s.xlsx", loan="2568/0002")
    ws = load_workbook(rows).active
    assert RULES_TH in [c.value for c in ws["A"]]
