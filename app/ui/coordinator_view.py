"""ผู้ประสานงาน: the tambon coordinator's screen over a network book.

Open (or create) a network book file, import funds' backup files (each verified; the
ops runner shows progress), see one row per village and a chart over months, and
write the consolidated report as PDF, CSV or XLSX. Every database call runs on the
ops runner's worker (`app.coordinator` services only). The file choosers are methods
(`ask_book`, `ask_backups`, `ask_report`) so tests can replace them.

A backup protected by a passphrase is imported only with it: before the import, each
such file's passphrase is asked in a password field (`PassphraseDialog`, one per file:
every village sets its own); a wrong one is refused with its one Thai line and nothing
of that file is imported. The book last opened is kept in the app settings
(`AppConfig.last_network`: a file's path, or a URL without its password) and opened
again when the screen is next made.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import config
from app.coordinator.dashboard import VillageRow, villages
from app.coordinator.db import NetworkBook, open_network, settings_target
from app.i18n import _
from app.money import format_amount
from app.thai import format_date
from app.ui.context import FundContext
from app.ui.coordinator_chart import PALETTE, MonthChart, Series
from app.ui.models import Column, RowTableModel
from app.ui.ops import run_op

BOOK_FILTER = "Kongtun network book (*.kongtun-network);;All files (*)"
BACKUP_FILTER = "Kongtun backup (*.kongtun-backup);;All files (*)"
REPORT_FILTER = "PDF (*.pdf);;CSV (*.csv);;Excel (*.xlsx)"


def _money(v: int | None) -> str:
    return "-" if v is None else format_amount(v)


def _status(r: VillageRow) -> str:
    return _("Flagged: {reason}").format(reason=r.reason) if r.status == "flagged" else _("Sound")


def columns() -> list[Column]:
    """The villages' table (made when the screen is, in the current language)."""
    return [
        Column(_("Village fund"), lambda r: r.name, bold=True),
        Column(_("Members"), lambda r: "-" if r.members is None else f"{r.members:,}", right=True),
        Column(_("Government capital"), lambda r: _money(r.capital_government), right=True),
        Column(_("Government top-up"), lambda r: _money(r.capital_top_up), right=True),
        Column(_("Members' shares"), lambda r: _money(r.capital_shares), right=True),
        Column(_("Loans outstanding"), lambda r: _money(r.loans_outstanding), right=True),
        Column(_("Overdue"), lambda r: _money(r.overdue), right=True),
        Column(_("Overdue rate (%)"), lambda r: "-" if r.overdue_rate is None else f"{r.overdue_rate}",
               right=True),
        Column(_("Cash and bank"), lambda r: _money(r.cash_and_bank), right=True),
        Column(_("Last entry"), lambda r: format_date(r.last_entry_date) if r.last_entry_date else "-"),
        Column(_("Last backup"), lambda r: format_date(r.last_backup_date)),
        Column(_("Status"), _status),
    ]


class PassphraseDialog(QDialog):
    """Asks the passphrase of one backup file, in a password field (nothing is echoed)."""

    def __init__(self, file_name: str, fund: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase"))
        self.text_label = QLabel(_("The backup file {path} is protected by a passphrase. "
                                   "Please give the passphrase.").format(path=file_name))
        self.text_label.setWordWrap(True)
        self.fund_label = QLabel(fund)
        self.fund_label.setObjectName("subheading")
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(_("Passphrase"))
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.fund_label, self.text_label, self.edit, buttons):
            layout.addWidget(w)
        self.edit.setFocus()

    def passphrase(self) -> str:
        return self.edit.text()


