"""The patient repository: rows <-> `coordinator.records.record.Patient`, search, and audited writes.

A patient's studies (enrolments with their on-study history) are part of the patient: read
with it, written with it, and audited item by item like the other sections."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from sqlalchemy import delete, exists, func, insert, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from coordinator.followup.exit_rules import Reads
from coordinator.records.names import pinyin_key, search_key
from coordinator.problems import InvalidRecord, Refusal
from coordinator.records.record import CHILD_SECTIONS, STUDY_SECTIONS, Part, Patient, Study
from coordinator.records.record_io import with_derived_initials
from coordinator.records.renal import Sex
from coordinator.records.units import to_canonical
from coordinator.records.validation import validate_patient
from coordinator.records.vocabulary import vocabulary
from coordinator.screening.reads import ScreeningReads
from db.audit import AuditLog, utc_now
from db.bulk import bulk_insert
from db.models import LIST_COLUMNS, SECTION_TABLES, STUDY_SECTION_TABLES, PatientRow, StudyRow

DEMOGRAPHICS = ("name", "initials", "sex", "birth_date", "record_no", "note")
STUDY_DETAILS = ("arm", "enrolled_on", "note")  # a study is identified by its trial and subject number
STUDY_COLUMNS = ["patient_id", "trial_id", "arm", "subject_no", "enrolled_on", "note"]
CHUNK = 500  # bound on IN (...) list sizes, well under every database's parameter limit
HIGHEST = "\U0010ffff"  # sorts after every character: `key < prefix + HIGHEST` is a prefix match
# Search keys are cut to what their columns hold (PostgreSQL refuses longer values; SQLite
# would keep them): a 200-character name has over 1,000 letters of pinyin.
NAME_KEY_LENGTH = PatientRow.__table__.c.name_key.type.length
NAME_PINYIN_LENGTH = PatientRow.__table__.c.name_pinyin.type.length


BROAD_MATCHES = 2000  # a search matching at least this many walks the registry in order


class PatientExists(Refusal, ValueError):
    def __init__(self, registry_numbers: Sequence[str]):
        self.registry_numbers = list(registry_numbers)
        super().__init__("already in the registry: " + ", ".join(self.registry_numbers))


class PatientNotFound(Refusal, LookupError):
    pass


@dataclass(frozen=True)
class SubjectClash:
    """Patient `registry_no`'s studies[`index`] has a subject number that `holder` already has."""

    registry_no: str
    index: int
    trial: str
    subject_no: str
    holder: str
    in_registry: bool = True  # else the holder comes earlier in the same write

    @property
    def message(self) -> str:
        where = "" if self.in_registry else " in this import"
        return f"{self.trial} subject number '{self.subject_no}' is already taken by patient {self.holder}{where}"


class SubjectNumberTaken(Refusal, ValueError):
    """A trial gives each subject number once (the database's unique constraint on study)."""

    def __init__(self, clashes: Sequence[SubjectClash]):
        self.clashes = list(clashes)
        super().__init__("; ".join(f"patient {c.registry_no}: studies[{c.index}].subject_no: {c.message}"
                                   for c in self.clashes)
                         or "a subject number was taken meanwhile by another workstation; try again")


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


PATIENT_FIELDS = ("registry_no", "name", "initials", "birth_date", "record_no", "note")
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


_set = object.__setattr__


def _construct(model: type[Part], values: dict) -> Part:
    """What `model_construct` does for a row that holds every field, without its per-field
    loop (a third of the time of loading a registry). Rows were validated on the way in."""
    part = model.__new__(model)
    _set(part, "__dict__", values)
    _set(part, "__pydantic_fields_set__", set(values))
    _set(part, "__pydantic_extra__", None)
    _set(part, "__pydantic_private__", None)
    return part


def _part_from_row(model: type[Part], row) -> Part:
    """The record part of an ORM row (when saving: comparing with what is stored)."""
    values = {name: getattr(row, name) for name in model.model_fields}
    for column in LIST_COLUMNS & values.keys():
        values[column] = values[column].split(",") if values[column] else []
    return _construct(model, values)


