"""NCT05863936 (BEAM: belimumab + multi-target induction in active lupus nephritis): the trial file
loads, an eligible patient is eligible, and every computable criterion is tested just inside, on
and just outside its limits, in other units, with missing data and with data outside its window;
every exclusion criterion has a screen failure."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import pytest

from coordinator.screening.eligibility import Decision, ReadingChoice, Verdict, evaluate
from coordinator.records.record import Biopsy, Diagnosis, Medication, Patient, Procedure
from coordinator.screening.trial_library import load_trials
from tests.trials import builders
from tests.trials.builders import (NO, ON, REVIEW, UNKNOWN, YES, adding, ago, answer, approve_open, born, condition,
                                   criterion, med, part, reading_answers, replacing, says, screener,
                                   trial_file, without)

NCT = "NCT05863936"
TRIAL = trial_file(NCT)
MANUAL_OR_AMBIGUOUS = {"E6", "E7", "E10"}  # E7: its other-active-disease part is for a person
check = screener(TRIAL)

# This file's results and reproductive statuses are dated 8 days before the screening day.
lab = partial(builders.lab, days=8)
coded = partial(builders.coded, days=8)
status = partial(builders.status, days=8)


# -- builders -------------------------------------------------------------------------------------

def pulse(total: float | None = 1500, stop_days: int = 11, route: str = "iv") -> Medication:
    return med("methylprednisolone", stop_days + 2, 500, "mg", stop_days=stop_days, route=route, cumulative=total)


def biopsy(classes=("IV-G(A)", "V"), days: int = 23, **fields) -> Biopsy:
    values = dict(activity_index=9, chronicity_index=2, tma_lesions=False, methods=["LM", "IF", "EM"])
    values.update(fields)
    return Biopsy(date=ago(days), isn_rps_classes=list(classes), **values)


def baseline(**changes) -> Patient:
    """Active class IV+V lupus nephritis after a 1500 mg methylprednisolone pulse: every computable
    criterion satisfied."""
    fields = dict(
        registry_no="T-3936", name="王芳", sex="F", birth_date=dt.date(1980, 5, 5),
        observations=[
            lab("sledai_2k", 14), lab("urine_protein_24h", 2.6, "g/24h"), lab("creatinine", 124, "umol/L", uln=84),
            lab("alt", 29, "U/L", uln=40), lab("ast", 30, "U/L", uln=40), lab("total_bilirubin", 15, "umol/L", uln=21),
            lab("glucose_fasting", 5.2, "mmol/L"), lab("glucose_2h", 7.8, "mmol/L"),
            lab("wbc", 6.6, "10^9/L"), lab("neutrophils", 3.1, "10^9/L"), lab("platelets", 259, "10^9/L"),
            coded("hiv", "negative"), lab("weight", 60, "kg"), lab("height", 163, "cm"),
        ],
        diagnoses=[Diagnosis(code="sle", date=dt.date(2024, 11, 20), classification="acr_1997"),
                   Diagnosis(code="lupus_nephritis", date=ago(23))],
        biopsies=[biopsy()],
        medications=[pulse(), med("prednisone", 10, 40)],
        reproductive=[status()],
    )
    fields.update(changes)
    return Patient(**fields)


# -- the trial file ------------------------------------------------------------------------------

def test_the_file_loads_with_every_criterion_in_protocol_order():
    trial = load_trials()[NCT]
    assert trial == TRIAL
    assert [c.id for c in trial.criteria] == ["I1", "I2", "I3", "I4", "I5", "I6"] + [f"E{n}" for n in range(1, 11)]
    assert trial.principal_investigator == "Zhi-Hong Liu, MD"
    assert "Jinling Hospital" in trial.site and "Nanjing" in trial.site
    assert trial.criterion("I6").rule.min == 18 and trial.criterion("I6").rule.max == 75


def test_arms_visits_and_outcomes_follow_the_registry_record():
    experimental = next(a for a in TRIAL.arms if a.type == "experimental")
    doses = {i.drug: i.dose for i in experimental.interventions}
    assert doses["belimumab"] == "10 mg/kg IV"
    assert doses["mycophenolate_mofetil"] == "1.0-1.5 g/d orally" and doses["tacrolimus"] == "2-4 mg/d orally"
    assert "1500-3000 mg" in doses["methylprednisolone"]
    control = next(a for a in TRIAL.arms if a.type != "experimental")
    assert {i.drug for i in control.interventions} == {"mycophenolate_mofetil", "tacrolimus"}
    belimumab_weeks = [v.week for v in TRIAL.visits if "Belimumab" in (v.note or "")]
    assert belimumab_weeks == [2, 4, 6, 10, 14, 18, 22]
    assert TRIAL.visits[-1].week == 24
    primary = next(o for o in TRIAL.outcomes if o.type == "primary")
    assert primary.time_frame == "week 24"
    assert "< 0.4 g/24h" in primary.description and "more than 50%" in primary.description


def test_criterion_texts_are_verbatim_without_markdown_escapes():
    source = Path("/work/shared/trials/NCT05863936.txt")
    raw = source.read_text(encoding="utf-8") if source.exists() else None
    if raw is not None:
        raw = raw.replace("\\<", "<").replace("\\>", ">").replace("\\^", "^")
    for c in TRIAL.criteria:
        assert "\\" not in c.text
        if raw is not None and c.id != "I6":  # I6 (ages) comes from the registry record
            assert c.text in raw, c.id
    assert TRIAL.criterion("I4").text == "Serum creatinine <3.0mg/dL or eGFR<30 ml/min/1.73m^2 (CKD-EPI formula)."


def test_ambiguities_are_flagged():
    flagged = {p.id for c in TRIAL.criteria for p in c.parts if p.ambiguous} | \
              {c.id for c in TRIAL.criteria if c.ambiguous}
    assert flagged == {"I4b", "E4c", "E7c", "E7e"}
    assert "eGFR >= 30" in TRIAL.criterion("I4").parts[1].ambiguous


# -- whole patients ----------------------------------------------------------------------------

def test_baseline_patient_is_eligible_once_manual_and_ambiguous_criteria_are_answered():
    checklist = check(baseline())
    assert checklist.failed == []
    assert set(checklist.open) == MANUAL_OR_AMBIGUOUS
    assert {r.id: r.auto for r in checklist.criteria if r.id not in MANUAL_OR_AMBIGUOUS} == {
        "I1": YES, "I2": YES, "I3": YES, "I4": YES, "I5": YES, "I6": YES,
        "E1": NO, "E2": NO, "E3": NO, "E4": NO, "E5": NO, "E8": NO, "E9": NO}
    assert checklist.verdict == Verdict.INCOMPLETE
    assert approve_open(checklist).verdict == Verdict.ELIGIBLE


def test_male_baseline_is_eligible_without_reproductive_data():
    checklist = approve_open(check(baseline(sex="M", reproductive=[])))
    assert criterion(checklist, "E9").auto == NO
    assert checklist.verdict == Verdict.ELIGIBLE


# -- I1: active LN, ACR 1997, SLE-DAI > 10 except class V -------------------------------------------

def test_I1a_needs_a_lupus_nephritis_diagnosis():
    patient = baseline(diagnoses=[Diagnosis(code="sle", date=dt.date(2024, 11, 20), classification="acr_1997")])
    assert answer(check(patient), "I1a") == NO


@pytest.mark.parametrize("classification, expected", [
    ("acr_1997", YES), ("eular_acr_2019", NO), (None, UNKNOWN)])
def test_I1b_sle_by_acr_1997(classification, expected):
    patient = baseline(diagnoses=[Diagnosis(code="sle", date=dt.date(2024, 11, 20), classification=classification),
                                  Diagnosis(code="lupus_nephritis", date=ago(23))])
    assert answer(check(patient), "I1b") == expected


@pytest.mark.parametrize("score, classes, expected", [
    (11, ("IV-G(A)",), YES), (10, ("IV-G(A)",), NO), (9, ("IV-G(A)",), NO),
    (10, ("V",), YES),                     # pure class V is exempt from SLE-DAI > 10
    (4, ("V",), YES),
    (10, ("IV-G(A)", "V"), NO),            # V+IV is not "type V"
    (10, ("III(A)", "V"), NO),
])
def test_I1c_sledai_above_10_except_class_v(score, classes, expected):
    patient = replacing(baseline(biopsies=[biopsy(classes)]), lab("sledai_2k", score))
    result = part(check(patient), "I1c")
    assert result.answer == expected
    assert says(result, f"SLEDAI-2K {score} on {ago(8)}", "limit > 10")


def test_I1c_missing_or_stale_score_is_unknown_unless_class_v():
    missing = part(check(without(baseline(), "sledai_2k")), "I1c")
    assert missing.answer == UNKNOWN and any("SLEDAI-2K (none recorded" in m for m in missing.missing)
    stale = part(check(replacing(baseline(), lab("sledai_2k", 14, days=29))), "I1c")
    assert stale.answer == UNKNOWN and any("within 28 days" in m for m in stale.missing)
    pure_v = without(baseline(biopsies=[biopsy(("V",))]), "sledai_2k")
    assert part(check(pure_v), "I1c").answer == YES


# -- I2: biopsy -----------------------------------------------------------------------------------

@pytest.mark.parametrize("classes, expected", [
    (("III(A)",), YES), (("IV-S(A/C)",), YES), (("V",), YES), (("III(A/C)", "V"), YES),
    (("II",), NO), (("VI",), NO), (("I",), NO)])
def test_I2a_isn_rps_class(classes, expected):
    result = part(check(baseline(biopsies=[biopsy(classes)])), "I2a")
    assert result.answer == expected
    assert says(result, f"kidney biopsy {ago(23)}: {', '.join(classes)}")


def test_I2a_missing_or_old_biopsy_is_unknown():
    assert part(check(baseline(biopsies=[])), "I2a").answer == UNKNOWN
    old = part(check(baseline(biopsies=[biopsy(days=29)])), "I2a")
    assert old.answer == UNKNOWN and "within 28 days" in old.missing[0]
    assert part(check(baseline(biopsies=[biopsy(days=28)])), "I2a").answer == YES


@pytest.mark.parametrize("methods, expected", [
    (["LM", "IF", "EM"], YES), (["EM", "LM", "IF"], YES), (["LM", "IF"], NO), (["LM"], NO), ([], UNKNOWN)])
def test_I2b_light_immunofluorescence_and_electron_microscopy(methods, expected):
    result = part(check(baseline(biopsies=[biopsy(methods=methods)])), "I2b")
    assert result.answer == expected
    if expected == UNKNOWN:
        assert "examination methods" in result.missing[0]


@pytest.mark.parametrize("ci, expected", [(1, YES), (2, YES), (3, NO), (4, NO), (None, UNKNOWN)])
def test_I2c_chronicity_index_below_3(ci, expected):
    result = part(check(baseline(biopsies=[biopsy(chronicity_index=ci)])), "I2c")
    assert result.answer == expected
    if ci is not None:
        assert says(result, f"chronicity index {ci}")
    else:
        assert "chronicity index" in result.missing[0]


@pytest.mark.parametrize("tma, expected", [(False, YES), (True, NO), (None, UNKNOWN)])
def test_I2d_no_tma_like_changes(tma, expected):
    assert part(check(baseline(biopsies=[biopsy(tma_lesions=tma)])), "I2d").answer == expected


# -- I3: proteinuria >= 1.5 g/24h --------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    (1.51, "g/24h", YES), (1.5, "g/24h", YES), (1.49, "g/24h", NO),
    (1500, "mg/24h", YES), (1499, "mg/24h", NO), (1.5, "g/d", YES)])
def test_I3_proteinuria(value, unit, expected):
    result = criterion(check(replacing(baseline(), lab("urine_protein_24h", value, unit))), "I3")
    assert result.auto == expected
    assert says(result, f"24-h urine protein {value:g} {unit} on {ago(8)}", "limit >= 1.5 g/24h")


def test_I3_missing_or_stale_proteinuria_is_unknown():
    missing = criterion(check(without(baseline(), "urine_protein_24h")), "I3")
    assert missing.auto == UNKNOWN and "24-h urine protein" in missing.missing[0]
    stale = criterion(check(replacing(baseline(), lab("urine_protein_24h", 2.6, "g/24h", days=29))), "I3")
    assert stale.auto == UNKNOWN and says(stale, "latest is too old")


def test_I3_urine_protein_creatinine_ratio_does_not_stand_in():
    patient = replacing(without(baseline(), "urine_protein_24h"), lab("urine_protein_creatinine_ratio", 2.0, "mg/mg"))
    assert criterion(check(patient), "I3").auto == UNKNOWN


# -- I4: creatinine < 3.0 mg/dL or eGFR < 30 (ambiguous) ----------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    (2.99, "mg/dL", YES), (3.0, "mg/dL", NO), (3.01, "mg/dL", NO),
    (265.1, "umol/L", YES), (265.2, "umol/L", NO), (265.3, "umol/L", NO),   # 3.0 mg/dL = 265.2 umol/L
    (30.0, "mg/L", NO), (29.9, "mg/L", YES)])
def test_I4a_creatinine_below_3_mg_dl(value, unit, expected):
    result = part(check(replacing(baseline(), lab("creatinine", value, unit))), "I4a")
    assert result.answer == expected
    assert says(result, f"Serum creatinine {value:g} {unit} on {ago(8)}", "limit < 3 mg/dL")


@pytest.mark.parametrize("egfr, below_30", [(29.9, YES), (30, NO), (30.1, NO)])
def test_I4b_recorded_egfr_read_as_written_and_as_meant(egfr, below_30):
    patient = replacing(baseline(), lab("egfr", egfr, "mL/min/1.73m2", method="lab_reported"))
    result = part(check(patient), "I4b")
    # the two readings are each other's opposites: a known eGFR always makes them disagree
    assert reading_answers(result) == {"below_30": below_30, "at_least_30": NO if below_30 == YES else YES}
    assert result.answer == REVIEW
    written = next(r for r in result.readings if r.id == "below_30")
    assert any(f"eGFR {egfr:g} mL/min/1.73m2 on {ago(8)}" in e and "limit < 30" in e for e in written.evidence)


def test_I4b_derived_egfr_says_how_it_was_derived():
    patient = replacing(baseline(), lab("creatinine", 4.0, "mg/dL"))
    result = part(check(patient), "I4b")
    assert reading_answers(result) == {"below_30": YES, "at_least_30": NO}
    written = next(r for r in result.readings if r.id == "below_30")
    assert any(all(f in e for f in ("derived from creatinine 4 mg/dL", "ckd_epi_2021", str(ago(8))))
               for e in written.evidence)


@pytest.mark.parametrize("creatinine, egfr, auto", [
    ((1.4, "mg/dL"), None, YES),             # creatinine < 3.0: in, whichever eGFR reading
    ((2.99, "mg/dL"), None, YES),
    ((4.0, "mg/dL"), None, REVIEW),          # creatinine >= 3.0, eGFR < 30: in only through the literal "or"
    ((3.5, "mg/dL"), 35, REVIEW),            # creatinine >= 3.0, eGFR >= 30: in only by the likely intent
    ((265.2, "umol/L"), 30, REVIEW),
])
def test_I4_creatinine_decides_and_otherwise_the_investigator_chooses_the_egfr_reading(creatinine, egfr, auto):
    patient = replacing(baseline(), lab("creatinine", *creatinine))
    if egfr is not None:
        patient = replacing(patient, lab("egfr", egfr, "mL/min/1.73m2", method="lab_reported"))
    result = criterion(check(patient), "I4")
    assert result.auto == auto
    if auto == REVIEW:
        assert any("investigator to choose a reading" in m for m in result.missing)


def test_I4_missing_or_stale_creatinine_reads_unknown():
    missing = criterion(check(without(baseline(), "creatinine")), "I4")
    assert missing.auto == UNKNOWN
    assert any("Serum creatinine (none recorded" in m for m in missing.missing)
    stale = check(replacing(baseline(), lab("creatinine", 124, "umol/L", days=29)))
    assert part(stale, "I4a").answer == UNKNOWN and part(stale, "I4b").answer == UNKNOWN


def test_I4_investigator_reading_decides():
    patient = replacing(baseline(), lab("creatinine", 4.0, "mg/dL"))
    as_written = approve_open(evaluate(TRIAL, patient, ON, {"I4b": ReadingChoice("below_30", "dr.li")}))
    assert criterion(as_written, "I4").auto == YES and as_written.verdict == Verdict.ELIGIBLE
    as_meant = evaluate(TRIAL, patient, ON, {"I4b": ReadingChoice("at_least_30", "dr.li", reason="intent")})
    assert as_meant.failed == ["I4"]


# -- I5: methylprednisolone pulse 1.5-3.0 g within 2 weeks -------------------------------------------

@pytest.mark.parametrize("total, expected", [
    (1499, NO), (1500, YES), (1501, YES), (2999, YES), (3000, YES), (3001, NO)])
def test_I5_cumulative_pulse_dose(total, expected):
    result = criterion(check(baseline(medications=[pulse(total)])), "I5")
    assert result.auto == expected
    assert says(result, f"cumulative {total:g} mg")
    assert says(result, "Methylprednisolone 500 mg iv", str(ago(13)))


@pytest.mark.parametrize("stop_days, expected", [(13, YES), (14, YES), (15, NO)])
def test_I5_within_2_weeks(stop_days, expected):
    assert criterion(check(baseline(medications=[pulse(stop_days=stop_days)])), "I5").auto == expected


def test_I5_two_courses_add_up_and_oral_does_not_count():
    two = baseline(medications=[pulse(1000, stop_days=12), pulse(1000, stop_days=5)])
    assert criterion(check(two), "I5").auto == YES
    assert criterion(check(baseline(medications=[pulse(route="oral")])), "I5").auto == NO
    assert criterion(check(baseline(medications=[])), "I5").auto == NO


def test_I5_unknown_cumulative_dose_is_unknown():
    result = criterion(check(baseline(medications=[pulse(None)])), "I5")
    assert result.auto == UNKNOWN and "cumulative dose" in result.missing[0]


# -- I6: ages 18-75 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("years, days_to_birthday, expected", [
    (17, 1, NO), (18, 0, YES), (18, 200, YES), (75, 1, YES), (75, 0, YES), (76, 0, NO)])
def test_I6_age(years, days_to_birthday, expected):
    result = criterion(check(baseline(birth_date=born(years, days_to_birthday))), "I6")
    assert result.auto == expected
    assert says(result, f"age {years} on {ON}")


# -- E1: renal replacement therapy ------------------------------------------------------------------

def rrt(start_days: int, stop_days: int | None) -> Procedure:
    return Procedure(code="renal_replacement_therapy", kind="haemodialysis", start=ago(start_days),
                     stop=None if stop_days is None else ago(stop_days))


@pytest.mark.parametrize("stop_days, e1a, e1b", [(None, YES, YES), (0, YES, YES), (1, NO, YES), (92, NO, YES),
                                                 (93, NO, NO)])
def test_E1_renal_replacement_therapy(stop_days, e1a, e1b):
    checklist = check(baseline(procedures=[rrt(120, stop_days)]))
    assert part(checklist, "E1a").answer == e1a
    assert part(checklist, "E1b").answer == e1b


# -- E2: liver function > 2 x ULN ---------------------------------------------------------------------

@pytest.mark.parametrize("code, part_id, value, unit, uln, expected", [
    ("alt", "E2a", 79, "U/L", 40, NO), ("alt", "E2a", 80, "U/L", 40, NO), ("alt", "E2a", 81, "U/L", 40, YES),
    ("alt", "E2a", 1.4, "ukat/L", 0.7, NO), ("alt", "E2a", 1.41, "ukat/L", 0.7, YES),
    ("ast", "E2b", 70, "IU/L", 35, NO), ("ast", "E2b", 70.5, "IU/L", 35, YES),
    ("total_bilirubin", "E2c", 42, "umol/L", 21, NO), ("total_bilirubin", "E2c", 42.1, "umol/L", 21, YES),
    ("total_bilirubin", "E2c", 2.4, "mg/dL", 1.2, NO), ("total_bilirubin", "E2c", 2.41, "mg/dL", 1.2, YES),
])
def test_E2_more_than_twice_the_upper_limit(code, part_id, value, unit, uln, expected):
    result = part(check(replacing(baseline(), lab(code, value, unit, uln=uln))), part_id)
    assert result.answer == expected
    assert says(result, f"{value:g} {unit} (ULN {uln:g}) on {ago(8)}", "limit > 2 x ULN")


@pytest.mark.parametrize("code, part_id", [("alt", "E2a"), ("ast", "E2b"), ("total_bilirubin", "E2c")])
def test_E2_missing_stale_or_without_uln_is_unknown(code, part_id):
    assert part(check(without(baseline(), code)), part_id).answer == UNKNOWN
    stale = part(check(replacing(baseline(), lab(code, 10, "U/L" if code != "total_bilirubin" else "umol/L",
                                                 days=29, uln=40))), part_id)
    assert stale.answer == UNKNOWN
    no_uln = part(check(replacing(baseline(), lab(code, 10, "U/L" if code != "total_bilirubin" else "umol/L"))),
                  part_id)
    assert no_uln.answer == UNKNOWN and "upper limit of normal" in no_uln.missing[0]


# -- E3: glucose ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    (6.99, "mmol/L", NO), (7.0, "mmol/L", YES), (7.01, "mmol/L", YES),
    (126.1, "mg/dL", NO), (126.112, "mg/dL", YES)])                  # 7.0 mmol/L = 126.112 mg/dL
def test_E3a_fasting_glucose(value, unit, expected):
    result = part(check(replacing(baseline(), lab("glucose_fasting", value, unit))), "E3a")
    assert result.answer == expected
    assert says(result, f"Fasting blood glucose {value:g} {unit} on {ago(8)}", "limit >= 7 mmol/L")


@pytest.mark.parametrize("value, unit, expected", [
    (11.0, "mmol/L", NO), (11.1, "mmol/L", NO), (11.2, "mmol/L", YES),
    (199.9776, "mg/dL", NO), (200, "mg/dL", YES)])                   # 11.1 mmol/L = 199.9776 mg/dL
def test_E3b_two_hour_glucose(value, unit, expected):
    result = part(check(replacing(baseline(), lab("glucose_2h", value, unit))), "E3b")
    assert result.answer == expected
    assert says(result, f"2-h postprandial glucose {value:g} {unit} on {ago(8)}", "limit > 11.1 mmol/L")


@pytest.mark.parametrize("code", ["glucose_fasting", "glucose_2h"])
def test_E3_missing_or_stale_glucose_is_unknown(code):
    missing = criterion(check(without(baseline(), code)), "E3")
    assert missing.auto == UNKNOWN and "none recorded" in missing.missing[0]
    stale = criterion(check(replacing(baseline(), lab(code, 5.0, "mmol/L", days=29))), "E3")
    assert stale.auto == UNKNOWN


# -- E4: recent immunosuppressants ---------------------------------------------------------------------

@pytest.mark.parametrize("drug, start_days, stop_days, expected", [
    ("mycophenolate_mofetil", 120, 84, YES), ("mycophenolate_mofetil", 120, 85, NO),
    ("cyclophosphamide", 100, 60, YES), ("tacrolimus", 30, None, YES),
    ("ciclosporin", 40, 27, YES),                   # 14 days of ciclosporin
    ("ciclosporin", 40, 28, NO),                    # 13 days: "short-term use of cyclosporine A<2 weeks"
    ("azathioprine", 100, None, NO), ("tripterygium", 100, None, NO), ("mycophenolate_sodium", 60, None, NO)])
def test_E4a_listed_drugs_in_the_past_12_weeks(drug, start_days, stop_days, expected):
    patient = adding(baseline(), med(drug, start_days, 1, stop_days=stop_days))
    result = part(check(patient), "E4a")
    assert result.answer == expected
    if drug == "ciclosporin" and expected == NO:
        assert says(result, "not counted (protocol exception)")


def test_E4a_low_dose_iv_methylprednisolone_and_oral_steroids_do_not_count():
    patient = adding(baseline(), med("methylprednisolone", 50, 40, stop_days=45, route="iv"))
    assert part(check(patient), "E4a").answer == NO


@pytest.mark.parametrize("stop_days, expected", [(None, REVIEW), (84, REVIEW), (85, NO)])
def test_E4b_ivig_asks_whether_it_was_high_dose(stop_days, expected):
    patient = adding(baseline(), med("ivig", 90, 20, "g", stop_days=stop_days, route="iv"))
    result = part(check(patient), "E4b")
    assert result.answer == expected
    if expected == REVIEW:
        assert any("high-dose" in m for m in result.missing)


@pytest.mark.parametrize("days_taken, implied", [(29, YES), (28, YES), (27, NO), (None, NO)])
def test_E4c_leflunomide_for_4_weeks_is_for_the_investigator(days_taken, implied):
    patient = baseline()
    if days_taken is not None:
        patient = adding(patient, med("leflunomide", 40, 20, stop_days=40 - days_taken + 1))
    result = part(check(patient), "E4c")
    assert reading_answers(result) == {"not_listed": NO, "implied": implied}
    assert result.answer == (REVIEW if implied == YES else NO)
    assert criterion(check(patient), "E4").auto == result.answer
    listed = next(r for r in result.readings if r.id == "not_listed")
    assert listed.evidence == ("leflunomide is not among the drugs this exclusion lists",)


# -- E5: allergy, infection, IV antibiotics -------------------------------------------------------------

@pytest.mark.parametrize("code, agent, expected", [
    ("drug_allergy", "belimumab", YES), ("drug_contraindication", "tacrolimus", YES),
    ("drug_allergy", "mycophenolate_mofetil", YES), ("drug_allergy", "cyclophosphamide", NO),
    ("drug_intolerance", "tacrolimus", NO)])
def test_E5a_allergy_or_contraindication(code, agent, expected):
    assert answer(check(adding(baseline(), condition(code, agent=agent))), "E5a") == expected


@pytest.mark.parametrize("fields, expected", [
    (dict(), YES), (dict(status="resolved", resolved=ago(31)), YES), (dict(status="resolved", resolved=ago(32)), NO),
    (dict(status="resolved"), UNKNOWN)])
def test_E5b_active_infection_within_1_month(fields, expected):
    patient = adding(baseline(), condition("infection", kind="urinary_tract", **fields))
    result = part(check(patient), "E5b")
    assert result.answer == expected
    if expected == UNKNOWN:
        assert "when the Infection resolved" in result.missing[0]


@pytest.mark.parametrize("route, stop_days, expected", [("iv", 31, YES), ("iv", 32, NO), ("oral", 5, NO)])
def test_E5c_iv_antibiotics_within_1_month(route, stop_days, expected):
    patient = adding(baseline(), med("antibacterial", 40, 2, "g/d", stop_days=stop_days, route=route))
    assert part(check(patient), "E5c").answer == expected


# -- E6: infections, ulcer, abuse, malnutrition -------------------------------------------------------------

@pytest.mark.parametrize("kind, resolved_days, expected", [
    ("tuberculosis", None, YES), ("tuberculosis", 92, YES), ("tuberculosis", 93, NO), ("hepatitis_b", 10, YES),
    ("cmv_pneumonia", None, YES), ("fungal", 50, YES), ("syphilis", None, YES), ("herpes_zoster", None, NO)])
def test_E6a_named_infections_now_or_in_the_past_3_months(kind, resolved_days, expected):
    fields = {} if resolved_days is None else dict(status="resolved", resolved=ago(resolved_days))
    patient = adding(baseline(), condition("infection", kind=kind, onset=ago(200), **fields))
    assert part(check(patient), "E6a").answer == expected


def test_E6b_hiv():
    assert part(check(replacing(baseline(), coded("hiv", "positive"))), "E6b").answer == YES
    assert part(check(adding(baseline(), condition("infection", kind="hiv"))), "E6b").answer == YES
    assert part(check(baseline()), "E6b").answer == NO
    missing = part(check(without(baseline(), "hiv")), "E6b")
    assert missing.answer == UNKNOWN
    assert part(check(replacing(baseline(), coded("hiv", "negative", days=29))), "E6b").answer == UNKNOWN


def test_E6_other_items():
    assert part(check(adding(baseline(), condition("peptic_ulcer"))), "E6d").answer == YES
    healed = condition("peptic_ulcer", status="resolved", resolved=ago(100))
    assert part(check(adding(baseline(), healed)), "E6d").answer == NO
    past_abuse = condition("drug_abuse", onset=dt.date(2010, 1, 1), status="resolved", resolved=dt.date(2012, 1, 1))
    assert part(check(adding(baseline(), past_abuse)), "E6e").answer == YES
    assert part(check(adding(baseline(), condition("alcohol_abuse"))), "E6f").answer == YES


@pytest.mark.parametrize("weight, unit, expected", [
    (40.9, "kg", YES), (40.96, "kg", NO), (41.0, "kg", NO),   # height 160 cm: BMI 15.98 / 16.00 / 16.02
    (90, "lb", YES), (91, "lb", NO)])                         # 40.82 kg -> 15.95; 41.28 kg -> 16.12
def test_E6g_bmi_below_16(weight, unit, expected):
    patient = replacing(baseline(), lab("weight", weight, unit), lab("height", 1.6, "m"))
    result = part(check(patient), "E6g")
    assert result.answer == expected
    assert says(result, "bmi", f"on {ago(8)}", f"weight {weight:g} {unit}", "limit < 16 kg/m2")


def test_E6g_missing_height_or_stale_weight_is_unknown():
    assert part(check(without(baseline(), "height")), "E6g").answer == UNKNOWN
    stale = part(check(replacing(baseline(), lab("weight", 60, "kg", days=29))), "E6g")
    assert stale.answer == UNKNOWN and any("within 28 days" in m for m in stale.missing)


def test_E6_open_ended_list_asks_a_person():
    result = criterion(check(baseline()), "E6")
    assert result.auto == REVIEW
    assert any("etc." in m for m in result.missing)


# -- E7: other diseases, marrow suppression, plasma exchange ----------------------------------------------------

@pytest.mark.parametrize("severity, expected", [("life_threatening", YES), ("severe", YES), ("moderate", NO)])
def test_E7a_severe_cardiovascular_disease(severity, expected):
    patient = adding(baseline(), condition("cardiovascular_disease", severity=severity))
    assert part(check(patient), "E7a").answer == expected


@pytest.mark.parametrize("copd, any_copd, oral_treated", [
    (None, NO, NO), ({}, YES, NO), ({"treatment": "iv"}, YES, NO), ({"treatment": "oral"}, YES, YES),
    ({"status": "resolved", "resolved": ago(10), "treatment": "oral"}, NO, NO)])
def test_E7c_copd_with_or_without_oral_steroids(copd, any_copd, oral_treated):
    patient = baseline() if copd is None else adding(baseline(), condition("copd", **copd))
    result = part(check(patient), "E7c")
    assert reading_answers(result) == {"any_copd": any_copd, "oral_treated": oral_treated}
    assert result.answer == (any_copd if any_copd == oral_treated else REVIEW)


@pytest.mark.parametrize("treatment, expected", [("oral", YES), ("none", NO), (None, NO)])
def test_E7d_asthma_treated_orally(treatment, expected):
    patient = adding(baseline(), condition("asthma", treatment=treatment))
    assert part(check(patient), "E7d").answer == expected


LOW = dict(wbc=(2.5, "10^9/L"), neutrophils=(1.0, "10^9/L"), platelets=(40, "10^9/L"))


@pytest.mark.parametrize("code, value, unit, literally", [
    ("wbc", 2999, "/uL", "yes"), ("wbc", 3000, "/uL", "no"), ("wbc", 3.0, "10^9/L", "no"), ("wbc", 2.99, "10^9/L", "yes"),
    ("neutrophils", 1299, "/uL", "yes"), ("neutrophils", 1.3, "10^9/L", "no"), ("neutrophils", 1301, "/mm3", "no"),
    ("platelets", 49999, "/uL", "yes"), ("platelets", 50000, "/uL", "no"), ("platelets", 50, "10^9/L", "no"),
    ("platelets", 49.9, "10^3/uL", "yes")])
def test_E7e_readings_agree_when_all_three_counts_are_low_and_disagree_when_only_some_are(code, value, unit,
                                                                                       literally):
    counts = {c: lab(c, *v) for c, v in LOW.items()}
    counts[code] = lab(code, value, unit)
    result = part(check(replacing(baseline(), *counts.values())), "E7e")
    assert {r.id: str(r.answer) for r in result.readings} == {"all_low": literally, "any_low": "yes"}
    assert [r.literal for r in result.readings] == [True, False]
    if literally == "yes":  # "all three" and "any" agree: decided without the investigator
        assert (result.answer, result.resolved_by) == (YES, "agreement")
        assert result.evidence[0] == "all 2 readings agree: yes" and not result.missing
    else:  # they disagree: the investigator chooses, each reading's answer shown
        assert (result.answer, result.resolved_by) == (REVIEW, None)
        assert result.evidence[:2] == ("\u201call three counts low\u201d: no", "\u201cany count low\u201d: yes")
        assert "investigator to choose a reading" in result.missing[0]
    assert says(result, f"{value:g} {unit} on {ago(8)}")


def test_E7e_one_low_count_alone_asks_the_investigator_and_missing_counts_read_unknown():
    one_low = part(check(replacing(baseline(), lab("platelets", 30, "10^9/L"))), "E7e")
    assert one_low.answer == REVIEW and {r.id: r.answer for r in one_low.readings} == {"all_low": NO, "any_low": YES}
    all_low = replacing(baseline(), *(lab(c, *v) for c, v in LOW.items()))
    missing = part(check(without(all_low, "platelets")), "E7e")
    assert missing.answer == UNKNOWN and "Platelets" in missing.missing[0]  # its count may make them agree
    stale = part(check(replacing(all_low, lab("wbc", 2.5, "10^9/L", days=29))), "E7e")
    assert stale.answer == UNKNOWN
    normal = part(check(baseline()), "E7e")
    assert (normal.answer, normal.resolved_by) == (NO, "agreement")


@pytest.mark.parametrize("code, stop_days, expected", [
    ("plasma_exchange", 28, YES), ("plasma_exchange", 29, NO), ("double_filtration_plasmapheresis", 3, YES),
    ("immunoadsorption", 3, NO)])
def test_E7f_plasma_filtration_within_4_weeks(code, stop_days, expected):
    procedure = Procedure(code=code, start=ago(stop_days + 5), stop=ago(stop_days))
    assert part(check(baseline(procedures=[procedure])), "E7f").answer == expected


@pytest.mark.parametrize("stop_days, expected", [(28, REVIEW), (29, NO)])
def test_E7g_gamma_globulin_within_4_weeks_asks_whether_high_dose(stop_days, expected):
    patient = adding(baseline(), med("ivig", stop_days + 4, 20, "g", stop_days=stop_days, route="iv"))
    assert part(check(patient), "E7g").answer == expected


# -- E8, E9 -----------------------------------------------------------------------------------------

def test_E8_malignant_hypertension():
    assert answer(check(adding(baseline(), condition("malignant_hypertension"))), "E8") == YES
    resolved = condition("malignant_hypertension", status="resolved", resolved=ago(300))
    assert answer(check(adding(baseline(), resolved)), "E8") == NO


@pytest.mark.parametrize("fields, part_id, expected", [
    (dict(planning_pregnancy=True), "E9a", YES), (dict(), "E9a", NO), (dict(planning_pregnancy=None), "E9a", UNKNOWN),
    (dict(contraception="refused"), "E9b", YES), (dict(contraception="none"), "E9b", NO),
    (dict(contraception=None), "E9b", UNKNOWN),
    (dict(lactating=True), "E9c", YES), (dict(), "E9c", NO), (dict(days=29), "E9c", UNKNOWN)])
def test_E9_fertility_contraception_lactation(fields, part_id, expected):
    result = part(check(baseline(reproductive=[status(**fields)])), part_id)
    assert result.answer == expected
    if expected == UNKNOWN:
        assert "status" in result.missing[0]


def test_E9_men_are_not_asked():
    checklist = check(baseline(sex="M", reproductive=[]))
    assert [part(checklist, p).answer for p in ("E9a", "E9b", "E9c")] == [NO, NO, NO]


# -- a screen failure for every exclusion criterion ------------------------------------------------

SCREEN_FAILURES = {
    "E1": lambda p: p.model_copy(update={"procedures": [rrt(60, 30)]}),
    "E2": lambda p: replacing(p, lab("alt", 120, "U/L", uln=40)),
    "E3": lambda p: replacing(p, lab("glucose_fasting", 7.4, "mmol/L")),
    "E4": lambda p: adding(p, med("mycophenolate_mofetil", 60, 1.5, "g/d", stop_days=20)),
    "E5": lambda p: adding(p, condition("drug_allergy", agent="belimumab")),
    "E6": lambda p: replacing(p, lab("weight", 38, "kg")),
    "E7": lambda p: adding(p, condition("cardiovascular_disease", severity="life_threatening")),
    "E8": lambda p: adding(p, condition("malignant_hypertension")),
    "E9": lambda p: p.model_copy(update={"reproductive": [status(lactating=True)]}),
}


@pytest.mark.parametrize("exclusion", sorted(SCREEN_FAILURES))
def test_screen_failure(exclusion):
    checklist = approve_open(check(SCREEN_FAILURES[exclusion](baseline())))
    assert checklist.failed == [exclusion]
    assert checklist.verdict == Verdict.INELIGIBLE


def test_screen_failure_E10_by_the_investigators():
    checklist = approve_open(check(baseline()))
    checklist = checklist.with_decisions(
        {**checklist.manual, "E10": Decision("E10", YES, by="investigator", note="rapid progression expected")}, {})
    assert checklist.failed == ["E10"]
    assert checklist.verdict == Verdict.INELIGIBLE
