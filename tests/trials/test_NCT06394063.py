"""NCT06394063 (low-dose telitacicept for flare prevention in SLE): the shipped trial file,
its words against the source listing, and every computable criterion at its limits."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from coordinator.screening.eligibility import Checklist, Decision, ReadingChoice, Verdict, evaluate
from coordinator.records.record import (Condition, Diagnosis, Medication, Observation, Patient, ReproductiveStatus)
from coordinator.screening.trial import Trial
from coordinator.screening.trial_library import load_trials
from tests.trials.builders import (NO, ON, REVIEW, UNKNOWN, YES, ago, answer, coded, criterion, lab, part, reading_answers,
                                   replacing, status, without)

NCT = "NCT06394063"
SHARED_TRIALS = Path(__file__).resolve().parents[3] / "shared" / "trials"
SOURCE = SHARED_TRIALS / f"{NCT}.txt"

Y, N, U, R = YES, NO, UNKNOWN, REVIEW


@pytest.fixture(scope="module")
def trial() -> Trial:
    return load_trials()[NCT]


# -- the file and its source ---------------------------------------------------------------------------

def test_source_listing_is_beside_the_repository():
    assert SHARED_TRIALS.is_dir(), f"expected the shared trial listings at {SHARED_TRIALS}"
    assert SOURCE.is_file(), f"missing {SOURCE}"


def _source_sections() -> dict[str, list[str]]:
    """The numbered criteria of the listing, numbering stripped, by section."""
    sections: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    current = None
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("Inclusion Criteria"):
            current = "inclusion"
        elif stripped.startswith("Exclusion Criteria"):
            current = "exclusion"
        elif current and (match := re.match(r"^\d+\.\s*(.*)$", stripped)):
            sections[current].append(match.group(1))
        elif current and stripped and sections[current]:
            current = None   # the end of the numbered list
    return sections


def test_trial_loads(trial):
    assert trial.trial_id == NCT
    assert [c.id for c in trial.criteria] == ["I1", "I2", "I3", "I4"] + [f"E{i}" for i in range(1, 10)]
    assert all(c.kind == ("inclusion" if c.id.startswith("I") else "exclusion") for c in trial.criteria)


def test_every_criterion_text_is_a_verbatim_line_of_the_listing(trial):
    source = _source_sections()
    lines = [line for section in source.values() for line in section]
    for each in trial.criteria:
        assert each.text in lines, f"{each.id} is not verbatim: {each.text!r}"


def test_criteria_follow_the_listing_in_order_and_number(trial):
    source = _source_sections()
    for kind in ("inclusion", "exclusion"):
        mine = [c.text for c in trial.criteria if c.kind == kind]
        assert mine == source[kind]


def test_every_part_uses_only_words_of_its_criterion(trial):
    for each in trial.criteria:
        words = set(re.findall(r"\w+", each.text))
        for each_part in each.parts:
            assert set(re.findall(r"\w+", each_part.text)) <= words, each_part.id


# -- patients ---------------------------------------------------------------------------------------------

BILAG_DOMAINS = ("constitutional", "mucocutaneous", "neuropsychiatric", "musculoskeletal", "cardiorespiratory",
                 "gastrointestinal", "ophthalmic", "renal", "haematological")
BILAG_CODES = tuple(f"bilag_{domain}" for domain in BILAG_DOMAINS)


def bilag(days_ago: int = 7, **grades: str | None) -> list[Observation]:
    default = {"mucocutaneous": "B", "musculoskeletal": "C", "constitutional": "E"}
    out = []
    for domain in BILAG_DOMAINS:
        grade = grades.get(domain, default.get(domain, "D"))
        if grade is not None:
            out.append(coded(f"bilag_{domain}", grade, days=days_ago))
    return out


def base_observations() -> list[Observation]:
    return [
        lab("selena_sledai", 4),
        *bilag(),
        lab("alt", 30, "U/L", uln=40),
        lab("ast", 25, "U/L", uln=35),
        lab("creatinine", 62, "umol/L", uln=84),  # derived eGFR and Cockcroft-Gault clearance well above 60
        lab("weight", 60, "kg"),
        lab("igg", 11.2, "g/L", uln=16),
        coded("pregnancy_test", "negative"),
        coded("hiv", "negative", days=30),
    ]


def base_medications() -> list[Medication]:
    return [
        Medication(drug="prednisone", start=dt.date(2026, 3, 1), dose=7.5, dose_unit="mg/d", route="oral"),
        Medication(drug="hydroxychloroquine", start=dt.date(2025, 1, 10), dose=400, dose_unit="mg/d",
                   route="oral"),
        Medication(drug="cyclophosphamide", start=dt.date(2023, 2, 1), stop=dt.date(2023, 7, 1), dose=500,
                   dose_unit="mg", route="iv", cumulative_dose_mg=3000),
    ]


def base_conditions() -> list[Condition]:
    return [
        Condition(code="infection", kind="herpes_zoster", onset=dt.date(2024, 2, 1), resolved=dt.date(2024, 3, 1),
                  status="resolved", treatment="oral"),
        Condition(code="malignancy", kind="basal_cell_carcinoma", onset=dt.date(2023, 5, 1),
                  resolved=dt.date(2023, 6, 1), status="resolved", treatment="excision"),
    ]


def eligible_patient(**changes) -> Patient:
    data = dict(
        registry_no="R-0601", name="欧阳娜娜", sex="F", birth_date=dt.date(1986, 5, 14),
        observations=base_observations(),
        diagnoses=[Diagnosis(code="sle", date=dt.date(2019, 3, 1), onset=dt.date(2018, 11, 1),
                             classification="acr_1997")],
        medications=base_medications(),
        conditions=base_conditions(),
        reproductive=_status(),
    )
    data.update(changes)
    return Patient(**data)


def _status(days_ago: int = 7, **fields) -> list[ReproductiveStatus]:
    """The patient's reproductive status, as the list a patient holds: an IUD, pregnancy plans not recorded."""
    return [status(days=days_ago, **{"planning_pregnancy": None, "contraception": "iud", **fields})]


