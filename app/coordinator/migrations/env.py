"""Alembic environment of the coordinator's network book (SQLite or PostgreSQL)."""

from __future__ import annotations

from alembic import context

from app.coordinator.db import VERSION_TABLE
from app.coordinator.models import CoordBase

config = context.config
target_metadata = CoordBase.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table=VERSION_TABLE,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
