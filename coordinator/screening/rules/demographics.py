"""Rules on who the patient is: age on the screening date, sex."""

from __future__ import annotations

from typing import Literal

from coordinator.phrase import Phrase
from coordinator.screening.facts import DAY_TEXT
from coordinator.screening.rules.answers import NO, YES, yes_or_no
from coordinator.screening.rules.base import NO_OBSERVATIONS, Rule


class AgeRule(Rule):
    """Age in whole years on the screening date from `min` to `max` (both inclusive; either may
    be left out)."""

    kind: Literal["age"]
    min: int | None = None
    max: int | None = None

    def evaluate(self, facts, on):
        age = facts.age_on(on)
        inside = (self.min is None or age >= self.min) and (self.max is None or age <= self.max)
        return yes_or_no(inside, Phrase("age {age} on {day} (born {born})", age=age, day=DAY_TEXT[on],
                                       born=DAY_TEXT[facts.patient.birth_date]))

    def answerer(self):
        low, high = self.min, self.max

        def answer(facts, on):
            age = facts.age_on(on)
            return YES if (low is None or age >= low) and (high is None or age <= high) else NO
        return answer

    def plain(self):
        if self.min is not None and self.max is not None:
            return Phrase("age on the screening date from {min} to {max} years (inclusive)", min=self.min,
                          max=self.max)
        return (Phrase("age on the screening date at least {min} years", min=self.min) if self.min is not None
                else Phrase("age on the screening date at most {max} years", max=self.max))

    def observation_reads(self):
        return NO_OBSERVATIONS


class SexRule(Rule):
    """The recorded sex is `sex` (F or M)."""

    kind: Literal["sex"]
    sex: Literal["F", "M"]

    def evaluate(self, facts, on):
        return yes_or_no(facts.patient.sex == self.sex, Phrase("sex {sex}", sex=facts.patient.sex))

    def answerer(self):
        sex = self.sex
        return lambda facts, on: YES if facts.patient.sex == sex else NO

    def plain(self):
        return Phrase("sex is {sex}", sex=self.sex)

    def observation_reads(self):
        return NO_OBSERVATIONS