def replaced(*new: Observation, drop: tuple[str, ...] = ()) -> list[Observation]:
    """The eligible patient's observations with every code in `new` (and `drop`) replaced by `new`."""
    return replacing(without(eligible_patient(), *drop), *new).observations


def with_meds(*extra: Medication, keep_base: bool = True) -> list[Medication]:
    return (base_medications() if keep_base else []) + list(extra)


def with_conditions(*extra: Condition) -> list[Condition]:
    return base_conditions() + list(extra)


def check(trial: Trial, **changes) -> Checklist:
    return evaluate(trial, eligible_patient(**changes), ON)


MANUAL = {"I4": Decision("I4", Y, by="coordinator", note="consent signed 2026-11-23"),
          "E9": Decision("E9", N, by="investigator")}
LIGHT_AND_NORMAL_EGFR = replaced(lab("creatinine", 1.0, "mg/dL", uln=1.0), lab("weight", 45, "kg"))  # eGFR 73, Ccr 53


# -- the eligible patient ------------------------------------------------------------------------------

def test_eligible_patient_before_decisions(trial):
    checklist = check(trial)
    auto = {r.id: r.auto for r in checklist.criteria}
    assert auto == {"I1": Y, "I2": Y, "I3": Y, "I4": R,
                    "E1": N, "E2": N, "E3": N, "E4": N, "E5": N, "E6": N, "E7": N, "E8": N, "E9": R}
    assert checklist.failed == []
    assert checklist.open == ["I4", "E9"]
    assert checklist.verdict == Verdict.INCOMPLETE


