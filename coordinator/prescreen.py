"""Pre-screening: many patients against many trials on one date, verdicts only.

Each patient's facts are built once and shared by every trial, so the cost is one pass over
the patient's record plus the criteria themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from coordinator.eligibility import Verdict, evaluate
from coordinator.facts import PatientFacts
from coordinator.record import Patient
from coordinator.trial import Trial


@dataclass(frozen=True)
class PrescreenResult:
    patient_ref: str
    initials: str
    nct: str
    verdict: Verdict
    failed: tuple[str, ...]
    open: tuple[str, ...]


def prescreen(patients: Iterable[Patient], trials: Sequence[Trial], on: dt.date) -> Iterator[PrescreenResult]:
    """Every patient against every trial, patient by patient (so a caller can report progress)."""
    for patient in patients:
        facts = PatientFacts(patient)
        for trial in trials:
            checklist = evaluate(trial, facts, on)
            yield PrescreenResult(patient.registry_no, patient.initials, trial.nct, checklist.verdict,
                                  tuple(checklist.failed), tuple(checklist.open))


def summarise(results: Iterable[PrescreenResult]) -> dict[str, dict[str, int]]:
    """Counts of each verdict per trial, every verdict present (zero when none)."""
    counts: dict[str, Counter] = {}
    for result in results:
        counts.setdefault(result.nct, Counter())[result.verdict] += 1
    return {nct: {str(v): counter.get(v, 0) for v in Verdict} for nct, counter in counts.items()}
