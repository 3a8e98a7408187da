"""Vocabulary codes as field types: a trial file naming a drug, class, condition, procedure or coded
value the vocabulary does not know is refused where it is read, with the nearest known codes.
A misspelt code would otherwise never be found, so its rule would quietly answer "no" and an
exclusion with a typo would never exclude anyone."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from difflib import get_close_matches
from functools import cache
from typing import Annotated

from pydantic import AfterValidator

from coordinator.records.derived import DERIVATIONS
from coordinator.records.vocabulary import vocabulary

VOCABULARY_FILES = {"observation": "observations.yaml", "drug": "medications.yaml", "drug class": "medications.yaml",
                    "route": "medications.yaml", "procedure": "medications.yaml", "diagnosis": "conditions.yaml",
                    "condition": "conditions.yaml", "treatment": "conditions.yaml",
                    "contraception method": "conditions.yaml"}


def unknown_code(what: str, code: object, known: Iterable[str]) -> str:
    """"unknown drug 'tacrolimuss'; nearest known: tacrolimus" (or where the known ones are listed)."""
    nearest = get_close_matches(str(code), sorted(known), n=3, cutoff=0.6)
    where = (f"nearest known: {', '.join(nearest)}" if nearest else
             f"see resources/vocabulary/{VOCABULARY_FILES.get(what, '')}".rstrip("/"))
    text = str(code)
    return f"unknown {what} '{text if len(text) <= 40 else text[:40] + '...'}'; {where}"


def _known(what: str, codes: Callable[[], Collection[str]]) -> AfterValidator:
    def check(code: str) -> str:
        if code not in codes():
            raise ValueError(unknown_code(what, code, codes()))
        return code
    return AfterValidator(check)


@cache
def observation_codes() -> frozenset[str]:
    """Recorded observations and the values derived from them (eGFR, creatinine clearance, BMI)."""
    return frozenset(vocabulary().observations) | frozenset(DERIVATIONS)


@cache
def drug_classes() -> frozenset[str]:
    return frozenset(c for drug in vocabulary().medications.values() for c in drug.classes)


ObservationCode = Annotated[str, _known("observation", observation_codes)]
DrugCode = Annotated[str, _known("drug", lambda: vocabulary().medications)]
DrugClass = Annotated[str, _known("drug class", drug_classes)]
Route = Annotated[str, _known("route", lambda: vocabulary().routes)]
ProcedureCode = Annotated[str, _known("procedure", lambda: vocabulary().procedures)]
DiagnosisCode = Annotated[str, _known("diagnosis", lambda: vocabulary().diagnoses)]
ConditionCode = Annotated[str, _known("condition", lambda: vocabulary().conditions)]
Treatment = Annotated[str, _known("treatment", lambda: vocabulary().treatments)]
ContraceptionMethod = Annotated[str, _known("contraception method", lambda: vocabulary().contraception)]


def check_qualifiers(values: Iterable[str], allowed: dict[str, Collection[str]], what: str, field: str) -> None:
    """Each of `values` (a rule's kinds, severities, classifications, coded results) must qualify at
    least one of the rule's codes (`allowed`: code -> its qualifiers); ValueError naming the field."""
    known = {value for qualifiers in allowed.values() for value in qualifiers}
    for index, value in enumerate(values):
        if value not in known:
            of = ", ".join(allowed) or "the codes given"
            message = unknown_code(what, value, known) if known else f"no {what} is defined for {of}: '{value}'"
            raise ValueError(f"{field}.{index}: {message} (for {of})")
