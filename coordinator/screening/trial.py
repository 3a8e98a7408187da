"""Trial definitions: the declarative files in resources/trials/, as typed values.

A file holds the registry metadata, arms, visit schedule, outcome measures and every
inclusion and exclusion criterion with its verbatim text, a stable id and a rule (or
"manual"). A compound criterion is split into parts, each with its own result.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coordinator.bilingual import WITHOUT_TRANSLATIONS, Bilingual, Registered, joined
from coordinator.resource_files import SAFE_LOADER
from coordinator.followup.exit_rules import AnyExitRule
from coordinator.screening.rules.catalogue import AnyRule
from coordinator.screening.trial_demo import CRITERIA_CONTEXT, Demo
from coordinator.screening.rules.base import DEFAULT_WITHIN_DAYS, WITHIN_DAYS_CONTEXT, LookBack
from coordinator.records.record import TrialId
from coordinator.records.vocabulary import vocabulary
from coordinator.records.vocabulary_codes import DrugCode, ObservationCode


class TrialPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reading(TrialPart):
    """One plausible reading of ambiguous protocol text: a rule with a short label. The engine
    evaluates every reading; when they agree the answer stands, when they disagree the
    investigator chooses one (or the site adopts one for the trial)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,11}$", description="A short id (a-z, 0-9, _), e.g. any_low")
    label: Bilingual = Field(description='A few words a person reads, e.g. "any count low"')
    literal: bool = Field(False, description="This reading is the protocol's literal text (exactly one is)")
    rule: AnyRule = Field(description="The rule this reading applies")


def _literal_rule(data: Any) -> Any:
    """`readings` given: the literal reading's rule is the item's `rule`, so everything that shows
    or checks a rule sees the protocol's literal text."""
    if not isinstance(data, dict) or not data.get("readings"):
        return data
    literal = [r for r in data["readings"] if (r.get("literal") if isinstance(r, dict) else r.literal)]
    if len(literal) != 1:
        raise ValueError(f"readings: exactly one must be literal: true (found {len(literal)})")
    rule = literal[0]["rule"] if isinstance(literal[0], dict) else literal[0].rule
    # a trial written back out (model_dump) carries the filled-in rule: the same one is accepted
    if data.get("rule") is not None and data["rule"] != rule:
        raise ValueError("give either rule or readings, not both (the literal reading is the rule)")
    return {**data, "rule": rule}


def _check_readings(readings: list[Reading], ambiguous: str | None, where: str) -> None:
    if not readings:
        return
    if len(readings) < 2:
        raise ValueError(f"{where}: readings lists at least two readings (one is no ambiguity)")
    if len({r.id for r in readings}) != len(readings):
        raise ValueError(f"{where}: reading ids must differ")
    if not ambiguous:
        raise ValueError(f"{where}: readings need an `ambiguous` note saying why the text reads more than one way")


def _rule_or_readings(schema: dict[str, Any]) -> None:
    """In the schema, a part gives `rule` or `readings` (the loader fills `rule` from the literal reading)."""
    schema["required"] = [name for name in schema.get("required", []) if name != "rule"]
    schema["anyOf"] = [{"required": ["rule"]}, {"required": ["readings"]}]


class CriterionPart(TrialPart):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_rule_or_readings)

    id: str = Field(pattern=r"^[IE]\d+[a-z]$", description="e.g. I1a: the criterion id plus a letter")
    text: Registered = Field(description="The words of the protocol this part stands for")
    rule: AnyRule = Field(description="The rule that answers this part, chosen by its `kind` (with readings: "
                                      "the literal reading's, filled in)")
    readings: list[Reading] = Field(default_factory=list, description="Ambiguous text: its plausible readings "
                                                                      "(instead of rule), one of them literal")
    ambiguous: Bilingual | None = Field(None, description="Why this part's text is damaged or ambiguous")

    @model_validator(mode="before")
    @classmethod
    def _literal(cls, data: Any) -> Any:
        return _literal_rule(data)

    @model_validator(mode="after")
    def _readings(self):
        _check_readings(self.readings, self.ambiguous, self.id)
        return self


