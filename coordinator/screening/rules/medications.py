"""Rules on medications: a drug or class taken in a window (with exceptions), stable treatment,
the daily dose, the cumulative dose."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coordinator.phrase import Joined, Phrase, both, word
from coordinator.phrase import term as _name
from coordinator.records.record import Medication
from coordinator.records.units import UnitError, convert
from coordinator.records.vocabulary import vocabulary
from coordinator.records.vocabulary_codes import DrugClass, DrugCode, Route
from coordinator.screening.facts import DAY_TEXT
from coordinator.screening.rules.answers import (NO, UNKNOWN, YES, Answer, Finding, combine, unique, unknown_for,
                                                 yes_or_no)
from coordinator.screening.rules.base import (DAYS, NO_OBSERVATIONS, OP_WORDS, LookBack, Op, Rule, compare, comparer,
                                              window_start)


def _daily_mg(medication: Medication) -> float | None:
    if medication.dose is None or medication.dose_unit is None:
        return None
    dimension, factor = vocabulary().dose_units[medication.dose_unit]
    return float(medication.dose * factor) if dimension == "mass_per_day" else None


class _DrugsOrClasses:
    """For a model with `drugs` and `classes`: which drug codes match. The vocabulary is fixed,
    so that is worked out once per rule, not once per medication and patient."""

    if TYPE_CHECKING:  # the model's fields, declared by the model itself (field order is the schema's)
        drugs: list[str]
        classes: list[str]

    @cached_property
    def _matching(self) -> frozenset[str]:
        classes = set(self.classes)
        return frozenset(self.drugs) | {code for code, definition in vocabulary().medications.items()
                                        if classes & set(definition.classes)}


def _describe(medication: Medication) -> str:
    dose = f" {medication.dose:g} {medication.dose_unit}" if medication.dose is not None else ""
    route = Phrase(" {route}", route=word(medication.route)) if medication.route else ""
    until = DAY_TEXT[medication.stop] if medication.stop else ONGOING
    total = Phrase(", total {mg:g} mg", mg=medication.cumulative_dose_mg) if medication.cumulative_dose_mg else ""
    return Phrase("{drug}{dose}{route} from {start} to {until}{total}", drug=_name(medication.drug), dose=dose,
                  route=route, start=DAY_TEXT[medication.start], until=until, total=total)


ONGOING = Phrase("ongoing")


def _overlaps(medication: Medication, start: dt.date, end: dt.date) -> bool:
    return medication.start <= end and (medication.stop is None or medication.stop >= start)


class ExposureException(_DrugsOrClasses, BaseModel):
    """An exposure the protocol does not count, e.g. IV methylprednisolone < 80 mg/day."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    drugs: list[DrugCode] = Field(default_factory=list)
    classes: list[DrugClass] = Field(default_factory=list)
    route: Route | None = None
    below_mg_per_day: float | None = None
    shorter_than_days: int | None = None

    def excuses(self, medication: Medication) -> bool:
        if medication.drug not in self._matching:
            return False
        if self.route is not None and medication.route != self.route:
            return False
        if self.below_mg_per_day is not None:
            daily = _daily_mg(medication)
            if daily is None and medication.dose_unit in ("mg", "g") and medication.dose is not None:
                daily = medication.dose * (1000 if medication.dose_unit == "g" else 1)
            if daily is None or not daily < self.below_mg_per_day:
                return False
        if self.shorter_than_days is not None:
            if medication.stop is None or (medication.stop - medication.start).days + 1 >= self.shorter_than_days:
                return False
        return True


