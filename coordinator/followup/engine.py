"""The exit-criteria engine: what the protocol requires of an enrolled patient on a given day.

`follow_up(trial, patient, on)` is a pure function of the patient's history and the date. It
replays every on-study rule of the trial, then sorts their steps into what is due now
(actions), what needs a look (alerts, including rechecks and visits whose window passed
without the data), the visits ahead, and the response assessment at the outcome weeks.
Acknowledging an action is recorded elsewhere and never changes what is computed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from coordinator.followup.dosing import (DosePlan, MaxCheck, MissingWeight, dose_plan, exceeds_max, is_daily,
    patient_weight)
from coordinator.followup.exit_rules import ACTION_CODES, Context, EgfrDoseStepsRule, Reads, reads_codes
from coordinator.screening.facts import PatientFacts
from coordinator.phrase import Joined, Phrase
from coordinator.records.record import Patient, Study
from coordinator.screening.rules.answers import ANSWER_PHRASES, Answer
from coordinator.screening.trial import Dosing, ExitCriterion, Trial
from coordinator.problems import Refusal


# The weight measured up to this many days before randomisation still counts for the doses, and
# an eGFR this old is still the baseline of a trial without an eGFR rule.
BEFORE_START_DAYS = 28


class StudyStatus(StrEnum):
    ON_STUDY = "on_study"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Action:
    rule: str
    action: str
    due: dt.date
    text: str
    reason: str
    drug: str | None = None
    from_mg_per_day: float | None = None
    to_mg_per_day: float | None = None
    done: dt.date | None = None
    ambiguous: str | None = None

    @property
    def key(self) -> str:
        """Stable name of this action for acknowledgements: the same data give the same key."""
        return f"{self.rule}:{self.action}:{self.drug or '-'}:{self.due.isoformat()}"


@dataclass(frozen=True)
class Alert:
    kind: str
    due: dt.date
    message: str
    rule: str | None = None


@dataclass(frozen=True)
class VisitDue:
    visit: str
    week: float
    due: dt.date
    window_from: dt.date
    window_to: dt.date
    labs: tuple[str, ...]


@dataclass(frozen=True)
class ResponseResult:
    week: float
    due: dt.date
    level: str | None          # a level's name, "none", or None when not yet assessable
    evidence: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class FollowUp:
    patient_ref: str
    trial_id: str
    arm: str
    on: dt.date
    status: StudyStatus
    baseline_egfr: float | None
    baseline_date: dt.date | None
    actions: tuple[Action, ...]        # due (or coming due) and not yet done
    alerts: tuple[Alert, ...]
    next_visits: tuple[VisitDue, ...]
    history: tuple[Action, ...]        # every step so far, done or not
    responses: tuple[ResponseResult, ...]
    doses: dict[str, float]            # each study drug's recorded dose in force (mg/d)
    dose_plan: DosePlan | None         # the protocol's doses for the patient's weight


class NotEnrolled(Refusal, LookupError):
    pass


def follow_up(trial: Trial, patient: Patient | PatientFacts, on: dt.date, window_days: int = 3,
              with_dose_plan: bool = True, with_responses: bool = True) -> FollowUp:
    """The patient's follow-up on `on`. `with_dose_plan=False` and `with_responses=False` leave
    out the protocol's dose table and the response assessments (what a registry-wide list of
    alerts does not show); then only what `alert_reads` names of the record is read."""
    facts = patient if isinstance(patient, PatientFacts) else PatientFacts(patient)
    study = facts.patient.study(trial.trial_id)
    if study is None or study.enrolled_on > on:
        raise NotEnrolled(f"{facts.patient.registry_no} is not enrolled in {trial.trial_id} on {on}")
    ctx = Context(facts, study, on, window_days)
    applicable = _applicable(trial, study)
    history = [action for criterion in applicable if not criterion.rule.reads_ordered_stops
               for action in _actions(criterion, ctx)]
    ordered = replace(ctx, ordered_stops=frozenset((a.drug, a.done) for a in history
                                                   if a.action == "stop_drug" and a.drug and a.done))
    history += [action for criterion in applicable if criterion.rule.reads_ordered_stops
                for action in _actions(criterion, ordered)]
    history.sort(key=lambda a: (a.due, a.rule))
    exit_day = min((e.date for e in study.exits if e.date <= on), default=None)
    status = (StudyStatus.WITHDRAWN if exit_day else
              StudyStatus.COMPLETED if trial.visits and on > _end(trial, study) else StudyStatus.ON_STUDY)
    pending = [a for a in history if a.done is None and status == StudyStatus.ON_STUDY]
    weight_within = (on - study.enrolled_on).days + BEFORE_START_DAYS  # the weight at randomisation counts
    plan = dose_plan(trial, study.arm, facts, on, start=study.enrolled_on,
                     weight_within_days=weight_within) if with_dose_plan else None
    doses = {drug: dose for drug in sorted({d.drug for d in study.doses})
             if (dose := ctx.dose(drug, on)) is not None}
    known = _visits_known(trial, study, on)
    alerts = _alerts(trial, ctx, history, pending, status, known)
    if status == StudyStatus.ON_STUDY and doses:
        alerts += _ceiling_alerts(trial, study.arm, patient_weight(facts, on, weight_within).kg, doses, on)
    baseline = _baseline(trial, ctx)
    return FollowUp(
        facts.patient.registry_no, trial.trial_id, study.arm, on, status,
        baseline.value if baseline else None, baseline.date if baseline else None,
        tuple(a for a in pending if a.action != "alert"), tuple(alerts),
        tuple(_next_visits(trial, study, on, known)) if status == StudyStatus.ON_STUDY else (),
        tuple(a for a in history if a.action != "alert"), tuple(_responses(trial, ctx)) if with_responses else (),
        doses, plan,
    )


def alert_reads(trials: Iterable[Trial]) -> Reads:
    """What `follow_up(..., with_dose_plan=False, with_responses=False)` reads of a record for
    these trials besides the studies: their exit rules' reads, the weight for the dose ceilings
    and the eGFR baseline. Its actions and alerts are the same from a record holding only that."""
    found = reads_codes("weight", "egfr", days_before_start=BEFORE_START_DAYS)
    for trial in trials:
        for criterion in trial.exit_criteria:
            if criterion.rule is not None:
                found |= criterion.rule.reads()
    return found


def _ceiling_alerts(trial: Trial, arm_id: str, weight_kg: float | None, doses: dict[str, float],
                    on: dt.date) -> list[Alert]:
    """A recorded daily dose above the protocol's ceiling (e.g. tacrolimus above 0.1 mg/kg/d)."""
    alerts = []
    for arm in trial.arms:
        for intervention in arm.interventions if arm.id == arm_id else ():
            dosing, drug = intervention.dosing, intervention.drug
            if dosing is None or drug not in doses or not is_daily(dosing):
                continue
            try:
                check = _exceeds_max(doses[drug], weight_kg, dosing)
            except (MissingWeight, ValueError):
                continue  # no usable weight: the dose plan says so
            if check:
                alerts.append(Alert("dose_above_max", on, Phrase("{name}: {note}", name=intervention.name,
                                                                 note=check.describe())))
    return alerts


