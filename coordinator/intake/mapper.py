"""One incoming result mapped onto the vocabulary, or told why not: the test (site mapping,
then LOINC, then the names hospitals use), the unit, the value in its kind, the lab's limits,
the time; then the same clinical validation as the record format. Nothing is guessed: what does
not map says so, with the name or unit as the source wrote it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from coordinator.intake.incoming import IncomingCondition, IncomingMedication, IncomingResult
from coordinator.intake.lab_names import NOT_NEEDED, LabNames, fold, lab_names
from coordinator.intake.reference_range import Limits, RangeNotUnderstood, parse_reference_range
from coordinator.intake.result_text import NotAMoment, NotAResult, ResultValue, flag_meaning, parse_moment, parse_result
from coordinator.intake.site_mapping import SiteMapping
from coordinator.phrase import Joined, Phrase, term
from coordinator.records.record import Condition, Diagnosis, Medication, Observation
from coordinator.records.validation import validate_part
from coordinator.records.vocabulary import ObservationDef, vocabulary

# Result statuses that are not a final result (HL7 v2 OBX-11, FHIR Observation.status).
WITHDRAWN = {"entered-in-error", "cancelled", "w", "d", "x", "not-taken", "refuted"}
FINAL = {"", "final", "amended", "corrected", "f", "c", "u", "a",
         # MedicationStatement and Condition: taken, or a diagnosis that holds
         "active", "completed", "stopped", "on-hold", "unknown", "confirmed", "provisional", "differential"}
RESOLVED = {"inactive", "remission", "resolved"}
OR = Phrase(" or ")


class Status(StrEnum):
    READY = "ready"              # will be imported
    DUPLICATE = "duplicate"      # already in the registry, or earlier in the file: skipped, counted
    NOT_NEEDED = "not needed"    # a test no trial reads (vocabulary or site mapping): counted, named
    SKIPPED = "skipped"          # withdrawn or not final at the source: reported, not imported
    UNMAPPED = "unmapped"        # a test or unit the vocabulary and the site mapping do not know
    PROBLEM = "problem"          # wrong or implausible data, an unknown patient

    @property
    def blocks(self) -> bool:
        """Whether a row in this status stops the file from being imported."""
        return self in (Status.UNMAPPED, Status.PROBLEM)


@dataclass(frozen=True, slots=True)
class PatientContext:
    """What mapping needs of the matched patient."""

    registry_no: str
    sex: str
    birth_date: dt.date


@dataclass(frozen=True, slots=True)
class MappedResult:
    where: str
    status: Status
    source_name: str
    code: str = ""
    part: Observation | Medication | Diagnosis | Condition | None = None  # what would be imported
    section: str = "observations"
    message: str = ""
    field: str = ""              # test, unit, result, reference range, time, status, patient
    unit: str = ""               # the unit as the source wrote it

    def but(self, status: Status, message: str, field: str = "") -> MappedResult:
        return MappedResult(self.where, status, self.source_name, self.code, self.part, self.section,
                            message, field or self.field, self.unit)


class _Unmapped(Exception):
    def __init__(self, status: Status, message: str, field: str, code: str = ""):
        super().__init__(message)
        self.status, self.message, self.field, self.code = status, message, field, code


class Mapper:
    def __init__(self, site: SiteMapping | None = None, names: LabNames | None = None, today: dt.date | None = None):
        self.site = site or SiteMapping()
        self.names = names or lab_names()
        self.today = today or dt.date.today()
        self.vocab = vocabulary()

    def map(self, row: IncomingResult, patient: PatientContext | None) -> MappedResult:
        code = ""
        try:
            self._require_final(row.status)
            code = self.test_code(row)
            definition = self.vocab.observations[code]
            patient = self._require_patient(patient, row.patient, code)
            observation = self._observation(row, definition, patient)
        except _Unmapped as refusal:
            return MappedResult(row.where, refusal.status, row.source_name, refusal.code or code,
                                message=refusal.message, field=refusal.field, unit=row.unit)
        return self._checked(row.where, row.source_name, code, "observations", observation, patient, row.unit)

    def map_item(self, item, patient: PatientContext | None) -> MappedResult:
        """Any incoming item: a result, a medication or a condition."""
        if isinstance(item, IncomingMedication):
            return self.map_medication(item, patient)
        if isinstance(item, IncomingCondition):
            return self.map_condition(item, patient)
        return self.map(item, patient)

    def map_medication(self, item: IncomingMedication, patient: PatientContext | None) -> MappedResult:
        name = " / ".join(part for part in (item.drug_name, item.drug_code) if part) or "(no drug name)"
        section = "medications"
        try:
            self._require_final(item.status)
            drug = self.site.drug(item.drug_name, item.drug_code) or self.names.drug(item.drug_name) \
                or (self.names.drug(item.drug_code) if item.drug_code else None)
            if drug is None:
                raise _Unmapped(Status.UNMAPPED, Phrase("drug '{name}' is not in the vocabulary or the site mapping", name=name), "test")
            patient = self._require_patient(patient, item.patient, drug)
            start, stop = self._day(item.start, "start", drug), self._day(item.stop, "stop", drug, optional=True)
            route = self.names.routes.get(fold(item.route)) if item.route else None
            note = f"route {item.route}" if item.route and route is None else None
            dose_unit = item.dose_unit.strip() or None
            part = Medication(drug=drug, start=start, stop=stop, dose=item.dose, dose_unit=dose_unit, route=route,
                              note=note)
        except _Unmapped as refusal:
            return MappedResult(item.where, refusal.status, name, refusal.code, section=section,
                                message=refusal.message, field=refusal.field)
        return self._checked(item.where, name, drug, section, part, patient)

    def map_condition(self, item: IncomingCondition, patient: PatientContext | None) -> MappedResult:
        name = " / ".join(part for part in (item.name, item.code) if part) or "(no name)"
        try:
            self._require_final(item.verification)
            code = self.site.condition(item.name, item.code) or self.names.condition(item.name) \
                or (self.names.condition(item.code) if item.code else None)
            if code is None:
                raise _Unmapped(Status.UNMAPPED, Phrase("condition '{name}' is not in the vocabulary or the site mapping", name=name),
                                "test")
            patient = self._require_patient(patient, item.patient, code)
            onset = self._day(item.onset, "onset", code, optional=True)
            resolved = self._day(item.resolved, "resolved", code, optional=True)
            part: Diagnosis | Condition
            if code in self.vocab.diagnoses:
                section = "diagnoses"
                part = Diagnosis(code=code, date=onset, onset=onset)
            else:
                section = "conditions"
                status = "resolved" if item.status.lower() in RESOLVED or resolved else "active"
                part = Condition(code=code, onset=onset, resolved=resolved, status=status)
        except _Unmapped as refusal:
            return MappedResult(item.where, refusal.status, name, refusal.code, section="conditions",
                                message=refusal.message, field=refusal.field)
        return self._checked(item.where, name, code, section, part, patient)

    def _checked(self, where: str, name: str, code: str, section: str, part, patient: PatientContext,
                 unit: str = "") -> MappedResult:
        """The record format's validation of the mapped item: ready, or the problems it has."""
        problems = validate_part(section, part, patient.birth_date, self.today)
        if problems:
            return MappedResult(where, Status.PROBLEM, name, code, part, section,
                                Joined("; ", (problem.message for problem in problems)), _field_of(problems[0].field), unit)
        return MappedResult(where, Status.READY, name, code, part, section, unit=unit)

    @staticmethod
    def _require_final(status: str) -> None:
        status = str(status).strip().lower()
        if status in WITHDRAWN or status not in FINAL:
            message = Phrase("status '{status}': withdrawn at the source", status=status) if status in WITHDRAWN \
                else Phrase("status '{status}': not a final result", status=status)
            raise _Unmapped(Status.SKIPPED, message, "status")

    @staticmethod
    def _require_patient(patient: PatientContext | None, ids, code: str) -> PatientContext:
        if patient is None:
            raise _Unmapped(Status.PROBLEM, Phrase("no patient in the registry has the record or registry number "
                                                   "'{ids}'", ids=str(ids)), "patient", code)
        return patient

    @staticmethod
    def _day(moment, name: str, code: str, optional: bool = False) -> dt.date | None:
        if optional and not moment:
            return None
        try:
            return parse_moment(moment)[0]
        except NotAMoment as error:
            raise _Unmapped(Status.PROBLEM, Phrase("{name}: {error}", name=name, error=error.message),
                            "time", code) from None

    # -- the test ----------------------------------------------------------------------------
    def test_code(self, row: IncomingResult) -> str:
        site = self.site.test(row.test_name, row.test_code, row.loinc)
        if site == NOT_NEEDED:
            raise _Unmapped(Status.NOT_NEEDED, Phrase("not needed by any trial (site mapping)"), "test")
        if site:
            return site
        by_loinc = self.names.by_loinc.get(row.loinc.strip()) if row.loinc else None
        by_name = self.names.codes_for_name(row.test_name) or self.names.codes_for_name(row.test_code)
        if by_loinc:
            if by_name and by_loinc not in by_name:
                raise _Unmapped(Status.PROBLEM, Phrase(
                    "LOINC {loinc} is {by_loinc} but the name '{name}' is {by_name}", loinc=row.loinc,
                    by_loinc=term(by_loinc), name=row.test_name or row.test_code,
                    by_name=Joined(OR, map(term, by_name))), "test")
            return by_loinc
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            return self._by_unit(row, by_name)
        if any(self.names.is_not_needed(name) for name in (row.test_name, row.test_code) if name):
            raise _Unmapped(Status.NOT_NEEDED, Phrase("not needed by any trial"), "test")
        raise _Unmapped(Status.UNMAPPED, Phrase("test '{name}' is not in the vocabulary or the site mapping",
                                                name=row.source_name), "test")

    def _by_unit(self, row: IncomingResult, codes: tuple[str, ...]) -> str:
        unit = self._spelled_unit(row.unit)
        fitting = [code for code in codes if unit and self.vocab.observations[code].unit_key(unit)]
        if len(fitting) == 1:
            return fitting[0]
        raise _Unmapped(Status.UNMAPPED, Phrase("test '{name}' may be {codes}; its unit '{unit}' does not tell which",
                                                name=row.source_name, codes=Joined(OR, map(term, codes)),
                                                unit=row.unit), "test")

    def _spelled_unit(self, unit: str) -> str:
        return (self.site.unit(unit) or self.names.unit(unit)) if unit.strip() else ""

    # -- the value ---------------------------------------------------------------------------
    def _observation(self, row: IncomingResult, definition: ObservationDef, patient: PatientContext) -> Observation:
        code = definition.code
        try:
            value = parse_result(row.result, self.names)
        except NotAResult as error:
            raise _Unmapped(Status.PROBLEM, error.message, "result", code) from None
        if value.number is not None and not math.isfinite(value.number):
            raise _Unmapped(Status.PROBLEM, Phrase("result '{result}' is not a finite number", result=row.result),
                            "result", code)
        try:
            date, time = parse_moment(row.taken)
        except NotAMoment as error:
            raise _Unmapped(Status.PROBLEM, error.message, "time", code) from None
        flag = row.flag.strip() or value.glued_flag
        direction = flag_meaning(flag, self.names) if flag else None
        if flag and direction is None:
            raise _Unmapped(Status.PROBLEM, Phrase("flag '{flag}' is not one this reader knows (↑ ↓ H L N)",
                                                   flag=flag), "flag", code)
        fields: dict = {"code": code, "date": date, "time": time}
        notes: list[str] = []
        if definition.kind == "quantity":
            fields.update(self._quantity(row, definition, value, patient, notes))
        elif definition.kind == "coded":
            fields["text"] = self._coded(row, definition, value, direction, patient, notes)
        elif definition.kind == "titre":
            if not value.titre:
                raise _Unmapped(Status.PROBLEM, Phrase("result '{result}' is not a titre (1:N); {test} is recorded "
                                                       "as a titre", result=row.result, test=term(code)),
                                "result", code)
            fields.update(text=value.titre, value=float(value.titre.split(":")[1]))
        else:  # score
            if value.number is None:
                raise _Unmapped(Status.PROBLEM, Phrase("result '{result}' is not a number", result=row.result),
                                "result", code)
            fields["value"] = value.number
        if flag and direction != "normal" and fields.get("uln") is None and fields.get("lln") is None:
            notes.append(f"flag {flag} (no reference range given)")
        if notes:
            fields["note"] = "; ".join(notes)
        try:
            return Observation(**fields)
        except ValidationError as error:
            raise _Unmapped(Status.PROBLEM, error.errors(include_url=False)[0]["msg"], "result", code) from None

    def _quantity(self, row: IncomingResult, definition: ObservationDef, value: ResultValue, patient: PatientContext,
                  notes: list[str]) -> dict:
        code = definition.code
        if value.number is None:
            raise _Unmapped(Status.PROBLEM, Phrase("result '{result}' is not a number; {test} is a measured "
                                                   "quantity", result=row.result, test=term(code)), "result", code)
        if not row.unit.strip():
            raise _Unmapped(Status.PROBLEM, Phrase("no unit given; {test} takes one of: {units}", test=term(code),
                                                   units=", ".join(definition.units)), "unit", code)
        unit = definition.unit_key(self._spelled_unit(row.unit))
        if unit is None:
            raise _Unmapped(Status.UNMAPPED, Phrase("unit '{unit}' is not one the vocabulary accepts for {test} "
                                                    "({units})", unit=row.unit, test=term(code),
                                                    units=", ".join(definition.units)), "unit", code)
        if value.censored:
            notes.append(f"reported as {value.censored}{value.number:g} {unit}")
        limits = self._limits(row, patient, code, notes)
        return {"value": value.number, "unit": unit, "uln": limits.uln, "lln": limits.lln}

    def _limits(self, row: IncomingResult, patient: PatientContext, code: str, notes: list[str],
                qualitative: bool = False) -> Limits:
        if row.low is not None or row.high is not None:
            return Limits(row.low, row.high)
        try:
            return parse_reference_range(row.reference_range, patient.sex, qualitative)
        except RangeNotUnderstood as error:
            if self.vocab.observations[code].reference_range:  # criteria read "x ULN": the limit matters
                raise _Unmapped(Status.PROBLEM, error.message, "reference range", code) from None
            notes.append(f"reference range {row.reference_range}")
            return Limits()

    def _coded(self, row: IncomingResult, definition: ObservationDef, value: ResultValue, direction: str | None,
               patient: PatientContext, notes: list[str]) -> str:
        meaning = value.meaning
        if not meaning and value.number is not None:
            # A serology reported as a number: the lab's own cut-off (its upper limit) or flag reads it.
            limits = self._limits(row, patient, definition.code, [])
            if direction in ("high", "abnormal"):
                meaning = "positive"
            elif limits.uln is not None:
                meaning = "positive" if value.number > limits.uln else "negative"
            elif direction == "normal" and row.flag.strip():
                meaning = "negative"
            else:
                raise _Unmapped(Status.PROBLEM, Phrase("result '{result}' is a number but {test} is positive or "
                                                       "negative, and no cut-off or flag says which",
                                                       result=row.result, test=term(definition.code)),
                                "result", definition.code)
            cut_off = f", cut-off {limits.uln:g}" if limits.uln is not None else ""
            notes.append(f"reported as {row.result} {row.unit}{cut_off}".replace("  ", " ").strip())
        if meaning == "weakly_positive":
            notes.append(f"weakly positive ({row.result})")
            meaning = "positive"
        text = {"positive": "present", "negative": "absent"}.get(meaning, meaning) \
            if "present" in definition.values else meaning
        if text not in definition.values:
            raise _Unmapped(Status.PROBLEM, Phrase("result '{result}' is not one of {values} for {test}",
                                                   result=row.result, values=", ".join(definition.values),
                                                   test=term(definition.code)), "result", definition.code)
        return text


def _field_of(path: str) -> str:
    """The incoming field a validation problem is about ("observation (alt).value" -> "result")."""
    tail = path.rsplit(".", 1)[-1]
    return {"value": "result", "text": "result", "uln": "reference range", "lln": "reference range",
            "date": "time", "unit": "unit"}.get(tail, tail)
