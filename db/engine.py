"""Where the registry lives and how to open it.

Default: SQLite in the user's data folder (db.location). `--db PATH_OR_URL` or
TRIALDESK_DB choose another file or any SQLAlchemy URL. SQLite runs in WAL mode with
foreign keys on and a busy timeout; the schema is brought to the newest Alembic revision
every time a registry is opened.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError

from db import schema
from db.encryption import connect, driver
from db.location import ENV_VAR, data_folder, default_registry_path
from db.private_files import private_folder, private_registry, tighten

BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(path_or_url: str | os.PathLike | None = None) -> str:
    """An SQLAlchemy URL from a path, a URL, TRIALDESK_DB or the default location."""
    chosen = path_or_url or os.environ.get(ENV_VAR) or default_registry_path()
    text = str(chosen)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    private_folder(path.parent)
    if path.parent == data_folder().resolve():
        tighten(path.parent, 0o700)  # made by an older TrialDesk: readable by every local user
    private_registry(path)
    return f"sqlite:///{path}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control from the sqlite3 module so BEGIN is emitted by us (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Writers ask for IMMEDIATE so two writers queue up instead of failing mid-way.
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine for `url`; for an encrypted SQLite registry, every connection keyed with `key`."""
    if url.startswith("sqlite"):
        if key is None:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)
        else:
            database = Path(make_url(url).database or "")
            engine = create_engine(url, module=driver(True), hide_parameters=True, creator=lambda: connect(
                database, key, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def stored_revision(engine: Engine) -> str | None:
    """The registry's schema revision, None for a new (or pre-Alembic) database."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:  # no such table yet
        return None


def upgrade(engine: Engine, revision: str = "head", key: bytes | None = None) -> Path | None:
    """Bring the schema to `revision`; the backup copy made first when an existing SQLite registry
    was migrated (db.schema). A registry already at the head opens without loading Alembic, a good
    part of the start-up time; one from a newer TrialDesk is refused untouched."""
    stored = stored_revision(engine)
    head = schema.head_revision()
    if revision == "head" and stored == head:
        return None
    schema.refuse_if_newer(stored, engine.url.render_as_string(hide_password=True))
    backup = None
    if stored is not None and revision == "head":
        backup = schema.backup_before_upgrade(engine, stored, head, key)
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
    return backup
