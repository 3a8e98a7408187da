"""Core texts as phrases (coordinator/phrase.py): each is exactly the English it always was, so
reports, JSON and signed snapshots see no change, and keeps its template and values for an
interface to translate."""

from __future__ import annotations

import datetime as dt
import json
import pickle

from coordinator.screening.eligibility import checklist_to_dict, evaluate
from coordinator.followup.engine import follow_up
from coordinator.phrase import Joined, Phrase, Term, either, term, vocabulary_words, word
from coordinator.records.record_io import parse_records
from coordinator.screening.rule_text import describe_criterion
from coordinator.screening.trial_library import load_trials
from tests.conftest import EXAMPLES

ON = dt.date(2026, 11, 23)


def example(name: str, index: int = 0):
    patients, problems = parse_records((EXAMPLES / name).read_bytes(), name)
    assert not problems
    return patients[index]


def test_a_phrase_is_its_english_and_keeps_template_and_values():
    inner = Phrase("latest is too old: {reading}", reading="x")
    phrase = Phrase("{name} within {days} days: {why}", name=term("egfr"), days=28, why=inner)
    assert phrase == "eGFR within 28 days: latest is too old: x" and type(str(phrase)) is str
    assert phrase.template == "{name} within {days} days: {why}"
    assert phrase.args["why"] is inner and phrase.args["days"] == 28
    assert Phrase("{ratio:.3f} x ULN", ratio=0.4751) == "0.475 x ULN"  # formats as an f-string would
    assert Phrase("no class") == "no class" and Phrase("no class").args == {}


def test_terms_words_and_lists_read_as_before():
    assert isinstance(term("tacrolimus"), Term) and term("tacrolimus") == "Tacrolimus"
    assert term("tacrolimus").code == "tacrolimus"
    assert term("not-a-code") == "not-a-code" and not isinstance(term("not-a-code"), Term)
    assert isinstance(word("negative"), Phrase) and word("negative") == "negative"
    assert word("A") == "A" and not isinstance(word("A"), Phrase)  # BILAG grades stay letters
    assert word(None) is None and word("12 mg") == "12 mg"
    assert {"positive", "present", "oral", "resolved", "b cell targeted", "b_cell_targeted"} <= vocabulary_words()
    listed = either(["III", "IV"])
    assert listed == "III or IV" and isinstance(listed, Joined) and listed.items == ("III", "IV")


def test_phrases_survive_pickling_and_serialise_as_plain_strings():
    phrase = Phrase("{part}: {item}", part="E1c", item=Phrase("a numeric {name} result", name=term("egfr")))
    copy = pickle.loads(pickle.dumps(phrase))  # worker processes send results back pickled
    assert copy == phrase and copy.template == phrase.template and copy.args["item"].args == phrase.args["item"].args
    assert isinstance(copy.args["item"].args["name"], Term)
    listed = pickle.loads(pickle.dumps(either([term("alt"), "x"])))
    assert listed == "ALT or x" and isinstance(listed.items[0], Term)
    assert json.dumps([phrase]) == json.dumps([str(phrase)])


def test_a_real_checklist_carries_phrases_whose_text_is_the_english():
    checklist = evaluate(load_trials()["NCT06394063"], example("NCT06394063.json"), ON)
    by_id = {r.id: r for r in checklist.criteria}
    age = by_id["I1"].evidence[0]
    assert age == "age 40 on 2026-11-23 (born 1986-01-30)" and age.template == "age {age} on {day} (born {born})"
    # E1c's readings disagree for this patient (eGFR 63, creatinine clearance 54): each is shown
    first = by_id["E1"].parts[2].evidence[0]
    assert first == "“eGFR < 60 mL/min/1.73 m²”: no" and "{answer}" in first.template
    missing = by_id["E1"].missing[0]
    assert missing.startswith("E1c: investigator to choose a reading") and missing.template == "{part}: {item}"
    hcg = next(e for e in by_id["E4"].evidence if "hCG" in e)
    assert hcg == "Pregnancy test (hCG) negative on 2026-11-15"
    assert hcg.args["value"].template == "negative" and hcg.args["name"].code == "pregnancy_test"
    # the snapshot kept at sign-off (and hashed) is the same plain JSON as before
    data = checklist_to_dict(checklist)
    plain = json.loads(json.dumps(data))
    assert json.dumps(data, sort_keys=True) == json.dumps(plain, sort_keys=True)


def test_rule_descriptions_and_follow_up_reasons_are_phrases_too():
    trial = load_trials()["NCT06394063"]
    described = describe_criterion(trial.criterion("I1"))
    assert described == "Included when: age on the screening date from 18 to 70 years (inclusive)"
    assert isinstance(described, Joined)
    patient = example("on-study/NCT03864250-followup.json")
    result = follow_up(load_trials()["NCT03864250"], patient, dt.date(2026, 7, 27))
    halving = result.actions[0]
    assert halving.action == "halve_dose" and isinstance(halving.reason, Phrase)
    assert halving.reason.endswith(": halve Tacrolimus from 3 mg/d to 1.5 mg/d")