class Criterion(TrialPart):
    id: str = Field(pattern=r"^[IE]\d+$", description="I1, I2, ... for inclusion; E1, E2, ... for exclusion")
    kind: Literal["inclusion", "exclusion"]
    text: Registered = Field(description="Verbatim protocol text (with zh: its reference translation)")
    rule: AnyRule | None = Field(None, description="The rule that answers the whole criterion (or give parts)")
    parts: list[CriterionPart] = Field(default_factory=list, description="A compound criterion's clauses, each "
                                                                          "with its own rule (instead of rule)")
    combine: Literal["all", "any"] | None = Field(
        None, description="How parts combine (default: all for inclusion, any for exclusion)")
    readings: list[Reading] = Field(default_factory=list, description="Ambiguous text: its plausible readings "
                                                                      "(instead of rule), one of them literal")
    ambiguous: Bilingual | None = Field(None, description="Why the text is damaged or ambiguous; the investigator "
                                                    "must confirm the reading")

    @model_validator(mode="before")
    @classmethod
    def _literal(cls, data: Any) -> Any:
        return _literal_rule(data)

    @model_validator(mode="after")
    def _rule_or_parts(self):
        if (self.rule is None) == (not self.parts):
            raise ValueError("a criterion has either a rule or parts, not both and not neither")
        _check_readings(self.readings, self.ambiguous, self.id)
        expected = "I" if self.kind == "inclusion" else "E"
        if not self.id.startswith(expected):
            raise ValueError(f"an {self.kind} criterion's id starts with {expected}")
        for part in self.parts:
            if not part.id.startswith(self.id) or len(part.id) != len(self.id) + 1:
                raise ValueError(f"part {part.id} must be numbered {self.id}a, {self.id}b, ...")
        return self

    @property
    def ambiguity(self) -> str | None:
        """What the investigator must confirm: the criterion's note, else its parts' notes."""
        notes = [p.ambiguous for p in self.parts if p.ambiguous]
        return self.ambiguous or (joined("; ", notes, "；") if notes else None)

    @property
    def combination(self) -> str:
        return self.combine or ("all" if self.kind == "inclusion" else "any")

    @cached_property
    def plan(self) -> CriterionPlan:
        """The fields the engine reads on every evaluation, as plain tuples: reading a field of a
        pydantic model is several times slower than unpacking a tuple, and a pre-screen of
        10,000 patients reads them millions of times."""
        return CriterionPlan(self.id, self.kind, self.text, self.rule,
                             tuple(PartPlan(p.id, p.text, p.rule, p.ambiguous, tuple(p.readings)) for p in self.parts),
                             self.combination, self.ambiguous, self.ambiguity, tuple(self.readings))


class PartPlan(NamedTuple):
    id: str
    text: str
    rule: AnyRule
    ambiguous: str | None
    readings: tuple[Reading, ...] = ()


class CriterionPlan(NamedTuple):
    id: str
    kind: str
    text: str
    rule: AnyRule | None
    parts: tuple[PartPlan, ...]
    combination: str
    ambiguous: str | None
    ambiguity: str | None
    readings: tuple[Reading, ...] = ()


# -- structured dosing: what coordinator/followup/dosing.py computes a patient's dose from -------------------

DAILY_DIMENSIONS = ("mass_per_day", "mass_per_kg_per_day")
"""Dose-unit dimensions (resources/vocabulary/medications.yaml, dose_units) of an amount per day."""
PER_KG_DIMENSIONS = ("mass_per_kg", "mass_per_kg_per_day", "cells_per_kg")
FIXED_DIMENSIONS = ("mass", "mass_per_day")


def _dose_dimension(unit: str, allowed: tuple[str, ...], what: str) -> str:
    """The vocabulary dimension of a dose unit, refusing units of another kind."""
    entry = vocabulary().dose_units.get(unit)
    if entry is None or entry[0] not in allowed:
        accepted = ", ".join(u for u, (dim, _) in vocabulary().dose_units.items() if dim in allowed)
        raise ValueError(f"unit '{unit}' is not a unit for {what}; accepted: {accepted}")
    return entry[0]


