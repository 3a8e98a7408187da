"""What every criterion rule shares: the `Rule` base (evaluate with evidence, or compiled to an
answer only), comparisons with their words, and look-back windows in days (`LookBack`; a
`RecentWindow` that a rule leaves out is its trial's `default_within_days`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_serializer

from coordinator.phrase import Phrase
from coordinator.screening.facts import PatientFacts
from coordinator.screening.rules.answers import AnswerFn, Finding

Op = Literal["<", "<=", ">", ">=", "==", "!="]


OP_WORDS = {"<": Phrase("below"), "<=": Phrase("at most"), ">": Phrase("above"), ">=": Phrase("at least"),
            "==": Phrase("equal to"), "!=": Phrase("not")}


def compare(left: float, op: Op, right: float) -> bool:
    """Compare with a tolerance far below any lab's precision, so a value that is on a limit
    after a unit conversion counts as on it."""
    tolerance = 1e-9 * max(1.0, abs(right))
    if op == "<":
        return left < right - tolerance
    if op == "<=":
        return left <= right + tolerance
    if op == ">":
        return left > right + tolerance
    if op == ">=":
        return left >= right - tolerance
    if op == "==":
        return abs(left - right) <= tolerance
    if op == "!=":
        return abs(left - right) > tolerance
    raise KeyError(op)


def comparer(op: Op, right: float) -> Callable[[float], bool]:
    """`compare(left, op, right)` as a function of `left`, its limit worked out once."""
    tolerance = 1e-9 * max(1.0, abs(right))
    if op == "<":
        below = right - tolerance
        return lambda left: left < below
    if op == "<=":
        above = right + tolerance
        return lambda left: left <= above
    if op == ">":
        above = right + tolerance
        return lambda left: left > above
    if op == ">=":
        below = right - tolerance
        return lambda left: left >= below
    if op == "==":
        return lambda left: abs(left - right) <= tolerance
    if op == "!=":
        return lambda left: abs(left - right) > tolerance
    raise KeyError(op)


DEFAULT_WITHIN_DAYS = 28
"""How far back a result, status or score counts when neither the rule nor its trial says."""

WITHIN_DAYS_CONTEXT = "default_within_days"
"""The validation-context key through which a trial gives its rules its default window."""

LookBack = Annotated[int, Field(ge=0, description="Days counted back from the day judged (screening or assessment)")]


def _trial_default(days: int | None, info: ValidationInfo) -> int:
    if days is not None:
        return days
    return (info.context or {}).get(WITHIN_DAYS_CONTEXT, DEFAULT_WITHIN_DAYS)


def _without_null_default(schema: dict) -> None:
    schema.pop("default", None)  # the file's reader sees a number or nothing, never null


RecentWindow = Annotated[LookBack, BeforeValidator(_trial_default), Field(
    default=None, validate_default=True, json_schema_extra=_without_null_default,
    description="Days counted back from the day judged; left out: the trial's default_within_days (28 when the "
                "trial gives none)")]
"""The window of a rule on the latest result, status or score (lab, result, change, bilag,
reproductive): always a number of days, defaulting to the trial's. Rules whose window may be
"ever" (medication, condition, procedure, biopsy) use `LookBack | None` instead."""


class _Spans(dict):
    """timedelta(days=n) by n, each made once: making one is slow, and the rules use a handful."""

    def __missing__(self, days: int) -> dt.timedelta:
        span = self[days] = dt.timedelta(days=days)
        return span


DAYS = _Spans()


def window_start(on: dt.date, days: int | None) -> dt.date:
    return dt.date.min if days is None else on - DAYS[days]


ObservationReads = dict[str, int] | None
"""What a rule reads of a record's observations: code -> how many days before the day judged it
looks back (derived codes named as such); None: all of them, whatever their date."""

NO_OBSERVATIONS: ObservationReads = {}
WHOLE_HISTORY = 100 * 366
"""The days of a read that goes back as far as a record does (results counted from a diagnosis,
however long ago)."""


def joined_reads(reads: Iterable[ObservationReads]) -> ObservationReads:
    """What several rules read together: every code, each as far back as the farthest."""
    found: dict[str, int] = {}
    for read in reads:
        if read is None:
            return None
        for code, days in read.items():
            found[code] = max(days, found.get(code, 0))
    return found


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Fields added to a rule kind after trials were first hashed: left out of a dump while at
    # their default, so that a definition that does not use them keeps its content hash (and
    # no open screening is flagged "amended" by an upgrade of TrialDesk).
    ADDED_LATER: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _without_unused_later_fields(self, handler):
        dumped = handler(self)
        for name in self.ADDED_LATER:
            if name in dumped and getattr(self, name) == type(self).model_fields[name].get_default(
                    call_default_factory=True):
                del dumped[name]
        return dumped

    def evaluate(self, facts: PatientFacts, on: dt.date) -> Finding:  # pragma: no cover - abstract
        raise NotImplementedError

    def answerer(self) -> AnswerFn:
        """The rule compiled into a plain function giving exactly `evaluate(...).answer` without
        the evidence, which is most of a rule's cost and which a pre-screen never shows. Its
        settings are read once here, not once per patient."""
        evaluate = self.evaluate
        return lambda facts, on: evaluate(facts, on).answer

    def plain(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def observation_reads(self) -> ObservationReads:
        """The observations this rule reads (see ObservationReads); a rule that does not say
        reads them all, so a loader that leaves some out never changes its answer."""
        return None
