"""The ops runner: long or writing work off the GUI thread, on one worker (one writer).

Anki's way: `run_op(parent, fn, on_success=..., label=...)` submits `fn` to a single
background worker thread, so two writes never race. A progress dialog appears only
if the work takes longer than ~0.6 s (quick saves stay calm). When `fn` accepts a
`progress` argument it receives a callback `progress(done, total=None, text="")`
that reports progress and raises `OpCancelled` once the user pressed ยกเลิก; the
dialog then offers a cancel button. On success `on_success(result)` runs on the GUI
thread; on failure `on_failure(exc)` runs, by default the error dialog (domain
errors in Thai; anything else generic, with the traceback in the log file).
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.i18n import _
from app.ui import errors

#: Milliseconds before the progress dialog appears.
SHOW_PROGRESS_AFTER_MS = 600

_executor: ThreadPoolExecutor | None = None
_running: set[Op] = set()


class OpCancelled(Exception):
    """Raised inside an op by its progress callback when the user cancelled it."""


class _ProgressDialog(QProgressDialog):
    """A progress dialog that Esc cannot hide while work that cannot stop is running."""

    allow_cancel = True

    def reject(self) -> None:
        if self.allow_cancel:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.allow_cancel:
            super().closeEvent(event)
        else:
            event.ignore()


def executor() -> ThreadPoolExecutor:
    """The one worker thread every op runs on."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kongtun-op")
    return _executor


def shutdown() -> None:
    """Wait for the running op (if any) to finish; called when the program quits."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True)
        _executor = None


def accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # some builtins have no signature: no progress then
        return False
    return "progress" in params


class Op(QObject):
    """One piece of work in flight; created by `run_op`, alive until it finishes."""

    _progressed = Signal(int, int, str)
    _done = Signal(object)
    finished = Signal()

    def __init__(self, parent: QWidget | None, fn: Callable[..., Any], *,
                 on_success: Callable[[Any], None], label: str,
                 on_failure: Callable[[BaseException], None] | None = None,
                 on_cancel: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._parent = parent
        self._fn = fn
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_cancel = on_cancel
        self._label = label
        self._cancel = threading.Event()
        self._with_progress = accepts_progress(fn)
        self._dialog: _ProgressDialog | None = None
        self._last = (0, 0, "")
        self._finished = False
        self._progressed.connect(self._show_progress)
        # Always queued: even an op that ends at once reports after run_op has returned.
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    # ---- worker side

    def _report(self, done: float = 0, total: int | None = None, text: str = "") -> None:
        """The `progress` callback handed to the op (called on the worker thread)."""
        if self._cancel.is_set():
            raise OpCancelled
        if total is None and isinstance(done, float):  # a fraction 0..1
            done, total = round(done * 100), 100
        self._progressed.emit(int(done), int(total or 0), str(text))

    def _call(self) -> Any:
        if self._with_progress:
            return self._fn(progress=self._report)
        return self._fn()

    # ---- GUI side

    def start(self) -> None:
        _running.add(self)
        QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, self._open_dialog)
        future = executor().submit(self._call)
        future.add_done_callback(self._done.emit)  # queued to the GUI thread

    def cancel(self) -> None:
        """Ask the op to stop at its next progress report."""
        self._cancel.set()

    @property
    def is_finished(self) -> bool:
        return self._finished

    def _parent_widget(self) -> QWidget | None:
        p = self._parent
        return p if p is not None and shiboken6.isValid(p) else None

    def _open_dialog(self) -> None:
        if self._finished or self._dialog is not None:
            return
        dlg = _ProgressDialog(self._label, _("Cancel"), 0, 0, self._parent_widget())
        dlg.setWindowTitle(_("Kongtun"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumWidth(420)
        if self._with_progress:
            dlg.canceled.connect(self.cancel)
        else:
            dlg.allow_cancel = False
            dlg.setCancelButton(None)
        self._dialog = dlg
        self._show_progress(*self._last)
        dlg.show()

    def _show_progress(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text)
        dlg = self._dialog
        if dlg is None:
            return
        # The label first: setValue on a modal progress dialog processes events, during
        # which the work may finish and the dialog be closed.
        dlg.setLabelText(f"{self._label}\n{text}" if text else self._label)
        dlg.setMaximum(max(total, 0))
        if self._dialog is dlg:
            dlg.setValue(min(done, total) if total else 0)

    def _finish(self, future: Future) -> None:
        self._finished = True
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)
        try:
            exc = future.exception()
            if isinstance(exc, OpCancelled):
                if self._on_cancel is not None:
                    self._on_cancel()
            elif exc is not None:
                if self._on_failure is not None:
                    self._on_failure(exc)
                else:
                    errors.show_error(self._parent_widget(), exc)
            else:
                self._on_success(future.result())
        finally:
            self.finished.emit()


def run_op(parent: QWidget | None, fn: Callable[..., Any], *,
           on_success: Callable[[Any], None], label: str,
           on_failure: Callable[[BaseException], None] | None = None,
           on_cancel: Callable[[], None] | None = None) -> Op:
    """Run `fn` on the worker thread; see the module docstring. Returns the running Op."""
    op = Op(parent, fn, on_success=on_success, label=label, on_failure=on_failure,
            on_cancel=on_cancel)
    op.start()
    return op
