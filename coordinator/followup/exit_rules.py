"""The on-study rule catalogue: the protocol's exit and dose rules as small typed rules.

Each rule replays the enrolled patient's history (labs, dose records, exits) up to a date and
returns the steps the protocol requires: actions with their due dates, each marked done when
the data show it done. Nothing is stored between runs: the same history and date always give
the same steps, so the state on any past day is a replay ("as of").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from coordinator.records.derived import DERIVATIONS, DERIVED_INPUTS
from coordinator.screening.facts import PatientFacts, Reading
from coordinator.phrase import Phrase
from coordinator.phrase import term as _name
from coordinator.records.record import Patient, Study
from coordinator.records.units import UnitError, convert
from coordinator.records.vocabulary import vocabulary
from coordinator.records.vocabulary_codes import DrugCode, ObservationCode

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Reads:
    """What a rule reads of the patient's record besides the study itself: observations of
    `codes` from `days_before_start` days before randomisation on, and the other sections named
    (e.g. medications). `whole`: the whole record. A loader may leave out the rest."""

    codes: frozenset[str] = frozenset()
    days_before_start: int = 0
    sections: frozenset[str] = frozenset()
    whole: bool = False

    def __or__(self, other: Reads) -> Reads:
        return Reads(self.codes | other.codes, max(self.days_before_start, other.days_before_start),
                     self.sections | other.sections, self.whole or other.whole)


def reads_codes(*codes: str, days_before_start: int = 0, sections: tuple[str, ...] = ()) -> Reads:
    """Reads of these codes, with what their derivation needs for a derived code (eGFR: the
    creatinine; a clearance: also the weight up to 90 days before it)."""
    found, days, whole = set(codes), days_before_start, False
    for code in codes:
        if code in DERIVATIONS:
            if code not in DERIVED_INPUTS:
                whole = True  # a derivation this list does not know: read everything
                continue
            extra, before = DERIVED_INPUTS[code]
            found |= {DERIVATIONS[code][0], *extra}
            days = max(days, days_before_start + before)
    return Reads(frozenset(found), days, frozenset(sections), whole)


@dataclass(frozen=True)
class Step:
    """One thing the protocol requires: an action (halve_dose, recheck, stop_drug, ...) or, with
    `alert` set, something a person must look at (a missing baseline, a trough above target)."""

    action: str
    due: dt.date
    reason: str
    drug: str | None = None
    from_mg_per_day: float | None = None
    to_mg_per_day: float | None = None
    done: dt.date | None = None
    alert: bool = False


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the patient's facts, the enrolment and the day of the replay."""

    facts: PatientFacts
    study: Study
    on: dt.date
    window_days: int = 3
    _doses: dict = field(default_factory=dict, compare=False, repr=False)  # drug -> its records by start
    # (drug, day) of each stop another rule ordered and the dose records show done: not an interruption
    ordered_stops: frozenset[tuple[str, dt.date]] = frozenset()

    @property
    def patient(self) -> Patient:
        return self.facts.patient

    @property
    def start(self) -> dt.date:
        return self.study.enrolled_on

    def readings_after_start(self, code: str) -> list[Reading]:
        """Numeric results after randomisation, up to the replay day, oldest first."""
        return [r for r in self.facts.readings_between(code, self.start + DAY, self.on) if r.value is not None]

    def dose(self, drug: str, day: dt.date) -> float | None:
        """The study dose of `drug` (mg/d) in force on `day`, from the dose records."""
        records = self._doses.get(drug)
        if records is None:
            records = self._doses[drug] = sorted((d for d in self.study.doses if d.drug == drug),
                                                 key=lambda d: d.start)
        found = None
        for record in records:
            if record.start <= day:
                found = record.dose
        return found

    def dose_changed(self, drug: str, since: dt.date, at_most: float) -> dt.date | None:
        """The first day on or after `since` with a dose record of `drug` at or below `at_most`."""
        days = [d.start for d in self.study.doses if d.drug == drug and since <= d.start <= self.on
                and d.dose <= at_most + 1e-9]
        return min(days, default=None)

    def exited(self, since: dt.date) -> dt.date | None:
        days = [e.date for e in self.study.exits if since <= e.date <= self.on]
        return min(days, default=None)


