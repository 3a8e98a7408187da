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
from typing import Any, NamedTuple

from coordinator.records.derived import DERIVATIONS, DERIVED_INPUTS
from coordinator.screening.rules.base import joined_reads
from coordinator.screening.trial import Criterion, CriterionPart, Trial


class ScreeningReads(NamedTuple):
    """What a pre-screen reads of the observations: each code of `within` from that many days
    before the screening date on; and of each code of `newest_before`, also the newest result
    older than that with a value, up to that many days older still. (A derivation takes its other inputs as
    the newest before each source value, e.g. a BMI's height from up to ten years before its
    weight: the one height before the window stands for the years of heights before it.)"""

    within: dict[str, int]
    newest_before: dict[str, int]


def screening_reads(trials: Iterable[Trial]) -> ScreeningReads | None:
    """Every observation code the trials' criteria read, with how far back; None: every
    observation, whatever its date."""
    items: list[Criterion | CriterionPart] = []
    for trial in trials:
        for criterion in trial.criteria:
            items += [criterion, *criterion.parts]
    rules = [rule for item in items for rule in (item.rule, *(reading.rule for reading in item.readings))
             if rule is not None]
    reads = joined_reads(rule.observation_reads() for rule in rules)
    return None if reads is None else with_derivation_inputs(reads)


def with_derivation_inputs(reads: dict[str, int]) -> ScreeningReads | None:
    """`reads` with, for each derived code, its source over the same days and its other inputs
    over those days and, newest before them, as far again (None for a derivation whose inputs
    are not known here)."""
    within, farthest = dict(reads), dict[str, int]()
    for code, days in reads.items():
        if code not in DERIVATIONS:
            continue
        if code not in DERIVED_INPUTS:
            return None
        extra, before = DERIVED_INPUTS[code]
        source = DERIVATIONS[code][0]
        within[source] = max(days, within.get(source, 0))
        for other in extra:
            within[other] = max(days, within.get(other, 0))
            farthest[other] = max(days + before, farthest.get(other, 0))
    newest_before = {code: days - within[code] for code, days in farthest.items() if days > within[code]}
    return ScreeningReads(within, newest_before)


def trim_observations(observations: Sequence[Any], reads: ScreeningReads | None, on: dt.date) -> list[Any]:
    """The observations `reads` names within their days before `on` (and none after it), in
    their order."""
    if reads is None:
        return [obs for obs in observations if obs.date <= on]
    since = {code: on - dt.timedelta(days=days) for code, days in reads.within.items()}
    # of each code read newest before its window: the day of the newest with a value (as a
    # derivation takes it)
    newest: dict[str, dt.date] = {}
    for obs in observations:
        extra = reads.newest_before.get(obs.code)
        if extra is not None and obs.value is not None and since[obs.code] - dt.timedelta(days=extra) <= obs.date < since[obs.code]:
            newest[obs.code] = max(obs.date, newest.get(obs.code, obs.date))
    return [obs for obs in observations if obs.code in since and
            (since[obs.code] <= obs.date <= on or obs.date == newest.get(obs.code) and obs.value is not None)]
