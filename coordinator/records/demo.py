"""Synthetic demo patients: for each of the five trials, some who should be eligible, some
who should fail screening for a named reason, and some whose record is incomplete.

Everything is made up (names included) and reproducible from a seed. Dates are relative to
`today` so that time windows ("within 12 weeks") stay meaningful whenever the demo is built.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from coordinator.records.record import (Biopsy, Condition, Diagnosis, DoseRecord, Medication, Observation, Patient,
                                ReproductiveStatus, Study, StudyVisit)
from coordinator.records.renal import Sex

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高欧阳"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
         "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "婷婷", "思远", "雨桐", "梓涵", "晓燕"]


@dataclass
class _Builder:
    """Accumulates one synthetic patient's record, with dates counted back from `today`."""

    today: dt.date
    rng: random.Random
    sex: Sex
    age: int

    def __post_init__(self):
        self.observations: list[Observation] = []
        self.diagnoses: list[Diagnosis] = []
        self.biopsies: list[Biopsy] = []
        self.medications: list[Medication] = []
        self.conditions: list[Condition] = []
        self.reproductive: list[ReproductiveStatus] = []

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def lab(self, code: str, days_ago: int, value: float | None = None, unit: str | None = None,
            text: str | None = None, uln: float | None = None, lln: float | None = None) -> None:
        self.observations.append(Observation(code=code, date=self.day(days_ago), value=value, unit=unit,
                                             text=text, uln=uln, lln=lln))

    def drug(self, drug: str, start_days_ago: int, stop_days_ago: int | None = None,
             dose: float | None = None, unit: str | None = None, route: str = "oral",
             cumulative_mg: float | None = None) -> None:
        self.medications.append(Medication(
            drug=drug, start=self.day(start_days_ago),
            stop=None if stop_days_ago is None else self.day(stop_days_ago),
            dose=dose, dose_unit=unit, route=route, cumulative_dose_mg=cumulative_mg))

    def routine_labs(self, days_ago: int = 5, creatinine_umol: float = 70.0) -> None:
        self.lab("creatinine", days_ago, creatinine_umol, "umol/L", uln=97 if self.sex == Sex.MALE else 84)
        self.lab("alt", days_ago, self.rng.randint(12, 35), "U/L", uln=40)
        self.lab("ast", days_ago, self.rng.randint(12, 32), "U/L", uln=40)
        self.lab("total_bilirubin", days_ago, self.rng.randint(6, 15), "umol/L", uln=21)
        self.lab("wbc", days_ago, round(self.rng.uniform(4.2, 8.0), 1), "10^9/L")
        self.lab("neutrophils", days_ago, round(self.rng.uniform(2.2, 5.0), 1), "10^9/L")
        self.lab("platelets", days_ago, self.rng.randint(160, 300), "10^9/L")
        self.lab("haemoglobin", days_ago, self.rng.randint(112, 140), "g/L")
        self.lab("albumin", days_ago, self.rng.randint(36, 44), "g/L")
        self.lab("glucose_fasting", days_ago, round(self.rng.uniform(4.3, 5.8), 1), "mmol/L")
        self.lab("igg", days_ago, round(self.rng.uniform(8.0, 14.0), 1), "g/L", uln=16)
        height_cm = self.rng.randint(155, 178)
        bmi = self.rng.uniform(19.0, 26.0)  # weight follows height, so no demo patient is underweight by chance
        self.lab("weight", days_ago, round(bmi * (height_cm / 100) ** 2), "kg")
        self.lab("height", days_ago, height_cm, "cm")

    def negative_serology(self, days_ago: int = 5) -> None:
        for code in ("hbsag", "hbeag", "anti_hbc", "anti_hcv", "hiv", "tb_igra", "cmv_dna", "syphilis"):
            self.lab(code, days_ago, text="negative")

    def not_pregnant(self, days_ago: int = 5) -> None:
        if self.sex == Sex.FEMALE:
            self.lab("pregnancy_test", days_ago, text="negative")
            self.reproductive.append(ReproductiveStatus(
                date=self.day(days_ago), childbearing_potential=True, pregnant=False, lactating=False,
                planning_pregnancy=False, contraception="barrier"))

    def sle(self, classification: str, years: int = 4) -> None:
        self.diagnoses.append(Diagnosis(code="sle", date=self.day(365 * years), classification=classification))


# -- one function per trial profile: (builder, variant) -> None ----------------------------

