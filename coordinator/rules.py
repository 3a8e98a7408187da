"""The criterion rule catalogue: small typed rules that compose to express every criterion of
the five trials. Each rule answers one question for a patient on a date:

    yes / no / unknown (data missing, stale or outside its window: `missing` says which)
    / needs_review (a person must answer)

and carries its evidence: the values, units, dates and derivations it used.
Absence of a record of a drug, condition or procedure counts as "no", and says so in the
evidence; absence of a required lab value is "unknown".
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from collections.abc import Callable
from functools import cache, cached_property
from typing import Annotated, ClassVar, Literal, NamedTuple, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coordinator.facts import DAY_TEXT, PatientFacts, Reading
from coordinator.record import Condition, Medication
from coordinator.units import UnitError, convert, to_canonical
from coordinator.vocabulary import vocabulary


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NEEDS_REVIEW = "needs_review"


# The answers as plain names too: looking up a member on an enum class (Answer.YES) is slow in
# Python 3.11, and the rules do it hundreds of times per patient.
YES, NO, UNKNOWN, NEEDS_REVIEW = Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.NEEDS_REVIEW


class Finding(NamedTuple):
    """A rule's answer with its evidence. A named tuple rather than a frozen dataclass: as
    immutable, and several times cheaper to make (a pre-screen makes hundreds per patient)."""

    answer: Answer
    evidence: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _yes_no(condition: bool, *evidence: str) -> Finding:
    return Finding(YES if condition else NO, evidence)


def _unknown(missing: str, *evidence: str) -> Finding:
    return Finding(UNKNOWN, evidence, (missing,))


Op = Literal["<", "<=", ">", ">=", "==", "!="]
OP_WORDS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "equal to", "!=": "not"}


def compare(left: float, op: Op, right: float) -> bool:
    """Compare with a tolerance far below any lab's precision, so a value that is on a limit
    after a unit conversion counts as on it."""
    tolerance = 1e-9 * max(1.0, abs(right))
    if op == "<":
        return left < right - tolerance
    if op == "<=":
        return left <= right + tolerance
    if op == ">":
        return left > right + tolerance
    if op == ">=":
        return left >= right - tolerance
    if op == "==":
        return abs(left - right) <= tolerance
    if op == "!=":
        return abs(left - right) > tolerance
    raise KeyError(op)


def comparer(op: Op, right: float) -> Callable[[float], bool]:
    """`compare(left, op, right)` as a function of `left`, its limit worked out once."""
    tolerance = 1e-9 * max(1.0, abs(right))
    if op == "<":
        below = right - tolerance
        return lambda left: left < below
    if op == "<=":
        above = right + tolerance
        return lambda left: left <= above
    if op == ">":
        above = right + tolerance
        return lambda left: left > above
    if op == ">=":
        below = right - tolerance
        return lambda left: left >= below
    if op == "==":
        return lambda left: abs(left - right) <= tolerance
    if op == "!=":
        return lambda left: abs(left - right) > tolerance
    raise KeyError(op)


class _Spans(dict):
    """timedelta(days=n) by n, each made once: making one is slow, and the rules use a handful."""

    def __missing__(self, days: int) -> dt.timedelta:
        span = self[days] = dt.timedelta(days=days)
        return span


_DAYS = _Spans()


def _window_start(on: dt.date, days: int | None) -> dt.date:
    return dt.date.min if days is None else on - _DAYS[days]


@cache  # the vocabulary never changes while the program runs
def _name(code: str) -> str:
    vocab = vocabulary()
    for table in (vocab.observations, vocab.medications, vocab.conditions, vocab.diagnoses, vocab.procedures):
        if code in table:
            return table[code].en
    return code


AnswerFn = Callable[[PatientFacts, dt.date], Answer]
"""A rule reduced to its answer: (facts, screening date) -> yes / no / unknown / needs_review."""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def evaluate(self, facts: PatientFacts, on: dt.date) -> Finding:  # pragma: no cover - abstract
        raise NotImplementedError

    def answerer(self) -> AnswerFn:
        """The rule compiled into a plain function giving exactly `evaluate(...).answer` without
        the evidence, which is most of a rule's cost and which a pre-screen never shows. Its
        settings are read once here, not once per patient."""
        evaluate = self.evaluate
        return lambda facts, on: evaluate(facts, on).answer

    def plain(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


# -- demographics ------------------------------------------------------------------------------

class AgeRule(Rule):
    """Age in whole years on the screening date from `min` to `max` (both inclusive; either may
    be left out)."""

    kind: Literal["age"]
    min: int | None = None
    max: int | None = None

    def evaluate(self, facts, on):
        age = facts.age_on(on)
        inside = (self.min is None or age >= self.min) and (self.max is None or age <= self.max)
        return _yes_no(inside, f"age {age} on {DAY_TEXT[on]} (born {DAY_TEXT[facts.patient.birth_date]})")

    def answerer(self):
        low, high = self.min, self.max

        def answer(facts, on):
            age = facts.age_on(on)
            return YES if (low is None or age >= low) and (high is None or age <= high) else NO
        return answer

    def plain(self):
        if self.min is not None and self.max is not None:
            return f"age on the screening date from {self.min} to {self.max} years (inclusive)"
        return (f"age on the screening date at least {self.min} years" if self.min is not None
                else f"age on the screening date at most {self.max} years")


class SexRule(Rule):
    """The recorded sex is `sex` (F or M)."""

    kind: Literal["sex"]
    sex: Literal["F", "M"]

    def evaluate(self, facts, on):
        return _yes_no(facts.patient.sex == self.sex, f"sex {facts.patient.sex}")

    def answerer(self):
        sex = self.sex
        return lambda facts, on: YES if facts.patient.sex == sex else NO

    def plain(self):
        return f"sex is {self.sex}"


# -- observations --------------------------------------------------------------------------------

class LabRule(Rule):
    """The latest result of `code` within `within_days` compared with a limit, either in a unit
    (`value` + `unit`) or as a multiple of the lab's upper limit of normal (`uln_times`)."""

    kind: Literal["lab"]
    code: str
    op: Op
    value: float | None = None
    unit: str | None = None
    uln_times: float | None = None
    within_days: int = 28

    @model_validator(mode="after")
    def _one_limit(self):
        if (self.value is None) == (self.uln_times is None):
            raise ValueError("give either value (with unit) or uln_times")
        if self.code not in vocabulary().observations and self.code != "bmi":
            raise ValueError(f"unknown observation code '{self.code}'")
        return self

    def evaluate(self, facts, on):
        reading, stale = _latest_within(facts, self.code, on, self.within_days)
        if reading is None:
            return stale
        if reading.value is None:
            return _unknown(f"a numeric {_name(self.code)} result", reading.describe())
        if self.uln_times is not None:
            if not reading.uln:
                return _unknown(f"the lab's upper limit of normal for {_name(self.code)} on {reading.date}",
                                reading.describe())
            ratio = reading.value / reading.uln
            return _yes_no(compare(ratio, self.op, self.uln_times),
                           f"{reading.describe()} = {ratio:.3f} x ULN{self._limit}")
        if reading.unit is None and self.unit is not None:
            return _unknown(f"the unit of {_name(self.code)} on {reading.date}", reading.describe())
        try:
            value = reading.value if self.unit in (None, reading.unit) else \
                convert(self.code, reading.value, reading.unit, self.unit)
        except UnitError as error:
            return _unknown(f"{_name(self.code)} in a convertible unit", f"{reading.describe()}: {error}")
        shown = "" if self.unit in (None, reading.unit) else f" = {value:.4g} {self.unit}"
        return _yes_no(compare(value, self.op, self.value), f"{reading.describe()}{shown}{self._limit}")

    def answerer(self):
        code, unit, uln_times, span = self.code, self.unit, self.uln_times, _DAYS[self.within_days]
        passes = comparer(self.op, self.value if uln_times is None else uln_times)

        def answer(facts, on):
            reading = facts.latest(code, on)
            if reading is None or reading.date < on - span or reading.value is None:
                return UNKNOWN
            if uln_times is not None:
                if not reading.uln:
                    return UNKNOWN
                return YES if passes(reading.value / reading.uln) else NO
            if unit is None or unit == reading.unit:
                value = reading.value
            elif reading.unit is None:
                return UNKNOWN
            else:
                try:
                    value = convert(code, reading.value, reading.unit, unit)
                except UnitError:
                    return UNKNOWN
            return YES if passes(value) else NO
        return answer

    @cached_property  # the same words for every patient
    def _limit(self) -> str:
        if self.uln_times is not None:
            return f" (limit {self.op} {self.uln_times:g} x ULN)"
        limit = f"{self.value:g} {self.unit or ''}".strip()
        return f" (limit {self.op} {limit})"

    def plain(self):
        limit = f"{self.uln_times:g} x the lab's ULN" if self.uln_times is not None else \
            f"{self.value:g} {self.unit or ''}".strip()
        return f"latest {_name(self.code)} within {self.within_days} days is {OP_WORDS[self.op]} {limit}"


