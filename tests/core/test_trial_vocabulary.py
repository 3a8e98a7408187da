"""Every code a trial file names is checked against the vocabulary when the file is read: a
misspelt drug, class, condition, procedure, diagnosis, observation or coded value is refused with
the criterion, the field and the nearest known codes (else its rule would quietly answer no)."""

from __future__ import annotations

import pytest

from coordinator.screening.trial import TrialFileError, parse_trial
from tests.core.conftest import TRIAL_METADATA

FILE = "NCT09999999.yaml"


def error_of(rule: str) -> str:
    text = TRIAL_METADATA + f"""\
criteria:
  - {{id: I1, kind: inclusion, text: "Age 18-70 years;", rule: {{kind: age, min: 18, max: 70}}}}
  - {{id: E3, kind: exclusion, text: "Protocol words", rule: {rule}}}
"""
    with pytest.raises(TrialFileError) as caught:
        parse_trial(text, FILE)
    return str(caught.value)


@pytest.mark.parametrize("rule, field, says", [
    ("{kind: medication, drugs: [tacrolimuss], within_days: 90}", "rule.medication.drugs.0",
     "unknown drug 'tacrolimuss'; nearest known: tacrolimus"),
    ("{kind: medication, classes: [calcineurin_inhibitorr], within_days: 90}", "rule.medication.classes.0",
     "unknown drug class 'calcineurin_inhibitorr'; nearest known: calcineurin_inhibitor"),
    ("{kind: medication, drugs: [tacrolimus], route: orall, within_days: 90}", "rule.medication.route",
     "unknown route 'orall'; nearest known: oral"),
    ("{kind: condition, codes: [heart_failur]}", "rule.condition.codes.0",
     "unknown condition 'heart_failur'; nearest known: heart_failure"),
    ("{kind: condition, codes: [infection], kinds: [tuberculosiss]}", "rule.condition.kinds.0",
     "unknown kind 'tuberculosiss'; nearest known: tuberculosis"),
    ("{kind: condition, codes: [infection], except_kinds: [hepatitis_bb]}", "rule.condition.except_kinds.0",
     "unknown kind 'hepatitis_bb'"),
    ("{kind: condition, codes: [heart_failure], severities: [V]}", "rule.condition.severities.0",
     "unknown severity 'V'"),
    ("{kind: condition, codes: [peptic_ulcer], severities: [severe]}", "rule.condition.severities.0",
     "no severity is defined for peptic_ulcer: 'severe'"),
    ("{kind: condition, codes: [drug_allergy], agents: [mycophenolate_mofetill], ever: true}", "rule.condition.agents.0",
     "unknown drug 'mycophenolate_mofetill'; nearest known: mycophenolate_mofetil"),
    ("{kind: condition, codes: [infection], treatments: [ivv]}", "rule.condition.treatments.0", "unknown treatment 'ivv'"),
    ("{kind: procedure, codes: [plasma_exchang]}", "rule.procedure.codes.0",
     "unknown procedure 'plasma_exchang'; nearest known: plasma_exchange"),
    ("{kind: diagnosis, codes: [lupus_nephritiss]}", "rule.diagnosis.codes.0",
     "unknown diagnosis 'lupus_nephritiss'; nearest known: lupus_nephritis"),
    ("{kind: diagnosis, codes: [sle], classifications: [acr_1998]}", "rule.diagnosis.classifications.0",
     "unknown classification 'acr_1998'; nearest known: acr_1997"),
    ("{kind: result, code: hbsag, any_of: [postive]}", "rule.result.any_of.0",
     "unknown coded result 'postive'; nearest known: positive"),
    ("{kind: result, code: hbsagg, any_of: [positive]}", "rule.result.code", "unknown observation 'hbsagg'"),
    ("{kind: lab, code: creatinin, op: '>', value: 100, unit: umol/L}", "rule.lab.code",
     "unknown observation 'creatinin'; nearest known: creatinine"),
    ("{kind: biopsy, classes_any: [IV-S]}", "rule.biopsy.classes_any.0", "Input should be 'I', 'II', 'III', 'IV', 'V' or 'VI'"),
    ("{kind: reproductive, field: contraception, contraception_in: [barrierr], within_days: 30}",
     "rule.reproductive.contraception_in.0", "unknown contraception method 'barrierr'"),
])
def test_a_misspelt_code_is_refused_with_criterion_field_and_nearest(rule, field, says):
    message = error_of(rule)
    assert message.startswith(f"{FILE}: criterion E3: {field}"), message
    assert says in message, message
    assert "Traceback" not in message and "I1" not in message


@pytest.mark.parametrize("rule", [
    "{kind: medication, drugs: [tacrolimus], classes: [calcineurin_inhibitor], route: oral, within_days: 90}",
    "{kind: condition, codes: [infection], kinds: [tuberculosis], except_kinds: [hepatitis_b]}",
    "{kind: condition, codes: [heart_failure], severities: [III, IV]}",
    "{kind: condition, codes: [trial_participation], agents: [ChiCTR2300071234], within_days: 90}",
    "{kind: diagnosis, codes: [sle], classifications: [acr_1997]}",
    "{kind: result, code: hbsag, any_of: [positive]}",
    "{kind: lab, code: egfr, op: '<', value: 30, unit: mL/min/1.73m2}",
    "{kind: lab, code: bmi, op: '>=', value: 40, unit: kg/m2}",
])
def test_known_codes_pass(rule):
    text = TRIAL_METADATA + f"""\
criteria:
  - {{id: E3, kind: exclusion, text: "Protocol words", rule: {rule}}}
"""
    assert parse_trial(text, FILE).criterion("E3").rule is not None


def test_a_code_a_message_does_not_know_names_where_the_codes_are():
    assert "see resources/vocabulary/medications.yaml" in error_of("{kind: medication, drugs: [zzzz], within_days: 9}")
