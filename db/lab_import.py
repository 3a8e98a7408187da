"""The hospital's data into the registry: one file (a LIS export, HL7 v2 messages, a FHIR
Bundle) is read, each item matched to its patient and mapped onto the vocabulary, checked
against what the registry already holds, and then written in one transaction, or not at all.

Every row gets a status (ready, duplicate, not needed, skipped, unmapped, problem); any unmapped
or problem row rejects the file, with each one listed by file, row, field and value. A dry run
(and the window's preview) plans the same way inside a read-only session."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from coordinator.intake.formats import SourceFormat, read_source
from coordinator.intake.incoming import Incoming, IncomingPatient, PatientIds, UnreadableSource
from coordinator.intake.lab_names import fold
from coordinator.intake.mapper import MappedResult, Mapper, PatientContext, Status
from coordinator.intake.site_mapping import SiteMapping
from coordinator.phrase import Phrase
from coordinator.problems import Problem
from coordinator.records.record import Part, Patient
from coordinator.records.units import to_canonical
from coordinator.records.validation import validate_patient
from coordinator.records.vocabulary import vocabulary
from db.audit import AuditLog, utc_now
from db.bulk import bulk_insert
from coordinator.gc_pause import cyclic_gc_paused
from db.models import SECTION_TABLES, ObservationRow, PatientRow
from db.patients import PatientRepository, _child_columns, _child_row
from db.registry import Registry

PROGRESS_EVERY = 2000  # rows between progress reports
WRITE_EVERY = 5000  # ready rows written at a time
ALREADY_THERE = Phrase("already in the registry (or earlier in the file)")
Progress = Callable[[int, str], None]  # rows read so far, what is being done


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One row of the preview: what it is, for whom, and what will happen to it."""

    where: str
    patient: str                 # the registry number matched, else the source's identifier
    mapped: MappedResult
    as_written: str = ""         # the value as the source wrote it (shown even when it does not map)

    @property
    def status(self) -> Status:
        return self.mapped.status


@dataclass
class LabImportOutcome:
    source: str
    format: str
    dry_run: bool = False
    imported: int = 0                                            # written (or, dry run, would be)
    counted: str = "items"                                       # what `imported` counts: items or patients
    duplicates: int = 0
    created_patients: list[str] = field(default_factory=list)
    not_needed: Counter[str] = field(default_factory=Counter)   # source name -> rows
    skipped: list[Problem] = field(default_factory=list)        # withdrawn or not final at the source
    unmapped: Counter[str] = field(default_factory=Counter)     # "test 'X'" / "unit 'u' (code)" -> rows
    problems: list[Problem] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)        # kept only when asked (the preview)

    @property
    def accepted(self) -> bool:
        return not self.problems and not self.unmapped

    def as_json(self) -> dict:
        return {
            "file": self.source, "format": self.format, "dry_run": self.dry_run, "accepted": self.accepted,
            "imported": self.imported if self.accepted and not self.dry_run else 0, "ready": self.imported,
            "counted": self.counted,
            "duplicates_skipped": self.duplicates, "created_patients": self.created_patients,
            "not_needed": dict(sorted(self.not_needed.items())),
            "skipped": [_problem_json(p) for p in self.skipped],
            "unmapped": [{"name": name, "rows": rows} for name, rows in sorted(self.unmapped.items())],
            "problems": [_problem_json(p) for p in self.problems],
        }


def _problem_json(problem: Problem) -> dict:
    return {"where": problem.field, "patient": problem.patient, "message": problem.message}


class _Rejected(Exception):
    """Leaves the write transaction so that it rolls back."""


