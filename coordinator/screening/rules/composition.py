"""Rules made of rules (all of, any of, the first known, not), the rule a person answers, and the
rule of a reading under which the text sets no condition."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Literal


from coordinator.bilingual import Bilingual
from coordinator.phrase import Joined, Phrase
from coordinator.screening.rules.answers import (NEEDS_REVIEW, NEGATION, NO, SETTLED, Finding, always_needs_review,
    combine_findings, compiled_combination, compiled_first_known, first_known, unique)
from coordinator.screening.rules.base import NO_OBSERVATIONS, Rule, joined_reads

if TYPE_CHECKING:  # the union of every rule, these included: resolved when catalogue rebuilds them
    from coordinator.screening.rules.catalogue import AnyRule


class ManualRule(Rule):
    """Something only a person can answer (consent, judgment, willingness)."""

    kind: Literal["manual"]
    question: Bilingual | None = None

    def evaluate(self, facts, on):
        return self._finding

    def answerer(self):
        return always_needs_review

    @cached_property  # the same for every patient
    def _finding(self) -> Finding:
        return Finding(NEEDS_REVIEW, (), (self.question or Phrase("a coordinator's or investigator's answer"),))

    def plain(self):
        if self.question:
            return Phrase("answered by the coordinator or investigator: {question}", question=self.question)
        return Phrase("answered by the coordinator or investigator")

    def observation_reads(self):
        return NO_OBSERVATIONS


class AllOf(Rule):
    """Yes when every rule of `rules` is yes, no when any is no."""

    kind: Literal["all_of"]
    rules: list[AnyRule]

    def evaluate(self, facts, on):
        findings = [rule.evaluate(facts, on) for rule in self.rules]
        return combine_findings(findings, "all")

    def answerer(self):
        return compiled_combination([rule.answerer() for rule in self.rules], "all")

    def plain(self):
        return Phrase("all of: {rules}", rules=Joined("; ", [rule.plain() for rule in self.rules]))

    def observation_reads(self):
        return joined_reads(rule.observation_reads() for rule in self.rules)


class AnyOf(Rule):
    """Yes when any rule of `rules` is yes, no when all are no."""

    kind: Literal["any_of"]
    rules: list[AnyRule]

    def evaluate(self, facts, on):
        findings = [rule.evaluate(facts, on) for rule in self.rules]
        return combine_findings(findings, "any")

    def answerer(self):
        return compiled_combination([rule.answerer() for rule in self.rules], "any")

    def plain(self):
        return Phrase("any of: {rules}", rules=Joined("; ", [rule.plain() for rule in self.rules]))

    def observation_reads(self):
        return joined_reads(rule.observation_reads() for rule in self.rules)


class FirstKnown(Rule):
    """The answer of the first rule in `rules` the data can settle: for alternative measures of
    one thing (a spot urine protein/creatinine ratio or a 24-hour collection), whichever was done."""

    kind: Literal["first_known"]
    rules: list[AnyRule]

    def evaluate(self, facts, on):
        findings = [rule.evaluate(facts, on) for rule in self.rules]
        answer = first_known([f.answer for f in findings])
        if answer in SETTLED:
            return next(f for f in findings if f.answer == answer)
        return Finding(answer, unique(e for f in findings for e in f.evidence),
                       unique(m for f in findings for m in f.missing))

    def answerer(self):
        return compiled_first_known([rule.answerer() for rule in self.rules])

    def plain(self):
        return Phrase("the first that can be answered of: {rules}", rules=Joined("; ", [rule.plain() for rule in self.rules]))

    def observation_reads(self):
        return joined_reads(rule.observation_reads() for rule in self.rules)


class NotRule(Rule):
    """The inner rule with yes and no swapped (unknown and needs_review stay as they are)."""

    kind: Literal["not"]
    rule: AnyRule

    def evaluate(self, facts, on):
        inner = self.rule.evaluate(facts, on)
        return Finding(NEGATION[inner.answer], inner.evidence, inner.missing)

    def answerer(self):
        inner = self.rule.answerer()
        return lambda facts, on: NEGATION[inner(facts, on)]

    def plain(self):
        return Phrase("not ({rule})", rule=self.rule.plain())

    def observation_reads(self):
        return self.rule.observation_reads()


class NeverRule(Rule):
    """No, for every patient: a reading of ambiguous text under which it sets no condition
    (e.g. a drug an exclusion does not list), `because` saying why."""

    kind: Literal["never"]
    because: Bilingual

    def evaluate(self, facts, on):
        return self._finding

    def answerer(self):
        return lambda facts, on: NO

    @cached_property  # the same for every patient
    def _finding(self) -> Finding:
        return Finding(NO, (self.because,), ())

    def plain(self):
        return Phrase("never: {because}", because=self.because)

    def observation_reads(self):
        return NO_OBSERVATIONS
