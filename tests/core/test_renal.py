"""Kidney-function and body-size equations against the worked examples of the clinical reference."""

from __future__ import annotations

import pytest

from coordinator.records.renal import Sex, bmi, ckd_epi_2009, ckd_epi_2021, cockcroft_gault
from coordinator.records.units import convert

F, M = Sex.FEMALE, Sex.MALE


def mg_dl(umol_l: float) -> float:
    return convert("creatinine", umol_l, "umol/L", "mg/dL")


# -- CKD-EPI 2021 -------------------------------------------------------------------------------

@pytest.mark.parametrize(("creatinine_mg_dl", "age", "sex", "expected"), [
    (1.2, 40, F, 58.69),
    (mg_dl(106.1), 40, F, 58.67),
    (1.0, 50, M, 91.69),
    (mg_dl(88), 56, M, 88.82),
    (0.6, 60, F, 102.69),
], ids=["F40-1.2mg/dL", "F40-106.1umol/L", "M50-1.0mg/dL", "M56-88umol/L", "F60-0.6mg/dL"])
def test_ckd_epi_2021_worked_examples(creatinine_mg_dl, age, sex, expected):
    assert round(ckd_epi_2021(creatinine_mg_dl, age, sex), 2) == expected


def test_ckd_epi_2021_accepts_the_sex_as_its_letter():
    assert ckd_epi_2021(1.2, 40, Sex("F")) == ckd_epi_2021(1.2, 40, F)
    assert round(ckd_epi_2021(1.0, 50, "M"), 2) == 91.69


def test_ckd_epi_2021_at_the_knee_female():
    # Scr == kappa: both min() and max() terms are 1, leaving 142 x 0.9938^age x 1.012.
    assert ckd_epi_2021(0.7, 40, F) == pytest.approx(142 * 0.9938**40 * 1.012, rel=1e-12)
    assert round(ckd_epi_2021(0.7, 40, F), 2) == 112.05


def test_ckd_epi_2021_at_the_knee_male():
    assert ckd_epi_2021(0.9, 40, M) == pytest.approx(142 * 0.9938**40, rel=1e-12)
    assert round(ckd_epi_2021(0.9, 40, M), 2) == 110.73


@pytest.mark.parametrize(("sex", "kappa"), [(F, 0.7), (M, 0.9)])
def test_ckd_epi_2021_is_continuous_and_decreasing_through_the_knee(sex, kappa):
    below = ckd_epi_2021(kappa - 1e-9, 45, sex)
    at = ckd_epi_2021(kappa, 45, sex)
    above = ckd_epi_2021(kappa + 1e-9, 45, sex)
    assert below > at > above
    assert below == pytest.approx(at, rel=1e-8)
    assert above == pytest.approx(at, rel=1e-8)


@pytest.mark.parametrize(("sex", "kappa", "alpha"), [(F, 0.7, -0.241), (M, 0.9, -0.302)])
def test_ckd_epi_2021_uses_alpha_below_and_minus_1_200_above_the_knee(sex, kappa, alpha):
    at = ckd_epi_2021(kappa, 50, sex)
    assert ckd_epi_2021(kappa / 2, 50, sex) == pytest.approx(at * 0.5**alpha, rel=1e-12)
    assert ckd_epi_2021(kappa * 2, 50, sex) == pytest.approx(at * 2**-1.200, rel=1e-12)


def test_ckd_epi_2021_falls_with_age():
    assert ckd_epi_2021(1.0, 70, M) == pytest.approx(ckd_epi_2021(1.0, 60, M) * 0.9938**10, rel=1e-12)


def test_ckd_epi_2021_female_coefficient():
    # Above both knees the sexes differ only by kappa and the 1.012 factor.
    female, male = ckd_epi_2021(2.0, 50, F), ckd_epi_2021(2.0, 50, M)
    assert female / male == pytest.approx(1.012 * (0.7 / 0.9) ** 1.2, rel=1e-12)


# -- CKD-EPI 2009 -------------------------------------------------------------------------------

