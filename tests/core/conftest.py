"""Shared builders for the core tests: a fixed `today` and small, valid patients."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from coordinator.records.record import (Biopsy, Condition, Diagnosis, Medication, Observation, Patient,
                                Procedure, ReproductiveStatus)
from coordinator.records.renal import Sex

TODAY = dt.date(2026, 11, 23)

# The registry fields every trial file needs, for tests that build a small trial file.
TRIAL_METADATA = """\
trial_id: NCT09999999
protocol_version: "v1"
short_name: Test trial
title: Test trial
sponsor: Test sponsor
site: Test site
phase: "2"
design: open label
status: Recruiting
source: test
"""


def observation(code: str = "creatinine", value: float | None = 80.0, unit: str | None = "umol/L",
                date: dt.date = dt.date(2026, 10, 30), **extra: Any) -> Observation:
    return Observation(code=code, date=date, value=value, unit=unit, **extra)


def patient(*, registry_no: str = "R-0001", name: str = "张三丰", sex: Sex | str = Sex.FEMALE,
            birth_date: dt.date = dt.date(1986, 5, 14), **sections: Any) -> Patient:
    return Patient(registry_no=registry_no, name=name, sex=sex, birth_date=birth_date, **sections)


def full_patient(registry_no: str = "R-0001") -> Patient:
    """A patient with an entry in every section, all of it valid on TODAY."""
    return Patient(
        registry_no=registry_no,
        name="欧阳娜娜",
        initials="OYNN",
        sex=Sex.FEMALE,
        birth_date=dt.date(1986, 5, 14),
        record_no="H123456",
        note="备注：门诊随访",
        observations=[
            Observation(code="creatinine", date=dt.date(2026, 10, 30), value=106.1, unit="umol/L",
                        uln=84, lln=41),
            Observation(code="egfr", date=dt.date(2026, 10, 30), value=58.7, unit="mL/min/1.73m2",
                        method="ckd_epi_2021"),
            Observation(code="urine_protein_24h", date=dt.date(2026, 10, 29), value=1850,
                        unit="mg/24h"),
            Observation(code="wbc", date=dt.date(2026, 10, 30), value=3.2, unit="x10^9/L"),
            Observation(code="hbsag", date=dt.date(2026, 9, 1), text="negative"),
            Observation(code="ana_titre", date=dt.date(2026, 9, 1), text="1:320", value=320),
            Observation(code="sledai_2k", date=dt.date(2026, 10, 30), value=10),
            Observation(code="pga", date=dt.date(2026, 10, 30), value=1.5),
            Observation(code="bilag_renal", date=dt.date(2026, 10, 30), text="A"),
            Observation(code="weight", date=dt.date(2026, 10, 30), value=55, unit="kg"),
            Observation(code="height", date=dt.date(2025, 3, 2), value=1.62, unit="m"),
        ],
        diagnoses=[
            Diagnosis(code="sle", date=dt.date(2019, 3, 1), onset=dt.date(2018, 11, 1),
                      classification="eular_acr_2019"),
            Diagnosis(code="lupus_nephritis", date=dt.date(2026, 6, 10), classification="isn_rps_2003"),
        ],
        biopsies=[Biopsy(date=dt.date(2026, 6, 8), isn_rps_classes=["IV-G(A)", "V"], activity_index=9,
                         chronicity_index=2, methods=["LM", "IF", "EM"])],
        medications=[
            Medication(drug="prednisone", start=dt.date(2026, 6, 12), stop=dt.date(2026, 9, 30),
                       dose=30, dose_unit="mg/d", route="oral"),
            Medication(drug="mycophenolate_mofetil", start=dt.date(2026, 6, 12), dose=2, dose_unit="g/d",
                       route="oral"),
            Medication(drug="methylprednisolone", start=dt.date(2026, 6, 9), stop=dt.date(2026, 6, 11),
                       dose=500, dose_unit="mg", route="iv", cumulative_dose_mg=1500),
        ],
        procedures=[Procedure(code="renal_replacement_therapy", kind="haemodialysis",
                              start=dt.date(2026, 6, 1), stop=dt.date(2026, 6, 5))],
        conditions=[
            Condition(code="infection", kind="herpes_zoster", onset=dt.date(2024, 2, 1),
                      resolved=dt.date(2024, 3, 1), status="resolved", treatment="oral"),
            Condition(code="drug_allergy", agent="hydroxychloroquine", onset=dt.date(2020, 1, 1)),
            Condition(code="heart_failure", severity="II", onset=dt.date(2025, 1, 1)),
        ],
        reproductive=[ReproductiveStatus(date=dt.date(2026, 10, 30), childbearing_potential=True,
                                         pregnant=False, lactating=False, contraception="iud")],
    )


def raw_patient(registry_no: str = "R-0001", **overrides: Any) -> dict[str, Any]:
    """A minimal, valid patient as it appears in a record file."""
    data: dict[str, Any] = {"registry_no": registry_no, "name": "张三丰", "sex": "M",
                            "birth_date": "1980-01-02"}
    data.update(overrides)
    return data


def record_text(*patients: dict[str, Any]) -> str:
    return json.dumps({"format": "trialdesk-patients", "version": 1, "patients": list(patients)},
                      ensure_ascii=False, indent=2)


@pytest.fixture
def today() -> dt.date:
    return TODAY


# The builders are handed out as fixtures (rather than imported from this module) so that the
# tests never depend on which `conftest` module Python happened to import first.

@pytest.fixture
def make_patient():
    return patient


@pytest.fixture
def make_observation():
    return observation


@pytest.fixture
def make_full_patient():
    return full_patient


@pytest.fixture
def make_raw_patient():
    return raw_patient


@pytest.fixture
def make_record_text():
    return record_text