def _part_reader(model: type[Part], table) -> Callable[[Sequence], Part]:
    """A function from a plain row of `table` to the record part, fields picked by position."""
    names = tuple(model.model_fields)
    positions = [list(table.__table__.columns.keys()).index(name) for name in names]
    pick = itemgetter(*positions) if len(positions) > 1 else (lambda row: (row[positions[0]],))
    lists = [name for name in names if name in LIST_COLUMNS]

    def read(row: Sequence) -> Part:
        values = dict(zip(names, pick(row)))
        for column in lists:
            values[column] = values[column].split(",") if values[column] else []
        return _construct(model, values)

    return read


@cache
def _values_type(model: type[Part]) -> type[tuple]:
    """What a partial record holds instead of a `model`: a named tuple of its fields, read-only,
    a tenth of the time to make and nothing for the garbage collector to follow."""
    return namedtuple(f"{model.__name__}Values", model.model_fields)


# what a database driver may hand over raw -> (the raw type, its conversion): SQLite's ISO texts of
# days and times, its 0/1 for booleans (PostgreSQL's driver gives the values themselves)
_RAW_VALUES: dict[object, tuple[type, Callable]] = {
    dt.date: (str, dt.date.fromisoformat), dt.date | None: (str, dt.date.fromisoformat),
    dt.time | None: (str, dt.time.fromisoformat), bool | None: (int, bool), bool: (int, bool)}


@cache
def _raw_fields(model: type[Part]) -> tuple[tuple[int, type, Callable], ...]:
    """(position, raw type, conversion) of each field of `model` a driver may give raw."""
    return tuple((i, *_RAW_VALUES[field.annotation]) for i, field in enumerate(model.model_fields.values())
                 if field.annotation in _RAW_VALUES)


def _study_row(study: Study, patient_id: int) -> list:
    return [patient_id, study.trial, study.arm, study.subject_no, study.enrolled_on, study.note]


def _study_item_columns(section: str) -> list[str]:
    return [*STUDY_SECTIONS[section].model_fields, "study_id"]


def _study_item_row(section: str, part: Part, study_id: int) -> list:
    return [getattr(part, name) for name in STUDY_SECTIONS[section].model_fields] + [study_id]


def _study_from_row(row: StudyRow, items: dict[str, list[Part]]) -> Study:
    """A study with the `items` given (the sections not given empty)."""
    return _construct(Study, {"trial": row.trial_id, "arm": row.arm, "subject_no": row.subject_no,
                              "enrolled_on": row.enrolled_on, **{section: items.get(section, [])
                                                                 for section in STUDY_SECTIONS}, "note": row.note})


def _require_valid(patients: Sequence[Patient]) -> None:
    problems = [problem for patient in patients for problem in validate_patient(patient)]
    if problems:
        raise InvalidRecord(problems)


