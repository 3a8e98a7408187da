"""Importing record files: each file is checked whole, then written in one transaction, or
rejected whole with every problem listed (file, patient, field)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from coordinator.problems import InvalidRecord, Problem
from coordinator.records.record_io import parse_records
from coordinator.records.validation import validate_patient
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


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """A bulk import builds millions of small objects that all live until it ends; the cyclic
    collector would rescan them again and again (the import grows superlinear). Reference
    counting still frees everything that is let go."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _DryRun(Exception):
    """Leaves the transaction of a dry run so that it rolls back."""


def import_records(registry: Registry, data: bytes | str, source: str, actor: str, *,
                   update: bool = False, dry_run: bool = False) -> ImportOutcome:
    """Import one record file. With `update`, patients already present are replaced (audited);
    without, a registry number already present rejects the file. A dry run checks everything
    the import would, writes it in a transaction and rolls that back."""
    reason = f"import {source}"
    with paused_garbage_collection():
        patients, problems = parse_records(data, source)
        if problems or update:
            # Report the clinical problems of the sound patients too, so one pass shows everything.
            problems += [problem.located(source=source) for patient in patients
                         for problem in validate_patient(patient)]
        if problems:
            return ImportOutcome(source, 0, problems)
        try:
            with registry.writing() as session:
                repository = PatientRepository(session, actor)
                if update:
                    clashes = repository.subject_number_clashes(patients)  # all of them, not the first
                    if clashes:
                        raise SubjectNumberTaken(clashes)
                    for patient in patients:
                        repository.save(patient, reason=reason)
                else:
                    repository.add(patients, reason=reason)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except InvalidRecord as error:
            return ImportOutcome(source, 0, [problem.located(source=source) for problem in error.problems])
        except PatientExists as error:
            return ImportOutcome(source, 0, [
                Problem("already in the registry (use --update to replace it)", "registry_no", number, source)
                for number in error.registry_numbers])
        except SubjectNumberTaken as error:
            return ImportOutcome(source, 0, [
                Problem(clash.message, f"studies[{clash.index}].subject_no", clash.registry_no, source)
                for clash in error.clashes] or [Problem(str(error), source=source)])
    return ImportOutcome(source, len(patients))
