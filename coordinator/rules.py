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
from functools import cached_property
from typing import Annotated, ClassVar, Literal, NamedTuple, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coordinator.facts import DAY_TEXT, PatientFacts, Reading
from coordinator.phrase import Joined, Phrase, both, either, word
from coordinator.phrase import term as _name
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
# An answer inside a sentence (its str is the answer's value, as before).
ANSWER_PHRASES = {YES: Phrase("yes"), NO: Phrase("no"), UNKNOWN: Phrase("unknown"),
                  NEEDS_REVIEW: Phrase("needs_review")}


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
OP_WORDS = {"<": Phrase("below"), "<=": Phrase("at most"), ">": Phrase("above"), ">=": Phrase("at least"),
            "==": Phrase("equal to"), "!=": Phrase("not")}


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
        return _yes_no(inside, Phrase("age {age} on {day} (born {born})", age=age, day=DAY_TEXT[on],
                                       born=DAY_TEXT[facts.patient.birth_date]))

    def answerer(self):
        low, high = self.min, self.max

        def answer(facts, on):
            age = facts.age_on(on)
            return YES if (low is None or age >= low) and (high is None or age <= high) else NO
        return answer

    def plain(self):
        if self.min is not None and self.max is not None:
            return Phrase("age on the screening date from {min} to {max} years (inclusive)", min=self.min,
                          max=self.max)
        return (Phrase("age on the screening date at least {min} years", min=self.min) if self.min is not None
                else Phrase("age on the screening date at most {max} years", max=self.max))


class SexRule(Rule):
    """The recorded sex is `sex` (F or M)."""

    kind: Literal["sex"]
    sex: Literal["F", "M"]

    def evaluate(self, facts, on):
        return _yes_no(facts.patient.sex == self.sex, Phrase("sex {sex}", sex=facts.patient.sex))

    def answerer(self):
        sex = self.sex
        return lambda facts, on: YES if facts.patient.sex == sex else NO

    def plain(self):
        return Phrase("sex is {sex}", sex=self.sex)


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
            return _unknown(Phrase("a numeric {name} result", name=_name(self.code)), reading.describe())
        if self.uln_times is not None:
            if not reading.uln:
                return _unknown(Phrase("the lab's upper limit of normal for {name} on {day}", name=_name(self.code),
                                       day=reading.date), reading.describe())
            ratio = reading.value / reading.uln
            return _yes_no(compare(ratio, self.op, self.uln_times),
                           Phrase("{reading} = {ratio:.3f} x ULN{limit}", reading=reading.describe(), ratio=ratio,
                                  limit=self._limit))
        if reading.unit is None and self.unit is not None:
            return _unknown(Phrase("the unit of {name} on {day}", name=_name(self.code), day=reading.date),
                            reading.describe())
        try:
            value = reading.value if self.unit in (None, reading.unit) else \
                convert(self.code, reading.value, reading.unit, self.unit)
        except UnitError as error:
            return _unknown(Phrase("{name} in a convertible unit", name=_name(self.code)),
                            Phrase("{reading}: {error}", reading=reading.describe(), error=str(error)))
        shown = "" if self.unit in (None, reading.unit) else f" = {value:.4g} {self.unit}"
        return _yes_no(compare(value, self.op, self.value),
                       Phrase("{reading}{shown}{limit}", reading=reading.describe(), shown=shown, limit=self._limit))

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
            return Phrase(" (limit {op} {times:g} x ULN)", op=self.op, times=self.uln_times)
        limit = f"{self.value:g} {self.unit or ''}".strip()
        return Phrase(" (limit {op} {limit})", op=self.op, limit=limit)

    def plain(self):
        limit = Phrase("{times:g} x the lab's ULN", times=self.uln_times) if self.uln_times is not None else \
            f"{self.value:g} {self.unit or ''}".strip()
        return Phrase("latest {name} within {days} days is {op} {limit}", name=_name(self.code),
                      days=self.within_days, op=OP_WORDS[self.op], limit=limit)


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
        return Phrase("latest {name} within {days} days is {values}", name=_name(self.code), days=self.within_days,
                      values=either(map(word, self.any_of)))


