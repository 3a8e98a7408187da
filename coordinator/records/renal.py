"""Kidney-function and body-size calculators (formulas in shared/domain/clinical-reference.md).

Inputs are plain numbers in the units the published equations use: creatinine in mg/dL,
age in whole years, weight in kg, height in cm.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


def _check(creatinine_mg_dl: float, age_years: float) -> None:
    if creatinine_mg_dl <= 0:
        raise ValueError(f"creatinine must be above zero, got {creatinine_mg_dl} mg/dL")
    if age_years < 18:
        raise ValueError(f"adult equations need age >= 18 years, got {age_years}")


def ckd_epi_2021(creatinine_mg_dl: float, age_years: float, sex: Sex) -> float:
    """Race-free CKD-EPI 2021 creatinine equation (Inker, NEJM 2021), mL/min/1.73 m2."""
    _check(creatinine_mg_dl, age_years)
    female = sex == Sex.FEMALE
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    ratio = creatinine_mg_dl / kappa
    egfr = 142 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.200 * 0.9938**age_years
    return egfr * 1.012 if female else egfr


def ckd_epi_2009(creatinine_mg_dl: float, age_years: float, sex: Sex, black: bool = False) -> float:
    """CKD-EPI 2009 creatinine equation (Levey, Ann Intern Med 2009), mL/min/1.73 m2."""
    _check(creatinine_mg_dl, age_years)
    female = sex == Sex.FEMALE
    kappa, alpha = (0.7, -0.329) if female else (0.9, -0.411)
    ratio = creatinine_mg_dl / kappa
    egfr = 141 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.209 * 0.993**age_years
    if female:
        egfr *= 1.018
    return egfr * 1.159 if black else egfr


def cockcroft_gault(creatinine_mg_dl: float, age_years: float, weight_kg: float, sex: Sex) -> float:
    """Cockcroft-Gault creatinine clearance, mL/min (not normalised to body surface area)."""
    _check(creatinine_mg_dl, age_years)
    if weight_kg <= 0:
        raise ValueError(f"weight must be above zero, got {weight_kg} kg")
    clearance = (140 - age_years) * weight_kg / (72 * creatinine_mg_dl)
    return clearance * 0.85 if sex == Sex.FEMALE else clearance


def bmi(weight_kg: float, height_cm: float) -> float:
    if weight_kg <= 0 or height_cm <= 0:
        raise ValueError("weight and height must be above zero")
    metres = height_cm / 100
    return weight_kg / (metres * metres)
