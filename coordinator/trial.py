"""Trial definitions: the declarative files in resources/trials/, as typed values.

A file holds the registry metadata, arms, visit schedule, outcome measures and every
inclusion and exclusion criterion with its verbatim text, a stable id and a rule (or
"manual"). A compound criterion is split into parts, each with its own result.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coordinator.resource_files import resource
from coordinator.exit_rules import AnyExitRule
from coordinator.rules import AnyRule


class TrialPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CriterionPart(TrialPart):
    id: str = Field(pattern=r"^[IE]\d+[a-z]$", description="e.g. I1a: the criterion id plus a letter")
    text: str = Field(min_length=1, description="The words of the protocol this part stands for")
    rule: AnyRule = Field(description="The rule that answers this part, chosen by its `kind`")
    ambiguous: str | None = Field(None, description="Why this part's text is damaged or ambiguous")


class Criterion(TrialPart):
    id: str = Field(pattern=r"^[IE]\d+$", description="I1, I2, ... for inclusion; E1, E2, ... for exclusion")
    kind: Literal["inclusion", "exclusion"]
    text: str = Field(min_length=1, description="Verbatim protocol text")
    rule: AnyRule | None = Field(None, description="The rule that answers the whole criterion (or give parts)")
    parts: list[CriterionPart] = Field(default_factory=list, description="A compound criterion's clauses, each "
                                                                          "with its own rule (instead of rule)")
    combine: Literal["all", "any"] | None = Field(
        None, description="How parts combine (default: all for inclusion, any for exclusion)")
    ambiguous: str | None = Field(None, description="Why the text is damaged or ambiguous; the investigator "
                                                    "must confirm the reading")

    @model_validator(mode="after")
    def _rule_or_parts(self):
        if (self.rule is None) == (not self.parts):
            raise ValueError("a criterion has either a rule or parts, not both and not neither")
        expected = "I" if self.kind == "inclusion" else "E"
        if not self.id.startswith(expected):
            raise ValueError(f"an {self.kind} criterion's id starts with {expected}")
        for part in self.parts:
            if not part.id.startswith(self.id) or len(part.id) != len(self.id) + 1:
                raise ValueError(f"part {part.id} must be numbered {self.id}a, {self.id}b, ...")
        return self

    @property
    def combination(self) -> str:
        return self.combine or ("all" if self.kind == "inclusion" else "any")


class Intervention(TrialPart):
    name: str
    drug: str | None = Field(None, description="Medication code from resources/vocabulary/medications.yaml")
    dose: str | None = None
    schedule: str | None = None


class Arm(TrialPart):
    id: str = Field(description="Short lower-case name, recorded as the arm at enrolment")
    label: str
    type: Literal["experimental", "active_comparator", "placebo_comparator", "control", "other"]
    description: str | None = None
    interventions: list[Intervention] = Field(default_factory=list)


class Visit(TrialPart):
    id: str
    week: float = Field(description="Weeks from baseline (0 = baseline)")
    window_days: int = Field(3, description="Days the visit may fall either side of its week")
    labs: list[str] = Field(default_factory=list, description="Observation codes from resources/vocabulary/")
    note: str | None = None


class Outcome(TrialPart):
    type: Literal["primary", "secondary"]
    measure: str
    time_frame: str
    description: str | None = None


class ExitCriterion(TrialPart):
    """An on-study exit or dose rule: verbatim text, and a rule when the registry can follow it
    (none: the investigator judges it)."""

    id: str = Field(pattern=r"^X\d+$", description="X1, X2, ... in the protocol's order")
    text: str = Field(min_length=1, description="Verbatim protocol text")
    rule: AnyExitRule | None = Field(None, description="How TrialDesk follows it; empty when a person must judge")
    arms: list[str] = Field(default_factory=list, description="Arm ids it applies to (empty: every arm)")
    ambiguous: str | None = Field(None, description="Why the text is damaged or ambiguous, and the reading applied")


class ResponseLevel(TrialPart):
    name: str = Field(description="e.g. complete, partial")
    rule: AnyRule = Field(description="A criterion rule evaluated on the assessment day (windows count back "
                                      "from it)")


class ResponseAssessment(TrialPart):
    """Response at an outcome week: the first level whose rule holds, else no response."""

    week: float = Field(description="Weeks after randomisation; the rules are evaluated on that day")
    source: str = Field(description="Where the definitions come from, e.g. the protocol or KDIGO 2021 "
                                    "(when the protocol gives none)")
    levels: list[ResponseLevel]


class Trial(TrialPart):
    nct: str = Field(pattern=r"^NCT\d{8}$", description="ClinicalTrials.gov number; also the file's name")
    protocol_version: str = Field(min_length=1, description="Which text this definition encodes")
    short_name: str = Field(description="A few words that name the trial in lists")
    title: str = Field(description="The registry's brief title")
    official_title: str | None = None
    conditions: list[str] = Field(default_factory=list)
    sponsor: str
    site: str
    principal_investigator: str | None = None
    phase: str = Field(description='As listed, e.g. "Phase 2" or "N/A" (quoted)')
    design: str
    target_enrolment: int | None = None
    status: str = Field(description="Recruitment status as listed")
    source: str = Field(description="Where the text was taken from")
    arms: list[Arm] = Field(default_factory=list)
    visits: list[Visit] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    exit_criteria: list[ExitCriterion] = Field(default_factory=list,
                                               description="On-study exit, withdrawal and dose rules, X1, X2, ...")
    responses: list[ResponseAssessment] = Field(default_factory=list,
                                                description="Response assessments at the outcome weeks")
    criteria: list[Criterion] = Field(description="Inclusion criteria I1, I2, ... then exclusion criteria E1, "
                                                  "E2, ..., in the protocol's order")

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [c.id for c in self.criteria] + [p.id for c in self.criteria for p in c.parts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"criterion ids used twice: {', '.join(duplicates)}")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"{self.nct} has no criterion {criterion_id}")


class TrialFileError(ValueError):
    """A malformed trial file: names the file, the criterion id and the field."""


def _locate(error: dict, raw: dict) -> str:
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


def parse_trial(text: str, source: str) -> Trial:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TrialFileError(f"{source}: not valid YAML: {error}") from error
    try:
        return Trial.model_validate(raw)
    except ValidationError as error:
        lines = [f"{source}: {_locate(detail, raw if isinstance(raw, dict) else {})}: {detail['msg']}"
                 for detail in error.errors(include_url=False)]
        raise TrialFileError("\n".join(lines)) from error


@cache
def load_trials() -> dict[str, Trial]:
    """Every trial shipped in resources/trials/, by NCT number."""
    trials = {}
    for entry in sorted(resource("trials").iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            trial = parse_trial(entry.read_text(encoding="utf-8"), entry.name)
            trials[trial.nct] = trial
    return trials
