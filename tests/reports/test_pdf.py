"""The printed reports: reproducible bytes, text that extracts exactly (pdftotext), the
"not yet closed" banner, and bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from app.db import FundDb
from app.errors import InvalidInput, NoFiscalYear
from app.reports import thai_text
from app.reports.catalog import REPORTS, make_report, report_spec
from app.reports.monthly import build_monthly, render_monthly
from app.reports.pdf import PrintOptions, render_pdf
from app.reports.tables import OutputError
from app.reports.thai_text import MissingFont
from tests.reports.story import PRINTED_ON

OPTIONS = PrintOptions(printed_on=PRINTED_ON)
PERIOD = {"month": {"month": (2025, 1)}, "as_of": {"as_of": dt.date(2025, 1, 31)},
          "entry": {"entry": "RV2568/0001"}}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for the reports alone (the fund file lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _make(db: FundDb, name: str, out: Path, **kw: object) -> Path:
    with db.read() as s:
        return make_report(s, name, fmt=out.suffix[1:], out=out,
                           **{"options": OPTIONS, **PERIOD[report_spec(name).period], **kw})


@pytest.mark.parametrize("name", [spec.name for spec in REPORTS])
def test_every_report_renders_reproducibly(story: FundDb, out: Path, name: str) -> None:
    first, second = _make(story, name, out / "a.pdf"), _make(story, name, out / "b.pdf")
    data = first.read_bytes()
    assert data.startswith(b"%PDF") and data == second.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"]  # no temp files


def test_monthly_statement_text_extracts_exactly(story: FundDb, out: Path) -> None:
    text = pdftext(_make(story, "monthly", out / "m.pdf"))
    assert "รายงานสถานะการเงินประจำเดือนมกราคม 2568" in text
    assert "ณ วันที่ 31 มกราคม 2568" in text
    assert "กองทุนหมู่บ้านหนองฮะ" in text and "หมู่ที่ 3 บ้านหนองฮะ ตำบลปราสาท" in text
    # brought forward, receipts, payments, carried forward, bank 3, loans outstanding
    for amount in ("471,399.50", "1,387.25", "91.75", "472,695.00", "2,000.00", "28,000.00"):
        assert amount in text, amount
    assert "ลงชื่อ" in text and "ผู้ตรวจสอบ" in text and "ประธานกรรมการ" in text
    assert "พิมพ์วันที่ 28 กุมภาพันธ์ 2568" in text and "หน้า 1/1" in text
    assert "\ue000" not in text  # no private-use garbage from shaped marks


def test_an_open_month_says_so(story: FundDb, out: Path) -> None:
    closed = pdftext(_make(story, "monthly", out / "jan.pdf"))
    still_open = pdftext(_make(story, "monthly", out / "feb.pdf", month=(2025, 2)))
    assert "ยังไม่ปิดงวด" not in closed
    assert "ยังไม่ปิดงวด" in still_open


def test_cash_book_prints_voucher_numbers_and_running_balances(story: FundDb,
                                                               out: Path) -> None:
    text = pdftext(_make(story, "cashbook", out / "cb.pdf"))
    for voucher in ("RV2568/0001", "RV2568/0002", "PV2568/0001", "JV2568/0001", "TV2568/0001"):
        assert voucher in text, voucher
    assert "[ยกเลิกแล้ว] ค่าถ่ายเอกสาร" in text
    assert "12,499.50" in text and "10,599.50" in text  # balances after RV0001 / TV0001


def test_a_year_of_cash_book_with_a_month_range(story: FundDb, out: Path) -> None:
    text = pdftext(_make(story, "cashbook", out / "y.pdf", month=(2024, 3),
                         to_month=(2025, 2)))
    assert "มีนาคม 2567" in text and "กุมภาพันธ์ 2568" in text
    assert "ตั้งแต่วันที่ 1 มีนาคม 2567 ถึง 28 กุมภาพันธ์ 2568" in text


def test_voucher_prints_the_amount_in_words(story: FundDb, out: Path) -> None:
    text = pdftext(_make(story, "voucher", out / "v.pdf", entry="rv2568/0001"))
    assert "ใบสำคัญรับ" in text and "RV2568/0001" in text and "5 มกราคม 2568" in text
    assert "1,100.00" in text and "(หนึ่งพันหนึ่งร้อยบาทถ้วน)" in text
    cancelled = pdftext(_make(story, "voucher", out / "p.pdf", entry="PV2568/0001"))
    assert "ใบสำคัญจ่าย" in cancelled and "ยกเลิกแล้วโดย JV2568/0001" in cancelled


@pytest.mark.parametrize("name", [spec.name for spec in REPORTS])
def test_thai_digits_on_the_whole_document(story: FundDb, out: Path, name: str) -> None:
    text = pdftext(_make(story, name, out / "t.pdf",
                         options=PrintOptions(thai_digits=True, printed_on=PRINTED_ON)))
    assert "๒๕๖๘" in text and "หน้า ๑/" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in text)
    if name == "monthly":
        assert "๔๗๑,๓๙๙.๕๐" in text and "๓๑ มกราคม ๒๕๖๘" in text


def test_members_and_overdue_loans_print_when_known(story: FundDb, out: Path) -> None:
    with story.read() as s:
        data = build_monthly(s, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    plain = pdftext(_write(render_monthly(data, OPTIONS), out / "a.pdf"))
    known = replace(data, members=212, overdue_loans=3, overdue_satang=4_500_00)
    text = pdftext(_write(render_monthly(known, OPTIONS), out / "b.pdf"))
    assert "212 คน" in text and "เงินกู้ค้างชำระ 3 สัญญา" in text and "4,500.00" in text
    assert "212" not in plain and "ค้างชำระ" not in plain


def _write(doc, path: Path) -> Path:  # noqa: ANN001
    path.write_bytes(render_pdf(doc.flowables, doc.frame))
    return path


def test_tables_as_csv_and_xlsx(story: FundDb, out: Path) -> None:
    for name in ("trial-balance", "balance-sheet", "income", "cashbook"):
        csv_file = _make(story, name, out / f"{name}.csv")
        assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
        assert _make(story, name, out / f"{name}.xlsx").stat().st_size > 0
    rows = (out / "cashbook.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any("PV2568/0001" in r and "87.25" in r and "ยกเลิกแล้ว" in r for r in rows)


# ---------------------------------------------------------------- bad input

def test_a_month_outside_every_fiscal_year(story: FundDb, out: Path) -> None:
    with pytest.raises(NoFiscalYear) as err:
        _make(story, "monthly", out / "x.pdf", month=(2027, 6))
    assert "มิถุนายน 2570" in str(err.value)
    assert list(out.iterdir()) == []


def test_unknown_voucher_report_and_format(story: FundDb, out: Path) -> None:
    with pytest.raises(InvalidInput, match="RV2568/9999"):
        _make(story, "voucher", out / "x.pdf", entry="RV2568/9999")
    with pytest.raises(InvalidInput):
        _make(story, "monthly", out / "x.csv")
    with pytest.raises(InvalidInput):
        report_spec("balance")
    assert list(out.iterdir()) == []


def test_unwritable_path_leaves_nothing(story: FundDb, out: Path) -> None:
    with pytest.raises(OutputError):
        _make(story, "monthly", out / "no-such-folder" / "m.pdf")
    (out / "taken.pdf").mkdir()  # a folder where the file should go
    with pytest.raises(OutputError):
        _make(story, "monthly", out / "taken.pdf")
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_missing_font(story: FundDb, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(thai_text, "FONT_DIR", out / "no-fonts")
    thai_text.register_fonts.cache_clear()
    try:
        with pytest.raises(MissingFont) as err:
            _make(story, "monthly", out / "m.pdf")
        assert "Sarabun-Regular.ttf" in str(err.value) and "ฟอนต์" in str(err.value)
    finally:
        monkeypatch.undo()
        thai_text.register_fonts.cache_clear()
    assert not (out / "m.pdf").exists()


def test_cancel_through_progress_writes_nothing(story: FundDb, out: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2:
            raise KeyboardInterrupt  # what the ops runner raises on cancel, in spirit

    with pytest.raises(KeyboardInterrupt):
        _make(story, "cashbook", out / "c.pdf", progress=progress, month=(2024, 3),
              to_month=(2025, 2))
    assert list(out.iterdir()) == []
    assert seen[0] == (0, 4) and all(d <= t for d, t in seen)


@pytest.mark.parametrize("suffix", [".pdf", ".csv", ".xlsx"])
def test_progress_reaches_the_end_and_cancel_at_the_end_writes_nothing(
        story: FundDb, out: Path, suffix: str) -> None:
    seen: list[tuple[int, int]] = []
    _make(story, "trial-balance", out / f"t{suffix}", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)

    def cancel_at_the_end(done: int, total: int) -> None:
        if done == total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _make(story, "trial-balance", out / f"u{suffix}", progress=cancel_at_the_end)
    assert not (out / f"u{suffix}").exists()


def test_an_amount_is_never_broken_across_lines(out: Path) -> None:
    from app.reports.layout import Row, new_doc
    from app.services.fund import FundInfo

    info = FundInfo("กองทุนหมู่บ้านหนองฮะ", "33-0301", "3", "หนองฮะ", "ปราสาท", "ห้วยทับทัน",
                    "ศรีสะเกษ", "", 1)
    doc = new_doc(info, "ทดสอบ", PrintOptions(thai_digits=True))
    doc.add(doc.grid(("รายการ", "บาท"), [Row(("เงินฝากธนาคาร", "1,375,852.14"))], (120, 50),
                     "LR"))
    text = pdftext(_write(doc, out / "g.pdf"))
    assert "๑,๓๗๕,๘๕๒.๑๔" in text
