"""The trial file schema (resources/schemas/trial.schema.json) and the guide to writing a trial
(docs/writing-a-trial.md): the shipped schema is the generated one, the shipped trials and every
example of the guide pass both the schema and parse_trial, and malformed files fail both."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import get_args

import jsonschema
import pytest

from coordinator.records.trial_ids import file_stem
from coordinator.screening.trial_library import load_trials
import yaml

from coordinator.followup import exit_rules
from coordinator.screening.rules.base import Rule
from coordinator.screening.rules.catalogue import AnyRule
from coordinator.screening.rules.medications import ExposureException
from coordinator.screening.rules.scores import BiopsyFeature
from coordinator.resource_files import resource
from coordinator.screening.trial_demo import Demo, DemoCase, DemoRecord
from coordinator.screening.trial import (Arm, Criterion, CriterionPart, DoseLimit, DoseRange, Dosing, ExitCriterion,
    Intervention, Outcome, ResponseAssessment, ResponseLevel, Taper, Trial, TrialFileError, TroughTarget, Visit,
    parse_trial)
from coordinator.screening.trial_schema import main, render, trial_json_schema
from tests.core.conftest import TRIAL_METADATA

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "writing-a-trial.md"
SHIPPED = sorted(entry.name for entry in resource("trials").iterdir() if entry.name.endswith((".yaml", ".yml")))
FILE = "NCT09999999.yaml"
HEAD = TRIAL_METADATA
RULE_CLASSES = get_args(get_args(AnyRule)[0])
RULE_KINDS = {get_args(cls.model_fields["kind"].annotation)[0] for cls in RULE_CLASSES}
EXIT_RULE_CLASSES = get_args(get_args(exit_rules.AnyExitRule)[0])
EXIT_RULE_KINDS = {get_args(cls.model_fields["kind"].annotation)[0] for cls in EXIT_RULE_CLASSES}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(resource("schemas", "trial.schema.json").read_text(
        encoding="utf-8")))


def schema_errors(validator, document) -> list[str]:
    document = json.loads(json.dumps(document, default=str))  # a date is text to an editor's YAML schema check
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(document)]


def parse_error(text: str, source: str = FILE) -> str:
    with pytest.raises(TrialFileError) as caught:
        parse_trial(text, source)
    return str(caught.value)


# -- the schema file ---------------------------------------------------------------------------------

def test_shipped_schema_is_exactly_what_the_generator_writes():
    shipped = resource("schemas", "trial.schema.json").read_text(encoding="utf-8")
    assert shipped == render(trial_json_schema()), \
        "resources/schemas/trial.schema.json is out of date: run python -m coordinator.screening.trial_schema"
    assert main(["--check"]) == 0


def test_schema_is_the_model_s_own_with_an_identity(validator):
    schema = trial_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/trial.schema.json")
    assert schema["title"] and "docs/writing-a-trial.md" in schema["description"]
    generated = Trial.model_json_schema()
    own_keys = {"$schema", "$id", "title", "description"}
    assert {k: v for k, v in schema.items() if k not in own_keys} == \
        {k: v for k, v in generated.items() if k not in own_keys}
    assert schema["additionalProperties"] is False
    assert set(schema["$defs"]["Criterion"]["properties"]["rule"]["anyOf"][0]["discriminator"]["mapping"]) \
        == RULE_KINDS


def test_generator_is_pure_and_returns_a_fresh_value():
    first = trial_json_schema()
    first["$defs"].clear()
    assert trial_json_schema()["$defs"]


# -- the shipped trials ------------------------------------------------------------------------------

def test_every_shipped_file_is_a_trial_named_after_its_registry_id():
    assert SHIPPED  # (however many: a trial added to resources/trials is one more file, not a change here)
    assert sorted(f"{file_stem(t.trial_id)}.yaml" for t in load_trials().values()) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_trial_passes_the_schema_and_the_loader(validator, name):
    text = resource("trials", name).read_text(encoding="utf-8")
    assert schema_errors(validator, yaml.safe_load(text)) == []
    assert f"{parse_trial(text, name).trial_id}.yaml" == name


# -- malformed files: refused by both, the loader naming file, criterion and field --------------------

MALFORMED = {
    "unknown rule kind": (
        "  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: 18}}\n"
        "  - {id: E3, kind: exclusion, text: Weight, rule: {kind: weight_limit, max: 100}}\n",
        ["criteria", 1], "criterion E3: rule: ", ["'weight_limit'", "'kind'"]),
    "missing criterion text": (
        "  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: 18}}\n"
        "  - {id: I2, kind: inclusion, rule: {kind: manual}}\n",
        ["criteria", 1], "criterion I2: text: ", ["required"]),
    "missing part text": (
        "  - id: E1\n    kind: exclusion\n    text: 'ALT; AST'\n    parts:\n"
        "      - {id: E1a, text: ALT, rule: {kind: lab, code: alt, op: '>', uln_times: 2}}\n"
        "      - {id: E1b, rule: {kind: lab, code: ast, op: '>', uln_times: 2}}\n",
        ["criteria", 0, "parts", 1], "criterion E1b: text: ", ["required"]),
    "limit of the wrong type": (
        "  - {id: E8, kind: exclusion, text: IgG, rule: {kind: lab, code: igg, op: '<', value: five, unit: g/L}}\n",
        ["criteria", 0, "rule"], "criterion E8: rule.lab.value: ", ["number"]),
    "nested limit of the wrong type": (
        "  - id: E4\n    kind: exclusion\n    text: Pregnant women\n    rule:\n      kind: all_of\n      rules:\n"
        "        - {kind: sex, sex: F}\n        - {kind: lab, code: igg, op: '<', value: [5], unit: g/L}\n",
        ["criteria", 0, "rule"], "criterion E4: rule.all_of.rules.1.lab.value: ", ["number"]),
    "age of the wrong type": (
        "  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: eighteen}}\n",
        ["criteria", 0, "rule"], "criterion I1: rule.age.min: ", ["integer"]),
    "unknown operator": (
        "  - {id: E8, kind: exclusion, text: IgG, rule: {kind: lab, code: igg, op: '=<', value: 5, unit: g/L}}\n",
        ["criteria", 0, "rule"], "criterion E8: rule.lab.op: ", ["'<='"]),
    "unknown field in a rule": (
        "  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: 18, maximum: 70}}\n",
        ["criteria", 0, "rule"], "criterion I1: rule.age.maximum: ", ["Extra inputs"]),
    "unknown field in a criterion": (
        "  - {id: I1, kind: inclusion, text: Age, note: adults, rule: {kind: age, min: 18}}\n",
        ["criteria", 0], "criterion I1: note: ", ["Extra inputs"]),
    "unknown field in a part": (
        "  - id: I2\n    kind: inclusion\n    text: 'SLE; duration'\n    parts:\n"
        "      - {id: I2a, text: SLE, rule: {kind: diagnosis, codes: [sle]}, comment: x}\n",
        ["criteria", 0, "parts", 0], "criterion I2a: comment: ", ["Extra inputs"]),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_criteria_are_refused_by_schema_and_loader(validator, name):
    criteria, schema_path, location, words = MALFORMED[name]
    text = HEAD + "criteria:\n" + criteria
    errors = list(validator.iter_errors(yaml.safe_load(text)))
    assert errors, "the schema accepted it"
    assert any(list(e.absolute_path)[:len(schema_path)] == schema_path for e in errors), \
        [list(e.absolute_path) for e in errors]
    message = parse_error(text)
    assert message.startswith(f"{FILE}: {location}"), message
    for word in words:
        assert word in message


def test_an_unknown_top_level_field_is_refused_by_both(validator):
    text = HEAD + "sponsor_contact: someone\ncriteria:\n  - {id: I1, kind: inclusion, text: Age, rule: {kind: manual}}\n"
    assert not validator.is_valid(yaml.safe_load(text))
    assert parse_error(text) == f"{FILE}: sponsor_contact: Extra inputs are not permitted"


def test_a_missing_field_is_refused_by_both(validator):
    text = HEAD.replace("sponsor: Test sponsor\n", "") + "criteria: []\n"
    assert not validator.is_valid(yaml.safe_load(text))
    assert parse_error(text) == f"{FILE}: sponsor: Field required"


@pytest.mark.parametrize("criteria, location", [
    # a rule and parts both, or neither
    ("  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: 18}, parts: "
     "[{id: I1a, text: Age, rule: {kind: age, min: 18}}]}\n", "criterion I1: "),
    ("  - {id: I1, kind: inclusion, text: Age}\n", "criterion I1: "),
    # an exclusion numbered as an inclusion, a part numbered from another criterion, an id used twice
    ("  - {id: I1, kind: exclusion, text: Age, rule: {kind: age, min: 18}}\n", "criterion I1: "),
    ("  - {id: I1, kind: inclusion, text: Age, parts: [{id: I2a, text: Age, rule: {kind: age, min: 18}}]}\n",
     "criterion I1: "),
    ("  - {id: I1, kind: inclusion, text: Age, rule: {kind: age, min: 18}}\n"
     "  - {id: I1, kind: inclusion, text: Sex, rule: {kind: sex, sex: F}}\n", "file: "),
    # a lab rule with two limits, or an unknown lab code
    ("  - {id: E1, kind: exclusion, text: ALT, rule: {kind: lab, code: alt, op: '>', value: 80, unit: U/L, "
     "uln_times: 2}}\n", "criterion E1: rule.lab: "),
    ("  - {id: E1, kind: exclusion, text: ALT, rule: {kind: lab, code: alanine, op: '>', uln_times: 2}}\n",
     "criterion E1: rule.lab.code: unknown observation 'alanine'; see resources/vocabulary/observations.yaml"),
])
def test_what_only_the_loader_checks(validator, criteria, location):
    """The limits of the schema the guide states: it passes these, parse_trial refuses them."""
    text = HEAD + "criteria:\n" + criteria
    assert schema_errors(validator, yaml.safe_load(text)) == []
    assert parse_error(text).startswith(f"{FILE}: {location}")


def test_a_quoted_number_passes_the_loader_but_not_the_schema(validator):
    """As the guide says: write numbers without quotes."""
    text = HEAD + "criteria:\n  - {id: E8, kind: exclusion, text: IgG, rule: {kind: lab, code: igg, op: '<', " \
                  "value: '5', unit: g/L}}\n"
    assert not validator.is_valid(yaml.safe_load(text))
    assert parse_trial(text, FILE).criteria[0].rule.value == 5


# -- the guide -------------------------------------------------------------------------------------------

def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def guide_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", guide(), flags=re.DOTALL | re.MULTILINE)


def as_trial_text(block: str) -> str:
    """A whole trial file around a ```yaml block of the guide: a file, one rule, or criteria."""
    data = yaml.safe_load(block)
    if isinstance(data, dict) and "trial_id" in data:
        return block
    if isinstance(data, dict) and set(data) == {"criteria", "demo"}:
        return HEAD + block
    if isinstance(data, dict) and data and set(data) <= {"exit_criteria", "responses", "arms"}:
        return HEAD + yaml.safe_dump({"criteria": [{"id": "I1", "kind": "inclusion", "text": "example",
                                                    "rule": {"kind": "manual", "question": "?"}}], **data},
                                     allow_unicode=True, sort_keys=False)
    if isinstance(data, dict) and set(data) == {"rule"}:
        criteria = [{"id": "I1", "kind": "inclusion", "text": "example", "rule": data["rule"]}]
    elif isinstance(data, list) and all(isinstance(item, dict) and "id" in item for item in data):
        criteria = data
    else:
        raise AssertionError(f"a ```yaml block of the guide that is neither a file, a rule nor criteria:\n{block}")
    return HEAD + yaml.safe_dump({"criteria": criteria}, allow_unicode=True, sort_keys=False)


