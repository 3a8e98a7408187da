"""FHIR R4 JSON: a Bundle (or one resource) of Patient, Observation, MedicationStatement and
Condition, each resource checked with fhir.resources (its R4B models read R4 JSON) before it is
used. Statuses are honoured: an entered-in-error or cancelled resource is reported and skipped."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from pydantic import ValidationError

from coordinator.intake.incoming import (Incoming, IncomingCondition, IncomingMedication, IncomingPatient,
                                         IncomingResult, PatientIds, UnreadableSource)

LOINC = "http://loinc.org"
RECORD_NUMBER_TYPE = "MR"
REGISTRY_SYSTEM_MARK = "trialdesk"   # an identifier system naming TrialDesk carries the registry number
READ = ("Patient", "Observation", "MedicationStatement", "Condition", "Medication")


class MalformedResource(UnreadableSource):
    pass


@dataclass
class FhirContent:
    """What a file holds, by kind; `problems` are resources that failed the standard's checks."""

    patients: list[IncomingPatient] = field(default_factory=list)
    items: list[Incoming] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)     # resource types not read -> count
    problems: list[tuple[str, str]] = field(default_factory=list)   # (where, message)


def _entries(document: Any) -> Iterator[tuple[str, str, dict]]:
    """(where, fullUrl, resource) for each resource of a Bundle or a single resource."""
    if not isinstance(document, dict) or "resourceType" not in document:
        raise MalformedResource("not a FHIR resource: a JSON object with a resourceType is expected")
    if document["resourceType"] != "Bundle":
        yield "resource", "", document
        return
    for index, entry in enumerate(document.get("entry") or [], start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            label = f"entry {index} ({resource.get('resourceType', '?')}/{resource.get('id', '')})".replace("/)", ")")
            yield label, str(entry.get("fullUrl") or ""), resource


def _coding_code(concept) -> str:
    for coding in (concept.coding or []) if concept else []:
        if coding.code:
            return str(coding.code)
    return ""


def _concept_text(concept) -> str:
    if concept is None:
        return ""
    return str(concept.text or next((c.display for c in concept.coding or [] if c.display), "") or "")


def _moment(*values) -> Any:
    for value in values:
        if isinstance(value, (dt.datetime, dt.date)):
            return value
        if value:
            return str(value)
    return ""


def _patient_ids(resource) -> PatientIds:
    record_no = registry_no = ""
    for identifier in resource.identifier or []:
        value = str(identifier.value or "")
        kind = _coding_code(identifier.type)
        if REGISTRY_SYSTEM_MARK in str(identifier.system or "").lower():
            registry_no = registry_no or value
        elif kind == RECORD_NUMBER_TYPE or not record_no:  # the medical record number, else the first identifier
            record_no = value
    name = ""
    for human in resource.name or []:
        family, given = str(human.family or ""), "".join(str(g) for g in human.given or [])
        name = str(human.text or "") or (family + given if any("\u4e00" <= c <= "\u9fff" for c in family + given)
                                         else " ".join(p for p in (given, family) if p))
        if name:
            break
    return PatientIds(record_no, registry_no, name)


class _Reader:
    def __init__(self) -> None:
        self.content = FhirContent()
        self.by_reference: dict[str, PatientIds] = {}
        self.medications: dict[str, Any] = {}

    def subject(self, reference, where: str) -> PatientIds:
        if reference is None:
            raise MalformedResource(f"{where}: no subject (the patient it is about)")
        if reference.reference and str(reference.reference) in self.by_reference:
            return self.by_reference[str(reference.reference)]
        if reference.identifier is not None and reference.identifier.value:
            return PatientIds(record_no=str(reference.identifier.value))
        raise MalformedResource(f"{where}: subject '{reference.reference or '?'}' is not a Patient in this file")

    def read(self, document: Any) -> FhirContent:
        from fhir.resources.R4B import get_fhir_model_class

        entries = []
        for where, full_url, raw in _entries(document):
            kind = str(raw.get("resourceType"))
            if kind not in READ:
                self.content.ignored[kind] = self.content.ignored.get(kind, 0) + 1
                continue
            try:
                resource = get_fhir_model_class(kind).model_validate(raw)
            except ValidationError as error:
                detail = error.errors(include_url=False)[0]
                path = ".".join(str(part) for part in detail["loc"])
                self.content.problems.append((where, f"{path}: {detail['msg']}"))
                continue
            entries.append((where, full_url, kind, resource))
        for where, full_url, kind, resource in entries:  # patients and medications first: others refer to them
            if kind == "Patient":
                self._patient(where, full_url, resource)
            elif kind == "Medication":
                for key in (full_url, f"Medication/{getattr(resource, 'id', '')}"):
                    if key:
                        self.medications[key] = resource
        for where, _, kind, resource in entries:
            try:
                if kind == "Observation":
                    self.content.items.append(self._observation(where, resource))
                elif kind == "MedicationStatement":
                    self.content.items.append(self._medication(where, resource))
                elif kind == "Condition":
                    self.content.items.append(self._condition(where, resource))
            except MalformedResource as error:
                self.content.problems.append((where, str(error).removeprefix(f"{where}: ")))
        return self.content

    def _patient(self, where: str, full_url: str, resource) -> None:
        ids = _patient_ids(resource)
        for key in (full_url, f"Patient/{resource.id}" if resource.id else ""):
            if key:
                self.by_reference[key] = ids
        sex = {"female": "F", "male": "M"}.get(str(resource.gender or ""), "")
        self.content.patients.append(IncomingPatient(where, ids, sex, resource.birthDate, full_url))

    def _observation(self, where: str, resource) -> IncomingResult:
        loinc = next((str(c.code) for c in resource.code.coding or [] if c.system == LOINC and c.code), "")
        local = next((str(c.code) for c in resource.code.coding or [] if c.system != LOINC and c.code), "")
        result: str | float = ""
        unit = ""
        if resource.valueQuantity is not None:
            quantity = resource.valueQuantity
            number = float(quantity.value) if quantity.value is not None else ""
            result = f"{quantity.comparator}{number:g}" if quantity.comparator and number != "" else number
            unit = str(quantity.unit or quantity.code or "")
        elif resource.valueString is not None:
            result = str(resource.valueString)
        elif resource.valueCodeableConcept is not None:
            result = _concept_text(resource.valueCodeableConcept) or _coding_code(resource.valueCodeableConcept)
        elif resource.valueInteger is not None:
            result = float(resource.valueInteger)
        low = high = None
        range_text = ""
        if resource.referenceRange:
            reference = resource.referenceRange[0]
            low = float(reference.low.value) if reference.low is not None and reference.low.value is not None else None
            high = float(reference.high.value) if reference.high is not None and reference.high.value is not None \
                else None
            range_text = str(reference.text or "")
        flag = _coding_code(resource.interpretation[0]) if resource.interpretation else ""
        period = resource.effectivePeriod
        return IncomingResult(
            where=where, patient=self.subject(resource.subject, where),
            test_name=str(resource.code.text or next((c.display for c in resource.code.coding or [] if c.display), "")
                          or ""),
            test_code=local, loinc=loinc, result=result, unit=unit, reference_range=range_text, low=low, high=high,
            flag=flag, taken=_moment(resource.effectiveDateTime, period.start if period else None,
                                     resource.effectiveInstant, resource.issued),
            status=str(resource.status or ""))

    def _medication(self, where: str, resource) -> IncomingMedication:
        concept = resource.medicationCodeableConcept
        if concept is None and resource.medicationReference is not None:
            medication = self.medications.get(str(resource.medicationReference.reference or ""))
            concept = medication.code if medication is not None else None
        if concept is None:
            raise MalformedResource(f"{where}: no medication named")
        dose_unit = route = ""
        dose_value = None
        if resource.dosage:
            dosage = resource.dosage[0]
            route = _concept_text(dosage.route)
            for rate in dosage.doseAndRate or []:
                if rate.doseQuantity is not None and rate.doseQuantity.value is not None:
                    dose_value = float(rate.doseQuantity.value)
                    dose_unit = str(rate.doseQuantity.unit or rate.doseQuantity.code or "")
                    break
        period = resource.effectivePeriod
        return IncomingMedication(
            where=where, patient=self.subject(resource.subject, where), drug_name=_concept_text(concept),
            drug_code=_coding_code(concept),
            start=_moment(period.start if period else None, resource.effectiveDateTime),
            stop=_moment(period.end if period else None), dose=dose_value, dose_unit=dose_unit, route=route,
            status=str(resource.status or ""))

    def _condition(self, where: str, resource) -> IncomingCondition:
        return IncomingCondition(
            where=where, patient=self.subject(resource.subject, where), name=_concept_text(resource.code),
            code=_coding_code(resource.code),
            onset=_moment(resource.onsetDateTime, resource.recordedDate),
            resolved=_moment(resource.abatementDateTime),
            status=_coding_code(resource.clinicalStatus), verification=_coding_code(resource.verificationStatus))


def read_fhir(stream: BinaryIO) -> FhirContent:
    """Every resource of a FHIR JSON file (a Bundle, or one resource)."""
    try:
        document = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MalformedResource(f"not valid JSON: {error}") from None
    except RecursionError:
        raise MalformedResource("the JSON is nested too deeply to be a FHIR resource") from None
    return _Reader().read(document)
