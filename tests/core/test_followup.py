"""The exit-criteria engine replays an enrolled patient's history: the tacrolimus eGFR rule of
NCT03864250 with both rechecks and the 0.5 mg/d floor, troughs, the liver rule, the 6-month
decision, interruptions, pregnancy, visits and responses, on any day ("as of")."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.followup.engine import NotEnrolled, StudyStatus, follow_up
from coordinator.records.record import DoseRecord, ExitEvent, Medication, Observation, Patient, Study, StudyVisit
from coordinator.screening.trial_library import load_trials

NCT = "NCT03864250"
START = dt.date(2026, 1, 5)
BASELINE = 80.0


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def egfr(n: int, value: float) -> Observation:
    return Observation(code="egfr", date=day(n), value=value, unit="mL/min/1.73m2")


def fall(n: int, percent: float) -> Observation:
    """An eGFR `percent` below the baseline of 80."""
    return egfr(n, BASELINE * (1 - percent / 100))


def dose(n: int, mg: float, reason: str = "") -> DoseRecord:
    return DoseRecord(drug="tacrolimus", start=day(n), dose=mg, reason=reason or None)


def patient(*observations: Observation, doses=(dose(0, 4.0),), exits=(), visits=(), medications=(),
            arm: str = "tac", sex: str = "F") -> Patient:
    return Patient(registry_no="FU-1", name="王芳", sex=sex, birth_date=dt.date(1970, 5, 1),
                   observations=[egfr(-2, BASELINE), *observations], medications=list(medications),
                   studies=[Study(trial=NCT, arm=arm, subject_no="XH-001", enrolled_on=START, doses=list(doses),
                                  exits=list(exits), visits=list(visits))])


def run(p: Patient, on: int):
    return follow_up(load_trials()[NCT], p, day(on))


def actions(result, rule: str = "X8") -> list[tuple]:
    return [(a.action, a.due, a.from_mg_per_day, a.to_mg_per_day) for a in result.actions if a.rule == rule]


# -- the tacrolimus eGFR rule (X8) ---------------------------------------------------------------

def test_a_25_percent_fall_needs_nothing():
    result = run(patient(fall(28, 25)), 30)
    assert actions(result) == [] and result.baseline_egfr == BASELINE and result.baseline_date == day(-2)


@pytest.mark.parametrize("percent, halves", [(29.9, False), (30, False), (30.1, True), (31, True)])
def test_the_rule_starts_only_above_30_percent(percent, halves):
    result = run(patient(fall(28, percent)), 30)
    assert bool(actions(result)) is halves


def test_a_31_percent_fall_halves_the_dose_and_asks_for_a_recheck_in_2_weeks():
    result = run(patient(fall(28, 31)), 30)
    assert actions(result) == [("halve_dose", day(28), 4.0, 2.0), ("recheck", day(42), None, None)]
    halve = result.actions[0]
    assert halve.drug == "tacrolimus" and "eGFR decreased by >30%" in halve.text
    assert "31.0% below baseline 80" in halve.reason


def test_a_recorded_lower_dose_completes_the_halving():
    result = run(patient(fall(28, 31), doses=(dose(0, 4.0), dose(29, 2.0, "X8 step 1"))), 33)
    assert actions(result) == [("recheck", day(43), None, None)]  # 2 weeks from the day the dose was changed
    assert [a.done for a in result.history if a.action == "halve_dose"] == [day(29)]


def test_recovery_at_the_recheck_continues():
    result = run(patient(fall(28, 31), fall(42, 28), doses=(dose(0, 4.0), dose(29, 2.0))), 44)
    assert actions(result) == []
    assert [(a.action, a.done) for a in result.history] == [("halve_dose", day(29)), ("recheck", day(42))]


def test_still_down_at_the_recheck_halves_again_then_stops_at_the_second():
    history = [fall(28, 31), fall(42, 35), fall(56, 32)]
    doses = (dose(0, 4.0), dose(29, 2.0), dose(43, 1.0))
    second = run(patient(*history[:2], doses=doses[:2]), 43)
    assert actions(second) == [("halve_dose", day(42), 2.0, 1.0), ("recheck", day(56), None, None)]
    third = run(patient(*history, doses=doses), 57)
    assert actions(third) == [("stop_drug", day(56), 1.0, 0.0)]
    stopped = run(patient(*history, doses=doses + (dose(57, 0.0, "X8 stop"),)), 58)
    assert actions(stopped) == []


def test_a_dose_of_0_8_halves_to_the_0_5_floor():
    result = run(patient(fall(28, 31), doses=(dose(0, 0.8),)), 30)
    assert actions(result)[0] == ("halve_dose", day(28), 0.8, 0.5)
    assert "the minimum, 0.5 mg/d" in result.actions[0].reason
    again = run(patient(fall(28, 31), fall(42, 33), doses=(dose(0, 0.8), dose(29, 0.5))), 43)
    assert actions(again)[0] == ("halve_dose", day(42), 0.5, 0.5)


def test_a_reading_before_the_recheck_is_due_does_not_count_as_the_recheck():
    result = run(patient(fall(28, 31), fall(33, 10), doses=(dose(0, 4.0), dose(29, 2.0))), 35)
    assert actions(result) == [("recheck", day(43), None, None)]


@pytest.mark.parametrize("reading_day, counts", [(45, False), (46, True)])
def test_the_recheck_counts_from_the_day_the_dose_was_changed_as_recorded(reading_day, counts):
    # asked for on day 28, the dose changed only on day 35: the recheck is due on day 49 (3-day window: from 46)
    p = patient(fall(28, 31), fall(reading_day, 10), doses=(dose(0, 4.0), dose(35, 2.0)))
    result = run(p, 47)
    recheck = next(a for a in result.history if a.action == "recheck")
    assert recheck.due == day(49) and "reduction of 2026-02-09" in recheck.reason
    assert (recheck.done == day(reading_day)) is counts


def test_a_missed_recheck_becomes_overdue():
    p = patient(fall(28, 31), doses=(dose(0, 4.0), dose(29, 2.0)))
    assert [a.kind for a in run(p, 46).alerts if a.rule == "X8"] == []   # inside the 3-day window
    overdue = [a for a in run(p, 47).alerts if a.rule == "X8"]
    assert [(a.kind, a.due) for a in overdue] == [("overdue_recheck", day(43))]


def test_an_undone_halving_is_overdue_too():
    alerts = run(patient(fall(28, 31)), 35).alerts
    assert ("overdue_action", day(28)) in [(a.kind, a.due) for a in alerts]


def test_baseline_egfr_is_derived_from_creatinine():
    p = patient(fall(28, 31)).model_copy(update={"observations": [
        Observation(code="creatinine", date=day(-3), value=0.9, unit="mg/dL"),
        Observation(code="creatinine", date=day(28), value=1.4, unit="mg/dL")]})
    result = run(p, 30)
    assert result.baseline_date == day(-3) and result.baseline_egfr == pytest.approx(75.5, abs=0.05)  # CKD-EPI 2021, woman of 55
    assert [a.action for a in result.actions if a.rule == "X8"] == ["halve_dose", "recheck"]
    assert "derived from creatinine" in result.actions[0].reason


def test_without_a_baseline_the_rule_says_so():
    p = patient(fall(28, 31)).model_copy(update={"observations": [egfr(-60, 80), fall(28, 31)]})
    result = run(p, 30)
    assert actions(result) == [] and result.baseline_egfr is None
    assert any("no eGFR within 28 days before randomisation" in a.message for a in result.alerts)


def test_the_same_history_read_on_different_days():
    p = patient(fall(28, 31), fall(42, 35), fall(56, 32), doses=(dose(0, 4.0), dose(29, 2.0), dose(43, 1.0)))
    by_day = {n: [a.action for a in run(p, n).actions if a.rule == "X8"] for n in (20, 28, 41, 42, 50, 56)}
    assert by_day == {20: [], 28: ["halve_dose", "recheck"], 41: ["recheck"], 42: ["halve_dose", "recheck"],
                      50: ["recheck"], 56: ["stop_drug"]}


def test_the_rule_follows_only_tacrolimus_arms_and_a_patient_on_the_drug():
    result = run(patient(fall(28, 31), doses=(dose(0, 4.0), dose(10, 0.0))), 30)
    assert actions(result) == []


# -- other rules ------------------------------------------------------------------------------------

def trough(n: int, value: float) -> Observation:
    return Observation(code="tacrolimus_trough", date=day(n), value=value, unit="ng/mL")


@pytest.mark.parametrize("value, lowers", [(9.9, False), (10.0, False), (10.1, True)])
def test_a_trough_above_10_asks_for_a_lower_dose(value, lowers):
    result = run(patient(trough(14, value)), 15)
    assert [a.action for a in result.actions if a.rule == "X13"] == (["reduce_dose"] if lowers else [])


def liver(n: int, alt: float) -> Observation:
    return Observation(code="alt", date=day(n), value=alt, unit="U/L", uln=40)


def test_the_liver_rule_protection_then_stop_then_withdraw():
    rising = [liver(14, 85), liver(28, 95)]
    protect = run(patient(*rising), 29)
    assert [a.action for a in protect.actions if a.rule == "X9"] == ["liver_protection", "recheck"]
    hepatoprotective = Medication(drug="hepatoprotective", start=day(29))
    still_high = run(patient(*rising, liver(43, 90), medications=[hepatoprotective]), 44)
    assert [a.action for a in still_high.actions if a.rule == "X9"] == ["stop_drug", "recheck"]
    stopped = (dose(0, 4.0), dose(44, 0.0))
    unrecovered = run(patient(*rising, liver(43, 90), liver(58, 85), medications=[hepatoprotective],
                              doses=stopped), 59)
    assert [a.action for a in unrecovered.actions if a.rule == "X9"] == ["withdraw"]
    recovered = run(patient(*rising, liver(43, 90), liver(58, 70), medications=[hepatoprotective],
                            doses=stopped), 59)
    assert [a.action for a in recovered.actions if a.rule == "X9"] == []


def test_high_but_falling_liver_tests_need_no_protection():
    result = run(patient(liver(14, 85), liver(28, 82)), 29)
    assert [a.action for a in result.actions if a.rule == "X9"] == []


def protein(n: int, grams: float) -> Observation:
    return Observation(code="urine_protein_24h", date=day(n), value=grams, unit="g/24h")


@pytest.mark.parametrize("at_24, stops", [(0.29, False), (3.9, False), (4.0, True), (6.0, True)])
def test_the_6_month_decision(at_24, stops):
    """Peak 8 g/24h: complete below 0.3, partial with a fall of more than 50% (below 4.0)."""
    result = run(patient(protein(-3, 8.0), protein(168, at_24)), 170)
    assert [a.action for a in result.actions if a.rule == "X1"] == (["stop_drug", "withdraw"] if stops else [])


def test_the_6_month_proteinuria_missing_is_overdue():
    result = run(patient(protein(-3, 8.0)), 175)
    assert ("overdue_recheck", day(168)) in [(a.kind, a.due) for a in result.alerts if a.rule == "X1"]


def test_a_drug_stopped_for_over_2_weeks_means_withdrawal():
    stopped = (dose(0, 4.0), dose(20, 0.0))
    assert [a.action for a in run(patient(doses=stopped), 30).actions if a.rule == "X5"] == []
    assert any("withdraw if not restarted by" in a.message for a in run(patient(doses=stopped), 30).alerts)
    assert [a.action for a in run(patient(doses=stopped), 35).actions if a.rule == "X5"] == ["withdraw"]
    restarted = stopped + (dose(30, 2.0),)
    assert [a.action for a in run(patient(doses=restarted), 40).actions if a.rule == "X5"] == []


def test_a_stop_another_rule_ordered_is_no_interruption():
    """The liver rule stopped tacrolimus on day 44: weeks later the interruption rule (X5) does not
    ask for a second withdrawal; the liver rule alone says what follows (here: recovered)."""
    hepatoprotective = Medication(drug="hepatoprotective", start=day(29))
    history = [liver(14, 85), liver(28, 95), liver(43, 90), liver(58, 70)]
    stopped = (dose(0, 4.0), dose(44, 0.0, "X9 stop"))
    result = run(patient(*history, medications=[hepatoprotective], doses=stopped), 70)
    assert [a.action for a in result.history if a.rule == "X9"] == ["liver_protection", "stop_drug"]
    assert [a.action for a in result.history if a.rule == "X5"] == []
    assert not any("withdraw if not restarted" in a.message for a in result.alerts)
    # the same stop without the liver rule's order behind it is an interruption
    unordered = run(patient(doses=stopped), 70)
    assert [a.action for a in unordered.actions if a.rule == "X5"] == ["withdraw"]


def test_pregnancy_stops_the_drugs_and_withdraws():
    result = run(patient(Observation(code="pregnancy_test", date=day(60), text="positive")), 61)
    assert [(a.action, a.drug) for a in result.actions if a.rule == "X11"] == \
        [("stop_drug", "tacrolimus"), ("stop_drug", "prednisone"), ("withdraw", None)]


# -- status, visits, responses --------------------------------------------------------------------

def test_an_exit_makes_the_patient_withdrawn_and_clears_the_actions():
    withdrawn = patient(fall(28, 31), exits=[ExitEvent(date=day(30), reason="withdrew consent", criterion="X2")])
    assert run(withdrawn, 29).status == StudyStatus.ON_STUDY
    after = run(withdrawn, 31)
    assert after.status == StudyStatus.WITHDRAWN and after.actions == () and after.next_visits == ()


def test_visits_ahead_and_missed():
    result = run(patient(visits=[StudyVisit(visit="baseline", date=START), StudyVisit(visit="week2", date=day(14))]),
                 35)
    assert [(v.visit, v.due) for v in result.next_visits] == [("week8", day(56)), ("week12", day(84)),
                                                              ("week16", day(112))]
    assert [(a.kind, a.due) for a in result.alerts if a.kind == "missed_visit"] == [("missed_visit", day(28))]


def test_after_the_last_visit_the_study_is_completed():
    assert run(patient(), 48 * 7 + 4).status == StudyStatus.COMPLETED


def test_responses_at_the_outcome_weeks():
    result = run(patient(protein(-3, 8.0), protein(168, 0.2)), 170)
    week24, week48 = result.responses
    assert (week24.level, week48.level) == ("complete", None)
    partial = run(patient(protein(-3, 8.0), protein(168, 3.0)), 170).responses[0]
    assert partial.level == "partial"
    none = run(patient(protein(-3, 8.0), protein(168, 5.0)), 170).responses[0]
    assert none.level == "none"
    missing = run(patient(protein(-3, 8.0)), 170).responses[0]
    assert missing.level == "not_assessable"


def test_a_patient_not_enrolled_is_refused():
    p = patient().model_copy(update={"studies": []})
    with pytest.raises(NotEnrolled, match="FU-1 is not enrolled in NCT03864250"):
        run(p, 10)
    with pytest.raises(NotEnrolled):
        run(patient(), -1)


def test_visits_recorded_later_are_not_seen_on_an_earlier_day():
    visits = [StudyVisit(visit="baseline", date=START), StudyVisit(visit="week2", date=day(14)),
              StudyVisit(visit="week4", date=day(28)), StudyVisit(visit="week8", status="missed")]
    early = run(patient(visits=visits), 10)
    assert [v.visit for v in early.next_visits] == ["week2", "week4", "week8"] and early.alerts == ()
    later = run(patient(visits=visits), 62)
    assert [v.visit for v in later.next_visits] == ["week12", "week16", "week20"] and later.alerts == ()


@pytest.mark.parametrize("mg, above", [(6.0, False), (6.5, True)])
def test_a_recorded_dose_above_0_1_mg_per_kg_is_an_alert(mg, above):
    weighed = Observation(code="weight", date=day(-2), value=60, unit="kg")
    result = run(patient(weighed, doses=(dose(0, 4.0), dose(20, mg))), 100)  # weighed 102 days ago still counts
    assert result.doses == {"tacrolimus": mg}
    assert [a.kind for a in result.alerts if a.kind == "dose_above_max"] == (["dose_above_max"] if above else [])
    assert "Tacrolimus 3" in result.dose_plan.describe() and "60 kg" in result.dose_plan.describe()


def test_without_a_weight_the_dose_plan_says_so_and_raises_no_ceiling_alert():
    result = run(patient(doses=(dose(0, 9.0),)), 30)
    assert "no weight recorded" in result.dose_plan.describe()
    assert not [a for a in result.alerts if a.kind == "dose_above_max"]