def test_eligible_patient_with_manual_answers_is_eligible_as_every_gfr_reading_agrees(trial):
    checklist = check(trial).with_decisions(MANUAL, {})
    assert checklist.open == [] and checklist.verdict == Verdict.ELIGIBLE
    assert part(checklist, "E1c").evidence[0] == "all 2 readings agree: no"
    assert criterion(checklist, "E1").ambiguous and "GFR < 60ml/min" in criterion(checklist, "E1").ambiguous


def test_investigator_override_keeps_the_automatic_answer_beside_the_final_one(trial):
    override = {"E1": Decision("E1", N, by="investigator", note="GFR read as eGFR CKD-EPI 2021; eGFR above 60")}
    checklist = check(trial, observations=LIGHT_AND_NORMAL_EGFR).with_decisions(MANUAL, override)
    assert checklist.failed == [] and checklist.open == [] and checklist.verdict == Verdict.ELIGIBLE
    assert criterion(checklist, "E1").auto == R
    assert checklist.final(criterion(checklist, "E1")) == N
    assert checklist.final(criterion(checklist, "I4")) == Y


def test_manual_answer_does_not_replace_a_computed_one(trial):
    checklist = check(trial).with_decisions({**MANUAL, "I1": Decision("I1", N, by="coordinator")}, {})
    assert checklist.verdict == Verdict.ELIGIBLE
    overridden = check(trial).with_decisions(MANUAL, {"I1": Decision("I1", N, by="investigator")})
    assert overridden.failed == ["I1"]


def test_male_patient_is_eligible_too(trial):
    """A man is not a pregnant or lactating woman, whether or not a pregnancy test is on file."""
    male = dict(sex="M", reproductive=[], observations=replaced(drop=("pregnancy_test",)))
    checklist = check(trial, **male)
    assert answer(checklist, "E4") == N
    assert check(trial, **male).with_decisions(MANUAL, {}).verdict == Verdict.ELIGIBLE


# -- I1 age -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("born, expected", [
    (dt.date(2008, 11, 23), Y), (dt.date(2008, 11, 24), N), (dt.date(2008, 11, 22), Y),
    (dt.date(1956, 11, 23), Y), (dt.date(1955, 11, 24), Y), (dt.date(1955, 11, 23), N)])
def test_i1_age(trial, born, expected):
    assert answer(check(trial, birth_date=born), "I1") == expected


# -- I2 SLE, low activity, duration, BILAG --------------------------------------------------------------

def test_i2a_sle_diagnosis(trial):
    checklist = check(trial, diagnoses=[Diagnosis(code="lupus_nephritis", date=dt.date(2020, 1, 1))])
    assert answer(checklist, "I2a") == N
    assert answer(checklist, "I2") == N
    assert "I2" in checklist.failed


@pytest.mark.parametrize("score, expected", [(0, Y), (7, Y), (8, N), (9, N)])
def test_i2b_selena_sledai_below_8(trial, score, expected):
    checklist = check(trial, observations=replaced(lab("selena_sledai", score)))
    assert answer(checklist, "I2b") == expected
    assert answer(checklist, "I2") == expected


@pytest.mark.parametrize("days_ago, expected", [(28, Y), (29, U)])
def test_i2b_window(trial, days_ago, expected):
    checklist = check(trial, observations=replaced(lab("selena_sledai", 4, days=days_ago)))
    assert answer(checklist, "I2b") == expected


def test_i2b_missing_and_other_scores_do_not_count(trial):
    checklist = check(trial, observations=replaced(lab("sledai_2k", 4), drop=("selena_sledai",)))
    assert answer(checklist, "I2b") == U
    assert answer(checklist, "I2") == U
    assert any("SELENA-SLEDAI" in m and "none recorded" in m for m in criterion(checklist, "I2").missing)


@pytest.mark.parametrize("onset, expected", [(ago(92), Y), (ago(91), N), (ago(93), Y)])
def test_i2c_disease_duration_more_than_3_months(trial, onset, expected):
    diagnoses = [Diagnosis(code="sle", date=ON, onset=onset, classification="eular_acr_2019")]
    assert answer(check(trial, diagnoses=diagnoses), "I2c") == expected


