"""Alembic environment: runs on the engine handed over by db.engine (no alembic.ini needed)."""

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables for autogenerate)

config = context.config
engine = config.attributes["engine"]
sqlite = engine.dialect.name == "sqlite"
MIGRATION_LOCK = 0x7472_6961_6C64  # any fixed number ("triald" in ASCII): the PostgreSQL advisory lock key


def _foreign_keys(connection, on: bool) -> None:
    # SQLite alters a table by copying it and dropping the original; with foreign keys on,
    # that drop would cascade and delete every child row. The pragma only takes effect
    # outside a transaction, so it goes straight to the driver connection.
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


with engine.connect() as connection:
    if sqlite:
        _foreign_keys(connection, False)
    context.configure(connection=connection, target_metadata=SQLModel.metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        if engine.dialect.name == "postgresql":
            # Workstations opening the registry at the same moment upgrade it one after the
            # other (held to commit); the others then find it up to date. (SQLite has one writer.)
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left {len(broken)} rows with broken references")
    connection.commit()
    if sqlite:
        _foreign_keys(connection, True)