# The steps' action codes inside a sentence (the str stays the code, as before).
ACTION_CODES = {"halve_dose": Phrase("halve_dose"), "recheck": Phrase("recheck"), "stop_drug": Phrase("stop_drug"),
                "reduce_dose": Phrase("reduce_dose"), "liver_protection": Phrase("liver_protection"),
                "withdraw": Phrase("withdraw"), "restart_or_withdraw": Phrase("restart_or_withdraw"),
                "baseline_missing": Phrase("baseline_missing")}


def _mg(value: float | None) -> str:
    return Phrase("no dose recorded") if value is None else f"{value:g} mg/d"


class ExitRule(BaseModel):
    reads_ordered_stops: ClassVar[bool] = False  # run after the others, with the stops they ordered

    model_config = ConfigDict(extra="forbid", frozen=True)

    def steps(self, ctx: Context) -> list[Step]:  # pragma: no cover - abstract
        raise NotImplementedError

    def reads(self) -> Reads:
        """What `steps` reads of the record (a new kind of rule that does not say reads it all)."""
        return Reads(whole=True)


class EgfrDoseStepsRule(ExitRule):
    """eGFR down by more than `decline_pct` from the baseline at randomisation: reduce the drug
    (halve, never below `floor_mg_per_day`) and recheck after `recheck_days`; recovered (down by
    less than `decline_pct`) continue, else reduce again, up to `reductions` times, then stop."""

    kind: Literal["egfr_dose_steps"]
    drug: DrugCode
    decline_pct: float = 30
    recheck_days: int = 14
    reductions: int = 2
    floor_mg_per_day: float = 0.5
    baseline_within_days: int = 28

    def reads(self) -> Reads:
        return reads_codes("egfr", days_before_start=self.baseline_within_days)

    def baseline(self, ctx: Context) -> Reading | None:
        """The eGFR at randomisation: the latest on or before it, within the baseline window."""
        found = ctx.facts.latest("egfr", ctx.start)
        if found is None or found.date < ctx.start - dt.timedelta(days=self.baseline_within_days):
            return None
        return found

    def steps(self, ctx: Context) -> list[Step]:
        baseline = self.baseline(ctx)
        drug = _name(self.drug)
        if baseline is None or not baseline.value:
            return [Step("baseline_missing", ctx.start, Phrase(
                "no eGFR within {days} days before randomisation on {day}: the {drug} eGFR rule cannot run",
                days=self.baseline_within_days, day=ctx.start, drug=drug), alert=True)]
        steps: list[Step] = []
        reductions_done = 0
        recheck_from: dt.date | None = None   # while waiting for a recheck: the earliest day that counts
        recheck_index = -1
        for reading in ctx.readings_after_start("egfr"):
            decline = (baseline.value - _egfr(reading, baseline)) / baseline.value * 100
            if recheck_from is None:
                if decline > self.decline_pct + 1e-9 and (ctx.dose(self.drug, reading.date) or 0) > 0:
                    steps += self._reduce(ctx, reading, _decline_text(reading, decline, baseline))
                    reductions_done, recheck_index = 1, len(steps) - 1
                    recheck_from = self._recheck_from(ctx, steps[-2], reading)
                continue
            if reading.date < recheck_from:
                continue  # too early to be the protocol's 2-week recheck
            steps[recheck_index] = _done(steps[recheck_index], reading.date)
            if decline < self.decline_pct - 1e-9:
                recheck_from = None  # recovered: the drug continues at the reduced dose
                continue
            said = _decline_text(reading, decline, baseline)
            if reductions_done < self.reductions:
                steps += self._reduce(ctx, reading, Phrase("{reason} at the recheck", reason=said))
                reductions_done += 1
                recheck_from = self._recheck_from(ctx, steps[-2], reading)
                recheck_index = len(steps) - 1
                continue
            current = ctx.dose(self.drug, reading.date)
            steps.append(Step("stop_drug", reading.date, Phrase("{reason} after {count} reductions: stop {drug}",
                                                                reason=said, count=self.reductions, drug=drug),
                              self.drug, current, 0.0, ctx.dose_changed(self.drug, reading.date, 0.0)))
            return steps
        return steps

    def _recheck_from(self, ctx: Context, reduction: Step, reading: Reading) -> dt.date:
        """The earliest day a reading counts as the recheck: `recheck_days` (less the window)
        after the day the dose was changed as recorded, else after the reading that asked for it."""
        return (reduction.done or reading.date) + dt.timedelta(days=self.recheck_days - ctx.window_days)

    def _reduce(self, ctx: Context, reading: Reading, said: str) -> list[Step]:
        current = ctx.dose(self.drug, reading.date)
        target = None if current is None else max(current / 2, self.floor_mg_per_day)
        minimum = Phrase(" (the minimum, {floor:g} mg/d)", floor=self.floor_mg_per_day) \
            if target == self.floor_mg_per_day else ""
        how = (Phrase("halve {drug} from {dose} to {target:g} mg/d{minimum}", drug=_name(self.drug), dose=_mg(current),
                      target=target, minimum=minimum)
               if target is not None else Phrase("halve {drug} (no current dose recorded)", drug=_name(self.drug)))
        done = None if target is None else ctx.dose_changed(self.drug, reading.date, target)
        reduced = done or reading.date  # the recheck counts from the day the dose was changed, as recorded
        recheck_due = reduced + dt.timedelta(days=self.recheck_days)
        return [Step("halve_dose", reading.date, Phrase("{reason}: {action}", reason=said, action=how), self.drug,
                     current, target, done),
                Step("recheck", recheck_due, Phrase("recheck the {drug} trough and eGFR {days} days after the "
                                                    "reduction of {day}", drug=_name(self.drug),
                                                    days=self.recheck_days, day=reduced), self.drug)]