class ResultRule(Rule):
    """The latest coded result (e.g. HBsAg positive, RBC casts present) within the window."""

    kind: Literal["result"]
    code: str
    any_of: list[str]
    within_days: int = 90

    def evaluate(self, facts, on):
        reading, stale = _latest_within(facts, self.code, on, self.within_days)
        if reading is None:
            return stale
        return _yes_no(reading.text in self.any_of, reading.describe())

    def answerer(self):
        code, accepted, span = self.code, frozenset(self.any_of), _DAYS[self.within_days]

        def answer(facts, on):
            reading = facts.latest(code, on)
            if reading is None or reading.date < on - span:
                return UNKNOWN
            return YES if reading.text in accepted else NO
        return answer

    def plain(self):
        return f"latest {_name(self.code)} within {self.within_days} days is {' or '.join(self.any_of)}"


def _latest_within(facts: PatientFacts, code: str, on: dt.date, days: int) -> tuple[Reading | None, Finding | None]:
    """The latest reading of `code` if it is within `days` before `on`; else None and why."""
    reading = facts.latest(code, on)
    if reading is None:
        return None, _unknown(f"{_name(code)} (none recorded; needed within {days} days before {DAY_TEXT[on]})")
    if reading.date < on - _DAYS[days]:
        return None, _unknown(f"{_name(code)} within {days} days before {DAY_TEXT[on]}",
                              f"latest is too old: {reading.describe()}")
    return reading, None


class ChangeRule(Rule):
    """Change of the latest value from a baseline taken in an earlier period, in percent.

    `baseline_from_days`..`baseline_to_days` before the screening date is where the baseline is
    taken (its highest value for a decline, lowest for a rise, the earliest for `within`)."""

    kind: Literal["change"]
    code: str
    change: Literal["decline", "rise", "within"]
    op: Op = ">="
    percent: float
    baseline_from_days: int
    baseline_to_days: int
    current_within_days: int = 28

    def evaluate(self, facts, on):
        current, stale = _latest_within(facts, self.code, on, self.current_within_days)
        if current is None:
            return stale
        start, end = on - _DAYS[self.baseline_from_days], on - _DAYS[self.baseline_to_days]
        if current.value is None:
            return _unknown(f"a numeric {_name(self.code)} result", current.describe())
        candidates = [r for r in facts.readings_between(self.code, start, end) if r.value is not None]
        if not candidates:
            return _unknown(f"a baseline {_name(self.code)} between {start} and {end}", current.describe())
        try:
            baseline = self._baseline(candidates)
            value = convert(self.code, current.value, current.unit, baseline.unit) \
                if current.unit != baseline.unit else current.value
        except UnitError as error:
            return _unknown(f"{_name(self.code)} in a convertible unit", f"{current.describe()}: {error}")
        if baseline.value == 0:
            return _unknown(f"a non-zero baseline {_name(self.code)} (a change in percent from 0 is undefined)",
                            baseline.describe(), current.describe())
        delta = (value - baseline.value) / baseline.value * 100
        evidence = (f"baseline {baseline.describe()}", f"now {current.describe()}", f"change {delta:+.1f}%")
        return _yes_no(compare(self._measured(delta), self.op, self.percent), *evidence)

    def _baseline(self, candidates: list[Reading]) -> Reading:
        """The baseline among the readings of the baseline period (UnitError for a unit that
        cannot be compared)."""
        def level(reading: Reading) -> float:  # comparable across units
            return to_canonical(self.code, reading.value, reading.unit) if reading.unit else reading.value

        if self.change == "decline":
            return max(candidates, key=level)
        if self.change == "rise":
            return min(candidates, key=level)
        return candidates[0]

    def _measured(self, delta: float) -> float:
        """The change in percent as the limit reads it: a fall, a rise or either way."""
        return -delta if self.change == "decline" else delta if self.change == "rise" else abs(delta)

    def answerer(self):
        code, span = self.code, _DAYS[self.current_within_days]
        since, until = _DAYS[self.baseline_from_days], _DAYS[self.baseline_to_days]
        baseline_of, measured, passes = self._baseline, self._measured, comparer(self.op, self.percent)

        def answer(facts, on):
            current = facts.latest(code, on)
            if current is None or current.date < on - span or current.value is None:
                return UNKNOWN
            candidates = [r for r in facts.readings_between(code, on - since, on - until) if r.value is not None]
            if not candidates:
                return UNKNOWN
            try:
                baseline = baseline_of(candidates)
                value = convert(code, current.value, current.unit, baseline.unit) \
                    if current.unit != baseline.unit else current.value
            except UnitError:
                return UNKNOWN
            if baseline.value == 0:
                return UNKNOWN
            return YES if passes(measured((value - baseline.value) / baseline.value * 100)) else NO
        return answer

    def plain(self):
        what = {"decline": "fallen", "rise": "risen", "within": "changed"}[self.change]
        return (f"latest {_name(self.code)} has {what} by {OP_WORDS[self.op]} {self.percent:g}% from the baseline "
                f"taken {self.baseline_to_days}-{self.baseline_from_days} days before screening")


