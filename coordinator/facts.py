"""A patient's record arranged for fast look-ups by the rule engine, built once per patient
and shared by every trial it is screened against."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from coordinator.derived import derived_values
from coordinator.record import Observation, Patient
from coordinator.vocabulary import vocabulary


@dataclass(frozen=True)
class Reading:
    """One dated value of an observation code: recorded, or derived (then `derived_from` says how)."""

    code: str
    date: dt.date
    value: float | None
    unit: str | None
    text: str | None = None
    uln: float | None = None
    lln: float | None = None
    derived_from: str | None = None

    def describe(self) -> str:
        name = vocabulary().observations[self.code].en if self.code in vocabulary().observations else self.code
        shown = f"{self.value:g} {self.unit or ''}".strip() if self.value is not None else (self.text or "?")
        limits = f" (ULN {self.uln:g})" if self.uln is not None else ""
        origin = f", derived from {self.derived_from}" if self.derived_from else ""
        return f"{name} {shown}{limits} on {self.date}{origin}"


def _reading(obs: Observation) -> Reading:
    return Reading(obs.code, obs.date, obs.value, obs.unit, obs.text, obs.uln, obs.lln)


class PatientFacts:
    def __init__(self, patient: Patient):
        self.patient = patient

    @cached_property
    def readings(self) -> dict[str, list[Reading]]:
        """Readings by code, oldest first. Derived eGFR, creatinine clearance and BMI join the
        recorded ones; on a day with both, the recorded value comes last (it wins as 'latest')."""
        by_code: dict[str, list[Reading]] = defaultdict(list)
        for value in derived_values(self.patient):
            sources = ", ".join(value.sources)
            by_code[value.code].append(Reading(value.code, value.date, value.value, value.unit,
                                               derived_from=f"{sources} ({value.method})"))
        for obs in self.patient.observations:
            by_code[obs.code].append(_reading(obs))
        for readings in by_code.values():
            readings.sort(key=lambda r: (r.date, r.derived_from is None))
        return by_code

    def readings_between(self, code: str, start: dt.date, end: dt.date) -> list[Reading]:
        return [r for r in self.readings.get(code, ()) if start <= r.date <= end]

    def latest(self, code: str, on: dt.date) -> Reading | None:
        """The newest reading of `code` on or before `on`."""
        found = None
        for reading in self.readings.get(code, ()):
            if reading.date <= on:
                found = reading
        return found

    def age_on(self, day: dt.date) -> int:
        return self.patient.age_on(day)
