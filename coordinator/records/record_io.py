"""Reading and writing the JSON record format (resources/schemas/patient-record.schema.json).

`parse_records` checks a file's structure (and registry numbers repeated within it);
`read_records` also runs the clinical validation. Both report every problem with the file,
patient and field it concerns, so a user can fix them all in one go. `dump_records` writes a canonical form
(patients by registry number, each section and each study's lists in a stable order), so that
export -> import -> export gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from pydantic import ValidationError

from coordinator.records.names import initials
from coordinator.problems import Problem
from coordinator.records.text_checks import excerpt
from coordinator.records.record import CHILD_SECTIONS, STUDY_SECTIONS, Part, Patient, RecordFile, Study
from coordinator.records.validation import validate_patient


def with_derived_initials(patient: Patient) -> Patient:
    if patient.initials:
        return patient
    return patient.model_copy(update={"initials": initials(patient.name) or "X"})


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _structure_problems(error: ValidationError, raw: Any, source: str) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        patient = ""
        if len(loc) >= 2 and loc[0] == "patients" and isinstance(loc[1], int):
            try:
                patient = str(raw["patients"][loc[1]].get("registry_no") or f"#{loc[1] + 1}")
            except (KeyError, IndexError, TypeError, AttributeError):
                patient = f"#{loc[1] + 1}"
            loc = loc[2:]
        problems.append(structure_problem(detail, loc, patient, source))
    return problems


def structure_problem(detail: Any, loc: tuple[Any, ...], patient: str, source: str) -> Problem:
    """One of pydantic's error details as a problem at `loc` of `patient`, with the value given
    (unless it is a whole object or list)."""
    value = detail.get("input")
    shown = "" if isinstance(value, (dict, list)) or detail["type"] == "missing" else f" (got {excerpt(value)})"
    return Problem(f"{detail['msg']}{shown}", _path(loc), patient, source)


def _decode(data: str | bytes, source: str) -> tuple[str | None, list[Problem]]:
    """Record files are UTF-8 (a byte-order mark, as Windows Notepad writes, is accepted)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [Problem(f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                              f"{error.start}); save it as UTF-8 and import it again", source=source)]


def parse_records(data: str | bytes, source: str = "") -> tuple[list[Patient], list[Problem]]:
    """Parse a record file and check its structure.

    Returns the patients that are structurally sound and every problem found. When one
    patient is malformed the others are still parsed, so their clinical problems can be
    reported in the same pass; the file as a whole is acceptable only when there is no problem.
    """
    text, problems = _decode(data, source)
    if text is None:
        return [], problems
    try:
        patients = RecordFile.model_validate_json(text).patients
    except ValidationError as error:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as syntax:
            return [], [Problem(f"not valid JSON: {syntax.msg} (line {syntax.lineno}, column {syntax.colno})",
                                source=source)]
        problems = _structure_problems(error, raw, source)
        patients = _sound_patients(raw)
    patients = [with_derived_initials(patient) for patient in patients]
    counts = Counter(patient.registry_no for patient in patients)
    problems += [Problem(f"registry number appears {count} times in the file", "registry_no", registry_no, source)
                 for registry_no, count in sorted(counts.items()) if count > 1]
    return patients, problems


def _sound_patients(raw: Any) -> list[Patient]:
    items = raw.get("patients") if isinstance(raw, dict) else None
    sound = []
    for item in items if isinstance(items, list) else []:
        try:
            sound.append(Patient.model_validate(item))
        except ValidationError:
            continue  # already reported with its field paths
    return sound


def read_records(text: str | bytes, source: str = "", today: dt.date | None = None
                 ) -> tuple[list[Patient], list[Problem]]:
    """Parse and clinically validate a record file: every problem, and the patients only when
    there is none."""
    patients, problems = parse_records(text, source)
    for patient in patients:
        problems.extend(problem.located(source=source) for problem in validate_patient(patient, today))
    return ([] if problems else patients), problems


def _sort_key(part: Part) -> tuple[str, str]:
    """By date, then by every field: a total order that does not depend on input order."""
    fields = part.__dict__
    when = next((str(fields[name]) for name in ("date", "start", "onset") if fields.get(name)), "")
    return when, repr(tuple(fields.values()))


def _canonical_study(study: Study) -> Study:
    return study.model_copy(update={
        section: sorted(getattr(study, section), key=_sort_key) for section in STUDY_SECTIONS
    })


def canonical(patient: Patient) -> Patient:
    """The same patient with every section in a stable order (studies by enrolment day, and
    each study's lists by date)."""
    ordered = {section: sorted(getattr(patient, section), key=_sort_key) for section in CHILD_SECTIONS}
    ordered["studies"] = sorted((_canonical_study(study) for study in patient.studies),
                                key=lambda s: (s.enrolled_on, s.trial, s.subject_no, repr(s)))
    return patient.model_copy(update=ordered)


def dump_records(patients: list[Patient]) -> str:
    ordered = [canonical(p) for p in sorted(patients, key=lambda p: p.registry_no)]
    return RecordFile(patients=ordered).model_dump_json(indent=2, exclude_none=True) + "\n"
