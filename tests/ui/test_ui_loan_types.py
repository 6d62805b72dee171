"""The loan types dialog (ตั้งค่า → ประเภทเงินกู้…): a type added from the keyboard and
found by `loan_rules.list_loan_types`, a rate above 15 % saved only when confirmed,
the guarantor bands typed as rows and read back in words, and each refusal of the
service shown in Thai with nothing changed. The ใช่/ไม่ใช่ question is patched, so
nothing modal ever waits.

The fund starts with the two types of migration 0004: เงินกู้สามัญ (50,000 baht,
flat 6 %, 12 months at the end, no guarantor up to 30,000 baht and two above) and
เงินกู้ฉุกเฉิน (10,000 baht, flat 6 %, 6 monthly instalments, no guarantor).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from app.db import FundDb
from app.services.loan_rules import LoanTypeRow, list_loan_types, parse_bands
from app.ui import ops
from app.ui.context import FundContext
from app.ui.guarantor_bands import BandsEditor, bands_words
from app.ui.loan_types_dialog import LoanTypesDialog
from app.ui.settings_view import SettingsView


class Answers(list):
    """The ใช่/ไม่ใช่ questions asked, each answered with `reply`."""

    reply = False


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    asked = Answers()

    def confirm(_parent, text: str, default_yes: bool = False) -> bool:  # noqa: ANN001
        asked.append(text)
        return asked.reply

    monkeypatch.setattr(LoanTypesDialog, "confirm", staticmethod(confirm))
    return asked


def types(fund: FundDb) -> dict[str, LoanTypeRow]:
    with fund.read() as s:
        return {t.code: t for t in list_loan_types(s)}


def open_dialog(qtbot, fund: FundDb) -> LoanTypesDialog:  # noqa: ANN001
    dialog = LoanTypesDialog(FundContext(fund))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # offscreen, shortcuts and focus need an active window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def press_enter(qtbot, widget) -> None:  # noqa: ANN001
    """Enter where the bookkeeper is typing, then wait for the save to be written."""
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ops._running, timeout=10_000)


def choose(dialog: LoanTypesDialog, code: str) -> None:
    dialog.table.selectRow([t.code for t in dialog.types].index(code))


@pytest.mark.parametrize(("bands", "words"), [
    ("*=0", "ไม่ต้องมีผู้ค้ำ"),
    ("*=1", "ผู้ค้ำ 1 คน"),
    ("30000=0;*=2", "ไม่ต้องมีผู้ค้ำถึง 30,000 บาท เกินนั้น 2 คน"),
    ("20000=1;*=0", "ผู้ค้ำ 1 คนถึง 20,000 บาท เกินนั้นไม่ต้องมีผู้ค้ำ"),
    ("10000=0;50000.50=1;*=3",
     "ไม่ต้องมีผู้ค้ำถึง 10,000 บาท ผู้ค้ำ 1 คนถึง 50,000.50 บาท เกินนั้น 3 คน"),
])
def test_guarantor_bands_in_words(bands: str, words: str) -> None:
    assert bands_words(bands) == words


def test_the_list_reads_like_the_rules(qtbot, fund) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, fund)
    m = dialog.model
    assert [m.text(0, c) for c in range(m.columnCount())] == [
        "เงินกู้สามัญ", "13010", "50,000", "6 % แบบคงที่",
        "12 เดือน ชำระครั้งเดียวเมื่อครบกำหนด",
        "ไม่ต้องมีผู้ค้ำถึง 30,000 บาท เกินนั้น 2 คน", "50,000", "วันละ 5 ไม่เกิน 1,000",
        "ใช้อยู่"]
    assert m.text(1, 4) == "6 เดือน ผ่อนชำระรายเดือน" and m.text(1, 5) == "ไม่ต้องมีผู้ค้ำ"
    # the first type is in the form, its bands as rows
    assert dialog.name.text() == "เงินกู้สามัญ" and dialog.ceiling.line_edit.text() == "50,000.00"
    assert len(dialog.bands.rows) == 1 and dialog.bands.rows[0][0].amount() == Decimal(30000)
    assert dialog.bands.above.value() == 2
    assert "เงินกู้สามัญ" in dialog.form_heading.text()


def test_a_type_added_from_the_keyboard(qtbot, fund, type_text, answers) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, fund)
    told: list[str] = []
    dialog.ctx.changed.connect(told.append)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.form_heading.text() == "เพิ่มประเภทเงินกู้ใหม่" and dialog.name.text() == ""
    type_text(dialog.name, "เงินกู้เพื่อการเกษตร")
    type_text(dialog.code, "farm")
    dialog.ceiling.line_edit.setText("20,000")
    dialog.method.setCurrentIndex(dialog.method.findData("declining"))
    dialog.rate.line_edit.setText("8.5")
    dialog.term.setValue(10)
    dialog.pattern.setCurrentIndex(dialog.pattern.findData("monthly"))
    qtbot.mouseClick(dialog.bands.add_button, Qt.MouseButton.LeftButton)
    edit, spin = dialog.bands.rows[0]
    edit.line_edit.setText("10000")
    spin.setValue(0)
    dialog.bands.above.setValue(1)
    dialog.guarantee_cap.line_edit.setText("40000")
    dialog.fine_per_day.line_edit.setText("2")
    dialog.fine_cap.line_edit.setText("300")
    press_enter(qtbot, dialog.fine_cap.line_edit)

    assert dialog.error_text() == "" and not answers
    farm = types(fund)["farm"]
    assert farm == LoanTypeRow(farm.id, "farm", "เงินกู้เพื่อการเกษตร", "13010", 20_000_00,
                               "declining", Decimal("8.5"), 10, "monthly", "10000=0;*=1",
                               40_000_00, 2_00, 300_00, True)
    assert dialog.isVisible()                       # stays open for the next type
    assert dialog.model.rowCount() == 3 and dialog.table.currentIndex().row() == 2
    assert dialog.model.text(2, 5) == "ไม่ต้องมีผู้ค้ำถึง 10,000 บาท เกินนั้น 1 คน"
    assert "เงินกู้เพื่อการเกษตร" in dialog.status.text()
    assert "loans" in told                          # the loan screens read the types again


def test_a_rate_above_15_percent_is_saved_only_when_confirmed(qtbot, fund, answers) -> None:  # noqa: ANN001
    before = types(fund)
    dialog = open_dialog(qtbot, fund)
    choose(dialog, "emergency")
    dialog.rate.line_edit.setText("18")
    press_enter(qtbot, dialog.rate.line_edit)       # ไม่ใช่: nothing saved
    assert len(answers) == 1 and "18.00" in answers[0] and "15" in answers[0]
    assert dialog.error_text() == "ยังไม่ได้บันทึก เพราะไม่ได้ยืนยันอัตราดอกเบี้ย"
    assert types(fund) == before
    answers.reply = True                            # ใช่: saved with the confirmation
    press_enter(qtbot, dialog.rate.line_edit)
    assert len(answers) == 2 and dialog.error_text() == ""
    after = types(fund)
    assert after["emergency"].rate_percent == Decimal(18)
    assert after["emergency"] == LoanTypeRow(**{**before["emergency"].__dict__,
                                                "rate_percent": Decimal(18)})
    assert after["ordinary"] == before["ordinary"]
    assert dialog.model.text(1, 3) == "18 % แบบคงที่"


def set_bands(dialog: LoanTypesDialog, bands: list[tuple[str, int]], above: int) -> None:
    dialog.bands.set_bands("*=0")
    for amount, count in bands:
        dialog.bands.add_band(None, count)
        dialog.bands.rows[-1][0].line_edit.setText(amount)
    dialog.bands.above.setValue(above)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: set_bands(d, [("50000", 0), ("30000", 1)], 2),          # bands not in order
     "จำนวนเงินของแต่ละช่วงในเกณฑ์ผู้ค้ำประกันต้องเพิ่มขึ้นตามลำดับ"),
    (lambda d: d.ceiling.line_edit.setText("0"), "วงเงินและระยะเวลากู้ต้องมากกว่าศูนย์"),
    (lambda d: (d.pattern.setCurrentIndex(d.pattern.findData("quarterly")),
                d.term.setValue(10)), "ระยะเวลากู้ต้องแบ่งเป็นงวดได้ลงตัว"),
    (lambda d: d.name.setText("  "), "กรุณาพิมพ์รหัสและชื่อประเภทเงินกู้"),
    (lambda d: d.code.setText("emergency"), "รหัส emergency มีประเภทเงินกู้อื่นใช้อยู่แล้ว"),
    (lambda d: d.rate.line_edit.setText("-1"), "อัตราดอกเบี้ยติดลบไม่ได้"),
])
def test_refusals_are_shown_in_thai_and_change_nothing(qtbot, fund, answers, change,  # noqa: ANN001
                                                       message) -> None:
    before = types(fund)
    dialog = open_dialog(qtbot, fund)
    change(dialog)
    press_enter(qtbot, dialog.name)
    assert dialog.error_text() == message
    assert types(fund) == before and not answers
    assert dialog.isVisible()                       # open, with what was typed, to correct


def test_an_amount_that_cannot_be_read_is_shown_at_the_field(qtbot, fund, answers) -> None:  # noqa: ANN001
    before = types(fund)
    dialog = open_dialog(qtbot, fund)
    dialog.bands.rows[0][0].line_edit.setText("สามหมื่น")
    press_enter(qtbot, dialog.name)
    assert dialog.bands.rows[0][0].error() != ""    # said under the amount itself
    assert types(fund) == before


def test_enter_in_the_list_goes_to_the_form_and_esc_closes(qtbot, fund, answers) -> None:  # noqa: ANN001
    before = types(fund)
    dialog = open_dialog(qtbot, fund)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.name.text() == "เงินกู้ฉุกเฉิน"   # the form follows the list
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ops._running, timeout=10_000)
    assert dialog.focusWidget() is dialog.name and types(fund) == before
    assert dialog.status.isHidden()                 # nothing was saved
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_type_taken_out_of_use_is_kept_but_greyed(qtbot, fund, answers) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, fund)
    choose(dialog, "emergency")
    dialog.active.setChecked(False)
    press_enter(qtbot, dialog.name)
    assert not types(fund)["emergency"].active
    assert dialog.model.text(1, 8) == "เลิกใช้"
    with fund.read() as s:
        assert [t.code for t in list_loan_types(s, active_only=True)] == ["ordinary"]


def test_settings_opens_the_loan_types(qtbot, fund) -> None:  # noqa: ANN001
    view = SettingsView(FundContext(fund))
    qtbot.addWidget(view)
    view.refresh()
    assert view.loan_types_button.text() == "ประเภทเงินกู้…"
    qtbot.mouseClick(view.loan_types_button, Qt.MouseButton.LeftButton)
    dialog = view.loan_types_dialog
    assert dialog.isVisible() and dialog.model.rowCount() == 2
    dialog.reject()


band_lists = st.lists(st.tuples(st.integers(1, 20_000_000), st.integers(0, 5)), max_size=4)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bands=band_lists, above=st.integers(0, 5))
def test_bands_typed_as_rows_mean_what_the_service_reads(qtbot, bands, above) -> None:  # noqa: ANN001
    """Any valid rule shown as rows and read back means the same bands."""
    limits = sorted({u for u, _ in bands})
    counts = [c for _, c in bands][:len(limits)]
    text = ";".join([f"{Decimal(u).scaleb(-2)}={c}" for u, c in zip(limits, counts,
                                                                       strict=False)]
                    + [f"*={above}"])
    editor = BandsEditor()
    qtbot.addWidget(editor)
    editor.set_bands(text)
    back = editor.bands_text()
    assert back is not None and parse_bands(back) == parse_bands(text)