def _decline_text(reading: Reading, decline: float, baseline: Reading) -> str:
    """Written only for a reading that leads to a step (most readings do not)."""
    return Phrase("{reading}: {decline:.1f}% below baseline {baseline:g} on {day}", reading=reading.describe(),
                  decline=decline, baseline=baseline.value, day=baseline.date)


def _uln_ratio(reading: Reading) -> str:
    """Written only for a reading that leads to a step."""
    return Phrase("{reading} = {ratio:.2f} x ULN", reading=reading.describe(), ratio=reading.value / reading.uln)


def _egfr(reading: Reading, baseline: Reading) -> float:
    if reading.unit == baseline.unit or not reading.unit or not baseline.unit:
        return reading.value
    try:
        return convert("egfr", reading.value, reading.unit, baseline.unit)
    except UnitError:
        return reading.value


def _done(step: Step, day: dt.date) -> Step:
    return Step(step.action, step.due, step.reason, step.drug, step.from_mg_per_day, step.to_mg_per_day, day,
                step.alert)


class TroughLimitRule(ExitRule):
    """A drug level above its target: lower the dose (the protocol gives no amount)."""

    kind: Literal["trough_limit"]
    drug: DrugCode
    code: ObservationCode
    max: float
    unit: str

    def reads(self) -> Reads:
        return reads_codes(self.code)

    def steps(self, ctx: Context) -> list[Step]:
        steps = []
        for reading in ctx.readings_after_start(self.code):
            try:
                value = convert(self.code, reading.value, reading.unit, self.unit) if reading.unit else reading.value
            except UnitError:
                continue
            if value > self.max + 1e-9:
                current = ctx.dose(self.drug, reading.date)
                done = None if current is None else ctx.dose_changed(self.drug, reading.date, current - 1e-6)
                steps.append(Step("reduce_dose", reading.date, Phrase(
                    "{reading} is above the target of {max:g} {unit}: lower the {drug} dose from {dose}",
                    reading=reading.describe(), max=self.max, unit=self.unit, drug=_name(self.drug), dose=_mg(current)),
                                  self.drug, current, None, done))
        return steps


