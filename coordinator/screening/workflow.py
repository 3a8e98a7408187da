"""The screening workflow as pure rules: who may do what, and which status follows which.

A screening is one patient against one trial on a date. Its lifecycle:

    in_progress -> ready_for_review -> signed -> enrolled | screen_failure
                <-  (sent back)

Coordinators record manual answers (for unknown and manual criteria) and prepare screenings;
investigators also override any answer (with a reason) and sign. After sign-off a screening
is locked. Roles are enforced here, in the core, whatever interface calls it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum

from coordinator.screening.eligibility import ADOPTED, CHOSEN, Checklist, Decision, ReadingChoice, Verdict
from coordinator.records.record import Patient
from coordinator.records.record_io import canonical
from coordinator.records.trial_ids import checked_trial_id
from coordinator.records.text_checks import control_problem
from coordinator.screening.rules.answers import Answer
from coordinator.problems import Refusal
from coordinator.screening.trial import Trial


class Role(StrEnum):
    COORDINATOR = "coordinator"
    INVESTIGATOR = "investigator"
    MONITOR = "monitor"
    ADMINISTRATOR = "administrator"


class Permission(StrEnum):
    READ = "read the registry"
    EDIT_PATIENTS = "change patient data"
    SCREEN = "start or prepare a screening"
    ANSWER = "record a manual answer"
    OVERRIDE = "override a criterion"
    CHOOSE_READING = "choose or adopt a reading of ambiguous protocol text"
    SIGN = "sign a screening"
    ENROL = "record an enrolment or screen failure"
    FOLLOW_UP = "acknowledge a follow-up action"
    MANAGE_ACCOUNTS = "manage accounts"
    READ_AUDIT = "read the audit trail"
    BACK_UP = "back up the registry"
    RESTORE = "restore the registry from a backup"
    ENCRYPT = "encrypt the registry"
    MANAGE_TRIALS = "install or retire a trial definition"


_COORDINATOR = {Permission.READ, Permission.EDIT_PATIENTS, Permission.SCREEN, Permission.ANSWER, Permission.ENROL,
                Permission.FOLLOW_UP, Permission.BACK_UP}
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COORDINATOR: frozenset(_COORDINATOR),
    # The audit trail holds old and new patient values: for those who review, not those who type.
    # A trial's definition decides every screening for it: installed or retired by whom signs them.
    Role.INVESTIGATOR: frozenset(_COORDINATOR | {Permission.OVERRIDE, Permission.CHOOSE_READING,
                                                   Permission.SIGN, Permission.READ_AUDIT, Permission.MANAGE_TRIALS}),
    Role.MONITOR: frozenset({Permission.READ, Permission.READ_AUDIT, Permission.BACK_UP}),
    # Accounts and the registry's safekeeping (backups, restore, encryption): no patient data.
    Role.ADMINISTRATOR: frozenset({Permission.MANAGE_ACCOUNTS, Permission.BACK_UP, Permission.RESTORE,
                                   Permission.ENCRYPT}),
}


@dataclass(frozen=True)
class Actor:
    """Who acts: a user name and role (plus any further roles the account holds, e.g. the
    site's first investigator is also its administrator)."""

    name: str
    role: Role
    also: frozenset[Role] = frozenset()

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset({self.role}) | self.also

    @property
    def permissions(self) -> frozenset[Permission]:
        return frozenset().union(*(PERMISSIONS[role] for role in self.roles))

    def __str__(self) -> str:
        return f"{self.name} ({', '.join(sorted(self.roles, key=list(Role).index))})"


class PermissionDenied(Refusal, PermissionError):
    pass


class WorkflowError(Refusal, ValueError):
    """An action that the screening's state or the input does not allow."""


def _free_text(field: str, text: str) -> str:
    """A note or reason as typed (trimmed), refused when it holds a control character."""
    problem = control_problem(field, text, free_text=True)
    if problem is not None:
        raise WorkflowError(f"{field}: {problem.message}")
    return text.strip()


def require(actor: Actor, permission: Permission) -> None:
    if permission not in actor.permissions:
        raise PermissionDenied(f"{actor} may not {permission}")


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    READY_FOR_REVIEW = "ready_for_review"
    SIGNED = "signed"
    ENROLLED = "enrolled"
    SCREEN_FAILURE = "screen_failure"


LOCKED = frozenset({Status.SIGNED, Status.ENROLLED, Status.SCREEN_FAILURE})
TRANSITIONS: dict[Status, dict[Status, Permission]] = {
    Status.IN_PROGRESS: {Status.READY_FOR_REVIEW: Permission.SCREEN},
    Status.READY_FOR_REVIEW: {Status.IN_PROGRESS: Permission.SCREEN, Status.SIGNED: Permission.SIGN},
    Status.SIGNED: {Status.ENROLLED: Permission.ENROL, Status.SCREEN_FAILURE: Permission.ENROL},
}


def record_hash(patient: Patient) -> str:
    """Fingerprint of everything the registry holds for the patient that screening looks at: a
    change makes a signed screening stale. The on-study records (`studies`) are left out: the
    enrolment itself and the follow-up after it never make the eligibility screening stale.
    Leaving the field out also keeps the fingerprints stored before patients had studies."""
    screened = canonical(patient.model_copy(update={"studies": []}))  # studies not sorted: left out anyway
    # A result's time is left out when there is none: the fingerprints stored before results had times stay.
    timeless = {index: {"time"} for index, obs in enumerate(screened.observations) if obs.time is None}
    excluded: dict = {"studies": True, "observations": timeless} if timeless else {"studies": True}
    return hashlib.sha256(screened.model_dump_json(exclude=excluded).encode("utf-8")).hexdigest()


def check_answer(actor: Actor, status: Status, checklist: Checklist, criterion_id: str, answer: Answer,
                 note: str) -> Decision:
    """A coordinator's (or investigator's) answer to a criterion the engine could not settle."""
    require(actor, Permission.ANSWER)
    _check_open(status)
    result = _criterion(checklist, criterion_id)
    if answer not in (Answer.YES, Answer.NO):
        raise WorkflowError("a manual answer is yes or no")
    if result.auto not in (Answer.UNKNOWN, Answer.NEEDS_REVIEW):
        raise WorkflowError(f"{criterion_id} was answered from the data ({result.auto}); only an investigator's "
                            "override can change it")
    if result.ambiguous and Permission.OVERRIDE not in actor.permissions:
        raise PermissionDenied(f"{criterion_id} rests on ambiguous protocol text: the investigator must confirm "
                               f"the reading ({actor} may not)")
    return Decision(criterion_id, answer, actor.name, _free_text("note", note), _now())


def check_override(actor: Actor, status: Status, checklist: Checklist, criterion_id: str, answer: Answer,
                   reason: str) -> Decision:
    """An investigator's judgment that replaces a criterion's answer; the reason is mandatory."""
    require(actor, Permission.OVERRIDE)
    _check_open(status)
    _criterion(checklist, criterion_id)
    if answer not in (Answer.YES, Answer.NO):
        raise WorkflowError("an override is yes or no")
    if not reason.strip():
        raise WorkflowError("an override needs a reason")
    return Decision(criterion_id, answer, actor.name, _free_text("reason", reason), _now())


def check_reading_choice(actor: Actor, status: Status, trial: Trial, item_id: str, reading_id: str,
                         note: str) -> ReadingChoice:
    """The investigator's choice of a reading of ambiguous text, for one screening."""
    require(actor, Permission.CHOOSE_READING)
    _check_open(status)
    _reading(trial, item_id, reading_id)
    return ReadingChoice(reading_id, actor.name, CHOSEN, _free_text("note", note), _now())


def check_adoption(actor: Actor, trial: Trial, item_id: str, reading_id: str, reason: str) -> ReadingChoice:
    """A reading adopted for the trial at the site: every screening of the trial takes it (unless
    its investigator chooses another). The reason is mandatory and printed on every checklist."""
    require(actor, Permission.CHOOSE_READING)
    _reading(trial, item_id, reading_id)
    if not reason.strip():
        raise WorkflowError("adopting a reading for the trial needs a reason")
    return ReadingChoice(reading_id, actor.name, ADOPTED, _free_text("reason", reason), _now())


def check_trial_change(actor: Actor, what: str, reason: str) -> str:
    """Installing, retiring or restoring a trial definition: by an investigator, with a reason
    (the reason as recorded)."""
    require(actor, Permission.MANAGE_TRIALS)
    if not reason.strip():
        raise WorkflowError(f"{what} needs a reason")
    return _free_text("reason", reason)


def check_withdrawal(actor: Actor, trial: Trial, item_id: str, reason: str) -> str:
    """Undoing an adoption: the investigator again chooses per screening. Returns the reason."""
    require(actor, Permission.CHOOSE_READING)
    _item_readings(trial, item_id)
    if not reason.strip():
        raise WorkflowError("withdrawing an adopted reading needs a reason")
    return _free_text("reason", reason)


def _item_readings(trial: Trial, item_id: str):
    try:
        readings = trial.readings_of(item_id)
    except KeyError:
        raise WorkflowError(f"{trial.trial_id} has no criterion or part {item_id}") from None
    if not readings:
        raise WorkflowError(f"{trial.trial_id} {item_id} has no readings to choose from")
    return readings


def _reading(trial: Trial, item_id: str, reading_id: str) -> None:
    ids = [r.id for r in _item_readings(trial, item_id)]
    if reading_id not in ids:
        raise WorkflowError(f"{trial.trial_id} {item_id} has no reading '{reading_id}'; its readings: {', '.join(ids)}")


def check_transition(actor: Actor, status: Status, target: Status, checklist: Checklist) -> None:
    allowed = TRANSITIONS.get(status, {})
    if target not in allowed:
        raise WorkflowError(f"a screening that is {status} cannot become {target}")
    require(actor, allowed[target])
    verdict = checklist.verdict
    if target == Status.SIGNED and verdict == Verdict.INCOMPLETE:
        raise WorkflowError(f"cannot sign while criteria are open: {', '.join(checklist.open)}")
    if target == Status.ENROLLED and verdict != Verdict.ELIGIBLE:
        raise WorkflowError(f"only an eligible patient can be enrolled (verdict: {verdict})")


def _check_open(status: Status) -> None:
    if status in LOCKED:
        raise WorkflowError(f"the screening is {status} and locked")


def _criterion(checklist: Checklist, criterion_id: str):
    for result in checklist.criteria:
        if result.id == criterion_id:
            return result
    raise WorkflowError(f"{checklist.trial_id} has no criterion {criterion_id}")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def screening_label(trial_id: str, number: int) -> str:
    """The label people use for a screening: ChiCTR2300071234-S0007."""
    return f"{trial_id}-S{number:04d}"


def parse_screening_label(label: str) -> tuple[str, int] | None:
    """(trial id, number) of a label in any case ("nct03864250-s0007"), or None."""
    head, dash, number = label.strip().replace("-s", "-S").rpartition("-S")
    if not dash or not number.isdigit():
        return None
    try:
        return checked_trial_id(head), int(number)
    except ValueError:
        return None
