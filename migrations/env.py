"""Alembic environment for fund files: batch mode (SQLite) and our naming convention."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from app.models import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is None:  # developer running the alembic command line
        from app.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url").removeprefix("sqlite:///"))
    return engine


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
