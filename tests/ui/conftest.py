"""UI test fixtures: settings in a temporary folder, error dialogs captured, a fund with entries.

Every UI test runs with KONGTUN_CONFIG_DIR in its own temporary folder, so the user's
settings and log are never touched. `shown_errors` replaces the modal message box
with a list of the texts that would have been shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from app.config import ENV_CONFIG_DIR
from app.db import FundDb
from app.services.ledger import LineInput, PostedEntry, post_entry, reverse_entry
from app.ui import errors, ops

DAY = dt.date(2025, 1, 15)


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(ENV_CONFIG_DIR, str(folder))
    return folder


@pytest.fixture(autouse=True)
def _no_op_left_running(qtbot):  # noqa: ANN001 - pytest-qt's fixture
    """Each test waits for its background work, so none leaks into the next test."""
    yield
    qtbot.waitUntil(lambda: not ops._running, timeout=10_000)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(errors, "present",
                        lambda parent, title, text, warning=True: shown.append(text))
    return shown


@pytest.fixture
def entries(fund: FundDb) -> dict[str, PostedEntry]:
    """Three entries on 15 ม.ค. 2568; the payment PV2568/0001 is then cancelled."""
    with fund.write() as s:
        grant = post_entry(
            s, kind="receipt", date=DAY, description="รับเงินจัดสรรจากรัฐบาล",
            counterpart="สทบ.", user="bookkeeper",
            lines=[LineInput("11020", debit=Decimal("1000000")),
                   LineInput("31010", credit=Decimal("1000000"))])
        fee = post_entry(
            s, kind="receipt", date=DAY, description="ค่าธรรมเนียมแรกเข้า",
            counterpart="นายสมชาย บุญเกิด", user="bookkeeper",
            lines=[LineInput("11010", debit=Decimal("1500")),
                   LineInput("42010", credit=Decimal("1500"))])
        supplies = post_entry(
            s, kind="payment", date=DAY, description="ซื้อวัสดุสำนักงาน",
            counterpart="ร้านสมใจพาณิชย์", user="bookkeeper",
            lines=[LineInput("52010", debit=Decimal("234.50")),
                   LineInput("11010", credit=Decimal("234.50"))])
        cancel = reverse_entry(s, entry_id=supplies.id, date=DAY, reason="ลงจำนวนผิด",
                               user="bookkeeper")
    return {"grant": grant, "fee": fee, "supplies": supplies, "cancel": cancel}


@pytest.fixture
def type_text(qtbot):  # noqa: ANN001 - pytest-qt's fixture
    """Type text into a widget as key presses, Thai included.

    QTest.keyClicks only knows ASCII (it aborts on Thai), so each character is sent
    as a key event carrying its text, the way a Thai keyboard layout delivers it.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def type_into(widget, text: str) -> None:  # noqa: ANN001
        for ch in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown if not ch.isascii() else 0,
                                  Qt.KeyboardModifier.NoModifier, ch)
                QApplication.sendEvent(widget, event)

    return type_into
