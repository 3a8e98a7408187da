"""Clinical validation of a patient record against the vocabulary.

Each check returns problems that name the field, the value and the rule broken; nothing
here raises on the first error, so an import can list everything that is wrong at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from coordinator.problems import Problem
from coordinator.records.record import (AdverseEvent, Biopsy, Condition, Diagnosis, DoseRecord, ExitEvent, Medication,
                                Observation, Patient, Procedure, ReproductiveStatus, Study, StudyVisit)
from coordinator.records.renal import Sex
from coordinator.screening.trial import Trial
from coordinator.screening.trial_library import load_trials
from coordinator.records.units import UnitError, to_canonical
from coordinator.records.text_checks import text_problems
from coordinator.records.vocabulary import Vocabulary, vocabulary

EARLIEST_BIRTH = dt.date(1900, 1, 1)
# Activity/chronicity qualifiers (A, A/C, C) belong to the proliferative classes III and IV only.
LUPUS_CLASS = re.compile(r"^(I|II|V|VI|(III|IV|IV-S|IV-G)(\((A|A/C|C)\))?)$")
TITRE = re.compile(r"^1:(\d+)$")
INITIALS = re.compile(r"^[A-Z]{1,12}$")
STUDY_DOSE_UNITS = ("mg/d", "g/d", "mg", "mg/kg", "cells/kg")
# Lengths of the registry's columns for free-text study fields the record format leaves open.
VISIT_ID_LENGTH, CRITERION_LENGTH, BY_LENGTH = 40, 10, 80


def validate_patient(patient: Patient, today: dt.date | None = None) -> list[Problem]:
    """Every clinical problem in `patient`, each naming the patient and the field."""
    today = today or dt.date.today()
    checker = _Checker(patient, today, vocabulary())
    return [problem.located(patient=patient.registry_no) for problem in checker.run()]


def validate_part(section: str, part: Observation | Medication | Diagnosis | Condition, birth_date: dt.date,
                  today: dt.date | None = None) -> list[Problem]:
    """The checks of one item of a patient born on `birth_date` (an imported result, medication,
    diagnosis or condition), as the whole record's validation would make them."""
    checker = _Checker(None, today or dt.date.today(), vocabulary(), birth_date)
    check = {"observations": checker._observation, "medications": checker._medication,
             "diagnoses": checker._diagnosis, "conditions": checker._condition}[section]
    return [*text_problems(part, section[:-1]), *check(section[:-1], part)]  # type: ignore[operator]


