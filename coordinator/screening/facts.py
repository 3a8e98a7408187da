"""A patient's record arranged for fast look-ups by the rule engine, built once per patient
and shared by every trial it is screened against.

Look-ups are by code and date. A record holds hundreds of observations of which the rules
use a few (mostly the latest of each code), so each code's readings are put in date order
only when a rule first asks for the code, found by bisection, and turned into `Reading`s
(derived ones computed) only when a rule gets them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from coordinator.records.derived import DERIVATIONS, DerivedValue
from coordinator.phrase import Joined, Phrase, word
from coordinator.phrase import term as _name
from coordinator.records.record import Observation, Patient


class _ReadingFields(NamedTuple):
    code: str
    date: dt.date
    value: float | None
    unit: str | None
    text: str | None = None
    uln: float | None = None
    lln: float | None = None
    derivation: DerivedValue | None = None


class Reading(_ReadingFields):
    """One dated value of an observation code: recorded, or derived (then `derived_from` says how).

    A named tuple rather than a frozen dataclass: as immutable, and several times cheaper to make.
    (Subclassing without __slots__ gives each reading a __dict__ for the cached description.)"""

    def describe(self) -> str:
        return self._description

    @cached_property  # worded only when shown
    def derived_from(self) -> str | None:
        """How a derived reading was derived (None for a recorded one)."""
        derivation = self.derivation
        if derivation is None:
            return None
        return Phrase("{sources} ({method})", sources=Joined(", ", derivation.sources), method=derivation.method)

    @cached_property  # a reading is often cited by several rules and trials
    def _description(self) -> str:
        shown = f"{self.value:g} {self.unit or ''}".strip() if self.value is not None else (word(self.text) or "?")
        limits = Phrase(" (ULN {uln:g})", uln=self.uln) if self.uln is not None else ""
        origin = Phrase(", derived from {sources}", sources=self.derived_from) if self.derived_from else ""
        return Phrase("{name} {value}{limits} on {day}{origin}", name=_name(self.code), value=shown, limits=limits,
                      day=DAY_TEXT[self.date], origin=origin)


class _DayTexts(dict):
    """str(day) by day, each made once: formatting a date is slow, and evidence cites the same
    days over and over (`DAY_TEXT[day]`)."""

    def __missing__(self, day: dt.date) -> str:
        text = self[day] = str(day)
        return text


DAY_TEXT = _DayTexts()


def _reading(obs: Observation) -> Reading:
    return Reading(obs.code, obs.date, obs.value, obs.unit, obs.text, obs.uln, obs.lln)


def _derived_reading(value: DerivedValue | None) -> Reading | None:
    if value is None:
        return None
    return Reading(value.code, value.date, value.value, value.unit, derivation=value)


_NOT_MADE = object()
_by_date = attrgetter("date")


class _Series:
    """One code's readings, oldest first, each made from its source (`make(sources[i])`) when
    first asked for."""

    __slots__ = ("dates", "readings", "_sources", "_make")

    def __init__(self, dates: list[dt.date], sources: list, make: Callable[[Any], Reading | None]):
        self.dates = dates
        self.readings: list = [_NOT_MADE] * len(dates)
        self._sources = sources
        self._make = make

    def reading(self, index: int) -> Reading | None:
        """The reading at `index`; None for a derived value that turned out not to exist (e.g.
        a creatinine clearance without a recent weight)."""
        found = self.readings[index]
        if found is _NOT_MADE:
            found = self.readings[index] = self._make(self._sources[index])
        return found


_NO_READINGS = _Series([], [], _reading)


class PatientFacts:
    def __init__(self, patient: Patient):
        self.patient = patient
        self._series: dict[str, _Series] = {}
        self._newest: dict[tuple[str, dt.date], object] = {}

    @cached_property
    def _recorded(self) -> defaultdict[str, list[Observation]]:
        """The observations by code, in record order."""
        by_code: defaultdict[str, list[Observation]] = defaultdict(list)
        for obs in self.patient.observations:
            by_code[obs.code].append(obs)
        return by_code

    def _series_of(self, code: str) -> _Series:
        series = self._series.get(code)
        if series is None:
            series = self._series[code] = self._make_series(code)
        return series

    def _make_series(self, code: str) -> _Series:
        recorded = self._recorded.get(code, [])
        if code in DERIVATIONS:
            return self._derived_series(code, recorded)
        if not recorded:
            return _NO_READINGS
        if len(recorded) > 1:  # the sort is stable: readings of one day keep their record order
            recorded = sorted(recorded, key=_by_date)
        return _Series([obs.date for obs in recorded], recorded, _reading)

    def _derived_series(self, code: str, recorded: list[Observation]) -> _Series:
        """Derived readings and recorded ones: on a day with both, the derived ones come first,
        so the recorded value wins as 'latest'."""
        source, derive = DERIVATIONS[code]
        sources = self._recorded.get(source, [])
        # (date, recorded?, position): sorting these keeps record order within a day and kind
        order = sorted([(obs.date, False, i) for i, obs in enumerate(sources)] +
                       [(obs.date, True, i) for i, obs in enumerate(recorded)])
        # (the maker holds the patient and its observations, not these facts: no reference cycle,
        # so the facts are freed as soon as a pre-screen moves on to the next patient)
        patient, by_code = self.patient, self._recorded

        def make(entry: tuple[bool, Observation]) -> Reading | None:
            is_recorded, obs = entry
            return _reading(obs) if is_recorded else _derived_reading(derive(patient, obs, by_code))

        return _Series([date for date, _, _ in order],
                       [(is_recorded, (recorded if is_recorded else sources)[position])
                        for _, is_recorded, position in order], make)

    @cached_property
    def readings(self) -> dict[str, list[Reading]]:
        """Every reading by code, oldest first, derived eGFR, creatinine clearance and BMI
        included (the rules ask for single codes instead: see `latest`)."""
        found = {code: self.readings_between(code, dt.date.min, dt.date.max)
                 for code in dict.fromkeys([*self._recorded, *DERIVATIONS])}
        return defaultdict(list, {code: readings for code, readings in found.items() if readings})

    def readings_between(self, code: str, start: dt.date, end: dt.date) -> list[Reading]:
        series = self._series.get(code) or self._series_of(code)
        found = [series.reading(i) for i in range(bisect_left(series.dates, start), bisect_right(series.dates, end))]
        return [reading for reading in found if reading is not None]

    def latest(self, code: str, on: dt.date) -> Reading | None:
        """The newest reading of `code` on or before `on`."""
        series = self._series.get(code) or self._series_of(code)
        index = bisect_right(series.dates, on)
        while index:
            index -= 1
            reading = series.reading(index)
            if reading is not None:
                return reading
        return None

    def newest(self, section: str, on: dt.date):
        """The newest item of a dated section of the record ("biopsies", "reproductive") on or
        before `on`, the first recorded of its day. Many rules ask for the same day."""
        key = (section, on)
        if key not in self._newest:
            items = [item for item in getattr(self.patient, section) if item.date <= on]
            self._newest[key] = max(items, key=_by_date, default=None)
        return self._newest[key]

    def age_on(self, day: dt.date) -> int:
        return self.patient.age_on(day)
