"""Malformed trial files: parse_trial refuses them with a message naming the file, the
criterion and the field."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.screening.eligibility import evaluate
from coordinator.screening.rules.answers import Answer
from coordinator.screening.trial import TrialFileError, parse_trial
from tests.core.conftest import TRIAL_METADATA, observation, patient

FILE = "NCT09999999.yaml"
HEAD = TRIAL_METADATA + """\
criteria:
"""


def parse(criteria: str):
    return parse_trial(HEAD + criteria, FILE)


def error_of(criteria: str) -> str:
    with pytest.raises(TrialFileError) as caught:
        parse(criteria)
    return str(caught.value)


def test_a_well_formed_file_parses():
    trial = parse("""\
  - {id: I1, kind: inclusion, text: "Age 18-70 years;", rule: {kind: age, min: 18, max: 70}}
  - id: E1
    kind: exclusion
    text: "ALT > 2 x ULN; IgG < 5 g/L"
    parts:
      - {id: E1a, text: "ALT > 2 x ULN", rule: {kind: lab, code: alt, op: ">", uln_times: 2}}
      - {id: E1b, text: "IgG < 5 g/L", rule: {kind: lab, code: igg, op: "<", value: 5, unit: g/L}}
""")
    assert [c.id for c in trial.criteria] == ["I1", "E1"]
    assert trial.criterion("E1").combination == "any"


def test_a_criterion_missing_its_rule():
    message = error_of("""\
  - {id: I1, kind: inclusion, text: "Age 18-70 years;", rule: {kind: age, min: 18}}
  - {id: I2, kind: inclusion, text: "Signed consent"}
""")
    assert message.startswith(FILE)
    assert "criterion I2" in message
    assert "rule" in message
    assert "I1" not in message


def test_a_part_missing_its_rule_names_the_part():
    message = error_of("""\
  - id: I2
    kind: inclusion
    text: "SLE; low activity"
    parts:
      - {id: I2a, text: "SLE", rule: {kind: diagnosis, codes: [sle]}}
      - {id: I2b, text: "low activity"}
""")
    assert message.startswith(FILE)
    assert "I2" in message and "rule" in message
    assert "I2b" in message


def test_an_unknown_rule_kind():
    message = error_of("""\
  - {id: I1, kind: inclusion, text: "Age", rule: {kind: age, min: 18}}
  - {id: E3, kind: exclusion, text: "Weight", rule: {kind: weight_limit, max: 100}}
""")
    assert message.startswith(FILE)
    assert "criterion E3" in message
    assert "rule" in message and "kind" in message
    assert "weight_limit" in message


def test_a_lab_rule_with_an_unknown_code():
    message = error_of("""\
  - {id: E8, kind: exclusion, text: "IgG<5g/L", rule: {kind: lab, code: iggg, op: "<", value: 5, unit: g/L}}
""")
    assert message.startswith(FILE)
    assert "criterion E8" in message
    assert "rule" in message and "code" in message
    assert "'iggg'" in message


def test_a_nested_lab_rule_with_an_unknown_code():
    message = error_of("""\
  - id: E4
    kind: exclusion
    text: "Pregnant women"
    rule:
      kind: any_of
      rules:
        - {kind: reproductive, field: pregnant, equals: true}
        - {kind: result, code: pregnancy_test, any_of: [positive]}
        - {kind: lab, code: hcg_level, op: ">", value: 5, unit: IU/L}
""")
    assert message.startswith(FILE)
    assert "criterion E4" in message
    assert "rules" in message and "'hcg_level'" in message


def test_duplicate_ids():
    message = error_of("""\
  - {id: I1, kind: inclusion, text: "Age", rule: {kind: age, min: 18}}
  - {id: E1, kind: exclusion, text: "IgG", rule: {kind: lab, code: igg, op: "<", value: 5, unit: g/L}}
  - {id: E1, kind: exclusion, text: "ALT", rule: {kind: lab, code: alt, op: ">", uln_times: 2}}
""")
    assert message.startswith(FILE)
    assert "E1" in message and "I1" not in message
    assert "ids" in message or "id " in message


def test_duplicate_part_ids():
    message = error_of("""\
  - id: E1
    kind: exclusion
    text: "ALT; AST"
    parts:
      - {id: E1a, text: "ALT", rule: {kind: lab, code: alt, op: ">", uln_times: 2}}
      - {id: E1a, text: "AST", rule: {kind: lab, code: ast, op: ">", uln_times: 2}}
