"""นำเข้าทะเบียนสมาชิก: choose the file, map its columns, preview every row, then import.

The preview lists each row with its Excel row number and its problems; only the good
rows are imported, and only after the bookkeeper presses the import button. Rows
already registered (same national ID) are shown as such and skipped, so importing the
same file again adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount
from app.services import member_import as mi
from app.services.chart import cash_and_bank_accounts
from app.services.fund import working_date
from app.ui import errors
from app.ui.context import FundContext
from app.ui.models import Column, RowTableModel
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.table import BigTable

OPENING_ACCOUNT = "11040"  # bank 3: savings and shares (the default of the import)
FIELD_LABELS = {
    "member_no": "Member no.", "title": "Title", "first_name": "First name",
    "last_name": "Last name", "full_name": "Full name", "national_id": "National ID",
    "birth_date": "Birth date", "house_no": "House no.", "moo": "Moo",
    "household": "Household", "phone": "Phone", "join_date": "Join date",
    "monthly_saving": "Usual monthly saving", "shares": "Shares (baht)",
    "savings": "Savings (baht)",
}


def _result(r: mi.RowResult) -> str:
    if r.problems:
        return "; ".join(r.problems)
    return _("Already registered: skipped") if r.exists else _("Ready to import")


class MemberImportDialog(QDialog):
    """File → column mapping → preview → import of the good rows."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: mi.ImportPreview | None = None
        self.headers: tuple[str, ...] = ()
        self.setWindowTitle(_("Import members from Excel/CSV"))
        self.path = QLineEdit()
        browse = QPushButton(_("Choose file…"))
        browse.clicked.connect(self._browse)
        self.opening = BeDateEdit(pivot=ctx.working_date())
        self.opening.set_date(ctx.working_date())
        self.account = QComboBox()  # the money the old registry's balances are held in
        with ctx.db.read() as s:
            for a in cash_and_bank_accounts(s):
                self.account.addItem(f"{a.code} {a.name_th}", a.code)
        self.account.setCurrentIndex(max(0, self.account.findData(OPENING_ACCOUNT)))
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, (f, label) in enumerate(FIELD_LABELS.items()):
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._refresh_preview)
            self.combos[f] = combo
            grid.addWidget(QLabel(_(label)), i // 3, (i % 3) * 2)
            grid.addWidget(combo, i // 3, (i % 3) * 2 + 1)
        self.model = RowTableModel([
            Column(_("Row"), lambda r: str(r.row_no)),
            Column(_("Name"), lambda r: f"{r.member.first_name} {r.member.last_name}"
                   if r.member else ""),
            Column(_("Shares (baht)"), lambda r: format_amount(r.shares_satang), right=True),
            Column(_("Savings (baht)"), lambda r: format_amount(r.savings_satang), right=True),
            Column(_("Result"), _result)], self, muted=lambda r: not r.ok)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.summary = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import the good rows"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("File")))
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        top.addWidget(QLabel(_("Opening balances dated")))
        top.addWidget(self.opening)
        top.addWidget(QLabel(_("debited to")))
        top.addWidget(self.account)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(1000, 700)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Import members from Excel/CSV"), "",
                                                    "Excel/CSV (*.xlsx *.csv)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read the file's headers, guess the mapping, and preview."""
        try:
            self.headers, _rows = mi.read_sheet(path)
        except KongtunError as exc:
            errors.show_error(self, exc)
            return
        self.path.setText(str(path))
        guess = mi.auto_mapping(self.headers)
        for f, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(not in the file)"))
            combo.addItems(list(self.headers))
            combo.setCurrentIndex(guess[f] + 1 if f in guess else 0)
            combo.blockSignals(False)
        self._refresh_preview()

    def mapping(self) -> dict[str, int]:
        return {f: c.currentIndex() - 1 for f, c in self.combos.items() if c.currentIndex() > 0}

    def _refresh_preview(self, *_args: Any) -> None:
        if not self.path.text():
            return
        try:
            with self.ctx.db.read() as s:
                self.preview = mi.preview(s, Path(self.path.text()), mapping=self.mapping(),
                                          default_join=working_date(s))
        except KongtunError as exc:
            self.preview = None
            self.model.set_rows([])
            self.summary.setText(str(exc))
            self.import_button.setEnabled(False)
            return
        p = self.preview
        self.model.set_rows(list(p.rows))
        self.summary.setText(_("{good} rows can be imported, {bad} have problems, {existing} are "
                               "already registered.").format(
            good=len(p.good), bad=len(p.bad), existing=len(p.existing)))
        self.import_button.setEnabled(bool(p.good))

    def _import(self) -> None:
        if self.preview is None or not self.opening.check():
            return
        pre, day, account = self.preview, self.opening.date(), self.account.currentData()

        def done(result: mi.ImportResult) -> None:
            errors.show_info(self, _("Imported {added} members; {existing} already registered, "
                                     "{bad} rows refused.").format(
                added=result.added, existing=result.skipped_existing, bad=result.refused))
            self.accept()

        op = self.ctx.run_write(self, lambda s, user: mi.import_members(
            s, pre, user=user, opening_date=day, opening_account=account), what="members", label=_("Importing members"),
            on_success=done)
        op.setParent(self)
