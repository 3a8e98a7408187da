"""Fast bulk inserts of child rows (observations and the like) for large imports.

On SQLite the rows go straight to the driver: SQLAlchemy's per-row parameter processing
costs more than SQLite's own work on a bulk import. Other databases use a Core insert.
Only plain column types are handled on the fast path; anything else is refused loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Table, Text, Time, TypeDecorator, insert
from sqlmodel import Session


def _sqlite_adapter(column):
    """How a value of `column` is handed to the sqlite3 driver, or None when as it is."""
    kind = column.type
    if isinstance(kind, TypeDecorator):  # e.g. SQLModel's AutoString wraps a String
        kind = kind.impl_instance
    if isinstance(kind, Date):
        return dt.date.isoformat  # SQLAlchemy's own storage format for dates on SQLite
    if isinstance(kind, Time):
        return _sqlite_time
    if isinstance(kind, Boolean):
        return int
    if isinstance(kind, (Integer, Float, String, Text)):
        return None
    raise TypeError(f"bulk insert has no fast path for column {column.name} of type {kind!r}")


def _sqlite_time(value: dt.time) -> str:
    return value.strftime("%H:%M:%S.%f")  # SQLAlchemy's own storage format for times on SQLite


def bulk_insert(session: Session, table: Table, columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Insert `rows` (lists of values in `columns` order) within the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, row)) for row in rows])
        return
    adapters = [(index, adapter) for index, name in enumerate(columns)
                if (adapter := _sqlite_adapter(table.columns[name])) is not None]
    for row in rows:
        for index, adapter in adapters:
            if row[index] is not None:
                row[index] = adapter(row[index])
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', list(map(tuple, rows)))
