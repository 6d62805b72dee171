"""The coordinator screen: open a network book, import backups, see the villages and the
chart, write the consolidated report; a refused file is one clear Thai line."""

from __future__ import annotations

from pathlib import Path

from app.ui import ops
from app.ui.coordinator_view import CoordinatorView


def _wait(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not ops._running, timeout=30_000)


def test_import_show_and_report(qtbot, backups, tmp_path: Path) -> None:
    view = CoordinatorView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    assert not view.import_button.isEnabled()
    view.open_book(tmp_path / "tambon.kongtun-network")
    _wait(qtbot)
    assert view.book is not None and view.import_button.isEnabled()
    junk = tmp_path / "junk.kongtun-backup"
    junk.write_bytes(b"junk")
    view.import_files([backups[1], backups[2], backups[3], junk])
    _wait(qtbot)
    assert [r.status for r in view.last_results] == ["ok", "ok", "ok", "refused"]
    assert "ไม่ใช่ไฟล์สำรองข้อมูล" in view.message.text()
    assert view.model.rowCount() == 3
    headers = [c.title for c in view.model.columns]
    assert "เงินกู้คงเหลือ" in headers and "สำรองข้อมูลล่าสุด" in headers
    solid = [s for s in view.chart.series if not s.dashed]  # cash and bank; dashed: loans
    assert len(solid) == 3 and view.chart.months()
    view.table.selectRow(1)
    assert len([s for s in view.chart.series if not s.dashed]) == 1
    view.chart.grab()  # paints without error
    out = tmp_path / "tambon.pdf"
    view.write_report(out)
    _wait(qtbot)
    assert out.read_bytes().startswith(b"%PDF") and "บันทึกไฟล์" in view.message.text()
    view.book.close()


def test_the_main_window_has_the_coordinator_screen(qtbot, fund) -> None:
    from app.ui.context import FundContext
    from app.ui.main_window import MainWindow

    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[-1] == "ผู้ประสานงาน"
    assert isinstance(window.show_screen("coordinator"), CoordinatorView)