def test_i2c_counts_from_the_diagnosis_date_without_onset(trial):
    assert answer(check(trial, diagnoses=[Diagnosis(code="sle", date=ago(92))]), "I2c") == Y
    assert answer(check(trial, diagnoses=[Diagnosis(code="sle", date=ago(91))]), "I2c") == N
    assert answer(check(trial, diagnoses=[Diagnosis(code="sle")]), "I2c") == U


@pytest.mark.parametrize("grades, expected", [
    ({}, Y),                                              # one B
    ({"mucocutaneous": "C"}, Y),                          # no B
    ({"renal": "B"}, N),                                  # two B
    ({"mucocutaneous": "A"}, N),                          # an A
    ({"haematological": "A", "mucocutaneous": "C"}, N),
    ({"ophthalmic": None}, U),                            # a domain not graded
    ({"ophthalmic": None, "renal": "A"}, N),              # already failed
])
def test_i2d_bilag(trial, grades, expected):
    checklist = check(trial, observations=replaced(*bilag(**grades), drop=BILAG_CODES))
    assert answer(checklist, "I2d") == expected


@pytest.mark.parametrize("days_ago, expected", [(28, Y), (29, U)])
def test_i2d_bilag_window(trial, days_ago, expected):
    assert answer(check(trial, observations=replaced(*bilag(days_ago))), "I2d") == expected


# -- I3 stable treatment, prednisone <= 30 mg/day -------------------------------------------------------

@pytest.mark.parametrize("start, expected", [(ago(91), Y), (ago(90), N), (ago(92), Y)])
def test_i3a_stable_for_at_least_3_months(trial, start, expected):
    meds = [Medication(drug="prednisone", start=start, dose=7.5, dose_unit="mg/d", route="oral"),
            Medication(drug="hydroxychloroquine", start=dt.date(2025, 1, 10), dose=400, dose_unit="mg/d")]
    checklist = check(trial, medications=meds)
    assert answer(checklist, "I3a") == expected
    assert answer(checklist, "I3") == expected


def test_i3a_a_dose_change_restarts_the_clock(trial):
    meds = [Medication(drug="prednisone", start=dt.date(2026, 1, 1), stop=ago(31), dose=10, dose_unit="mg/d"),
            Medication(drug="prednisone", start=ago(30), dose=7.5, dose_unit="mg/d"),
            Medication(drug="hydroxychloroquine", start=dt.date(2025, 1, 10), dose=400, dose_unit="mg/d")]
    assert answer(check(trial, medications=meds), "I3a") == N


def test_i3a_no_background_treatment(trial):
    assert answer(check(trial, medications=[]), "I3a") == N


@pytest.mark.parametrize("drug, dose, unit, expected", [
    ("prednisone", 30, "mg/d", Y), ("prednisone", 30.5, "mg/d", N), ("prednisone", 29.5, "mg/d", Y),
    ("prednisone", 0.03, "g/d", Y),
    ("methylprednisolone", 24, "mg/d", Y),       # = 30 mg prednisone
    ("methylprednisolone", 24.4, "mg/d", N),     # = 30.5
    ("prednisolone", 31, "mg/d", N),
])
def test_i3b_prednisone_equivalent_at_most_30_mg_per_day(trial, drug, dose, unit, expected):
    meds = [Medication(drug=drug, start=dt.date(2026, 1, 1), dose=dose, dose_unit=unit, route="oral")]
    checklist = check(trial, medications=meds)
    assert answer(checklist, "I3b") == expected
    if expected == N:
        assert "I3" in checklist.failed


