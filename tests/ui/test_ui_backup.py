"""The Backup screen: back up with a passphrase, see it listed, preview and restore an older file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from app.db import FundDb
from app.services.backup_facts import fund_facts
from app.services.ledger import LineInput, post_entry
from app.ui import ops
from app.ui.backup_view import BackupView
from app.ui.context import FundContext


def _view(qtbot, fund: FundDb) -> BackupView:  # noqa: ANN001
    view = BackupView(FundContext(fund))
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    view.refresh()
    return view


def _wait(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not ops._running, timeout=20_000)


def test_backup_then_restore_an_older_file(qtbot, type_text, fund, entries, shown_errors,
                                           tmp_path: Path) -> None:  # noqa: ANN001
    view = _view(qtbot, fund)
    assert "ยังไม่เคยสำรองข้อมูล" in view.reminder.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    view.folder_edit.setText(str(usb))
    type_text(view.passphrase_edit, "มะม่วง")
    type_text(view.repeat_edit, "มะปราง")
    view.backup_now()
    assert shown_errors == ["รหัสผ่านทั้งสองช่องไม่ตรงกัน กรุณาพิมพ์ใหม่"]
    view.repeat_edit.clear()
    type_text(view.repeat_edit, "มะม่วง")
    view.backup_now()
    _wait(qtbot)
    assert "ตรวจสอบไฟล์สำรองข้อมูล" in view.backup_status.text()
    made = list(usb.glob("*.kongtun-backup"))
    assert [p.name for p in made] == ["กองทุนหมู่บ้านหนองฮะ_2568-01-15.kongtun-backup"]
    assert view.list_model.rowCount() == 1
    assert view.list_model.text(0, 3) == "มี"
    assert "สำรองข้อมูลครั้งล่าสุดเมื่อ" in view.reminder.text()

    with fund.write() as s:  # new work after the backup: restoring it would lose this
        post_entry(s, kind="receipt", date=dt.date(2025, 1, 15), description="ค่าธรรมเนียม",
                   user="bookkeeper", lines=[LineInput("11010", debit=Decimal("20")),
                                             LineInput("42020", credit=Decimal("20"))])
    view.file_edit.setText(str(made[0]))
    type_text(view.restore_passphrase, "มะม่วง")
    view.show_preview()
    _wait(qtbot)
    assert view.restore_button.isEnabled()
    assert "สูญเสีย 1 รายการ" in view.warnings.text()
    asked: list[str] = []
    view.confirm = lambda text: asked.append(text) or True  # type: ignore[method-assign]
    changed: list[str] = []
    view.ctx.changed.connect(changed.append)
    view.restore_now()
    _wait(qtbot)
    assert "สูญเสีย 1 รายการ" in asked[0]
    assert changed == ["restore"]
    assert "before-restore" in shown_errors[-1]
    with fund.read() as s:
        assert fund_facts(s).entry_count == 4  # the three entries and the cancellation


def test_wrong_passphrase_is_one_clear_message(qtbot, fund, entries, shown_errors,
                                               tmp_path: Path) -> None:  # noqa: ANN001
    view = _view(qtbot, fund)
    view.folder_edit.setText(str(tmp_path))
    view.passphrase_edit.setText("ถูก")
    view.repeat_edit.setText("ถูก")
    view.backup_now()
    _wait(qtbot)
    view.file_edit.setText(str(next(tmp_path.glob("*.kongtun-backup"))))
    view.restore_passphrase.setText("ผิด")
    view.show_preview()
    _wait(qtbot)
    assert len(shown_errors) == 1 and "รหัสผ่าน" in shown_errors[0]
    assert not view.restore_button.isEnabled()
