"""The patient repository: rows <-> `coordinator.record.Patient`, search, and audited writes."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import delete, func, insert, or_, select, update
from sqlmodel import Session

from coordinator.names import pinyin_key, search_key
from coordinator.problems import InvalidRecord
from coordinator.record import CHILD_SECTIONS, Part, Patient
from coordinator.record_io import with_derived_initials
from coordinator.renal import Sex
from coordinator.units import to_canonical
from coordinator.validation import validate_patient
from coordinator.vocabulary import vocabulary
from db.audit import AuditLog, utc_now
from db.bulk import bulk_insert
from db.models import LIST_COLUMNS, SECTION_TABLES, PatientRow

DEMOGRAPHICS = ("name", "initials", "sex", "birth_date", "record_no", "note")
CHUNK = 500  # bound on IN (...) list sizes, well under every database's parameter limit
HIGHEST = "\U0010ffff"  # sorts after every character: `key < prefix + HIGHEST` is a prefix match
# Search keys are cut to what their columns hold (PostgreSQL refuses longer values; SQLite
# would keep them): a 200-character name has over 1,000 letters of pinyin.
NAME_KEY_LENGTH = PatientRow.__table__.c.name_key.type.length
NAME_PINYIN_LENGTH = PatientRow.__table__.c.name_pinyin.type.length


class PatientExists(ValueError):
    def __init__(self, registry_numbers: Sequence[str]):
        self.registry_numbers = list(registry_numbers)
        super().__init__("already in the registry: " + ", ".join(self.registry_numbers))


class PatientNotFound(LookupError):
    pass


@dataclass(frozen=True)
class PatientSummary:
    """One line of the registry table: enough to find and recognise a patient."""

    id: int
    registry_no: str
    name: str
    initials: str
    sex: str
    birth_date: dt.date
    record_no: str | None
    archived: bool


SUMMARY_COLUMNS = (PatientRow.id, PatientRow.registry_no, PatientRow.name, PatientRow.initials,
                   PatientRow.sex, PatientRow.birth_date, PatientRow.record_no, PatientRow.archived)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _patient_columns(patient: Patient) -> dict:
    return {
        "registry_no": patient.registry_no,
        "name": patient.name,
        "name_key": search_key(patient.name)[:NAME_KEY_LENGTH],
        "name_pinyin": pinyin_key(patient.name)[:NAME_PINYIN_LENGTH],
        "initials": patient.initials,
        "sex": str(patient.sex),
        "birth_date": patient.birth_date,
        "record_no": patient.record_no,
        "note": patient.note,
    }


def _child_columns(section: str) -> list[str]:
    """Column order of a section's rows as `_child_row` builds them."""
    columns = [*CHILD_SECTIONS[section].model_fields, "patient_id"]
    return columns + ["value_canonical", "unit_canonical"] if section == "observations" else columns


@cache
def _list_positions(section: str) -> tuple[int, ...]:
    return tuple(i for i, name in enumerate(CHILD_SECTIONS[section].model_fields) if name in LIST_COLUMNS)


def _child_row(section: str, part: Part, patient_id: int) -> list:
    row = list(part.__dict__.values())  # field values in model order; far cheaper than model_dump
    for position in _list_positions(section):
        row[position] = ",".join(row[position]) or None
    row.append(patient_id)
    if section == "observations":
        canonical_unit = vocabulary().observations[part.code].canonical
        if part.value is not None and part.unit and canonical_unit:
            row += [to_canonical(part.code, part.value, part.unit), canonical_unit]
        else:
            row += [part.value, None]
    return row


def _part_from_row(model: type[Part], row) -> Part:
    values = {name: getattr(row, name) for name in model.model_fields}
    for column in LIST_COLUMNS & values.keys():
        values[column] = values[column].split(",") if values[column] else []
    # Rows were validated on the way in; constructing skips re-validating them on every read.
    return model.model_construct(**values)


def _require_valid(patients: Sequence[Patient]) -> None:
    problems = [problem for patient in patients for problem in validate_patient(patient)]
    if problems:
        raise InvalidRecord(problems)