class MedicationRule(_DrugsOrClasses, Rule):
    """Any exposure to the drugs / drug classes overlapping the `within_days` before screening
    (or, with `current`, taken on the screening date), apart from the protocol's exceptions."""

    kind: Literal["medication"]
    drugs: list[DrugCode] = Field(default_factory=list)
    classes: list[DrugClass] = Field(default_factory=list)
    route: Route | None = None
    within_days: LookBack | None = None
    current: bool = False
    exceptions: list[ExposureException] = Field(default_factory=list)

    def evaluate(self, facts, on):
        start = on if self.current else window_start(on, self.within_days)
        counted, excused = [], []
        matching = self._matching
        for medication in facts.patient.medications:
            if medication.drug not in matching or not _overlaps(medication, start, on):
                continue
            if self.route is not None and medication.route != self.route:
                continue
            (excused if any(e.excuses(medication) for e in self.exceptions) else counted).append(medication)
        if not counted and not excused:
            return self._none_recorded
        evidence = [_describe(m) for m in counted] + [Phrase("not counted (protocol exception): {medication}",
                                                              medication=_describe(m)) for m in excused]
        if not counted:
            evidence.insert(0, self._none_text)
        return yes_or_no(bool(counted), *evidence)

    def answerer(self):
        matching, route, current, within, exceptions = (self._matching, self.route, self.current,
                                                        self.within_days, self.exceptions)

        def answer(facts, on):
            start = on if current else window_start(on, within)
            for medication in facts.patient.medications:
                if medication.drug not in matching or not _overlaps(medication, start, on):
                    continue
                if route is not None and medication.route != route:
                    continue
                if not any(e.excuses(medication) for e in exceptions):
                    return YES  # one counted exposure settles it
            return NO
        return answer

    @cached_property  # the usual finding, the same for every patient without these drugs
    def _none_recorded(self) -> Finding:
        return yes_or_no(False, self._none_text)

    @cached_property
    def _none_text(self) -> str:
        return Phrase("no {what} recorded {when}", what=self._what(), when=self._when())

    def _what(self) -> str:
        return _names(self.drugs, self.classes)

    def _when(self) -> str:
        return Phrase("on the screening date") if self.current else (
            Phrase("in the {days} days before screening", days=self.within_days) if self.within_days
            else Phrase("ever"))

    def plain(self):
        route = Phrase(" ({route})", route=word(self.route)) if self.route else ""
        exceptions = Phrase(", except {count} protocol exception(s)", count=len(self.exceptions)) \
            if self.exceptions else ""
        return Phrase("{what}{route} taken {when}{exceptions}", what=self._what(), route=route, when=self._when(),
                      exceptions=exceptions)

    def observation_reads(self):
        return NO_OBSERVATIONS


def _names(drugs: list[str], classes: list[str]) -> str:
    """Vocabulary codes by name, then drug classes in words, e.g. 'Tacrolimus / calcineurin inhibitor'."""
    return Joined(" / ", [_name(d) for d in drugs] + [word(c.replace("_", " ")) for c in classes])


class StableTreatmentRule(_DrugsOrClasses, Rule):
    """At least one matching drug is taken now (unless `required` is false), and every matching
    drug taken now has been taken, unchanged, for at least `days` (a dose change starts a new
    medication record)."""

    kind: Literal["stable_treatment"]
    drugs: list[DrugCode] = Field(default_factory=list)
    classes: list[DrugClass] = Field(default_factory=list)
    days: int
    required: bool = Field(True, description="false: taking none of these drugs answers yes")

    def evaluate(self, facts, on):
        matching = self._matching
        current = [m for m in facts.patient.medications
                   if m.drug in matching and _overlaps(m, on, on)]
        if not current:
            return yes_or_no(not self.required, Phrase("none of these drugs is taken on the screening date"))
        since = on - DAYS[self.days]
        stable = all(m.start <= since for m in current)
        return yes_or_no(stable, *(Phrase("{medication} ({days} days)", medication=_describe(m), days=(on - m.start).days)
                                 for m in current))

    def answerer(self):
        matching, span, none_taken = self._matching, DAYS[self.days], NO if self.required else YES

        def answer(facts, on):
            current = [m for m in facts.patient.medications if m.drug in matching and _overlaps(m, on, on)]
            if not current:
                return none_taken
            since = on - span
            return YES if all(m.start <= since for m in current) else NO
        return answer

    def plain(self):
        if self.required:
            return Phrase("{what} taken at an unchanged dose for at least {days} days",
                          what=_names(self.drugs, self.classes), days=self.days)
        return Phrase("any {what} taken now taken at an unchanged dose for at least {days} days (or none taken)",
                      what=_names(self.drugs, self.classes), days=self.days)

    def observation_reads(self):
        return NO_OBSERVATIONS