def test_i3b_sums_glucocorticoids(trial):
    meds = [Medication(drug="prednisone", start=dt.date(2026, 1, 1), dose=20, dose_unit="mg/d"),
            Medication(drug="methylprednisolone", start=dt.date(2026, 1, 1), dose=8, dose_unit="mg/d")]
    assert answer(check(trial, medications=meds), "I3b") == Y
    meds[1] = meds[1].model_copy(update={"dose": 8.4})
    assert answer(check(trial, medications=meds), "I3b") == N


def test_i3b_dose_without_a_daily_unit_is_unknown(trial):
    meds = [Medication(drug="prednisone", start=dt.date(2026, 1, 1), dose=10, dose_unit="mg")]
    assert answer(check(trial, medications=meds), "I3b") == U


# -- E1 liver and kidney ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["alt", "ast"])
@pytest.mark.parametrize("value, expected", [(79, N), (80, N), (81, Y)])
def test_e1ab_transaminase_above_2_x_uln(trial, code, value, expected):
    checklist = check(trial, observations=replaced(lab(code, value, "U/L", uln=40)))
    item = "E1a" if code == "alt" else "E1b"
    assert answer(checklist, item) == expected
    assert answer(checklist, "E1") == expected


def test_e1a_in_another_unit_uses_that_lab_s_uln(trial):
    # 1.35 ukat/L with ULN 0.666 ukat/L is 2.03 x ULN
    checklist = check(trial, observations=replaced(lab("alt", 1.35, "ukat/L", uln=0.666)))
    assert answer(checklist, "E1a") == Y


@pytest.mark.parametrize("code, item", [("alt", "E1a"), ("ast", "E1b")])
def test_e1ab_without_uln_is_unknown(trial, code, item):
    checklist = check(trial, observations=replaced(lab(code, 30, "U/L")))
    assert answer(checklist, item) == U
    assert any("upper limit of normal" in m for m in part(checklist, item).missing)


@pytest.mark.parametrize("code, item", [("alt", "E1a"), ("ast", "E1b")])
@pytest.mark.parametrize("days_ago, expected", [(28, N), (29, U)])
def test_e1ab_window(trial, code, item, days_ago, expected):
    checklist = check(trial, observations=replaced(lab(code, 30, "U/L", days=days_ago, uln=40)))
    assert answer(checklist, item) == expected


@pytest.mark.parametrize("code, item", [("alt", "E1a"), ("ast", "E1b")])
def test_e1ab_missing_is_unknown(trial, code, item):
    assert answer(check(trial, observations=replaced(drop=(code,))), item) == U


def evidence_of(result, reading_id: str) -> str:
    return " | ".join(next(r.evidence for r in result.readings if r.id == reading_id))


@pytest.mark.parametrize("egfr, egfr_low", [(59.9, Y), (60, N), (60.1, N), (120, N)])
def test_e1c_recorded_egfr_beside_the_creatinine_clearance(trial, egfr, egfr_low):
    # the clearance by Cockcroft-Gault (F 40 y, 60 kg, creatinine 62 umol/L) is about 101 mL/min
    checklist = check(trial, observations=replaced(lab("egfr", egfr, "mL/min/1.73m2", method="lab_reported")))
    e1c = part(checklist, "E1c")
    assert reading_answers(e1c) == {"egfr": egfr_low, "ccr": N}
    assert f"eGFR {egfr:g} mL/min/1.73m2" in evidence_of(e1c, "egfr")
    assert "cockcroft_gault" in evidence_of(e1c, "ccr")
    if egfr_low == Y:
        assert e1c.answer == R and any("investigator to choose a reading" in m for m in e1c.missing)
    else:
        assert e1c.answer == N and e1c.evidence[0] == "all 2 readings agree: no"
    assert answer(checklist, "E1") == e1c.answer


