"""Error dialogs: a domain error in its Thai words, anything else politely plus a log entry.

`KongtunError` subclasses carry a message the bookkeeper can act on; it is shown as
it is. Any other exception is a bug: the user sees one calm generic message saying
where the details were written, and the traceback goes to `kongtun.log` in the
user log folder, for whoever helps them.

`present` is the one place a message box is actually shown; tests replace it
(monkeypatch `app.ui.errors.present`) to read the text without a modal dialog.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from app import config
from app.errors import KongtunError
from app.i18n import _

LOG_FILE = "kongtun.log"


def log_path() -> Path:
    return config.log_dir() / LOG_FILE


def log_exception(exc: BaseException) -> Path:
    """Append the exception's traceback to the log file; returns the file's path."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {stamp}\n{text}\n")
    return path


def error_text(exc: BaseException) -> str:
    """What the user reads: the domain message, or the generic one (and the log is written)."""
    if isinstance(exc, KongtunError):
        return str(exc)
    path = log_exception(exc)
    return _("Something unexpected went wrong and the work was not done. "
             "The details were written to {path}.").format(path=path)


def present(parent: QWidget | None, title: str, text: str, *, warning: bool = True) -> None:
    """Show a modal message box (Enter or Esc closes it)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    box.exec()


def show_error(parent: QWidget | None, exc: BaseException) -> str:
    """Tell the user about a failure; returns the text shown."""
    text = error_text(exc)
    present(parent, _("Kongtun"), text)
    return text


def show_info(parent: QWidget | None, text: str) -> None:
    present(parent, _("Kongtun"), text, warning=False)


def install_excepthook() -> None:
    """Route any exception that escapes a Qt slot to the error dialog (and the log).

    Without this PySide only prints it to a console the bookkeeper never sees.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: as before
            previous(kind, exc, tb)
            return
        show_error(None, exc.with_traceback(tb))

    sys.excepthook = hook