class DoseRange(TrialPart):
    """An amount, or a range from `min` to `max`, in one dose unit."""

    min: float = Field(gt=0, description="The amount, or the low end of the range")
    max: float | None = Field(None, gt=0, description="The high end of the range (omit for a single amount)")
    unit: str = Field(description="A dose unit of resources/vocabulary/medications.yaml (dose_units): "
                                  "mg/kg/d, mg/kg or cells/kg for `per_kg`; mg/d, g/d, mg or g for `fixed`")

    @model_validator(mode="after")
    def _ordered(self):
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max:g} is below min {self.min:g}")
        return self

    @property
    def high(self) -> float:
        return self.min if self.max is None else self.max


class DoseLimit(TrialPart):
    """One amount with its unit: a ceiling, or a step doses are rounded to."""

    value: float = Field(gt=0, description="The amount")
    unit: str = Field(description="A dose unit of resources/vocabulary/medications.yaml (dose_units)")


class TroughTarget(TrialPart):
    """The drug level the dose is adjusted to (checked on the observation `code`)."""

    code: str = Field(description="Observation code of the level, e.g. tacrolimus_trough")
    min: float | None = Field(None, ge=0, description="Lowest acceptable level (omit when the protocol gives none)")
    max: float | None = Field(None, gt=0, description="Highest acceptable level, inclusive (<=)")
    unit: str = Field(description="A unit the vocabulary accepts for `code`, e.g. ng/mL")

    @model_validator(mode="after")
    def _known(self):
        if self.min is None and self.max is None:
            raise ValueError("a trough target needs min, max or both")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max:g} is below min {self.min:g}")
        definition = vocabulary().observations.get(self.code)
        if definition is None:
            raise ValueError(f"unknown observation code '{self.code}'")
        if definition.unit_key(self.unit) is None:
            raise ValueError(f"unit '{self.unit}' is not accepted for {definition.en}; accepted: "
                             f"{', '.join(definition.units)}")
        return self


class Taper(TrialPart):
    """The daily dose falls linearly from the full dose at `start_week` to `to` at `end_week` (and
    stays there): e.g. 40 mg/d tapered over weeks 8-12 is 30 mg/d at week 9, 20 at 10, 0 at 12."""

    start_week: float = Field(ge=0, description="Weeks after randomisation the taper starts (full dose until then)")
    end_week: float = Field(description="Weeks after randomisation the taper reaches `to`")
    to: float = Field(0, ge=0, description="Daily amount reached at end_week, in the unit of the computed daily "
                                           "dose (e.g. mg/d); 0 = stopped")

    @model_validator(mode="after")
    def _after_start(self):
        if self.end_week <= self.start_week:
            raise ValueError("a taper's end_week comes after its start_week")
        return self


