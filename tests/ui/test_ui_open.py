"""Opening a fund: a locked or broken file is explained in Thai; run_gui's choice of fund."""

from __future__ import annotations

from app.config import AppConfig, load_config, save_config
from app.ui import main


def test_a_locked_fund_shows_the_fund_locked_message(qtbot, fund, fund_path, shown_errors) -> None:
    assert main.open_or_explain(fund_path) is None  # `fund` holds the lock
    assert len(shown_errors) == 1
    assert "กองทุนนี้เปิดอยู่ในโปรแกรมกองทุนอีกหน้าต่างหนึ่ง" in shown_errors[0]


def test_a_file_that_is_not_a_fund_is_explained(qtbot, tmp_path, shown_errors) -> None:
    path = tmp_path / "notes.kongtun"
    path.write_text("hello", encoding="utf-8")
    assert main.open_or_explain(path) is None
    assert shown_errors == [f"ไฟล์ {path} ไม่ใช่ไฟล์ข้อมูลกองทุนของโปรแกรมกองทุน"]


def test_an_unopenable_fund_leads_back_to_the_first_run_dialog(qtbot, fund, fund_path,
                                                              shown_errors, monkeypatch) -> None:
    offered = []

    class Refused:
        def __init__(self, folder, parent=None) -> None:  # noqa: ANN001
            offered.append(folder)
            self.chosen_path = None

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(main, "FirstRunDialog", Refused)
    assert main.choose_and_open(fund_path, AppConfig()) is None
    assert len(shown_errors) == 1 and len(offered) == 1


def test_the_last_fund_is_opened_without_asking(qtbot, fund_path, monkeypatch) -> None:
    save_config(AppConfig(last_fund=str(fund_path)))
    monkeypatch.setattr(main, "FirstRunDialog", None)  # must not be needed
    db = main.choose_and_open(None, load_config())
    assert db is not None
    try:
        assert db.path == fund_path
    finally:
        db.close()
