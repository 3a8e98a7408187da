"""Alembic environment: runs on the engine handed over by db.engine (no alembic.ini needed)."""

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables for autogenerate)

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=SQLModel.metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
