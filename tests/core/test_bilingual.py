"""Texts a person reads in a trial file, in English and Chinese: how a file writes them, that a
translation is no amendment, and that every shipped trial has its Chinese, numbers and signs kept."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from pathlib import Path

import pytest

from coordinator.bilingual import Bilingual, Registered, texts_of
from coordinator.records.record_io import parse_records
from coordinator.screening.eligibility import checklist_from_dict, checklist_to_dict, evaluate
from coordinator.screening.trial import Trial, TrialFileError, parse_trial
from coordinator.screening.trial_library import shipped_trials
from tests.conftest import EXAMPLES

SITE_TRIAL = Path(__file__).resolve().parents[1] / "trials" / "site" / "ChiCTR2300071234.yaml"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SIGNS = set("<>≤≥=±")


def _trial(text: str = "Age 18-70 years;", question: str = "Has the patient signed?") -> str:
    return f"""
trial_id: NCT00000002
protocol_version: "1"
short_name: {{en: Test trial, zh: 测试试验}}
title: A test trial
sponsor: S
site: S
phase: N/A
design: D
status: Recruiting
source: a test
criteria:
  - id: I1
    kind: inclusion
    text: {text}
    rule: {{kind: age, min: 18, max: 70}}
  - id: I2
    kind: inclusion
    text: Consent
    rule: {{kind: manual, question: {question}}}
"""


def test_a_text_is_a_plain_string_or_both_languages():
    trial = parse_trial(_trial(question="{en: Has the patient signed?, zh: 患者是否已签署？}"), "t.yaml")
    question = trial.criteria[1].rule.question
    assert isinstance(question, Bilingual) and question == "Has the patient signed?" and question.zh == "患者是否已签署？"
    assert trial.short_name.zh == "测试试验"
    assert trial.title == "A test trial" and trial.title.zh is None  # English only: the Chinese window shows it


def test_registered_text_is_marked_as_such_with_its_reference_translation():
    trial = parse_trial(_trial(text="{en: 'Age 18-70 years;', zh: 年龄18-70岁；}"), "t.yaml")
    text = trial.criteria[0].text
    assert isinstance(text, Registered) and text == "Age 18-70 years;" and text.zh == "年龄18-70岁；"
    assert not isinstance(trial.criteria[1].rule.question, Registered)


@pytest.mark.parametrize("given, problem", [
    ("{en: Age}", "give a text, or {en: ..., zh: ...}"),
    ("{en: Age, zh: 年龄, fr: Âge}", "give a text, or {en: ..., zh: ...}"),
    ("{en: Age, zh: ''}", "give a text, or {en: ..., zh: ...}"),
    ("''", "give a text, or {en: ..., zh: ...}"),
])
def test_a_malformed_text_is_refused_by_criterion_and_field(given, problem):
    with pytest.raises(TrialFileError) as refused:
        parse_trial(_trial(text=given), "t.yaml")
    assert str(refused.value) == f"t.yaml: criterion I1: text: {problem}"


def test_a_translation_is_no_amendment_but_changed_english_is():
    english = parse_trial(_trial(), "t.yaml")
    translated = parse_trial(_trial(text="{en: 'Age 18-70 years;', zh: 年龄18-70岁；}"), "t.yaml")
    assert english.content_hash == translated.content_hash
    reworded = parse_trial(_trial(text="Age 18-75 years;"), "t.yaml")
    assert reworded.content_hash != english.content_hash


def test_a_definition_written_out_and_read_back_keeps_its_chinese():
    trial = parse_trial(_trial(text="{en: 'Age 18-70 years;', zh: 年龄18-70岁；}"), "t.yaml")
    again = Trial.model_validate_json(trial.model_dump_json())
    assert again == trial and again.criteria[0].text.zh == "年龄18-70岁；"
    assert isinstance(again.criteria[0].text, Registered)
    copied = pickle.loads(pickle.dumps(trial.criteria[0].text))  # as a worker process receives it
    assert isinstance(copied, Registered) and copied.zh == "年龄18-70岁；"


def test_a_criterion_joins_its_parts_notes_in_both_languages():
    trial = shipped_trials()["NCT03580291"]
    e5 = trial.criterion("E5")
    notes = [p.ambiguous for p in e5.parts if p.ambiguous]
    assert len(notes) > 1 and e5.ambiguity == "; ".join(notes)
    assert e5.ambiguity.zh == "；".join(note.zh for note in notes)


def test_every_shipped_trial_has_chinese_for_every_text_a_person_reads():
    missing = [f"{trial.trial_id}: {path}" for trial in shipped_trials().values()
               for path, text in texts_of(trial) if not text.zh]
    assert missing == []
    kinds = {path.split(".")[-1] for trial in shipped_trials().values() for path, _ in texts_of(trial)}
    # the walk reaches every kind of text: questions in rules, readings' labels, arms, visits, exits
    assert {"text", "question", "label", "ambiguous", "note", "measure", "name", "because", "source"} <= kinds


def test_every_translation_keeps_the_numbers_and_comparison_signs_of_its_english():
    changed = []
    for trial in shipped_trials().values():
        for path, text in texts_of(trial):
            lost_numbers = set(NUMBER.findall(text)) - set(NUMBER.findall(text.zh or ""))
            lost_signs = (set(text) & SIGNS) - set(text.zh or "")
            if lost_numbers or lost_signs:
                changed.append((trial.trial_id, path, sorted(lost_numbers), sorted(lost_signs)))
    assert changed == []


def test_a_site_file_may_be_english_only():
    trial = parse_trial(SITE_TRIAL.read_text(encoding="utf-8"), SITE_TRIAL.name)
    assert any(text.zh is None for _, text in texts_of(trial))


def test_a_signed_snapshot_keeps_the_chinese_it_was_signed_with():
    patients, _ = parse_records((EXAMPLES / "NCT06394063.json").read_bytes(), "NCT06394063.json")
    checklist = evaluate(shipped_trials()["NCT06394063"], patients[0], dt.date(2026, 11, 23))
    consent = next(r for r in checklist.criteria if r.id == "I4")
    assert consent.missing == ("Has the patient signed the informed consent?",)
    assert consent.missing[0].zh == "患者是否已签署知情同意书？"
    data = json.loads(json.dumps(checklist_to_dict(checklist), ensure_ascii=False))  # as the registry keeps it
    restored = checklist_from_dict(data)
    assert restored == checklist
    again = next(r for r in restored.criteria if r.id == "I4")
    assert isinstance(again.text, Registered) and again.text.zh == "签署知情同意书。"
    assert again.missing[0].zh == "患者是否已签署知情同意书？"
    e1c = next(p for r in restored.criteria for p in r.parts if p.id == "E1c")
    assert [r.label.zh for r in e1c.readings] == ["eGFR < 60 mL/min/1.73 m²", "肌酐清除率 < 60 mL/min"]
    assert checklist_to_dict(restored) == checklist_to_dict(checklist)  # what a signature covers is unchanged


def test_a_snapshot_of_english_only_texts_is_as_before():
    trial = parse_trial(_trial(), "t.yaml")
    patients, _ = parse_records((EXAMPLES / "NCT06394063.json").read_bytes(), "NCT06394063.json")
    data = checklist_to_dict(evaluate(trial, patients[0], dt.date(2026, 11, 23)))
    assert "chinese" not in data  # a signature made before trial files had Chinese still verifies
    restored = checklist_from_dict(data)
    assert restored.criteria[0].text == "Age 18-70 years;" and getattr(restored.criteria[0].text, "zh", None) is None