def _mmf_tac_remission(b: _Builder, variant: str) -> None:
    """NCT05916781: lupus nephritis in remission on MMF + tacrolimus, low-dose steroid."""
    b.sle("eular_acr_2019", years=5)
    b.diagnoses.append(Diagnosis(code="lupus_nephritis", date=b.day(365 * 4), classification="acr_ln"))
    for months_ago in (9, 6, 3, 0):
        protein = 1.3 if variant == "fail_active_nephritis" and months_ago == 0 else 0.3
        b.lab("urine_protein_24h", months_ago * 30 + 5, protein, "g/24h")
        b.lab("creatinine", months_ago * 30 + 5, 68 + months_ago, "umol/L", uln=84)
        b.lab("clinical_sledai", months_ago * 30 + 5, 0)
        if not (variant == "incomplete" and months_ago == 0):
            b.lab("pga", months_ago * 30 + 5, 0.2)
    b.routine_labs()
    b.negative_serology()
    b.not_pregnant()
    b.drug("prednisone", 400, dose=5, unit="mg/d")
    b.drug("mycophenolate_mofetil", 700, dose=1.0, unit="g/d")
    b.drug("tacrolimus", 700, dose=2, unit="mg/d")
    b.drug("hydroxychloroquine", 900, dose=400, unit="mg/d")
    if variant == "fail_biologic":
        b.drug("belimumab", 120, 30, dose=10, unit="mg/kg", route="iv")
    if variant == "fail_infection":
        b.observations = [o for o in b.observations if o.code != "hbsag"]
        b.lab("hbsag", 5, text="positive")
        b.conditions.append(Condition(code="infection", kind="hepatitis_b", onset=b.day(40), status="active",
                                      treatment="oral"))


def _belimumab_induction(b: _Builder, variant: str) -> None:
    """NCT05863936: active class III/IV/V lupus nephritis after a methylprednisolone pulse."""
    b.sle("acr_1997", years=2)
    b.diagnoses.append(Diagnosis(code="lupus_nephritis", date=b.day(20)))
    b.biopsies.append(Biopsy(date=b.day(20), isn_rps_classes=["IV-G(A)", "V"], activity_index=9,
                             chronicity_index=None if variant == "incomplete" else 2, tma_lesions=False,
                             methods=["LM", "IF", "EM"]))
    b.lab("sledai_2k", 6, 14)
    b.lab("urine_protein_24h", 6, 2.6, "g/24h")
    b.lab("urine_rbc", 6, 180, "/uL")
    b.routine_labs(creatinine_umol=124)
    b.lab("glucose_2h", 6, round(b.rng.uniform(6.0, 9.5), 1), "mmol/L")
    b.negative_serology()
    b.not_pregnant()
    b.drug("methylprednisolone", 10, 8, dose=500, unit="mg", route="iv", cumulative_mg=1500)
    b.drug("prednisone", 7, dose=40, unit="mg/d")
    if variant == "fail_liver":
        b.lab("alt", 2, 125, "U/L", uln=40)
    if variant == "fail_glucose":
        b.lab("glucose_fasting", 2, 7.6, "mmol/L")
    if variant == "fail_recent_mmf":
        b.drug("mycophenolate_mofetil", 60, 20, dose=1.5, unit="g/d")
    if variant == "fail_lactating" and b.sex == Sex.FEMALE:
        b.reproductive.append(ReproductiveStatus(date=b.day(1), childbearing_potential=True, pregnant=False,
                                                 lactating=True, contraception="barrier"))


def _telitacicept_maintenance(b: _Builder, variant: str) -> None:
    """NCT06394063: SLE with low disease activity on a stable regimen."""
    b.sle("eular_acr_2019", years=3)
    b.lab("selena_sledai", 5, 4)
    for domain in ("constitutional", "mucocutaneous", "neuropsychiatric", "musculoskeletal",
                   "cardiorespiratory", "gastrointestinal", "ophthalmic", "renal", "haematological"):
        grade = "B" if domain == "mucocutaneous" else ("D" if domain == "renal" else "E")
        b.lab(f"bilag_{domain}", 5, text=grade)
    b.routine_labs(creatinine_umol=66)
    if variant == "fail_low_igg":
        b.lab("igg", 2, 4.2, "g/L", uln=16)
    if variant == "incomplete":
        b.observations = [o for o in b.observations if o.code != "igg"]
    b.negative_serology()
    b.not_pregnant()
    b.drug("prednisone", 200, dose=10, unit="mg/d")
    b.drug("hydroxychloroquine", 500, dose=400, unit="mg/d")
    b.drug("azathioprine", 300, dose=100, unit="mg/d")
    if variant == "fail_b_cell_therapy":
        b.drug("rituximab", 100, 86, dose=1000, unit="mg", route="iv")
    if variant == "fail_malignancy":
        b.conditions.append(Condition(code="malignancy", kind="solid_tumour", onset=b.day(730),
                                      resolved=b.day(500), status="resolved", treatment="surgical"))


