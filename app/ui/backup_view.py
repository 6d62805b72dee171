"""สำรองข้อมูล: make a backup file, see past backups, restore one with a preview.

The screen only lays out and calls services on the ops runner: `create_backup`
(verified right after writing), `list_backups` (with the reminder when the last backup
made by hand is older than the fund's setting), `preview_restore` (the backup beside
the current file, with a warning when restoring would lose entries) and
`restore_open_fund`. `confirm` is the one modal question; tests replace it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services.backup import BackupInfo, create_backup
from app.services.backup_facts import FundFacts
from app.services.fund import set_setting
from app.services.restore import (
    FOLDER_SETTING,
    RestorePreview,
    is_auto,
    list_backups,
    preview_restore,
    restore_open_fund,
)
from app.thai import format_date
from app.ui import errors
from app.ui.context import FundContext
from app.ui.models import Column, RowTableModel
from app.ui.ops import run_op

RESTORED = "restore"
_LEFT = Qt.AlignmentFlag.AlignLeft


def _when(info: BackupInfo) -> str:
    return f"{format_date(info.created_at.date())} {info.created_at:%H:%M}"


def _date(d) -> str:  # noqa: ANN001 - date or None
    return format_date(d) if d else "-"


class BackupView(QScrollArea):
    """Back up, list, remind, restore."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: RestorePreview | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        heading = QLabel(_("Backup"))
        heading.setObjectName("heading")
        self.reminder = QLabel()
        self.reminder.setObjectName("subheading")
        self.reminder.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.reminder)
        layout.addWidget(self._make_box())
        layout.addWidget(self._list_box())
        layout.addWidget(self._restore_box())
        layout.addStretch(1)
        self.setWidget(body)
        self.setFocusProxy(self.folder_edit)

    # ---- layout

    def _make_box(self) -> QGroupBox:
        box = QGroupBox(_("Make a backup"))
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(_("A folder or a USB stick"))
        choose = QPushButton(_("Choose folder…"))
        choose.clicked.connect(self._choose_folder)
        self.passphrase_edit, self.repeat_edit = QLineEdit(), QLineEdit()
        for edit, hint in ((self.passphrase_edit, _("Passphrase (may be left empty)")),
                           (self.repeat_edit, _("The passphrase again"))):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(hint)
        note = QLabel(_("The backup file holds the members' names and national ID numbers. "
                        "Keep it safe, or protect it with a passphrase; without the "
                        "passphrase nobody, not even you, can restore it."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(_("Save to")), 0, 0)
        grid.addWidget(self.folder_edit, 0, 1)
        grid.addWidget(choose, 0, 2)
        grid.addWidget(QLabel(_("Passphrase")), 1, 0)
        grid.addWidget(self.passphrase_edit, 1, 1)
        grid.addWidget(self.repeat_edit, 2, 1)
        grid.addWidget(note, 3, 1, 1, 2)
        grid.addWidget(self.backup_button, 4, 1, alignment=_LEFT)
        grid.addWidget(self.backup_status, 5, 1, 1, 2)
        return box

    def _list_box(self) -> QGroupBox:
        box = QGroupBox(_("Past backups"))
        self.list_model = RowTableModel([
            Column(_("Made on"), _when),
            Column(_("Entries"), lambda i: f"{i.facts.entry_count:,}", right=True),
            Column(_("Last entry"), lambda i: _date(i.facts.last_entry_date)),
            Column(_("Passphrase"), lambda i: _("yes") if i.encrypted else "-"),
            Column(_("Kind"), lambda i: _("automatic") if is_auto(i.path) else _("by hand")),
            Column(_("File"), lambda i: str(i.path)),
        ], self)
        self.list_view = QTableView()
        self.list_view.setModel(self.list_model)
        self.list_view.verticalHeader().hide()
        self.list_view.horizontalHeader().setStretchLastSection(True)
        self.list_view.setMinimumHeight(160)
        QVBoxLayout(box).addWidget(self.list_view)
        return box

    def _restore_box(self) -> QGroupBox:
        box = QGroupBox(_("Restore"))
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(_("The backup file to restore"))
        choose = QPushButton(_("Choose file…"))
        choose.clicked.connect(self._choose_file)
        self.restore_passphrase = QLineEdit()
        self.restore_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.restore_passphrase.setPlaceholderText(_("Its passphrase, if it has one"))
        self.preview_button = QPushButton(_("Show what it holds"))
        self.preview_button.clicked.connect(self.show_preview)
        self.compare_grid = QGridLayout()
        self.warnings = QLabel()
        self.warnings.setObjectName("subheading")
        self.warnings.setWordWrap(True)
        self.restore_button = QPushButton(_("Restore this backup"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_now)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(_("Backup file")), 0, 0)
        grid.addWidget(self.file_edit, 0, 1)
        grid.addWidget(choose, 0, 2)
        grid.addWidget(QLabel(_("Passphrase")), 1, 0)
        grid.addWidget(self.restore_passphrase, 1, 1)
        grid.addWidget(self.preview_button, 2, 1, alignment=_LEFT)
        grid.addLayout(self.compare_grid, 3, 0, 1, 3)
        grid.addWidget(self.warnings, 4, 0, 1, 3)
        grid.addWidget(self.restore_button, 5, 1, alignment=_LEFT)
        return box

    # ---- loading

    def refresh(self) -> None:
        status = list_backups(self.ctx.db)
        self.list_model.set_rows(status.backups)
        self.list_view.resizeColumnsToContents()
        if not self.folder_edit.text():
            manual = [i for i in status.backups if not is_auto(i.path)]
            if manual:
                self.folder_edit.setText(str(manual[0].path.parent))
        if status.last_manual is None:
            text = _("This fund has never been backed up to a USB stick or another folder. "
                     "Make a backup now.")
        elif status.overdue:
            text = _("The last backup was made on {date}, more than {days} days ago. "
                     "Make a backup now.").format(date=format_date(status.last_manual.date()),
                                                 days=status.remind_after_days)
        else:
            text = _("The last backup was made on {date}.").format(
                date=format_date(status.last_manual.date()))
        self.reminder.setText(text)

    # ---- backing up

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose folder…"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def backup_now(self) -> None:
        folder = self.folder_edit.text().strip()
        phrase = self.passphrase_edit.text()
        if not folder or not Path(folder).is_dir():
            errors.present(self, _("Kongtun"), _("Please choose an existing folder or USB stick."))
            return
        if phrase != self.repeat_edit.text():
            errors.present(self, _("Kongtun"), _("The two passphrases differ. Please type them again."))
            return
        db = self.ctx.db

        def work(progress) -> BackupInfo:  # noqa: ANN001 - the ops runner's callback
            info = create_backup(db, Path(folder), passphrase=phrase or None, progress=progress)
            with db.write() as s:
                set_setting(s, FOLDER_SETTING, str(Path(folder).resolve()))
            return info

        def done(info: BackupInfo) -> None:
            self.backup_status.setText(_("Wrote and verified the backup file {path}.").format(
                path=info.path))
            self.passphrase_edit.clear()
            self.repeat_edit.clear()
            self.refresh()

        run_op(self, work, on_success=done, label=_("Making the backup…"))

    # ---- restoring

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose file…"), self.folder_edit.text(), "Kongtun backup (*.kongtun-backup)")
        if path:
            self.file_edit.setText(path)

    def show_preview(self) -> None:
        file, phrase = self.file_edit.text().strip(), self.restore_passphrase.text() or None
        if not file:
            return
        self.restore_button.setEnabled(False)
        target = self.ctx.db.path
        run_op(self, lambda: preview_restore(file, target, passphrase=phrase),
               on_success=self._show_preview, label=_("Checking the backup file…"))

    def _show_preview(self, preview: RestorePreview) -> None:
        self.preview = preview
        while self.compare_grid.count():
            self.compare_grid.takeAt(0).widget().deleteLater()
        rows = [("", _("This backup"), _("The current file"))]
        rows += [(label, get(preview.backup.facts), get(preview.current) if preview.current else "-")
                 for label, get in _compare_rows()]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = QLabel(text)
                if r == 0:
                    cell.setObjectName("subheading")
                self.compare_grid.addWidget(cell, r, c)
        texts = preview.warning_texts()
        self.warnings.setText("\n".join(["⚠ " + t for t in texts]))
        self.warnings.setVisible(bool(texts))
        self.restore_button.setEnabled(True)

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Kongtun"), text)
        return answer == QMessageBox.StandardButton.Yes

    def restore_now(self) -> None:
        if self.preview is None:
            return
        question = _("Replace the current fund file with this backup? The current file is kept "
                     "beside it.")
        if self.preview.loses_data:
            question = "\n".join([*self.preview.warning_texts(), "", question])
        if not self.confirm(question):
            return
        file, phrase = self.file_edit.text().strip(), self.restore_passphrase.text() or None
        db = self.ctx.db

        def done(result) -> None:  # noqa: ANN001 - RestoreResult
            self.preview = None
            self.restore_button.setEnabled(False)
            errors.show_info(self, _("Restored {fund} from {path}.").format(
                fund=db.path.name, path=file) + "\n" + _(
                "The previous file was kept as {path}.").format(path=result.kept))
            self.ctx.changed.emit(RESTORED)

        run_op(self, lambda progress: restore_open_fund(db, file, passphrase=phrase,
                                                        progress=progress),
               on_success=done, label=_("Restoring…"))


def _compare_rows() -> list[tuple[str, Callable[[FundFacts], str]]]:
    """The lines of the side-by-side preview (translated when shown)."""
    return [
        (_("Fund"), lambda f: f"{f.name} ({f.code})"),
        (_("Period covered"), lambda f: f"{_date(f.first_entry_date)} – {_date(f.last_entry_date)}"),
        (_("Entries"), lambda f: f"{f.entry_count:,}"),
        (_("Last voucher"), lambda f: f.last_voucher or "-"),
        (_("Trial balance totals"), lambda f: format_amount(f.total_debit_satang)),
    ]