class SustainedRule(Rule):
    """Every result of the inner lab/result rule's code over the last `days` satisfies it, and
    the results cover the period (one near its start, one near its end)."""

    kind: Literal["sustained"]
    rule: LabRule | ResultRule
    days: int
    grace_days: int = 31

    def evaluate(self, facts, on):
        code = self.rule.code
        start = on - _DAYS[self.days + self.grace_days]
        readings = facts.readings_between(code, start, on)
        if not readings or readings[0].date > on - _DAYS[self.days - self.grace_days] \
                or readings[-1].date < on - _DAYS[self.grace_days]:
            return _unknown(f"{_name(code)} results covering the {self.days} days before {on} "
                            f"(one near the start, one within {self.grace_days} days)",
                            *(r.describe() for r in readings))
        findings = [self.rule.evaluate(_OneDay(facts, r), r.date) for r in readings]
        return _merge(combine_all(findings), findings)

    def answerer(self):
        code, inner = self.rule.code, self.rule.answerer()
        span, first_by, last_by = (_DAYS[self.days + self.grace_days], _DAYS[self.days - self.grace_days],
                                   _DAYS[self.grace_days])

        def answer(facts, on):
            readings = facts.readings_between(code, on - span, on)
            if not readings or readings[0].date > on - first_by or readings[-1].date < on - last_by:
                return UNKNOWN
            return all_answer([inner(_OneDay(facts, r), r.date) for r in readings])
        return answer

    def plain(self):
        return f"for at least {self.days} days: {self.rule.plain()}"


class _OneDay(PatientFacts):
    """A view of the facts where only one reading counts: used to test readings one by one."""

    def __init__(self, facts: PatientFacts, reading: Reading):
        super().__init__(facts.patient)
        self._reading = reading

    def latest(self, code, on):
        return self._reading if code == self._reading.code else None


class BilagRule(Rule):
    """BILAG-2004: the latest grade of each of the nine domains within `within_days`, with at most
    `max_a` A and at most `max_b` B grades."""

    kind: Literal["bilag"]
    max_a: int = 0
    max_b: int = 1
    within_days: int = 28

    DOMAINS: ClassVar[tuple[str, ...]] = ("constitutional", "mucocutaneous", "neuropsychiatric", "musculoskeletal", "cardiorespiratory",
               "gastrointestinal", "ophthalmic", "renal", "haematological")

    def evaluate(self, facts, on):
        grades, missing = {}, []
        for domain in self.DOMAINS:
            reading, _ = _latest_within(facts, f"bilag_{domain}", on, self.within_days)
            if reading is None:
                missing.append(domain)
            else:
                grades[domain] = reading.text
        shown = ", ".join(f"{d} {g}" for d, g in grades.items())
        a, b = list(grades.values()).count("A"), list(grades.values()).count("B")
        if a > self.max_a or b > self.max_b:
            return _yes_no(False, f"BILAG-2004: {shown}", f"{a} A, {b} B")
        if missing:
            return _unknown(f"BILAG-2004 grades within {self.within_days} days for: {', '.join(missing)}", shown)
        return _yes_no(True, f"BILAG-2004: {shown}", f"{a} A, {b} B")

    def answerer(self):
        codes = tuple(f"bilag_{domain}" for domain in self.DOMAINS)
        max_a, max_b, span = self.max_a, self.max_b, _DAYS[self.within_days]

        def answer(facts, on):
            start, a, b, missing = on - span, 0, 0, False
            for code in codes:
                reading = facts.latest(code, on)
                if reading is None or reading.date < start:
                    missing = True
                elif reading.text == "A":
                    a += 1
                elif reading.text == "B":
                    b += 1
            if a > max_a or b > max_b:
                return NO
            return UNKNOWN if missing else YES
        return answer

    def plain(self):
        return f"BILAG-2004: at most {self.max_a} A and at most {self.max_b} B across the nine domains"


# -- biopsy ------------------------------------------------------------------------------------------