def _latest_within(facts: PatientFacts, code: str, on: dt.date, days: int) -> tuple[Reading | None, Finding | None]:
    """The latest reading of `code` if it is within `days` before `on`; else None and why."""
    reading = facts.latest(code, on)
    if reading is None:
        return None, _unknown(Phrase("{name} (none recorded; needed within {days} days before {day})",
                                     name=_name(code), days=days, day=DAY_TEXT[on]))
    if reading.date < on - _DAYS[days]:
        return None, _unknown(Phrase("{name} within {days} days before {day}", name=_name(code), days=days,
                                     day=DAY_TEXT[on]),
                              Phrase("latest is too old: {reading}", reading=reading.describe()))
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
            return _unknown(Phrase("a numeric {name} result", name=_name(self.code)), current.describe())
        candidates = [r for r in facts.readings_between(self.code, start, end) if r.value is not None]
        if not candidates:
            return _unknown(Phrase("a baseline {name} between {start} and {end}", name=_name(self.code), start=start,
                                   end=end), current.describe())
        try:
            baseline = self._baseline(candidates)
            value = convert(self.code, current.value, current.unit, baseline.unit) \
                if current.unit != baseline.unit else current.value
        except UnitError as error:
            return _unknown(Phrase("{name} in a convertible unit", name=_name(self.code)),
                            Phrase("{reading}: {error}", reading=current.describe(), error=str(error)))
        if baseline.value == 0:
            return _unknown(Phrase("a non-zero baseline {name} (a change in percent from 0 is undefined)",
                                   name=_name(self.code)), baseline.describe(), current.describe())
        delta = (value - baseline.value) / baseline.value * 100
        evidence = (Phrase("baseline {reading}", reading=baseline.describe()),
                    Phrase("now {reading}", reading=current.describe()), Phrase("change {delta:+.1f}%", delta=delta))
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
        what = _CHANGE_WORDS[self.change]
        return Phrase("latest {name} has {change} by {op} {percent:g}% from the baseline taken {since}-{until} days "
                      "before screening", name=_name(self.code), change=what, op=OP_WORDS[self.op],
                      percent=self.percent, since=self.baseline_to_days, until=self.baseline_from_days)


_CHANGE_WORDS = {"decline": Phrase("fallen"), "rise": Phrase("risen"), "within": Phrase("changed")}


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
            return _unknown(Phrase("{name} results covering the {days} days before {day} (one near the start, one "
                                   "within {grace} days)", name=_name(code), days=self.days, day=on,
                                   grace=self.grace_days), *(r.describe() for r in readings))
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
        return Phrase("for at least {days} days: {rule}", days=self.days, rule=self.rule.plain())


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
        shown = Joined(", ", [Phrase("{domain} {grade}", domain=_DOMAIN_WORDS[d], grade=g) for d, g in grades.items()])
        a, b = list(grades.values()).count("A"), list(grades.values()).count("B")
        if a > self.max_a or b > self.max_b:
            return _yes_no(False, Phrase("BILAG-2004: {grades}", grades=shown), f"{a} A, {b} B")
        if missing:
            return _unknown(Phrase("BILAG-2004 grades within {days} days for: {domains}", days=self.within_days,
                                   domains=Joined(", ", [_DOMAIN_WORDS[d] for d in missing])), shown)
        return _yes_no(True, Phrase("BILAG-2004: {grades}", grades=shown), f"{a} A, {b} B")

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
        return Phrase("BILAG-2004: at most {a} A and at most {b} B across the nine domains", a=self.max_a, b=self.max_b)


_DOMAIN_WORDS = {
    "constitutional": Phrase("constitutional"), "mucocutaneous": Phrase("mucocutaneous"),
    "neuropsychiatric": Phrase("neuropsychiatric"), "musculoskeletal": Phrase("musculoskeletal"),
    "cardiorespiratory": Phrase("cardiorespiratory"), "gastrointestinal": Phrase("gastrointestinal"),
    "ophthalmic": Phrase("ophthalmic"), "renal": Phrase("renal"), "haematological": Phrase("haematological"),
}


# -- biopsy ------------------------------------------------------------------------------------------

