"""Opening the network book: a SQLite file by default, PostgreSQL by URL.

`open_network("tambon.kongtun-network")` or `open_network("postgresql://user@host/db")`
returns a `NetworkBook` whose schema is brought up to date by the coordinator's own
Alembic migrations (app/coordinator/migrations, version table
`coordinator_alembic_version`, so it never mixes with a fund file's). A SQLite file
that holds other tables (a fund file given by mistake) is refused, untouched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import FundFileError

VERSION_TABLE = "coordinator_alembic_version"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class NetworkBookError(FundFileError):
    message_id = "Cannot open the network book {target}: {detail}"


class NotANetworkBook(FundFileError):
    message_id = "The file {target} is not a coordinator's network book."


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(_PG_PREFIXES)


def engine_url(target: str | Path) -> str:
    """The SQLAlchemy URL: postgresql+psycopg://... for a URL, sqlite:///abs/path otherwise."""
    if is_url(target):
        rest = str(target).split("://", 1)[1]
        return f"postgresql+psycopg://{rest}"
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI types
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class NetworkBook:
    """An open network book: its engine and units of work (commit on success)."""

    def __init__(self, target: str | Path, engine: Engine) -> None:
        self.target = target
        self.engine = engine

    @property
    def label(self) -> str:
        """The book as shown to people (a URL without its password)."""
        if is_url(self.target):
            return self.engine.url.render_as_string(hide_password=True)
        return str(self.target)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends normally, else rolled back."""
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> NetworkBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_network(target: str | Path) -> NetworkBook:
    """Open (creating when new) the network book and apply its migrations."""
    label = str(target)
    if not is_url(target):
        path = Path(target)
        if path.exists() and not path.is_file():
            raise NotANetworkBook(target=label)
        if path.is_file() and path.stat().st_size and not _looks_sqlite(path):
            raise NotANetworkBook(target=label)
    try:
        engine = create_engine(engine_url(target), future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables and VERSION_TABLE not in tables:
            engine.dispose()
            raise NotANetworkBook(target=label)
        upgrade(engine)
    except NotANetworkBook:
        raise
    except (SQLAlchemyError, OSError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise NetworkBookError(target=label, detail=detail) from None
    return NetworkBook(target, engine)


def settings_target(target: str | Path) -> str:
    """The book as the settings file keeps it: a file's absolute path, or the URL without
    its password (never written to disk; libpq finds it in PGPASSFILE / .pgpass)."""
    if is_url(target):
        from sqlalchemy.engine import URL, make_url

        u = make_url(str(target))
        return URL.create(u.drivername, u.username, None, u.host, u.port, u.database,
                          u.query).render_as_string(hide_password=False)
    return str(Path(target).expanduser().resolve())


def _looks_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def alembic_config(engine: Engine | None = None):  # noqa: ANN201 - alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the book's schema to the newest revision (a no-op when it is there)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
