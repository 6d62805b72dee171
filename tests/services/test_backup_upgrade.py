"""Before a schema upgrade, opening a fund puts a rotating backup file into `backups/`
(beside the `.before-upgrade-<rev>` copy): it holds the fund as it was, at the old
revision, verifies in full, restores to the same books, and the rotation keeps the
fund's setting. A failed automatic backup never stops the upgrade."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command

from app import migrate as mig
from app.db import make_engine, open_fund
from app.services import restore
from app.services.backup import read_manifest, verify_backup
from app.services.backup_facts import fund_facts
from app.services.balances import trial_balance
from app.services.fund import set_setting
from app.services.ledger import LineInput, post_entry


def _previous_revision() -> str:
    return mig._revisions()[mig.head_revision()]  # type: ignore[return-value]


def _old_fund(path: Path, *, keep: int | None = None):  # noqa: ANN202 - FundFacts
    """The test fund with two entries, taken back to the revision before the head."""
    with open_fund(path) as db:
        with db.write() as s:
            post_entry(s, kind="receipt", date=dt.date(2025, 1, 15), description="รับเงินจัดสรร",
                       user="bookkeeper", lines=[LineInput("11020", debit=Decimal("500000")),
                                                 LineInput("31010", credit=Decimal("500000"))])
            post_entry(s, kind="payment", date=dt.date(2025, 1, 20), description="ค่าเบี้ยประชุม",
                       user="bookkeeper", lines=[LineInput("51020", debit=Decimal("1200")),
                                                 LineInput("11020", credit=Decimal("1200"))])
            if keep is not None:
                set_setting(s, restore.KEEP_SETTING, str(keep))
        with db.read() as s:
            facts = fund_facts(s)
    engine = make_engine(path)
    command.downgrade(mig.alembic_config(engine), _previous_revision())
    engine.dispose()
    return facts


def _auto(folder: Path) -> list[Path]:
    return sorted(folder.glob("*_auto_*.kongtun-backup"))


def test_opening_an_old_fund_backs_it_up_before_upgrading(fund_path: Path, tmp_path: Path) -> None:
    before = _old_fund(fund_path)
    old = _previous_revision()
    with open_fund(fund_path) as db:  # upgrades
        assert mig.current_revision(db.engine) == mig.head_revision()
    (made,) = _auto(fund_path.parent / "backups")
    assert made.name.startswith("fund_auto_") and made.name.endswith(f"_upgrade-{old}.kongtun-backup")
    assert fund_path.with_name(f"fund.before-upgrade-{old}.kongtun").exists()  # still made too
    info = verify_backup(made)  # everything proven: chain, trial balance, SQLite's check
    assert info.schema_revision == old and info.facts == before
    # restored, it is the fund as it was; opening it upgrades it again, to the same books
    new = tmp_path / "restored" / "again.kongtun"
    restore.restore_backup(made, new)
    with open_fund(new) as db, db.read() as s:
        assert fund_facts(s) == before
        assert trial_balance(s, as_of=dt.date(2025, 1, 31)).total_debit_satang == 500_000_00


def test_the_upgrade_backup_joins_the_rotation(fund_path: Path) -> None:
    folder = fund_path.parent / "backups"
    with open_fund(fund_path) as db:
        with db.write() as s:
            set_setting(s, restore.KEEP_SETTING, "2")
        older = [restore.auto_backup(db, reason="close") for _ in range(2)]
    _old_fund(fund_path, keep=2)
    open_fund(fund_path).close()
    kept = _auto(folder)
    assert len(kept) == 2 and kept[0] == older[1] and "_upgrade-" in kept[1].name
    assert read_manifest(kept[1]).schema_revision == _previous_revision()


def test_a_fund_at_the_head_makes_no_upgrade_backup(fund_path: Path) -> None:
    open_fund(fund_path).close()
    assert not (fund_path.parent / "backups").exists()


def test_a_failed_automatic_backup_does_not_stop_the_upgrade(
        fund_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _old_fund(fund_path)

    def full_disk(*_a, **_k) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restore, "auto_backup", full_disk)
    with open_fund(fund_path) as db:
        assert mig.current_revision(db.engine) == mig.head_revision()
    assert fund_path.with_name(f"fund.before-upgrade-{_previous_revision()}.kongtun").exists()
    assert not _auto(fund_path.parent / "backups")