class _Checker:
    def __init__(self, patient: Patient | None, today: dt.date, vocab: Vocabulary,
                 birth_date: dt.date | None = None):
        self.patient = patient  # None only for validate_part, which checks one item
        known = birth_date if birth_date is not None else (patient.birth_date if patient is not None else None)
        if known is None:
            raise ValueError("a birth date is needed to check dates")
        self.birth_date: dt.date = known
        self.today = today
        self.vocab = vocab

    def run(self) -> Iterator[Problem]:
        if self.patient is not None:
            yield from text_problems(self.patient)
        yield from self._demographics()
        sections = (
            ("observations", self._observation),
            ("diagnoses", self._diagnosis),
            ("biopsies", self._biopsy),
            ("medications", self._medication),
            ("procedures", self._procedure),
            ("conditions", self._condition),
            ("reproductive", self._reproductive),
        )
        for section, check in sections:
            for index, item in enumerate(getattr(self.patient, section)):
                yield from check(f"{section}[{index}]", item)
        yield from self._studies()

    # -- helpers ----------------------------------------------------------------------------
    def _date(self, field: str, value: dt.date | None) -> Iterator[Problem]:
        if value is None:
            return
        if value > self.today:
            yield Problem(f"date {value} is in the future (today is {self.today})", field)
        elif value < self.birth_date:
            yield Problem(f"date {value} is before the date of birth {self.birth_date}", field)

    def _period(self, field: str, start: dt.date | None, end: dt.date | None,
                start_name: str, end_name: str) -> Iterator[Problem]:
        yield from self._date(f"{field}.{start_name}", start)
        yield from self._date(f"{field}.{end_name}", end)
        if start and end and end < start:
            yield Problem(f"{end_name} {end} is before {start_name} {start}", f"{field}.{end_name}")

    @staticmethod
    def _one_of(field: str, value: str | None, allowed: tuple[str, ...] | list[str],
                what: str, owner: str = "") -> Iterator[Problem]:
        if value is None or value in allowed:
            return
        if not allowed:
            yield Problem(f"{owner or 'this item'} takes no {what}; got '{value}'", field)
        else:
            yield Problem(f"unknown {what} '{value}'; expected one of: {', '.join(allowed)}", field)

    # -- sections ---------------------------------------------------------------------------
    def _demographics(self) -> Iterator[Problem]:
        p = self.patient
        if p.registry_no != p.registry_no.strip() or not p.registry_no.strip():
            yield Problem(f"registry number '{p.registry_no}' must not be blank or padded with spaces",
                          "registry_no")
        if not p.name.strip():
            yield Problem("name must not be blank", "name")
        if p.birth_date > self.today:
            yield Problem(f"date of birth {p.birth_date} is in the future", "birth_date")
        elif p.birth_date < EARLIEST_BIRTH:
            yield Problem(f"date of birth {p.birth_date} is before {EARLIEST_BIRTH}", "birth_date")
        if p.initials is not None and not INITIALS.match(p.initials):
            yield Problem(f"initials '{p.initials}' must be 1-12 capital letters A-Z", "initials")

    def _observation(self, field: str, obs: Observation) -> Iterator[Problem]:
        definition = self.vocab.observations.get(obs.code)
        if definition is None:
            yield Problem(f"unknown observation code '{obs.code}'", f"{field}.code")
            return
        field = f"{field} ({obs.code})"
        yield from self._date(f"{field}.date", obs.date)
        if obs.method is not None and obs.method not in definition.methods:
            allowed = ", ".join(definition.methods) or "none"
            yield Problem(f"unknown method '{obs.method}'; expected one of: {allowed}", f"{field}.method")
        if definition.kind == "coded":
            if obs.text is None:
                yield Problem(f"a result is required, one of: {', '.join(definition.values)}", f"{field}.text")
            else:
                yield from self._one_of(f"{field}.text", obs.text, definition.values, "result")
            if obs.value is not None:
                yield Problem("a coded result takes `text`, not a numeric value", f"{field}.value")
            return
        if definition.kind == "titre":
            match = TITRE.match(obs.text or "")
            if not match:
                yield Problem(f"titre '{obs.text}' must be written 1:N, e.g. 1:160", f"{field}.text")
            elif obs.value is not None and obs.value != int(match.group(1)):
                yield Problem(f"value {obs.value} disagrees with titre {obs.text}", f"{field}.value")
            return
        if obs.value is None:
            yield Problem("a numeric value is required", f"{field}.value")
            return
        if definition.kind == "score":
            if obs.unit not in (None, "score", "points"):
                yield Problem(f"a score has no unit, got '{obs.unit}'", f"{field}.unit")
            if definition.integer and obs.value != int(obs.value):
                yield Problem(f"score {obs.value} must be a whole number", f"{field}.value")
            yield from self._range(field, obs.value, obs.value, "", definition)
            return
        if obs.unit is None:
            yield Problem(f"a unit is required; accepted: {', '.join(definition.units)}", f"{field}.unit")
            return
        try:
            canonical = to_canonical(obs.code, obs.value, obs.unit)
        except UnitError as error:
            yield Problem(str(error), f"{field}.unit")
            return
        yield from self._range(field, obs.value, canonical, obs.unit, definition)
        if obs.uln is not None and obs.uln <= 0:
            yield Problem(f"ULN {obs.uln:g} {obs.unit} must be above zero", f"{field}.uln")
        if obs.lln is not None and obs.lln < 0:  # ranges such as "ALT 0-40 U/L" start at zero
            yield Problem(f"LLN {obs.lln:g} {obs.unit} cannot be negative", f"{field}.lln")
        if obs.uln is not None and obs.lln is not None and obs.lln >= obs.uln:
            yield Problem(f"LLN {obs.lln:g} must be below ULN {obs.uln:g}", f"{field}.lln")
        yield from self._limit_plausible(field, obs, definition)

    @staticmethod
    def _limit_plausible(field: str, obs: Observation, definition) -> Iterator[Problem]:
        """A limit is a level of the same test, so it lies in the test's plausible range once
        converted: one outside it was most often typed in another unit than the result's."""
        if not definition.plausible:
            return
        low, high = definition.plausible
        canonical_unit = definition.canonical or ""
        for name, limit in (("ULN", obs.uln), ("LLN", obs.lln)):
            if limit is None or limit <= 0:
                continue  # a zero or negative limit is reported above
            canonical = to_canonical(obs.code, limit, obs.unit)
            if canonical > high or (name == "ULN" and canonical < low):
                converted = "" if obs.unit == canonical_unit else f" (= {canonical:g} {canonical_unit})"
                yield Problem(f"{name} {limit:g} {obs.unit}{converted} is outside the plausible range "
                              f"{low:g}-{high:g} {canonical_unit}; is it in the result's unit?",
                              f"{field}.{name.lower()}")

    @staticmethod
    def _range(field: str, value: float, canonical: float, unit: str, definition) -> Iterator[Problem]:
        shown = f"{value:g} {unit}".strip()
        if value < 0:
            yield Problem(f"value {shown} is impossible: it cannot be negative", f"{field}.value")
        elif definition.positive and value == 0:
            yield Problem(f"value {shown} is impossible: it must be above zero", f"{field}.value")
        elif definition.plausible:
            low, high = definition.plausible
            if not low <= canonical <= high:
                canonical_unit = definition.canonical or ""
                converted = "" if unit in ("", canonical_unit) else f" (= {canonical:g} {canonical_unit})"
                yield Problem(f"value {shown}{converted} is outside the plausible range "
                              f"{low:g}-{high:g} {canonical_unit}".rstrip(), f"{field}.value")

    def _diagnosis(self, field: str, diagnosis: Diagnosis) -> Iterator[Problem]:
        definition = self.vocab.diagnoses.get(diagnosis.code)
        if definition is None:
            yield Problem(f"unknown diagnosis code '{diagnosis.code}'", f"{field}.code")
            return
        yield from self._date(f"{field}.date", diagnosis.date)
        yield from self._date(f"{field}.onset", diagnosis.onset)
        if diagnosis.onset and diagnosis.date and diagnosis.onset > diagnosis.date:
            yield Problem(f"onset {diagnosis.onset} is after the diagnosis date {diagnosis.date}",
                          f"{field}.onset")
        if diagnosis.classification is not None:
            yield from self._one_of(f"{field}.classification", diagnosis.classification,
                                    definition.classifications, "classification", definition.en)

    def _biopsy(self, field: str, biopsy: Biopsy) -> Iterator[Problem]:
        yield from self._date(f"{field}.date", biopsy.date)
        for index, lupus_class in enumerate(biopsy.isn_rps_classes):
            if not LUPUS_CLASS.match(lupus_class):
                yield Problem(f"'{lupus_class}' is not an ISN/RPS 2003 class "
                              "(I, II, III, IV, IV-S, IV-G, V, VI, optionally with (A), (A/C) or (C))",
                              f"{field}.isn_rps_classes[{index}]")

    def _medication(self, field: str, medication: Medication) -> Iterator[Problem]:
        if medication.drug not in self.vocab.medications:
            yield Problem(f"unknown drug code '{medication.drug}'", f"{field}.drug")
        yield from self._period(field, medication.start, medication.stop, "start", "stop")
        if medication.dose is not None and medication.dose_unit is None:
            yield Problem("a dose needs a dose_unit", f"{field}.dose_unit")
        yield from self._one_of(f"{field}.dose_unit", medication.dose_unit, list(self.vocab.dose_units),
                                "dose unit")
        yield from self._one_of(f"{field}.route", medication.route, self.vocab.routes, "route")

    def _procedure(self, field: str, procedure: Procedure) -> Iterator[Problem]:
        definition = self.vocab.procedures.get(procedure.code)
        if definition is None:
            yield Problem(f"unknown procedure code '{procedure.code}'", f"{field}.code")
            return
        yield from self._period(field, procedure.start, procedure.stop, "start", "stop")
        if procedure.kind is not None:
            yield from self._one_of(f"{field}.kind", procedure.kind, definition.kinds, "kind", definition.en)

    def _condition(self, field: str, condition: Condition) -> Iterator[Problem]:
        definition = self.vocab.conditions.get(condition.code)
        if definition is None:
            yield Problem(f"unknown condition code '{condition.code}'", f"{field}.code")
            return
        yield from self._period(field, condition.onset, condition.resolved, "onset", "resolved")
        yield from self._one_of(f"{field}.status", condition.status, self.vocab.condition_statuses, "status")
        if condition.status == "active" and condition.resolved is not None:
            yield Problem(f"an active condition cannot have a resolved date ({condition.resolved})",
                          f"{field}.resolved")
        yield from self._one_of(f"{field}.kind", condition.kind, definition.kinds, "kind", definition.en)
        yield from self._one_of(f"{field}.severity", condition.severity, definition.severities, "severity",
                                definition.en)
        yield from self._one_of(f"{field}.treatment", condition.treatment, self.vocab.treatments, "treatment")
        if definition.needs_agent:
            if condition.agent is None:
                yield Problem(f"{definition.en} needs the drug it concerns in `agent`", f"{field}.agent")
            elif condition.agent not in self.vocab.medications:
                yield Problem(f"unknown drug code '{condition.agent}'", f"{field}.agent")

    # -- studies (enrolments and their on-study history) -----------------------------------
    def _studies(self) -> Iterator[Problem]:
        first_use: dict[tuple[str, str], int] = {}
        for index, study in enumerate(self.patient.studies):
            field = f"studies[{index}]"
            earlier = first_use.setdefault((study.trial, study.subject_no), index)
            if earlier != index:
                yield Problem(f"{study.trial} subject number '{study.subject_no}' is already used by "
                              f"studies[{earlier}]", f"{field}.subject_no")
            yield from self._study(field, study)

    def _study(self, field: str, study: Study) -> Iterator[Problem]:
        trial = load_trials().get(study.trial)
        if trial is None:
            yield Problem(f"unknown trial '{study.trial}'; known: {', '.join(sorted(load_trials()))}",
                          f"{field}.trial")
        else:
            yield from self._one_of(f"{field}.arm", study.arm, [arm.id for arm in trial.arms], "arm", trial.trial_id)
        # A randomisation day may be ahead (the screening workflow records a planned one); the
        # history cannot be: no visit, dose or exit may precede it, nor lie in the future.
        if study.enrolled_on < self.patient.birth_date:
            yield Problem(f"date {study.enrolled_on} is before the date of birth {self.patient.birth_date}",
                          f"{field}.enrolled_on")
        seen_visits: dict[str, int] = {}
        for index, visit in enumerate(study.visits):
            earlier = seen_visits.setdefault(visit.visit, index)
            if earlier != index:
                yield Problem(f"visit '{visit.visit}' is already recorded in visits[{earlier}]",
                              f"{field}.visits[{index}].visit")
            yield from self._study_visit(f"{field}.visits[{index}]", visit, study, trial)
        for index, dose in enumerate(study.doses):
            yield from self._dose_record(f"{field}.doses[{index}]", dose, study)
        for index, event in enumerate(study.adverse_events):
            yield from self._adverse_event(f"{field}.adverse_events[{index}]", event)
        for index, event in enumerate(study.exits):
            yield from self._exit_event(f"{field}.exits[{index}]", event, study, trial)
        if len(study.exits) > 1:
            first = min(study.exits, key=lambda e: e.date)
            for index, event in enumerate(study.exits):
                if event is not first:
                    yield Problem(f"a study has one exit; the patient already left on {first.date}",
                                  f"{field}.exits[{index}]")

    def _on_study_date(self, field: str, name: str, value: dt.date | None, study: Study) -> Iterator[Problem]:
        """A date of the study's history: a valid date, and not before the enrolment."""
        problems = list(self._date(field, value))
        yield from problems
        if value is not None and not problems and value < study.enrolled_on:
            yield Problem(f"{name} {value} is before the enrolment on {study.enrolled_on}", field)

    def _study_visit(self, field: str, visit: StudyVisit, study: Study, trial: Trial | None) -> Iterator[Problem]:
        if len(visit.visit) > VISIT_ID_LENGTH:
            yield Problem(f"visit id '{visit.visit}' is longer than {VISIT_ID_LENGTH} characters", f"{field}.visit")
        elif trial is not None and trial.visits and visit.visit not in (ids := [v.id for v in trial.visits]):
            yield Problem(f"visit '{visit.visit}' is not in the {trial.trial_id} visit schedule; expected one of: "
                          f"{', '.join(ids)}", f"{field}.visit")
        if visit.status == "done" and visit.date is None:
            yield Problem("a visit that took place needs its date (or status 'missed')", f"{field}.date")
        yield from self._on_study_date(f"{field}.date", "visit date", visit.date, study)

    def _dose_record(self, field: str, dose: DoseRecord, study: Study) -> Iterator[Problem]:
        if dose.drug not in self.vocab.medications:
            yield Problem(f"unknown drug code '{dose.drug}'", f"{field}.drug")
        yield from self._one_of(f"{field}.unit", dose.unit, STUDY_DOSE_UNITS, "dose unit")
        yield from self._on_study_date(f"{field}.start", "start", dose.start, study)

    def _adverse_event(self, field: str, event: AdverseEvent) -> Iterator[Problem]:
        if not event.term.strip():
            yield Problem("the adverse event term must not be blank", f"{field}.term")
        yield from self._period(field, event.onset, event.resolved, "onset", "resolved")
        if event.related_to is not None and event.related_to not in self.vocab.medications:
            yield Problem(f"unknown drug code '{event.related_to}'", f"{field}.related_to")

    def _exit_event(self, field: str, event: ExitEvent, study: Study, trial: Trial | None) -> Iterator[Problem]:
        yield from self._on_study_date(f"{field}.date", "exit date", event.date, study)
        if not event.reason.strip():
            yield Problem("the reason must not be blank", f"{field}.reason")
        if event.criterion is not None:
            criteria = [c.id for c in trial.exit_criteria] if trial is not None else []
            if criteria:
                if event.criterion not in criteria:
                    yield Problem(f"'{event.criterion}' is not an exit criterion of {trial.trial_id}; expected one of: "
                                  f"{', '.join(criteria)}", f"{field}.criterion")
            elif len(event.criterion) > CRITERION_LENGTH:
                yield Problem(f"criterion '{event.criterion}' is longer than {CRITERION_LENGTH} characters",
                              f"{field}.criterion")
        if event.by is not None and len(event.by) > BY_LENGTH:
            yield Problem(f"'by' is longer than {BY_LENGTH} characters", f"{field}.by")

    def _reproductive(self, field: str, status: ReproductiveStatus) -> Iterator[Problem]:
        yield from self._date(f"{field}.date", status.date)
        yield from self._one_of(f"{field}.contraception", status.contraception, self.vocab.contraception,
                                "contraception")
        if self.patient.sex == Sex.MALE:
            for flag in ("pregnant", "lactating"):
                if getattr(status, flag):
                    yield Problem(f"{flag} is recorded as yes for a male patient", f"{field}.{flag}")
