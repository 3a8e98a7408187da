"""A trial file's demo section: the synthetic patients `trialdesk demo` makes for the trial, each
case with the verdict it is made to give, so a site's own trial is in the demo without code and
its cases are tested like the shipped ones.

Dates are written as of the section's `as_of` day; the demo moves them by the same number of
days to the day it is built, so "within 12 weeks" stays true whenever that is.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from coordinator.records.record import (CHILD_SECTIONS, Biopsy, Condition, Diagnosis, Medication, Observation, Patient, Procedure,
                                        ReproductiveStatus)
from coordinator.records.renal import Sex

CRITERIA_CONTEXT = "criterion ids"  # validation context: the file's criterion ids, which cases name
RECORD_SECTIONS = tuple(CHILD_SECTIONS)  # a demo record has every dated section of a record


class _DemoPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoRecord(_DemoPart):
    """Part of a patient record in the record format (docs/record-format.md), dated as of `as_of`."""

    observations: list[Observation] = Field(default_factory=list)
    diagnoses: list[Diagnosis] = Field(default_factory=list)
    biopsies: list[Biopsy] = Field(default_factory=list)
    medications: list[Medication] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    reproductive: list[ReproductiveStatus] = Field(default_factory=list)


class DemoCase(_DemoPart):
    """One kind of demo patient: the trial's `record`, less what `drop` names, plus `add`."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description='e.g. eligible, fail_liver, incomplete')
    expect: Literal["eligible", "ineligible", "incomplete"] = Field(
        description="eligible: nothing is left unknown, only questions for a person; incomplete: data are "
                    "missing; ineligible: the criterion in `fails` fails")
    fails: str | None = Field(None, description="The criterion an ineligible case is made to fail, e.g. E4")
    also_fails: list[str] = Field(default_factory=list,
                                  description="Other criteria the same record fails as a consequence")
    sex: Sex | None = Field(None, description="When the case needs one sex (a lactating patient is female)")
    drop: list[str] = Field(default_factory=list,
                            description="Codes (results, drugs, diagnoses, conditions, procedures) removed from "
                                        "the trial's record and the background before `add`")
    add: DemoRecord = Field(default_factory=DemoRecord)

    @model_validator(mode="after")
    def _fails_when_ineligible(self, info: ValidationInfo):
        if (self.expect == "ineligible") != (self.fails is not None):
            raise ValueError(f"demo case {self.id}: `fails` names the failing criterion of an ineligible case, "
                             "and only of one")
        known = (info.context or {}).get(CRITERIA_CONTEXT)
        unknown = [i for i in [self.fails, *self.also_fails] if i is not None and i not in (known or {i})]
        if unknown:
            raise ValueError(f"demo case {self.id}: no criterion {', '.join(unknown)} "
                             f"(criteria: {', '.join(sorted(known or ()))})")
        return self


class Demo(_DemoPart):
    as_of: dt.date = Field(description="The day the dates of `record` and the cases are written for")
    ages: tuple[int, int] = Field((20, 70), description="Youngest and oldest demo patient, in years")
    female_share: float = Field(0.5, ge=0, le=1, description="Share of women among the demo patients")
    record: DemoRecord = Field(default_factory=DemoRecord, description="What every demo patient of the trial has")
    cases: list[DemoCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _sound(self):
        youngest, oldest = self.ages
        if not 0 <= youngest <= oldest <= 110:
            raise ValueError(f"demo ages {youngest}-{oldest}: expected youngest <= oldest, both 0-110")
        ids = [case.id for case in self.cases]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"demo case ids used twice: {', '.join(twice)}")
        from coordinator.records.demo import background
        from coordinator.records.validation import validate_patient  # (it reads trials: imported late)

        extra = background()
        present = {code_of(part) for record in (self.record, extra.everyone, extra.female, extra.male)
                   for section in RECORD_SECTIONS for part in getattr(record, section)}
        for case in self.cases:
            if absent := [code for code in case.drop if code not in present]:
                raise ValueError(f"demo case {case.id}: drop: {', '.join(absent)} is in neither the demo record "
                                 "nor the background (resources/demo/background.yaml)")

        # codes, units and dates are checked as an imported record's are
        for where, part in [("record", self.record), *((f"case {c.id}: add", c.add) for c in self.cases)]:
            sample = Patient(registry_no="demo", name="demo", sex=Sex.FEMALE,
                             birth_date=dt.date(self.as_of.year - self.ages[0] - 1, 1, 1), **dict(part))
            if problems := validate_patient(sample, today=self.as_of):
                raise ValueError(f"demo {where}: " + "; ".join(str(p.located(patient="")) for p in problems))
        return self


class DemoBackground(_DemoPart):
    """resources/demo/background.yaml: a well adult's ordinary results."""

    as_of: dt.date
    everyone: DemoRecord
    female: DemoRecord
    male: DemoRecord


def code_of(part: BaseModel) -> str:
    """The code a demo's `drop` matches: a result's, drug's, diagnosis', condition's or procedure's
    code; `biopsy` and `reproductive_status` for those sections."""
    if isinstance(part, Biopsy):
        return "biopsy"
    if isinstance(part, ReproductiveStatus):
        return "reproductive_status"
    return getattr(part, "code", None) or getattr(part, "drug")


def case_sections(record: DemoRecord, case: DemoCase) -> dict[str, list]:
    """The record's sections less what the case drops, plus what it adds."""
    dropped = set(case.drop)
    return {section: [p for p in getattr(record, section) if code_of(p) not in dropped] + getattr(case.add, section)
            for section in RECORD_SECTIONS}
