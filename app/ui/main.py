"""Starting the desktop program: language, font, which fund to open, the main window.

`run_gui(fund_path, lang)` is what `kongtun` (no command) calls. The fund is the one
given, else the last one used (if its file still exists), else the first-run dialog
asks. A fund that cannot be opened (already open in another Kongtun window, not a
fund file, damaged, too new) is explained in Thai and the first-run dialog is
offered again, so the bookkeeper is never left with nothing but an error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import config, i18n
from app.db import FundDb, open_fund
from app.early_check import EarlyCheck
from app.errors import KongtunError
from app.ui import errors, ops
from app.ui.context import FundContext
from app.ui.first_run import FirstRunDialog
from app.ui.fonts import apply_font
from app.ui.main_window import MainWindow


def open_or_explain(path: Path, parent: QWidget | None = None,
                    early: EarlyCheck | None = None) -> FundDb | None:
    """Open the fund file, or show why it cannot be opened and return None.

    SQLite's quick check is left out only when `early` already ran it on this file and
    it passed (app.early_check)."""
    try:
        return open_fund(path, checked=not (early is not None and early.passed_for(path)))
    except KongtunError as exc:
        errors.show_error(parent, exc)
        return None


def choose_and_open(fund_path: Path | None, cfg: config.AppConfig,
                    parent: QWidget | None = None,
                    early: EarlyCheck | None = None) -> FundDb | None:
    """The fund to work on: given, last used, or chosen in the first-run dialog."""
    path = Path(fund_path) if fund_path is not None else cfg.last_fund_path()
    while True:
        if path is None:
            dialog = FirstRunDialog(cfg.fund_folder_path(), parent)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen_path is None:
                return None
            path = dialog.chosen_path
        db = open_or_explain(path, parent, early)
        early = None  # it checked the first file only
        if db is not None:
            return db
        path = None


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    return QApplication(sys.argv[:1])


def run_gui(fund_path: Path | None, lang: str | None = None,
            early: EarlyCheck | None = None) -> int:
    """Run the desktop program until its window is closed; returns the exit code."""
    cfg = config.load_config()
    i18n.set_language(lang or cfg.language)
    app = application()
    app.setApplicationName(config.APP_NAME)
    errors.install_excepthook()
    apply_font(app, cfg.font_size)
    db = choose_and_open(fund_path, cfg, early=early)
    if db is None:
        return 0 if fund_path is None else 1
    cfg.last_fund = str(db.path.resolve())
    config.save_config(cfg)
    window = MainWindow(FundContext(db, cfg))
    window.show()
    try:
        return app.exec()
    finally:
        ops.shutdown()
        from app.services.restore import backup_on_close

        backup_on_close(db)  # a rotating local backup in backups/ beside the fund
        db.close()