class LiverRule(ExitRule):
    """ALT, AST or bilirubin above `uln_multiple` x ULN after treatment starts and still rising
    `days` later: liver protection; still above after `days` of it: stop the drug; not back
    below the limit `days` after that: withdraw."""

    kind: Literal["liver"]
    drug: DrugCode
    codes: list[ObservationCode] = Field(default_factory=lambda: ["alt", "ast", "total_bilirubin"])
    uln_multiple: float = 2
    days: int = 14
    protection_drug_class: str = "hepatoprotective"

    def reads(self) -> Reads:
        return reads_codes(*self.codes, sections=("medications",))

    def steps(self, ctx: Context) -> list[Step]:
        readings = sorted((r for code in self.codes for r in ctx.readings_after_start(code) if r.uln),
                          key=lambda r: r.date)
        steps: list[Step] = []
        high: Reading | None = None       # first reading of the current episode above the limit
        stage, stage_from = "watch", None  # watch -> rising -> protected -> stopped
        for reading in readings:
            above = reading.value > self.uln_multiple * reading.uln + 1e-9
            if stage == "watch":
                if above and high is None:
                    high = reading
                elif high is not None and not above and reading.code == high.code:
                    high = None
                elif (high is not None and reading.code == high.code and reading.value > high.value
                      and reading.date >= high.date + dt.timedelta(days=self.days - ctx.window_days)):
                    started = self._protection_started(ctx, high.date)
                    steps.append(Step("liver_protection", reading.date, Phrase(
                        "{ratio}, still rising since {reading}: start liver protection", ratio=_uln_ratio(reading),
                        reading=high.describe()), done=started))
                    stage, stage_from = "protected", started or reading.date
                continue
            if reading.date < stage_from + dt.timedelta(days=self.days - ctx.window_days):
                continue
            if not above:
                stage, high = "watch", None  # recovered
                continue
            if stage == "protected":
                current = ctx.dose(self.drug, reading.date)
                stopped = ctx.dose_changed(self.drug, reading.date, 0.0)
                steps.append(Step("stop_drug", reading.date, Phrase(
                    "{ratio} after {days} days of liver protection: stop {drug}", ratio=_uln_ratio(reading),
                    days=self.days, drug=_name(self.drug)), self.drug, current, 0.0, stopped))
                stage, stage_from = "stopped", stopped or reading.date
            else:
                steps.append(Step("withdraw", reading.date, Phrase(
                    "{ratio}: not recovered {days} days after {drug} was stopped: withdraw the patient",
                    ratio=_uln_ratio(reading), days=self.days, drug=_name(self.drug)),
                                  done=ctx.exited(reading.date)))
                return steps
        if stage in ("protected", "stopped"):
            steps.append(Step("recheck", stage_from + dt.timedelta(days=self.days),
                              Phrase("recheck liver tests {days} days after {day}", days=self.days, day=stage_from)))
        return steps

    def _protection_started(self, ctx: Context, since: dt.date) -> dt.date | None:
        vocab = vocabulary().medications
        starts = [m.start for m in ctx.patient.medications if since <= m.start <= ctx.on
                  and (m.drug == self.protection_drug_class
                       or self.protection_drug_class in getattr(vocab.get(m.drug), "classes", ()))]
        starts += [d.start for d in ctx.study.doses if d.drug == self.protection_drug_class
                   and since <= d.start <= ctx.on and d.dose > 0]
        return min(starts, default=None)


class RemissionDecisionRule(ExitRule):
    """At `at_week`, continue the drug only in complete remission (`code` below
    `complete_below`) or partial remission (down more than `partial_fall_pct` from its peak
    since randomisation); otherwise stop the drug and withdraw."""

    kind: Literal["remission_decision"]
    drug: DrugCode
    at_week: float
    code: ObservationCode = "urine_protein_24h"
    unit: str = "g/24h"
    complete_below: float = 0.3
    partial_fall_pct: float = 50
    peak_from_days_before_start: int = 28

    def reads(self) -> Reads:
        return reads_codes(self.code, days_before_start=self.peak_from_days_before_start)

    def steps(self, ctx: Context) -> list[Step]:
        due = ctx.start + dt.timedelta(days=round(self.at_week * 7))
        if ctx.on < due - dt.timedelta(days=ctx.window_days):
            return []
        window = [r for r in ctx.facts.readings_between(self.code, due - dt.timedelta(days=ctx.window_days), ctx.on)
                  if r.value is not None]
        if not window:
            return [Step("recheck", due, Phrase("{name} is due at week {week:g} ({day}) for the remission decision",
                                                name=_name(self.code), week=self.at_week, day=due))]
        latest = window[0]  # the first result from the assessment window on
        value = self._value(latest)
        peak_from = ctx.start - dt.timedelta(days=self.peak_from_days_before_start)
        peak = max((r for r in ctx.facts.readings_between(self.code, peak_from, latest.date) if r.value is not None),
                   key=self._value)
        fall = (self._value(peak) - value) / self._value(peak) * 100 if self._value(peak) else 0.0
        said = Phrase("{reading} at week {week:g}; peak {peak} ({fall:.0f}% fall)", reading=latest.describe(),
                      week=self.at_week, peak=peak.describe(), fall=fall)
        recheck = Step("recheck", due, Phrase("{name} for the week-{week:g} decision", name=_name(self.code),
                                              week=self.at_week), done=latest.date)
        if value < self.complete_below - 1e-9 or fall > self.partial_fall_pct + 1e-9:
            return [recheck]
        current = ctx.dose(self.drug, latest.date)
        return [recheck,
                Step("stop_drug", latest.date, Phrase(
                    "{reason}: neither complete (< {complete:g} {unit}) nor partial remission (> {partial:g}% fall "
                    "from the peak): stop {drug}", reason=said, complete=self.complete_below, unit=self.unit,
                    partial=self.partial_fall_pct, drug=_name(self.drug)),
                     self.drug, current, 0.0, ctx.dose_changed(self.drug, latest.date, 0.0)),
                Step("withdraw", latest.date, Phrase("{reason}: not in remission at week {week:g}: withdraw",
                                                     reason=said, week=self.at_week),
                     done=ctx.exited(latest.date))]

    def _value(self, reading: Reading) -> float:
        return convert(self.code, reading.value, reading.unit, self.unit) if reading.unit else reading.value


