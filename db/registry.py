"""An opened registry: engine, up-to-date schema, and read / write sessions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db.engine import make_engine, resolve_url, upgrade
from db.models import RegistryInfo

REAL, DEMO = "real", "demo"


class RegistryKindError(RuntimeError):
    """Demo data must never be mixed into a real registry, nor the reverse."""


class Registry:
    def __init__(self, url: str, engine: Engine):
        self.url = url
        self.engine = engine
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        # where the copy made before this opening migrated the schema is (None: no migration)
        self.upgrade_backup: Path | None = None

    @classmethod
    def open(cls, path_or_url: str | os.PathLike | None = None, *, kind: str | None = None) -> Registry:
        """Open a registry, creating or upgrading it as needed. A new registry is made of
        `kind` (real by default); an existing one must be of `kind` when one is given."""
        url = resolve_url(path_or_url)
        engine = make_engine(url)
        backup = upgrade(engine)
        registry = cls(url, engine)
        registry.upgrade_backup = backup
        try:
            registry._settle_kind(kind)
        except IntegrityError:
            # Another workstation made this registry at the same moment (on PostgreSQL both
            # found no kind); its row stands, and this one must agree with it.
            registry._settle_kind(kind)
        return registry

    def _settle_kind(self, kind: str | None) -> None:
        with self.writing() as session:
            info = session.get(RegistryInfo, "kind")
            if info is None:
                session.add(RegistryInfo(key="kind", value=kind or REAL))
            elif kind is not None and info.value != kind:
                self.engine.dispose()
                raise RegistryKindError(
                    f"{self.location} is a {info.value} registry; refusing to open it as {kind}")

    @property
    def location(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def kind(self) -> str:
        with self.reading() as session:
            return session.execute(select(RegistryInfo.value).where(RegistryInfo.key == "kind")).scalar_one()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole on any error."""
        with Session(self._writer) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