@pytest.mark.parametrize("creatinine, weight, egfr_low, ccr_low", [
    ((1.2, "mg/dL"), 60, Y, Y),      # eGFR 58.69, clearance 59.0: both below 60, E1 excludes
    ((1.0, "mg/dL"), 60, N, N),      # eGFR 73.04, clearance 70.8
    ((1.0, "mg/dL"), 45, N, Y),      # a light patient: clearance 53.1 while eGFR is 73
    ((1.2, "mg/dL"), 90, Y, N),      # a heavy one: clearance 88.5 while eGFR is 58.69
])
def test_e1c_both_derived_from_creatinine(trial, creatinine, weight, egfr_low, ccr_low):
    checklist = check(trial, observations=replaced(lab("creatinine", *creatinine, uln=1.0), lab("weight", weight, "kg")))
    e1c = part(checklist, "E1c")
    assert reading_answers(e1c) == {"egfr": egfr_low, "ccr": ccr_low}
    assert "derived from" in evidence_of(e1c, "egfr") and "derived from" in evidence_of(e1c, "ccr")
    assert e1c.answer == (egfr_low if egfr_low == ccr_low else R)
    assert ("E1" in checklist.failed) == (egfr_low == ccr_low == Y)


@pytest.mark.parametrize("observations, expected", [
    (replaced(drop=("creatinine",)), U),
    (replaced(lab("creatinine", 62, "umol/L", days=29)), U),
    (replaced(lab("creatinine", 62, "umol/L", days=28), lab("weight", 60, "kg", days=28)), N),
    (replaced(drop=("weight",)), U),  # the clearance needs a weight; eGFR alone cannot settle it
])
def test_e1c_missing_or_stale_data_is_unknown(trial, observations, expected):
    e1c = part(check(trial, observations=observations), "E1c")
    assert e1c.answer == expected


def test_e1c_without_a_weight_says_what_to_obtain(trial):
    e1c = part(check(trial, observations=replaced(drop=("weight",))), "E1c")
    assert reading_answers(e1c) == {"egfr": N, "ccr": U}
    assert any("none recorded or derivable: needs Serum creatinine + Body weight" in m for m in e1c.missing), e1c.missing


def test_e1_investigator_reading_of_a_low_gfr_fails_the_patient(trial):
    patient = eligible_patient(observations=replaced(lab("egfr", 55, "mL/min/1.73m2")))
    checklist = evaluate(trial, patient, ON, {"E1c": ReadingChoice("egfr", "dr.li", reason="GFR read as eGFR")})
    checklist = checklist.with_decisions(MANUAL, {})
    assert checklist.failed == ["E1"] and part(checklist, "E1c").resolved_by == "investigators_choice"
    assert checklist.verdict == Verdict.INELIGIBLE


# -- E2 cyclophosphamide, E3 B-cell therapy ----------------------------------------------------------------

@pytest.mark.parametrize("stop, expected", [(ago(183), Y), (ago(184), N), (None, Y), (ON, Y)])
def test_e2_cyclophosphamide_within_6_months(trial, stop, expected):
    meds = with_meds(Medication(drug="cyclophosphamide", start=ago(400) if stop is None else stop - dt.timedelta(1),
                                stop=stop, dose=500, dose_unit="mg", route="iv"))
    assert answer(check(trial, medications=meds), "E2") == expected


@pytest.mark.parametrize("drug", ["rituximab", "belimumab", "telitacicept", "obinutuzumab"])
@pytest.mark.parametrize("stop, expected", [(ago(183), Y), (ago(184), N)])
def test_e3_b_cell_therapy_within_6_months(trial, drug, stop, expected):
    meds = with_meds(Medication(drug=drug, start=stop, stop=stop, dose=10, dose_unit="mg/kg", route="iv"))
    assert answer(check(trial, medications=meds), "E3") == expected


def test_e3_other_biologic_does_not_count(trial):
    meds = with_meds(Medication(drug="anifrolumab", start=ago(30), stop=ago(30), dose=300, dose_unit="mg"))
    assert answer(check(trial, medications=meds), "E3") == N


# -- E4 pregnancy, lactation --------------------------------------------------------------------------------

