"""Values the registry derives rather than stores: eGFR, creatinine clearance, BMI.

Each derived value says that it is derived, by which equation, and from which recorded
values, so a reader can check it ("eGFR 58.7 mL/min/1.73m2 on 2026-10-30, CKD-EPI 2021 from
creatinine 1.2 mg/dL, age 40, female").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordinator.record import Observation, Patient
from coordinator.renal import bmi, ckd_epi_2009, ckd_epi_2021, cockcroft_gault
from coordinator.units import convert

EGFR_EQUATIONS = {"ckd_epi_2021": ckd_epi_2021, "ckd_epi_2009": ckd_epi_2009}
EQUATION_NAMES = {"ckd_epi_2021": "CKD-EPI 2021", "ckd_epi_2009": "CKD-EPI 2009",
                  "cockcroft_gault": "Cockcroft-Gault", "bmi": "weight/height²"}
WEIGHT_VALID_DAYS = 90  # a weight older than this does not feed a clearance or a BMI


@dataclass(frozen=True)
class DerivedValue:
    code: str
    date: dt.date
    value: float
    unit: str
    method: str
    sources: tuple[str, ...]

    def describe(self) -> str:
        return (f"{self.code} {self.value:.1f} {self.unit} on {self.date}, derived by "
                f"{EQUATION_NAMES.get(self.method, self.method)} from {', '.join(self.sources)}")


def _shown(obs: Observation) -> str:
    return f"{obs.code} {obs.value:g} {obs.unit} on {obs.date}"


def _latest_before(patient: Patient, code: str, day: dt.date, max_days: int) -> Observation | None:
    candidates = [o for o in patient.observations
                  if o.code == code and o.value is not None and o.date <= day
                  and (day - o.date).days <= max_days]
    return max(candidates, key=lambda o: o.date, default=None)


def derived_egfr(patient: Patient, equation: str = "ckd_epi_2021") -> list[DerivedValue]:
    formula = EGFR_EQUATIONS[equation]
    values = []
    for obs in patient.observations:
        if obs.code != "creatinine" or obs.value is None or not obs.unit:
            continue
        age = patient.age_on(obs.date)
        if age < 18:
            continue
        scr = convert("creatinine", obs.value, obs.unit, "mg/dL")
        egfr = formula(scr, age, patient.sex)
        sex = "female" if patient.sex == "F" else "male"
        values.append(DerivedValue("egfr", obs.date, round(egfr, 2), "mL/min/1.73m2", equation,
                                   (_shown(obs), f"age {age}", sex)))
    return values


def derived_creatinine_clearance(patient: Patient) -> list[DerivedValue]:
    values = []
    for obs in patient.observations:
        if obs.code != "creatinine" or obs.value is None or not obs.unit:
            continue
        weight = _latest_before(patient, "weight", obs.date, WEIGHT_VALID_DAYS)
        age = patient.age_on(obs.date)
        if weight is None or age < 18:
            continue
        scr = convert("creatinine", obs.value, obs.unit, "mg/dL")
        kg = convert("weight", weight.value, weight.unit, "kg")
        clearance = cockcroft_gault(scr, age, kg, patient.sex)
        values.append(DerivedValue("creatinine_clearance", obs.date, round(clearance, 2), "mL/min",
                                   "cockcroft_gault", (_shown(obs), _shown(weight), f"age {age}")))
    return values


def derived_bmi(patient: Patient) -> list[DerivedValue]:
    values = []
    for weight in (o for o in patient.observations if o.code == "weight" and o.value is not None):
        height = _latest_before(patient, "height", weight.date, 10 * 365)
        if height is None:
            continue
        kg = convert("weight", weight.value, weight.unit, "kg")
        cm = convert("height", height.value, height.unit, "cm")
        values.append(DerivedValue("bmi", weight.date, round(bmi(kg, cm), 2), "kg/m2", "bmi",
                                   (_shown(weight), _shown(height))))
    return values


def derived_values(patient: Patient) -> list[DerivedValue]:
    """Everything derivable from the record, by date."""
    found = derived_egfr(patient) + derived_creatinine_clearance(patient) + derived_bmi(patient)
    return sorted(found, key=lambda d: (d.date, d.code))
