"""What is due or overdue across every patient on study: the registry-wide alerts view that the
window and `trialdesk alerts` show.

Each enrolled patient's follow-up is replayed for the day asked, from a partial record holding
only what the trials' exit rules, the dose ceilings and the baseline read
(`coordinator.followup.engine.alert_reads`), and the actions and alerts are listed beside their
acknowledgements. The acknowledgements never feed back into the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlmodel import Session

from coordinator.screening.facts import PatientFacts
from coordinator.followup.due import DueStatus, action_status, alert_status, without_restated
from coordinator.followup.engine import Action, Alert, FollowUp, NotEnrolled, alert_reads, follow_up
from coordinator.screening.workflow import Actor, Permission, require
from coordinator.screening.trial import Trial
from db.acknowledgements import Acknowledgement, AcknowledgementRepository
from coordinator.gc_pause import cyclic_gc_paused
from db.patients import PatientRepository


@dataclass(frozen=True)
class DueItem:
    """One line of the alerts view: an action the protocol requires (with its acknowledgement,
    if any) or an alert, for one patient in one trial."""

    patient: str
    trial: str
    due: dt.date
    status: DueStatus
    action: Action | None = None
    alert: Alert | None = None
    acknowledged: Acknowledgement | None = None


def registry_follow_ups(session: Session, actor: Actor, trials: Iterable[Trial], on: dt.date,
                        **options) -> Iterator[tuple[str, str, FollowUp]]:
    """(patient, trial id, follow-up on `on`) for every enrolled patient of these trials, replayed
    from the partial record the alerts need (`options` go to the engine)."""
    require(actor, Permission.READ)
    by_trial_id = {trial.trial_id: trial for trial in trials}
    patients = PatientRepository(session, actor.name).iter_enrolled(reads=alert_reads(by_trial_id.values()))
    with cyclic_gc_paused():  # hundreds of thousands of small values, no cycles worth chasing
        for patient in patients:
            facts = PatientFacts(patient)
            for trial_id in sorted({study.trial for study in patient.studies} & by_trial_id.keys()):
                try:
                    result = follow_up(by_trial_id[trial_id], facts, on, with_dose_plan=False, with_responses=False,
                                       **options)
                except NotEnrolled:
                    continue
                yield patient.registry_no, trial_id, result


def registry_alerts(session: Session, actor: Actor, trials: Iterable[Trial], on: dt.date) -> list[DueItem]:
    """Every enrolled patient's due actions and alerts in these trials on `on`, by due date then
    patient (for each, its actions before its alerts, each in the engine's order), each with its
    status (coordinator.followup.due). A late action is listed once: the engine's alert that
    restates it is left out."""
    acknowledged = AcknowledgementRepository(session, actor).all()
    items: list[DueItem] = []
    for patient, trial_id, result in registry_follow_ups(session, actor, trials, on):
        items += due_items(patient, trial_id, result, on, acknowledged.get((patient, trial_id), {}))
    items.sort(key=lambda item: (item.due, item.patient))
    return items


def due_items(patient: str, trial_id: str, result: FollowUp, on: dt.date, known: dict) -> list[DueItem]:
    """One patient's due-list lines in one trial: its actions (with their acknowledgements), then
    its alerts less those restating a listed action."""
    return [DueItem(patient, trial_id, a.due, action_status(a.due, on), action=a, acknowledged=known.get(a.key))
            for a in result.actions] + \
        [DueItem(patient, trial_id, a.due, alert_status(a.kind), alert=a)
         for a in without_restated(result.actions, result.alerts)]
