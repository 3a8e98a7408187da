"""The four-valued logic of the rules: yes / no / unknown (data missing, stale or outside its
window) / needs_review (a person must answer), a rule's `Finding` (answer, evidence, what is
missing), and how answers combine: all of (a no settles it), any of (a yes settles it), the
first known, and not. Written once here for the rules, their compiled answerers and the checklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Literal, NamedTuple

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


Combination = Literal["all", "any"]
"""How a criterion's parts or a rule's rules combine: "all" (a no settles it, all yes make yes)
or "any" (a yes settles it, all no make no)."""

SETTLED = (YES, NO)  # a person or the data gave a definite answer; the others leave it open
_SETTLES = {"all": NO, "any": YES}
_ALL_AGREE = {"all": YES, "any": NO}
NEGATION = {YES: NO, NO: YES, UNKNOWN: UNKNOWN, NEEDS_REVIEW: NEEDS_REVIEW}
"""not: yes and no swapped, unknown and needs_review as they were."""


def combine(answers: list[Answer], how: Combination = "all") -> Answer:
    """The answers combined: the settling answer if any gives it; else unknown if any is unknown
    (missing data outranks a question for a person); else needs_review if any needs it; else the
    answer they all agree on (also for no answers at all)."""
    settles = _SETTLES[how]
    if settles in answers:
        return settles
    if UNKNOWN in answers:
        return UNKNOWN
    return NEEDS_REVIEW if NEEDS_REVIEW in answers else _ALL_AGREE[how]


def compiled_combination(answerers: list[AnswerFn], how: Combination = "all") -> AnswerFn:
    """`combine` of the answerers' answers, stopping at the first that settles it. (Answerers
    return the Answer members themselves, so these compare by identity: faster.)"""
    settles, all_agree = _SETTLES[how], _ALL_AGREE[how]

    def answer(facts, on):
        unknown = review = False
        for each in answerers:
            found = each(facts, on)
            if found is settles:
                return settles
            if found is UNKNOWN:
                unknown = True
            elif found is NEEDS_REVIEW:
                review = True
        return UNKNOWN if unknown else NEEDS_REVIEW if review else all_agree
    return answer


def first_known(answers: list[Answer]) -> Answer:
    """The first yes or no; if none, needs_review if any needs it, else unknown (alternative
    measures of one thing: whichever was done decides)."""
    for answer in answers:
        if answer == YES or answer == NO:
            return answer
    return NEEDS_REVIEW if NEEDS_REVIEW in answers else UNKNOWN


def compiled_first_known(answerers: list[AnswerFn]) -> AnswerFn:
    """`first_known` of the answerers' answers, stopping at the first yes or no."""
    def answer(facts, on):
        review = False
        for each in answerers:
            found = each(facts, on)
            if found == YES or found == NO:
                return found
            review = review or found == NEEDS_REVIEW
        return NEEDS_REVIEW if review else UNKNOWN
    return answer


def always_needs_review(facts, on) -> Answer:
    return NEEDS_REVIEW


def unique(items) -> tuple[str, ...]:
    """The items once each, in first-seen order (parts often cite the same value)."""
    return tuple(dict.fromkeys(items))


# (Findings are unpacked rather than read by name in these hot loops: unpacking a tuple is faster.)

def merge(answer: Answer, findings: list[Finding]) -> Finding:
    """The findings' evidence (once each) under `answer`, with what they miss if it stays open."""
    evidence = unique([item for _, evidence, _ in findings for item in evidence])
    missing = tuple([item for _, _, missing in findings for item in missing]) if answer in (UNKNOWN, NEEDS_REVIEW) \
        else ()
    return Finding(answer, evidence, missing)


def combine_findings(findings: list[Finding], how: Combination = "all") -> Finding:
    """The findings combined (`combine`) with their evidence merged."""
    return merge(combine([answer for answer, _, _ in findings], how), findings)