def kinds_used(rule) -> set[str]:
    inner = list(getattr(rule, "rules", None) or []) + ([rule.rule] if isinstance(getattr(rule, "rule", None),
                                                                                   Rule) else [])
    return {rule.kind}.union(*(kinds_used(r) for r in inner))


def guide_trials() -> list[Trial]:
    return [parse_trial(as_trial_text(block), f"{GUIDE.name} example {n}")
            for n, block in enumerate(guide_blocks("yaml"), start=1)]


def test_every_yaml_example_of_the_guide_passes_loader_and_schema(validator):
    blocks = guide_blocks("yaml")
    assert len(blocks) >= 20
    for n, block in enumerate(blocks, start=1):
        text = as_trial_text(block)
        parse_trial(text, f"{GUIDE.name} example {n}")
        assert schema_errors(validator, yaml.safe_load(text)) == [], block


def test_the_guide_s_whole_file_example_is_complete():
    whole = [block for block in guide_blocks("yaml") if block.lstrip("# \n").startswith("yaml-language-server")]
    assert len(whole) == 1
    trial = parse_trial(whole[0], FILE)
    assert trial.arms and trial.visits and trial.outcomes
    assert {c.kind for c in trial.criteria} == {"inclusion", "exclusion"}
    assert "$schema=../schemas/trial.schema.json" in whole[0]
    assert (resource("trials") / "../schemas/trial.schema.json").is_file()