class Dosing(TrialPart):
    """An intervention's dose as data, for TrialDesk's dose calculators (coordinator/followup/dosing.py): a
    weight-based (`per_kg`) or absolute (`fixed`) amount with the protocol's limits. The unit says
    whether it is a daily amount (mg/kg/d, mg/d, g/d) or one administration's (mg/kg, cells/kg, mg)."""

    per_kg: DoseRange | None = Field(None, description="Amount per kg body weight, e.g. {min: 0.05, max: 0.1, "
                                                       "unit: mg/kg/d}; {min: 10, unit: mg/kg}; "
                                                       "{min: 2000000, unit: cells/kg}")
    fixed: DoseRange | None = Field(None, description="Absolute amount, whatever the weight, e.g. "
                                                      "{min: 1.0, max: 1.5, unit: g/d}")
    max_per_day: DoseLimit | None = Field(None, description="Daily ceiling in mg/d or g/d, e.g. at most 40 mg/d; "
                                                            "a weight-based dose is capped at it")
    max_per_kg_per_day: DoseLimit | None = Field(None, description="Weight-based daily ceiling in mg/kg/d that "
                                                                   "the dose must never exceed, however adjusted")
    doses_per_day: int | None = Field(None, ge=1, description="The daily amount is split into this many doses")
    interval_hours: float | None = Field(None, gt=0, le=24, description="Hours between the doses of a day, e.g. 12")
    route: str | None = Field(None, description="oral, iv, sc, im or other (resources/vocabulary/medications.yaml)")
    trough: TroughTarget | None = Field(None, description="Drug level the dose is adjusted to")
    taper: Taper | None = Field(None, description="How the daily dose is tapered")
    schedule_weeks: list[float] = Field(default_factory=list, description="Weeks after randomisation of each "
                                                                          "administration, all of them listed, "
                                                                          "e.g. [2, 4, 6, 10, 14, 18, 22]")
    administrations: int | None = Field(None, ge=1, description="How many administrations in all when the weeks "
                                                                "are not given (1 = once)")
    round_to: DoseLimit | None = Field(None, description="The site's dosing step (mg or g per dose: tablet or "
                                                         "capsule size), never the protocol's; doses are shown "
                                                         "also rounded to it")

    @model_validator(mode="after")
    def _consistent(self):
        if (self.per_kg is None) == (self.fixed is None):
            raise ValueError("give either per_kg or fixed")
        if self.per_kg is not None:
            dimension = _dose_dimension(self.per_kg.unit, PER_KG_DIMENSIONS, "an amount per kg")
        else:
            dimension = _dose_dimension(self.fixed.unit, FIXED_DIMENSIONS, "a fixed amount")
        daily = dimension in DAILY_DIMENSIONS
        if self.max_per_day is not None:
            _dose_dimension(self.max_per_day.unit, ("mass_per_day",), "max_per_day")
        if self.max_per_kg_per_day is not None:
            _dose_dimension(self.max_per_kg_per_day.unit, ("mass_per_kg_per_day",), "max_per_kg_per_day")
        if self.round_to is not None:
            _dose_dimension(self.round_to.unit, ("mass",), "round_to")
        if self.route is not None and self.route not in vocabulary().routes:
            raise ValueError(f"unknown route '{self.route}'; accepted: {', '.join(vocabulary().routes)}")
        if not daily:
            for name in ("max_per_day", "max_per_kg_per_day", "doses_per_day", "interval_hours", "taper"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name} needs a daily amount (a unit per day, e.g. mg/kg/d)")
        elif self.schedule_weeks or self.administrations is not None:
            raise ValueError("schedule_weeks and administrations are for single administrations (e.g. mg/kg), "
                             "not daily amounts")
        if self.schedule_weeks and self.administrations is not None:
            raise ValueError("give schedule_weeks or administrations, not both")
        if self.schedule_weeks != sorted(set(self.schedule_weeks)):
            raise ValueError("schedule_weeks are listed in order, each once")
        if self.interval_hours is not None:
            if (self.doses_per_day or 1) < 2:
                raise ValueError("interval_hours needs doses_per_day of 2 or more")
            if self.interval_hours * (self.doses_per_day - 1) >= 24:
                raise ValueError("the doses of a day do not fit in 24 hours at that interval")
        return self


class Intervention(TrialPart):
    name: Bilingual
    drug: DrugCode | None = Field(None, description="Medication code from resources/vocabulary/medications.yaml")
    dose: Bilingual | None = None
    schedule: Bilingual | None = None
    dosing: Dosing | None = Field(None, description="The dose as data, for the dose calculators (`dose` stays "
                                                    "the text shown)")


class Arm(TrialPart):
    id: str = Field(description="Short lower-case name, recorded as the arm at enrolment")
    label: Bilingual
    type: Literal["experimental", "active_comparator", "placebo_comparator", "control", "other"]
    description: Bilingual | None = None
    interventions: list[Intervention] = Field(default_factory=list)


class Visit(TrialPart):
    id: str
    week: float = Field(description="Weeks from baseline (0 = baseline)")
    window_days: int = Field(3, description="Days the visit may fall either side of its week")
    labs: list[ObservationCode] = Field(default_factory=list, description="Observation codes from resources/vocabulary/")
    note: Bilingual | None = None


