"""The ops runner: success, domain failure in Thai, unexpected failure logged, cancel."""

from __future__ import annotations

import threading

from app.errors import InvalidInput
from app.ui import errors
from app.ui.ops import OpCancelled, run_op


def test_success_calls_on_success_with_the_result(qtbot) -> None:
    results = []
    threads = []

    def work() -> int:
        threads.append(threading.current_thread().name)
        return 42

    op = run_op(None, work, on_success=results.append, label="x")
    qtbot.waitUntil(lambda: op.is_finished)
    assert results == [42]
    assert threads[0].startswith("kongtun-op")


def test_a_domain_error_shows_its_thai_message(qtbot, shown_errors) -> None:
    def work() -> None:
        raise InvalidInput("Please type a date.")

    results = []
    op = run_op(None, work, on_success=results.append, label="x")
    qtbot.waitUntil(lambda: op.is_finished)
    assert shown_errors == ["กรุณาใส่วันที่"]
    assert results == []


def test_an_unexpected_error_is_logged_and_explained(qtbot, shown_errors) -> None:
    def work() -> None:
        raise ZeroDivisionError("boom")

    op = run_op(None, work, on_success=lambda _r: None, label="x")
    qtbot.waitUntil(lambda: op.is_finished)
    assert len(shown_errors) == 1
    assert "เกิดข้อผิดพลาดที่ไม่คาดคิด" in shown_errors[0]
    log = errors.log_path()
    assert str(log) in shown_errors[0]
    text = log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: boom" in text and "Traceback" in text


def test_cancel_stops_an_op_that_reports_progress(qtbot, shown_errors) -> None:
    started = threading.Event()
    release = threading.Event()
    outcome = []

    def work(progress) -> str:  # noqa: ANN001
        started.set()
        release.wait(5)
        for i in range(10):
            progress(i, 10)
        return "finished"

    op = run_op(None, work, on_success=outcome.append, label="x",
                on_cancel=lambda: outcome.append("cancelled"))
    assert started.wait(5)
    op.cancel()
    release.set()
    qtbot.waitUntil(lambda: op.is_finished)
    assert outcome == ["cancelled"]
    assert shown_errors == []


def test_ops_run_one_at_a_time_in_order(qtbot) -> None:
    order = []
    ops = [run_op(None, lambda i=i: order.append(i) or i, on_success=lambda _r: None, label="x")
           for i in range(5)]
    qtbot.waitUntil(lambda: all(op.is_finished for op in ops))
    assert order == [0, 1, 2, 3, 4]


def test_op_cancelled_is_an_exception() -> None:
    assert issubclass(OpCancelled, Exception)


def test_an_exception_escaping_a_slot_reaches_the_error_dialog(monkeypatch, shown_errors) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    errors.install_excepthook()
    try:
        raise InvalidInput("Please type an amount.")
    except InvalidInput as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown_errors == ["กรุณาใส่จำนวนเงิน"]