class BiopsyFeature(BaseModel):
    """One biopsy finding compared with a limit, e.g. chronicity_index < 3."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    field: Literal["activity_index", "chronicity_index", "glomerulosclerosis_pct", "cellular_crescents_pct",
                   "capillary_loop_necrosis_pct", "microthrombi_pct", "tma_lesions", "interstitial_fibrosis_pct",
                   "imn_stage"]
    op: Op
    value: float | bool


_FEATURE_WORDS = {  # BiopsyFeature.field in words
    "activity_index": Phrase("activity index"), "chronicity_index": Phrase("chronicity index"),
    "glomerulosclerosis_pct": Phrase("glomerulosclerosis pct"), "cellular_crescents_pct": Phrase("cellular crescents pct"),
    "capillary_loop_necrosis_pct": Phrase("capillary loop necrosis pct"), "microthrombi_pct": Phrase("microthrombi pct"),
    "tma_lesions": Phrase("tma lesions"), "interstitial_fibrosis_pct": Phrase("interstitial fibrosis pct"),
    "imn_stage": Phrase("imn stage"),
}


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
            return _unknown(Phrase("a kidney biopsy result"))
        if self.within_days is not None and biopsy.date < on - _DAYS[self.within_days]:
            return _unknown(Phrase("a kidney biopsy within {days} days before {day}", days=self.within_days,
                                   day=DAY_TEXT[on]), Phrase("latest biopsy {day}", day=DAY_TEXT[biopsy.date]))
        found = ", ".join(biopsy.isn_rps_classes) or (Phrase("IMN stage {stage}", stage=biopsy.imn_stage)
                                                      if biopsy.imn_stage else Phrase("no class"))
        evidence = [Phrase("kidney biopsy {day}: {found}", day=DAY_TEXT[biopsy.date], found=found)]
        checks: list[Finding] = []  # three-valued: a missing feature is unknown, not false
        if self.classes_any:
            bases = {c.split("(")[0].split("-")[0] for c in biopsy.isn_rps_classes}
            checks.append(_yes_no(bool(bases & set(self.classes_any))))
        if self.imn:
            checks.append(_yes_no(biopsy.imn_stage is not None))
        if self.methods:
            if not biopsy.methods:
                checks.append(_unknown(Phrase("biopsy examination methods (LM / IF / EM) on {day}",
                                              day=DAY_TEXT[biopsy.date])))
            else:
                evidence.append(Phrase("examined by {methods}", methods=", ".join(biopsy.methods)))
                checks.append(_yes_no(set(self.methods) <= set(biopsy.methods)))
        for group, combine in ((self.all_features, combine_all), (self.any_feature, combine_any)):
            if not group:
                continue
            results = []
            for feature in group:
                value = getattr(biopsy, feature.field)
                name = _FEATURE_WORDS[feature.field]
                if value is None:
                    results.append(_unknown(Phrase("biopsy {feature} on {day}", feature=name, day=DAY_TEXT[biopsy.date])))
                    continue
                evidence.append(Phrase("{feature} {value}", feature=name, value=value))
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
        def feature(f: BiopsyFeature) -> str:
            return Phrase("{feature} {op} {value}", feature=_FEATURE_WORDS[f.field], op=f.op, value=f.value)

        parts = []
        if self.classes_any:
            parts.append(Phrase("ISN/RPS class {classes}", classes=either(self.classes_any)))
        parts += [feature(f) for f in self.all_features]
        if self.any_feature:
            parts.append(either(feature(f) for f in self.any_feature))
        if self.methods:
            parts.append(Phrase("examined by {methods}", methods=" + ".join(self.methods)))
        window = Phrase(" within {days} days", days=self.within_days) if self.within_days else ""
        return Phrase("latest kidney biopsy{window}: {checks}", window=window,
                      checks=Joined("; ", parts or [Phrase("membranous nephropathy staged")]))


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
        evidence = [_describe(m) for m in counted] + [Phrase("not counted (protocol exception): {medication}",
                                                              medication=_describe(m)) for m in excused]
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


def _names(drugs: list[str], classes: list[str]) -> str:
    """Vocabulary codes by name, then drug classes in words, e.g. 'Tacrolimus / calcineurin inhibitor'."""
    return Joined(" / ", [_name(d) for d in drugs] + [word(c.replace("_", " ")) for c in classes])


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
            return _yes_no(False, Phrase("none of these drugs is taken on the screening date"))
        since = on - _DAYS[self.days]
        stable = all(m.start <= since for m in current)
        return _yes_no(stable, *(Phrase("{medication} ({days} days)", medication=_describe(m), days=(on - m.start).days)
                                 for m in current))

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
        return Phrase("{what} taken at an unchanged dose for at least {days} days",
                      what=_names(self.drugs, self.classes), days=self.days)


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
            [Phrase("none taken in the {days} days before {day}", days=self.throughout_days, day=DAY_TEXT[on])]
        evidence += [Phrase("on {day}: {evidence}", day=DAY_TEXT[day], evidence=f.evidence[-1])
                     for day, f in findings if f.answer != UNKNOWN]
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
                return _unknown(Phrase("the daily dose of {drug} (mg/d)", drug=_name(medication.drug)),
                                _describe(medication))
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
        evidence.append(Phrase("total {total:g} mg/d (limit {op} {limit:g} mg/d)", total=total, op=self.op,
                               limit=self.mg_per_day))
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
        unit = Phrase(" prednisone equivalent") if self.prednisone_equivalent else ""
        when = Phrase(" on every day of the last {days} days", days=self.throughout_days) if self.throughout_days \
            else ""
        return Phrase("current daily dose of {what} {op} {mg:g} mg/d{unit}{when}", what=_names(self.drugs, self.classes),
                      op=OP_WORDS[self.op], mg=self.mg_per_day, unit=unit, when=when)


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
            return _yes_no(False, Phrase("no {drugs} course in the {days} days before screening",
                                         drugs=_names(self.drugs, []), days=self.within_days))
        if any(m.cumulative_dose_mg is None for m in courses):
            return _unknown(Phrase("the cumulative dose (mg) of each course"), *map(_describe, courses))
        total = sum(m.cumulative_dose_mg for m in courses)
        inside = (self.min_mg is None or compare(total, ">=", self.min_mg)) and \
                 (self.max_mg is None or compare(total, "<=", self.max_mg))
        return _yes_no(inside, *map(_describe, courses), Phrase("cumulative {total:g} mg", total=total))

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
        low = Phrase("at least {mg:g} mg", mg=self.min_mg) if self.min_mg is not None else ""
        high = Phrase("at most {mg:g} mg", mg=self.max_mg) if self.max_mg is not None else ""
        return Phrase("{drugs} in the {days} days before screening, cumulative dose {limits}",
                      drugs=_names(self.drugs, []), days=self.within_days,
                      limits=both(x for x in (low, high) if x) or Phrase("any"))


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
        evidence = [Phrase("{procedure} from {start} to {until}", procedure=_name(p.code), start=p.start,
                           until=p.stop or ONGOING) for p in found] or \
            [Phrase("no {what} recorded", what=_names(self.codes, []))]
        return _yes_no(bool(found), *evidence)

    def answerer(self):
        codes, current, within = frozenset(self.codes), self.current, self.within_days

        def answer(facts, on):
            start = on if current else _window_start(on, within)
            return YES if any(p.code in codes and p.start <= on and (p.stop is None or p.stop >= start)
                              for p in facts.patient.procedures) else NO
        return answer

    def plain(self):
        when = Phrase("now") if self.current else (Phrase("in the {days} days before screening", days=self.within_days)
                                                   if self.within_days else Phrase("ever"))
        return Phrase("{what} {when}", what=_names(self.codes, []), when=when)


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
            return _unknown(Phrase("when the {what} resolved", what=self._what()), *map(_describe_condition, undated))
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
        return _yes_no(False, Phrase("no {what} recorded", what=self._what()))

    def _what(self) -> str:
        kinds = Phrase(" ({kinds})", kinds=Joined(", ", [word(k.replace("_", " ")) for k in self.kinds])) \
            if self.kinds else ""
        return Phrase("{names}{kinds}", names=_names(self.codes, []), kinds=kinds)

    def plain(self):
        when = Phrase("ever") if self.ever else (
            Phrase("active in the {days} days before screening", days=self.within_days) if self.within_days
            else Phrase("active now"))
        excepted = Phrase(", not counting {kinds}", kinds=Joined(", ", map(word, self.except_kinds))) \
            if self.except_kinds else ""
        return Phrase("{what} {when}{excepted}", what=self._what(), when=when, excepted=excepted)


def _describe_condition(condition: Condition) -> str:
    parts = [_name(condition.code)]
    if condition.kind:
        parts.append(word(condition.kind.replace("_", " ")))
    if condition.agent:
        parts.append(Phrase("({agent})", agent=_name(condition.agent)))
    if condition.severity:
        parts.append(Phrase("severity {severity}", severity=word(condition.severity)))
    until = Phrase(" to {day}", day=condition.resolved) if condition.resolved else ""
    parts.append(Phrase("{status} from {onset}{until}", status=word(condition.status), onset=condition.onset or "?",
                        until=until))
    if condition.treatment:
        parts.append(Phrase("treatment {treatment}", treatment=word(condition.treatment)))
    return Joined(" ", parts)


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
        evidence = [Phrase("{diagnosis} diagnosed {day}{classification}", diagnosis=_name(d.code), day=d.date or "?",
                           classification=f" ({d.classification})" if d.classification else "") for d in found]
        if self.classifications:
            classified = [d for d in found if d.classification in self.classifications]
            if not classified:
                if any(d.classification is None for d in found):
                    return _unknown(Phrase("which classification criteria the diagnosis meets ({criteria})",
                                           criteria=" / ".join(self.classifications)), *evidence)
                return _yes_no(False, *evidence)
            found = classified
        if self.min_duration_days is not None:
            starts = [d.onset or d.date for d in found if (d.onset or d.date)]
            if not starts:
                return _unknown(Phrase("the date of diagnosis or onset"), *evidence)
            days = (on - min(starts)).days
            evidence.append(Phrase("disease duration {days} days", days=days))
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
        return _yes_no(False, Phrase("no diagnosis of {names} recorded", names=_names(self.codes, [])))

    def plain(self):
        classified = Phrase(" by {classifications}", classifications=either(self.classifications)) \
            if self.classifications else ""
        duration = Phrase(", for at least {days} days", days=self.min_duration_days) if self.min_duration_days else ""
        return Phrase("diagnosis of {names}{classified}{duration}", names=_names(self.codes, []),
                      classified=classified, duration=duration)


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
                return _yes_no(self.equals is False, Phrase("male patient"))
            return _unknown(Phrase("{what} status within {days} days before {day}", what=what, days=self.within_days,
                                   day=DAY_TEXT[on]))
        value = getattr(latest, self.field)
        if value is None:
            return _unknown(Phrase("{what} status on {day}", what=what, day=DAY_TEXT[latest.date]))
        if self.field == "contraception":
            return _yes_no(value in self.contraception_in, Phrase("contraception {method} on {day}", method=word(value),
                                                                  day=DAY_TEXT[latest.date]))
        return _yes_no(value == self.equals, Phrase("{what}: {answer} on {day}", what=what,
                                                    answer=ANSWER_PHRASES[YES if value else NO],
                                                    day=DAY_TEXT[latest.date]))

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
        return _REPRODUCTIVE_WORDS[self.field]

    def plain(self):
        if self.field == "contraception":
            return Phrase("latest contraception is {methods}", methods=either(map(word, self.contraception_in)))
        return Phrase("latest status: {what} is {answer}", what=self._what,
                      answer=ANSWER_PHRASES[YES if self.equals else NO])


_REPRODUCTIVE_WORDS = {
    "childbearing_potential": Phrase("childbearing potential"), "pregnant": Phrase("pregnant"),
    "lactating": Phrase("lactating"), "planning_pregnancy": Phrase("planning pregnancy"),
    "contraception": Phrase("contraception"),
}


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
        return Finding(NEEDS_REVIEW, (), (self.question or Phrase("a coordinator's or investigator's answer"),))

    def plain(self):
        return Phrase("answered by the coordinator or investigator{question}",
                      question=f": {self.question}" if self.question else "")


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
        return Phrase("all of: {rules}", rules=Joined("; ", [rule.plain() for rule in self.rules]))


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
        return Phrase("any of: {rules}", rules=Joined("; ", [rule.plain() for rule in self.rules]))


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
        return Phrase("the first that can be answered of: {rules}", rules=Joined("; ", [rule.plain() for rule in self.rules]))


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
        return Phrase("not ({rule})", rule=self.rule.plain())


AnyRule = Annotated[Union[AgeRule, SexRule, LabRule, ResultRule, ChangeRule, SustainedRule, BilagRule, BiopsyRule,
                          MedicationRule, StableTreatmentRule, DailyDoseRule, CumulativeDoseRule, ProcedureRule,
                          ConditionRule, DiagnosisRule, ReproductiveRule, ManualRule, AllOf, AnyOf, FirstKnown, NotRule],
                    Field(discriminator="kind")]

for _model in (AllOf, AnyOf, NotRule):
    _model.model_rebuild()
