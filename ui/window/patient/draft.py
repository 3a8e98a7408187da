"""A patient as being edited on the page, turned into a record and checked by the core: the
record format's own structure check first (as an import does), then the clinical validation.
Each problem is located back on the form field or table row it concerns."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from coordinator.records.derived import DerivedValue, derived_values
from coordinator.problems import Problem
from coordinator.records.record import CHILD_SECTIONS, FORMAT_NAME, FORMAT_VERSION, Observation, Patient, Study
from coordinator.records.record_io import parse_records
from coordinator.records.renal import Sex
from coordinator.records.validation import EARLIEST_BIRTH, validate_patient

# "observations[3] (creatinine).unit", "biopsies[0].isn_rps_classes[1]", "birth_date"
_INDEX = re.compile(r"\[\d+\]")
_FIELD = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\](?: \([^)]*\))?(?:\.(?P<field>[a-z_]+))?")


@dataclass(frozen=True)
class Located:
    problem: Problem
    section: str | None     # None: a demographic field
    row: int | None
    field: str | None

    @property
    def text(self) -> str:
        """The core's message with the field it names (the patient is the page's)."""
        return f"{self.problem.field}: {self.problem.message}" if self.problem.field else self.problem.message


def locate(problem: Problem) -> Located:
    match = _FIELD.match(problem.field)
    if match:
        return Located(problem, match["section"], int(match["index"]), match["field"])
    return Located(problem, None, None, problem.field or None)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Unset fields left out, so the record's defaults and its 'required' checks apply."""
    return {name: value for name, value in values.items() if value is not None and name != "converted"}


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def check_draft(demographics: dict[str, Any], sections: dict[str, list[dict[str, Any]]],
                studies: list[Study]) -> tuple[Patient | None, list[Located]]:
    """The record the page holds, or None, and every problem the core finds in it."""
    raw = _clean(demographics)
    for section, rows in sections.items():
        raw[section] = [_clean(row) for row in rows]
    raw["studies"] = [study.model_dump(mode="json") for study in studies]
    text = json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION, "patients": [raw]},
                      default=_json, ensure_ascii=False)
    patients, problems = parse_records(text)
    if patients and not problems:
        return patients[0], [locate(problem) for problem in validate_patient(patients[0])]
    located = [locate(problem) for problem in problems]
    unsound = {(item.section, item.row) for item in located if item.section is not None}
    return None, located + _problems_of_sound_items(demographics, sections, unsound)


def _problems_of_sound_items(demographics: dict[str, Any], sections: dict[str, list[dict[str, Any]]],
                             unsound: set[tuple[str, int]]) -> list[Located]:
    """The clinical problems of the items that are sound while the record as a whole is not yet
    (e.g. a new patient's results entered before the date of birth): the core checks them in a
    stand-in record, and each problem is placed back on its row."""
    positions: dict[str, list[int]] = {}
    parts: dict[str, list] = {}
    for section, rows in sections.items():
        for index, row in enumerate(rows):
            if (section, index) in unsound:
                continue
            try:
                part = CHILD_SECTIONS[section].model_validate(_clean(row))
            except ValidationError:
                continue
            parts.setdefault(section, []).append(part)
            positions.setdefault(section, []).append(index)
    sex, birth_date = demographics.get("sex"), demographics.get("birth_date")
    usable_birth = isinstance(birth_date, dt.date) and EARLIEST_BIRTH <= birth_date <= dt.date.today()
    stand_in = Patient.model_construct(registry_no=demographics.get("registry_no") or "-", name="-", initials=None,
                                       sex=Sex(sex) if sex in (Sex.FEMALE, Sex.MALE) else Sex.FEMALE,
                                       birth_date=birth_date if usable_birth else EARLIEST_BIRTH, **parts)
    found = []
    for problem in validate_patient(stand_in):
        item = locate(problem)
        if item.section in positions:  # the demographics are reported by the structure check
            field = _INDEX.sub(f"[{positions[item.section][item.row]}]", problem.field, count=1)
            found.append(locate(Problem(problem.message, field, problem.patient)))
    return found


def derivable(demographics: dict[str, Any], observations: list[dict[str, Any]]) -> list[DerivedValue]:
    """What the core derives (eGFR, creatinine clearance, BMI) from the results on the page
    that are sound, even while other parts of the record still have problems."""
    sex, birth_date = demographics.get("sex"), demographics.get("birth_date")
    if sex not in (Sex.FEMALE, Sex.MALE) or not isinstance(birth_date, dt.date):
        return []
    sound: list[Observation] = []
    for row in observations:
        try:
            sound.append(Observation.model_validate(_clean(row)))
        except ValidationError:
            continue
    patient = Patient.model_construct(registry_no="-", name="-", initials=None, sex=Sex(sex),
                                      birth_date=birth_date, observations=sound)
    if validate_patient(patient.model_copy(update={"observations": []})):
        return []  # e.g. a birth date in the future: nothing to derive from
    bad = {located.row for located in map(locate, validate_patient(patient)) if located.section == "observations"}
    usable = [obs for index, obs in enumerate(sound) if index not in bad]
    return derived_values(patient.model_copy(update={"observations": usable}))
