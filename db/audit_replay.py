"""The audit trail replayed against the rows: what every patient record (with its studies) and
every screening must be, if each change went through TrialDesk, compared with what the registry
holds. A row written with a database editor has no entry behind it: it is named (which record,
which field; never the values, which are patient data), as is a record deleted or added so.

Patients are replayed one at a time in registry-number order (the audit trail's patient index),
so memory stays that of one patient's history whatever the registry's size."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from coordinator.screening.workflow import Actor, Permission, require, screening_label
from db.models import AuditRow, PatientRow, ScreeningDecisionRow, ScreeningRow
from db.patients import SECTION_TABLES, PatientRepository

BATCH = 500
SECTIONS = set(SECTION_TABLES)


@dataclass(frozen=True)
class Difference:
    """A record that is not what its audit history says."""

    kind: str      # "patient" or "screening"
    ref: str       # the registry number or the screening's label
    problem: str   # what differs, in words, without the values

    def __str__(self) -> str:
        return f"{self.kind} {self.ref}: {self.problem}"


@dataclass(frozen=True)
class Replay:
    differences: list[Difference]
    patients: int     # patient records replayed
    screenings: int   # screenings replayed


def replay_audit(session: Session, reader: Actor) -> Replay:
    """Every patient and screening whose rows differ from what the audit trail says was written."""
    require(reader, Permission.READ_AUDIT)
    counted = {"patient": 0, "screening": 0}
    differences = [*_patient_differences(session, counted), *_screening_differences(session, counted)]
    return Replay(differences, counted["patient"], counted["screening"])


def data_differences(session: Session, reader: Actor) -> list[Difference]:
    return replay_audit(session, reader).differences


# -- patients ----------------------------------------------------------------------------------------
def _is_record_entry(entity: str) -> bool:
    return entity in ("patient", "studies") or entity in SECTIONS or entity.startswith(("patient.", "studies["))


def _histories(session: Session) -> Iterator[tuple[str, list[AuditRow]]]:
    query = (select(AuditRow.patient_ref, AuditRow.action, AuditRow.entity, AuditRow.old_value, AuditRow.new_value)
             .where(AuditRow.patient_ref.is_not(None)).order_by(AuditRow.patient_ref, AuditRow.id))
    rows = (row for row in session.execute(query).yield_per(5000) if _is_record_entry(row.entity))
    for ref, entries in groupby(rows, key=lambda row: row.patient_ref):
        yield ref, list(entries)


def _replayed(entries: list) -> tuple[dict | None, list[str]]:
    """The record as its history leaves it (None: never created through TrialDesk), and any
    entry that did not apply (a removal of an item that was not there)."""
    record: dict | None = None
    problems: list[str] = []
    for entry in entries:
        new = json.loads(entry.new_value) if entry.new_value is not None else None
        old = json.loads(entry.old_value) if entry.old_value is not None else None
        if entry.entity == "patient":
            if entry.action == "create":
                record = new
            continue  # an archive is not part of the record
        if record is None:
            problems.append(f"its audit history changes it before creating it ({entry.entity})")
            continue
        target, field = _target(record, entry.entity)
        if target is None:
            problems.append(f"its audit history changes a study it does not hold ({entry.entity})")
        elif entry.action == "update":
            if new is None:
                target.pop(field, None)
            else:
                target[field] = new
        elif entry.action == "add":
            target.setdefault(field, []).append(new)
        elif entry.action == "remove":
            items = target.setdefault(field, [])
            if old in items:
                items.remove(old)
            else:
                problems.append(f"its audit history removes from {entry.entity} an item it does not hold")
    return record, problems


def _target(record: dict, entity: str) -> tuple[dict | None, str]:
    """The dict an entity's entry changes and the key in it: `patient.name` -> (record, name),
    `observations` -> (record, observations), `studies[NCT...].visits` -> (that study, visits)."""
    if entity.startswith("patient."):
        return record, entity.split(".", 1)[1]
    if entity.startswith("studies["):
        trial, _, rest = entity[len("studies["):].partition("].")
        studies = [study for study in record.get("studies", []) if study.get("trial") == trial]
        return (studies[-1] if studies else None), rest
    return record, entity


def _canonical(value: Any) -> Any:
    """Lists compared as multisets: the order of items is the registry's, not the record's."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items() if item is not None and item != []}
    if isinstance(value, list):
        return sorted((_canonical(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _differing_fields(expected: dict, found: dict) -> list[str]:
    expected, found = _canonical(expected), _canonical(found)
    names = sorted(set(expected) | set(found))
    return [name for name in names if expected.get(name) != found.get(name)]


def _patient_differences(session: Session, counted: dict[str, int]) -> Iterator[Difference]:
    repository = PatientRepository(session, "audit")
    seen: set[str] = set()
    histories = _histories(session)
    while True:
        chunk = [pair for _, pair in zip(range(BATCH), histories)]
        if not chunk:
            break
        current = {patient.registry_no: patient for patient in repository.load_by_registry_numbers(
            [ref for ref, _ in chunk])}
        counted["patient"] += len(chunk)
        for ref, entries in chunk:
            seen.add(ref)
            expected, problems = _replayed(entries)
            for problem in problems:
                yield Difference("patient", ref, problem)
            patient = current.get(ref)
            if expected is None:
                if patient is not None:
                    yield Difference("patient", ref, "added outside TrialDesk: no audit entry created it")
                continue
            if patient is None:
                yield Difference("patient", ref, "deleted outside TrialDesk: its audit history has it, the registry "
                                                 "does not")
                continue
            fields = _differing_fields(expected, json.loads(patient.model_dump_json(exclude_none=True)))
            if fields:
                yield Difference("patient", ref, "changed outside TrialDesk: " + ", ".join(fields))
    for ref in session.execute(select(PatientRow.registry_no).order_by(PatientRow.registry_no)).scalars():
        if ref not in seen:
            yield Difference("patient", ref, "added outside TrialDesk: no audit entry names it")


# -- screenings -------------------------------------------------------------------------------------
@dataclass
class _Screening:
    patient: str
    on: str
    status: str = "in_progress"
    consent_on: str | None = None
    decisions: dict | None = None


def _screening_differences(session: Session, counted: dict[str, int]) -> Iterator[Difference]:
    expected: dict[str, _Screening] = {}
    for entry in session.execute(select(AuditRow).where(AuditRow.entity == "screening").order_by(AuditRow.id)
                                 ).scalars():
        new = json.loads(entry.new_value) if entry.new_value else {}
        old = json.loads(entry.old_value) if entry.old_value else None
        kind = entry.action.removeprefix("screening.")
        if kind == "start":
            expected[new["screening"]] = _Screening(entry.patient_ref or "", new["on"], decisions={})
            continue
        label = new.get("screening") if isinstance(new, dict) else None
        if label is None:  # a status move of an older TrialDesk: the patient's latest screening in that status
            label = next((name for name, screening in reversed(expected.items())
                          if screening.patient == entry.patient_ref and screening.status == old), None)
        screening = expected.get(label) if label else None
        if screening is None:
            continue
        if kind in ("manual", "override"):
            screening.decisions[(kind, new["criterion"])] = new["answer"]  # type: ignore[index]
        elif kind == "reading":
            screening.decisions[(kind, new["item"])] = new["reading"]  # type: ignore[index]
        elif kind == "consent":
            screening.consent_on = new["consent_on"]
        elif "status" in new:
            screening.status = new["status"]
    rows = {screening_label(row.trial_id, row.number): row for row in session.execute(select(ScreeningRow)).scalars()}
    refs: dict[int, str] = dict(session.execute(select(PatientRow.id, PatientRow.registry_no)).all())
    decisions: dict[int, dict] = {}
    for decision in session.execute(select(ScreeningDecisionRow).order_by(ScreeningDecisionRow.id)).scalars():
        decisions.setdefault(decision.screening_id, {})[(decision.type, decision.criterion_id)] = (
            decision.reading_id if decision.type == "reading" else decision.answer)
    counted["screening"] = len(expected)
    for label, screening in expected.items():
        row = rows.pop(label, None)
        if row is None:
            yield Difference("screening", label, "deleted outside TrialDesk")
            continue
        found = {"patient": refs.get(row.patient_id), "date": row.on_date.isoformat(), "status": str(row.status),
                 "consent date": row.consent_on.isoformat() if row.consent_on else None,
                 "answers and overrides": decisions.get(row.id, {})}
        wanted = {"patient": screening.patient, "date": screening.on, "status": screening.status,
                  "consent date": screening.consent_on, "answers and overrides": screening.decisions}
        fields = [name for name in wanted if wanted[name] != found[name]]
        if fields:
            yield Difference("screening", label, "changed outside TrialDesk: " + ", ".join(fields))
    for label in rows:
        yield Difference("screening", label, "added outside TrialDesk: no audit entry started it")