def _item_key(part: Part) -> str:
    return json.dumps(part.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _screening_observations(reads: ScreeningReads | None, on: dt.date) -> list:
    """The conditions, any of which an observation a pre-screen reads meets (see
    `coordinator.screening.reads.trim_observations`): the codes read back as far as each other,
    and for each code read newest before its window, that newest one (none newer before it)."""
    observations = SECTION_TABLES["observations"].__table__
    if reads is None:
        return [observations.c.date <= on]
    by_days: dict[int, list[str]] = defaultdict(list)
    for code, days in reads.within.items():
        by_days[days].append(code)
    wanted = [observations.c.code.in_(sorted(codes)) & observations.c.date.between(on - dt.timedelta(days=days), on)
              for days, codes in sorted(by_days.items())]
    newer = observations.alias("newer")
    for code, extra in sorted(reads.newest_before.items()):
        since = on - dt.timedelta(days=reads.within[code])
        wanted.append((observations.c.code == code) & observations.c.value.is_not(None)
                      & (observations.c.date >= since - dt.timedelta(days=extra)) & (observations.c.date < since)
                      & ~exists().where(newer.c.patient_id == observations.c.patient_id, newer.c.code == code,
                                        newer.c.value.is_not(None), newer.c.date > observations.c.date,
                                        newer.c.date < since))
    return wanted


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

    def load_by_registry_numbers(self, registry_numbers: Sequence[str]) -> list[Patient]:
        """The patients with these registry numbers (archived ones too; unknown numbers are skipped)."""
        rows: list[PatientRow] = []
        for chunk in _chunks(list(registry_numbers)):
            rows += self.session.execute(select(PatientRow).where(PatientRow.registry_no.in_(chunk))).scalars()
        return self._load(rows)

    def iter_all(self, include_archived: bool = False, batch: int = 500) -> Iterator[Patient]:
        """Every patient in registry-number order, loaded a batch at a time so a pass over a
        large registry holds only one batch in memory."""
        return self._batches(include_archived, batch)

    def iter_enrolled(self, batch: int = 500, reads: Reads | None = None) -> Iterator[Patient]:
        """Every patient with at least one enrolment (archived or not: an enrolled patient stays
        followed), a batch at a time.

        With `reads` (e.g. `coordinator.followup.engine.alert_reads`), partial records: the studies
        (visits, doses and exits; no adverse events) and only what `reads` names, observations
        from `reads.days_before_start` before the first enrolment on, the items as named tuples
        of the parts' fields (`_values_type`). Only for computing what needs no more (the
        registry-wide alerts); never to show, export or save."""
        if reads is None or reads.whole:
            return self._batches(True, batch, enrolled_only=True)
        return self._partial_batches(reads, batch)

    def _partial_batches(self, reads: Reads, batch: int) -> Iterator[Patient]:
        patients = PatientRow.__table__
        query = (select(patients.c.id, patients.c.sex, *(patients.c[name] for name in PATIENT_FIELDS))
                 .where(patients.c.id.in_(select(StudyRow.__table__.c.patient_id)))
                 .order_by(patients.c.registry_no).limit(batch))
        after = ""
        while True:
            rows = self._plain(query.where(patients.c.registry_no > after)).all()
            if not rows:
                return
            ids = [row.id for row in rows]
            studies = self._partial_studies(ids)
            sections = {section: self._values(section, "patient_id", ids) for section in sorted(reads.sections)}
            sections["observations"] = self._observations(ids, reads, studies)
            for row in rows:
                found = {name: row[index] for index, name in enumerate(PATIENT_FIELDS, start=2)}
                found.update({section: items.get(row.id, []) for section, items in sections.items()},
                             sex=Sex(row.sex), studies=studies.get(row.id, []))
                yield _construct(Patient, {name: found.get(name, []) for name in Patient.model_fields})
            after = rows[-1].registry_no

    def screening_boundaries(self, parts: int, include_archived: bool = False) -> list[str]:
        """Registry numbers that cut the registry into `parts` ranges of about as many patients
        (`iter_for_screening(after=..., until=...)`), fewer for a small registry."""
        total = self.count("", include_archived=include_archived)
        query = select(PatientRow.registry_no).order_by(PatientRow.registry_no).limit(1)
        if not include_archived:
            query = query.where(PatientRow.archived.is_(False))
        cuts = {self.session.execute(query.offset(total * k // parts - 1)).scalar_one()
                for k in range(1, parts) if total * k // parts > 0}
        return sorted(cuts)

    def iter_for_screening(self, reads: ScreeningReads | None, on: dt.date, include_archived: bool = False,
                           batch: int = 500, after: str = "", until: str | None = None) -> Iterator[Patient]:
        """Every patient (not archived, unless asked), in registry order, a batch at a time, as a
        pre-screen on `on` reads them: every section but the studies, observations only as
        `trim_observations(..., reads, on)` keeps them (`coordinator.screening.reads`), the items
        as named tuples of the parts' fields. Only for verdicts and what open criteria ask; never
        to show, export or save. `after` and `until`: only the registry numbers above `after`,
        up to `until` (included)."""
        patients = PatientRow.__table__
        query = (select(patients.c.id, patients.c.sex, *(patients.c[name] for name in PATIENT_FIELDS))
                 .order_by(patients.c.registry_no).limit(batch))
        if not include_archived:
            query = query.where(patients.c.archived.is_(False))
        if until is not None:
            query = query.where(patients.c.registry_no <= until)
        wanted = _screening_observations(reads, on)
        while True:
            rows = self._plain(query.where(patients.c.registry_no > after)).all()
            if not rows:
                return
            ids = [row.id for row in rows]
            sections = {section: self._values(section, "patient_id", ids)
                        for section in CHILD_SECTIONS if section != "observations"}
            sections["observations"] = self._values("observations", "patient_id", ids, any_of=wanted) \
                if wanted else {}
            for row in rows:
                fields = {name: row[index] for index, name in enumerate(PATIENT_FIELDS, start=2)}
                fields.update({section: items.get(row.id, []) for section, items in sections.items()},
                              sex=Sex(row.sex), studies=[])
                yield _construct(Patient, {name: fields.get(name, []) for name in Patient.model_fields})
            after = rows[-1].registry_no

    def _partial_studies(self, patient_ids: Sequence[int]) -> dict[int, list[Study]]:
        """These patients' studies with their visits, doses and exits as values."""
        rows = [row for chunk in _chunks(patient_ids) for row in self._plain(
            select(StudyRow.__table__).where(StudyRow.patient_id.in_(chunk)).order_by(StudyRow.id))]
        study_ids = [row.id for row in rows]
        items = {section: self._values(section, "study_id", study_ids) for section in ("visits", "doses", "exits")}
        by_patient: dict[int, list[Study]] = defaultdict(list)
        for row in rows:
            by_patient[row.patient_id].append(_study_from_row(row, {section: found.get(row.id, [])
                                                                    for section, found in items.items()}))
        return by_patient

    def _observations(self, patient_ids: Sequence[int], reads: Reads,
                      studies: dict[int, list[Study]]) -> dict[int, list[tuple]]:
        """Observations of the codes `reads` names, from `reads.days_before_start` before each
        patient's first enrolment on, in record order."""
        before = dt.timedelta(days=reads.days_before_start)
        since = {patient_id: min(study.enrolled_on for study in held) - before for patient_id, held in studies.items()}
        if not reads.codes or not since:
            return {}
        table = SECTION_TABLES["observations"].__table__
        found = self._values("observations", "patient_id", patient_ids, table.c.code.in_(sorted(reads.codes)),
                             table.c.date >= min(since.values()))
        return {patient_id: [obs for obs in held if obs.date >= since[patient_id]]
                for patient_id, held in found.items() if patient_id in since}

    def _values(self, section: str, parent: str, parent_ids: Sequence[int], *conditions,
                any_of: Sequence | None = None) -> dict[int, list[tuple]]:
        """A section's items (of the record or of a study) as values (`_values_type`), by the id
        of the row they belong to, in record order; with `any_of`, those that meet any of these
        conditions (one query each, so that each can use its own index range)."""
        tables, models = ((SECTION_TABLES, CHILD_SECTIONS) if parent == "patient_id"
                          else (STUDY_SECTION_TABLES, STUDY_SECTIONS))
        table, model = tables[section].__table__, models[section]
        make = _values_type(model)._make
        lists = [i for i, name in enumerate(model.model_fields) if name in LIST_COLUMNS]
        columns = [table.c[name] for name in model.model_fields]
        # The driver's rows are read as they are (SQLAlchemy's conversion of rows is most of the
        # time of reading many) and only what the driver leaves raw is converted here.
        raw = _raw_fields(model)
        by_parent: dict[int, list[tuple]] = defaultdict(list)
        for chunk in _chunks(parent_ids):
            selects = [select(table.c.id, table.c[parent], *columns).where(table.c[parent].in_(chunk), *conditions,
                                                                           *alternative)
                       for alternative in ([[]] if any_of is None else [[each] for each in any_of])]
            query = union_all(*selects) if len(selects) > 1 else selects[0]
            result = self._plain(query.order_by(query.selected_columns.id))
            rows = result.cursor.fetchall()
            result.close()
            for _, parent_id, *values in rows:
                for i in lists:
                    values[i] = values[i].split(",") if values[i] else []
                for i, kind, convert in raw:
                    if values[i].__class__ is kind:
                        values[i] = convert(values[i])
                by_parent[parent_id].append(make(values))
        return by_parent

    def _plain(self, query):
        """Plain rows of a core query: several times faster than through the ORM (no identity
        map, no ORM result processing). Pending ORM changes are flushed first, as the ORM would."""
        self.session.flush()
        return self.session.connection().execute(query)

    def _batches(self, include_archived: bool, batch: int, enrolled_only: bool = False) -> Iterator[Patient]:
        after = ""
        while True:
            query = select(PatientRow).where(PatientRow.registry_no > after).order_by(PatientRow.registry_no)
            if not include_archived:
                query = query.where(PatientRow.archived.is_(False))
            if enrolled_only:
                query = query.where(PatientRow.id.in_(select(StudyRow.patient_id)))
            rows = list(self.session.execute(query.limit(batch)).scalars())
            if not rows:
                return
            yield from self._load(rows)
            after = rows[-1].registry_no

    def _load(self, rows: list[PatientRow]) -> list[Patient]:
        ids = [row.id for row in rows]
        sections = self._children(SECTION_TABLES, CHILD_SECTIONS, "patient_id", ids)
        studies = self._load_studies(ids)
        return [
            Patient.model_construct(
                **{name: getattr(row, name) for name in ("registry_no", "name", "initials", "birth_date",
                                                           "record_no", "note")},
                sex=Sex(row.sex),
                **{section: sections[section].get(row.id, []) for section in CHILD_SECTIONS},
                studies=studies.get(row.id, []),
            )
            for row in rows
        ]

    def _children(self, tables: dict, models: dict, parent: str, parent_ids: Sequence[int]
                  ) -> dict[str, dict[int, list[Part]]]:
        """Each section's parts, by the id of the row they belong to (a patient or a study)."""
        sections: dict[str, dict[int, list[Part]]] = {}
        for section, table in tables.items():
            by_parent: dict[int, list[Part]] = defaultdict(list)
            read = _part_reader(models[section], table)
            column = getattr(table, parent)
            for chunk in _chunks(parent_ids):
                query = select(table.__table__).where(column.in_(chunk)).order_by(table.id)
                for child in self._plain(query):
                    by_parent[getattr(child, parent)].append(read(child))
            sections[section] = by_parent
        return sections

    def _load_studies(self, patient_ids: Sequence[int], sections: Iterable[str] = tuple(STUDY_SECTIONS)
                      ) -> dict[int, list[Study]]:
        """The studies of these patients, each with its visits, doses, adverse events and exits
        (or only the `sections` named; the others are left empty)."""
        rows: list = []
        for chunk in _chunks(patient_ids):
            rows += self._plain(select(StudyRow.__table__).where(StudyRow.patient_id.in_(chunk))
                                .order_by(StudyRow.id))
        if not rows:
            return {}
        by_patient: dict[int, list[Study]] = defaultdict(list)
        for row, study in zip(rows, self._studies_from_rows(rows, sections)):
            by_patient[row.patient_id].append(study)
        return by_patient

    def _studies_from_rows(self, rows: Sequence, sections: Iterable[str] = tuple(STUDY_SECTIONS)) -> list[Study]:
        items = self._children({name: STUDY_SECTION_TABLES[name] for name in sections}, STUDY_SECTIONS, "study_id",
                               [row.id for row in rows])
        return [_study_from_row(row, {section: found.get(row.id, []) for section, found in items.items()})
                for row in rows]

    def search(self, text: str = "", *, limit: int | None = 200, offset: int = 0,
               include_archived: bool = False, broad: bool | None = None) -> list[PatientSummary]:
        """Patients whose registry number or record number starts with `text` (as typed or in
        capitals: a partly typed `demo-0123` finds DEMO-01230...), whose initials equal it, or
        whose name or pinyin starts with it; all patients when `text` is blank. In registry order."""
        # A broad prefix ("z", "li") matches a fifth of the registry: gathering every match
        # through the name indexes and sorting them costs ~100 ms at 100,000 patients, while
        # walking the registry in order and stopping at `limit` costs a few ms. A narrow one is
        # found fastest through the indexes. `broad` is for a caller that has counted already.
        if broad is None:
            broad = limit is not None and bool(text.strip()) and \
                self.count(text, include_archived, cap=BROAD_MATCHES) >= BROAD_MATCHES
        query = select(*SUMMARY_COLUMNS).order_by(PatientRow.registry_no).offset(offset).limit(limit)
        query = self._filtered(query, text, include_archived, through_indexes=not broad)
        return [PatientSummary(*row) for row in self.session.execute(query)]

    def count(self, text: str = "", include_archived: bool = False, *, cap: int | None = None) -> int:
        """How many match; with `cap`, counting stops there (min(count, cap)), which is cheap
        for a broad search."""
        if cap is None:
            query = self._filtered(select(func.count(PatientRow.id)), text, include_archived)
            return self.session.execute(query).scalar_one()
        matches = self._filtered(select(PatientRow.id), text, include_archived).limit(cap).subquery()
        return self.session.execute(select(func.count()).select_from(matches)).scalar_one()

    @staticmethod
    def _filtered(query, text: str, include_archived: bool, through_indexes: bool = True):
        if not include_archived:
            query = query.where(PatientRow.archived.is_(False))
        typed = text.strip()
        if not typed:
            return query
        key = search_key(typed)[:NAME_KEY_LENGTH]
        latin = pinyin_key(typed)[:NAME_PINYIN_LENGTH]
        # Wrapped in coalesce, a column no longer offers its index, so the planner walks the
        # registry-number index in order instead (see search).
        column = (lambda c: c) if through_indexes else (lambda c: func.coalesce(c, ""))
        name_key, name_pinyin = column(PatientRow.name_key), column(PatientRow.name_pinyin)
        registry_no, record_no = column(PatientRow.registry_no), column(PatientRow.record_no)
        conditions = [
            *((registry_no >= start) & (registry_no < start + HIGHEST) for start in {typed, typed.upper()}),
            *((record_no >= start) & (record_no < start + HIGHEST) for start in {typed, typed.upper()}),
            column(PatientRow.initials) == typed.upper(),
            (name_key >= key) & (name_key < key + HIGHEST),
        ]
        if latin:
            conditions.append((name_pinyin >= latin) & (name_pinyin < latin + HIGHEST))
        return query.where(or_(*conditions))

    # -- writing ----------------------------------------------------------------------------
    def existing(self, registry_numbers: Sequence[str]) -> list[str]:
        found: list[str] = []
        for chunk in _chunks(list(registry_numbers)):
            found += self.session.execute(
                select(PatientRow.registry_no).where(PatientRow.registry_no.in_(chunk))).scalars()
        return sorted(found)

    def add(self, patients: Sequence[Patient], *, reason: str | None = None, validated: bool = False) -> None:
        """Insert new patients in bulk, auditing each. Refuses (writing nothing) if any exists
        or any is invalid (`validated`: the caller has just checked each, as a record file's
        reader does, and the check is not made twice)."""
        if not validated:
            _require_valid(patients)
        clashes = self.existing([p.registry_no for p in patients])
        if clashes:
            raise PatientExists(clashes)
        self._require_free_subject_numbers(patients)
        patients = [with_derived_initials(p) for p in patients]
        now = utc_now()
        audit = AuditLog(self.session, self.actor)
        ids = self._insert_patients(patients, now)
        for section, table in SECTION_TABLES.items():
            rows = [_child_row(section, part, ids[p.registry_no]) for p in patients for part in getattr(p, section)]
            bulk_insert(self.session, table.__table__, _child_columns(section), rows)
        self._insert_studies([(ids[p.registry_no], study) for p in patients for study in p.studies])
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

    def _insert_studies(self, studies: Sequence[tuple[int, Study]]) -> dict[tuple[str, str], int]:
        """Insert (patient id, study) pairs with their items; the new study ids by (trial, subject_no)."""
        if not studies:
            return {}
        table = StudyRow.__table__
        try:
            self.session.execute(insert(table), [dict(zip(STUDY_COLUMNS, _study_row(study, patient_id)))
                                                 for patient_id, study in studies])
        except IntegrityError as error:
            # Checked beforehand; only a writer on another workstation can have come between.
            raise SubjectNumberTaken([]) from error
        ids: dict[tuple[str, str], int] = {}
        for chunk in _chunks(sorted({patient_id for patient_id, _ in studies})):
            ids.update(((trial_id, subject_no), study_id) for study_id, trial_id, subject_no in self.session.execute(
                select(table.c.id, table.c.trial_id, table.c.subject_no).where(table.c.patient_id.in_(chunk))))
        for section, child in STUDY_SECTION_TABLES.items():
            rows = [_study_item_row(section, part, ids[study.trial, study.subject_no])
                    for _, study in studies for part in getattr(study, section)]
            bulk_insert(self.session, child.__table__, _study_item_columns(section), rows)
        return ids

    def subject_number_clashes(self, patients: Sequence[Patient]) -> list[SubjectClash]:
        """Subject numbers these patients' studies would take from another patient, in the
        registry or earlier in `patients` (a patient keeps the numbers it already has)."""
        claimed: dict[tuple[str, str], str] = {}
        clashes: list[SubjectClash] = []
        wanted: list[tuple[Patient, int, Study]] = []
        for patient in patients:
            for index, study in enumerate(patient.studies):
                key = (study.trial, study.subject_no)
                holder = claimed.setdefault(key, patient.registry_no)
                if holder != patient.registry_no:
                    clashes.append(SubjectClash(patient.registry_no, index, *key, holder, in_registry=False))
                else:
                    wanted.append((patient, index, study))
        if not wanted:
            return clashes
        holders: dict[tuple[str, str], str] = {}
        for chunk in _chunks(sorted({study.subject_no for _, _, study in wanted})):
            holders.update(((trial_id, subject_no), registry_no) for trial_id, subject_no, registry_no in self.session.execute(
                select(StudyRow.trial_id, StudyRow.subject_no, PatientRow.registry_no)
                .join(PatientRow, PatientRow.id == StudyRow.patient_id).where(StudyRow.subject_no.in_(chunk))))
        for patient, index, study in wanted:
            holder = holders.get((study.trial, study.subject_no))
            if holder is not None and holder != patient.registry_no:
                clashes.append(SubjectClash(patient.registry_no, index, study.trial, study.subject_no, holder))
        return clashes

    def _require_free_subject_numbers(self, patients: Sequence[Patient]) -> None:
        if any(patient.studies for patient in patients):
            clashes = self.subject_number_clashes(patients)
            if clashes:
                raise SubjectNumberTaken(clashes)

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
        self._require_free_subject_numbers([patient])
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
            changes += self._sync_items(
                audit, ref, section, table, table.patient_id, row.id, CHILD_SECTIONS[section],
                getattr(patient, section), lambda part: _child_row(section, part, row.id),
                _child_columns(section), reason)
        changes += self._sync_studies(audit, row.id, ref, patient.studies, reason)
        audit.flush()
        return changes

    def _sync_studies(self, audit: AuditLog, patient_id: int, ref: str, wanted: list[Study],
                      reason: str | None) -> int:
        """Studies added or removed whole; a study kept (same trial and subject number) is
        updated field by field and item by item, each change audited under studies[NCT...]."""
        stored = {(r.trial_id, r.subject_no): r for r in self.session.execute(
            select(StudyRow).where(StudyRow.patient_id == patient_id).order_by(StudyRow.id)).scalars()}
        wanted_keys = {(study.trial, study.subject_no) for study in wanted}
        removed = [r for key, r in stored.items() if key not in wanted_keys]
        if removed:
            for study in self._studies_from_rows(removed):
                audit.record("remove", "studies", patient_ref=ref, reason=reason, old=study)
            removed_ids = [r.id for r in removed]
            for table in STUDY_SECTION_TABLES.values():
                self.session.execute(delete(table).where(table.study_id.in_(removed_ids)))
            self.session.execute(delete(StudyRow).where(StudyRow.id.in_(removed_ids)))
        added = [study for study in wanted if (study.trial, study.subject_no) not in stored]
        self._insert_studies([(patient_id, study) for study in added])
        for study in added:
            audit.record("add", "studies", patient_ref=ref, reason=reason, new=study)
        changes = len(removed) + len(added)
        for study in wanted:
            row = stored.get((study.trial, study.subject_no))
            if row is not None:
                changes += self._sync_study(audit, ref, row, study, reason)
        return changes

    def _sync_study(self, audit: AuditLog, ref: str, row: StudyRow, study: Study, reason: str | None) -> int:
        entity = f"studies[{study.trial}]"
        details = {}
        for name in STUDY_DETAILS:
            before, after = getattr(row, name), getattr(study, name)
            if before != after:
                audit.record("update", f"{entity}.{name}", patient_ref=ref, old=before, new=after, reason=reason)
                details[name] = after
        if details:
            self.session.execute(update(StudyRow).where(StudyRow.id == row.id).values(**details))
        changes = len(details)
        for section, table in STUDY_SECTION_TABLES.items():
            changes += self._sync_items(
                audit, ref, f"{entity}.{section}", table, table.study_id, row.id, STUDY_SECTIONS[section],
                getattr(study, section), lambda part: _study_item_row(section, part, row.id),
                _study_item_columns(section), reason)
        return changes

    def _sync_items(self, audit: AuditLog, ref: str, entity: str, table, parent, parent_id: int,
                    model: type[Part], wanted: list[Part], make_row, columns: list[str],
                    reason: str | None) -> int:
        """Bring the items of one list (rows of `table` whose `parent` column is `parent_id`) to
        `wanted`: unchanged items keep their rows; each removed and added item is audited."""
        stored: dict[str, list[int]] = defaultdict(list)
        for child in self.session.execute(select(table).where(parent == parent_id)).scalars():
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
                audit.record("remove", entity, patient_ref=ref, reason=reason, old=_part_from_row(model, child))
            self.session.execute(delete(table).where(table.id.in_(removed_ids)))
        bulk_insert(self.session, table.__table__, columns, [make_row(part) for part in added])
        for part in added:
            audit.record("add", entity, patient_ref=ref, reason=reason, new=part)
        return len(added) + len(removed_ids)

    def enrol(self, ref: str, study: Study, *, reason: str | None = None, audit: AuditLog | None = None) -> bool:
        """Record an enrolment: `study` (usually without history yet) added to the patient,
        validated and audited like any study. False when the very same enrolment is already
        recorded. The audit entry goes to `audit` when given (its owner flushes it)."""
        row = self._row(ref)
        if row is None:
            raise PatientNotFound(f"no patient with registry or record number '{ref}'")
        patient = self._load([row])[0]
        for index, held in enumerate(patient.studies):
            if (held.trial, held.subject_no) == (study.trial, study.subject_no):
                if (held.arm, held.enrolled_on) == (study.arm, study.enrolled_on):
                    return False
                raise ValueError(f"patient {patient.registry_no} is already recorded in {held.trial} as subject "
                                 f"'{held.subject_no}' (arm {held.arm}, enrolled on {held.enrolled_on}) in "
                                 f"studies[{index}]; correct the patient record first")
        index = len(patient.studies)
        problems = [problem for problem in validate_patient(patient.model_copy(update={
            "studies": [*patient.studies, study]})) if problem.field.startswith(f"studies[{index}].")]
        if problems:
            raise InvalidRecord(problems)
        clashes = self.subject_number_clashes([Patient.model_construct(registry_no=patient.registry_no,
                                                                       studies=[study])])
        if clashes:
            raise SubjectNumberTaken([SubjectClash(c.registry_no, index, c.trial, c.subject_no, c.holder)
                                      for c in clashes])
        self._insert_studies([(row.id, study)])
        log = audit or AuditLog(self.session, self.actor)
        log.record("add", "studies", patient_ref=patient.registry_no, new=study, reason=reason)
        if audit is None:
            log.flush()
        return True

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
