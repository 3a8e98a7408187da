"""The four-valued logic of the rules: yes / no / unknown (data missing, stale or outside its
window) / needs_review (a person must answer), a rule's `Finding` (answer, evidence, what is
missing), and how answers combine: all of (a no settles it), any of (a yes settles it), the
first known, and not. Written once here for the rules, their compiled answerers and the checklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from coordinator.phrase import Phrase
from coordinator.screening.facts import PatientFacts


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NEEDS_REVIEW = "needs_review"


# The answers as plain names too: looking up a member on an enum class (Answer.YES) is slow in
# Python 3.11, and the rules do it hundreds of times per patient.
YES, NO, UNKNOWN, NEEDS_REVIEW = Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.NEEDS_REVIEW


# An answer inside a sentence (its str is the answer's value, as before).
ANSWER_PHRASES = {YES: Phrase("yes"), NO: Phrase("no"), UNKNOWN: Phrase("unknown"),
                  NEEDS_REVIEW: Phrase("needs_review")}


class Finding(NamedTuple):
    """A rule's answer with its evidence. A named tuple rather than a frozen dataclass: as
    immutable, and several times cheaper to make (a pre-screen makes hundreds per patient)."""

    answer: Answer
    evidence: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def yes_or_no(condition: bool, *evidence: str) -> Finding:
    return Finding(YES if condition else NO, evidence)


def unknown_for(missing: str, *evidence: str) -> Finding:
    return Finding(UNKNOWN, evidence, (missing,))


AnswerFn = Callable[[PatientFacts, dt.date], Answer]
"""A rule reduced to its answer: (facts, screening date) -> yes / no / unknown / needs_review."""


def combine_all(findings: list[Finding]) -> Answer:
    return all_answer([f.answer for f in findings])


def combine_any(findings: list[Finding]) -> Answer:
    return any_answer([f.answer for f in findings])


def all_answer(answers: list[Answer]) -> Answer:
    if NO in answers:
        return NO
    if answers.count(YES) == len(answers):  # all yes
        return YES
    return NEEDS_REVIEW if NEEDS_REVIEW in answers and UNKNOWN not in answers else UNKNOWN


def any_answer(answers: list[Answer]) -> Answer:
    if YES in answers:
        return YES
    if answers.count(NO) == len(answers):  # all no
        return NO
    return NEEDS_REVIEW if NEEDS_REVIEW in answers and UNKNOWN not in answers else UNKNOWN


def always_needs_review(facts, on) -> Answer:
    return NEEDS_REVIEW


def all_answerer(answerers: list[AnswerFn]) -> AnswerFn:
    """`all_answer` of the answers, stopping at the first no (which settles it)."""
    def answer(facts, on):
        unknown = review = False
        for each in answerers:
            found = each(facts, on)
            if found is NO:
                return NO
            if found is UNKNOWN:
                unknown = True
            elif found is NEEDS_REVIEW:
                review = True
        return UNKNOWN if unknown else NEEDS_REVIEW if review else YES
    return answer


def any_answerer(answerers: list[AnswerFn]) -> AnswerFn:
    """`any_answer` of the answers, stopping at the first yes (which settles it)."""
    def answer(facts, on):
        unknown = review = False
        for each in answerers:
            found = each(facts, on)
            if found is YES:
                return YES
            if found is UNKNOWN:
                unknown = True
            elif found is NEEDS_REVIEW:
                review = True
        return UNKNOWN if unknown else NEEDS_REVIEW if review else NO
    return answer


def unique(items) -> tuple[str, ...]:
    """The items once each, in first-seen order (parts often cite the same value)."""
    return tuple(dict.fromkeys(items))


def merge(answer: Answer, findings: list[Finding]) -> Finding:
    evidence = unique([item for _, evidence, _ in findings for item in evidence])
    missing = tuple([item for _, _, missing in findings for item in missing]) if answer in (UNKNOWN, NEEDS_REVIEW) \
        else ()
    return Finding(answer, evidence, missing)
