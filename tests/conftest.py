"""Shared fixtures: a fresh fund per test, copied from a template made once per run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import i18n  # noqa: E402
from app.db import FundDb, open_fund  # noqa: E402
from app.services.fund import NewFund, create_fund  # noqa: E402

WORKING_DATE = dt.date(2025, 1, 15)  # 15 ม.ค. 2568
SAMPLE = NewFund(name="กองทุนหมู่บ้านหนองฮะ", code="33-0301", village_no="3", village="หนองฮะ",
                 tambon="ปราสาท", amphoe="ห้วยทับทัน", province="ศรีสะเกษ", fiscal_start_month=1)


@pytest.fixture(autouse=True)
def _thai_by_default():
    """Every test starts in Thai, the program's default language."""
    i18n.set_language("th")
    yield
    i18n.set_language("th")


@pytest.fixture(scope="session")
def fund_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.kongtun"
    create_fund(path, SAMPLE, working_date=WORKING_DATE, lock=False).close()
    return path


@pytest.fixture
def fund_path(fund_template: Path, tmp_path: Path) -> Path:
    """A new fund file (fiscal year 2568 open, working date 15 ม.ค. 2568)."""
    path = tmp_path / "fund.kongtun"
    shutil.copyfile(fund_template, path)
    return path


@pytest.fixture
def fund(fund_path: Path):
    db: FundDb = open_fund(fund_path)
    yield db
    db.close()
