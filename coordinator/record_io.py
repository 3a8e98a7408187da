"""Reading and writing the JSON record format (resources/schemas/patient-record.schema.json).

`read_records` validates everything before anything is written, and reports every problem
with the file, patient and field it concerns. `dump_records` writes a canonical form
(patients by registry number, each section in a stable order), so that
export -> import -> export gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from pydantic import ValidationError

from coordinator.names import initials
from coordinator.problems import Problem
from coordinator.record import CHILD_SECTIONS, Part, Patient, RecordFile
from coordinator.validation import validate_patient


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
        value = detail.get("input")
        shown = "" if isinstance(value, (dict, list)) or detail["type"] == "missing" else f" (got {value!r})"
        problems.append(Problem(f"{detail['msg']}{shown}", _path(loc), patient, source))
    return problems


def read_records(text: str | bytes, source: str = "", today: dt.date | None = None
                 ) -> tuple[list[Patient], list[Problem]]:
    """Parse and validate a record file. Patients are returned only when there is no problem."""
    try:
        record_file = RecordFile.model_validate_json(text)
    except ValidationError as error:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as syntax:
            return [], [Problem(f"not valid JSON: {syntax.msg} (line {syntax.lineno}, column {syntax.colno})",
                                source=source)]
        return [], _structure_problems(error, raw, source)

    problems: list[Problem] = []
    patients = [with_derived_initials(patient) for patient in record_file.patients]
    for patient in patients:
        problems.extend(problem.located(source=source) for problem in validate_patient(patient, today))
    counts = Counter(patient.registry_no for patient in patients)
    for registry_no, count in sorted(counts.items()):
        if count > 1:
            problems.append(Problem(f"registry number appears {count} times in the file",
                                    "registry_no", registry_no, source))
    return ([] if problems else patients), problems


def _sort_key(part: Part) -> tuple[str, str]:
    data = part.model_dump(mode="json")
    when = next((data[name] for name in ("date", "start", "onset") if data.get(name)), "")
    return when, json.dumps(data, sort_keys=True, ensure_ascii=False)


def canonical(patient: Patient) -> Patient:
    """The same patient with every section in a stable order."""
    return patient.model_copy(update={
        section: sorted(getattr(patient, section), key=_sort_key) for section in CHILD_SECTIONS
    })


def dump_records(patients: list[Patient]) -> str:
    ordered = [canonical(p) for p in sorted(patients, key=lambda p: p.registry_no)]
    document = RecordFile(patients=ordered).model_dump(mode="json", exclude_none=True)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
