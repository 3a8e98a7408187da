"""Screenings persisted: one patient against one trial on a date, its manual answers and
investigator overrides, its status, and the snapshot taken when it is signed.

Every rule about who may do what lives in `coordinator.screening.workflow`; this module asks it before
writing, writes in the caller's transaction, and audits every change.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from sqlalchemy import func, select, update
from sqlmodel import Session

from coordinator.screening.eligibility import (Checklist, Decision, ReadingChoice, checklist_from_dict,
    checklist_to_dict, evaluate)
from coordinator.records.record import Patient
from coordinator.records.record import Study
from coordinator.screening.rules.answers import Answer
from coordinator.screening.workflow import (LOCKED, Actor, Permission, Status, WorkflowError, check_answer,
    check_override, check_reading_choice, check_transition, record_hash, require, screening_label,
    parse_screening_label)
from coordinator.screening.trial import Trial
from coordinator.screening.trial_library import find_trial, load_trials
from coordinator.signing.esign import Meaning, Signature, content_hash
from db.accounts import AccountRepository
from db.trial_definitions import kept_definition, remember
from db.trial_files import retired_trials
from coordinator.screening.trial_changes import Amendment, criterion_changes
from db.audit import AuditLog, utc_now
from db.models import SignatureRow, PatientRow, ScreeningDecisionRow, ScreeningRow
from db.patients import PatientNotFound, PatientRepository
from db.readings import adopted_readings

MANUAL, OVERRIDE, READING = "manual", "override", "reading"


@dataclass(frozen=True)
class Enrolment:
    date: dt.date
    subject_no: str
    arm: str


@dataclass(frozen=True)
class ScreeningView:
    id: int
    number: int
    patient_ref: str
    trial_id: str
    on: dt.date
    status: Status
    checklist: Checklist
    stale: bool
    signed_by: str | None
    signed_at: dt.datetime | None
    enrolment: Enrolment | None
    outcome_note: str | None
    signatures: tuple[Signature, ...] = ()
    consent_on: dt.date | None = None
    amendment: Amendment | None = None  # open, and begun on an earlier version of the trial

    @property
    def label(self) -> str:
        return screening_label(self.trial_id, self.number)


def trial(trial_id: str) -> Trial:
    """A trial in use, by its registry id (or another registry's id for it)."""
    found = find_trial(trial_id)
    if found is None:
        raise WorkflowError(f"unknown trial {trial_id}; known: {', '.join(load_trials())}")
    return found


class ScreeningRepository:
    def __init__(self, session: Session, actor: Actor):
        self.session = session
        self.actor = actor
        self.patients = PatientRepository(session, actor.name)

    # -- reading ----------------------------------------------------------------------------
    def latest(self, patient_ref: str, trial_id: str) -> ScreeningView | None:
        """The patient's most recent screening for the trial."""
        patient_id = self._patient_id(patient_ref)
        row = self.session.execute(select(ScreeningRow).where(
            ScreeningRow.patient_id == patient_id, ScreeningRow.trial_id == trial_id).order_by(ScreeningRow.id.desc())
        ).scalars().first()
        return None if row is None else self._view(row)

    def get(self, screening_id: int) -> ScreeningView:
        return self._view(self._row(screening_id))

    def by_label(self, label: str) -> ScreeningView:
        """A screening by the label people use, e.g. NCT03864250-S0007 (or its numeric id)."""
        if label.isdigit():
            return self.get(int(label))
        parsed = parse_screening_label(label)
        row = None
        if parsed is not None:
            row = self.session.execute(select(ScreeningRow).where(
                ScreeningRow.trial_id == parsed[0], ScreeningRow.number == parsed[1])).scalar()
        if row is None:
            raise WorkflowError(f"no screening '{label}' (expected a label such as NCT03864250-S0001)")
        return self._view(row)

    def for_patient(self, patient_ref: str) -> list[ScreeningView]:
        rows = self.session.execute(select(ScreeningRow).where(
            ScreeningRow.patient_id == self._patient_id(patient_ref)).order_by(ScreeningRow.id)).scalars()
        return [self._view(row) for row in rows]

    def for_trial(self, trial_id: str, start: dt.date | None = None, end: dt.date | None = None) -> list[ScreeningView]:
        query = select(ScreeningRow).where(ScreeningRow.trial_id == trial_id).order_by(ScreeningRow.number)
        if start:
            query = query.where(ScreeningRow.on_date >= start)
        if end:
            query = query.where(ScreeningRow.on_date <= end)
        return [self._view(row) for row in self.session.execute(query).scalars()]

    # -- writing ----------------------------------------------------------------------------
    def start(self, patient_ref: str, trial_id: str, on: dt.date) -> ScreeningView:
        """A new screening, numbered within the trial. One open screening per patient and trial."""
        require(self.actor, Permission.SCREEN)
        definition = trial(trial_id)
        trial_id = definition.trial_id  # (as registered, if another registry's id was given)
        retirement = retired_trials(self.session).get(trial_id)
        if retirement is not None:
            raise WorkflowError(f"{trial_id} was retired at the site on {retirement.at:%Y-%m-%d} by {retirement.by} "
                                f"({retirement.reason}); its screenings are kept, new ones cannot be started")
        current = self.latest(patient_ref, trial_id)
        if current is not None and current.status not in LOCKED:
            raise WorkflowError(f"{patient_ref} already has an open screening for {trial_id} ({current.label})")
        patient_id = self._patient_id(patient_ref)
        number = (self.session.execute(select(func.max(ScreeningRow.number)).where(ScreeningRow.trial_id == trial_id))
                  .scalar() or 0) + 1
        now = utc_now()
        row = ScreeningRow(patient_id=patient_id, trial_id=trial_id, number=number, protocol_version=definition.protocol_version,
                           on_date=on, status=Status.IN_PROGRESS, created_by=self.actor.name, created_at=now,
                           updated_at=now, definition_sha256=remember(self.session, definition))
        self.session.add(row)
        self.session.flush()
        self._audit("start", patient_ref, new={"screening": screening_label(trial_id, number), "on": on.isoformat(),
                                                "protocol_version": definition.protocol_version})
        return self._view(row)

    def answer(self, screening_id: int, criterion_id: str, answer: Answer, note: str = "") -> ScreeningView:
        row = self._row(screening_id)
        decision = check_answer(self.actor, Status(row.status), self._live_checklist(row), criterion_id, answer, note)
        return self._decide(row, MANUAL, decision, reason=note or None)

    def override(self, screening_id: int, criterion_id: str, answer: Answer, reason: str) -> ScreeningView:
        row = self._row(screening_id)
        checklist = self._live_checklist(row)
        decision = check_override(self.actor, Status(row.status), checklist, criterion_id, answer, reason)
        return self._decide(row, OVERRIDE, decision, reason=decision.note)

    def choose_reading(self, screening_id: int, item_id: str, reading_id: str, note: str = "") -> ScreeningView:
        """The investigator's choice of a reading of an ambiguous criterion or part, for this
        screening (it outranks a reading adopted for the trial)."""
        row = self._row(screening_id)
        choice = check_reading_choice(self.actor, Status(row.status), trial(row.trial_id), item_id, reading_id, note)
        previous = self._choices(row.id).get(item_id)
        answer = self._item_answer(self._live_checklist(row, {item_id: choice}), item_id)
        self.session.add(ScreeningDecisionRow(
            screening_id=row.id, criterion_id=item_id, type=READING, answer=answer, reading_id=reading_id,
            note=choice.reason, by=self.actor.name, role=self.actor.role, at=choice.at))
        self.session.execute(update(ScreeningRow).where(ScreeningRow.id == row.id).values(updated_at=utc_now()))
        self._audit("reading", self._patient_ref(row), reason=choice.reason or None,
                    old=None if previous is None else {"item": item_id, "reading": previous.reading_id,
                                                       "by": previous.by},
                    new={"screening": screening_label(row.trial_id, row.number), "item": item_id, "reading": reading_id})
        self.session.flush()
        return self._view(row)

    def preview(self, patient: Patient, trial_id: str, on: dt.date) -> Checklist:
        """The checklist a screening started today would show (the readings adopted for the trial
        taken), not saved."""
        return evaluate(trial(trial_id), patient, on, adopted_readings(self.session, trial_id))

    def move(self, screening_id: int, target: Status, *, enrolment: Enrolment | None = None,
             note: str | None = None) -> ScreeningView:
        """Change status: submit for review, send back, sign, enrol or record a screen failure.
        An enrolment also records the patient's study (trial, arm, subject number, day), in the
        same transaction."""
        if target == Status.SIGNED:
            raise WorkflowError("signing needs the signer's password: use sign()")
        return self._move(screening_id, target, enrolment=enrolment, note=note)

    def _move(self, screening_id: int, target: Status, *, enrolment: Enrolment | None = None,
              note: str | None = None) -> ScreeningView:
        row = self._row(screening_id)
        checklist = self._live_checklist(row) if row.status not in LOCKED else self._snapshot(row)
        check_transition(self.actor, Status(row.status), target, checklist)
        amendment = self._amendment(row)
        if amendment is not None and target in (Status.READY_FOR_REVIEW, Status.SIGNED):
            raise WorkflowError(f"{amendment.describe()}. Review the changed criteria and record the review "
                                "before it is submitted or signed")
        values: dict = {"status": target, "updated_at": utc_now()}
        if target == Status.SIGNED:
            patient = self.patients.require(self._patient_ref(row))
            values.update(snapshot=json.dumps(checklist_to_dict(checklist), ensure_ascii=False),
                          record_hash=record_hash(patient), signed_by=self.actor.name, signed_at=utc_now())
        if target == Status.ENROLLED:
            if enrolment is None:
                raise WorkflowError("an enrolment needs its date, subject number and arm")
            arms = [arm.id for arm in trial(row.trial_id).arms]
            if enrolment.arm not in arms:
                raise WorkflowError(f"unknown arm '{enrolment.arm}' for {row.trial_id}; arms: {', '.join(arms)}")
            if not enrolment.subject_no.strip():
                raise WorkflowError("the subject / randomisation number is required")
            values.update(enrolled_on=enrolment.date, subject_no=enrolment.subject_no.strip(), arm=enrolment.arm)
            study_audit = self._record_study(row, values)
        if note:
            values["outcome_note"] = note
        self.session.execute(update(ScreeningRow).where(ScreeningRow.id == row.id).values(**values))
        self._audit(str(target), self._patient_ref(row), old=row.status,
                    new={"screening": screening_label(row.trial_id, row.number)} | {
                        k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
                        for k, v in values.items() if k not in ("snapshot", "updated_at")},
                    reason=note)
        if target == Status.ENROLLED:
            study_audit.flush()  # after the enrolment it follows from
        self.session.expire(row)
        return self._view(self._row(screening_id))

    def record_consent(self, screening_id: int, on: dt.date) -> ScreeningView:
        """The date the patient signed informed consent (shown on the screening log). Not part of
        what a signature covers: it may be recorded at any stage."""
        require(self.actor, Permission.SCREEN)
        row = self._row(screening_id)
        if on > dt.date.today():
            raise WorkflowError(f"consent date {on.isoformat()}: in the future")
        old = row.consent_on
        self.session.execute(update(ScreeningRow).where(ScreeningRow.id == row.id).values(
            consent_on=on, updated_at=utc_now()))
        self._audit("consent", self._patient_ref(row), old={"consent_on": old.isoformat() if old else None},
                    new={"screening": screening_label(row.trial_id, row.number), "consent_on": on.isoformat()})
        self.session.expire(row)
        return self._view(self._row(screening_id))

    def submit(self, screening_id: int, password: str) -> ScreeningView:
        """Send to the investigator, signed "Prepared by" (the password entered again)."""
        return self._signed_move(screening_id, Status.READY_FOR_REVIEW, Meaning.PREPARED, password)

    def sign(self, screening_id: int, password: str) -> ScreeningView:
        """The investigator's sign-off: the checklist is locked and signed "Eligibility
        confirmed by investigator" (the password entered again)."""
        return self._signed_move(screening_id, Status.SIGNED, Meaning.ELIGIBILITY_CONFIRMED, password)

    # -- internals --------------------------------------------------------------------------
    def _signed_move(self, screening_id: int, target: Status, meaning: Meaning, password: str) -> ScreeningView:
        accounts = AccountRepository(self.session)
        account = accounts.confirm_password(self.actor, password, str(meaning))
        view = self._move(screening_id, target)
        row = SignatureRow(screening_id=view.id, document=view.label, meaning=str(meaning), username=account.username,
                           printed_name=account.printed_name, role=str(self.actor.role),
                           # whole seconds: a PDF signature's time (/M) has no finer ones, and must equal it
                           signed_at=utc_now().replace(microsecond=0),
                           timezone=accounts.site().timezone, content_hash=content_hash(signed_content(view)))
        self.session.add(row)
        audit = AuditLog(self.session, self.actor.name)
        audit.record("signature", "screening", patient_ref=view.patient_ref, reason=str(meaning),
                     new={"screening": view.label, "printed_name": account.printed_name,
                          "content_hash": row.content_hash})
        audit.flush()
        return self._view(self._row(screening_id))

    def _signatures(self, row: ScreeningRow, view: ScreeningView) -> tuple[Signature, ...]:
        stored = self.session.execute(select(SignatureRow).where(SignatureRow.screening_id == row.id)
                                      .order_by(SignatureRow.id)).scalars().all()
        if not stored:
            return ()
        current = content_hash(signed_content(view))
        return tuple(Signature(Meaning(s.meaning), s.username, s.printed_name, s.role,
                               s.signed_at if s.signed_at.tzinfo else s.signed_at.replace(tzinfo=dt.timezone.utc),
                               s.timezone, s.content_hash, s.content_hash == current) for s in stored)

    def _record_study(self, row: ScreeningRow, values: dict) -> AuditLog:
        """The enrolled patient's study row (nothing when the same enrolment is on record already);
        its audit entry is held back for the caller to flush."""
        audit = AuditLog(self.session, self.actor.name)
        try:
            study = Study(trial=row.trial_id, arm=values["arm"], subject_no=values["subject_no"],
                          enrolled_on=values["enrolled_on"])
            self.patients.enrol(self._patient_ref(row), study, reason="enrolment " + screening_label(row.trial_id, row.number),
                                audit=audit)
        except ValueError as error:  # a subject number taken, an invalid date, another enrolment
            raise WorkflowError(f"cannot record the enrolment: {error}") from error
        return audit

    def _decide(self, row: ScreeningRow, kind: str, decision: Decision, reason: str | None) -> ScreeningView:
        previous = self._decisions(row.id, kind).get(decision.criterion_id)
        self.session.add(ScreeningDecisionRow(
            screening_id=row.id, criterion_id=decision.criterion_id, type=kind, answer=decision.answer,
            note=decision.note, by=self.actor.name, role=self.actor.role, at=decision.at))
        self.session.execute(update(ScreeningRow).where(ScreeningRow.id == row.id).values(updated_at=utc_now()))
        self._audit(kind, self._patient_ref(row), reason=reason,
                    old=None if previous is None else {"criterion": previous.criterion_id,
                                                       "answer": str(previous.answer), "by": previous.by},
                    new={"screening": screening_label(row.trial_id, row.number), "criterion": decision.criterion_id,
                         "answer": str(decision.answer), "role": str(self.actor.role)})
        self.session.flush()
        return self._view(row)

    def _decisions(self, screening_id: int, kind: str) -> dict[str, Decision]:
        rows = self.session.execute(select(ScreeningDecisionRow).where(
            ScreeningDecisionRow.screening_id == screening_id, ScreeningDecisionRow.type == kind)
            .order_by(ScreeningDecisionRow.id)).scalars()
        return {r.criterion_id: Decision(r.criterion_id, Answer(r.answer), r.by, r.note or "", r.at) for r in rows}

    def _choices(self, screening_id: int) -> dict[str, ReadingChoice]:
        rows = self.session.execute(select(ScreeningDecisionRow).where(
            ScreeningDecisionRow.screening_id == screening_id, ScreeningDecisionRow.type == READING)
            .order_by(ScreeningDecisionRow.id)).scalars()
        return {r.criterion_id: ReadingChoice(str(r.reading_id), r.by, reason=r.note or "", at=r.at) for r in rows}

    def _live_checklist(self, row: ScreeningRow, choosing: dict[str, ReadingChoice] | None = None) -> Checklist:
        """The checklist from the current data: the readings adopted for the trial, outranked by
        those the investigator chose for this screening."""
        patient = self.patients.require(self._patient_ref(row))
        readings = adopted_readings(self.session, row.trial_id) | self._choices(row.id) | (choosing or {})
        checklist = evaluate(trial(row.trial_id), patient, row.on_date, readings)
        return checklist.with_decisions(self._decisions(row.id, MANUAL), self._decisions(row.id, OVERRIDE))

    @staticmethod
    def _item_answer(checklist: Checklist, item_id: str) -> Answer:
        """The automatic answer of a criterion or part."""
        for result in checklist.criteria:
            if result.id == item_id:
                return result.auto
            for part in result.parts:
                if part.id == item_id:
                    return part.answer
        raise WorkflowError(f"{checklist.trial_id} has no criterion or part {item_id}")

    @staticmethod
    def _snapshot(row: ScreeningRow) -> Checklist:
        return checklist_from_dict(json.loads(row.snapshot))

    def review_amendment(self, screening_id: int, note: str) -> ScreeningView:
        """Record that the criteria an amendment changed were reviewed: the open screening goes on
        under the version in use (audited with what changed)."""
        require(self.actor, Permission.SCREEN)
        row = self._row(screening_id)
        amendment = self._amendment(row)
        if amendment is None:
            raise WorkflowError(f"{screening_label(row.trial_id, row.number)} is on the trial's current version"
                                if row.status not in LOCKED else "a signed screening keeps its version")
        if not note.strip():
            raise WorkflowError("recording the review of an amendment needs a note")
        definition = trial(row.trial_id)
        self.session.execute(update(ScreeningRow).where(ScreeningRow.id == row.id).values(
            protocol_version=definition.protocol_version, definition_sha256=remember(self.session, definition),
            updated_at=utc_now()))
        self._audit("amendment_reviewed", self._patient_ref(row),
                    old={"protocol_version": amendment.from_version},
                    new={"screening": screening_label(row.trial_id, row.number),
                         "protocol_version": amendment.to_version,
                         "changes": None if amendment.changes is None else [c.describe() for c in amendment.changes]},
                    reason=note.strip())
        self.session.expire(row)
        return self._view(self._row(screening_id))

    def _amendment(self, row: ScreeningRow) -> Amendment | None:
        """For an open screening begun on an earlier version than the one in use: what changed."""
        if row.status in LOCKED:
            return None  # a signed screening keeps its version
        current = trial(row.trial_id)
        if row.definition_sha256 is None:  # begun before versions were kept: by the version's name
            if row.protocol_version == current.protocol_version:
                return None
            return Amendment(row.protocol_version, current.protocol_version, None)
        if row.definition_sha256 == current.content_hash:
            return None
        earlier = kept_definition(self.session, row.trial_id, row.definition_sha256)
        return Amendment(row.protocol_version, current.protocol_version,
                         None if earlier is None else criterion_changes(earlier, current))

    def _view(self, row: ScreeningRow) -> ScreeningView:
        ref = self._patient_ref(row)
        locked = row.status in LOCKED
        checklist = self._snapshot(row) if locked else self._live_checklist(row)
        stale = locked and record_hash(self.patients.require(ref)) != row.record_hash
        enrolment = Enrolment(row.enrolled_on, row.subject_no, row.arm) if row.enrolled_on else None
        view = ScreeningView(row.id, row.number, ref, row.trial_id, row.on_date, Status(row.status), checklist, stale,
                             row.signed_by, row.signed_at, enrolment, row.outcome_note, consent_on=row.consent_on)
        return replace(view, signatures=self._signatures(row, view), amendment=self._amendment(row))

    def _row(self, screening_id: int) -> ScreeningRow:
        row = self.session.get(ScreeningRow, screening_id)
        if row is None:
            raise WorkflowError(f"no screening {screening_id}")
        return row

    def _patient_id(self, ref: str) -> int:
        row = self.patients._row(ref)
        if row is None:
            raise PatientNotFound(f"no patient with registry or record number '{ref}'")
        return row.id

    def _patient_ref(self, row: ScreeningRow) -> str:
        return self.session.execute(select(PatientRow.registry_no).where(PatientRow.id == row.patient_id)).scalar_one()

    def _audit(self, action: str, patient_ref: str, *, old=None, new=None, reason: str | None = None) -> None:
        audit = AuditLog(self.session, self.actor.name)
        audit.record(f"screening.{action}", "screening", patient_ref=patient_ref, old=old, new=new, reason=reason)
        audit.flush()


def signed_content(view: ScreeningView) -> dict:
    """What a screening's signature covers: which screening, which patient, and the checklist
    with every answer, override and piece of evidence."""
    return {"screening": view.label, "patient": view.patient_ref, "on": view.on.isoformat(),
            "checklist": checklist_to_dict(view.checklist)}
