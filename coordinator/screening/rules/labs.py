"""Rules on dated results and derived values: a value against a limit (in any unit, or as a
multiple of the lab's ULN/LLN), a coded result, a change from a baseline, a target sustained over
a period."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from operator import attrgetter
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coordinator.phrase import Joined, Phrase, either, word
from coordinator.phrase import term as _name
from coordinator.records.derived import DERIVATION_NEEDS
from coordinator.records.units import UnitError, convert, to_canonical
from coordinator.records.vocabulary import vocabulary
from coordinator.records.vocabulary_codes import DiagnosisCode, DrugCode, ObservationCode, check_qualifiers
from coordinator.screening.facts import DAY_TEXT, PatientFacts, Reading
from coordinator.screening.rules.answers import (NO, UNKNOWN, YES, Answer, Finding, combine, combine_findings, merge,
    unique, unknown_for, yes_or_no)
from coordinator.screening.rules.base import (DAYS, OP_WORDS, WHOLE_HISTORY, LookBack, Op, RecentWindow, Rule, compare,
    comparer)


class LabRule(Rule):
    """The latest result of `code` within `within_days` compared with a limit, either in a unit
    (`value` + `unit`) or as a multiple of the lab's upper limit of normal (`uln_times`)."""

    kind: Literal["lab"]
    code: ObservationCode
    op: Op
    value: float | None = None
    unit: str | None = None
    uln_times: float | None = None
    within_days: RecentWindow

    @model_validator(mode="after")
    def _one_limit(self):
        if (self.value is None) == (self.uln_times is None):
            raise ValueError("give either value (with unit) or uln_times")
        return self

    def evaluate(self, facts, on):
        reading, stale = _latest_within(facts, self.code, on, self.within_days)
        if reading is None:
            return stale
        if reading.value is None:
            return unknown_for(Phrase("a numeric {name} result", name=_name(self.code)), reading.describe())
        if self.uln_times is not None:
            if not reading.uln:
                return unknown_for(Phrase("the lab's upper limit of normal for {name} on {day}", name=_name(self.code),
                                       day=reading.date), reading.describe())
            ratio = reading.value / reading.uln
            return yes_or_no(compare(ratio, self.op, self.uln_times),
                           Phrase("{reading} = {ratio:.3f} x ULN{limit}", reading=reading.describe(), ratio=ratio,
                                  limit=self._limit))
        if reading.unit is None and self.unit is not None:
            return unknown_for(Phrase("the unit of {name} on {day}", name=_name(self.code), day=reading.date),
                            reading.describe())
        try:
            value = reading.value if self.unit in (None, reading.unit) else \
                convert(self.code, reading.value, reading.unit, self.unit)
        except UnitError as error:
            return unknown_for(Phrase("{name} in a convertible unit", name=_name(self.code)),
                            Phrase("{reading}: {error}", reading=reading.describe(), error=str(error)))
        shown = "" if self.unit in (None, reading.unit) else f" = {value:.4g} {self.unit}"
        return yes_or_no(compare(value, self.op, self.value),
                       Phrase("{reading}{shown}{limit}", reading=reading.describe(), shown=shown, limit=self._limit))

    def answerer(self):
        code, unit, uln_times, span = self.code, self.unit, self.uln_times, DAYS[self.within_days]
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
        return Phrase("latest {name} within {days} days is {op} {limit}", name=_name(self.code),
                      days=self.within_days, op=OP_WORDS[self.op], limit=self._limit_words)

    def condition(self) -> str:
        """What one result must show, e.g. 'creatinine above 1.5 x the lab's ULN'."""
        return Phrase("{name} {op} {limit}", name=_name(self.code), op=OP_WORDS[self.op], limit=self._limit_words)

    @property
    def _limit_words(self) -> str:
        return Phrase("{times:g} x the lab's ULN", times=self.uln_times) if self.uln_times is not None else \
            f"{self.value:g} {self.unit or ''}".strip()

    def observation_reads(self):
        return {self.code: self.within_days}


