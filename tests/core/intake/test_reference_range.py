"""Reference ranges as labs print them -> the lab's LLN and ULN in the result's unit."""

from __future__ import annotations

import pytest

from coordinator.intake.reference_range import Limits, RangeNotUnderstood, parse_reference_range


@pytest.mark.parametrize("text, lln, uln", [
    ("41-81", 41, 81),
    ("3.5~5.5", 3.5, 5.5),
    ("3.5～5.5", 3.5, 5.5),          # full-width tilde, as Chinese input methods type it
    ("０-０.１５", 0, 0.15),          # full-width digits
    ("0-0.15", 0, 0.15),
    ("0.0--40.0", 0, 40),
    ("41 - 81 umol/L", 41, 81),     # the unit printed after the range
    ("0-40U/L", 0, 40),
    ("4-10×10^9/L", 4, 10),
    ("1.3-2.5 (μmol/L)", 1.3, 2.5),
    ("<20", None, 20),
    ("＜20", None, 20),
    ("≤40", None, 40),
    ("<=40", None, 40),
    (">60", 60, None),
    ("≥90", 90, None),
])
def test_ranges_give_the_labs_limits(text, lln, uln):
    assert parse_reference_range(text, "F") == Limits(lln, uln)


@pytest.mark.parametrize("text", ["", "阴性", "negative", "   "])
def test_a_qualitative_or_empty_range_gives_no_limits(text):
    assert parse_reference_range(text, "F").empty


def test_a_titre_range_of_a_coded_test_gives_no_limits():
    assert parse_reference_range("<1:100", "F", qualitative=True).empty


@pytest.mark.parametrize("text", ["男:57-111 女:41-81", "男 57-111；女 41-81", "M: 57-111, F: 41-81",
                                  "女性41-81 男性57-111"])
def test_a_range_by_sex_gives_the_patients(text):
    assert parse_reference_range(text, "F") == Limits(41, 81)
    assert parse_reference_range(text, "M") == Limits(57, 111)


def test_a_range_by_sex_needs_the_patients_sex():
    with pytest.raises(RangeNotUnderstood, match="sex"):
        parse_reference_range("男:57-111 女:41-81", None)


@pytest.mark.parametrize("text, why", [("81-41", "lower limit above"), ("41-81.5.3", "not a range"),
                                       ("1:100", "not a range"), ("about 40", "not a range")])
def test_a_range_not_understood_is_refused_not_guessed(text, why):
    with pytest.raises(RangeNotUnderstood, match=why):
        parse_reference_range(text, "F")