class BiopsyFeature(BaseModel):
    """One biopsy finding compared with a limit, e.g. chronicity_index < 3."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    field: Literal["activity_index", "chronicity_index", "glomerulosclerosis_pct", "cellular_crescents_pct",
                   "capillary_loop_necrosis_pct", "microthrombi_pct", "tma_lesions", "interstitial_fibrosis_pct",
                   "imn_stage"]
    op: Op
    value: float | bool


class BiopsyRule(Rule):
    """The latest kidney biopsy (within `within_days`, if given) shows any of `classes_any`
    (ISN/RPS base classes: III matches III(A), IV matches IV-G(A/C)) and `all_features` /
    `any_feature` hold; with `methods`, the biopsy was examined by every one of them."""

    kind: Literal["biopsy"]
    within_days: int | None = None
    classes_any: list[str] = Field(default_factory=list)
    all_features: list[BiopsyFeature] = Field(default_factory=list)
    any_feature: list[BiopsyFeature] = Field(default_factory=list)
    imn: bool = False
    methods: list[Literal["LM", "IF", "EM"]] = Field(default_factory=list)

    def evaluate(self, facts, on):
        biopsy = facts.newest("biopsies", on)
        if biopsy is None:
            return _unknown("a kidney biopsy result")
        if self.within_days is not None and biopsy.date < on - _DAYS[self.within_days]:
            return _unknown(f"a kidney biopsy within {self.within_days} days before {DAY_TEXT[on]}",
                            f"latest biopsy {DAY_TEXT[biopsy.date]}")
        evidence = [f"kidney biopsy {DAY_TEXT[biopsy.date]}: " + (", ".join(biopsy.isn_rps_classes) or
                                                        (f"IMN stage {biopsy.imn_stage}" if biopsy.imn_stage else "no class"))]
        checks: list[Finding] = []  # three-valued: a missing feature is unknown, not false
        if self.classes_any:
            bases = {c.split("(")[0].split("-")[0] for c in biopsy.isn_rps_classes}
            checks.append(_yes_no(bool(bases & set(self.classes_any))))
        if self.imn:
            checks.append(_yes_no(biopsy.imn_stage is not None))
        if self.methods:
            if not biopsy.methods:
                checks.append(_unknown(f"biopsy examination methods (LM / IF / EM) on {DAY_TEXT[biopsy.date]}"))
            else:
                evidence.append(f"examined by {', '.join(biopsy.methods)}")
                checks.append(_yes_no(set(self.methods) <= set(biopsy.methods)))
        for group, combine in ((self.all_features, combine_all), (self.any_feature, combine_any)):
            if not group:
                continue
            results = []
            for feature in group:
                value = getattr(biopsy, feature.field)
                name = feature.field.replace("_", " ")
                if value is None:
                    results.append(_unknown(f"biopsy {name} on {DAY_TEXT[biopsy.date]}"))
                    continue
                evidence.append(f"{name} {value}")
                results.append(_yes_no(compare(float(value), feature.op, float(feature.value))))
            checks.append(Finding(combine(results), (), tuple(m for r in results for m in r.missing)))
        answer = combine_all(checks) if checks else YES
        missing = tuple(m for c in checks for m in c.missing) if answer == UNKNOWN else ()
        return Finding(answer, tuple(evidence), missing)

    def answerer(self):
        within, classes, imn, methods = self.within_days, set(self.classes_any), self.imn, set(self.methods)
        span = _DAYS[within] if within is not None else None
        groups = [([(feature.field, comparer(feature.op, float(feature.value))) for feature in group], combine)
                  for group, combine in ((self.all_features, all_answer), (self.any_feature, any_answer)) if group]

        def answer(facts, on):
            biopsy = facts.newest("biopsies", on)
            if biopsy is None or (span is not None and biopsy.date < on - span):
                return UNKNOWN
            checks = []
            if classes:
                bases = {c.split("(")[0].split("-")[0] for c in biopsy.isn_rps_classes}
                checks.append(YES if bases & classes else NO)
            if imn:
                checks.append(YES if biopsy.imn_stage is not None else NO)
            if methods:
                checks.append((YES if methods <= set(biopsy.methods) else NO) if biopsy.methods else UNKNOWN)
            for features, combine in groups:
                results = []
                for name, passes in features:
                    value = getattr(biopsy, name)
                    results.append(UNKNOWN if value is None else YES if passes(float(value)) else NO)
                checks.append(combine(results))
            return all_answer(checks) if checks else YES
        return answer

    def plain(self):
        parts = []
        if self.classes_any:
            parts.append(f"ISN/RPS class {' or '.join(self.classes_any)}")
        parts += [f"{f.field.replace('_', ' ')} {f.op} {f.value}" for f in self.all_features]
        if self.any_feature:
            parts.append(" or ".join(f"{f.field.replace('_', ' ')} {f.op} {f.value}" for f in self.any_feature))
        if self.methods:
            parts.append(f"examined by {' + '.join(self.methods)}")
        window = f" within {self.within_days} days" if self.within_days else ""
        return f"latest kidney biopsy{window}: " + "; ".join(parts or ["membranous nephropathy staged"])


# -- medications, procedures -------------------------------------------------------------------------

def _daily_mg(medication: Medication) -> float | None:
    if medication.dose is None or medication.dose_unit is None:
        return None
    dimension, factor = vocabulary().dose_units[medication.dose_unit]
    return float(medication.dose * factor) if dimension == "mass_per_day" else None


class _DrugsOrClasses:
    """For a model with `drugs` and `classes`: which drug codes match. The vocabulary is fixed,
    so that is worked out once per rule, not once per medication and patient."""

    @cached_property
    def _matching(self) -> frozenset[str]:
        classes = set(self.classes)
        return frozenset(self.drugs) | {code for code, definition in vocabulary().medications.items()
                                        if classes & set(definition.classes)}


def _describe(medication: Medication) -> str:
    dose = f" {medication.dose:g} {medication.dose_unit}" if medication.dose is not None else ""
    route = f" {medication.route}" if medication.route else ""
    until = DAY_TEXT[medication.stop] if medication.stop else "ongoing"
    total = f", total {medication.cumulative_dose_mg:g} mg" if medication.cumulative_dose_mg else ""
    return f"{_name(medication.drug)}{dose}{route} from {DAY_TEXT[medication.start]} to {until}{total}"


def _overlaps(medication: Medication, start: dt.date, end: dt.date) -> bool:
    return medication.start <= end and (medication.stop is None or medication.stop >= start)


class ExposureException(_DrugsOrClasses, BaseModel):
    """An exposure the protocol does not count, e.g. IV methylprednisolone < 80 mg/day."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    drugs: list[str] = Field(default_factory=list)
    classes: list[str] = Field(default_factory=list)
    route: str | None = None
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
    drugs: list[str] = Field(default_factory=list)
    classes: list[str] = Field(default_factory=list)
    route: str | None = None
    within_days: int | None = None
    current: bool = False
    exceptions: list[ExposureException] = Field(default_factory=list)

    def evaluate(self, facts, on):
        start = on if self.current else _window_start(on, self.within_days)
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
        evidence = [_describe(m) for m in counted] + [f"not counted (protocol exception): {_describe(m)}"
                                                       for m in excused]
        if not counted:
            evidence.insert(0, self._none_text)
        return _yes_no(bool(counted), *evidence)

    def answerer(self):
        matching, route, current, within, exceptions = (self._matching, self.route, self.current,
                                                        self.within_days, self.exceptions)

        def answer(facts, on):
            start = on if current else _window_start(on, within)
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
        return _yes_no(False, self._none_text)

    @cached_property
    def _none_text(self) -> str:
        return f"no {self._what()} recorded {self._when()}"

    def _what(self) -> str:
        return " / ".join([_name(d) for d in self.drugs] + [c.replace("_", " ") for c in self.classes])

    def _when(self) -> str:
        return "on the screening date" if self.current else (
            f"in the {self.within_days} days before screening" if self.within_days else "ever")

    def plain(self):
        route = f" ({self.route})" if self.route else ""
        exceptions = f", except {len(self.exceptions)} protocol exception(s)" if self.exceptions else ""
        return f"{self._what()}{route} taken {self._when()}{exceptions}"