class DrugInterruptionRule(ExitRule):
    """The drug stopped (a dose record of 0) and not restarted within `max_days`: withdraw. A stop
    another exit rule ordered (the liver rule's, the eGFR rule's) is no interruption: that rule
    says what follows it."""

    reads_ordered_stops: ClassVar[bool] = True
    kind: Literal["drug_interruption"]
    drug: DrugCode
    max_days: int = 14

    def reads(self) -> Reads:
        return Reads()  # the dose records only

    def steps(self, ctx: Context) -> list[Step]:
        records = sorted((d for d in ctx.study.doses if d.drug == self.drug and d.start <= ctx.on),
                         key=lambda d: d.start)
        steps = []
        for index, record in enumerate(records):
            if record.dose > 0 or (index and records[index - 1].dose == 0) \
                    or (self.drug, record.start) in ctx.ordered_stops:
                continue
            restarted = next((d.start for d in records[index + 1:] if d.dose > 0), None)
            limit = record.start + dt.timedelta(days=self.max_days)
            if restarted is not None and restarted <= limit:
                continue
            if ctx.on <= limit:
                steps.append(Step("restart_or_withdraw", limit, Phrase(
                    "{drug} stopped on {day}: withdraw if not restarted by {limit}", drug=_name(self.drug),
                    day=record.start, limit=limit), self.drug, 0.0, None, alert=True))
            else:
                steps.append(Step("withdraw", limit + DAY, Phrase("{drug} stopped on {day} for over {days} days",
                                                                  drug=_name(self.drug), day=record.start,
                                                                  days=self.max_days), done=ctx.exited(record.start)))
        return steps


class PregnancyRule(ExitRule):
    """A positive pregnancy test or a recorded pregnancy after randomisation: stop the study
    drugs and withdraw."""

    kind: Literal["pregnancy"]
    drugs: list[DrugCode] = Field(default_factory=list)

    def reads(self) -> Reads:
        return reads_codes("pregnancy_test", sections=("reproductive",))

    def steps(self, ctx: Context) -> list[Step]:
        found = [r.date for r in ctx.facts.readings_between("pregnancy_test", ctx.start + DAY, ctx.on)
                 if (r.text or "").lower() == "positive"]
        found += [s.date for s in ctx.patient.reproductive if ctx.start < s.date <= ctx.on and s.pregnant]
        if not found:
            return []
        day = min(found)
        steps = [Step("stop_drug", day, Phrase("pregnancy recorded on {day}: stop {drug}", day=day, drug=_name(drug)),
                      drug, ctx.dose(drug, day), 0.0, ctx.dose_changed(drug, day, 0.0)) for drug in self.drugs]
        return steps + [Step("withdraw", day, Phrase("pregnancy recorded on {day}: withdraw", day=day),
                             done=ctx.exited(day))]


AnyExitRule = Annotated[Union[EgfrDoseStepsRule, TroughLimitRule, LiverRule, RemissionDecisionRule,
                              DrugInterruptionRule, PregnancyRule], Field(discriminator="kind")]

