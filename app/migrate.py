"""Alembic, driven from code: the fund file's schema version and upgrades.

The migration scripts live in `migrations/` beside the `app` package. No
`alembic.ini` is needed at run time; `alembic.ini` at the project root is for
developers running `alembic revision --autogenerate`.

Opening a fund only needs to know which revisions exist and which is the head; that
is read straight from the scripts' `revision`/`down_revision` lines, so Alembic
itself (slow to import) is loaded only when a file must actually be upgraded.
"""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import Engine, inspect, text

from app.db import MIGRATIONS_DIR

_REVISION = re.compile(r"^revision(?::\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?::[^=]+)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def alembic_config(engine: Engine | None = None):  # noqa: ANN201 - alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@cache
def _revisions() -> dict[str, str | None]:
    """revision -> down_revision, for every script in migrations/versions."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            found[rev.group(1)] = down.group(1)
    return found


def head_revision() -> str:
    """The newest revision: the one no other revision builds on."""
    revs = _revisions()
    heads = set(revs) - {d for d in revs.values() if d}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def is_known(revision: str) -> bool:
    return revision in _revisions()


def is_head(revision: str) -> bool:
    return revision == head_revision()


def current_revision(engine: Engine) -> str | None:
    """The file's schema revision, or None when it has no Alembic version table."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
