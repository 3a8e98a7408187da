"""Rules on the patient's history: conditions, diagnoses, procedures, reproductive status.
Absence of a record counts as "no", and the evidence says so."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from coordinator.phrase import Joined, Phrase, either, word
from coordinator.phrase import term as _name
from coordinator.records.record import Condition
from coordinator.records.vocabulary import vocabulary
from coordinator.screening.facts import DAY_TEXT
from coordinator.screening.rules.answers import ANSWER_PHRASES, NO, UNKNOWN, YES, Finding, unknown_for, yes_or_no
from coordinator.screening.rules.base import DAYS, NO_OBSERVATIONS, LookBack, RecentWindow, Rule, window_start
from coordinator.screening.rules.medications import ONGOING, _names
from coordinator.records.vocabulary_codes import (ConditionCode, ContraceptionMethod, DiagnosisCode, ProcedureCode,
    Treatment, check_qualifiers, unknown_code)
from coordinator.records.trial_ids import registry_of


class ProcedureRule(Rule):
    """A procedure of `codes` going on at screening (`current`), at any time in the `within_days`
    before it, or ever (neither given)."""

    kind: Literal["procedure"]
    codes: list[ProcedureCode]
    within_days: LookBack | None = None
    current: bool = False

    def evaluate(self, facts, on):
        start = on if self.current else window_start(on, self.within_days)
        found = [p for p in facts.patient.procedures if p.code in self.codes and p.start <= on
                 and (p.stop is None or p.stop >= start)]
        evidence = [Phrase("{procedure} from {start} to {until}", procedure=_name(p.code), start=p.start,
                           until=p.stop or ONGOING) for p in found] or \
            [Phrase("no {what} recorded", what=_names(self.codes, []))]
        return yes_or_no(bool(found), *evidence)

    def answerer(self):
        codes, current, within = frozenset(self.codes), self.current, self.within_days

        def answer(facts, on):
            start = on if current else window_start(on, within)
            return YES if any(p.code in codes and p.start <= on and (p.stop is None or p.stop >= start)
                              for p in facts.patient.procedures) else NO
        return answer

    def plain(self):
        when = Phrase("now") if self.current else (Phrase("in the {days} days before screening", days=self.within_days)
                                                   if self.within_days else Phrase("ever"))
        return Phrase("{what} {when}", what=_names(self.codes, []), when=when)

    def observation_reads(self):
        return NO_OBSERVATIONS


class ConditionRule(Rule):
    """A recorded condition of the given codes (and kinds), active now (default), active at any
    time in the last `within_days`, or `ever`; `except_kinds` are not counted (with
    `except_only_if_treated`, only when treated)."""

    kind: Literal["condition"]
    codes: list[ConditionCode]
    kinds: list[str] = Field(default_factory=list)
    within_days: LookBack | None = None
    ever: bool = False
    severities: list[str] = Field(default_factory=list)
    uncontrolled: bool = False
    hospitalised: bool = False
    treatments: list[Treatment] = Field(default_factory=list)
    agents: list[str] = Field(default_factory=list)
    except_kinds: list[str] = Field(default_factory=list)
    except_only_if_treated: bool = False

    @model_validator(mode="after")
    def _known_qualifiers(self):
        terms = {code: vocabulary().conditions[code] for code in self.codes}
        check_qualifiers(self.kinds, {c: t.kinds for c, t in terms.items()}, "kind", "kinds")
        check_qualifiers(self.except_kinds, {c: t.kinds for c, t in terms.items()}, "kind", "except_kinds")
        check_qualifiers(self.severities, {c: t.severities for c, t in terms.items()}, "severity", "severities")
        for index, agent in enumerate(self.agents):  # the drug a condition concerns, or a trial taken part in
            if agent not in vocabulary().medications and registry_of(agent) is None:
                raise ValueError(f"agents.{index}: {unknown_code('drug', agent, vocabulary().medications)} "
                                 "(or a trial's registry id)")
        return self

    def _counts(self, condition: Condition, on: dt.date) -> bool | None:
        """Whether this condition counts; None when its dates cannot tell."""
        if condition.code not in self.codes or (self.kinds and condition.kind not in self.kinds):
            return False
        if self.agents and condition.agent not in self.agents:
            return False
        if self.severities and condition.severity not in self.severities:
            return False
        if self.uncontrolled and condition.controlled is not False:
            return False
        if self.hospitalised and not condition.hospitalised:
            return False
        if self.treatments and condition.treatment not in self.treatments:
            return False
        if condition.kind in self.except_kinds:
            treated = condition.treatment not in (None, "none")
            if treated or not self.except_only_if_treated:
                return False
        if condition.onset is not None and condition.onset > on:
            return False
        if self.ever:
            return True
        ended = condition.resolved if condition.status == "resolved" else None
        if condition.status == "resolved" and ended is None:
            return None if self.within_days is not None else False
        start = on if self.within_days is None else on - DAYS[self.within_days]
        return ended is None or ended >= start

    def evaluate(self, facts, on):
        found, undated = [], []
        codes = self.codes
        for condition in facts.patient.conditions:
            if condition.code in codes:  # (_counts says no to the others, but more slowly)
                counts = self._counts(condition, on)
                if counts:
                    found.append(condition)
                elif counts is None:
                    undated.append(condition)
        if found:
            return yes_or_no(True, *map(_describe_condition, found))
        if undated:
            return unknown_for(Phrase("when the {what} resolved", what=self._what()), *map(_describe_condition, undated))
        return self._none_recorded

    def answerer(self):
        codes, counts = frozenset(self.codes), self._counts

        def answer(facts, on):
            undated = False
            for condition in facts.patient.conditions:
                if condition.code in codes:
                    found = counts(condition, on)
                    if found:
                        return YES
                    undated = undated or found is None
            return UNKNOWN if undated else NO
        return answer

    @cached_property  # the usual finding, the same for every patient without this condition
    def _none_recorded(self) -> Finding:
        return yes_or_no(False, Phrase("no {what} recorded", what=self._what()))

    def _what(self) -> str:
        kinds = Phrase(" ({kinds})", kinds=Joined(", ", [word(k.replace("_", " ")) for k in self.kinds])) \
            if self.kinds else ""
        return Phrase("{names}{kinds}", names=_names(self.codes, []), kinds=kinds)

    def plain(self):
        when = Phrase("ever") if self.ever else (
            Phrase("active in the {days} days before screening", days=self.within_days) if self.within_days
            else Phrase("active now"))
        excepted = Phrase(", not counting {kinds}", kinds=Joined(", ", map(word, self.except_kinds))) \
            if self.except_kinds else ""
        return Phrase("{what} {when}{excepted}", what=self._what(), when=when, excepted=excepted)

    def observation_reads(self):
        return NO_OBSERVATIONS


def _describe_condition(condition: Condition) -> str:
    parts = [_name(condition.code)]
    if condition.kind:
        parts.append(word(condition.kind.replace("_", " ")))
    if condition.agent:
        parts.append(Phrase("({agent})", agent=_name(condition.agent)))
    if condition.severity:
        parts.append(Phrase("severity {severity}", severity=word(condition.severity)))
    until = Phrase(" to {day}", day=condition.resolved) if condition.resolved else ""
    parts.append(Phrase("{status} from {onset}{until}", status=word(condition.status), onset=condition.onset or "?",
                        until=until))
    if condition.treatment:
        parts.append(Phrase("treatment {treatment}", treatment=word(condition.treatment)))
    return Joined(" ", parts)


class DiagnosisRule(Rule):
    """A recorded diagnosis of `codes`; with `classifications`, meeting one of those
    classification criteria; with `min_duration_days`, onset (or diagnosis) that many days ago or more."""

    kind: Literal["diagnosis"]
    codes: list[DiagnosisCode]
    classifications: list[str] = Field(default_factory=list)
    min_duration_days: int | None = None

    @model_validator(mode="after")
    def _known_classifications(self):
        check_qualifiers(self.classifications, {code: vocabulary().diagnoses[code].classifications
                                                for code in self.codes}, "classification", "classifications")
        return self

    def evaluate(self, facts, on):
        found = [d for d in facts.patient.diagnoses if d.code in self.codes and (d.date or d.onset or on) <= on]
        if not found:
            return self._none_recorded
        evidence = [Phrase("{diagnosis} diagnosed {day}{classification}", diagnosis=_name(d.code), day=d.date or "?",
                           classification=f" ({d.classification})" if d.classification else "") for d in found]
        if self.classifications:
            classified = [d for d in found if d.classification in self.classifications]
            if not classified:
                if any(d.classification is None for d in found):
                    return unknown_for(Phrase("which classification criteria the diagnosis meets ({criteria})",
                                           criteria=" / ".join(self.classifications)), *evidence)
                return yes_or_no(False, *evidence)
            found = classified
        if self.min_duration_days is not None:
            starts = [d.onset or d.date for d in found if (d.onset or d.date)]
            if not starts:
                return unknown_for(Phrase("the date of diagnosis or onset"), *evidence)
            days = (on - min(starts)).days
            evidence.append(Phrase("disease duration {days} days", days=days))
            return yes_or_no(days >= self.min_duration_days, *evidence)
        return yes_or_no(True, *evidence)

    def answerer(self):
        codes, classifications, min_days = frozenset(self.codes), frozenset(self.classifications), \
            self.min_duration_days

        def answer(facts, on):
            found = [d for d in facts.patient.diagnoses if d.code in codes and (d.date or d.onset or on) <= on]
            if not found:
                return NO
            if classifications:
                classified = [d for d in found if d.classification in classifications]
                if not classified:
                    return UNKNOWN if any(d.classification is None for d in found) else NO
                found = classified
            if min_days is None:
                return YES
            starts = [d.onset or d.date for d in found if (d.onset or d.date)]
            if not starts:
                return UNKNOWN
            return YES if (on - min(starts)).days >= min_days else NO
        return answer

    @cached_property  # the usual finding, the same for every patient without this diagnosis
    def _none_recorded(self) -> Finding:
        return yes_or_no(False, Phrase("no diagnosis of {names} recorded", names=_names(self.codes, [])))

    def plain(self):
        classified = Phrase(" by {classifications}", classifications=either(self.classifications)) \
            if self.classifications else ""
        duration = Phrase(", for at least {days} days", days=self.min_duration_days) if self.min_duration_days else ""
        return Phrase("diagnosis of {names}{classified}{duration}", names=_names(self.codes, []),
                      classified=classified, duration=duration)

    def observation_reads(self):
        return NO_OBSERVATIONS


class ReproductiveRule(Rule):
    """The latest reproductive status within the window: a yes/no field, or contraception."""

    kind: Literal["reproductive"]
    field: Literal["childbearing_potential", "pregnant", "lactating", "planning_pregnancy", "contraception"]
    equals: bool | None = None
    contraception_in: list[ContraceptionMethod] = Field(default_factory=list)
    within_days: RecentWindow

    def evaluate(self, facts, on):
        latest = facts.newest("reproductive", on)
        what = self._what
        if latest is None or latest.date < on - DAYS[self.within_days]:
            if facts.patient.sex == "M" and self.field in ("pregnant", "lactating", "childbearing_potential"):
                return yes_or_no(self.equals is False, Phrase("male patient"))
            return unknown_for(Phrase("{what} status within {days} days before {day}", what=what, days=self.within_days,
                                   day=DAY_TEXT[on]))
        value = getattr(latest, self.field)
        if value is None:
            return unknown_for(Phrase("{what} status on {day}", what=what, day=DAY_TEXT[latest.date]))
        if self.field == "contraception":
            return yes_or_no(value in self.contraception_in, Phrase("contraception {method} on {day}", method=word(value),
                                                                  day=DAY_TEXT[latest.date]))
        return yes_or_no(value == self.equals, Phrase("{what}: {answer} on {day}", what=what,
                                                    answer=ANSWER_PHRASES[YES if value else NO],
                                                    day=DAY_TEXT[latest.date]))

    def answerer(self):
        field, equals, accepted, span = self.field, self.equals, self.contraception_in, DAYS[self.within_days]
        if_male = (YES if equals is False else NO) if field in ("pregnant", "lactating", "childbearing_potential") \
            else None

        def answer(facts, on):
            latest = facts.newest("reproductive", on)
            if latest is None or latest.date < on - span:
                return if_male if if_male is not None and facts.patient.sex == "M" else UNKNOWN
            value = getattr(latest, field)
            if value is None:
                return UNKNOWN
            if field == "contraception":
                return YES if value in accepted else NO
            return YES if value == equals else NO
        return answer

    @cached_property
    def _what(self) -> str:
        return _REPRODUCTIVE_WORDS[self.field]

    def plain(self):
        if self.field == "contraception":
            return Phrase("latest contraception is {methods}", methods=either(map(word, self.contraception_in)))
        return Phrase("latest status: {what} is {answer}", what=self._what,
                      answer=ANSWER_PHRASES[YES if self.equals else NO])

    def observation_reads(self):
        return NO_OBSERVATIONS


_REPRODUCTIVE_WORDS = {
    "childbearing_potential": Phrase("childbearing potential"), "pregnant": Phrase("pregnant"),
    "lactating": Phrase("lactating"), "planning_pregnancy": Phrase("planning pregnancy"),
    "contraception": Phrase("contraception"),
}
