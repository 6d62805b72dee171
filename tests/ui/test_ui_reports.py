"""The Reports screen: period by report kind, preview, cancel, save as PDF/CSV, print, errors.

Reports are real (app.reports.catalog on the `fund` fixture with the `entries` of
15 ม.ค. 2568); only the file dialog, the print dialog and, for the cancel test, a slow
report are replaced.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.reports import catalog
from app.services.periods import close_period
from app.ui import ops, printing
from app.ui.context import FundContext
from app.ui.main_window import MainWindow
from app.ui.pdf_preview import PdfPages, PdfPreview
from app.ui.reports_view import ReportsView


@pytest.fixture
def view(qtbot, fund) -> ReportsView:  # noqa: ANN001
    v = ReportsView(FundContext(fund))
    qtbot.addWidget(v)
    v.resize(1100, 760)
    v.show()
    v.refresh()
    return v


def wait_op(qtbot, view: ReportsView) -> None:  # noqa: ANN001
    assert view.op is not None
    qtbot.waitUntil(lambda: view.op.is_finished, timeout=30_000)


def dark_bytes(image: QImage) -> int:
    """How many colour bytes are clearly not white (ink on the page)."""
    data = bytes(image.convertToFormat(QImage.Format.Format_RGBX8888).constBits())
    return len(data) - len(data.translate(None, bytes(range(160))))


def page_count(path: Path) -> int:
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        return len(doc)
    finally:
        doc.close()


def sample_pdf(pages: int) -> PdfPages:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(100, 700, f"Page {n}")
        canvas.showPage()
    canvas.save()
    return PdfPages.from_bytes(buf.getvalue())


def save_dialog(monkeypatch, path: Path, chosen: str = "") -> list[tuple]:  # noqa: ANN001
    asked: list[tuple] = []

    def fake(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        asked.append(args)
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


# ---- choosing


def test_the_period_field_follows_the_report(view) -> None:  # noqa: ANN001
    titles = [view.report_list.item(r).text() for r in range(view.report_list.count())]
    assert "งบทดลอง" in titles
    view.select_report("monthly")
    assert view.period_stack.currentWidget() is view.month_picker
    assert view.month_picker.isVisible() and not view.date_edit.isVisible()
    assert view.month_picker.month_combo.currentText() == "มกราคม"
    assert view.month_picker.year_spin.value() == 2568
    assert view.period_label.text() == "เดือน"
    assert view.table_button.isEnabled() is False  # the monthly statement is PDF only

    view.select_report("trial-balance")
    assert view.date_edit.isVisible() and not view.month_picker.isVisible()
    assert view.date_edit.line_edit.text() == "15 ม.ค. 2568"  # the working date
    assert view.table_button.isEnabled()

    view.select_report("voucher")
    assert view.voucher_edit.isVisible()
    assert not view.table_button.isEnabled()
    assert view.pdf_button.isEnabled() and view.print_button.isEnabled()
    assert view.printed_on_edit.line_edit.text() == "15 ม.ค. 2568"


def test_tab_goes_through_the_choices_in_order(qtbot, view) -> None:  # noqa: ANN001
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.select_report("monthly")
    view.report_list.setFocus()
    seen = []
    for _ in range(7):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [view.month_picker.month_combo, view.month_picker.year_spin,
                    view.printed_on_edit.line_edit, view.thai_digits_check,
                    view.page_numbers_check, view.preview_button, view.print_button]


def test_the_month_state_is_shown_beside_the_month(view, fund) -> None:  # noqa: ANN001
    view.select_report("monthly")
    assert view.month_picker.state_label.text() == "ยังไม่ปิดงวด"
    view.month_picker.set_month(2024, 12)
    assert view.month_picker.state_label.text() == "ไม่มีปีบัญชี"
    with fund.write() as s:
        close_period(s, year=2025, month=1, user="bookkeeper")
    view.month_picker.set_month(2025, 1)
    assert view.month_picker.state_label.text() == "ปิดงวดแล้ว"


# ---- preview


def test_preview_of_the_trial_balance(qtbot, view, entries) -> None:  # noqa: ANN001
    view.select_report("trial-balance")
    view.preview_button.click()
    wait_op(qtbot, view)
    assert view.preview.page_count() >= 1
    assert view.preview_pane.page_label.text() == f"หน้า 1/{view.preview.page_count()}"
    image = view.preview.page_image(0)
    assert image.width() > 300 and dark_bytes(image) > 1000
    assert "งบทดลอง" in view.preview_pane.title_label.text()
    assert view.preview.pages.data.startswith(b"%PDF")


def test_enter_shows_the_preview(qtbot, view, entries) -> None:  # noqa: ANN001
    view.select_report("monthly")
    view.report_list.setFocus()
    qtbot.keyClick(view.report_list, Qt.Key.Key_Return)
    wait_op(qtbot, view)
    assert view.preview.page_count() >= 1


def test_cancel_leaves_no_preview(qtbot, view, monkeypatch, shown_errors) -> None:  # noqa: ANN001
    started, release = threading.Event(), threading.Event()

    def slow(session, name, *, fmt, out, progress=None, **kwargs):  # noqa: ANN001, ANN003, ANN202
        started.set()
        release.wait(5)
        for n in range(100):
            progress(n, 100)
        Path(out).write_bytes(sample_pdf(1).data)
        return Path(out)

    view.select_report("trial-balance")
    monkeypatch.setattr(catalog, "make_report", slow)
    view.preview_report()
    assert started.wait(5)
    view.op.cancel()
    release.set()
    wait_op(qtbot, view)
    assert view.preview.page_count() == 0
    assert view.preview_pane.page_label.text() == ""
    assert view.status_label.text() == "ยกเลิกแล้ว"
    assert shown_errors == []


def test_a_month_without_fiscal_year_is_a_thai_error(qtbot, view, shown_errors) -> None:  # noqa: ANN001
    view.select_report("monthly")
    view.month_picker.set_month(2024, 12)
    view.preview_report()
    wait_op(qtbot, view)
    assert len(shown_errors) == 1
    assert "ไม่อยู่ในปีบัญชี" in shown_errors[0] and "2567" in shown_errors[0]
    assert view.preview.page_count() == 0


def test_pages_scroll_with_page_keys_and_zoom(qtbot) -> None:  # noqa: ANN001
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(700, 600)
    preview.show()
    preview.set_pages(sample_pdf(3))
    assert preview.page_text() == "หน้า 1/3"
    qtbot.keyClick(preview, Qt.Key.Key_PageDown)
    assert preview.page_text() == "หน้า 2/3"
    qtbot.keyClick(preview, Qt.Key.Key_End)
    assert preview.page_text() == "หน้า 3/3"
    qtbot.keyClick(preview, Qt.Key.Key_PageUp)
    assert preview.page_text() == "หน้า 2/3"
    fitted = preview.page_image(0).width()
    assert abs(fitted / preview.devicePixelRatioF() - (preview.viewport().width() - 32)) <= 2
    preview.set_zoom(1.0)
    assert round(preview.page_image(0).width() / preview.devicePixelRatioF()) == 794  # A4, 96 dpi
    preview.zoom_in()
    assert preview.zoom() == pytest.approx(1.25)
    assert preview.page_text() == "หน้า 2/3"  # zooming keeps the page in view


# ---- save


def test_save_as_pdf_builds_the_report(qtbot, view, entries, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "out" / "statement.pdf"
    target.parent.mkdir()
    asked = save_dialog(monkeypatch, target)
    view.select_report("monthly")
    view.pdf_button.click()
    wait_op(qtbot, view)
    assert target.read_bytes().startswith(b"%PDF")
    suggested = Path(asked[0][2]).name  # the report's Thai title and the BE month
    assert suggested.endswith("_2568-01.pdf") and "\u0e00" <= suggested[0] <= "\u0e7f"
    assert [p.name for p in target.parent.iterdir()] == ["statement.pdf"]  # no temporary left
    assert str(target) in view.status_label.text()


def test_save_as_pdf_reuses_the_preview(qtbot, view, entries, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    view.select_report("trial-balance")
    view.preview_report()
    wait_op(qtbot, view)
    made = []
    monkeypatch.setattr(catalog, "make_report", lambda *a, **k: made.append(a))
    asked = save_dialog(monkeypatch, tmp_path / "tb", "PDF (*.pdf)")
    view.save_pdf()
    wait_op(qtbot, view)
    assert Path(asked[0][2]).name == "งบทดลอง_2568-01-15.pdf"
    assert (tmp_path / "tb.pdf").read_bytes() == view.preview.pages.data
    assert made == []


def test_save_as_csv_is_utf8_with_bom(qtbot, view, entries, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    save_dialog(monkeypatch, tmp_path / "tb", "CSV (*.csv)")
    view.select_report("trial-balance")
    view.table_button.click()
    wait_op(qtbot, view)
    data = (tmp_path / "tb.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "11010" in text and "1000000.00" in text


def test_an_unwritable_folder_is_a_thai_error(qtbot, view, entries, monkeypatch, tmp_path,  # noqa: ANN001
                                              shown_errors) -> None:
    save_dialog(monkeypatch, tmp_path / "missing" / "tb.csv")
    view.select_report("trial-balance")
    view.save_table()
    wait_op(qtbot, view)
    assert len(shown_errors) == 1 and "tb.csv" in shown_errors[0]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in shown_errors[0])


# ---- print


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setFullPage(True)
    return printer


def test_print_paints_every_page(qtbot, tmp_path) -> None:  # noqa: ANN001
    pages = sample_pdf(3)
    out = tmp_path / "printed.pdf"
    assert printing.print_pdf(pages, pdf_printer(out)) == 3
    assert page_count(out) == 3
    doc = pdfium.PdfDocument(out.read_bytes())
    try:
        image = doc[1].render(scale=0.5).to_pil()
    finally:
        doc.close()
    assert image.convert("L").getextrema()[0] < 100  # the page is not blank


def test_print_respects_the_page_range(qtbot, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setFromTo(2, 3)
    assert printing.print_pdf(sample_pdf(3), printer) == 2
    assert page_count(out) == 2


def test_print_from_the_screen(qtbot, view, entries, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "choose_printer",
                        lambda parent, pages, title: pdf_printer(out))
    view.select_report("trial-balance")
    view.print_button.click()  # builds first, then prints the same pages
    wait_op(qtbot, view)
    assert out.exists()
    assert page_count(out) == view.preview.page_count() >= 1
    assert "เครื่องพิมพ์" in view.status_label.text()


def test_reports_screen_in_the_main_window(qtbot, fund) -> None:  # noqa: ANN001
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    screen = window.show_screen("reports")
    assert isinstance(screen, ReportsView)
    assert screen.month_picker.year_spin.value() == 2568
    assert dt.date(2025, 1, 15) == screen.printed_on_edit.date()


def test_print_a_voucher_from_the_journal(qtbot, fund, entries, monkeypatch, tmp_path,  # noqa: ANN001
                                         shown_errors) -> None:
    out = tmp_path / "voucher.pdf"
    titles = []

    def printer(parent, pages, title):  # noqa: ANN001, ANN202
        titles.append(title)
        return pdf_printer(out)

    monkeypatch.setattr(printing, "choose_printer", printer)
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    journal = window.show_screen("accounts").journal
    assert not journal.print_button.isEnabled()
    journal.table.selectRow(1)
    assert journal.print_button.isEnabled()
    journal.print_button.click()  # the selected entry, RV2568/0002
    qtbot.waitUntil(lambda: not ops._running, timeout=30_000)
    assert shown_errors == []
    assert page_count(out) >= 1
    assert titles and titles[0].endswith("_RV2568-0002")


def test_a_member_or_loan_number_can_be_given_for_the_reports_that_take_one(
        qtbot, view, tmp_path) -> None:  # noqa: ANN001
    view.select_report("trial-balance")
    assert not view.number_edit.isVisible()
    view.select_report("loan-schedule")
    assert view.number_edit.isVisible() and view.number_label.text() == "เลขที่สัญญา"
    view.number_edit.setText(" 2568/0001 ")
    request = view.request()
    assert (request.loan, request.member) == ("2568/0001", None)
    assert request.file_stem().endswith("_2568-0001")
    view.select_report("passbook")
    assert view.number_label.text() == "เลขที่สมาชิก"
    view.number_edit.setText("")
    assert view.request().member is None  # blank: every member
    view.number_edit.setText("0001")
    assert view.request().member == "0001"
    # the number reaches the report: an unknown loan is refused in Thai, nothing written
    view.select_report("loan-schedule")
    view.number_edit.setText("2568/0099")
    out = tmp_path / "s.pdf"
    with pytest.raises(Exception) as refused:
        view.request().make(view.ctx.db, fmt="pdf", out=out, progress=lambda *_a: None)
    assert "2568/0099" in str(refused.value) and not out.exists()
