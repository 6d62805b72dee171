"""The first-run dialog: create a new fund, open the sample fund, or open a fund file.

Shown when the program has no fund to open. Three big choices, reachable with Tab
and Enter. "สร้างกองทุนใหม่" leads to a short form (fund name, code, หมู่ที่, village,
tambon, amphoe, province, fiscal-year start month); Save checks it first (one Thai
message at the dialog, nothing created), then creates `<fund folder>/<code>.kongtun`
through `app.services.fund.create_fund` on the ops runner. The sample fund is built
by `app.services.demo.build_demo` with a progress dialog (it takes a while), or
simply reopened if it was built before. The dialog's result is `chosen_path`; the
caller opens it (and explains any problem).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import FUND_SUFFIX
from app.errors import KongtunError
from app.i18n import _
from app.services.fund import NewFund, create_fund
from app.ui import errors, labels
from app.ui.ops import run_op

DEMO_FILE = "demo" + FUND_SUFFIX
DEMO_ARGS = {"members": 200, "years": 3, "seed": 7}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def fund_file_name(code: str) -> str:
    """A file name from the fund code, safe on Windows too: "33-0301" -> "33-0301.kongtun"."""
    return _UNSAFE.sub("_", code.strip()).strip("._") + FUND_SUFFIX


def build_demo_fund(path: Path, progress: Any = None) -> Path:
    """Build the sample fund at `path` (run on the ops worker)."""
    try:
        from app.services.demo import build_demo
    except ImportError as exc:
        raise KongtunError("The sample fund is not available in this version of the program."
                           ) from exc
    build_demo(path, progress=progress, **DEMO_ARGS)
    return path


class FirstRunDialog(QDialog):
    """Choose or create the fund to open; `chosen_path` holds the answer when accepted."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.chosen_path: Path | None = None
        self.setWindowTitle(_("Kongtun"))
        self.setMinimumWidth(720)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._choices_page())
        self.stack.addWidget(self._form_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.stack)
        self.show_choices()

    # ---- pages

    def _choices_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(10)
        heading = QLabel(_("Welcome to Kongtun"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        intro = QLabel(_("Bookkeeping for the village fund. What would you like to do?"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.new_button = self._choice(layout, _("Create a new fund"),
                                       _("Type in your fund's details and start its books."))
        self.demo_button = self._choice(layout, _("Open the sample fund"),
                                        _("A made-up village fund with three years of entries, "
                                          "to practise on. Your own books are not touched."))
        self.open_button = self._choice(layout, _("Open a fund file…"),
                                        _("A .kongtun file already on this computer or on a "
                                          "USB stick."))
        layout.addStretch(1)
        quit_row = QHBoxLayout()
        quit_row.addStretch(1)
        self.quit_button = QPushButton(_("Close the program"))
        quit_row.addWidget(self.quit_button)
        layout.addLayout(quit_row)
        self.new_button.clicked.connect(self.show_form)
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button.clicked.connect(self.open_file)
        self.quit_button.clicked.connect(self.reject)
        return page

    def _choice(self, layout: QVBoxLayout, title: str, hint: str) -> QPushButton:
        button = QPushButton(title)
        button.setObjectName("bigChoice")
        button.setAutoDefault(True)
        note = QLabel(hint)
        note.setObjectName("hint")
        note.setWordWrap(True)
        note.setContentsMargins(8, 0, 0, 10)
        layout.addWidget(button)
        layout.addWidget(note)
        return button

    def _form_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = QLabel(_("Create a new fund"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, example in (
                ("name", _("Fund name"), _("e.g. Ban Nong Ha village fund")),
                ("code", _("Fund code"), _("e.g. {example}").format(example="33150303")),
                ("village_no", _("Village no."), _("e.g. {example}").format(example="3")),
                ("village", _("Village"), _("e.g. Ban Nong Ha")),
                ("tambon", _("Tambon"), ""),
                ("amphoe", _("Amphoe"), ""),
                ("province", _("Province"), "")):
            edit = QLineEdit()
            edit.setPlaceholderText(example)
            edit.setMinimumWidth(380)
            form.addRow(label, edit)
            self.fields[key] = edit
        self.month_combo = QComboBox()
        for month in range(1, 13):
            self.month_combo.addItem(labels.month_name(month), month)
        form.addRow(_("Fiscal year starts in"), self.month_combo)
        layout.addLayout(form)
        where = QLabel(_("The fund file will be saved in {folder}").format(folder=self.folder))
        where.setObjectName("hint")
        where.setWordWrap(True)
        layout.addWidget(where)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("Back"))
        self.back_button.setAutoDefault(False)
        self.save_button = QPushButton(_("Save and open the fund"))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.show_choices)
        self.save_button.clicked.connect(self.create)
        return page

    def show_choices(self) -> None:
        self.stack.setCurrentIndex(0)
        self.save_button.setDefault(False)
        self.new_button.setFocus()

    def show_form(self) -> None:
        self.stack.setCurrentIndex(1)
        self.save_button.setDefault(True)
        self.fields["name"].setFocus()

    def reject(self) -> None:
        """Esc on the form goes back to the choices; on the choices it closes."""
        if self.stack.currentIndex() == 1:
            self.show_choices()
        else:
            super().reject()

    # ---- the form

    def new_fund(self) -> NewFund:
        values = {key: edit.text() for key, edit in self.fields.items()}
        return NewFund(fiscal_start_month=int(self.month_combo.currentData()), **values)

    def show_problem(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def create(self) -> None:
        """Check the form; if it is complete, create the fund file on the worker."""
        new = self.new_fund()
        try:
            new.validate()
        except KongtunError as exc:
            self.show_problem(str(exc))
            empty = [edit for edit in self.fields.values() if not edit.text().strip()]
            if empty:
                empty[0].setFocus()
            return
        self.show_problem("")
        path = self.folder / fund_file_name(new.code)
        self.save_button.setEnabled(False)

        def work() -> Path:
            create_fund(path, new).close()
            return path

        run_op(self, work, on_success=self._chosen, on_failure=self._create_failed,
               label=_("Creating the fund file…"))

    def _create_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.show_problem(errors.error_text(exc))

    # ---- the other choices

    def open_demo(self) -> None:
        path = self.folder / DEMO_FILE
        if path.exists():
            self._chosen(path)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        run_op(self, lambda progress: build_demo_fund(path, progress),
               on_success=self._chosen,
               label=_("Building the sample fund: three years of a village fund's books…"))

    def ask_file(self) -> Path | None:
        """The file chooser (tests replace this)."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open a fund file"), str(self.folder),
            _("Kongtun fund files") + f" (*{FUND_SUFFIX})")
        return Path(name) if name else None

    def open_file(self) -> None:
        path = self.ask_file()
        if path is not None:
            self._chosen(path)

    def _chosen(self, path: Path) -> None:
        self.chosen_path = Path(path)
        self.accept()
