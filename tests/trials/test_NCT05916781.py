"""NCT05916781 (MMF + tacrolimus steroid tapering, lupus nephritis in remission): the trial file
loads, an eligible patient is eligible, and every computable criterion is tested just inside, on
and just outside its limits, in other units, with missing data and with data outside its window;
every exclusion criterion has a screen failure."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import pytest

from coordinator.screening.eligibility import Decision, ReadingChoice, Verdict, evaluate
from coordinator.records.record import Diagnosis, Medication, Patient
from coordinator.screening.trial_library import load_trials
from tests.trials import builders
from tests.trials.builders import (NO, ON, REVIEW, UNKNOWN, YES, adding, ago, answer, approve_open, born, coded, condition,
                                   criterion, decide, lab, med, part, reading_answers, replacing, says,
                                   screener, trial_file, without)

NCT = "NCT05916781"
TRIAL = trial_file(NCT)
MANUAL_OR_AMBIGUOUS = {"I2", "I3", "E2", "E7"}
check = screener(TRIAL)

# This file's reproductive statuses are dated 8 days before the screening day, like its latest results.
status = partial(builders.status, days=8)


# -- builders -------------------------------------------------------------------------------------

def baseline(**changes) -> Patient:
    """Every computable criterion satisfied: in renal remission and DORIS for more than 6 months."""
    observations = []
    for days in (180, 90, 8):  # the 6-month target period, covered at its start and end
        observations += [lab("urine_protein_24h", 0.3, "g/24h", days=days), lab("clinical_sledai", 0, days=days),
                         lab("pga", 0.2, days=days)]
    observations += [lab("creatinine", 70, "umol/L", days=180, uln=84),
                     lab("creatinine", 68, "umol/L", days=8, uln=84),
                     *(coded(code, "negative", days=8) for code in ("hbsag", "hiv", "cmv_dna", "pregnancy_test"))]
    fields = dict(
        registry_no="T-6781", name="李秀英", sex="F", birth_date=dt.date(1985, 3, 10),
        observations=observations,
        diagnoses=[Diagnosis(code="sle", date=dt.date(2020, 1, 6), classification="eular_acr_2019"),
                   Diagnosis(code="lupus_nephritis", date=dt.date(2021, 2, 1), classification="acr_ln")],
        medications=[med("hydroxychloroquine", 900, 400), med("mycophenolate_mofetil", 700, 1, "g/d"),
                     med("tacrolimus", 700, 2), med("prednisone", 400, 5)],
        reproductive=[status()],
    )
    fields.update(changes)
    return Patient(**fields)


def with_meds(patient: Patient, *medications: Medication, drop: tuple[str, ...] = ()) -> Patient:
    """The patient without the drugs in `drop`, with these medications added."""
    kept = [m for m in patient.medications if m.drug not in drop]
    return patient.model_copy(update={"medications": kept + list(medications)})


# -- the trial file ------------------------------------------------------------------------------

def test_the_file_loads_with_every_criterion_in_protocol_order():
    trial = load_trials()[NCT]
    assert trial == TRIAL
    assert [c.id for c in trial.criteria] == ["I1", "I2", "I3", "I4", "E1", "E2", "E3", "E4", "E5", "E6", "E7"]
    assert [p.id for p in trial.criterion("I1").parts] == [f"I1{c}" for c in "abcdefghi"]
    assert trial.sponsor == "Chinese SLE Treatment and Research Group"
    assert "Peking Union Medical College Hospital" in trial.site
    assert "Mengtao Li" in trial.principal_investigator
    assert "2025-11-14" in trial.protocol_version
    assert {a.type for a in trial.arms} == {"experimental", "active_comparator"}
    assert trial.outcomes and trial.status == "Recruiting"


def test_criterion_texts_are_verbatim_without_markdown_escapes():
    source = Path("/work/shared/trials/NCT05916781.txt")
    raw = source.read_text(encoding="utf-8").replace("\\<", "<").replace("\\>", ">") if source.exists() else None
    for c in TRIAL.criteria:
        assert "\\" not in c.text
        if raw is not None and c.id != "I4":  # I4 (ages) comes from the registry record
            assert c.text in raw, c.id
    assert "(4)PGA score (Physician Global Assessment)<0.5;" in TRIAL.criterion("I1").text


def test_ambiguities_are_flagged_on_the_parts():
    flagged = {p.id for c in TRIAL.criteria for p in c.parts if p.ambiguous} | \
              {c.id for c in TRIAL.criteria if c.ambiguous}
    assert flagged == {"I1d", "I1h", "I4"}


# -- whole patients ----------------------------------------------------------------------------

def test_baseline_patient_is_eligible_once_manual_and_ambiguous_criteria_are_answered():
    checklist = check(baseline())
    assert checklist.failed == []
    assert set(checklist.open) == MANUAL_OR_AMBIGUOUS
    assert checklist.verdict == Verdict.INCOMPLETE
    assert {r.id: r.auto for r in checklist.criteria if r.id not in MANUAL_OR_AMBIGUOUS} == {
        "I1": YES, "I4": YES, "E1": NO, "E3": NO, "E4": NO, "E5": NO, "E6": NO}
    for pid in ("I1a", "I1b", "I1c", "I1d", "I1e", "I1f", "I1g", "I1h", "I1i"):
        assert part(checklist, pid).answer == YES, pid
    assert approve_open(checklist).verdict == Verdict.ELIGIBLE


def test_male_baseline_is_eligible_without_pregnancy_data():
    patient = without(baseline(sex="M", reproductive=[]), "pregnancy_test")
    checklist = check(patient)
    assert criterion(checklist, "E5").auto == NO
    assert says(part(checklist, "E5a"), "male patient")
    assert approve_open(checklist).verdict == Verdict.ELIGIBLE


def test_missing_manual_answers_leave_the_verdict_incomplete():
    checklist = decide(check(baseline()), I1=YES, I2=YES, I3=YES, E2=NO)
    assert checklist.open == ["E7"]
    assert checklist.verdict == Verdict.INCOMPLETE


# -- I1: diagnosis ---------------------------------------------------------------------------

@pytest.mark.parametrize("classification, expected", [
    ("eular_acr_2019", YES), ("acr_1997", NO), ("slicc_2012", NO), (None, UNKNOWN)])
def test_I1a_sle_by_2019_eular_acr(classification, expected):
    patient = baseline(diagnoses=[Diagnosis(code="sle", date=dt.date(2020, 1, 6), classification=classification),
                                  Diagnosis(code="lupus_nephritis", date=dt.date(2021, 2, 1), classification="acr_ln")])
    checklist = check(patient)
    assert part(checklist, "I1a").answer == expected
    if expected == UNKNOWN:
        assert "classification" in part(checklist, "I1a").missing[0]


def test_I1b_needs_the_acr_lupus_nephritis_definition():
    assert answer(check(baseline(diagnoses=[Diagnosis(code="sle", date=dt.date(2020, 1, 6),
                                                      classification="eular_acr_2019")])), "I1b") == NO
    assert answer(check(baseline(diagnoses=[
        Diagnosis(code="sle", date=dt.date(2020, 1, 6), classification="eular_acr_2019"),
        Diagnosis(code="lupus_nephritis", date=dt.date(2021, 2, 1), classification="isn_rps_2003")])), "I1b") == NO


# -- I1 (1): 24h urine protein <= 0.5 g/d for 6 months -------------------------------------------

def protein(latest: float, unit: str = "g/24h", earlier: float = 0.3) -> Patient:
    return replacing(baseline(), lab("urine_protein_24h", earlier, "g/24h", days=180),
                     lab("urine_protein_24h", earlier, "g/24h", days=90),
                     lab("urine_protein_24h", latest, unit, days=8))


@pytest.mark.parametrize("latest, unit, expected", [
    (0.49, "g/24h", YES), (0.5, "g/24h", YES), (0.51, "g/24h", NO),
    (0.5, "g/d", YES), (500, "mg/24h", YES), (501, "mg/24h", NO), (499, "mg/d", YES)])
def test_I1c_urine_protein_limit(latest, unit, expected):
    result = part(check(protein(latest, unit)), "I1c")
    assert result.answer == expected
    assert says(result, f"24-h urine protein {latest:g} {unit} on {ago(8)}", "limit <= 0.5 g/d")


@pytest.mark.parametrize("earlier, expected", [(0.5, YES), (0.51, NO), (0.8, NO)])
def test_I1c_every_result_of_the_6_months_counts(earlier, expected):
    assert part(check(protein(0.3, earlier=earlier)), "I1c").answer == expected


def test_I1c_missing_results_are_unknown():
    result = part(check(without(baseline(), "urine_protein_24h")), "I1c")
    assert result.answer == UNKNOWN
    assert "24-h urine protein results covering the 183 days" in result.missing[0]


def test_I1c_results_not_covering_the_6_months_are_unknown():
    latest_too_old = replacing(baseline(), lab("urine_protein_24h", 0.3, "g/24h", days=180),
                               lab("urine_protein_24h", 0.3, "g/24h", days=29))
    assert part(check(latest_too_old), "I1c").answer == UNKNOWN
    latest_on_edge = replacing(baseline(), lab("urine_protein_24h", 0.3, "g/24h", days=180),
                               lab("urine_protein_24h", 0.3, "g/24h", days=28))
    assert part(check(latest_on_edge), "I1c").answer == YES
    too_short = replacing(baseline(), lab("urine_protein_24h", 0.3, "g/24h", days=120),
                          lab("urine_protein_24h", 0.3, "g/24h", days=8))
    result = part(check(too_short), "I1c")
    assert result.answer == UNKNOWN and "before the period's start" in result.missing[0]


# -- I4: ages, the registry record's 18-65 against the summary's 18-74 -------------------------------

@pytest.mark.parametrize("years, days_to_birthday, registry, summary", [
    (17, 1, NO, NO), (18, 0, YES, YES), (18, 200, YES, YES), (65, 1, YES, YES), (65, 0, YES, YES),
    (66, 0, NO, YES), (74, 1, NO, YES), (74, 0, NO, YES), (75, 0, NO, NO)])
def test_I4_age_by_each_reading(years, days_to_birthday, registry, summary):
    result = criterion(check(baseline(birth_date=born(years, days_to_birthday))), "I4")
    assert {r.id: r.answer for r in result.readings} == {"registry": registry, "summary": summary}
    if registry == summary:  # the readings agree: decided, and never silently passed outside both
        assert (result.auto, result.resolved_by) == (registry, "agreement")
        assert says(result, "all 2 readings agree") and says(result, f"age {years} on {ON}")
    else:  # 66-74: each reading shown, the investigator chooses
        assert (result.auto, result.resolved_by) == (REVIEW, None)
        assert says(result, "\u201c18\u201365, the registry record\u201d: no")
        assert says(result, "\u201c18\u201374, the listing's summary\u201d: yes")
        assert any("investigator to choose a reading" in m for m in result.missing)


def test_I4_a_chosen_reading_decides_an_age_of_70():

    patient = baseline(birth_date=born(70))
    strict = criterion(evaluate(TRIAL, patient, ON, {"I4": ReadingChoice("registry", "dr.li")}), "I4")
    lenient = criterion(evaluate(TRIAL, patient, ON, {"I4": ReadingChoice("summary", "dr.li")}), "I4")
    assert (strict.auto, lenient.auto) == (NO, YES)


# -- I1 (2): creatinine against baseline (ambiguous) --------------------------------------------

def creatinine(baseline_value: float, now: float, unit: str = "umol/L", baseline_unit: str = "umol/L",
               baseline_days: int = 180, now_days: int = 8) -> Patient:
    return replacing(baseline(), lab("creatinine", baseline_value, baseline_unit, days=baseline_days),
                     lab("creatinine", now, unit, days=now_days))


def evidence_of(result, reading_id: str) -> tuple[str, ...]:
    return next(r.evidence for r in result.readings if r.id == reading_id)


@pytest.mark.parametrize("now, as_written, not_worse", [
    (109, YES, YES), (110, YES, YES), (111, NO, NO),   # +10% is stable; more is worse in both readings
    (91, YES, YES), (90, YES, YES),                    # -10% is stable
    (89, NO, YES), (88, NO, YES), (86, NO, YES),       # a fall between 10% and 15%: only "any fall improves"
    (85, YES, YES), (84, YES, YES), (60, YES, YES),    # a fall of 15% or more
])
def test_I1d_baseline_creatinine_as_written_and_any_fall_as_improvement(now, as_written, not_worse):
    result = part(check(creatinine(100, now)), "I1d")
    assert reading_answers(result) == {"as_written": as_written, "not_worse": not_worse}
    if as_written == not_worse:
        assert result.answer == as_written and result.evidence[0] == "all 2 readings agree: " + str(as_written)
    else:
        assert result.answer == REVIEW
        assert any("investigator to choose a reading" in m for m in result.missing)
    written = evidence_of(result, "as_written")
    assert f"baseline Serum creatinine 100 umol/L on {ago(180)}" in written
    assert f"now Serum creatinine {now:g} umol/L on {ago(8)}" in written


@pytest.mark.parametrize("now, as_written, not_worse", [
    (1.1, YES, YES), (1.11, NO, NO), (0.9, YES, YES), (0.88, NO, YES), (0.85, YES, YES)])
def test_I1d_in_other_units(now, as_written, not_worse):
    result = part(check(creatinine(88.4, now, unit="mg/dL")), "I1d")
    assert reading_answers(result) == {"as_written": as_written, "not_worse": not_worse}
    assert f"now Serum creatinine {now:g} mg/dL on {ago(8)}" in evidence_of(result, "as_written")


def test_I1d_missing_baseline_or_current_value_is_unknown():
    no_baseline = part(check(replacing(baseline(), lab("creatinine", 70, "umol/L", days=8))), "I1d")
    assert no_baseline.answer == UNKNOWN and set(reading_answers(no_baseline).values()) == {UNKNOWN}
    assert any("a baseline Serum creatinine between" in m for m in no_baseline.missing)
    stale = part(check(creatinine(70, 70, now_days=29)), "I1d")
    assert stale.answer == UNKNOWN and any("within 28 days" in m for m in stale.missing)
    outside_baseline_window = part(check(creatinine(70, 70, baseline_days=212)), "I1d")
    assert outside_baseline_window.answer == UNKNOWN


def test_I1_stands_when_every_reading_of_its_parts_agrees_and_waits_when_one_disagrees():
    assert criterion(check(baseline()), "I1").auto == YES
    result = criterion(check(creatinine(100, 88)), "I1")
    assert result.auto == REVIEW and "stable of improved renal function" in result.ambiguous
    chosen = evaluate(TRIAL, creatinine(100, 88), ON, {"I1d": ReadingChoice("not_worse", "dr.li")})
    assert criterion(chosen, "I1").auto == YES


# -- I1 (3) cSLEDAI = 0 and (4) PGA < 0.5 for 6 months ---------------------------------------------

@pytest.mark.parametrize("latest, earlier, expected", [(0, 0, YES), (1, 0, NO), (0, 2, NO)])
def test_I1e_clinical_sledai_zero(latest, earlier, expected):
    patient = replacing(baseline(), lab("clinical_sledai", 0, days=180), lab("clinical_sledai", earlier, days=90),
                        lab("clinical_sledai", latest, days=8))
    result = part(check(patient), "I1e")
    assert result.answer == expected
    assert says(result, f"Clinical SLEDAI (without serology) {latest:g} on {ago(8)}", "limit == 0")


def test_I1e_missing_or_stale_is_unknown():
    assert part(check(without(baseline(), "clinical_sledai")), "I1e").answer == UNKNOWN
    stale = replacing(baseline(), lab("clinical_sledai", 0, days=180), lab("clinical_sledai", 0, days=40))
    assert part(check(stale), "I1e").answer == UNKNOWN


@pytest.mark.parametrize("latest, earlier, expected", [
    (0.4, 0.2, YES), (0.49, 0.49, YES), (0.5, 0.2, NO), (0.6, 0.2, NO), (0.2, 0.5, NO)])
def test_I1f_pga_below_half(latest, earlier, expected):
    patient = replacing(baseline(), lab("pga", 0.2, days=180), lab("pga", earlier, days=90), lab("pga", latest, days=8))
    result = part(check(patient), "I1f")
    assert result.answer == expected
    assert says(result, f"Physician global assessment (0-3) {latest:g} on {ago(8)}", "limit < 0.5")


def test_I1f_missing_or_stale_is_unknown():
    missing = part(check(without(baseline(), "pga")), "I1f")
    assert missing.answer == UNKNOWN and "Physician global assessment" in missing.missing[0]
    stale = replacing(baseline(), lab("pga", 0.2, days=180), lab("pga", 0.2, days=30))
    assert part(check(stale), "I1f").answer == UNKNOWN


# -- I1 (5): prednisone or equivalent <= 5 mg/d, held for 6 months -------------------------------------

@pytest.mark.parametrize("drug, dose, unit, expected", [
    ("prednisone", 4, "mg/d", YES), ("prednisone", 5, "mg/d", YES), ("prednisone", 5.5, "mg/d", NO),
    ("prednisone", 0.005, "g/d", YES), ("prednisone", 0.006, "g/d", NO),
    ("methylprednisolone", 4, "mg/d", YES),        # 4 mg x 1.25 = 5 mg/d prednisone equivalent
    ("methylprednisolone", 4.4, "mg/d", NO),       # 5.5 mg/d prednisone equivalent
])
def test_I1g_steroid_dose_limit(drug, dose, unit, expected):
    patient = with_meds(baseline(), med(drug, 400, dose, unit), drop=("prednisone",))
    result = part(check(patient), "I1g")
    assert result.answer == expected
    assert says(result, "limit <= 5 mg/d")


def test_I1g_no_steroid_is_zero_mg():
    result = part(check(with_meds(baseline(), drop=("prednisone",))), "I1g")
    assert result.answer == YES
    assert says(result, "total 0 mg/d")


@pytest.mark.parametrize("stop_days, expected", [(184, YES), (183, NO), (100, NO)])
def test_I1g_a_higher_dose_within_the_6_months_fails(stop_days, expected):
    patient = with_meds(baseline(), med("prednisone", 400, 10, stop_days=stop_days),
                        med("prednisone", stop_days - 1, 5), drop=("prednisone",))
    result = part(check(patient), "I1g")
    assert result.answer == expected
    if expected == NO:
        assert says(result, "total 10 mg/d")


def test_I1g_unknown_dose_is_unknown():
    patient = with_meds(baseline(), med("prednisone", 400, None), drop=("prednisone",))
    result = part(check(patient), "I1g")
    assert result.answer == UNKNOWN
    assert "daily dose of Prednisone" in result.missing[0]


# -- I1 (6) stable immunosuppressants / antimalarials (ambiguous), (7) no biologics ------------------------

@pytest.mark.parametrize("start_days, expected", [(184, YES), (183, YES), (182, NO), (30, NO)])
def test_I1h_unchanged_for_6_months_in_every_reading(start_days, expected):
    patient = with_meds(baseline(), med("tacrolimus", start_days, 2), drop=("tacrolimus",))
    result = part(check(patient), "I1h")
    assert reading_answers(result) == {"both": expected, "either": expected, "none_needed": expected}
    assert result.answer == expected


@pytest.mark.parametrize("drop, both, either", [
    (("hydroxychloroquine",), NO, YES),                                    # an immunosuppressant only
    (("tacrolimus", "mycophenolate_mofetil"), NO, YES),                    # an antimalarial only
    (("tacrolimus", "mycophenolate_mofetil", "hydroxychloroquine"), NO, NO),  # neither
])
def test_I1h_which_classes_must_be_taken_is_for_the_investigator(drop, both, either):
    result = part(check(with_meds(baseline(), drop=drop)), "I1h")
    assert reading_answers(result) == {"both": both, "either": either, "none_needed": YES}
    assert result.answer == REVIEW
    assert any("investigator to choose a reading" in m for m in result.missing)


@pytest.mark.parametrize("stop_days, expected", [(184, YES), (183, NO), (10, NO), (None, NO)])
def test_I1i_no_biologic_in_6_months(stop_days, expected):
    patient = with_meds(baseline(), med("belimumab", 300, 10, "mg/kg", stop_days=stop_days, route="iv"))
    assert part(check(patient), "I1i").answer == expected


# -- E1: organ dysfunction -----------------------------------------------------------------------

@pytest.mark.parametrize("item, expected", [
    (condition("consciousness_disorder"), ("E1a", YES)),
    (condition("cognitive_disorder"), ("E1b", YES)),
    (condition("kidney_dysfunction", severity="moderate"), ("E1c", YES)),
    (condition("kidney_dysfunction", status="resolved", resolved=ago(30)), ("E1c", NO)),
    (condition("heart_failure", severity="III"), ("E1d", YES)),
    (condition("heart_failure", severity="IV"), ("E1d", YES)),
    (condition("heart_failure", severity="II"), ("E1d", NO)),
    (condition("pulmonary_hypertension"), ("E1e", YES)),
    (condition("interstitial_lung_disease"), ("E1f", YES)),
])
def test_E1_parts(item, expected):
    part_id, answer_ = expected
    assert part(check(adding(baseline(), item)), part_id).answer == answer_


# -- E2: active vital organ disease -------------------------------------------------------------------

@pytest.mark.parametrize("code, part_id", [
    ("neuropsychiatric_lupus", "E2a"), ("thrombocytopenia_sle", "E2c"), ("haemolytic_anaemia", "E2d"),
    ("myocardial_involvement", "E2e"), ("gastrointestinal_involvement", "E2f")])
def test_E2_named_organ_activity(code, part_id):
    checklist = check(adding(baseline(), condition(code)))
    assert part(checklist, part_id).answer == YES
    assert criterion(checklist, "E2").auto == YES


@pytest.mark.parametrize("value, unit, expected", [
    (0.51, "g/24h", YES), (0.5, "g/24h", REVIEW), (0.49, "g/24h", REVIEW), (510, "mg/24h", YES),
    (500, "mg/24h", REVIEW)])
def test_E2b_proteinuria_above_the_remission_limit_means_active_nephritis(value, unit, expected):
    result = part(check(replacing(baseline(), lab("urine_protein_24h", value, unit, days=8))), "E2b")
    assert result.answer == expected
    assert says(result, f"24-h urine protein {value:g} {unit} on {ago(8)}", "limit > 0.5 g/d")


def test_E2b_missing_or_stale_proteinuria_is_unknown():
    assert part(check(without(baseline(), "urine_protein_24h")), "E2b").answer == UNKNOWN
    stale = part(check(replacing(baseline(), lab("urine_protein_24h", 0.3, "g/24h", days=29))), "E2b")
    assert stale.answer == UNKNOWN and any("within 28 days" in m for m in stale.missing)


def test_E2_open_ended_list_asks_a_person():
    result = criterion(check(baseline()), "E2")
    assert result.auto == REVIEW
    assert any("other active vital organ disease" in m for m in result.missing)


# -- E3 allergy, E4 infection, E5 pregnancy, E6 biologics ------------------------------------------------

@pytest.mark.parametrize("code, agent, expected", [
    ("drug_allergy", "tacrolimus", YES), ("drug_intolerance", "mycophenolate_mofetil", YES),
    ("drug_allergy", "azathioprine", NO), ("drug_failure", "tacrolimus", NO)])
def test_E3_allergy_or_intolerance(code, agent, expected):
    assert answer(check(adding(baseline(), condition(code, agent=agent))), "E3") == expected


@pytest.mark.parametrize("item, part_id, expected", [
    (condition("infection", kind="bacterial", treatment="iv"), "E4a", YES),
    (condition("infection", kind="herpes_zoster", treatment="oral"), "E4a", YES),
    (condition("infection", kind="onychomycosis", treatment="none"), "E4a", NO),
    (condition("infection", kind="bacterial", treatment="oral", status="resolved", resolved=ago(20)), "E4a", NO),
    (condition("infection", kind="latent_tuberculosis", treatment="none"), "E4b", YES),
    (condition("infection", kind="hepatitis_b"), "E4c", YES),
    (condition("infection", kind="hepatitis_c"), "E4d", YES),
    (condition("infection", kind="hiv"), "E4e", YES),
    (condition("infection", kind="cmv"), "E4f", YES),
])
def test_E4_infections(item, part_id, expected):
    assert part(check(adding(baseline(), item)), part_id).answer == expected


@pytest.mark.parametrize("code, part_id", [("hbsag", "E4c"), ("hiv", "E4e"), ("cmv_dna", "E4f")])
def test_E4_serology(code, part_id):
    positive = part(check(replacing(baseline(), coded(code, "positive", days=8))), part_id)
    assert positive.answer == YES and says(positive, "positive", str(ago(8)))
    assert part(check(replacing(baseline(), coded(code, "negative", days=28))), part_id).answer == NO
    missing = part(check(without(baseline(), code)), part_id)
    assert missing.answer == UNKNOWN and "none recorded" in missing.missing[0]
    stale = part(check(replacing(baseline(), coded(code, "negative", days=29))), part_id)
    assert stale.answer == UNKNOWN and says(stale, "latest is too old")


@pytest.mark.parametrize("reproductive, test, part_id, expected", [
    ([status(pregnant=True)], "negative", "E5a", YES),
    ([status()], "positive", "E5a", YES),
    ([status()], "negative", "E5a", NO),
    ([status()], None, "E5a", UNKNOWN),                                 # no pregnancy test
    ([status(childbearing_potential=False)], None, "E5a", NO),
    ([status(days=29)], "negative", "E5a", UNKNOWN),                    # status outside 28 days
    ([status(planning_pregnancy=True)], "negative", "E5b", YES),
    ([status()], "negative", "E5b", NO),
    ([status(planning_pregnancy=None)], "negative", "E5b", UNKNOWN),
])
def test_E5_pregnant_or_planning(reproductive, test, part_id, expected):
    patient = baseline(reproductive=reproductive)
    patient = replacing(patient, coded("pregnancy_test", test, days=8)) if test else \
        without(patient, "pregnancy_test")
    assert part(check(patient), part_id).answer == expected


@pytest.mark.parametrize("drug, stop_days, expected", [
    ("rituximab", 183, YES), ("rituximab", 184, NO), ("telitacicept", None, YES), ("anifrolumab", 30, YES),
    ("cyclophosphamide", 30, NO)])
def test_E6_biologics_within_6_months(drug, stop_days, expected):
    patient = with_meds(baseline(), med(drug, 300, 500, "mg", stop_days=stop_days, route="iv"))
    result = criterion(check(patient), "E6")
    assert result.auto == expected
    if expected == YES:
        assert says(result, drug.capitalize())


# -- a screen failure for every exclusion criterion ------------------------------------------------

SCREEN_FAILURES = {
    "E1": lambda p: adding(p, condition("interstitial_lung_disease")),
    "E2": lambda p: adding(p, condition("haemolytic_anaemia")),
    "E3": lambda p: adding(p, condition("drug_allergy", agent="mycophenolate_mofetil")),
    "E4": lambda p: adding(p, condition("infection", kind="tuberculosis", treatment="oral")),
    "E5": lambda p: p.model_copy(update={"reproductive": [status(pregnant=True)]}),
    "E6": lambda p: with_meds(p, med("belimumab", 120, 10, "mg/kg", stop_days=60, route="iv")),
}


@pytest.mark.parametrize("exclusion", sorted(SCREEN_FAILURES))
def test_screen_failure(exclusion):
    checklist = approve_open(check(SCREEN_FAILURES[exclusion](baseline())))
    assert exclusion in checklist.failed
    assert checklist.verdict == Verdict.INELIGIBLE


def test_screen_failure_E7_by_the_researcher():
    checklist = approve_open(check(baseline()))
    checklist = checklist.with_decisions(
        {**checklist.manual, "E7": Decision("E7", YES, by="investigator", note="unlikely to complete")}, {})
    assert checklist.failed == ["E7"]
    assert checklist.verdict == Verdict.INELIGIBLE


def test_a_failed_inclusion_part_fails_I1_despite_the_ambiguous_part():
    checklist = check(protein(0.8))
    assert criterion(checklist, "I1").auto == NO
    assert "I1" in checklist.failed