def test_e4a_pregnant(trial):
    assert answer(check(trial, reproductive=_status(pregnant=True)), "E4a") == Y
    positive = replaced(coded("pregnancy_test", "positive"))
    assert answer(check(trial, observations=positive), "E4a") == Y


@pytest.mark.parametrize("days_ago, expected", [(28, N), (29, U)])
def test_e4_status_window(trial, days_ago, expected):
    checklist = check(trial, reproductive=_status(days_ago),
                      observations=replaced(coded("pregnancy_test", "negative", days=days_ago)))
    assert answer(checklist, "E4a") == expected
    assert answer(checklist, "E4b") == expected
    assert answer(checklist, "E4") == expected


def test_e4a_missing_pregnancy_test_is_unknown_for_a_woman(trial):
    checklist = check(trial, observations=replaced(drop=("pregnancy_test",)))
    assert answer(checklist, "E4a") == U


def test_e4b_lactating(trial):
    assert answer(check(trial, reproductive=_status(lactating=True)), "E4b") == Y
    assert answer(check(trial, reproductive=_status(lactating=None)), "E4b") == U


# -- E5 malignancy --------------------------------------------------------------------------------------------

def tumour(kind: str = "solid_tumour", resolved: dt.date | None = None, treatment: str = "surgical",
           status: str = "resolved") -> Condition:
    return Condition(code="malignancy", kind=kind, onset=dt.date(2015, 1, 1), resolved=resolved, status=status,
                     treatment=treatment)


@pytest.mark.parametrize("condition, expected", [
    (tumour(resolved=ago(1826)), Y),                                   # exactly 5 years ago
    (tumour(resolved=ago(1827)), N),
    (tumour(status="active"), Y),
    (tumour(resolved=None), U),                                        # resolved, date unknown
    (tumour("basal_cell_carcinoma", ago(100), "excision"), N),
    (tumour("squamous_cell_skin_carcinoma", ago(100), "excision"), N),
    (tumour("cervical_carcinoma_in_situ", ago(100), "surgical"), N),
    (tumour("basal_cell_carcinoma", None, "none", "active"), Y),       # not treated
    (tumour("haematological", ago(400), "chemotherapy"), Y),
])
def test_e5_malignancy_within_5_years(trial, condition, expected):
    assert answer(check(trial, conditions=with_conditions(condition)), "E5") == expected


# -- E6 hepatitis, liver disease -----------------------------------------------------------------------------

@pytest.mark.parametrize("condition, item, expected", [
    (Condition(code="hepatitis", onset=ago(30)), "E6a", Y),
    (Condition(code="infection", kind="hepatitis_b", onset=dt.date(2010, 1, 1)), "E6a", Y),
    (Condition(code="infection", kind="hepatitis_c", onset=dt.date(2010, 1, 1), status="resolved",
               resolved=dt.date(2015, 1, 1), treatment="oral"), "E6a", N),
    (Condition(code="hepatitis", onset=ago(300), status="resolved", resolved=ago(200)), "E6a", N),
    (Condition(code="liver_disease", severity="severe", onset=dt.date(2005, 1, 1), status="resolved",
               resolved=dt.date(2006, 1, 1)), "E6b", Y),
    (Condition(code="liver_disease", severity="moderate", onset=dt.date(2005, 1, 1)), "E6b", N),
])
def test_e6_hepatitis_and_severe_liver_disease(trial, condition, item, expected):
    checklist = check(trial, conditions=with_conditions(condition))
    assert answer(checklist, item) == expected
    assert answer(checklist, "E6") == expected


# -- E7 current infection -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["tuberculosis", "covid19", "hiv", "bacterial"])
def test_e7_current_infection(trial, kind):
    infection = Condition(code="infection", kind=kind, onset=ago(10))
    assert answer(check(trial, conditions=with_conditions(infection)), "E7") == Y