class StableTreatmentRule(_DrugsOrClasses, Rule):
    """At least one matching drug is taken now, and every matching drug taken now has been
    taken, unchanged, for at least `days` (a dose change starts a new medication record)."""

    kind: Literal["stable_treatment"]
    drugs: list[str] = Field(default_factory=list)
    classes: list[str] = Field(default_factory=list)
    days: int

    def evaluate(self, facts, on):
        matching = self._matching
        current = [m for m in facts.patient.medications
                   if m.drug in matching and _overlaps(m, on, on)]
        if not current:
            return _yes_no(False, "none of these drugs is taken on the screening date")
        since = on - _DAYS[self.days]
        stable = all(m.start <= since for m in current)
        return _yes_no(stable, *(f"{_describe(m)} ({(on - m.start).days} days)" for m in current))

    def answerer(self):
        matching, span = self._matching, _DAYS[self.days]

        def answer(facts, on):
            current = [m for m in facts.patient.medications if m.drug in matching and _overlaps(m, on, on)]
            if not current:
                return NO
            since = on - span
            return YES if all(m.start <= since for m in current) else NO
        return answer

    def plain(self):
        what = " / ".join([_name(d) for d in self.drugs] + [c.replace("_", " ") for c in self.classes])
        return f"{what} taken at an unchanged dose for at least {self.days} days"


class DailyDoseRule(_DrugsOrClasses, Rule):
    """The total daily dose now of the matching drugs (glucocorticoids as prednisone equivalent).
    With `throughout_days`, the limit must hold on every day of the last `throughout_days` days up
    to the screening date (the total is checked on each day a matching course starts or stops)."""

    kind: Literal["daily_dose"]
    drugs: list[str] = Field(default_factory=list)
    classes: list[str] = Field(default_factory=list)
    op: Op
    mg_per_day: float
    prednisone_equivalent: bool = False
    throughout_days: int | None = None

    def _throughout(self, facts, on):
        start = on - _DAYS[self.throughout_days]
        matching = self._matching
        courses = [m for m in facts.patient.medications
                   if m.drug in matching and _overlaps(m, start, on)]
        days = {start} | {m.start for m in courses if m.start > start} | \
            {m.stop + _DAYS[1] for m in courses if m.stop is not None and m.stop < on}
        findings = [(day, self._on_day(facts, day)) for day in sorted(days)]
        answer = combine_all([f for _, f in findings])
        evidence = [_describe(m) for m in courses] or \
            [f"none taken in the {self.throughout_days} days before {DAY_TEXT[on]}"]
        evidence += [f"on {DAY_TEXT[day]}: {f.evidence[-1]}" for day, f in findings if f.answer != UNKNOWN]
        missing = unique(m for _, f in findings for m in f.missing) if answer == UNKNOWN else ()
        return Finding(answer, unique(evidence), missing)

    def evaluate(self, facts, on):
        if self.throughout_days is not None:
            return self._throughout(facts, on)
        return self._on_day(facts, on)

    def _on_day(self, facts, on):
        """The total daily dose on one day."""
        matching = self._matching
        current = [m for m in facts.patient.medications
                   if m.drug in matching and _overlaps(m, on, on)]
        total, evidence = 0.0, []
        for medication in current:
            daily = _daily_mg(medication)
            if daily is None:
                return _unknown(f"the daily dose of {_name(medication.drug)} (mg/d)", _describe(medication))
            if self.prednisone_equivalent:
                factor = vocabulary().medications[medication.drug].prednisone_equivalent or 1
                daily *= factor
                evidence.append(f"{_describe(medication)} = {daily:g} mg/d prednisone equivalent")
            else:
                evidence.append(_describe(medication))
            total += daily
        if not current:
            evidence.append("none taken on the screening date (0 mg/d)")
        evidence.append(f"total {total:g} mg/d (limit {self.op} {self.mg_per_day:g} mg/d)")
        return _yes_no(compare(total, self.op, self.mg_per_day), *evidence)

    def answerer(self):
        matching, equivalent, passes = self._matching, self.prednisone_equivalent, comparer(self.op, self.mg_per_day)
        medications = vocabulary().medications

        def on_day(facts, on):
            total = 0.0
            for medication in facts.patient.medications:
                if medication.drug in matching and _overlaps(medication, on, on):
                    daily = _daily_mg(medication)
                    if daily is None:
                        return UNKNOWN
                    if equivalent:
                        daily *= medications[medication.drug].prednisone_equivalent or 1
                    total += daily
            return YES if passes(total) else NO

        if self.throughout_days is None:
            return on_day
        span, day = _DAYS[self.throughout_days], _DAYS[1]

        def throughout(facts, on):
            start = on - span
            courses = [m for m in facts.patient.medications if m.drug in matching and _overlaps(m, start, on)]
            days = {start} | {m.start for m in courses if m.start > start} | \
                {m.stop + day for m in courses if m.stop is not None and m.stop < on}
            return all_answer([on_day(facts, each) for each in sorted(days)])
        return throughout

    def plain(self):
        what = " / ".join([_name(d) for d in self.drugs] + [c.replace("_", " ") for c in self.classes])
        unit = " prednisone equivalent" if self.prednisone_equivalent else ""
        when = f" on every day of the last {self.throughout_days} days" if self.throughout_days else ""
        return f"current daily dose of {what} {OP_WORDS[self.op]} {self.mg_per_day:g} mg/d{unit}{when}"


