"""Clinical validation of a patient record against the vocabulary.

Each check returns problems that name the field, the value and the rule broken; nothing
here raises on the first error, so an import can list everything that is wrong at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from coordinator.problems import Problem
from coordinator.record import (Biopsy, Condition, Diagnosis, Medication, Observation, Patient,
                                Procedure, ReproductiveStatus)
from coordinator.renal import Sex
from coordinator.units import UnitError, to_canonical
from coordinator.vocabulary import Vocabulary, vocabulary

EARLIEST_BIRTH = dt.date(1900, 1, 1)
# Activity/chronicity qualifiers (A, A/C, C) belong to the proliferative classes III and IV only.
LUPUS_CLASS = re.compile(r"^(I|II|V|VI|(III|IV|IV-S|IV-G)(\((A|A/C|C)\))?)$")
TITRE = re.compile(r"^1:(\d+)$")
INITIALS = re.compile(r"^[A-Z]{1,12}$")


def validate_patient(patient: Patient, today: dt.date | None = None) -> list[Problem]:
    """Every clinical problem in `patient`, each naming the patient and the field."""
    today = today or dt.date.today()
    checker = _Checker(patient, today, vocabulary())
    return [problem.located(patient=patient.registry_no) for problem in checker.run()]


class _Checker:
    def __init__(self, patient: Patient, today: dt.date, vocab: Vocabulary):
        self.patient = patient
        self.today = today
        self.vocab = vocab

    def run(self) -> Iterator[Problem]:
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

    # -- helpers ----------------------------------------------------------------------------
    def _date(self, field: str, value: dt.date | None) -> Iterator[Problem]:
        if value is None:
            return
        if value > self.today:
            yield Problem(f"date {value} is in the future (today is {self.today})", field)
        elif value < self.patient.birth_date:
            yield Problem(f"date {value} is before the date of birth {self.patient.birth_date}", field)

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

    def _reproductive(self, field: str, status: ReproductiveStatus) -> Iterator[Problem]:
        yield from self._date(f"{field}.date", status.date)
        yield from self._one_of(f"{field}.contraception", status.contraception, self.vocab.contraception,
                                "contraception")
        if self.patient.sex == Sex.MALE:
            for flag in ("pregnant", "lactating"):
                if getattr(status, flag):
                    yield Problem(f"{flag} is recorded as yes for a male patient", f"{field}.{flag}")