class ResultRule(Rule):
    """The latest coded result (e.g. HBsAg positive, RBC casts present) within the window."""

    kind: Literal["result"]
    code: ObservationCode
    any_of: list[str]
    within_days: RecentWindow

    @model_validator(mode="after")
    def _known_values(self):
        check_qualifiers(self.any_of, {self.code: vocabulary().observations[self.code].values}
                         if self.code in vocabulary().observations else {}, "coded result", "any_of")
        return self

    def evaluate(self, facts, on):
        reading, stale = _latest_within(facts, self.code, on, self.within_days)
        if reading is None:
            return stale
        return yes_or_no(reading.text in self.any_of, reading.describe())

    def answerer(self):
        code, accepted, span = self.code, frozenset(self.any_of), DAYS[self.within_days]

        def answer(facts, on):
            reading = facts.latest(code, on)
            if reading is None or reading.date < on - span:
                return UNKNOWN
            return YES if reading.text in accepted else NO
        return answer

    def plain(self):
        return Phrase("latest {name} within {days} days is {values}", name=_name(self.code), days=self.within_days,
                      values=either(map(word, self.any_of)))

    def condition(self) -> str:
        return Phrase("{name} {values}", name=_name(self.code), values=either(map(word, self.any_of)))

    def observation_reads(self):
        return {self.code: self.within_days}


def _latest_within(facts: PatientFacts, code: str, on: dt.date, days: int) -> tuple[Reading | None, Finding | None]:
    """The latest reading of `code` if it is within `days` before `on`; else None and why."""
    reading = facts.latest(code, on)
    if reading is None:
        if code in DERIVATION_NEEDS:  # say what it is derived from, which is what to obtain
            return None, unknown_for(Phrase("{name} (none recorded or derivable: needs {inputs} within {days} "
                                            "days before {day})", name=_name(code),
                                            inputs=Joined(" + ", [_name(c) for c in DERIVATION_NEEDS[code]]),
                                            days=days, day=DAY_TEXT[on]))
        return None, unknown_for(Phrase("{name} (none recorded; needed within {days} days before {day})",
                                     name=_name(code), days=days, day=DAY_TEXT[on]))
    if reading.date < on - DAYS[days]:
        return None, unknown_for(Phrase("{name} within {days} days before {day}", name=_name(code), days=days,
                                     day=DAY_TEXT[on]),
                              Phrase("latest is too old: {reading}", reading=reading.describe()))
    return reading, None


class ChangeRule(Rule):
    """Change of the latest value from a baseline taken in an earlier period, in percent.

    `baseline_from_days`..`baseline_to_days` before the screening date is where the baseline is
    taken (its highest value for a decline, lowest for a rise, the earliest for `within`)."""

    kind: Literal["change"]
    code: ObservationCode
    change: Literal["decline", "rise", "within"]
    op: Op = ">="
    percent: float
    baseline_from_days: LookBack
    baseline_to_days: LookBack
    current_within_days: RecentWindow

    def evaluate(self, facts, on):
        current, stale = _latest_within(facts, self.code, on, self.current_within_days)
        if current is None:
            return stale
        start, end = on - DAYS[self.baseline_from_days], on - DAYS[self.baseline_to_days]
        if current.value is None:
            return unknown_for(Phrase("a numeric {name} result", name=_name(self.code)), current.describe())
        candidates = [r for r in facts.readings_between(self.code, start, end) if r.value is not None]
        if not candidates:
            return unknown_for(Phrase("a baseline {name} between {start} and {end}", name=_name(self.code), start=start,
                                   end=end), current.describe())
        try:
            baseline = self._baseline(candidates)
            value = convert(self.code, current.value, current.unit, baseline.unit) \
                if current.unit != baseline.unit else current.value
        except UnitError as error:
            return unknown_for(Phrase("{name} in a convertible unit", name=_name(self.code)),
                            Phrase("{reading}: {error}", reading=current.describe(), error=str(error)))
        if baseline.value == 0:
            return unknown_for(Phrase("a non-zero baseline {name} (a change in percent from 0 is undefined)",
                                   name=_name(self.code)), baseline.describe(), current.describe())
        delta = (value - baseline.value) / baseline.value * 100
        evidence = (Phrase("baseline {reading}", reading=baseline.describe()),
                    Phrase("now {reading}", reading=current.describe()), Phrase("change {delta:+.1f}%", delta=delta))
        return yes_or_no(compare(self._measured(delta), self.op, self.percent), *evidence)

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
        code, span = self.code, DAYS[self.current_within_days]
        since, until = DAYS[self.baseline_from_days], DAYS[self.baseline_to_days]
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

    def condition(self) -> str:
        return Phrase("{name} {change} by {op} {percent:g}% from the baseline taken {since}-{until} days before "
                      "screening", name=_name(self.code), change=_CHANGE_WORDS[self.change], op=OP_WORDS[self.op],
                      percent=self.percent, since=self.baseline_to_days, until=self.baseline_from_days)

    def observation_reads(self):
        return {self.code: max(self.current_within_days, self.baseline_from_days)}


