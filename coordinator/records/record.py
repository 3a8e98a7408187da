"""The patient record: everything the five trials' criteria ask about, as plain typed values.

These models are the core's currency. The JSON record format (import/export) is exactly
their serialisation, and the database repositories turn rows into them and back.
Structure is checked here; clinical plausibility (vocabulary codes, units, ranges, dates)
is checked in `coordinator.records.validation`, which can name the patient and field in its message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from coordinator.records.renal import Sex
from coordinator.records.trial_ids import checked_trial_id

# A trial's id in its public registry, in its registered spelling (coordinator.records.trial_ids)
# (the schema gives its shape; the forms of each registry are checked by the loader)
TrialId = Annotated[str, AfterValidator(checked_trial_id), WithJsonSchema({
    "type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9/-]{3,39}$",
    "description": "A trial's registry id: ChiCTR2300071234, NCT03580291, ISRCTN12345678, ... "
                   "(resources/vocabulary/registries.yaml)"})]

FORMAT_NAME: Final = "trialdesk-patients"
FORMAT_VERSION: Final = 1


class Part(BaseModel):
    """A piece of a record: unknown keys are refused so a typo never silently drops data."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Observation(Part):
    """A dated lab result, measurement, score or test, as the lab reported it."""

    code: str = Field(description="Vocabulary code, e.g. creatinine, egfr, sledai_2k, bilag_renal")
    date: dt.date
    time: dt.time | None = Field(None, description="Time of the sample, local to the site, when the source gives it")
    value: float | None = Field(None, description="Numeric result, in `unit`")
    unit: str | None = Field(None, description="Unit as reported; must be one the vocabulary accepts")
    text: str | None = Field(None, description="Coded result (positive, A, present) or titre (1:160)")
    uln: float | None = Field(None, description="The lab's upper limit of normal, in `unit`")
    lln: float | None = Field(None, description="The lab's lower limit of normal, in `unit`")
    method: str | None = Field(None, description="How it was obtained, e.g. ckd_epi_2021, cockcroft_gault")
    note: str | None = None


class Diagnosis(Part):
    code: str = Field(description="Vocabulary code, e.g. sle, lupus_nephritis, sjogren_secondary")
    date: dt.date | None = Field(None, description="Date of diagnosis")
    onset: dt.date | None = Field(None, description="Disease onset, when known (disease duration counts from it)")
    classification: str | None = Field(None, description="e.g. acr_1997, eular_acr_2019")
    note: str | None = None


LupusClass = str  # ISN/RPS 2003: I, II, III, IV, IV-S, IV-G, V, VI, with (A), (A/C) or (C)
Method = Literal["LM", "IF", "EM"]


class Biopsy(Part):
    date: dt.date
    isn_rps_classes: list[LupusClass] = Field(default_factory=list,
                                              description='ISN/RPS 2003 classes, e.g. ["IV-G(A)", "V"]')
    activity_index: int | None = Field(None, ge=0, le=24)
    chronicity_index: int | None = Field(None, ge=0, le=12)
    glomeruli_total: int | None = Field(None, ge=0)
    glomerulosclerosis_pct: float | None = Field(None, ge=0, le=100)
    cellular_crescents_pct: float | None = Field(None, ge=0, le=100)
    fibrocellular_crescents_pct: float | None = Field(None, ge=0, le=100)
    capillary_loop_necrosis_pct: float | None = Field(None, ge=0, le=100)
    microthrombi_pct: float | None = Field(None, ge=0, le=100)
    tma_lesions: bool | None = Field(None, description="Thrombotic microangiopathy-like vascular lesions")
    interstitial_fibrosis_pct: float | None = Field(None, ge=0, le=100)
    imn_stage: int | None = Field(None, ge=1, le=4, description="Membranous nephropathy stage I-IV (EM)")
    methods: list[Method] = Field(default_factory=list)
    note: str | None = None


class Medication(Part):
    drug: str = Field(description="Vocabulary code, e.g. prednisone, tacrolimus, rituximab")
    start: dt.date
    stop: dt.date | None = Field(None, description="Last day taken; empty while ongoing")
    dose: float | None = Field(None, ge=0)
    dose_unit: str | None = Field(None, description="e.g. mg/d, g/d, mg, mg/kg")
    route: str | None = None
    cumulative_dose_mg: float | None = Field(None, ge=0, description="Total of a pulse course, mg")
    note: str | None = None


class Procedure(Part):
    code: str = Field(description="e.g. renal_replacement_therapy, plasma_exchange")
    kind: str | None = None
    start: dt.date
    stop: dt.date | None = None
    note: str | None = None


