"""Criteria described in plain words (coordinator/screening/rule_text.py), as the trials page shows them."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from coordinator.screening.rule_text import describe_criterion, describe_rule, rule_lines
from coordinator.screening.rules.catalogue import AnyRule
from coordinator.screening.trial import Criterion
from coordinator.screening.trial_library import load_trials

AGE = {"kind": "age", "min": 18, "max": 70}
IGG = {"kind": "lab", "code": "igg", "op": "<", "value": 5, "unit": "g/L"}
CONSENT = {"kind": "manual", "question": "Has the patient signed the consent form?"}


def rule(**data) -> AnyRule:
    return TypeAdapter(AnyRule).validate_python(data)


def criterion(**data) -> Criterion:
    return Criterion.model_validate({"text": "verbatim words", **data})


def test_a_simple_inclusion_is_one_line():
    text = describe_criterion(criterion(id="I1", kind="inclusion", rule=AGE))
    assert text == "Included when: age on the screening date from 18 to 70 years (inclusive)"


def test_an_exclusion_says_what_excludes():
    text = describe_criterion(criterion(id="E2", kind="exclusion", rule=IGG))
    assert text == "Excluded when: latest Immunoglobulin G within 28 days is below 5 g/L"


def test_combinations_nest_as_an_indented_outline():
    nested = rule(kind="any_of", rules=[AGE, {"kind": "all_of", "rules": [IGG, {"kind": "not", "rule": CONSENT}]}])
    assert rule_lines(nested) == [
        "any of:",
        "  - age on the screening date from 18 to 70 years (inclusive)",
        "  - all of:",
        "    - latest Immunoglobulin G within 28 days is below 5 g/L",
        "    - not:",
        "      - answered by the coordinator or investigator: Has the patient signed the consent form?",
    ]
    assert describe_rule(rule(**AGE)) == "age on the screening date from 18 to 70 years (inclusive)"


def test_first_known_says_which_answer_counts():
    text = describe_rule(rule(kind="first_known", rules=[IGG, AGE]))
    assert text.splitlines()[0] == "whichever of these the data can answer first:"


@pytest.mark.parametrize("kind, combine, words", [
    ("inclusion", None, "Included when every part holds:"),
    ("exclusion", None, "Excluded when any part holds:"),
    ("inclusion", "any", "Included when any part holds:"),
])
def test_parts_are_listed_with_their_ids_and_how_they_combine(kind, combine, words):
    prefix = "I3" if kind == "inclusion" else "E3"
    text = describe_criterion(criterion(id=prefix, kind=kind, combine=combine, parts=[
        {"id": f"{prefix}a", "text": "a", "rule": AGE},
        {"id": f"{prefix}b", "text": "b", "rule": {"kind": "all_of", "rules": [IGG, CONSENT]},
         "ambiguous": "could mean either"}]))
    lines = text.splitlines()
    assert lines[0] == words
    assert lines[1] == f"{prefix}a: age on the screening date from 18 to 70 years (inclusive)"
    assert lines[2] == f"{prefix}b: all of:"
    assert lines[3] == "    - latest Immunoglobulin G within 28 days is below 5 g/L"
    assert "investigator confirms it. could mean either" in lines[-1]


def test_an_ambiguous_criterion_says_the_investigator_confirms_it():
    text = describe_criterion(criterion(id="E4", kind="exclusion", rule=IGG, ambiguous="a sign was lost"))
    assert text.splitlines()[-1] == ("Ambiguous text: the literal reading is shown and the investigator "
                                     "confirms it. a sign was lost")


def test_every_criterion_of_the_five_trials_is_described_in_words():
    for trial in load_trials().values():
        for item in trial.criteria:
            text = describe_criterion(item)
            assert text.startswith("Included when" if item.kind == "inclusion" else "Excluded when"), item.id
            assert "None" not in text and "kind:" not in text, item.id
            for part in item.parts:
                assert f"\n{part.id}: " in text, part.id
