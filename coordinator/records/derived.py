"""Values the registry derives rather than stores: eGFR, creatinine clearance, BMI.

Each derived value says that it is derived, by which equation, and from which recorded
values, so a reader can check it ("eGFR 58.7 mL/min/1.73m2 on 2026-10-30, CKD-EPI 2021 from
creatinine 1.2 mg/dL, age 40, female").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from coordinator.phrase import Phrase, Term
from coordinator.records.record import Observation, Patient
from coordinator.records.renal import bmi, ckd_epi_2009, ckd_epi_2021, cockcroft_gault
from coordinator.records.units import convert

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
    written: tuple[str, ...] = ()  # the sources as text, when made by hand
    # What it was derived from (observations, the age in years, the sex): put in words only when
    # `sources` is read, since a pre-screen derives many values and shows none of them.
    inputs: tuple = ()

    @cached_property
    def sources(self) -> tuple[str, ...]:
        """What the value was derived from, in words (phrases: coordinator.phrase)."""
        return self.written or tuple(map(_source, self.inputs))

    def describe(self) -> str:
        return (f"{self.code} {self.value:.1f} {self.unit} on {self.date}, derived by "
                f"{EQUATION_NAMES.get(self.method, self.method)} from {', '.join(self.sources)}")


def _shown(obs: Observation) -> str:
    # the code as written (an interface shows the lab's name in its language)
    return Phrase("{code} {value:g} {unit} on {day}", code=Term(obs.code, obs.code), value=obs.value, unit=obs.unit,
                  day=obs.date)


_SEXES = {"F": Phrase("female"), "M": Phrase("male")}


def _source(item: Observation | int | str) -> str:
    """One input in words: the age (years), the sex (F or M), or an observation (any value with
    code, value, unit and date: the registry also passes lighter rows than Observation)."""
    if isinstance(item, int):
        return Phrase("age {age}", age=item)
    if isinstance(item, str):
        return _SEXES[item]
    return _shown(item)


def _latest_before(observations: Sequence[Observation], day: dt.date, max_days: int) -> Observation | None:
    """The newest of `observations` (one code's) with a value, on or before `day` and at most
    `max_days` older; the first recorded on a tie."""
    candidates = [o for o in observations if o.value is not None and o.date <= day and (day - o.date).days <= max_days]
    return max(candidates, key=lambda o: o.date, default=None)


def _of_code(patient: Patient, code: str) -> list[Observation]:
    return [o for o in patient.observations if o.code == code]


# One derived value from one recorded observation (None when it cannot be derived). Each takes
# the patient's observations grouped by code, so a whole record is derived in one pass over it
# and PatientFacts can derive only the values a rule asks for.

def egfr_from(patient: Patient, creatinine: Observation, by_code: Mapping[str, Sequence[Observation]],
              equation: str = "ckd_epi_2021") -> DerivedValue | None:
    if creatinine.value is None or not creatinine.unit:
        return None
    age = patient.age_on(creatinine.date)
    if age < 18:
        return None
    scr = convert("creatinine", creatinine.value, creatinine.unit, "mg/dL")
    egfr = EGFR_EQUATIONS[equation](scr, age, patient.sex)
    return DerivedValue("egfr", creatinine.date, round(egfr, 2), "mL/min/1.73m2", equation,
                        inputs=(creatinine, age, "F" if patient.sex == "F" else "M"))


def creatinine_clearance_from(patient: Patient, creatinine: Observation,
                              by_code: Mapping[str, Sequence[Observation]]) -> DerivedValue | None:
    if creatinine.value is None or not creatinine.unit:
        return None
    weight = _latest_before(by_code.get("weight", ()), creatinine.date, WEIGHT_VALID_DAYS)
    age = patient.age_on(creatinine.date)
    if weight is None or age < 18:
        return None
    scr = convert("creatinine", creatinine.value, creatinine.unit, "mg/dL")
    kg = convert("weight", weight.value, weight.unit, "kg")
    clearance = cockcroft_gault(scr, age, kg, patient.sex)
    return DerivedValue("creatinine_clearance", creatinine.date, round(clearance, 2), "mL/min",
                        "cockcroft_gault", inputs=(creatinine, weight, age))


def bmi_from(patient: Patient, weight: Observation,
             by_code: Mapping[str, Sequence[Observation]]) -> DerivedValue | None:
    if weight.value is None:
        return None
    height = _latest_before(by_code.get("height", ()), weight.date, 10 * 365)
    if height is None:
        return None
    kg = convert("weight", weight.value, weight.unit, "kg")
    cm = convert("height", height.value, height.unit, "cm")
    return DerivedValue("bmi", weight.date, round(bmi(kg, cm), 2), "kg/m2", "bmi", inputs=(weight, height))


# derived code -> (the recorded code it is derived from, how one value is derived)
DERIVATIONS: dict[str, tuple[str, Callable[[Patient, Observation, Mapping[str, Sequence[Observation]]],
                                            DerivedValue | None]]] = {
    "egfr": ("creatinine", egfr_from),
    "creatinine_clearance": ("creatinine", creatinine_clearance_from),
    "bmi": ("weight", bmi_from),
}

# derived code -> what a value reads besides its source (and age and sex): other codes, up to
# this many days before each source value
DERIVED_INPUTS: dict[str, tuple[tuple[str, ...], int]] = {
    "egfr": ((), 0),
    "creatinine_clearance": (("weight",), WEIGHT_VALID_DAYS),
    "bmi": (("height",), 10 * 365),
}
# derived code -> every recorded code a value needs: what to obtain when there is none
DERIVATION_NEEDS: dict[str, tuple[str, ...]] = {
    code: (DERIVATIONS[code][0], *extra) for code, (extra, _) in DERIVED_INPUTS.items()}


def derived_egfr(patient: Patient, equation: str = "ckd_epi_2021") -> list[DerivedValue]:
    if equation not in EGFR_EQUATIONS:  # refused even when there is no creatinine
        raise KeyError(f"unknown eGFR equation '{equation}'")
    return [value for obs in _of_code(patient, "creatinine")
            if (value := egfr_from(patient, obs, {}, equation)) is not None]


def derived_creatinine_clearance(patient: Patient) -> list[DerivedValue]:
    by_code = {"weight": _of_code(patient, "weight")}
    return [value for obs in _of_code(patient, "creatinine")
            if (value := creatinine_clearance_from(patient, obs, by_code)) is not None]


def derived_bmi(patient: Patient) -> list[DerivedValue]:
    by_code = {"height": _of_code(patient, "height")}
    return [value for obs in _of_code(patient, "weight") if (value := bmi_from(patient, obs, by_code)) is not None]


def derived_values(patient: Patient) -> list[DerivedValue]:
    """Everything derivable from the record, by date."""
    found = derived_egfr(patient) + derived_creatinine_clearance(patient) + derived_bmi(patient)
    return sorted(found, key=lambda d: (d.date, d.code))
