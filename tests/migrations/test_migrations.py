"""Migrations: every revision up and down, no drift from the models, upgrade on open.

Only one revision exists so far; the tests walk the whole history so they keep working
(and keep checking) as revisions are added.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from app import migrate as mig
from app.db import FundDb, make_engine, open_fund, safety_copy, table_names
from app.models import Base
from app.services.balances import trial_balance
from app.services.check import check_fund
from app.services.ledger import LineInput, post_entry, reverse_entry

FUND_TABLES = {"account", "account_month_total", "app_user", "audit_log", "fiscal_year",
               "bank_balance_check", "cash_count",
               "fund", "journal_entry", "journal_line", "period", "setting"}
FUND_TABLES |= {"household", "member", "member_status_change"}  # issue 5: the registry
FUND_TABLES |= {"loan_type", "loan", "loan_guarantor", "loan_event"}  # issue 6: loans
FUND_TABLES |= {"loan_letter", "external_debt"}  # issue 6: follow-up and household debts


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(tmp_path / "scratch.kongtun")
    yield eng
    eng.dispose()


def alembic_scripts():  # noqa: ANN201 - alembic.script.ScriptDirectory
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(mig.alembic_config())


def revisions_oldest_first() -> list[str]:
    return [r.revision for r in reversed(list(alembic_scripts().walk_revisions()))]


def test_the_quick_revision_reader_agrees_with_alembic() -> None:
    """Opening a fund reads revisions without importing Alembic; it must see the same."""
    scripts = alembic_scripts()
    assert mig.head_revision() == scripts.get_current_head()
    assert set(mig._revisions()) == {r.revision for r in scripts.walk_revisions()}
    assert mig._revisions() == {r.revision: r.down_revision for r in scripts.walk_revisions()}
    assert not mig.is_known("ffff9999")


def drift(engine: Engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "render_as_batch": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_from_empty_to_head(engine: Engine) -> None:
    assert mig.current_revision(engine) is None
    mig.upgrade(engine)
    assert mig.current_revision(engine) == mig.head_revision()
    assert table_names(engine) == FUND_TABLES | {"alembic_version"}


def test_the_upgraded_schema_matches_the_models(engine: Engine) -> None:
    mig.upgrade(engine)
    assert drift(engine) == []


def test_the_drift_check_can_see_a_difference(engine: Engine) -> None:
    mig.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE setting ADD COLUMN extra TEXT")
        conn.exec_driver_sql("DROP INDEX ix_journal_line_member_id")
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in drift(engine)}
    assert {"remove_column", "add_index"} <= kinds


def test_every_revision_up_and_down(engine: Engine) -> None:
    revisions = revisions_oldest_first()
    assert revisions[-1] == mig.head_revision()
    for rev in revisions:
        mig.upgrade(engine, rev)
        assert mig.current_revision(engine) == rev
    for rev in reversed([None, *revisions[:-1]]):
        command.downgrade(mig.alembic_config(engine), rev or "base")
        assert mig.current_revision(engine) == rev
    assert table_names(engine) <= {"alembic_version"}
    mig.upgrade(engine)
    assert drift(engine) == []


def test_revision_helpers(engine: Engine) -> None:
    head = mig.head_revision()
    assert mig.is_known(head) and mig.is_head(head)
    assert not mig.is_known("ffff9999")
    assert not mig.is_head("ffff9999")
    assert not mig.is_known("")
    for rev in revisions_oldest_first():
        assert mig.is_known(rev)
    assert mig.current_revision(engine) is None
    mig.upgrade(engine)
    assert mig.current_revision(engine) == head


def _post_some(db: FundDb) -> None:
    with db.write() as s:
        e = post_entry(s, kind="receipt", date=dt.date(2025, 1, 15), description="รับเงินจัดสรร",
                       user="bookkeeper", lines=(LineInput("11020", debit=Decimal("500000")),
                                                 LineInput("31010", credit=Decimal("500000"))))
        post_entry(s, kind="payment", date=dt.date(2025, 1, 20), description="ค่าเบี้ยประชุม",
                   user="bookkeeper", lines=(LineInput("51020", debit=Decimal("1200")),
                                             LineInput("11020", credit=Decimal("1200"))))
        reverse_entry(s, entry_id=e.id, date=dt.date(2025, 1, 21), reason="ผิดบัญชี",
                      user="bookkeeper")


def test_a_safety_copy_is_a_sound_copy_of_the_fund(fund: FundDb, tmp_path: Path) -> None:
    _post_some(fund)
    with fund.read() as s:
        before = trial_balance(s, as_of=dt.date(2025, 12, 31))
    copy = safety_copy(fund.engine, tmp_path / "copy.kongtun")
    assert copy == tmp_path / "copy.kongtun"
    assert not (tmp_path / "copy.kongtun.tmp").exists()
    with open_fund(copy) as db:
        with db.read() as s:
            assert trial_balance(s, as_of=dt.date(2025, 12, 31)) == before
        assert check_fund(db) == []


def test_open_makes_a_safety_copy_before_upgrading(
        fund_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_fund(fund_path) as db:
        _post_some(db)
        with db.read() as s:
            before = trial_balance(s, as_of=dt.date(2025, 12, 31))
    rev = mig.head_revision()
    # With a single revision no real file is behind; pretend this one is.
    monkeypatch.setattr(mig, "is_head", lambda revision: False)
    upgraded: list[str] = []
    real_upgrade = mig.upgrade
    monkeypatch.setattr(mig, "upgrade", lambda eng, revision="head": (
        upgraded.append(revision), real_upgrade(eng, revision)))
    open_fund(fund_path).close()
    copy = fund_path.with_name(f"fund.before-upgrade-{rev}.kongtun")
    assert upgraded == ["head"]
    assert copy.exists()
    monkeypatch.undo()
    with open_fund(copy) as db:
        with db.read() as s:
            assert trial_balance(s, as_of=dt.date(2025, 12, 31)) == before
        assert check_fund(db) == []
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(rev,)]
    conn.close()


def test_open_without_migrate_leaves_the_file_alone(
        fund_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mig, "is_head", lambda revision: False)
    open_fund(fund_path, migrate=False).close()
    assert not list(fund_path.parent.glob("*before-upgrade*"))
