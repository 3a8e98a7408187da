"""Importing record files: each file is read patient by patient and written in one transaction,
or rejected whole with every problem listed (file, patient, field)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO

from coordinator.gc_pause import cyclic_gc_paused
from coordinator.problems import InvalidRecord, Problem
from coordinator.records.record import Patient
from coordinator.records.record_stream import RecordStream
from db.patients import PatientExists, PatientRepository, SubjectNumberTaken
from db.registry import Registry


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems


class _RollBack(Exception):
    """Leaves the file's transaction so that it rolls back (a problem, or a dry run)."""


BATCH = 2000  # patients written at a time: memory stays bounded, the transaction spans the file


def import_records(registry: Registry, data: bytes | str | IO[bytes], source: str, actor: str, *,
                   update: bool = False, dry_run: bool = False) -> ImportOutcome:
    """Import one record file, read patient by patient. With `update`, patients already present
    are replaced (audited); without, a registry number already present rejects the file. The
    file is written in one transaction as it is read and rolled back at its first problem (the
    rest is still read, so that one pass reports every problem); a dry run always rolls back."""
    stream: IO[bytes] = io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data) \
        if isinstance(data, (bytes, str)) else data
    reason = f"import {source}"
    patients = RecordStream(stream, source)
    imported = 0
    registry_problems: list[Problem] = []
    with cyclic_gc_paused():  # a bulk import's millions of small objects
        try:
            with registry.writing() as session:
                repository = PatientRepository(session, actor)
                for batch in patients.batches(BATCH):
                    if patients.problems or registry_problems:
                        continue  # nothing more is written; the rest is only checked
                    registry_problems = _write(repository, batch, reason, update)
                    imported += len(batch)
                if patients.problems or registry_problems or dry_run:
                    raise _RollBack
        except _RollBack:
            pass
        except InvalidRecord as error:
            registry_problems = [problem.located(source=source) for problem in error.problems]
    problems = patients.problems or [problem.located(source=source) for problem in registry_problems]
    return ImportOutcome(source, 0 if problems else imported, problems)


def _write(repository: PatientRepository, batch: list[Patient], reason: str, update: bool) -> list[Problem]:
    """Write one batch; what the registry refuses (a patient already there, a subject number
    taken) as problems, and then nothing of the batch is kept (the whole file rolls back)."""
    try:
        if update:
            clashes = repository.subject_number_clashes(batch)  # all of them, not the first
            if clashes:
                raise SubjectNumberTaken(clashes)
            for patient in batch:
                repository.save(patient, reason=reason)
        else:
            repository.add(batch, reason=reason, validated=True)
    except PatientExists as error:
        return [Problem("already in the registry (use --update to replace it)", "registry_no", number)
                for number in error.registry_numbers]
    except SubjectNumberTaken as error:
        return [Problem(clash.message, f"studies[{clash.index}].subject_no", clash.registry_no)
                for clash in error.clashes] or [Problem(str(error))]
    return []