# (id of a dosing, dose, weight) -> (the dosing, exceeds_max's answer). Many patients share a dose
# and a weight, and the exact arithmetic on fractions is slow. The dosing is kept with its
# answer so that its id cannot name another dosing while the entry lives.
_CEILING_CHECKS: dict[tuple[int, float, float | None], tuple[Dosing, MaxCheck]] = {}


def _exceeds_max(dose: float, weight_kg: float | None, dosing: Dosing) -> MaxCheck:
    key = (id(dosing), dose, weight_kg)
    found = _CEILING_CHECKS.get(key)
    if found is None or found[0] is not dosing:
        if len(_CEILING_CHECKS) >= 10_000:
            _CEILING_CHECKS.clear()
        found = _CEILING_CHECKS[key] = (dosing, exceeds_max(dose, weight_kg, dosing))
    return found[1]


def _applicable(trial: Trial, study: Study) -> list[ExitCriterion]:
    return [c for c in trial.exit_criteria if c.rule is not None and (not c.arms or study.arm in c.arms)]


def _actions(criterion: ExitCriterion, ctx: Context) -> list[Action]:
    return [Action(criterion.id, "alert" if step.alert else step.action, step.due, criterion.text,
                   step.reason if not step.alert else Phrase("{action}: {reason}", action=_action(step.action),
                                                             reason=step.reason), step.drug,
                   step.from_mg_per_day, step.to_mg_per_day, step.done, criterion.ambiguous)
            for step in criterion.rule.steps(ctx)]


