"""Getting a report out of the program: built to PDF bytes, saved, printed.

`ReportRequest` is one report as chosen on the Reports screen; `build_pages` runs
`app.reports.catalog.make_report` into a temporary file on the ops worker and keeps
the bytes, so the preview, "save as PDF" and printing share one build. Saved files
are written beside the target and renamed (never half a file).

Printing goes through QtPrintSupport. Qt cannot draw a PDF itself (QtPdf is not in
PySide6-Essentials), so each page is rasterised by PDFium at printer resolution
(capped at 300 dpi: sharp Thai on paper, a bounded image per page) and painted onto
the QPrinter, keeping the PDF's own margins (full page, not Qt's page margins). The
same path writes a PDF when the QPrinter's output format is PdfFormat, which is how
the tests check it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from app.errors import KongtunError
from app.i18n import _
from app.reports import catalog
from app.reports.pdf import PrintOptions
from app.reports.tables import OutputError
from app.thai import format_date, format_month, to_be_year
from app.ui import errors
from app.ui.ops import Op, run_op
from app.ui.pdf_preview import PDFIUM_LOCK, PdfPages, render_page

_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class ReportRequest:
    """One report with its period and print options, as chosen on screen."""

    spec: catalog.ReportSpec
    month: tuple[int, int] | None = None
    as_of: dt.date | None = None
    entry: str | None = None
    options: PrintOptions = PrintOptions()
    member: str | None = None  # a member no. for the reports that take one (none: everyone)
    loan: str | None = None    # a loan no. for the loan forms (none: every open loan)

    def title(self) -> str:
        return _(self.spec.title)

    def period_text(self) -> str:
        if self.month is not None:
            return format_month(*self.month)
        if self.as_of is not None:
            return _("As of {date}").format(date=format_date(self.as_of, "long"))
        return self.entry or ""

    def file_stem(self) -> str:
        """รายงานสถานะการเงินประจำเดือน_2568-06, งบทดลอง_2568-06-30, ใบสำคัญ_RV2568-0001."""
        if self.month is not None:
            suffix = f"{to_be_year(self.month[0])}-{self.month[1]:02d}"
        elif self.as_of is not None:
            d = self.as_of
            suffix = f"{to_be_year(d.year)}-{d.month:02d}-{d.day:02d}"
        else:
            suffix = self.entry or ""
        suffix = "_".join(x for x in (suffix, self.member, self.loan) if x)
        return _BAD_FILE_CHARS.sub("_", f"{self.title()}_{suffix}".replace("/", "-")).strip("_")

    def make(self, db: Any, *, fmt: str, out: Path, progress: Any) -> Path:
        """Build the report into `out` (worker thread)."""
        with db.read() as s:
            return catalog.make_report(s, self.spec.name, fmt=fmt, out=out, month=self.month,
                                       as_of=self.as_of, entry=self.entry,
                                       member=self.member, loan=self.loan,
                                       options=self.options, progress=progress)


def build_pages(db: Any, request: ReportRequest, progress: Any) -> PdfPages:
    """The report as PDF bytes from a temporary file (worker thread)."""
    progress(0, 0)
    with tempfile.TemporaryDirectory(prefix="kongtun-") as folder:
        out = request.make(db, fmt="pdf", out=Path(folder) / "report.pdf", progress=progress)
        data = Path(out).read_bytes()
    progress(1, 1)  # a cancel during the last step still leaves no preview
    return PdfPages.from_bytes(data)


def ask_save_path(parent: QWidget | None, suggested: Path,
                  filters: dict[str, str]) -> Path | None:
    """The save dialog, starting at `suggested` + the first format's suffix.

    `filters` maps a format to its dialog filter ({"pdf": "PDF (*.pdf)"}); a name
    typed without a known suffix gets the chosen filter's.
    """
    first = next(iter(filters))
    name, chosen = QFileDialog.getSaveFileName(parent, _("Save the report"),
                                               f"{suggested}.{first}",
                                               ";;".join(filters.values()))
    if not name:
        return None
    path = Path(name)
    if path.suffix[1:].lower() not in filters:
        fmt = next((f for f, text in filters.items() if text == chosen), first)
        path = path.with_name(f"{path.name}.{fmt}")
    return path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write beside the target, then rename: never half a file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kongtun-", suffix=path.suffix, dir=path.parent)
    except OSError:
        raise OutputError(path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path=str(path)) from None
    return path


MAX_PRINT_DPI = 300


class PrintFailed(KongtunError):
    message_id = "The printer could not be started. Check that it is switched on and connected."


def new_printer(pages: PdfPages, title: str) -> QPrinter:
    """A printer set up for these pages: A4, portrait or landscape like the first page."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    if pages.sizes and pages.sizes[0][0] > pages.sizes[0][1]:
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    else:
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def page_range(printer: QPrinter, count: int) -> list[int]:
    """0-based pages to print: the range chosen in the print dialog, else all."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0:
        first, last = 1, count
    last = count if last <= 0 else min(last, count)
    return list(range(first - 1, last))


def print_pdf(pages: PdfPages, printer: QPrinter, *,
              step: Callable[[int, int], bool] | None = None) -> int:
    """Paint the pages onto `printer`; returns how many were printed.

    `step(done, total)` is called before each page; returning False stops (the
    print job is then aborted, so a half-printed report never comes out).
    """
    indexes = page_range(printer, len(pages.sizes))
    if not indexes:
        return 0
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pages.data)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for done, index in enumerate(indexes):
            if step is not None and not step(done, len(indexes)):
                printer.abort()
                return done
            if done:
                printer.newPage()
            image = render_page(doc, index, dpi / 72)
            paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            scale = min(paper.width() / image.width(), paper.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
        return len(indexes)
    finally:
        if painter.isActive():
            painter.end()
        with PDFIUM_LOCK:
            doc.close()


def choose_printer(parent: QWidget | None, pages: PdfPages, title: str) -> QPrinter | None:
    """The print dialog; None when the user closed it. Tests replace this function."""
    printer = new_printer(pages, title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    dialog.setMinMax(1, max(len(pages.sizes), 1))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def print_with_dialog(parent: QWidget | None, pages: PdfPages, title: str) -> int:
    """Ask for the printer and print, with a progress dialog that can cancel.

    Returns the number of pages printed; a failure is shown (in Thai when it is a
    domain error) and counts as none.
    """
    printer = choose_printer(parent, pages, title)
    if printer is None:
        return 0
    progress = QProgressDialog(_("Printing…"), _("Cancel"), 0, len(pages.sizes), parent)
    progress.setWindowTitle(_("Kongtun"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(600)

    def step(done: int, total: int) -> bool:
        progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        return print_pdf(pages, printer, step=step)
    except Exception as exc:  # noqa: BLE001 - every failure is shown, none is silent
        errors.show_error(parent, exc)
        return 0
    finally:
        progress.close()
        progress.deleteLater()


def print_voucher(parent: QWidget | None, db: Any, voucher_no: str, *,
                  printed_on: dt.date | None) -> Op:
    """พิมพ์ใบสำคัญ: build one voucher on the ops runner, then the print dialog."""
    request = ReportRequest(catalog.report_spec("voucher"), entry=voucher_no,
                            options=PrintOptions(printed_on=printed_on))
    return run_op(parent, lambda progress: build_pages(db, request, progress),
                  on_success=lambda pages: print_with_dialog(parent, pages,
                                                             request.file_stem()),
                  label=_("Preparing {title}…").format(title=request.title()))
