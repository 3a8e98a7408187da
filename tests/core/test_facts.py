"""PatientFacts (coordinator/screening/facts.py): the look-ups the rules make, found by bisection on each
code's readings in date order, made lazily and derived on demand."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.records.derived import derived_values
from coordinator.screening.facts import PatientFacts
from coordinator.records.record import Biopsy, Observation, Patient, ReproductiveStatus

ON = dt.date(2026, 11, 23)
BORN = dt.date(1986, 5, 14)


def ago(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def obs(code: str, days_ago: int, value: float | None = None, unit: str | None = None, **extra) -> Observation:
    return Observation(code=code, date=ago(days_ago), value=value, unit=unit, **extra)


def facts(*observations: Observation, **sections) -> PatientFacts:
    return PatientFacts(Patient(registry_no="R-0001", name="张三丰", sex="F", birth_date=BORN,
                                observations=list(observations), **sections))


# Record order on purpose not date order: the look-ups must not depend on it.
ALT = [obs("alt", 10, 30, "U/L"), obs("alt", 30, 20, "U/L"), obs("alt", 20, 25, "U/L")]


@pytest.mark.parametrize("on, expected", [
    (ago(31), None),   # before the first reading
    (ago(30), 20),     # on the first reading's day
    (ago(29), 20),     # between readings: the earlier one
    (ago(20), 25),     # on a reading's day: that reading
    (ago(11), 25),
    (ago(10), 30),     # on the last reading's day
    (ON, 30),          # after the last reading
])
def test_latest_on_before_and_after_each_reading(on, expected):
    found = facts(*ALT).latest("alt", on)
    assert (found.value if found else None) == expected


def test_latest_of_a_code_without_readings():
    assert facts(*ALT).latest("ast", ON) is None
    assert facts().latest("egfr", ON) is None


def test_latest_on_a_day_with_two_readings_is_the_one_recorded_last():
    found = facts(obs("alt", 5, 30, "U/L"), obs("alt", 5, 40, "U/L"), obs("alt", 9, 50, "U/L")).latest("alt", ON)
    assert found.value == 40


@pytest.mark.parametrize("start, end, expected", [
    (ago(30), ago(10), [20, 25, 30]),   # both bounds included
    (ago(29), ago(11), [25]),
    (ago(20), ago(20), [25]),
    (ago(9), ON, []),
    (ON, ago(30), []),                   # an empty period
])
def test_readings_between_includes_both_bounds_oldest_first(start, end, expected):
    assert [r.value for r in facts(*ALT).readings_between("alt", start, end)] == expected


def test_a_derived_value_does_not_beat_a_recorded_one_of_the_same_day():
    creatinine = obs("creatinine", 5, 80, "umol/L")
    recorded = obs("egfr", 5, 77, "mL/min/1.73m2")
    found = facts(recorded, creatinine).latest("egfr", ON)
    assert found.value == 77 and found.derived_from is None
    derived = facts(creatinine).latest("egfr", ON)
    assert derived.derived_from and "creatinine 80 umol/L" in derived.describe()


def test_a_derived_value_that_cannot_be_made_is_skipped():
    """A creatinine clearance needs a weight within 90 days: the latest creatinine has none, so
    the clearance of the creatinine before it is the latest."""
    f = facts(obs("creatinine", 200, 80, "umol/L"), obs("weight", 210, 60, "kg"), obs("creatinine", 5, 90, "umol/L"))
    found = f.latest("creatinine_clearance", ON)
    assert found.date == ago(200)
    assert [r.date for r in f.readings_between("creatinine_clearance", ago(300), ON)] == [ago(200)]
    assert f.latest("creatinine_clearance", ago(201)) is None


def test_readings_lists_every_code_with_derived_values_as_derived_values_does():
    observations = [obs("creatinine", 40, 80, "umol/L"), obs("weight", 45, 60, "kg"), obs("height", 400, 160, "cm"),
                    obs("creatinine", 3, 85, "umol/L"), obs("hbsag", 3, text="negative")]
    f = facts(*observations)
    assert set(f.readings) == {"creatinine", "weight", "height", "hbsag", "egfr", "creatinine_clearance", "bmi"}
    for value in derived_values(f.patient):
        assert (value.date, value.value) in [(r.date, r.value) for r in f.readings[value.code]]
    assert f.readings["nothing recorded"] == []


def test_newest_biopsy_and_reproductive_status_on_a_day():
    f = facts(biopsies=[Biopsy(date=ago(100), activity_index=4), Biopsy(date=ago(10), activity_index=8),
                        Biopsy(date=ago(10), activity_index=9)],
              reproductive=[ReproductiveStatus(date=ago(50), pregnant=False)])
    assert f.newest("biopsies", ON).activity_index == 8   # the first recorded of its day
    assert f.newest("biopsies", ago(11)).activity_index == 4
    assert f.newest("biopsies", ago(101)) is None
    assert f.newest("reproductive", ON).pregnant is False
    assert f.newest("reproductive", ago(51)) is None
