"""What screening reads of a record's observations, so that a pre-screen loads only that.

A lupus clinic's patient has hundreds of results over years; the trials' rules read a few codes,
most of them only the latest weeks. `screening_reads` joins what every criterion, part and
reading of the trials reads (`Rule.observation_reads`), adds what the derived codes are derived
from (eGFR from creatinine; a clearance also from a weight up to 90 days before it), and
`trim_observations` keeps only that of a record. Verdicts from a record so trimmed are those of
the whole record (tests/core/test_screening_reads.py holds every rule of the trials to it); the
evidence may differ (a result older than a window is not shown as "too old"), so a trimmed
record is only for a pre-screen's verdicts and what its open criteria ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from coordinator.records.derived import DERIVATIONS, DERIVED_INPUTS
from coordinator.screening.rules.base import ObservationReads, joined_reads
from coordinator.screening.trial import Criterion, CriterionPart, Trial


def screening_reads(trials: Iterable[Trial]) -> ObservationReads:
    """Every observation code the trials' criteria read, with how many days before the
    screening date each is read back; None: every observation, whatever its date."""
    items: list[Criterion | CriterionPart] = []
    for trial in trials:
        for criterion in trial.criteria:
            items += [criterion, *criterion.parts]
    rules = [rule for item in items for rule in (item.rule, *(reading.rule for reading in item.readings))
             if rule is not None]
    reads = joined_reads(rule.observation_reads() for rule in rules)
    return None if reads is None else with_derivation_inputs(reads)


def with_derivation_inputs(reads: dict[str, int]) -> ObservationReads:
    """`reads` with, for each derived code, its source over the same days and its other inputs
    as far again before (None for a derivation whose inputs are not known here)."""
    found = dict(reads)
    for code, days in reads.items():
        if code not in DERIVATIONS:
            continue
        if code not in DERIVED_INPUTS:
            return None
        extra, before = DERIVED_INPUTS[code]
        found[DERIVATIONS[code][0]] = max(days, found.get(DERIVATIONS[code][0], 0))
        for other in extra:
            found[other] = max(days + before, found.get(other, 0))
    return found


def trim_observations(observations: Sequence[Any], reads: ObservationReads, on: dt.date) -> list[Any]:
    """The observations `reads` names within their days before `on` (and none after it)."""
    if reads is None:
        return [obs for obs in observations if obs.date <= on]
    since = {code: on - dt.timedelta(days=days) for code, days in reads.items()}
    return [obs for obs in observations if obs.code in since and since[obs.code] <= obs.date <= on]
