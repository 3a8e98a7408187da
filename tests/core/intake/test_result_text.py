"""Results and times as LIS exports write them."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.intake.lab_names import lab_names
from coordinator.intake.result_text import NotAMoment, NotAResult, flag_meaning, parse_moment, parse_result


@pytest.mark.parametrize("raw, number, censored, flag", [
    ("88.5", 88.5, "", ""), (88.5, 88.5, "", ""), (" 88.5 ", 88.5, "", ""), (".5", 0.5, "", ""),
    ("88.5↑", 88.5, "", "↑"), ("3.2↓", 3.2, "", "↓"), ("88.5 H", 88.5, "", "H"), ("88.5(L)", 88.5, "", "L"),
    ("<20", 20, "<", ""), ("< 20", 20, "<", ""), ("> 1000", 1000, ">", ""), ("≤0.5", 0.5, "<=", ""),
    ("１２.５", 12.5, "", ""),
])
def test_numbers(raw, number, censored, flag):
    value = parse_result(raw, lab_names())
    assert (value.number, value.censored, value.glued_flag) == (number, censored, flag)


@pytest.mark.parametrize("raw, meaning", [
    ("阴性", "negative"), ("阴性(-)", "negative"), ("-", "negative"), ("(-)", "negative"), ("未检出", "negative"),
    ("Negative", "negative"), ("阳性", "positive"), ("+", "positive"), ("+++", "positive"), ("POSITIVE", "positive"),
    ("弱阳性", "weakly_positive"), ("±", "indeterminate"), ("可疑", "indeterminate"),
])
def test_words(raw, meaning):
    assert parse_result(raw, lab_names()).meaning == meaning


def test_a_number_with_its_reading():
    value = parse_result("0.02(阴性)", lab_names())
    assert (value.number, value.meaning) == (0.02, "negative")


def test_titres():
    value = parse_result("1:320 阳性", lab_names())
    assert (value.titre, value.meaning) == ("1:320", "positive")


@pytest.mark.parametrize("raw", ["abc", "12 mg", "见报告", "", True])
def test_what_is_not_a_result_is_refused(raw):
    with pytest.raises(NotAResult):
        parse_result(raw, lab_names())


@pytest.mark.parametrize("flag, meaning", [("↑", "high"), ("H", "high"), ("h", "high"), ("↓", "low"), ("L", "low"),
                                           ("N", "normal"), ("A", "abnormal"), ("偏高", "high")])
def test_flags(flag, meaning):
    assert flag_meaning(flag, lab_names()) == meaning


def test_an_unknown_flag_is_not_read():
    assert flag_meaning("Q", lab_names()) is None


@pytest.mark.parametrize("raw, day, time", [
    ("2026-12-01 08:30:00", dt.date(2026, 12, 1), dt.time(8, 30)),
    ("2026/12/1 8:30", dt.date(2026, 12, 1), dt.time(8, 30)),
    ("2026-12-01", dt.date(2026, 12, 1), None),
    ("2026.12.01", dt.date(2026, 12, 1), None),
    ("2026年12月01日 08:30", dt.date(2026, 12, 1), dt.time(8, 30)),
    ("20261201083000", dt.date(2026, 12, 1), dt.time(8, 30)),
    ("20261201", dt.date(2026, 12, 1), None),
    ("2026-12-01T08:00:00+08:00", dt.date(2026, 12, 1), dt.time(8, 0)),  # the clock at the site
    (dt.datetime(2026, 12, 1, 8, 30, 15, 500), dt.date(2026, 12, 1), dt.time(8, 30, 15)),
    (dt.date(2026, 12, 1), dt.date(2026, 12, 1), None),
])
def test_times(raw, day, time):
    assert parse_moment(raw) == (day, time)


@pytest.mark.parametrize("raw", ["", "2026-13-01", "20261301", "yesterday", "01/12/2026"])
def test_what_is_not_a_time_is_refused(raw):
    with pytest.raises(NotAMoment):
        parse_moment(raw)
