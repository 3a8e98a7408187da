"""What a hospital system sent, as it sent it: one value per result, medication, condition or
patient, before anything is mapped. `where` locates it in its file for every message about it
("row 12", "message 2, OBX 3", "entry 5 (Observation/abc)")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Moment = dt.datetime | dt.date | str  # a parsed time, or the text the source wrote


@dataclass(frozen=True, slots=True)
class PatientIds:
    """How the source names the patient: hospital record number, registry number, name."""

    record_no: str = ""
    registry_no: str = ""
    name: str = ""

    def __str__(self) -> str:
        return self.registry_no or self.record_no or self.name or "?"


@dataclass(frozen=True, slots=True)
class IncomingResult:
    where: str
    patient: PatientIds
    test_name: str = ""
    test_code: str = ""          # a local code or abbreviation
    loinc: str = ""
    result: str | float = ""     # as written; spreadsheets give numbers as numbers
    unit: str = ""
    reference_range: str = ""
    low: float | None = None     # structured limits, where the format has them (FHIR)
    high: float | None = None
    flag: str = ""
    taken: Moment = ""           # when the sample was taken (or, failing that, reported)
    status: str = ""             # the source's result status; "" when the format has none

    @property
    def source_name(self) -> str:
        """The test as the source named it, for lists of what did not map."""
        names = [part for part in (self.test_name, self.test_code, self.loinc and f"LOINC {self.loinc}") if part]
        return " / ".join(dict.fromkeys(names)) or "(no test name)"

    @property
    def as_written(self) -> str:
        """The result as the source gave it, for the preview (whether or not it maps)."""
        result = f"{self.result:g}" if isinstance(self.result, float) else str(self.result)
        shown = " ".join(part for part in (result.strip(), self.unit.strip()) if part)
        return f"{shown} [{self.reference_range.strip()}]" if self.reference_range.strip() else shown


@dataclass(frozen=True, slots=True)
class IncomingPatient:
    """A patient as a FHIR Patient resource describes them (created only when asked for)."""

    where: str
    ids: PatientIds
    sex: str = ""                # F or M, "" when unknown or other
    birth_date: dt.date | None = None
    reference: str = ""          # how the source's other resources refer to it


@dataclass(frozen=True, slots=True)
class IncomingMedication:
    where: str
    patient: PatientIds
    drug_name: str
    drug_code: str = ""
    start: Moment = ""
    stop: Moment = ""
    dose: float | None = None
    dose_unit: str = ""
    route: str = ""
    status: str = ""

    @property
    def as_written(self) -> str:
        dose = "" if self.dose is None else f"{self.dose:g} {self.dose_unit}".strip()
        return " ".join(part for part in (dose, self.route) if part)


@dataclass(frozen=True, slots=True)
class IncomingCondition:
    where: str
    patient: PatientIds
    name: str
    code: str = ""
    onset: Moment = ""
    resolved: Moment = ""
    status: str = ""             # clinical status: active, resolved, ...
    verification: str = ""       # confirmed, entered-in-error, ...

    @property
    def as_written(self) -> str:
        return self.status


Incoming = IncomingResult | IncomingMedication | IncomingCondition


class UnreadableSource(ValueError):
    """A file (or a message or resource in it) that cannot be read at all; the message says
    where and why. Nothing of such a file is imported."""