class Outcome(TrialPart):
    type: Literal["primary", "secondary"]
    measure: Bilingual
    time_frame: Bilingual
    description: Bilingual | None = None


class ExitCriterion(TrialPart):
    """An on-study exit or dose rule: verbatim text, and a rule when the registry can follow it
    (none: the investigator judges it)."""

    id: str = Field(pattern=r"^X\d+$", description="X1, X2, ... in the protocol's order")
    text: Registered = Field(description="Verbatim protocol text (with zh: its reference translation)")
    rule: AnyExitRule | None = Field(None, description="How TrialDesk follows it; empty when a person must judge")
    arms: list[str] = Field(default_factory=list, description="Arm ids it applies to (empty: every arm)")
    ambiguous: Bilingual | None = Field(None, description="Why the text is damaged or ambiguous, and the reading "
                                                          "applied")


class ResponseLevel(TrialPart):
    name: str = Field(description="e.g. complete, partial")
    rule: AnyRule = Field(description="A criterion rule evaluated on the assessment day (windows count back "
                                      "from it)")


class ResponseAssessment(TrialPart):
    """Response at an outcome week: the first level whose rule holds, else no response."""

    week: float = Field(description="Weeks after randomisation; the rules are evaluated on that day")
    source: Bilingual = Field(description="Where the definitions come from, e.g. the protocol or KDIGO 2021 "
                                    "(when the protocol gives none)")
    levels: list[ResponseLevel]


class Trial(TrialPart):
    trial_id: TrialId = Field(description="The trial's id in its public registry (ChiCTR2300071234, NCT03580291, "
                                          "ISRCTN12345678, ...); also the file's name")
    other_ids: list[TrialId] = Field(default_factory=list,
                                     description="The same trial's ids in other registries, if it is registered twice")
    protocol_version: str = Field(min_length=1, description="Which text this definition encodes")
    short_name: Bilingual = Field(description="A few words that name the trial in lists")
    title: Bilingual = Field(description="The registry's brief title")
    official_title: Bilingual | None = None
    conditions: list[Bilingual] = Field(default_factory=list)
    sponsor: str
    site: str
    principal_investigator: str | None = None
    phase: str = Field(description='As listed, e.g. "Phase 2" or "N/A" (quoted)')
    design: str
    target_enrolment: int | None = None
    status: str = Field(description="Recruitment status as listed")
    source: str = Field(description="Where the text was taken from")
    default_within_days: LookBack = Field(
        DEFAULT_WITHIN_DAYS, description="How far back results, statuses and scores count for a lab, result, change, "
                                         "bilag or reproductive rule that gives no window of its own")
    arms: list[Arm] = Field(default_factory=list)
    visits: list[Visit] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    exit_criteria: list[ExitCriterion] = Field(default_factory=list,
                                               description="On-study exit, withdrawal and dose rules, X1, X2, ...")
    responses: list[ResponseAssessment] = Field(default_factory=list,
                                                description="Response assessments at the outcome weeks")
    criteria: list[Criterion] = Field(description="Inclusion criteria I1, I2, ... then exclusion criteria E1, "
                                                  "E2, ..., in the protocol's order")
    demo: Demo | None = Field(None, description="The synthetic patients `trialdesk demo` makes for this trial")

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [c.id for c in self.criteria] + [p.id for c in self.criteria for p in c.parts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"criterion ids used twice: {', '.join(duplicates)}")
        return self

    @cached_property  # (not a field: neither dumped nor compared)
    def content_hash(self) -> str:
        """The identity of this version of the definition: the same content, the same hash (a
        changed rule without a new protocol_version is still another version). Made once."""
        # neither a translation nor the demo patients are an amendment
        registered = self.model_dump_json(exclude={"demo"}, context={WITHOUT_TRANSLATIONS: True})
        return hashlib.sha256(registered.encode("utf-8")).hexdigest()

    def readings_of(self, item_id: str) -> tuple[Reading, ...]:
        """The readings of a criterion or part (none when its text is not read more than one way)."""
        for criterion in self.criteria:
            if criterion.id == item_id:
                return tuple(criterion.readings)
            for part in criterion.parts:
                if part.id == item_id:
                    return tuple(part.readings)
        raise KeyError(f"{self.trial_id} has no criterion or part {item_id}")

    def read_items(self) -> list[tuple[str, str, str, tuple[Reading, ...]]]:
        """Every criterion or part with readings: (id, text, ambiguity note, readings)."""
        items: list[tuple[str, str, str, tuple[Reading, ...]]] = []
        for criterion in self.criteria:
            if criterion.readings:
                items.append((criterion.id, criterion.text, criterion.ambiguous or "", tuple(criterion.readings)))
            items += [(p.id, p.text, p.ambiguous or "", tuple(p.readings)) for p in criterion.parts if p.readings]
        return items

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"{self.trial_id} has no criterion {criterion_id}")