def _action(code: str) -> str:
    return ACTION_CODES.get(code, code)


def _alerts(trial: Trial, ctx: Context, history: list[Action], pending: list[Action],
            status: StudyStatus, done: set[str]) -> list[Alert]:
    alerts = [Alert("rule", a.due, a.reason, a.rule) for a in history
              if a.action == "alert" and a.done is None and status == StudyStatus.ON_STUDY]
    late = ctx.on - dt.timedelta(days=ctx.window_days)
    for action in pending:
        if action.action != "alert" and action.due < late:
            kind = "overdue_recheck" if action.action == "recheck" else "overdue_action"
            alerts.append(Alert(kind, action.due, Phrase("{action} was due on {day}: {reason}",
                                                         action=_action(action.action), day=action.due,
                                                         reason=action.reason), action.rule))
    if status == StudyStatus.ON_STUDY:
        on_day = (ctx.on - ctx.start).days
        for visit in trial.visits:
            day = round(visit.week * 7)
            if visit.id not in done and day + visit.window_days < on_day and visit.week > 0:
                planned = ctx.start + dt.timedelta(days=day)
                alerts.append(Alert("missed_visit", planned, Phrase(
                    "visit {visit} (week {week:g}) was due {day} ± {window} days and is not recorded",
                    visit=visit.id, week=visit.week, day=planned, window=visit.window_days)))
    return sorted(alerts, key=lambda a: a.due)


def _baseline(trial: Trial, ctx: Context):
    for criterion in _applicable(trial, ctx.study):
        if isinstance(criterion.rule, EgfrDoseStepsRule):
            return criterion.rule.baseline(ctx)
    found = ctx.facts.latest("egfr", ctx.start)
    return found if found and found.date >= ctx.start - dt.timedelta(days=BEFORE_START_DAYS) else None


def _end(trial: Trial, study: Study) -> dt.date:
    last = max(trial.visits, key=lambda v: v.week)
    return study.enrolled_on + dt.timedelta(days=round(last.week * 7) + last.window_days)


def _visits_known(trial: Trial, study: Study, on: dt.date) -> set[str]:
    """Visits recorded as of `on`: done on or before it, or missed once their window had passed
    (a replay of an earlier day must not see later visits)."""
    schedule = {v.id: v for v in trial.visits}
    known = set()
    for record in study.visits:
        if record.status == "done":
            if record.date is not None and record.date <= on:
                known.add(record.visit)
        elif record.visit in schedule:
            visit = schedule[record.visit]
            if study.enrolled_on + dt.timedelta(days=round(visit.week * 7) + visit.window_days) <= on:
                known.add(record.visit)
    return known


def _next_visits(trial: Trial, study: Study, on: dt.date, recorded: set[str], count: int = 3) -> list[VisitDue]:
    ahead = []
    on_day = (on - study.enrolled_on).days
    for visit in sorted(trial.visits, key=lambda v: v.week):
        day = round(visit.week * 7)
        if visit.id in recorded or day + visit.window_days < on_day:
            continue
        planned = study.enrolled_on + dt.timedelta(days=day)
        window = dt.timedelta(days=visit.window_days)
        ahead.append(VisitDue(visit.id, visit.week, planned, planned - window, planned + window, tuple(visit.labs)))
        if len(ahead) == count:
            break
    return ahead


def _responses(trial: Trial, ctx: Context) -> list[ResponseResult]:
    results = []
    for assessment in trial.responses:
        due = ctx.start + dt.timedelta(days=round(assessment.week * 7))
        if ctx.on < due - dt.timedelta(days=ctx.window_days):
            results.append(ResponseResult(assessment.week, due, None, (), assessment.source))
            continue
        day = min(ctx.on, due + dt.timedelta(days=ctx.window_days))
        level, evidence = "none", []
        for candidate in assessment.levels:
            finding = candidate.rule.evaluate(ctx.facts, day)
            evidence += [Phrase("{level}: {answer}", level=candidate.name, answer=ANSWER_PHRASES[finding.answer])] + \
                [Joined("", ["  ", line]) for line in finding.evidence + finding.missing]
            if finding.answer == Answer.YES:
                level = candidate.name
                break
            if finding.answer != Answer.NO and level == "none":
                level = "not_assessable"  # a level could not be judged: no response cannot be claimed
        results.append(ResponseResult(assessment.week, due, level, tuple(evidence), assessment.source))
    return results
