"""A registry cut into parts for a pre-screen that reads and screens them in parallel
(`coordinator.screening.prescreen.prescreen_parts`): each part a range of registry numbers,
read in its own forked process through a connection of its own."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator

from coordinator.records.record import Patient
from coordinator.screening.reads import ScreeningReads
from db.patients import PatientRepository
from db.registry import Registry


def screening_parts(registry: Registry, actor: str, reads: ScreeningReads | None, on: dt.date, parts: int,
                    include_archived: bool = False) -> list[Callable[[], Iterator[Patient]]]:
    """`parts` functions (fewer for a small registry), each giving one range of the patients as
    `PatientRepository.iter_for_screening` reads them. Each is meant to run in a forked child:
    it first drops the connections the child inherited (they are the parent's to use)."""
    with registry.reading() as session:
        cuts = PatientRepository(session, actor).screening_boundaries(parts, include_archived)
    ranges = list(zip(["", *cuts], [*cuts, None]))
    parent = os.getpid()

    def part(after: str, until: str | None) -> Iterator[Patient]:
        if os.getpid() != parent:  # in a forked child: connections of its own, the parent's left alone
            registry.engine.dispose(close=False)
        with registry.reading() as session:
            yield from PatientRepository(session, actor).iter_for_screening(reads, on, include_archived,
                                                                           after=after, until=until)

    return [lambda after=after, until=until: part(after, until) for after, until in ranges]
