"""What every criterion rule shares: the `Rule` base (evaluate with evidence, or compiled to an
answer only), comparisons with their words, and look-back windows in days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

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


class _Spans(dict):
    """timedelta(days=n) by n, each made once: making one is slow, and the rules use a handful."""

    def __missing__(self, days: int) -> dt.timedelta:
        span = self[days] = dt.timedelta(days=days)
        return span


DAYS = _Spans()


def window_start(on: dt.date, days: int | None) -> dt.date:
    return dt.date.min if days is None else on - DAYS[days]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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