class CumulativeDoseRule(Rule):
    """The sum of the cumulative doses of courses overlapping the window, within [min, max]."""

    kind: Literal["cumulative_dose"]
    drugs: list[str]
    route: str | None = None
    within_days: int
    min_mg: float | None = None
    max_mg: float | None = None

    def evaluate(self, facts, on):
        start = on - _DAYS[self.within_days]
        courses = [m for m in facts.patient.medications if m.drug in self.drugs and _overlaps(m, start, on)
                   and (self.route is None or m.route == self.route)]
        if not courses:
            return _yes_no(False, f"no {' / '.join(map(_name, self.drugs))} course in the {self.within_days} days "
                                  "before screening")
        if any(m.cumulative_dose_mg is None for m in courses):
            return _unknown("the cumulative dose (mg) of each course", *map(_describe, courses))
        total = sum(m.cumulative_dose_mg for m in courses)
        inside = (self.min_mg is None or compare(total, ">=", self.min_mg)) and \
                 (self.max_mg is None or compare(total, "<=", self.max_mg))
        return _yes_no(inside, *map(_describe, courses), f"cumulative {total:g} mg")

    def answerer(self):
        drugs, route, span = frozenset(self.drugs), self.route, _DAYS[self.within_days]
        enough = comparer(">=", self.min_mg) if self.min_mg is not None else None
        not_too_much = comparer("<=", self.max_mg) if self.max_mg is not None else None

        def answer(facts, on):
            start = on - span
            courses = [m for m in facts.patient.medications if m.drug in drugs and _overlaps(m, start, on)
                       and (route is None or m.route == route)]
            if not courses:
                return NO
            if any(m.cumulative_dose_mg is None for m in courses):
                return UNKNOWN
            total = sum(m.cumulative_dose_mg for m in courses)
            inside = (enough is None or enough(total)) and (not_too_much is None or not_too_much(total))
            return YES if inside else NO
        return answer

    def plain(self):
        low = f"at least {self.min_mg:g} mg" if self.min_mg is not None else ""
        high = f"at most {self.max_mg:g} mg" if self.max_mg is not None else ""
        return (f"{' / '.join(map(_name, self.drugs))} in the {self.within_days} days before screening, "
                f"cumulative dose {' and '.join(x for x in (low, high) if x) or 'any'}")


class ProcedureRule(Rule):
    """A procedure of `codes` going on at screening (`current`), at any time in the `within_days`
    before it, or ever (neither given)."""

    kind: Literal["procedure"]
    codes: list[str]
    within_days: int | None = None
    current: bool = False

    def evaluate(self, facts, on):
        start = on if self.current else _window_start(on, self.within_days)
        found = [p for p in facts.patient.procedures if p.code in self.codes and p.start <= on
                 and (p.stop is None or p.stop >= start)]
        evidence = [f"{_name(p.code)} from {p.start} to {p.stop or 'ongoing'}" for p in found] or \
            [f"no {' / '.join(map(_name, self.codes))} recorded"]
        return _yes_no(bool(found), *evidence)

    def answerer(self):
        codes, current, within = frozenset(self.codes), self.current, self.within_days

        def answer(facts, on):
            start = on if current else _window_start(on, within)
            return YES if any(p.code in codes and p.start <= on and (p.stop is None or p.stop >= start)
                              for p in facts.patient.procedures) else NO
        return answer

    def plain(self):
        when = "now" if self.current else (f"in the {self.within_days} days before screening"
                                           if self.within_days else "ever")
        return f"{' / '.join(map(_name, self.codes))} {when}"


# -- history -----------------------------------------------------------------------------------------

class ConditionRule(Rule):
    """A recorded condition of the given codes (and kinds), active now (default), active at any
    time in the last `within_days`, or `ever`; `except_kinds` are not counted (with
    `except_only_if_treated`, only when treated)."""

    kind: Literal["condition"]
    codes: list[str]
    kinds: list[str] = Field(default_factory=list)
    within_days: int | None = None
    ever: bool = False
    severities: list[str] = Field(default_factory=list)
    uncontrolled: bool = False
    hospitalised: bool = False
    treatments: list[str] = Field(default_factory=list)
    agents: list[str] = Field(default_factory=list)
    except_kinds: list[str] = Field(default_factory=list)
    except_only_if_treated: bool = False

    def _counts(self, condition: Condition, on: dt.date) -> bool | None:
        """Whether this condition counts; None when its dates cannot tell."""
        if condition.code not in self.codes or (self.kinds and condition.kind not in self.kinds):
            return False
        if self.agents and condition.agent not in self.agents:
            return False
        if self.severities and condition.severity not in self.severities:
            return False
        if self.uncontrolled and condition.controlled is not False:
            return False
        if self.hospitalised and not condition.hospitalised:
            return False
        if self.treatments and condition.treatment not in self.treatments:
            return False
        if condition.kind in self.except_kinds:
            treated = condition.treatment not in (None, "none")
            if treated or not self.except_only_if_treated:
                return False
        if condition.onset is not None and condition.onset > on:
            return False
        if self.ever:
            return True
        ended = condition.resolved if condition.status == "resolved" else None
        if condition.status == "resolved" and ended is None:
            return None if self.within_days is not None else False
        start = on if self.within_days is None else on - _DAYS[self.within_days]
        return ended is None or ended >= start

    def evaluate(self, facts, on):
        found, undated = [], []
        codes = self.codes
        for condition in facts.patient.conditions:
            if condition.code in codes:  # (_counts says no to the others, but more slowly)
                counts = self._counts(condition, on)
                if counts:
                    found.append(condition)
                elif counts is None:
                    undated.append(condition)
        if found:
            return _yes_no(True, *map(_describe_condition, found))
        if undated:
            return _unknown(f"when the {self._what()} resolved", *map(_describe_condition, undated))
        return self._none_recorded

    def answerer(self):
        codes, counts = frozenset(self.codes), self._counts

        def answer(facts, on):
            undated = False
            for condition in facts.patient.conditions:
                if condition.code in codes:
                    found = counts(condition, on)
                    if found:
                        return YES
                    undated = undated or found is None
            return UNKNOWN if undated else NO
        return answer

    @cached_property  # the usual finding, the same for every patient without this condition
    def _none_recorded(self) -> Finding:
        return _yes_no(False, f"no {self._what()} recorded")

    def _what(self) -> str:
        kinds = f" ({', '.join(k.replace('_', ' ') for k in self.kinds)})" if self.kinds else ""
        return " / ".join(map(_name, self.codes)) + kinds

    def plain(self):
        when = "ever" if self.ever else (f"active in the {self.within_days} days before screening"
                                         if self.within_days else "active now")
        excepted = f", not counting {', '.join(self.except_kinds)}" if self.except_kinds else ""
        return f"{self._what()} {when}{excepted}"


