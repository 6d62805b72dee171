"""The open fund as the screens see it: the database, the user, and change notices.

Every screen gets the same `FundContext`. Writes go through `run_write`, which runs a
service in a unit of work on the ops runner's worker and then announces *what
changed* (`changed` signal: "ledger", "working_date", ...). Each screen decides for
itself whether that concerns it; the main window refreshes the visible screen at once
and the others when they are next shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.config import AppConfig
from app.db import FundDb
from app.services import fund as fund_service
from app.ui.ops import Op, run_op

WORKING_DATE = "working_date"
LEDGER = "ledger"


class FundContext(QObject):
    """The open fund shared by the main window and its screens."""

    changed = Signal(str)

    def __init__(self, db: FundDb, config: AppConfig | None = None,
                 username: str = fund_service.DEFAULT_USER) -> None:
        super().__init__()
        self.db = db
        self.config = config or AppConfig()
        self.username = username

    def working_date(self) -> dt.date:
        with self.db.read() as s:
            return fund_service.working_date(s)

    def fund_name(self) -> str:
        with self.db.read() as s:
            return fund_service.fund_info(s).name

    def run_write(self, parent: QWidget | None, work: Callable[[Session, str], Any], *,
                  what: str, label: str,
                  on_success: Callable[[Any], None] | None = None) -> Op:
        """Run `work(session, username)` in one unit of work, then announce `what` changed."""
        db, user = self.db, self.username

        def job() -> Any:
            with db.write() as s:
                return work(s, user)

        def done(result: Any) -> None:
            if on_success is not None:
                on_success(result)
            self.changed.emit(what)

        return run_op(parent, job, on_success=done, label=label)