""")
    assert message.startswith(FILE) and "E1a" in message


def test_invalid_yaml_names_the_file_and_line():
    message = error_of("""\
  - {id: I1, kind: inclusion, text: "Age", rule: {kind: age, min: 18}
  - {id: I2, kind: inclusion, text: "Consent", rule: {kind: manual}}
""")
    # (the flow mapping opened on line 12 is found unclosed where I2's line goes on)
    assert message.startswith(f"{FILE}: line 13, column 3: not valid YAML: while parsing a flow mapping")
    assert "unicode string" not in message


@pytest.mark.parametrize("criteria, words", [
    ("  - {id: I1, kind: exclusion, text: Age, rule: {kind: age, min: 18}}\n", ["criterion I1", "starts with E"]),
    ("  - {id: I1, kind: inclusion, text: Age, rule: {kind: lab, code: alt, op: '>', value: 80, unit: U/L,"
     " uln_times: 2}}\n", ["criterion I1", "uln_times"]),
    ("  - {id: I1, kind: inclusion, text: '', rule: {kind: age, min: 18}}\n", ["criterion I1", "text"]),
    ("  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: 18, maximum: 70}}\n",
     ["criterion I1", "maximum"]),
])
def test_other_field_errors_name_criterion_and_field(criteria, words):
    message = error_of(criteria)
    assert message.startswith(FILE)
    for word in words:
        assert word in message


def test_not_a_mapping():
    with pytest.raises(TrialFileError, match=FILE):
        parse_trial("- just\n- a list\n", FILE)
    with pytest.raises(TrialFileError, match=FILE):
        parse_trial("", FILE)


# -- the trial's default window -------------------------------------------------------------------

WINDOWED = """\
  - {id: I1, kind: inclusion, text: "IgG >= 5 g/L", rule: {kind: lab, code: igg, op: ">=", value: 5, unit: g/L}}
  - {id: I2, kind: inclusion, text: "ALT <= 2 x ULN", rule: {kind: lab, code: alt, op: "<=", uln_times: 2,
                                                              within_days: 14}}
  - {id: E1, kind: exclusion, text: "Pregnant", rule: {kind: reproductive, field: pregnant, equals: true}}
  - {id: E2, kind: exclusion, text: "Rituximab ever", rule: {kind: medication, drugs: [rituximab]}}
"""


def with_default(days) -> str:
    return TRIAL_METADATA + f"default_within_days: {days}\ncriteria:\n" + WINDOWED


def windows(trial) -> dict[str, int | None]:
    return {c.id: c.rule.within_days for c in trial.criteria}


def test_rules_without_a_window_take_the_trials_default():
    trial = parse_trial(with_default(7), FILE)
    assert trial.default_within_days == 7
    # its own window wins; a drug rule without one looks at the whole history, not 7 days
    assert windows(trial) == {"I1": 7, "I2": 14, "E1": 7, "E2": None}


def test_a_trial_without_a_default_window_uses_28_days():
    trial = parse(WINDOWED)
    assert trial.default_within_days == 28
    assert windows(trial) == {"I1": 28, "I2": 14, "E1": 28, "E2": None}


def auto_answer(trial, record, on, criterion_id):
    return next(r.auto for r in evaluate(trial, record, on).criteria if r.id == criterion_id)


def test_the_default_window_decides_which_result_counts():
    on = dt.date(2026, 11, 1)
    record = patient(observations=[observation("igg", 6.0, "g/L", on - dt.timedelta(days=8))])
    short, usual = parse_trial(with_default(7), FILE), parse_trial(with_default(8), FILE)
    assert auto_answer(short, record, on, "I1") == Answer.UNKNOWN  # 8 days old: outside the 7
    assert auto_answer(usual, record, on, "I1") == Answer.YES      # on the limit of 8: counts


@pytest.mark.parametrize("days", ["-1", "soon", "2.5"])
def test_a_bad_default_window_is_named(days):
    with pytest.raises(TrialFileError) as caught:
        parse_trial(with_default(days), FILE)
    assert f"{FILE}: default_within_days:" in str(caught.value)



def test_a_tab_in_the_indentation_is_named_with_its_line():
    message = str(pytest.raises(TrialFileError, parse_trial, HEAD + "\t- {id: I1}\n", FILE).value)
    assert message.startswith(f"{FILE}: line 12, column 1: not valid YAML: "), message
    assert "unicode string" not in message