class DoseIncreaseRule(_DrugsOrClasses, Rule):
    """A matching drug's daily dose was increased in the last `within_days`: a course of it starts
    in the period at a higher daily dose than the course of the same drug it follows (one still
    taken, or stopped at most `gap_days` before). A dose lowered or unchanged is no increase; with
    `new_starts`, a drug started in the period with no course before it counts as one. A dose not
    known in mg/d answers unknown, unless another course already shows an increase."""

    kind: Literal["dose_increase"]
    drugs: list[DrugCode] = Field(default_factory=list)
    classes: list[DrugClass] = Field(default_factory=list)
    within_days: LookBack
    new_starts: bool = Field(False, description="A drug started in the period without an earlier course counts")
    gap_days: int = Field(7, ge=0, description="A course stopped at most this long before the next one is continued by it")

    def _changes(self, facts, on) -> list[tuple[Medication, Medication | None, Answer]]:
        """Each matching course started in the period: (course, the one it follows, increased?)."""
        start, gap = on - DAYS[self.within_days], DAYS[self.gap_days]
        courses = sorted((m for m in facts.patient.medications if m.drug in self._matching and m.start <= on),
                         key=lambda m: m.start)
        found: list[tuple[Medication, Medication | None, Answer]] = []
        for course in (m for m in courses if m.start > start):
            before = [m for m in courses if m.drug == course.drug and m.start < course.start
                      and (m.stop is None or m.stop >= course.start - gap)]
            if not before:
                found.append((course, None, YES if self.new_starts else NO))
                continue
            now, then = _daily_mg(course), _daily_mg(before[-1])
            found.append((course, before[-1], UNKNOWN if now is None or then is None else YES if now > then else NO))
        return found

    def evaluate(self, facts, on):
        changes = self._changes(facts, on)
        answer = YES if any(a == YES for *_, a in changes) else UNKNOWN if any(a == UNKNOWN for *_, a in changes) else NO
        if not changes:
            return yes_or_no(False, Phrase("no course of {what} started in the {days} days before {day}",
                                           what=_names(self.drugs, self.classes), days=self.within_days,
                                           day=DAY_TEXT[on]))
        evidence = [Phrase("{course} after {before}", course=_describe(course), before=_describe(before))
                    if before is not None else Phrase("{course} (newly started)", course=_describe(course))
                    for course, before, _ in changes]
        if answer == UNKNOWN:
            undosed = next(course for course, _, a in changes if a == UNKNOWN)
            return unknown_for(Phrase("the daily doses (mg/d) of {drug} before and after {day}",
                                      drug=_name(undosed.drug), day=DAY_TEXT[undosed.start]), *evidence)
        return yes_or_no(answer == YES, *evidence)

    def answerer(self):
        changes_of = self._changes

        def answer(facts, on):
            answers = [a for *_, a in changes_of(facts, on)]
            return YES if YES in answers else UNKNOWN if UNKNOWN in answers else NO
        return answer

    def plain(self):
        started = Phrase(" (a new start counts)") if self.new_starts else ""
        return Phrase("the daily dose of {what} increased in the last {days} days{started}",
                      what=_names(self.drugs, self.classes), days=self.within_days, started=started)

    def observation_reads(self):
        return NO_OBSERVATIONS


def _settled_by_part(known: float, op: Op, limit: float) -> Answer | None:
    """What a total of which only `known` is known (the rest unknown, never negative) already
    settles: an upper limit it exceeds (no: a known violation), a lower one it reaches (yes)."""
    if op in ("<", "<=") and not compare(known, op, limit):
        return NO
    if op in (">", ">=") and compare(known, op, limit):
        return YES
    return None