def test_the_guide_shows_every_rule_kind():
    shown = set()
    for trial in guide_trials():
        for criterion in trial.criteria:
            items = [criterion, *criterion.parts]
            for rule in [item.rule for item in items] + [r.rule for item in items for r in item.readings]:
                if rule is not None:
                    shown |= kinds_used(rule)
    assert shown == RULE_KINDS


def test_the_guide_shows_every_on_study_rule_kind_and_a_response():
    trials = guide_trials()
    shown = {c.rule.kind for trial in trials for c in trial.exit_criteria if c.rule is not None}
    assert shown == EXIT_RULE_KINDS
    assert any(trial.responses for trial in trials)


def test_the_guide_names_every_field_an_author_can_write():
    text = guide()
    models = [Trial, Arm, Intervention, Visit, Outcome, Criterion, CriterionPart, BiopsyFeature,
              ExposureException, *RULE_CLASSES, ExitCriterion, ResponseAssessment, ResponseLevel,
              *EXIT_RULE_CLASSES, Dosing, DoseRange, DoseLimit, TroughTarget, Taper, Demo, DemoCase, DemoRecord]
    missing = sorted({f"{model.__name__}.{field}" for model in models for field in model.model_fields
                      if f"`{field}`" not in text and f"{field}:" not in text})
    assert missing == []