def _describe_condition(condition: Condition) -> str:
    parts = [_name(condition.code)]
    if condition.kind:
        parts.append(condition.kind.replace("_", " "))
    if condition.agent:
        parts.append(f"({_name(condition.agent)})")
    if condition.severity:
        parts.append(f"severity {condition.severity}")
    span = f"from {condition.onset or '?'}" + (f" to {condition.resolved}" if condition.resolved else "")
    parts.append(f"{condition.status} {span}")
    if condition.treatment:
        parts.append(f"treatment {condition.treatment}")
    return " ".join(parts)


class DiagnosisRule(Rule):
    """A recorded diagnosis of `codes`; with `classifications`, meeting one of those
    classification criteria; with `min_duration_days`, onset (or diagnosis) that many days ago or more."""

    kind: Literal["diagnosis"]
    codes: list[str]
    classifications: list[str] = Field(default_factory=list)
    min_duration_days: int | None = None

    def evaluate(self, facts, on):
        found = [d for d in facts.patient.diagnoses if d.code in self.codes and (d.date or d.onset or on) <= on]
        if not found:
            return self._none_recorded
        evidence = [f"{_name(d.code)} diagnosed {d.date or '?'}" + (f" ({d.classification})" if d.classification
                                                                     else "") for d in found]
        if self.classifications:
            classified = [d for d in found if d.classification in self.classifications]
            if not classified:
                if any(d.classification is None for d in found):
                    return _unknown(f"which classification criteria the diagnosis meets "
                                    f"({' / '.join(self.classifications)})", *evidence)
                return _yes_no(False, *evidence)
            found = classified
        if self.min_duration_days is not None:
            starts = [d.onset or d.date for d in found if (d.onset or d.date)]
            if not starts:
                return _unknown("the date of diagnosis or onset", *evidence)
            days = (on - min(starts)).days
            evidence.append(f"disease duration {days} days")
            return _yes_no(days >= self.min_duration_days, *evidence)
        return _yes_no(True, *evidence)

    def answerer(self):
        codes, classifications, min_days = frozenset(self.codes), frozenset(self.classifications), \
            self.min_duration_days

        def answer(facts, on):
            found = [d for d in facts.patient.diagnoses if d.code in codes and (d.date or d.onset or on) <= on]
            if not found:
                return NO
            if classifications:
                classified = [d for d in found if d.classification in classifications]
                if not classified:
                    return UNKNOWN if any(d.classification is None for d in found) else NO
                found = classified
            if min_days is None:
                return YES
            starts = [d.onset or d.date for d in found if (d.onset or d.date)]
            if not starts:
                return UNKNOWN
            return YES if (on - min(starts)).days >= min_days else NO
        return answer

    @cached_property  # the usual finding, the same for every patient without this diagnosis
    def _none_recorded(self) -> Finding:
        return _yes_no(False, f"no diagnosis of {' / '.join(map(_name, self.codes))} recorded")

    def plain(self):
        classified = f" by {' or '.join(self.classifications)}" if self.classifications else ""
        duration = f", for at least {self.min_duration_days} days" if self.min_duration_days else ""
        return f"diagnosis of {' / '.join(map(_name, self.codes))}{classified}{duration}"


class ReproductiveRule(Rule):
    """The latest reproductive status within the window: a yes/no field, or contraception."""

    kind: Literal["reproductive"]
    field: Literal["childbearing_potential", "pregnant", "lactating", "planning_pregnancy", "contraception"]
    equals: bool | None = None
    contraception_in: list[str] = Field(default_factory=list)
    within_days: int = 90

    def evaluate(self, facts, on):
        latest = facts.newest("reproductive", on)
        what = self._what
        if latest is None or latest.date < on - _DAYS[self.within_days]:
            if facts.patient.sex == "M" and self.field in ("pregnant", "lactating", "childbearing_potential"):
                return _yes_no(self.equals is False, "male patient")
            return _unknown(f"{what} status within {self.within_days} days before {DAY_TEXT[on]}")
        value = getattr(latest, self.field)
        if value is None:
            return _unknown(f"{what} status on {DAY_TEXT[latest.date]}")
        if self.field == "contraception":
            return _yes_no(value in self.contraception_in, f"contraception {value} on {DAY_TEXT[latest.date]}")
        return _yes_no(value == self.equals, f"{what}: {'yes' if value else 'no'} on {DAY_TEXT[latest.date]}")

    def answerer(self):
        field, equals, accepted, span = self.field, self.equals, self.contraception_in, _DAYS[self.within_days]
        if_male = (YES if equals is False else NO) if field in ("pregnant", "lactating", "childbearing_potential") \
            else None

        def answer(facts, on):
            latest = facts.newest("reproductive", on)
            if latest is None or latest.date < on - span:
                return if_male if if_male is not None and facts.patient.sex == "M" else UNKNOWN
            value = getattr(latest, field)
            if value is None:
                return UNKNOWN
            if field == "contraception":
                return YES if value in accepted else NO
            return YES if value == equals else NO
        return answer

    @cached_property
    def _what(self) -> str:
        return self.field.replace("_", " ")

    def plain(self):
        if self.field == "contraception":
            return f"latest contraception is {' or '.join(self.contraception_in)}"
        return f"latest status: {self.field.replace('_', ' ')} is {'yes' if self.equals else 'no'}"


# -- people and combinations ---------------------------------------------------------------------------