def test_e7_infection_resolved_before_screening_does_not_count(trial):
    infection = Condition(code="infection", kind="covid19", onset=ago(20), resolved=ago(1), status="resolved",
                          treatment="none")
    assert answer(check(trial, conditions=with_conditions(infection)), "E7") == N


@pytest.mark.parametrize("days_ago, text, expected", [(90, "positive", Y), (90, "negative", N),
                                                      (91, "negative", U), (91, "positive", U)])
def test_e7_hiv_test_window(trial, days_ago, text, expected):
    assert answer(check(trial, observations=replaced(coded("hiv", text, days=days_ago))), "E7") == expected


def test_e7_without_hiv_test_is_unknown(trial):
    assert answer(check(trial, observations=replaced(drop=("hiv",))), "E7") == U


# -- E8 IgG < 5 g/L --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    (5, "g/L", N), (4.99, "g/L", Y), (5.01, "g/L", N),
    (500, "mg/dL", N), (499, "mg/dL", Y), (501, "mg/dL", N),
    (0.5, "g/dL", N), (0.49, "g/dL", Y),
])
def test_e8_igg_below_5_g_l(trial, value, unit, expected):
    checklist = check(trial, observations=replaced(lab("igg", value, unit)))
    assert answer(checklist, "E8") == expected
    if unit != "g/L":
        assert "g/L (limit < 5 g/L)" in criterion(checklist, "E8").evidence[0]


@pytest.mark.parametrize("days_ago, expected", [(28, N), (29, U)])
def test_e8_window(trial, days_ago, expected):
    assert answer(check(trial, observations=replaced(lab("igg", 11, "g/L", days=days_ago))), "E8") == expected


def test_e8_missing_is_unknown(trial):
    checklist = check(trial, observations=replaced(drop=("igg",)))
    assert answer(checklist, "E8") == U
    assert checklist.with_decisions(MANUAL, {}).open == ["E8"]


# -- one screen failure per exclusion criterion ------------------------------------------------------------

SCREEN_FAILURES = {
    "E1": dict(observations=replaced(lab("alt", 130, "U/L", uln=40))),
    "E2": dict(medications=with_meds(Medication(drug="cyclophosphamide", start=ago(60), stop=ago(30), dose=500,
                                                dose_unit="mg", route="iv"))),
    "E3": dict(medications=with_meds(Medication(drug="belimumab", start=ago(120), stop=ago(90), dose=10,
                                                dose_unit="mg/kg", route="iv"))),
    "E4": dict(reproductive=_status(pregnant=True)),
    "E5": dict(conditions=with_conditions(tumour("solid_tumour", dt.date(2023, 1, 1)))),
    "E6": dict(conditions=with_conditions(Condition(code="infection", kind="hepatitis_b", onset=ago(40)))),
    "E7": dict(conditions=with_conditions(Condition(code="infection", kind="tuberculosis", onset=ago(40),
                                                    treatment="oral"))),
    "E8": dict(observations=replaced(lab("igg", 4.2, "g/L"))),
    "E9": dict(),
}


@pytest.mark.parametrize("criterion_id", sorted(SCREEN_FAILURES))
def test_screen_failure_for_each_exclusion(trial, criterion_id):
    manual = dict(MANUAL)
    if criterion_id == "E9":
        manual["E9"] = Decision("E9", Y, by="investigator", note="unlikely to attend visits")
    checklist = check(trial, **SCREEN_FAILURES[criterion_id]).with_decisions(manual, {})
    if criterion_id == "E6":   # hepatitis B is also a current infection
        assert checklist.failed == ["E6", "E7"]
    else:
        assert checklist.failed == [criterion_id]
    assert checklist.verdict == Verdict.INELIGIBLE


def test_a_failure_stands_while_other_criteria_are_open(trial):
    checklist = check(trial, observations=replaced(lab("igg", 4.2, "g/L")))
    assert checklist.failed == ["E8"]
    assert checklist.open == ["I4", "E9"]
    assert checklist.verdict == Verdict.INELIGIBLE