@pytest.mark.parametrize("criterion", [
    "{id: E8, kind: exclusion, text: IgG, rule: {kind: lab, code: igg, op: '<', value: five, unit: g/L}}",
    "{id: E3, kind: exclusion, text: TAC, rule: {kind: medication, drugs: [tacrolimuss], within_days: 90}}",
])
def test_the_guide_s_error_examples_are_what_the_loader_says(criterion):
    text = HEAD + f"criteria:\n  - {criterion}\n"
    assert f"\n    {parse_error(text, 'ChiCTR2300071234.yaml')}\n" in guide()


def test_the_guide_s_demo_error_example_is_what_the_loader_says():
    site = Path(__file__).resolve().parents[1] / "trials" / "site" / "ChiCTR2300071234.yaml"
    text = site.read_text(encoding="utf-8").replace("fails: E1", "fails: E9")
    assert f"\n    {parse_error(text, site.name)}\n" in guide()


@pytest.mark.slow
def test_the_guide_s_check_command_works(tmp_path):
    command = next(block for block in guide_blocks("sh") if "trials check" in block)
    args = shlex.split(command)
    assert args[:3] == ["trialdesk", "trials", "check"] and args[-1] == "ChiCTR2300071234.yaml"
    run = [sys.executable, "-c", "import sys; sys.argv[0] = 'trialdesk'; from ui.cli.main import main; main()",
           "--db", str(tmp_path / "registry.sqlite3"), *args[1:-1]]
    result = subprocess.run([*run, "resources/trials/NCT06394063.yaml"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("NCT06394063.yaml: OK: NCT06394063") and "13 criteria" in result.stdout
    bad = subprocess.run([*run, "resources/trials/__init__.py"], cwd=REPO, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout.startswith("__init__.py: ") and "Traceback" not in bad.stderr