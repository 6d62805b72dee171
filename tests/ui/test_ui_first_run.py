"""The first-run dialog: create a fund by keyboard, refuse an incomplete form, other choices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.db import open_fund
from app.services.fund import fund_info
from app.ui import first_run
from app.ui.first_run import FirstRunDialog, fund_file_name

FORM = (("name", "กองทุนหมู่บ้านโนนสูง"), ("code", "33150505"), ("village_no", "5"),
        ("village", "บ้านโนนสูง"), ("tambon", "ปราสาท"), ("amphoe", "ห้วยทับทัน"),
        ("province", "ศรีสะเกษ"))


def open_form(qtbot, folder: Path) -> FirstRunDialog:  # noqa: ANN001
    dialog = FirstRunDialog(folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.new_button, Qt.Key.Key_Space)
    assert dialog.stack.currentIndex() == 1
    return dialog


def type_form(type_text, dialog: FirstRunDialog, skip: str = "") -> None:  # noqa: ANN001
    for key, text in FORM:
        if key != skip:
            type_text(dialog.fields[key], text)


def test_create_a_fund_by_keyboard(qtbot, type_text, tmp_path) -> None:
    dialog = open_form(qtbot, tmp_path)
    type_form(type_text, dialog)
    dialog.month_combo.setFocus()
    type_text(dialog.month_combo, "ตุลาคม")
    assert dialog.month_combo.currentData() == 10
    qtbot.keyClick(dialog.fields["province"], Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    path = tmp_path / "33150505.kongtun"
    assert dialog.chosen_path == path
    assert path.exists()
    with open_fund(path) as db, db.read() as s:
        info = fund_info(s)
    assert (info.name, info.code, info.village_no, info.village, info.tambon, info.amphoe,
            info.province, info.fiscal_start_month) == tuple(v for _k, v in FORM) + (10,)


def test_a_missing_field_shows_one_thai_message_and_creates_nothing(qtbot, type_text, tmp_path) -> None:
    dialog = open_form(qtbot, tmp_path)
    type_form(type_text, dialog, skip="village")
    qtbot.keyClick(dialog.fields["province"], Qt.Key.Key_Return)
    assert dialog.error_label.text() == "กรุณากรอกชื่อหมู่บ้าน"
    assert dialog.error_label.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_reported_at_the_dialog(qtbot, type_text, tmp_path) -> None:
    (tmp_path / "33150505.kongtun").write_bytes(b"something else")
    dialog = open_form(qtbot, tmp_path)
    type_form(type_text, dialog)
    qtbot.keyClick(dialog.fields["province"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "มีไฟล์" in dialog.error_label.text()
    assert dialog.save_button.isEnabled()
    assert (tmp_path / "33150505.kongtun").read_bytes() == b"something else"


def test_escape_on_the_form_goes_back_to_the_choices(qtbot, tmp_path) -> None:
    dialog = open_form(qtbot, tmp_path)
    qtbot.keyClick(dialog.fields["name"], Qt.Key.Key_Escape)
    assert dialog.stack.currentIndex() == 0
    assert dialog.isVisible()
    qtbot.keyClick(dialog.new_button, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_open_a_fund_file(qtbot, tmp_path, monkeypatch) -> None:
    dialog = FirstRunDialog(tmp_path)
    qtbot.addWidget(dialog)
    chosen = tmp_path / "other.kongtun"
    monkeypatch.setattr(dialog, "ask_file", lambda: chosen)
    dialog.open_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_path == chosen


def test_the_sample_fund_is_built_through_the_ops_runner(qtbot, tmp_path, monkeypatch) -> None:
    calls = []

    def fake_build(path, *, members, years, seed, progress=None):  # noqa: ANN001, ANN202
        calls.append((members, years, seed))
        progress(1, 2)
        Path(path).write_bytes(b"demo")

    import app.services.demo as demo

    monkeypatch.setattr(demo, "build_demo", fake_build)
    dialog = FirstRunDialog(tmp_path / "funds")
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert calls == [(200, 3, 7)]
    assert dialog.chosen_path == tmp_path / "funds" / first_run.DEMO_FILE


def test_fund_file_names_are_safe() -> None:
    assert fund_file_name("33-0301") == "33-0301.kongtun"
    assert fund_file_name(" 33/03 01 ") == "33_03_01.kongtun"


def test_a_missing_demo_module_shows_the_error_dialog(qtbot, tmp_path, monkeypatch,
                                                      shown_errors) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "app.services.demo", None)  # import now fails
    dialog = FirstRunDialog(tmp_path)
    qtbot.addWidget(dialog)
    op_done = []
    monkeypatch.setattr(dialog, "_chosen", op_done.append)
    dialog.demo_button.click()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert shown_errors == ["โปรแกรมรุ่นนี้ยังไม่มีกองทุนตัวอย่าง"]
    assert op_done == []
    assert not (tmp_path / first_run.DEMO_FILE).exists()