class ManualRule(Rule):
    """Something only a person can answer (consent, judgment, willingness)."""

    kind: Literal["manual"]
    question: str | None = None

    def evaluate(self, facts, on):
        return self._finding

    def answerer(self):
        return always_needs_review

    @cached_property  # the same for every patient
    def _finding(self) -> Finding:
        return Finding(NEEDS_REVIEW, (), (self.question or "a coordinator's or investigator's answer",))

    def plain(self):
        return "answered by the coordinator or investigator" + (f": {self.question}" if self.question else "")


def combine_all(findings: list[Finding]) -> Answer:
    return all_answer([f.answer for f in findings])


def combine_any(findings: list[Finding]) -> Answer:
    return any_answer([f.answer for f in findings])


def all_answer(answers: list[Answer]) -> Answer:
    if NO in answers:
        return NO
    if answers.count(YES) == len(answers):  # all yes
        return YES
    return NEEDS_REVIEW if NEEDS_REVIEW in answers and UNKNOWN not in answers else UNKNOWN


def any_answer(answers: list[Answer]) -> Answer:
    if YES in answers:
        return YES
    if answers.count(NO) == len(answers):  # all no
        return NO
    return NEEDS_REVIEW if NEEDS_REVIEW in answers and UNKNOWN not in answers else UNKNOWN


def always_needs_review(facts, on) -> Answer:
    return NEEDS_REVIEW


# (Answerers return the Answer members themselves, so these compare by identity: faster.)

def all_answerer(answerers: list[AnswerFn]) -> AnswerFn:
    """`all_answer` of the answers, stopping at the first no (which settles it)."""
    def answer(facts, on):
        unknown = review = False
        for each in answerers:
            found = each(facts, on)
            if found is NO:
                return NO
            if found is UNKNOWN:
                unknown = True
            elif found is NEEDS_REVIEW:
                review = True
        return UNKNOWN if unknown else NEEDS_REVIEW if review else YES
    return answer


def any_answerer(answerers: list[AnswerFn]) -> AnswerFn:
    """`any_answer` of the answers, stopping at the first yes (which settles it)."""
    def answer(facts, on):
        unknown = review = False
        for each in answerers:
            found = each(facts, on)
            if found is YES:
                return YES
            if found is UNKNOWN:
                unknown = True
            elif found is NEEDS_REVIEW:
                review = True
        return UNKNOWN if unknown else NEEDS_REVIEW if review else NO
    return answer


def unique(items) -> tuple[str, ...]:
    """The items once each, in first-seen order (parts often cite the same value)."""
    return tuple(dict.fromkeys(items))


# (Findings are unpacked rather than read by name in these hot loops: unpacking a tuple is faster.)

def _merge(answer: Answer, findings: list[Finding]) -> Finding:
    evidence = unique([item for _, evidence, _ in findings for item in evidence])
    missing = tuple([item for _, _, missing in findings for item in missing]) if answer in (UNKNOWN, NEEDS_REVIEW) \
        else ()
    return Finding(answer, evidence, missing)


class AllOf(Rule):
    """Yes when every rule of `rules` is yes, no when any is no."""

    kind: Literal["all_of"]
    rules: list[AnyRule]

    def evaluate(self, facts, on):
        findings = [rule.evaluate(facts, on) for rule in self.rules]
        return _merge(all_answer([answer for answer, _, _ in findings]), findings)

    def answerer(self):
        return all_answerer([rule.answerer() for rule in self.rules])

    def plain(self):
        return "all of: " + "; ".join(rule.plain() for rule in self.rules)


class AnyOf(Rule):
    """Yes when any rule of `rules` is yes, no when all are no."""

    kind: Literal["any_of"]
    rules: list[AnyRule]

    def evaluate(self, facts, on):
        findings = [rule.evaluate(facts, on) for rule in self.rules]
        return _merge(any_answer([answer for answer, _, _ in findings]), findings)

    def answerer(self):
        return any_answerer([rule.answerer() for rule in self.rules])

    def plain(self):
        return "any of: " + "; ".join(rule.plain() for rule in self.rules)


class FirstKnown(Rule):
    """The answer of the first rule in `rules` the data can settle: for alternative measures of
    one thing (a spot urine protein/creatinine ratio or a 24-hour collection), whichever was done."""

    kind: Literal["first_known"]
    rules: list[AnyRule]

    def evaluate(self, facts, on):
        findings = [rule.evaluate(facts, on) for rule in self.rules]
        for finding in findings:
            if finding.answer in (YES, NO):
                return finding
        review = any(f.answer == NEEDS_REVIEW for f in findings)
        return Finding(NEEDS_REVIEW if review else UNKNOWN,
                       unique(e for f in findings for e in f.evidence), unique(m for f in findings for m in f.missing))

    def answerer(self):
        answerers = [rule.answerer() for rule in self.rules]

        def answer(facts, on):
            review = False
            for each in answerers:
                found = each(facts, on)
                if found == YES or found == NO:
                    return found
                review = review or found == NEEDS_REVIEW
            return NEEDS_REVIEW if review else UNKNOWN
        return answer

    def plain(self):
        return "the first that can be answered of: " + "; ".join(rule.plain() for rule in self.rules)


class NotRule(Rule):
    """The inner rule with yes and no swapped (unknown and needs_review stay as they are)."""

    kind: Literal["not"]
    rule: AnyRule

    def evaluate(self, facts, on):
        inner = self.rule.evaluate(facts, on)
        flipped = NO if inner.answer == YES else YES if inner.answer == NO else inner.answer
        return Finding(flipped, inner.evidence, inner.missing)

    def answerer(self):
        inner = self.rule.answerer()

        def answer(facts, on):
            found = inner(facts, on)
            return NO if found == YES else YES if found == NO else found
        return answer

    def plain(self):
        return f"not ({self.rule.plain()})"


AnyRule = Annotated[Union[AgeRule, SexRule, LabRule, ResultRule, ChangeRule, SustainedRule, BilagRule, BiopsyRule,
                          MedicationRule, StableTreatmentRule, DailyDoseRule, CumulativeDoseRule, ProcedureRule,
                          ConditionRule, DiagnosisRule, ReproductiveRule, ManualRule, AllOf, AnyOf, FirstKnown, NotRule],
                    Field(discriminator="kind")]

for _model in (AllOf, AnyOf, NotRule):
    _model.model_rebuild()
