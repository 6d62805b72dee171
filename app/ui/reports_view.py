"""รายงาน: pick a report and its period, see it inside the app, print it or save it.

Every report comes from `app.reports.catalog.make_report`, built on the ops runner
(off the GUI thread, with progress and cancel) into a temporary PDF whose bytes the
preview keeps; printing and "save as PDF" reuse them while the choices on screen are
unchanged, anything else builds again. The period field follows the report's kind:
a month in the Buddhist era (with the month's closing state beside it), a date, or
a voucher number. Enter anywhere but on a button shows the preview.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.reports import catalog
from app.reports.pdf import PrintOptions
from app.services.periods import period_state
from app.thai import from_be_year, to_be_year
from app.ui import printing
from app.ui.context import FundContext
from app.ui.labels import month_name
from app.ui.ops import Op, run_op
from app.ui.pdf_preview import PdfPages, PreviewPane
from app.ui.printing import ReportRequest, build_pages, write_atomic
from app.ui.widgets.be_date_edit import BeDateEdit

FILTERS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)", "csv": "CSV (*.csv)"}
TABLE_FORMATS = ("xlsx", "csv")


class MonthPicker(QWidget):
    """มิถุนายน 2568: a month and a Buddhist-era year, with the month's closing state beside."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.month_combo = QComboBox()
        self.month_combo.addItems([month_name(m) for m in range(1, 13)])
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2500, 2700)
        self.state_label = QLabel()
        self.state_label.setObjectName("hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.month_combo, self.year_spin, self.state_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.month_combo)
        self.month_combo.currentIndexChanged.connect(self.refresh_state)
        self.year_spin.valueChanged.connect(self.refresh_state)

    def month(self) -> tuple[int, int]:
        """(Gregorian year, month)."""
        return from_be_year(self.year_spin.value()), self.month_combo.currentIndex() + 1

    def set_month(self, year: int, month: int) -> None:
        self.year_spin.setValue(to_be_year(year))
        self.month_combo.setCurrentIndex(month - 1)

    def refresh_state(self) -> None:
        """ปิดงวดแล้ว / ยังไม่ปิดงวด / ไม่มีปีบัญชี, read from the fund."""
        year, month = self.month()
        with self.ctx.db.read() as s:
            state = period_state(s, dt.date(year, month, 1))
        self.state_label.setText(_("No fiscal year") if state is None else
                                 _("Period closed") if state == "closed" else
                                 _("Not closed yet"))


class ReportsView(QWidget):
    """The list of reports, the period and options, the actions, and the preview."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.op: Op | None = None
        self.specs = {spec.name: spec for spec in catalog.REPORTS}
        self._shown: ReportRequest | None = None
        self._pages: PdfPages | None = None
        self._defaults_for: dt.date | None = None
        self._save_dir = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())

        self.report_list = QListWidget()
        for spec in catalog.REPORTS:
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            self.report_list.addItem(item)
        self.report_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.month_picker = MonthPicker(ctx)
        self.date_edit = BeDateEdit()
        self.voucher_edit = QLineEdit()
        self.voucher_edit.setPlaceholderText(_("e.g. {example}").format(example="RV2568/0001"))
        self.period_stack = QStackedWidget()
        for widget in (self.month_picker, self.date_edit, self.voucher_edit):
            self.period_stack.addWidget(widget)
        self.period_label = QLabel()
        # a member no. (passbook, loan statement) or a loan no. (schedule, contracts)
        self.number_label = QLabel()
        self.number_edit = QLineEdit()
        self.thai_digits_check = QCheckBox(_("Thai digits (๐–๙)"))
        self.page_numbers_check = QCheckBox(_("Page numbers"))
        self.page_numbers_check.setChecked(True)
        self.printed_on_edit = BeDateEdit(allow_empty=True)
        self.printed_on_edit.line_edit.setPlaceholderText(_("No date printed"))
        self.preview_button = QPushButton(_("Preview"))
        self.print_button = QPushButton(_("Print"))
        self.pdf_button = QPushButton(_("Save as PDF"))
        self.table_button = QPushButton(_("Save as Excel/CSV"))
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")
        self.status_label.setWordWrap(True)
        self.preview_pane = PreviewPane()
        self.preview = self.preview_pane.view
        self._build_layout()
        self._show(None, None)

        self.report_list.currentRowChanged.connect(self._report_chosen)
        self.report_list.doubleClicked.connect(self.preview_report)
        for button, slot in ((self.preview_button, self.preview_report),
                             (self.print_button, self.print_report),
                             (self.pdf_button, self.save_pdf),
                             (self.table_button, self.save_table)):
            button.setAutoDefault(True)  # Enter on a focused button presses it
            button.clicked.connect(slot)
        for keys, slot in ((QKeySequence.StandardKey.Print, self.print_report),
                           (QKeySequence.StandardKey.Save, self.save_pdf),
                           (QKeySequence.StandardKey.ZoomIn, self.preview.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.preview.zoom_out),
                           (QKeySequence(Qt.Key.Key_PageDown), self.preview.next_page),
                           (QKeySequence(Qt.Key.Key_PageUp), self.preview.previous_page)):
            shortcut = QShortcut(keys, self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.report_list.setCurrentRow(0)

    def _build_layout(self) -> None:
        heading = QLabel(_("Reports"))
        heading.setObjectName("heading")
        form = QFormLayout()
        form.addRow(self.period_label, self.period_stack)
        form.addRow(self.number_label, self.number_edit)
        form.addRow(_("Print date"), self.printed_on_edit)
        form.addRow(self.thai_digits_check)
        form.addRow(self.page_numbers_check)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(heading)
        # the list takes the height left over: twenty-odd reports, most of them in view
        left.addWidget(self.report_list, 1)
        left.addLayout(form)
        buttons = QGridLayout()  # two across, so more of the list stays in view
        for i, button in enumerate((self.preview_button, self.print_button, self.pdf_button,
                                    self.table_button)):
            buttons.addWidget(button, i // 2, i % 2)
        left.addLayout(buttons)
        left.addWidget(self.status_label)
        panel = QWidget()
        panel.setLayout(left)
        panel.setMaximumWidth(460)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(16)
        layout.addWidget(panel)
        layout.addWidget(self.preview_pane, 1)
        order = (self.report_list, self.month_picker.month_combo, self.month_picker.year_spin,
                 self.date_edit.line_edit, self.voucher_edit, self.number_edit,
                 self.printed_on_edit.line_edit,
                 self.thai_digits_check, self.page_numbers_check, self.preview_button,
                 self.print_button, self.pdf_button, self.table_button, self.preview)
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setFocusProxy(self.report_list)

    # ---- choices

    def refresh(self) -> None:
        """Defaults follow the fund's working date; the month's state is read again."""
        day = self.ctx.working_date()
        if day != self._defaults_for:
            self._defaults_for = day
            self.month_picker.set_month(day.year, day.month)
            self.date_edit.set_date(day)
            self.printed_on_edit.set_date(day)
        self.month_picker.refresh_state()

    def current_spec(self) -> catalog.ReportSpec:
        item = self.report_list.currentItem()
        return self.specs[item.data(Qt.ItemDataRole.UserRole)]

    def select_report(self, name: str) -> None:
        names = [spec.name for spec in catalog.REPORTS]
        self.report_list.setCurrentRow(names.index(name))
        self.report_list.scrollToItem(self.report_list.currentItem())

    def _report_chosen(self, _row: int) -> None:
        spec = self.current_spec()
        page = {"month": 0, "as_of": 1, "entry": 2}[spec.period]
        self.period_stack.setCurrentIndex(page)
        for index in range(self.period_stack.count()):  # Tab skips the hidden fields
            self.period_stack.widget(index).setEnabled(index == page)
        self.period_label.setText((_("Month"), _("As of date"), _("Voucher no."))[page])
        self.period_label.setBuddy(self.period_stack.currentWidget())
        numbered = spec.member or spec.loan
        self.number_label.setVisible(numbered)
        self.number_edit.setVisible(numbered)
        self.number_edit.setEnabled(numbered)
        if numbered:
            self.number_label.setText(_("Loan no.") if spec.loan else _("Member no."))
            self.number_edit.setPlaceholderText(
                _("Blank: every open loan") if spec.loan else _("Blank: every member"))
            self.number_label.setBuddy(self.number_edit)
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled("pdf" in spec.formats)
        self.table_button.setEnabled(bool(set(TABLE_FORMATS) & set(spec.formats)))

    def request(self) -> ReportRequest | None:
        """What is chosen on screen; None (with the problem shown) when a field is wrong."""
        spec = self.current_spec()
        if not self.printed_on_edit.check():
            self.printed_on_edit.setFocus()
            return None
        options = PrintOptions(thai_digits=self.thai_digits_check.isChecked(),
                               page_numbers=self.page_numbers_check.isChecked(),
                               printed_on=self.printed_on_edit.date())
        if spec.period == "month":
            return ReportRequest(spec, month=self.month_picker.month(), options=options)
        if spec.period == "as_of":
            if not self.date_edit.check() or self.date_edit.date() is None:
                self.date_edit.setFocus()
                return None
            number = self.number_edit.text().strip() or None
            return ReportRequest(spec, as_of=self.date_edit.date(), options=options,
                                 member=number if spec.member else None,
                                 loan=number if spec.loan else None)
        # an empty number is refused by make_report, in Thai, like any other mistake
        return ReportRequest(spec, entry=self.voucher_edit.text().strip().upper() or None,
                             options=options)

    # ---- actions

    def preview_report(self) -> None:
        request = self.request()
        if request is not None:
            self._build(request, then=None)

    def print_report(self) -> None:
        request = self.request()
        if request is None:
            return
        if self._shown == request and self._pages is not None:
            self._print(request, self._pages)
        else:
            self._build(request, then=lambda pages: self._print(request, pages))

    def save_pdf(self) -> None:
        self._save(("pdf",))

    def save_table(self) -> None:
        self._save(TABLE_FORMATS)

    def _save(self, formats: tuple[str, ...]) -> None:
        """The save dialog, then the file: the preview's bytes if they match, else a build."""
        request = self.request()
        filters = {f: FILTERS[f] for f in formats if request and f in request.spec.formats}
        path = printing.ask_save_path(self, self._save_dir / request.file_stem(),
                                      filters) if filters else None
        if path is None:
            return
        self._save_dir, fmt = path.parent, path.suffix[1:].lower()
        pages = self._pages if self._shown == request else None
        db = self.ctx.db

        def save(progress: Any) -> Path:
            if fmt == "pdf" and pages is not None:
                return write_atomic(path, pages.data)
            return request.make(db, fmt=fmt, out=path, progress=progress)

        self._run(save, request, _("Saving…"), self._saved)

    # ---- helpers

    def _build(self, request: ReportRequest, then: Any) -> None:
        self._show(None, None)  # the old preview no longer matches the choices

        def done(pages: PdfPages) -> None:
            self._show(request, pages)
            if then is not None:
                then(pages)

        db = self.ctx.db
        self._run(lambda progress: build_pages(db, request, progress), request,
                  _("Preparing {title}…"), done)

    def _run(self, fn: Any, request: ReportRequest, label: str, done: Any) -> None:
        self.status_label.setText("")
        self.op = run_op(self, fn, on_success=done,
                         label=label.format(title=request.title()),
                         on_cancel=lambda: self.status_label.setText(_("Cancelled.")))

    def _show(self, request: ReportRequest | None, pages: PdfPages | None) -> None:
        self._shown, self._pages = request, pages
        self.preview.set_pages(pages)
        self.preview_pane.title_label.setText(
            f"{request.title()} · {request.period_text()}" if request else
            _("Press Enter or Preview to see the report here."))

    def _print(self, request: ReportRequest, pages: PdfPages) -> None:
        printed = printing.print_with_dialog(self, pages, request.file_stem())
        if printed:
            self.status_label.setText(_("Sent {count} pages to the printer.").format(
                count=printed))

    def _saved(self, path: Path) -> None:
        self.status_label.setText(_("Saved to {path}").format(path=path))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.preview_report()
        else:
            super().keyPressEvent(event)
