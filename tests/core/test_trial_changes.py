"""What changed between two versions of a trial definition, criterion by criterion."""

from __future__ import annotations

from coordinator.screening.trial import parse_trial
from coordinator.screening.trial_changes import Amendment, Change, CriterionChange, criterion_changes
from tests.core.conftest import TRIAL_METADATA

BEFORE = """\
  - {id: I1, kind: inclusion, text: "Age 18-70 years;", rule: {kind: age, min: 18, max: 70}}
  - id: I2
    kind: inclusion
    text: "SLE; low activity"
    parts:
      - {id: I2a, text: "SLE", rule: {kind: diagnosis, codes: [sle]}}
      - {id: I2b, text: "low activity", rule: {kind: lab, code: selena_sledai, op: "<", value: 8}}
  - {id: E1, kind: exclusion, text: "Pregnancy", rule: {kind: manual, question: "Pregnant?"}}
"""


def trial(criteria: str, version: str = "v1"):
    return parse_trial(TRIAL_METADATA.replace('"v1"', f'"{version}"') + "criteria:\n" + criteria, "NCT09999999.yaml")


def test_the_same_definition_has_no_changes_and_the_same_hash():
    assert criterion_changes(trial(BEFORE), trial(BEFORE)) == ()
    assert trial(BEFORE).content_hash == trial(BEFORE).content_hash
    assert trial(BEFORE).content_hash != trial(BEFORE, "v2").content_hash  # another version, even unchanged


def test_a_limit_changed_with_its_words_is_reworded_and_rule_changed():
    after = BEFORE.replace('"Age 18-70 years;", rule: {kind: age, min: 18, max: 70}',
                           '"Age 18-75 years;", rule: {kind: age, min: 18, max: 75}')
    [found] = criterion_changes(trial(BEFORE), trial(after))
    assert (found.criterion_id, found.changes, found.before, found.after) == (
        "I1", (Change.REWORDED, Change.RULE_CHANGED), "Age 18-70 years;", "Age 18-75 years;")
    assert (found.was.rule.max, found.now.rule.max) == (70, 75)  # both criteria, for a side-by-side view


def test_a_part_s_rule_alone_or_its_words_alone():
    rule_only = BEFORE.replace('value: 8}', 'value: 6}')
    assert [c.changes for c in criterion_changes(trial(BEFORE), trial(rule_only))] == [(Change.RULE_CHANGED,)]
    words_only = BEFORE.replace('text: "low activity"', 'text: "low disease activity"')
    assert [(c.criterion_id, c.changes) for c in criterion_changes(trial(BEFORE), trial(words_only))] == \
        [("I2", (Change.REWORDED,))]


def test_added_removed_and_a_changed_question_in_the_newer_order():
    after = BEFORE.replace('question: "Pregnant?"', 'question: "Pregnant or lactating?"') + \
        '  - {id: E2, kind: exclusion, text: "Lactation", rule: {kind: manual}}\n'
    after = after.replace(after[after.index("  - id: I2"):after.index("  - {id: E1")], "")
    found = criterion_changes(trial(BEFORE), trial(after))
    assert [(c.criterion_id, c.changes) for c in found] == [
        ("E1", (Change.RULE_CHANGED,)), ("E2", (Change.ADDED,)), ("I2", (Change.REMOVED,))]
    assert found[1].before is None and found[2].after is None


def test_an_amendment_says_what_changed_or_that_the_earlier_version_was_not_kept():
    changed = (CriterionChange("I1", (Change.REWORDED, Change.RULE_CHANGED), "a", "b"),)
    assert Amendment("v1", "v2", changed).describe() == \
        "protocol amended since this screening began (v1 -> v2): I1: reworded, rule changed"
    assert "the earlier definition was not kept" in Amendment("v1", "v2", None).describe()