def _msc_nephritis(b: _Builder, variant: str) -> None:
    """NCT03580291: biopsy-proven class III/IV/V lupus nephritis within 12 weeks."""
    b.sle("acr_1997", years=1)
    b.biopsies.append(Biopsy(date=b.day(30), isn_rps_classes=["III(A)", "V"], activity_index=6,
                             chronicity_index=2,
                             glomerulosclerosis_pct=55 if variant == "fail_sclerosis" else 10,
                             cellular_crescents_pct=5, capillary_loop_necrosis_pct=0, microthrombi_pct=0,
                             methods=["LM", "IF"]))
    b.lab("urine_protein_creatinine_ratio", 7, 1.8, "mg/mg")
    b.lab("urine_rbc_hpf", 7, 12, "/HPF")
    b.routine_labs(creatinine_umol=95)
    b.negative_serology()
    if variant == "incomplete":  # no blood count, no pregnancy status
        b.observations = [o for o in b.observations if o.code != "wbc"]
    else:
        b.not_pregnant()
    b.drug("prednisone", 30, dose=30, unit="mg/d")
    if variant == "fail_bilirubin":
        b.lab("total_bilirubin", 2, 30, "umol/L", uln=21)
    if variant == "fail_mmf_failure":
        b.conditions.append(Condition(code="drug_failure", agent="mycophenolate_mofetil", onset=b.day(400),
                                      status="resolved", resolved=b.day(200)))
    if variant == "fail_leukopenia":
        b.lab("wbc", 2, 2.5, "10^9/L")


def _tacrolimus_membranous(b: _Builder, variant: str) -> None:
    """NCT03864250: high-risk idiopathic membranous nephropathy."""
    b.diagnoses.append(Diagnosis(code="membranous_nephropathy_idiopathic", date=b.day(60), onset=b.day(240)))
    b.biopsies.append(Biopsy(date=b.day(60), imn_stage=2, methods=["LM", "IF", "EM"],
                             interstitial_fibrosis_pct=35 if variant == "fail_fibrosis" else 10))
    b.lab("urine_protein_24h", 8, 9.2, "g/24h")
    b.routine_labs(creatinine_umol=88)
    b.lab("albumin", 3, 22, "g/L")
    b.lab("anti_pla2r", 8, 150, "RU/mL", uln=20)
    if variant != "incomplete":
        b.negative_serology()
    b.not_pregnant()
    if variant == "fail_hepatitis_b":
        b.observations = [o for o in b.observations if o.code != "hbsag"]
        b.lab("hbsag", 3, text="positive")
    if variant == "fail_recent_steroid":
        b.drug("prednisone", 70, 40, dose=30, unit="mg/d")
    if variant == "fail_other_trial":
        b.conditions.append(Condition(code="trial_participation", agent="NCT00000000", onset=b.day(50),
                                      resolved=b.day(20), status="resolved"))


PROFILES: list[tuple[str, str, Callable[[_Builder, str], None], tuple[int, int]]] = [
    # (trial, variant, builder, age range)
    *[("NCT05916781", v, _mmf_tac_remission, (20, 70))
      for v in ("eligible", "fail_active_nephritis", "fail_biologic", "fail_infection", "incomplete")],
    *[("NCT05863936", v, _belimumab_induction, (20, 70))
      for v in ("eligible", "fail_liver", "fail_glucose", "fail_recent_mmf", "fail_lactating", "incomplete")],
    *[("NCT06394063", v, _telitacicept_maintenance, (20, 68))
      for v in ("eligible", "fail_low_igg", "fail_b_cell_therapy", "fail_malignancy", "incomplete")],
    *[("NCT03580291", v, _msc_nephritis, (20, 58))
      for v in ("eligible", "fail_sclerosis", "fail_bilirubin", "fail_mmf_failure", "fail_leukopenia",
                "incomplete")],
    *[("NCT03864250", v, _tacrolimus_membranous, (25, 78))
      for v in ("eligible", "fail_fibrosis", "fail_hepatitis_b", "fail_recent_steroid", "fail_other_trial",
                "incomplete")],
]


def _name(rng: random.Random) -> str:
    surname = rng.choice(["欧阳"] if rng.random() < 0.03 else list(SURNAMES[:-2]))
    return surname + rng.choice(GIVEN)


