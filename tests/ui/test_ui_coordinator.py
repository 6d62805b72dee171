"""The coordinator screen: an encrypted backup is imported only with its passphrase,
asked in a password field (a wrong one: one Thai line, nothing imported), and the
screen opens the network book of the last session again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import config
from app.coordinator.db import settings_target
from app.coordinator.models import Submission
from app.db import open_fund
from app.services.backup import create_backup, read_manifest
from app.services.demo import build_demo
from app.ui import ops
from app.ui.coordinator_view import CoordinatorView, PassphraseDialog

PHRASE = "ข้าวหอมมะลิ 2568"


@pytest.fixture(scope="module")
def backups(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two villages: one backup in the clear, one protected by a Thai passphrase."""
    folder = tmp_path_factory.mktemp("coord-ui")
    out = {}
    for seed, name, phrase in ((1, "plain", None), (2, "locked", PHRASE)):
        fund = folder / f"v{seed}.kongtun"
        build_demo(fund, members=10, years=1, seed=seed)
        with open_fund(fund, lock=False) as db:
            out[name] = create_backup(db, folder / f"{name}.kongtun-backup",
                                      passphrase=phrase).path
    return out


def _wait(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not ops._running, timeout=30_000)


def _view(qtbot, book: Path | None = None) -> CoordinatorView:  # noqa: ANN001
    view = CoordinatorView()
    qtbot.addWidget(view)
    _wait(qtbot)
    if book is not None:
        view.open_book(book)
        _wait(qtbot)
    return view


def _answer(monkeypatch: pytest.MonkeyPatch, type_text, answers: list[str | None]) -> list[str]:  # noqa: ANN001
    """Each dialog shown is answered in turn: typed into its field and Import clicked, or
    (None) cancelled. Returns the fund names the dialogs named."""
    asked: list[str] = []

    def run(dialog: PassphraseDialog) -> int:
        assert dialog.edit.echoMode() == dialog.edit.EchoMode.Password  # never shown
        asked.append(dialog.fund_label.text())
        answer = answers.pop(0)
        if answer is None:
            dialog.reject()
        else:
            type_text(dialog.edit, answer)
            dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", run)
    return asked


def _submissions(view: CoordinatorView) -> int:
    with view.book.session() as s:  # type: ignore[union-attr]
        return s.scalar(select(func.count(Submission.id))) or 0


def test_a_wrong_passphrase_imports_nothing_then_the_right_one_does(
        qtbot, type_text, monkeypatch, backups, tmp_path: Path) -> None:  # noqa: ANN001
    view = _view(qtbot, tmp_path / "tambon.kongtun-network")
    asked = _answer(monkeypatch, type_text, ["ผิดรหัส"])
    view.import_files([backups["plain"], backups["locked"]])
    _wait(qtbot)
    assert asked == [read_manifest(backups["locked"]).fund["name"]]  # the plain one: none
    assert [r.status for r in view.last_results] == ["ok", "refused"]
    assert "รหัสผ่านของไฟล์สำรองข้อมูล" in view.message.text() and "ไม่ถูกต้อง" in view.message.text()
    assert view.model.rowCount() == 1 and _submissions(view) == 1  # the locked one: nothing

    _answer(monkeypatch, type_text, [None])  # cancelled: it says a passphrase is needed
    view.import_files([backups["locked"]])
    _wait(qtbot)
    assert view.last_results[0].status == "refused" and "ตั้งรหัสผ่านไว้" in view.message.text()
    assert _submissions(view) == 1

    _answer(monkeypatch, type_text, [PHRASE])
    view.import_files([backups["locked"]])
    _wait(qtbot)
    assert [r.status for r in view.last_results] == ["ok"], view.message.text()
    assert view.model.rowCount() == 2 and _submissions(view) == 2
    view.book.close()  # type: ignore[union-attr]


def test_the_dialog_is_a_password_field_naming_the_file(qtbot) -> None:  # noqa: ANN001
    dialog = PassphraseDialog("v2.kongtun-backup", "กองทุนหมู่บ้านโนนสูง")
    qtbot.addWidget(dialog)
    assert dialog.edit.echoMode() == dialog.edit.EchoMode.Password
    assert (dialog.ok_button.text(), dialog.cancel_button.text()) == ("นำเข้า", "ยกเลิก")
    assert "v2.kongtun-backup" in dialog.text_label.text()
    assert "ตั้งรหัสผ่านไว้" in dialog.text_label.text()
    assert dialog.fund_label.text() == "กองทุนหมู่บ้านโนนสูง"


def test_the_screen_reopens_the_last_network_book(qtbot, backups, tmp_path: Path,
                                                  _config_dir: Path) -> None:  # noqa: ANN001
    target = tmp_path / "tambon.kongtun-network"
    first = _view(qtbot, target)
    first.import_files([backups["plain"]])
    _wait(qtbot)
    first.book.close()  # type: ignore[union-attr]
    saved = json.loads((_config_dir / "config.json").read_text(encoding="utf-8"))
    assert saved["last_network"] == str(target.resolve())

    again = _view(qtbot)  # a new screen, as in the next session
    assert again.book is not None and again.book_edit.text() == str(target)
    assert again.model.rowCount() == 1 and again.import_button.isEnabled()
    again.book.close()


def test_a_book_no_longer_there_is_not_made_again(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    gone = tmp_path / "gone.kongtun-network"
    config.save_config(config.AppConfig(last_network=str(gone)))
    view = _view(qtbot)
    assert view.book is None and not gone.exists() and not view.import_button.isEnabled()


def test_a_url_is_remembered_without_its_password() -> None:
    kept = settings_target("postgresql://coord:lub-mak@db.amphoe.local:5432/tambon")
    assert kept == "postgresql://coord@db.amphoe.local:5432/tambon"
    cfg = config.AppConfig(last_network=kept)
    assert cfg.last_network_target() == kept  # a URL is offered even with no file


def test_the_headers_are_readable_before_a_book_is_open(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("KONGTUN_CONFIG_DIR", str(tmp_path / "config"))
    view = CoordinatorView()
    qtbot.addWidget(view)
    header = view.table.horizontalHeader()
    assert view.model.rowCount() == 0
    for column in range(view.model.columnCount()):
        assert view.table.columnWidth(column) >= header.sectionSizeHint(column)