@dataclass
class _Known:
    """The registry's results of one patient, by (code, date, time), as comparable values."""

    patient_id: int
    context: PatientContext
    results: dict[tuple, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    others: dict[tuple, list[Part]] = field(default_factory=lambda: defaultdict(list))


def _comparable(part) -> tuple:
    """A result's value in the canonical unit (88.4 umol/L == 1 mg/dL), or its text."""
    if part.value is not None and part.unit:
        try:
            return (round(to_canonical(part.code, part.value, part.unit), 9), part.text)
        except ValueError:
            pass
    return (part.value, part.text)


def _other_key(section: str, part) -> tuple:
    if section == "medications":
        return (part.drug, part.start)
    if section == "diagnoses":
        return (part.code,)
    return (part.code, part.onset)


def _without_note(part) -> dict:
    return {name: value for name, value in part.__dict__.items() if name != "note"}


# Built once, run for every patient a file names: only the values change.
_PATIENT = (PatientRow.id, PatientRow.registry_no, PatientRow.name, PatientRow.sex, PatientRow.birth_date,
            PatientRow.record_no)
_PATIENT_BY_REGISTRY_NO = select(*_PATIENT).where(PatientRow.registry_no == bindparam("value"))
_PATIENT_BY_RECORD_NO = select(*_PATIENT).where(PatientRow.record_no == bindparam("value")).limit(2)
_PATIENT_BY_RECORD_NO_END = select(*_PATIENT).where(PatientRow.record_no.like(bindparam("value")))
_RESULTS_OF = select(ObservationRow.code, ObservationRow.date, ObservationRow.time, ObservationRow.value,
                     ObservationRow.unit, ObservationRow.text).where(ObservationRow.patient_id == bindparam("patient_id"))
# Other items as plain rows (attribute access by field name, as the duplicate checks read them).
_OTHERS_OF = {section: select(*SECTION_TABLES[section].__table__.columns).where(
    SECTION_TABLES[section].__table__.c.patient_id == bindparam("patient_id"))
    for section in ("medications", "diagnoses", "conditions")}


class _Planner:
    def __init__(self, session: Session, outcome: LabImportOutcome, mapper: Mapper, *, keep_rows: bool, actor: str):
        self.session = session
        self.outcome = outcome
        self.mapper = mapper
        self.keep_rows = keep_rows
        self.actor = actor
        self.patients: dict[tuple[str, str], _Known | None] = {}
        self.by_id: dict[int, _Known] = {}
        self.ready: list[tuple[_Known, str, Part, str]] = []   # (patient, section, part, where)
        self.names: dict[int, str] = {}                          # patient id -> the registry's name

    # -- patients -------------------------------------------------------------------------------
    def patient(self, ids: PatientIds) -> _Known | None:
        key = (ids.registry_no, ids.record_no)
        if key not in self.patients:
            self.patients[key] = self._find(ids)
        known = self.patients[key]
        if known is not None and ids.name and not _same_name(ids.name, self.names[known.patient_id]):
            raise _NameMismatch(known.context.registry_no)
        return known

    def _find(self, ids: PatientIds) -> _Known | None:
        execute = self.session.execute
        rows = []
        if ids.registry_no:
            rows = list(execute(_PATIENT_BY_REGISTRY_NO, {"value": ids.registry_no}))
        if not rows and ids.record_no:
            rows = list(execute(_PATIENT_BY_RECORD_NO, {"value": ids.record_no}))
        if not rows and ids.record_no.isdigit():
            # A spreadsheet that stored the record number as a number lost its leading zeros.
            rows = [row for row in execute(_PATIENT_BY_RECORD_NO_END, {"value": f"%{ids.record_no}"})
                    if row.record_no and row.record_no.lstrip("0") == ids.record_no.lstrip("0")][:2]
        if len(rows) != 1:
            if len(rows) > 1:
                raise _SharedRecordNumber(ids.record_no)
            return None
        row = rows[0]
        if row.id in self.by_id:
            return self.by_id[row.id]
        known = _Known(row.id, PatientContext(row.registry_no, row.sex, row.birth_date))
        self.names[row.id] = row.name
        for code, date, time, value, unit, text in execute(_RESULTS_OF, {"patient_id": row.id}):
            known.results[(code, date, time)].append(_comparable(_Values(code, value, unit, text)))
        for section, statement in _OTHERS_OF.items():
            for child in execute(statement, {"patient_id": row.id}):
                known.others[(section, *_other_key(section, child))].append(child)
        self.by_id[row.id] = known
        return known

    def create(self, patients: list[IncomingPatient]) -> None:
        """FHIR Patient resources not yet in the registry become patients (when asked for)."""
        new: list[Patient] = []
        for incoming in patients:
            ids = incoming.ids
            if self._find(ids) is not None:
                continue
            self.patients.pop((ids.registry_no, ids.record_no), None)
            missing = [name for name, value in (("name", ids.name), ("gender", incoming.sex),
                                                ("birthDate", incoming.birth_date),
                                                ("identifier", ids.registry_no or ids.record_no)) if not value]
            if missing:
                self.problem(incoming.where, "patient", str(ids),
                             Phrase("cannot create the patient: no {missing} in the Patient resource",
                                    missing=", ".join(missing)))
                continue
            try:
                patient = Patient(registry_no=ids.registry_no or ids.record_no, name=ids.name, sex=incoming.sex,
                                  birth_date=incoming.birth_date, record_no=ids.record_no or None)
            except ValueError as error:
                self.problem(incoming.where, "patient", str(ids), Phrase("cannot create the patient: {error}",
                                                                          error=str(error)))
                continue
            problems = validate_patient(patient, self.mapper.today)
            for problem in problems:
                self.problem(incoming.where, problem.field, patient.registry_no, problem.message)
            if not problems:
                new.append(patient)
        if new and not self.outcome.problems:
            PatientRepository(self.session, self.actor).add(new, reason=f"import {self.outcome.source}")
            self.outcome.created_patients = [patient.registry_no for patient in new]

    # -- rows ------------------------------------------------------------------------------------
    def problem(self, where: str, what: str, patient: str, message: str) -> None:
        self.outcome.problems.append(Problem(message, f"{where}, {what}" if what else where, patient,
                                             self.outcome.source))

    def plan(self, item: Incoming) -> None:
        try:
            known = self.patient(item.patient)
        except _NameMismatch as mismatch:
            mapped = MappedResult(item.where, Status.PROBLEM, _name_of(item), message=Phrase(
                "the name in the file ({name}) is not the registry's name for patient {registry_no}: is it the "
                "right patient?", name=item.patient.name, registry_no=mismatch.registry_no), field="patient")
            return self.record(mapped, mismatch.registry_no, item.as_written)
        except _SharedRecordNumber as shared:
            mapped = MappedResult(item.where, Status.PROBLEM, _name_of(item), message=Phrase(
                "record number {record_no} belongs to more than one patient in the registry; give the registry "
                "number", record_no=shared.record_no), field="patient")
            return self.record(mapped, shared.record_no, item.as_written)
        mapped = self.mapper.map_item(item, known.context if known else None)
        patient = known.context.registry_no if known else str(item.patient)
        if mapped.status is Status.READY and known is not None and mapped.part is not None:
            mapped = self._against_known(known, mapped)
            if mapped.status is Status.READY:
                self.ready.append((known, mapped.section, mapped.part, item.where))
        self.record(mapped, patient, item.as_written)

    def _against_known(self, known: _Known, mapped: MappedResult) -> MappedResult:
        part = mapped.part
        if mapped.section == "observations":
            key = (part.code, part.date, part.time)
            value = _comparable(part)
            earlier = known.results.get(key, [])
            if value in earlier:
                return mapped.but(Status.DUPLICATE, ALREADY_THERE)
            if earlier:
                shown = ", ".join(_shown(v, part.code) for v in earlier)
                when = f"{part.date} {part.time or ''}".strip()
                return mapped.but(Status.PROBLEM, Phrase(
                    "contradicts the result already recorded for {when} ({shown}); correct one of them first",
                    when=when, shown=shown), "result")
            known.results[key].append(value)
            return mapped
        key = (mapped.section, *_other_key(mapped.section, part))
        earlier_parts = known.others.get(key, [])
        if mapped.section == "diagnoses" and earlier_parts:
            return mapped.but(Status.DUPLICATE, Phrase("this diagnosis is already recorded"))
        wanted = _without_note(part)
        for earlier_part in earlier_parts:
            if {name: getattr(earlier_part, name) for name in wanted} == wanted:
                return mapped.but(Status.DUPLICATE, ALREADY_THERE)
        if earlier_parts:
            return mapped.but(Status.PROBLEM, Phrase("contradicts what is already recorded for the same start; "
                                                     "correct one of them first"), "result")
        known.others[key].append(part)
        return mapped

    def record(self, mapped: MappedResult, patient: str, as_written: str = "") -> None:
        outcome = self.outcome
        if self.keep_rows:
            outcome.rows.append(PlannedRow(mapped.where, patient, mapped, as_written))
        status = mapped.status
        if status is Status.READY:
            outcome.imported += 1
        elif status is Status.DUPLICATE:
            outcome.duplicates += 1
        elif status is Status.NOT_NEEDED:
            outcome.not_needed[mapped.source_name] += 1
        elif status is Status.SKIPPED:
            outcome.skipped.append(Problem(mapped.message, mapped.where, patient, outcome.source))
        elif status is Status.UNMAPPED:
            name = (f"unit '{mapped.unit}' ({mapped.code})" if mapped.field == "unit"
                    else f"{'drug' if mapped.section == 'medications' else 'test'} '{mapped.source_name}'")
            outcome.unmapped[name] += 1
            self.problem(mapped.where, mapped.field, patient, mapped.message)
        else:
            self.problem(mapped.where, mapped.field, patient, mapped.message)

    # -- writing ---------------------------------------------------------------------------------
    def write(self) -> None:
        audit = AuditLog(self.session, self.actor)
        by_section: dict[str, list[list]] = defaultdict(list)
        for known, section, part, where in self.ready:
            by_section[section].append(_child_row(section, part, known.patient_id))
            audit.record("add", section, patient_ref=known.context.registry_no, new=part,
                         reason=f"import {self.outcome.source} {where}")
        for section, rows in by_section.items():
            bulk_insert(self.session, SECTION_TABLES[section].__table__, _child_columns(section), rows)
        touched = sorted({known.patient_id for known, *_ in self.ready})
        for start in range(0, len(touched), 500):
            self.session.execute(update(PatientRow).where(PatientRow.id.in_(touched[start:start + 500]))
                                 .values(updated_at=utc_now()))
        audit.flush()
        self.ready.clear()


@dataclass(frozen=True)
class _Values:
    code: str
    value: float | None
    unit: str | None
    text: str | None


class _NameMismatch(Exception):
    def __init__(self, registry_no: str):
        self.registry_no = registry_no


class _SharedRecordNumber(Exception):
    def __init__(self, record_no: str):
        self.record_no = record_no


def _same_name(in_file: str, in_registry: str) -> bool:
    """Names compared as written, spaces and width aside; names in another script (pinyin in an
    HL7 message, Chinese in the registry) are not compared."""
    a, b = fold(in_file), fold(in_registry)
    if a.isascii() != b.isascii():
        return True
    return a == b


def _name_of(item: Incoming) -> str:
    return getattr(item, "source_name", None) or getattr(item, "drug_name", None) or getattr(item, "name", "")


def _shown(value: tuple, code: str) -> str:
    number, text = value
    if number is None:
        return str(text)
    return f"{number:g} {vocabulary().observations[code].canonical or ''}".strip()


@contextmanager
def _session(registry: Registry, dry_run: bool) -> Iterator[Session]:
    if dry_run:
        with registry.reading() as session:
            yield session
    else:
        with registry.writing() as session:
            yield session


def import_hospital_file(registry: Registry, stream: BinaryIO, source: str, actor: str, *,
                         kind: SourceFormat, site: SiteMapping | None = None, encoding: str | None = None,
                         dry_run: bool = False, create_patients: bool = False, keep_rows: bool = False,
                         progress: Progress | None = None, today: dt.date | None = None) -> LabImportOutcome:
    """Plan one file and, unless `dry_run` or anything blocks, write it in one transaction."""
    outcome = LabImportOutcome(source, str(kind), dry_run)
    mapper = Mapper(site, today=today)
    try:
        with cyclic_gc_paused(), _session(registry, dry_run) as session:
            planner = _Planner(session, outcome, mapper, keep_rows=keep_rows, actor=actor)
            content = read_source(stream, kind, site, encoding)
            for where, message in content.unreadable:
                planner.problem(where, "", "", message)
            if create_patients and content.patients:
                planner.create(content.patients)
            for count, item in enumerate(content.items, start=1):
                planner.plan(item)
                if len(planner.ready) >= WRITE_EVERY:
                    # Written inside the file's transaction, which rolls back if a later row is a
                    # problem: memory stays bounded and nothing is kept of a rejected file.
                    if outcome.accepted and not dry_run:
                        planner.write()
                    planner.ready.clear()
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count, source)
            if outcome.accepted and not dry_run:
                planner.write()
            elif not dry_run:
                raise _Rejected
    except _Rejected:
        pass
    except UnreadableSource as error:
        outcome.problems.append(Problem(str(error), source=source))
    if not outcome.accepted and not dry_run:
        outcome.created_patients = []  # rolled back with the rest
    return outcome