def demo_patient(index: int, seed: int, today: dt.date | None = None) -> tuple[str, str, Patient]:
    """The `index`-th demo patient: (trial it was made for, variant, patient)."""
    today = today or dt.date.today()
    rng = random.Random(seed * 1_000_003 + index)
    trial, variant, build, (youngest, oldest) = PROFILES[index % len(PROFILES)]
    lupus = trial != "NCT03864250"
    female_share = 0.9 if lupus else 0.4
    sex = Sex.FEMALE if (variant == "fail_lactating" or rng.random() < female_share) else Sex.MALE
    age = rng.randint(youngest, oldest)
    builder = _Builder(today, rng, sex, age)
    build(builder, variant)
    birth = today - dt.timedelta(days=age * 365 + rng.randint(30, 330))
    patient = Patient(
        registry_no=f"DEMO-{index + 1:05d}", name=_name(rng), sex=sex, birth_date=birth,
        record_no=f"H{rng.randint(10_000_000, 99_999_999)}",
        note=f"synthetic: {trial} {variant}",
        observations=builder.observations, diagnoses=builder.diagnoses, biopsies=builder.biopsies,
        medications=builder.medications, conditions=builder.conditions, reproductive=builder.reproductive,
    )
    return trial, variant, patient


def demo_patients(count: int, seed: int = 2026, today: dt.date | None = None) -> list[Patient]:
    return [demo_patient(index, seed, today)[2] for index in range(count)]


def demo_enrolled_patient(index: int, seed: int, today: dt.date | None = None, weeks: int = 46) -> Patient:
    """A synthetic patient on the tacrolimus arm of NCT03864250 for `weeks` weeks before `today`,
    with visits, labs every 2-4 weeks and dose records. About one in four has an eGFR fall that
    the protocol's dose-halving rule must catch; some miss a visit."""
    today = today or dt.date.today()
    rng = random.Random(seed * 7_000_003 + index)
    start = today - dt.timedelta(weeks=weeks)
    sex = Sex.FEMALE if rng.random() < 0.4 else Sex.MALE
    weight = rng.randint(50, 85)
    baseline_creatinine = rng.randint(60, 110)
    falls = rng.random() < 0.25
    observations = [Observation(code="creatinine", date=start - dt.timedelta(days=2), value=baseline_creatinine,
                                unit="umol/L", uln=97 if sex == Sex.MALE else 84),
                    Observation(code="weight", date=start - dt.timedelta(days=2), value=weight, unit="kg"),
                    Observation(code="urine_protein_24h", date=start - dt.timedelta(days=2),
                                value=round(rng.uniform(4.5, 9), 1), unit="g/24h")]
    dose = round(weight * 0.075 * 2) / 2  # 0.075 mg/kg/d, to the half milligram
    doses = [DoseRecord(drug="tacrolimus", start=start, dose=dose, reason="start")]
    visits = [StudyVisit(visit="baseline", date=start)]
    week_ids = [0, 2, 4, 8, 12, 16, 20, 24, 32, 40, 48]
    for week in week_ids[1:]:
        if week > weeks:
            break
        day = start + dt.timedelta(weeks=week, days=rng.randint(-2, 2))
        if rng.random() < 0.05:
            visits.append(StudyVisit(visit=f"week{week}", status="missed"))
            continue
        visits.append(StudyVisit(visit=f"week{week}", date=day))
        rise = 1.55 if falls and week >= 16 else rng.uniform(0.9, 1.12)
        observations += [
            Observation(code="creatinine", date=day, value=round(baseline_creatinine * rise), unit="umol/L",
                        uln=97 if sex == Sex.MALE else 84),
            Observation(code="tacrolimus_trough", date=day, value=round(rng.uniform(4, 10.5), 1), unit="ng/mL"),
            Observation(code="alt", date=day, value=rng.randint(12, 45), unit="U/L", uln=40),
            Observation(code="urine_protein_24h", date=day, value=round(rng.uniform(0.2, 4), 1), unit="g/24h"),
        ]
    birth = today - dt.timedelta(days=rng.randint(30, 70) * 365 + rng.randint(0, 300))
    return Patient(
        registry_no=f"DEMO-S{index + 1:05d}", name=_name(rng), sex=sex, birth_date=birth,
        record_no=f"H{rng.randint(10_000_000, 99_999_999)}", note="synthetic: NCT03864250 on study",
        observations=observations,
        studies=[Study(trial="NCT03864250", arm=rng.choice(["tac", "tac_prednisone"]),
                       subject_no=f"XH-{index + 1:05d}", enrolled_on=start, visits=visits, doses=doses)])