class TrialFileError(ValueError):
    """A malformed trial file: names the file, the criterion id and the field."""


def _locate(error: Mapping[str, Any], raw: dict) -> str:
    """'criterion I2b: rule.value' from a validation error's location in the raw file."""
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == "criteria" and isinstance(loc[1], int):
        try:
            criterion = raw["criteria"][loc[1]]
            where = f"criterion {criterion.get('id', '#' + str(loc[1] + 1))}"
            if len(loc) >= 4 and loc[2] == "parts" and isinstance(loc[3], int):
                where = f"criterion {criterion['parts'][loc[3]].get('id', where.split()[-1] + ' part ' + str(loc[3] + 1))}"
                loc = loc[2:]
        except (IndexError, AttributeError, KeyError, TypeError):
            where = f"criterion #{loc[1] + 1}"
        loc = loc[2:]
    path = ".".join(str(part) for part in loc if not str(part).endswith("Rule") and not str(part).startswith(
        "function-"))
    return ": ".join(part for part in (where, path) if part) or "file"


def _default_within_days(raw) -> int:
    """The trial's own default window, as its rules need it while they are read (a bad value is
    reported by the field itself)."""
    days = raw.get("default_within_days") if isinstance(raw, dict) else None
    return days if isinstance(days, int) and not isinstance(days, bool) and days >= 0 else DEFAULT_WITHIN_DAYS


def _criterion_ids(raw) -> frozenset[str]:
    """The ids of the file's criteria, as its demo cases name them while they are read."""
    criteria = raw.get("criteria") if isinstance(raw, dict) else None
    return frozenset(c["id"] for c in criteria or () if isinstance(c, dict) and isinstance(c.get("id"), str))


def yaml_problem(error: yaml.YAMLError) -> str:
    """'line 12, column 5: not valid YAML: found a tab ...' (PyYAML's own text names "<unicode string>")."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = " ".join(part for part in (getattr(error, "context", None), getattr(error, "problem", None)) if part)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}not valid YAML: {problem or error}"


_FIELD_FIRST = re.compile(r"^([a-z_]+(?:\.\d+)?): ")  # a model's own check naming its field: "kinds.0: ..."


def _problem_line(source: str, detail: Mapping[str, Any], raw: dict) -> str:
    """'FILE: criterion E3: rule.condition.kinds.0: unknown kind ...' for one validation error."""
    where = _locate(detail, raw)
    message = detail["msg"].removeprefix("Value error, ")
    field = _FIELD_FIRST.match(message)
    if field:
        where, message = f"{where}.{field.group(1)}", message[field.end():]
    return f"{source}: {where}: {message}"


def parse_trial(text: str, source: str) -> Trial:
    try:
        raw = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise TrialFileError(f"{source}: {yaml_problem(error)}") from error
    try:
        return Trial.model_validate(raw, context={WITHIN_DAYS_CONTEXT: _default_within_days(raw),
                                                  CRITERIA_CONTEXT: _criterion_ids(raw)})
    except ValidationError as error:
        lines = [_problem_line(source, detail, raw if isinstance(raw, dict) else {})
                 for detail in error.errors(include_url=False)]
        raise TrialFileError("\n".join(lines)) from error