def _item_key(part: Part) -> str:
    return json.dumps(part.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


class PatientRepository:
    def __init__(self, session: Session, actor: str):
        self.session = session
        self.actor = actor

    # -- reading ----------------------------------------------------------------------------
    def _row(self, ref: str) -> PatientRow | None:
        """A patient by registry number, else by hospital record number."""
        row = self.session.execute(select(PatientRow).where(PatientRow.registry_no == ref)).scalar()
        if row is None:
            row = self.session.execute(select(PatientRow).where(PatientRow.record_no == ref)
                                       .order_by(PatientRow.id).limit(1)).scalar()
        return row

    def get(self, ref: str) -> Patient | None:
        row = self._row(ref)
        return None if row is None else self._load([row])[0]

    def require(self, ref: str) -> Patient:
        patient = self.get(ref)
        if patient is None:
            raise PatientNotFound(f"no patient with registry or record number '{ref}'")
        return patient

    def load_all(self, include_archived: bool = True) -> list[Patient]:
        query = select(PatientRow).order_by(PatientRow.registry_no)
        if not include_archived:
            query = query.where(PatientRow.archived.is_(False))
        return self._load(list(self.session.execute(query).scalars()))

    def iter_all(self, include_archived: bool = False, batch: int = 500) -> Iterator[Patient]:
        """Every patient in registry-number order, loaded a batch at a time so a pass over a
        large registry holds only one batch in memory."""
        after = ""
        while True:
            query = select(PatientRow).where(PatientRow.registry_no > after).order_by(PatientRow.registry_no)
            if not include_archived:
                query = query.where(PatientRow.archived.is_(False))
            rows = list(self.session.execute(query.limit(batch)).scalars())
            if not rows:
                return
            yield from self._load(rows)
            after = rows[-1].registry_no

    def _load(self, rows: list[PatientRow]) -> list[Patient]:
        ids = [row.id for row in rows]
        sections: dict[str, dict[int, list[Part]]] = {}
        for section, table in SECTION_TABLES.items():
            by_patient: dict[int, list[Part]] = defaultdict(list)
            model = CHILD_SECTIONS[section]
            for chunk in _chunks(ids):
                query = select(table).where(table.patient_id.in_(chunk)).order_by(table.id)
                for child in self.session.execute(query).scalars():
                    by_patient[child.patient_id].append(_part_from_row(model, child))
            sections[section] = by_patient
        return [
            Patient.model_construct(
                **{name: getattr(row, name) for name in ("registry_no", "name", "initials", "birth_date",
                                                           "record_no", "note")},
                sex=Sex(row.sex),
                **{section: sections[section].get(row.id, []) for section in CHILD_SECTIONS},
            )
            for row in rows
        ]

    def search(self, text: str = "", *, limit: int | None = 200, offset: int = 0,
               include_archived: bool = False) -> list[PatientSummary]:
        """Patients whose registry number, record number or initials equal `text`, or whose
        name or pinyin starts with it; all patients when `text` is blank."""
        query = select(*SUMMARY_COLUMNS).order_by(PatientRow.registry_no).offset(offset).limit(limit)
        query = self._filtered(query, text, include_archived)
        return [PatientSummary(*row) for row in self.session.execute(query)]

    def count(self, text: str = "", include_archived: bool = False) -> int:
        query = self._filtered(select(func.count(PatientRow.id)), text, include_archived)
        return self.session.execute(query).scalar_one()

    @staticmethod
    def _filtered(query, text: str, include_archived: bool):
        if not include_archived:
            query = query.where(PatientRow.archived.is_(False))
        typed = text.strip()
        if not typed:
            return query
        key = search_key(typed)[:NAME_KEY_LENGTH]
        latin = pinyin_key(typed)[:NAME_PINYIN_LENGTH]
        conditions = [
            PatientRow.registry_no == typed,
            PatientRow.record_no == typed,
            PatientRow.initials == typed.upper(),
            (PatientRow.name_key >= key) & (PatientRow.name_key < key + HIGHEST),
        ]
        if latin:
            conditions.append((PatientRow.name_pinyin >= latin) & (PatientRow.name_pinyin < latin + HIGHEST))
        return query.where(or_(*conditions))

    # -- writing ----------------------------------------------------------------------------
    def existing(self, registry_numbers: Sequence[str]) -> list[str]:
        found: list[str] = []
        for chunk in _chunks(list(registry_numbers)):
            found += self.session.execute(
                select(PatientRow.registry_no).where(PatientRow.registry_no.in_(chunk))).scalars()
        return sorted(found)

    def add(self, patients: Sequence[Patient], *, reason: str | None = None) -> None:
        """Insert new patients in bulk, auditing each. Refuses (writing nothing) if any exists
        or any is invalid."""
        _require_valid(patients)
        clashes = self.existing([p.registry_no for p in patients])
        if clashes:
            raise PatientExists(clashes)
        patients = [with_derived_initials(p) for p in patients]
        now = utc_now()
        audit = AuditLog(self.session, self.actor)
        ids = self._insert_patients(patients, now)
        for section, table in SECTION_TABLES.items():
            rows = [_child_row(section, part, ids[p.registry_no]) for p in patients for part in getattr(p, section)]
            bulk_insert(self.session, table.__table__, _child_columns(section), rows)
        for patient in patients:
            audit.record("create", "patient", patient_ref=patient.registry_no, new=patient, reason=reason)
        audit.flush()

    def _insert_patients(self, patients: Sequence[Patient], now: dt.datetime) -> dict[str, int]:
        table = PatientRow.__table__
        rows = [dict(_patient_columns(p), created_at=now, updated_at=now, archived=False) for p in patients]
        self.session.execute(insert(table), rows)
        ids: dict[str, int] = {}
        for chunk in _chunks([p.registry_no for p in patients]):
            ids.update(self.session.execute(
                select(table.c.registry_no, table.c.id).where(table.c.registry_no.in_(chunk))).all())
        return ids

    def save(self, patient: Patient, *, reason: str | None = None) -> int:
        """Create or update one patient; audit every field, added and removed item.
        Returns the number of changes written."""
        patient = with_derived_initials(patient)
        _require_valid([patient])
        row = self.session.execute(
            select(PatientRow).where(PatientRow.registry_no == patient.registry_no)).scalar()
        if row is None:
            self.add([patient], reason=reason)
            return 1
        audit = AuditLog(self.session, self.actor)
        ref = patient.registry_no
        old = self._load([row])[0]
        changes = 0
        for name in DEMOGRAPHICS:
            before, after = getattr(old, name), getattr(patient, name)
            if before != after:
                audit.record("update", f"patient.{name}", patient_ref=ref, old=before, new=after, reason=reason)
                changes += 1
        if changes:
            self.session.execute(update(PatientRow).where(PatientRow.id == row.id)
                                 .values(**_patient_columns(patient), updated_at=utc_now()))
        for section, table in SECTION_TABLES.items():
            changes += self._sync_section(audit, row.id, ref, section, table,
                                          getattr(patient, section), reason)
        audit.flush()
        return changes

    def _sync_section(self, audit: AuditLog, patient_id: int, ref: str, section: str, table,
                      wanted: list[Part], reason: str | None) -> int:
        model = CHILD_SECTIONS[section]
        stored: dict[str, list[int]] = defaultdict(list)
        for child in self.session.execute(select(table).where(table.patient_id == patient_id)).scalars():
            stored[_item_key(_part_from_row(model, child))].append(child.id)
        added = []
        for part in wanted:
            ids = stored.get(_item_key(part))
            if ids:
                ids.pop()  # unchanged item: keep its row
            else:
                added.append(part)
        removed_ids = [row_id for ids in stored.values() for row_id in ids]
        if removed_ids:
            for child in self.session.execute(select(table).where(table.id.in_(removed_ids))).scalars():
                audit.record("remove", section, patient_ref=ref, reason=reason, old=_part_from_row(model, child))
            self.session.execute(delete(table).where(table.id.in_(removed_ids)))
        bulk_insert(self.session, table.__table__, _child_columns(section),
                    [_child_row(section, part, patient_id) for part in added])
        for part in added:
            audit.record("add", section, patient_ref=ref, reason=reason, new=part)
        return len(added) + len(removed_ids)

    def archive(self, ref: str, *, reason: str) -> None:
        """Hide a patient from the working registry; nothing is deleted."""
        row = self._row(ref)
        if row is None:
            raise PatientNotFound(f"no patient with registry or record number '{ref}'")
        if row.archived:
            return
        self.session.execute(update(PatientRow).where(PatientRow.id == row.id)
                             .values(archived=True, updated_at=utc_now()))
        audit = AuditLog(self.session, self.actor)
        audit.record("archive", "patient", patient_ref=row.registry_no, old=False, new=True, reason=reason)
        audit.flush()