class DailyDoseRule(_DrugsOrClasses, Rule):
    """The total daily dose now of the matching drugs (glucocorticoids as prednisone equivalent).
    With `throughout_days`, the limit must hold on every day of the last `throughout_days` days up
    to the screening date (the total is checked on each day a matching course starts or stops)."""

    kind: Literal["daily_dose"]
    drugs: list[DrugCode] = Field(default_factory=list)
    classes: list[DrugClass] = Field(default_factory=list)
    op: Op
    mg_per_day: float | None = None
    mg_per_kg_per_day: float | None = Field(
        None, description="A limit per kg of body weight instead: the latest weight within weight_within_days")
    weight_within_days: int = Field(90, ge=0, description="How recent the weight of a per-kg limit must be")
    prednisone_equivalent: bool = False
    throughout_days: int | None = None

    ADDED_LATER: ClassVar[frozenset[str]] = frozenset({"mg_per_kg_per_day", "weight_within_days"})

    @model_validator(mode="after")
    def _one_limit(self):
        if (self.mg_per_day is None) == (self.mg_per_kg_per_day is None):
            raise ValueError("give either mg_per_day or mg_per_kg_per_day")
        return self

    def _limit(self, facts, on) -> tuple[float | None, Finding | None]:
        """The limit in mg/d, and for a per-kg limit the weight it comes from (None: no weight)."""
        if self.mg_per_kg_per_day is None:
            assert self.mg_per_day is not None
            return self.mg_per_day, None
        weight = facts.latest("weight", on)
        if weight is None or weight.value is None or weight.date < on - DAYS[self.weight_within_days]:
            return None, unknown_for(Phrase("a body weight within {days} days before {day} (the limit is per kg)",
                                            days=self.weight_within_days, day=DAY_TEXT[on]))
        try:
            kg = convert("weight", weight.value, weight.unit, "kg") if weight.unit not in (None, "kg") else weight.value
        except UnitError as error:
            return None, unknown_for(Phrase("a body weight in a convertible unit"), str(error))
        limit = self.mg_per_kg_per_day * kg
        return limit, Finding(YES, (Phrase("{weight}: limit {per_kg:g} mg/kg/d = {limit:g} mg/d",
                                           weight=weight.describe(), per_kg=self.mg_per_kg_per_day, limit=limit),))

    def _throughout(self, facts, on, limit: float):
        start = on - DAYS[self.throughout_days]
        matching = self._matching
        courses = [m for m in facts.patient.medications
                   if m.drug in matching and _overlaps(m, start, on)]
        days = {start} | {m.start for m in courses if m.start > start} | \
            {m.stop + DAYS[1] for m in courses if m.stop is not None and m.stop < on}
        findings = [(day, self._on_day(facts, day, limit)) for day in sorted(days)]
        answer = combine([f.answer for _, f in findings])
        evidence = [_describe(m) for m in courses] or \
            [Phrase("none taken in the {days} days before {day}", days=self.throughout_days, day=DAY_TEXT[on])]
        evidence += [Phrase("on {day}: {evidence}", day=DAY_TEXT[day], evidence=f.evidence[-1])
                     for day, f in findings if f.answer != UNKNOWN]
        missing = unique(m for _, f in findings for m in f.missing) if answer == UNKNOWN else ()
        return Finding(answer, unique(evidence), missing)

    def evaluate(self, facts, on):
        limit, weighed = self._limit(facts, on)
        if limit is None:
            assert weighed is not None
            return weighed
        found = self._throughout(facts, on, limit) if self.throughout_days is not None else self._on_day(facts, on, limit)
        return found if weighed is None else Finding(found.answer, weighed.evidence + found.evidence, found.missing)

    def _on_day(self, facts, on, limit: float):
        """The total daily dose on one day."""
        matching = self._matching
        current = [m for m in facts.patient.medications
                   if m.drug in matching and _overlaps(m, on, on)]
        total, evidence, undosed = 0.0, list[str](), list[Medication]()
        for medication in current:
            daily = _daily_mg(medication)
            if daily is None:
                undosed.append(medication)
                continue
            if self.prednisone_equivalent:
                factor = vocabulary().medications[medication.drug].prednisone_equivalent or 1
                daily *= factor
                evidence.append(Phrase("{medication} = {daily:g} mg/d prednisone equivalent",
                                       medication=_describe(medication), daily=daily))
            else:
                evidence.append(_describe(medication))
            total += daily
        if not current:
            evidence.append(Phrase("none taken on the screening date (0 mg/d)"))
        if undosed:
            settled = _settled_by_part(total, self.op, limit)
            if settled is None:
                return unknown_for(Phrase("the daily dose of {drug} (mg/d)", drug=_name(undosed[0].drug)),
                                   *evidence, *map(_describe, undosed))
            evidence += [_describe(m) for m in undosed]
            evidence.append(Phrase("at least {total:g} mg/d from the doses known (limit {op} {limit:g} mg/d)",
                                   total=total, op=self.op, limit=limit))
            return Finding(settled, tuple(evidence))
        evidence.append(Phrase("total {total:g} mg/d (limit {op} {limit:g} mg/d)", total=total, op=self.op,
                               limit=limit))
        return yes_or_no(compare(total, self.op, limit), *evidence)

    def answerer(self):
        if self.mg_per_day is None:  # a per-kg limit: the weight is read per patient
            return super().answerer()
        matching, equivalent, passes = self._matching, self.prednisone_equivalent, comparer(self.op, self.mg_per_day)
        medications = vocabulary().medications

        op, limit = self.op, self.mg_per_day

        def on_day(facts, on):
            total, undosed = 0.0, False
            for medication in facts.patient.medications:
                if medication.drug in matching and _overlaps(medication, on, on):
                    daily = _daily_mg(medication)
                    if daily is None:
                        undosed = True
                        continue
                    if equivalent:
                        daily *= medications[medication.drug].prednisone_equivalent or 1
                    total += daily
            if undosed:
                return _settled_by_part(total, op, limit) or UNKNOWN
            return YES if passes(total) else NO

        if self.throughout_days is None:
            return on_day
        span, day = DAYS[self.throughout_days], DAYS[1]

        def throughout(facts, on):
            start = on - span
            courses = [m for m in facts.patient.medications if m.drug in matching and _overlaps(m, start, on)]
            days = {start} | {m.start for m in courses if m.start > start} | \
                {m.stop + day for m in courses if m.stop is not None and m.stop < on}
            return combine([on_day(facts, each) for each in sorted(days)])
        return throughout

    def plain(self):
        unit = Phrase(" prednisone equivalent") if self.prednisone_equivalent else ""
        when = Phrase(" on every day of the last {days} days", days=self.throughout_days) if self.throughout_days \
            else ""
        if self.mg_per_kg_per_day is not None:
            return Phrase("current daily dose of {what} {op} {mg:g} mg/kg/d{unit}{when} (the latest weight within "
                          "{weight_days} days)", what=_names(self.drugs, self.classes), op=OP_WORDS[self.op],
                          mg=self.mg_per_kg_per_day, unit=unit, when=when, weight_days=self.weight_within_days)
        return Phrase("current daily dose of {what} {op} {mg:g} mg/d{unit}{when}", what=_names(self.drugs, self.classes),
                      op=OP_WORDS[self.op], mg=self.mg_per_day, unit=unit, when=when)

    def observation_reads(self):
        return {"weight": self.weight_within_days} if self.mg_per_kg_per_day is not None else NO_OBSERVATIONS


