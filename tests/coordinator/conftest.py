"""Network books for the coordinator's tests: a SQLite file, and a fresh database on the
PostgreSQL server named by KONGTUN_TEST_PG_URL (scripts/start-postgres.sh starts one).

Without that variable the PostgreSQL tests skip locally, but FAIL when CI=true: CI must
never silently skip them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.coordinator.db import NetworkBook, open_network
from app.db import open_fund
from app.services.backup import create_backup
from app.services.demo import build_demo

PG_ENV = "KONGTUN_TEST_PG_URL"


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """App settings in a temporary folder: the screen remembers its last network book."""
    from app.config import ENV_CONFIG_DIR

    folder = tmp_path / "config"
    monkeypatch.setenv(ENV_CONFIG_DIR, str(folder))
    return folder


def pg_server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true but {PG_ENV} is not set: start PostgreSQL with "
                        "scripts/start-postgres.sh (as .ci/run does)")
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against "
                    "(eval \"$(bash scripts/start-postgres.sh)\" starts one)")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new empty database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from app.coordinator.db import engine_url

    base = pg_server_url()
    name = f"kongtun_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(engine_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    root, _sep, _db = base.rpartition("/")
    yield f"{root}/{name}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def book_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    if request.param == "sqlite":
        return tmp_path / "tambon.kongtun-network"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def book(book_target: str | Path) -> Iterator[NetworkBook]:
    with open_network(book_target) as b:
        yield b


@pytest.fixture(scope="session")
def demo_funds(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Small demo funds (seeds 1, 2, 3 and 7: 7 is the same village as 1, other history)."""
    folder = tmp_path_factory.mktemp("coord-demo")
    out = {}
    for seed in (1, 2, 3, 7):
        out[seed] = folder / f"demo{seed}.kongtun"
        build_demo(out[seed], members=12, years=1, seed=seed)
    return out


@pytest.fixture(scope="session")
def backups(demo_funds: dict[int, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("coord-backups")
    out = {}
    for seed, fund in demo_funds.items():
        with open_fund(fund, lock=False) as db:
            out[seed] = create_backup(db, folder / f"demo{seed}.kongtun-backup").path
    return out


@pytest.fixture
def fund_copy(demo_funds: dict[int, Path], tmp_path: Path):  # noqa: ANN201
    """A function: a private copy of demo fund `seed` (to post more entries into)."""
    def copy(seed: int) -> Path:
        dst = tmp_path / f"copy{seed}.kongtun"
        shutil.copyfile(demo_funds[seed], dst)
        return dst
    return copy