class Condition(Part):
    """A dated history item or current condition (infection, malignancy, allergy, ...)."""

    code: str
    kind: str | None = Field(None, description="e.g. tuberculosis for an infection")
    onset: dt.date | None = None
    resolved: dt.date | None = None
    status: str = Field("active", description="active or resolved")
    severity: str | None = Field(None, description="e.g. NYHA class III, severe")
    controlled: bool | None = None
    treatment: str | None = Field(None, description="none, oral, iv, excision, ...")
    hospitalised: bool | None = None
    agent: str | None = Field(None, description="Drug code (allergy, failure) or trial id")
    note: str | None = None


class ReproductiveStatus(Part):
    date: dt.date
    childbearing_potential: bool | None = None
    pregnant: bool | None = None
    lactating: bool | None = None
    planning_pregnancy: bool | None = None
    contraception: str | None = None
    note: str | None = None


class StudyVisit(Part):
    """A visit of the trial's schedule that took place (with its date) or was missed."""

    visit: str = Field(description="Visit id from the trial's schedule, e.g. week4")
    date: dt.date | None = Field(None, description="The day it took place; empty when missed")
    status: Literal["done", "missed"] = "done"
    note: str | None = None


class DoseRecord(Part):
    """A study drug's dose from a date on (0 means stopped), and why it changed."""

    drug: str = Field(description="Medication code, e.g. tacrolimus")
    start: dt.date
    dose: float = Field(ge=0, description="Dose in `unit`; 0 = the drug is stopped")
    unit: str = Field("mg/d", description="mg/d for daily drugs; mg, mg/kg or cells/kg for infusions")
    reason: str | None = Field(None, description="e.g. start, trough above target, eGFR rule step 1")
    note: str | None = None


class AdverseEvent(Part):
    term: str = Field(min_length=1, max_length=200, description="CTCAE term, e.g. Alanine aminotransferase increased")
    grade: int = Field(ge=1, le=5, description="CTCAE grade 1-5")
    onset: dt.date
    resolved: dt.date | None = None
    serious: bool | None = None
    related_to: str | None = Field(None, description="Suspected study drug, if any")
    note: str | None = None


class ExitEvent(Part):
    """The patient left the study (or stopped study treatment for good)."""

    date: dt.date
    reason: str = Field(min_length=1, description="Why, in words")
    criterion: str | None = Field(None, description="The exit criterion id it rests on, e.g. X8")
    by: str | None = Field(None, description="Who decided")
    note: str | None = None


class Study(Part):
    """One enrolment of the patient in a trial, with its on-study history."""

    trial: TrialId = Field(description="The trial's registry id, e.g. ChiCTR2300071234 or NCT03580291")
    arm: str = Field(description="Arm id from the trial definition")
    subject_no: str = Field(min_length=1, max_length=40, description="Subject / randomisation number")
    enrolled_on: dt.date = Field(description="Randomisation day: the baseline of every on-study rule")
    visits: list[StudyVisit] = Field(default_factory=list)
    doses: list[DoseRecord] = Field(default_factory=list)
    adverse_events: list[AdverseEvent] = Field(default_factory=list)
    exits: list[ExitEvent] = Field(default_factory=list)
    note: str | None = None


class Patient(Part):
    registry_no: str = Field(min_length=1, max_length=40, description="Site-unique registry number")
    name: str = Field(min_length=1, max_length=200)
    initials: str | None = Field(None, max_length=12, description="Derived from the name when empty")
    sex: Sex
    birth_date: dt.date
    record_no: str | None = Field(None, max_length=40, description="Hospital record number")
    note: str | None = None
    observations: list[Observation] = Field(default_factory=list)
    diagnoses: list[Diagnosis] = Field(default_factory=list)
    biopsies: list[Biopsy] = Field(default_factory=list)
    medications: list[Medication] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    reproductive: list[ReproductiveStatus] = Field(default_factory=list)
    studies: list[Study] = Field(default_factory=list, description="Enrolments with their on-study history")

    def study(self, trial_id: str) -> Study | None:
        """The patient's latest enrolment in the trial, if any."""
        found = [s for s in self.studies if s.trial == trial_id]
        return max(found, key=lambda s: s.enrolled_on) if found else None

    def age_on(self, day: dt.date) -> int:
        """Age in completed years on `day`."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


CHILD_SECTIONS: dict[str, type[Part]] = {
    "observations": Observation,
    "diagnoses": Diagnosis,
    "biopsies": Biopsy,
    "medications": Medication,
    "procedures": Procedure,
    "conditions": Condition,
    "reproductive": ReproductiveStatus,
}

# The dated lists of a study, in the order the record lists them.
STUDY_SECTIONS: dict[str, type[Part]] = {
    "visits": StudyVisit,
    "doses": DoseRecord,
    "adverse_events": AdverseEvent,
    "exits": ExitEvent,
}


class RecordFile(BaseModel):
    """The JSON record format: a file of whole patients."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["trialdesk-patients"] = FORMAT_NAME
    version: Literal[1] = FORMAT_VERSION
    patients: list[Patient]