_CHANGE_WORDS = {"decline": Phrase("fallen"), "rise": Phrase("risen"), "within": Phrase("changed")}


class ResultEvent(BaseModel):
    """The first coded result of `code` that is one of `any_of`, e.g. a renal response recorded
    as complete or partial (the day of remission)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: ObservationCode
    any_of: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_values(self):
        known = vocabulary().observations.get(self.code)
        check_qualifiers(self.any_of, {self.code: known.values} if known else {}, "coded result", "any_of")
        return self


class ChangeAfterDiagnosisRule(Rule):
    """A change of `code` in percent in a period counted from a dated event: a diagnosis ("eGFR
    decline after confirmed IMN within 6-12 months is >= 30%"; `diagnosis_codes`) or the start of
    a treatment ("more than 50% reduction of proteinuria within 12 months from the initiation of
    induction therapy"; `start_of`) or a coded result ("the level at the time of renal disease
    remission"; `since_result`, e.g. the first renal response recorded complete): the value at the first such event (the result nearest it, at
    most `baseline_within_days` either side) against every result from `from_days` to `to_days`
    after it, up to screening. One result that has changed enough answers yes (a known change
    outranks missing results); results in the period that all have not answer no. No such event
    answers no (as a diagnosis or medication rule), and so does screening before the period
    starts: the change cannot have happened yet."""

    kind: Literal["change_after_diagnosis"]
    code: ObservationCode
    change: Literal["decline", "rise"]
    op: Op = ">="
    percent: float
    diagnosis_codes: list[DiagnosisCode] = Field(default_factory=list)
    start_of: list[DrugCode] = Field(default_factory=list,
                                     description="The event is the first start of any of these drugs instead")
    since_result: ResultEvent | None = Field(None, description="The event is the first such coded result instead")
    from_days: int
    to_days: int
    baseline_within_days: int = 31

    ADDED_LATER: ClassVar[frozenset[str]] = frozenset({"start_of", "since_result"})

    @model_validator(mode="after")
    def _a_period(self):
        if not 0 <= self.from_days <= self.to_days:
            raise ValueError("from_days must be 0 or more and at most to_days")
        if [bool(self.diagnosis_codes), bool(self.start_of), self.since_result is not None].count(True) != 1:
            raise ValueError("give one of diagnosis_codes, start_of or since_result (the event the period counts from)")
        return self

    def _event(self, facts, on) -> tuple[dt.date | None, str | None, bool]:
        """(the date of the first dated event by `on`, what it was, whether any is recorded)."""
        if self.since_result is not None:
            event = self.since_result
            found = next((r for r in facts.readings_between(event.code, dt.date.min, on) if r.text in event.any_of), None)
            return (None, None, False) if found is None else \
                (found.date, Phrase("{name} {value}", name=_name(event.code), value=word(found.text or "")), True)
        if self.start_of:
            started = [m for m in facts.patient.medications if m.drug in self.start_of and m.start <= on]
            first = min(started, key=attrgetter("start"), default=None)
            return (None, None, False) if first is None else \
                (first.start, Phrase("{drug} started", drug=_name(first.drug)), True)
        diagnosed = [d for d in facts.patient.diagnoses if d.code in self.diagnosis_codes and (d.date or on) <= on]
        dated = [d for d in diagnosed if d.date is not None]
        first_dated = min(dated, key=attrgetter("date"), default=None)
        if first_dated is None:
            return None, _name(diagnosed[0].code) if diagnosed else None, bool(diagnosed)
        return first_dated.date, Phrase("{name} confirmed", name=_name(first_dated.code)), True

    def _results(self, facts, confirmed: dt.date, on: dt.date) -> tuple[Reading | None, list[Reading]]:
        """The baseline (the numeric result nearest the confirmation, the earlier on a tie) and the
        numeric results of the period, up to `on`."""
        near = dt.timedelta(days=self.baseline_within_days)
        around = [r for r in facts.readings_between(self.code, confirmed - near, confirmed + near) if r.value is not None]
        baseline = min(around, key=lambda r: (abs((r.date - confirmed).days), r.date), default=None)
        start, end = self._period(confirmed, on)
        return baseline, [r for r in facts.readings_between(self.code, start, end) if r.value is not None]

    def _period(self, confirmed: dt.date, on: dt.date) -> tuple[dt.date, dt.date]:
        return confirmed + dt.timedelta(days=self.from_days), min(confirmed + dt.timedelta(days=self.to_days), on)

    def evaluate(self, facts, on):
        confirmed, what, recorded = self._event(facts, on)
        if not recorded:
            if self.since_result is not None:
                return yes_or_no(False, Phrase("no {name} of {values} recorded", name=_name(self.since_result.code),
                                               values=either(map(word, self.since_result.any_of))))
            if self.start_of:
                return yes_or_no(False, Phrase("no start of {names} recorded",
                                               names=either([_name(code) for code in self.start_of])))
            return yes_or_no(False, Phrase("no diagnosis of {names} recorded",
                                           names=either([_name(code) for code in self.diagnosis_codes])))
        if confirmed is None:
            return unknown_for(Phrase("the date {name} was confirmed", name=what))
        since = Phrase("{event} {day}", event=what, day=confirmed)
        start, end = self._period(confirmed, on)
        if on < start:
            return yes_or_no(False, since, Phrase("{days} days after it not yet reached at screening",
                                                  days=self.from_days))
        baseline, later = self._results(facts, confirmed, on)
        if baseline is None:
            return unknown_for(Phrase("a baseline {name} within {days} days of {day}", name=_name(self.code),
                                   days=self.baseline_within_days, day=confirmed), since)
        if baseline.value == 0:
            return unknown_for(Phrase("a non-zero baseline {name} (a change in percent from 0 is undefined)",
                                   name=_name(self.code)), since, baseline.describe())
        if not later:
            return unknown_for(Phrase("a result of {name} between {start} and {end}", name=_name(self.code),
                                   start=start, end=end), since, Phrase("baseline {reading}",
                                                                        reading=baseline.describe()))
        try:
            change, reading = max(((self._measured(r, baseline), r) for r in later), key=lambda found: found[0])
        except UnitError as error:
            return unknown_for(Phrase("{name} in a convertible unit", name=_name(self.code)), str(error))
        # (the largest change in the direction asked)
        return yes_or_no(compare(change, self.op, self.percent), since, Phrase("baseline {reading}",
                         reading=baseline.describe()), Phrase("then {reading}", reading=reading.describe()),
                         Phrase("change {delta:+.1f}%", delta=change if self.change == "rise" else -change))

    def answerer(self):
        passes = comparer(self.op, self.percent)

        def answer(facts, on):  # evaluate's answer without its evidence
            confirmed, _, recorded = self._event(facts, on)
            if confirmed is None:
                return UNKNOWN if recorded else NO
            if on < self._period(confirmed, on)[0]:
                return NO
            baseline, later = self._results(facts, confirmed, on)
            if baseline is None or baseline.value == 0 or not later:
                return UNKNOWN
            try:
                return YES if passes(max(self._measured(reading, baseline) for reading in later)) else NO
            except UnitError:
                return UNKNOWN
        return answer

    def _measured(self, reading: Reading, baseline: Reading) -> float:
        """The change from the baseline in percent, as a fall (decline) or a rise (both values
        are numeric: the caller keeps only those)."""
        assert reading.value is not None and baseline.value is not None
        value = convert(self.code, reading.value, reading.unit, baseline.unit) \
            if reading.unit != baseline.unit else reading.value
        delta = (value - baseline.value) / baseline.value * 100
        return -delta if self.change == "decline" else delta

    def plain(self):
        if self.since_result is not None:
            return Phrase("{name} has {change} by {op} {percent:g}% from the first {event} of {values} to a result "
                          "{since}-{until} days after it", name=_name(self.code), change=_CHANGE_WORDS[self.change],
                          op=OP_WORDS[self.op], percent=self.percent, event=_name(self.since_result.code),
                          values=either(map(word, self.since_result.any_of)), since=self.from_days,
                          until=self.to_days)
        if self.start_of:
            return Phrase("{name} has {change} by {op} {percent:g}% from the first start of {drugs} to a result "
                          "{since}-{until} days after it", name=_name(self.code), change=_CHANGE_WORDS[self.change],
                          op=OP_WORDS[self.op], percent=self.percent,
                          drugs=either([_name(code) for code in self.start_of]), since=self.from_days,
                          until=self.to_days)
        return Phrase("{name} has {change} by {op} {percent:g}% from the diagnosis of {diagnoses} to a result "
                      "{since}-{until} days after it", name=_name(self.code), change=_CHANGE_WORDS[self.change],
                      op=OP_WORDS[self.op], percent=self.percent,
                      diagnoses=either([_name(code) for code in self.diagnosis_codes]),
                      since=self.from_days, until=self.to_days)

    def observation_reads(self):
        reads = {self.code: WHOLE_HISTORY}  # the event may be long before screening
        if self.since_result is not None:
            reads[self.since_result.code] = WHOLE_HISTORY
        return reads


class _OneDay(PatientFacts):
    """A view of the facts where only one reading counts: used to test readings one by one."""

    def __init__(self, facts: PatientFacts, reading: Reading):
        super().__init__(facts.patient)
        self._reading = reading

    def latest(self, code, on):
        return self._reading if code == self._reading.code else None


class SustainedRule(Rule):
    """The inner lab/result rule holds over the last `days`: every result in the period meets it,
    and results cover the period. A result in the period that breaks it answers no whatever the
    coverage (a known violation outranks missing data).

    Coverage: the period's start is covered by the latest result at most `start_grace_days`
    before it (the value the period starts from; with results every three months, one a quarter
    before the start) or, failing one, by a result within `grace_days` after it; its end by a
    result within `end_grace_days` before screening. Both default to `grace_days`."""

    kind: Literal["sustained"]
    rule: LabRule | ResultRule
    days: int
    grace_days: int = 31
    start_grace_days: int | None = None
    end_grace_days: int | None = None

    def _windows(self) -> tuple[dt.timedelta, dt.timedelta, dt.timedelta, dt.timedelta]:
        """(period, before the start, after the start, before screening) as day spans."""
        before = self.grace_days if self.start_grace_days is None else self.start_grace_days
        end = self.grace_days if self.end_grace_days is None else self.end_grace_days
        return DAYS[self.days], DAYS[before], DAYS[self.grace_days], DAYS[end]

    def _considered(self, facts, on) -> tuple[list, bool]:
        """The results that count (the one the period starts from, then those in it) and
        whether they cover the period."""
        period, before, after, end = self._windows()
        start = on - period
        ahead = facts.readings_between(self.rule.code, start - before, start)
        inside = [r for r in facts.readings_between(self.rule.code, start, on) if r.date > start]
        considered = ahead[-1:] + inside
        covered = bool(considered) and (bool(ahead) or considered[0].date <= start + after) \
            and considered[-1].date >= on - end
        return considered, covered

    def evaluate(self, facts, on):
        considered, covered = self._considered(facts, on)
        findings = [self.rule.evaluate(_OneDay(facts, r), r.date) for r in considered]
        if any(finding.answer == NO for finding in findings):  # whatever the coverage
            return merge(NO, findings)
        if not covered:
            period, before, _, end = self._windows()
            return unknown_for(Phrase("{name} results covering the {days} days before {day} (one from at most "
                                      "{before} days before the period's start, one within {end} days of "
                                      "screening)", name=_name(self.rule.code), days=self.days, day=on,
                                      before=before.days, end=end.days), *(r.describe() for r in considered))
        return combine_findings(findings)

    def answerer(self):
        inner = self.rule.answerer()

        def answer(facts, on):
            considered, covered = self._considered(facts, on)
            answers = [inner(_OneDay(facts, r), r.date) for r in considered]
            if NO in answers:
                return NO
            return combine(answers) if covered else UNKNOWN
        return answer

    def plain(self):
        return Phrase("for at least {days} days: {rule}", days=self.days, rule=self.rule.plain())

    def observation_reads(self):
        period, before, _, _ = self._windows()
        return {self.rule.code: (period + before).days}


class ResultsRule(Rule):
    """Every result in the last `days` of the measures `rules` name, each tested on its own by its
    measure's rule (a lab or result rule; their own windows do not apply), in date order; a
    change rule measures each result against the baseline it defines (its baseline window
    counted back from screening, its current window covering the period):

    - `count: any`: one result that meets its rule answers yes ("a renal flare in the past 6
      months" excludes a patient whose flare has since resolved);
    - `count: every`: one result that breaks its rule answers no, whatever the others ("urine
      protein < 3 g/g or g/day in the past 6 months": both the ratio and the 24-h protein);
    - `count: consecutive`: `times` results in a row that meet their rules answer yes.

    A result a rule cannot read (no number, an unconvertible unit) is unknown: it answers unknown
    only where it could change the answer. No result in the period answers unknown."""

    kind: Literal["results"]
    rules: list[LabRule | ResultRule | ChangeRule] = Field(min_length=1,
                                                          description="One per measure (observation code)")
    days: LookBack
    count: Literal["any", "every", "consecutive"]
    times: int = Field(2, ge=2, description="For count: consecutive, how many results in a row")

    @model_validator(mode="after")
    def _one_rule_per_measure(self):
        codes = [rule.code for rule in self.rules]
        if len(set(codes)) != len(codes):
            raise ValueError(f"rules: one rule per measure; {', '.join(sorted({c for c in codes if codes.count(c) > 1}))} "
                             "is given twice")
        if self.times != 2 and self.count != "consecutive":
            raise ValueError("times is for count: consecutive")
        return self

    def _tested(self, facts, on) -> list[tuple[Reading, Finding]]:
        start = on - DAYS[self.days]
        by_code = {rule.code: rule for rule in self.rules}
        readings = sorted((r for code in by_code for r in facts.readings_between(code, start, on) if r.date > start),
                          key=lambda r: r.date)
        # (a change rule's baseline is counted from screening: it is evaluated on `on`)
        return [(r, by_code[r.code].evaluate(_OneDay(facts, r), on if isinstance(by_code[r.code], ChangeRule) else r.date))
                for r in readings]

    def _answer(self, answers: list[Answer]) -> Answer:
        if not answers:
            return UNKNOWN
        if self.count == "any":
            return YES if YES in answers else UNKNOWN if UNKNOWN in answers else NO
        if self.count == "every":
            return NO if NO in answers else UNKNOWN if UNKNOWN in answers else YES
        if _longest_run(answers, {YES}) >= self.times:
            return YES
        return UNKNOWN if _longest_run(answers, {YES, UNKNOWN}) >= self.times else NO

    def evaluate(self, facts, on):
        tested = self._tested(facts, on)
        if not tested:
            return unknown_for(Phrase("a result of {names} in the {days} days before {day}",
                                      names=either([_name(rule.code) for rule in self.rules]), days=self.days,
                                      day=DAY_TEXT[on]))
        answer = self._answer([finding.answer for _, finding in tested])
        shown = [Phrase("{reading}: {verdict}", reading=reading.describe(), verdict=_VERDICTS[finding.answer])
                 for reading, finding in tested]
        missing = tuple(m for _, f in tested for m in f.missing) if answer == UNKNOWN else ()
        return Finding(answer, tuple(shown[-12:]), unique(missing))

    def answerer(self):
        tested, answer_of = self._tested, self._answer
        return lambda facts, on: answer_of([finding.answer for _, finding in tested(facts, on)])

    def plain(self):
        conditions = [rule.condition() for rule in self.rules]
        if self.count == "any":
            return Phrase("any result in the last {days} days with {conditions}", days=self.days,
                          conditions=either(conditions))
        if self.count == "every":
            return Phrase("every result in the last {days} days (at least one): {conditions}", days=self.days,
                          conditions=Joined("; ", conditions))
        return Phrase("{times} consecutive results in the last {days} days with {conditions}", times=self.times,
                      days=self.days, conditions=either(conditions))

    def observation_reads(self):
        # a change rule inside also reads its baseline window
        return {rule.code: max(self.days, rule.baseline_from_days) if isinstance(rule, ChangeRule) else self.days
                for rule in self.rules}


_VERDICTS = {YES: Phrase("meets it"), NO: Phrase("does not meet it"), UNKNOWN: Phrase("cannot be read")}


def _longest_run(answers: list[Answer], counted: set[Answer]) -> int:
    longest = run = 0
    for answer in answers:
        run = run + 1 if answer in counted else 0
        longest = max(longest, run)
    return longest