class CoordinatorView(QWidget):
    """The network book, its villages, their chart, and the consolidated report."""

    def __init__(self, ctx: FundContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.book: NetworkBook | None = None
        self.last_results: list = []
        self.book_edit = QLineEdit()
        self.book_edit.setReadOnly(True)
        self.book_edit.setPlaceholderText(_("No network book is open"))
        self.open_button = QPushButton(_("Open network book…"))
        self.open_button.clicked.connect(lambda: self._ask_and_open())
        self.import_button = QPushButton(_("Import backup files…"))
        self.import_button.clicked.connect(lambda: self._ask_and_import())
        self.report_button = QPushButton(_("Consolidated report…"))
        self.report_button.clicked.connect(lambda: self._ask_and_report())
        self.message = QLabel(_("A network book holds the backups that the village funds send "
                                "to the tambon coordinator."))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = RowTableModel(columns(), self, muted=lambda r: r.status == "flagged")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.resizeColumnsToContents()  # the headers readable before a book is open
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_chart())
        self.chart = MonthChart()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Network book")))
        top.addWidget(self.book_edit, 1)
        for b in (self.open_button, self.import_button, self.report_button):
            top.addWidget(b)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([260, 280])
        title = QLabel(_("Tambon coordinator"))
        title.setObjectName("heading")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self._enable()
        self.reopen_last()

    def _enable(self) -> None:
        self.import_button.setEnabled(self.book is not None)
        self.report_button.setEnabled(self.book is not None)

    def refresh(self) -> None:
        """Reload the villages from the book (on the worker)."""
        if self.book is None:
            return
        book = self.book
        run_op(self, lambda: villages(book), on_success=self._show, label=_("Reading the network book…"))

    def _show(self, rows: list[VillageRow]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.update_chart()

    def update_chart(self) -> None:
        """The selected villages (else all): cash and bank solid, loans outstanding dashed."""
        picked = {i.row() for i in self.table.selectionModel().selectedRows()}
        rows = [r for i, r in enumerate(self.model.rows()) if not picked or i in picked]
        series = []
        for n, r in enumerate(rows):
            color = PALETTE[n % len(PALETTE)]
            short = r.village or r.name
            series.append(Series(f"{short}: " + _("cash and bank"), color,
                                 tuple((p.month, p.cash_and_bank) for p in r.months)))
            if any(p.loans_outstanding for p in r.months):
                series.append(Series(f"{short}: " + _("loans"), color,
                                     tuple((p.month, p.loans_outstanding) for p in r.months), True))
        self.chart.set_series(series, _("Month-end figures (baht)"))

    # ---- opening, importing, reporting

    def ask_book(self) -> str:
        path, _f = QFileDialog.getSaveFileName(self, _("Open network book…"), "", BOOK_FILTER,
                                               options=QFileDialog.Option.DontConfirmOverwrite)
        return path

    def ask_backups(self) -> list[str]:
        files, _f = QFileDialog.getOpenFileNames(self, _("Import backup files…"), "", BACKUP_FILTER)
        return files

    def ask_report(self) -> str:
        path, _f = QFileDialog.getSaveFileName(self, _("Consolidated report…"), "tambon.pdf",
                                               REPORT_FILTER)
        return path

    def ask_passphrase(self, path: Path, fund: str) -> str | None:
        """The passphrase of an encrypted backup, or None when the user cancels."""
        dialog = PassphraseDialog(path.name, fund, self)
        if not dialog.exec():  # rejected: 0
            return None
        return dialog.passphrase() or None

    def _ask_and_open(self) -> None:
        if target := self.ask_book():
            self.open_book(target)

    def reopen_last(self) -> bool:
        """Open the book of the last session, if it is still there (True when it is)."""
        target = config.load_config().last_network_target()
        if target is None:
            return False
        self.open_book(target)
        return True

    def open_book(self, target: str | Path) -> None:
        def opened(book: NetworkBook) -> None:
            if self.book is not None:
                self.book.close()
            self.book = book
            self.book_edit.setText(book.label)
            self._remember(target)
            self._enable()
            self.refresh()

        run_op(self, lambda: open_network(target), on_success=opened,
               label=_("Opening the network book…"))

    def _remember(self, target: str | Path) -> None:
        """Keep the book in the settings (the shared ones too, so no later save loses it)."""
        kept = settings_target(target)
        cfg = config.load_config()
        cfg.last_network = kept
        with contextlib.suppress(OSError):  # settings that cannot be saved: just not kept
            config.save_config(cfg)
        if self.ctx is not None:
            self.ctx.config.last_network = kept

    def _ask_and_import(self) -> None:
        if files := self.ask_backups():
            self.import_files(files)

    def import_files(self, files: list[str | Path]) -> None:
        """Ask the passphrase of each protected file, then import them all on the worker."""
        from app.coordinator.service import import_backups

        book = self.book
        assert book is not None
        phrases = self._passphrases([Path(f) for f in files])

        def work(progress) -> list:  # noqa: ANN001 - the ops runner's callback
            return import_backups(book, files, passphrases=phrases,
                                  progress=lambda d, t: progress(d, t))

        run_op(self, work, on_success=self._imported, label=_("Importing backup files…"))

    def _passphrases(self, files: list[Path]) -> dict[Path, str]:
        """{file: passphrase} for the files whose manifest says they are encrypted.

        Only the manifest is read (quick); a file that cannot be read is left to the
        import, which refuses it with its own message. A cancelled question leaves the
        file without a passphrase: the import then says it needs one.
        """
        from app.errors import KongtunError
        from app.services.backup import read_manifest

        out = {}
        for path in files:
            try:
                info = read_manifest(path)
            except KongtunError:
                continue
            if info.encrypted and (phrase := self.ask_passphrase(path, info.fund.get("name", ""))):
                out[path] = phrase
        return out

    def _imported(self, results: list) -> None:
        self.last_results = results
        self.message.setText("\n".join(r.message for r in results))
        self.refresh()

    def _ask_and_report(self) -> None:
        if path := self.ask_report():
            self.write_report(path)

    def write_report(self, path: str | Path) -> None:
        from app.coordinator.report import write_consolidated

        book = self.book
        assert book is not None
        run_op(self, lambda: write_consolidated(book, path),
               on_success=lambda p: self.message.setText(_("Wrote {path}.").format(path=p)),
               label=_("Writing the consolidated report…"))