class CumulativeDoseRule(Rule):
    """The sum of the cumulative doses of courses overlapping the window, within [min, max]."""

    kind: Literal["cumulative_dose"]
    drugs: list[DrugCode]
    route: Route | None = None
    within_days: LookBack
    min_mg: float | None = None
    max_mg: float | None = None

    def evaluate(self, facts, on):
        start = on - DAYS[self.within_days]
        courses = [m for m in facts.patient.medications if m.drug in self.drugs and _overlaps(m, start, on)
                   and (self.route is None or m.route == self.route)]
        if not courses:
            return yes_or_no(False, Phrase("no {drugs} course in the {days} days before screening",
                                         drugs=_names(self.drugs, []), days=self.within_days))
        if any(m.cumulative_dose_mg is None for m in courses):
            known = sum(m.cumulative_dose_mg or 0 for m in courses)
            settled = self._settled_by_part(known)
            if settled is None:
                return unknown_for(Phrase("the cumulative dose (mg) of each course"), *map(_describe, courses))
            return Finding(settled, (*map(_describe, courses), Phrase(
                "at least {total:g} mg from the doses known", total=known)))
        total = sum(m.cumulative_dose_mg for m in courses)
        inside = (self.min_mg is None or compare(total, ">=", self.min_mg)) and \
                 (self.max_mg is None or compare(total, "<=", self.max_mg))
        return yes_or_no(inside, *map(_describe, courses), Phrase("cumulative {total:g} mg", total=total))

    def answerer(self):
        drugs, route, span = frozenset(self.drugs), self.route, DAYS[self.within_days]
        enough = comparer(">=", self.min_mg) if self.min_mg is not None else None
        not_too_much = comparer("<=", self.max_mg) if self.max_mg is not None else None

        def answer(facts, on):
            start = on - span
            courses = [m for m in facts.patient.medications if m.drug in drugs and _overlaps(m, start, on)
                       and (route is None or m.route == route)]
            if not courses:
                return NO
            if any(m.cumulative_dose_mg is None for m in courses):
                return self._settled_by_part(sum(m.cumulative_dose_mg or 0 for m in courses)) or UNKNOWN
            total = sum(m.cumulative_dose_mg for m in courses)
            inside = (enough is None or enough(total)) and (not_too_much is None or not_too_much(total))
            return YES if inside else NO
        return answer

    def _settled_by_part(self, known: float) -> Answer | None:
        """Courses without a recorded dose add an unknown amount: a known sum above the maximum is
        already too much (no); one reaching the minimum, with no maximum, already enough (yes)."""
        if self.max_mg is not None and known > self.max_mg:
            return NO
        if self.max_mg is None and self.min_mg is not None and known >= self.min_mg:
            return YES
        return None

    def plain(self):
        low = Phrase("at least {mg:g} mg", mg=self.min_mg) if self.min_mg is not None else ""
        high = Phrase("at most {mg:g} mg", mg=self.max_mg) if self.max_mg is not None else ""
        return Phrase("{drugs} in the {days} days before screening, cumulative dose {limits}",
                      drugs=_names(self.drugs, []), days=self.within_days,
                      limits=both(x for x in (low, high) if x) or Phrase("any"))

    def observation_reads(self):
        return NO_OBSERVATIONS