def test_ckd_epi_2009_worked_example():
    assert round(ckd_epi_2009(1.0, 50, M), 2) == 87.37
    assert round(ckd_epi_2009(1.0, 50, M, black=False), 2) == 87.37


def test_ckd_epi_2009_race_coefficient():
    assert ckd_epi_2009(1.0, 50, M, black=True) == pytest.approx(ckd_epi_2009(1.0, 50, M) * 1.159, rel=1e-12)


@pytest.mark.parametrize(("sex", "kappa", "constant"), [(F, 0.7, 141 * 1.018), (M, 0.9, 141)])
def test_ckd_epi_2009_at_the_knee(sex, kappa, constant):
    assert ckd_epi_2009(kappa, 40, sex) == pytest.approx(constant * 0.993**40, rel=1e-12)


def test_ckd_epi_2009_and_2021_differ():
    assert ckd_epi_2009(1.0, 50, M) < ckd_epi_2021(1.0, 50, M)


# -- Cockcroft-Gault ----------------------------------------------------------------------------

def test_cockcroft_gault_worked_example_male_umol():
    assert round(cockcroft_gault(mg_dl(88), 56, 72, M), 2) == 84.38


def test_cockcroft_gault_worked_example_female():
    assert round(cockcroft_gault(3.0, 30, 55, F), 2) == 23.81


def test_cockcroft_gault_formula():
    assert cockcroft_gault(1.0, 68, 72, M) == pytest.approx(72.0, rel=1e-12)
    assert cockcroft_gault(1.0, 68, 72, F) == pytest.approx(72.0 * 0.85, rel=1e-12)
    assert cockcroft_gault(2.0, 68, 72, M) == pytest.approx(36.0, rel=1e-12)


@pytest.mark.parametrize("weight", [0, -70])
def test_cockcroft_gault_refuses_a_weight_at_or_below_zero(weight):
    with pytest.raises(ValueError, match="weight must be above zero"):
        cockcroft_gault(1.0, 50, weight, M)


# -- input checks shared by the three equations -------------------------------------------------

EQUATIONS = [
    pytest.param(lambda scr, age: ckd_epi_2021(scr, age, F), id="ckd_epi_2021"),
    pytest.param(lambda scr, age: ckd_epi_2009(scr, age, M), id="ckd_epi_2009"),
    pytest.param(lambda scr, age: cockcroft_gault(scr, age, 60, F), id="cockcroft_gault"),
]


@pytest.mark.parametrize("equation", EQUATIONS)
@pytest.mark.parametrize("creatinine", [0, 0.0, -0.5])
def test_creatinine_at_or_below_zero_is_refused(equation, creatinine):
    with pytest.raises(ValueError, match=r"creatinine must be above zero, got -?0(\.\d+)? mg/dL"):
        equation(creatinine, 40)


@pytest.mark.parametrize("equation", EQUATIONS)
@pytest.mark.parametrize("age", [17, 17.99, 0, -1])
def test_age_under_18_is_refused(equation, age):
    with pytest.raises(ValueError, match=r"adult equations need age >= 18 years"):
        equation(1.0, age)


@pytest.mark.parametrize("equation", EQUATIONS)
def test_age_18_is_accepted(equation):
    assert equation(1.0, 18) > 0


def test_age_error_names_the_age():
    with pytest.raises(ValueError, match=r"got 17$"):
        ckd_epi_2021(1.0, 17, M)


# -- BMI ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("weight", "height", "expected"), [
    (70, 175, 22.86),
    (45, 170, 15.57),   # NCT05863936 excludes BMI < 16
    (64, 160, 25.0),
    (100, 200, 25.0),
])
def test_bmi(weight, height, expected):
    assert round(bmi(weight, height), 2) == expected


@pytest.mark.parametrize(("weight", "height"), [(0, 170), (70, 0), (-70, 170), (70, -170)])
def test_bmi_refuses_zero_or_negative_inputs(weight, height):
    with pytest.raises(ValueError, match="weight and height must be above zero"):
        bmi(weight, height)
