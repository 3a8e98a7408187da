"""Control characters are refused in identifiers, names and every text of a record, with the
field, the character and a short excerpt; notes and reasons may hold tabs and line breaks."""

from __future__ import annotations

import pytest

from coordinator.records.record import Observation
from coordinator.records.text_checks import control_problem, excerpt
from coordinator.records.validation import validate_part, validate_patient
from coordinator.screening.workflow import Actor, Role, Status, WorkflowError, check_override
from tests.conftest import make_patient


@pytest.mark.parametrize("value, character", [("R\x000001", "U+0000"), ("R0001\x1b[31m", "U+001B"),
                                              ("R\x7f1", "U+007F"), ("R\x851", "U+0085"), ("R\t1", "U+0009"),
                                              ("R\n1", "U+000A")])
def test_an_identifier_refuses_every_control_character(value, character):
    problem = control_problem("registry_no", value)
    assert problem is not None and character in problem.message and problem.field == "registry_no"


def test_free_text_keeps_tabs_and_line_breaks_but_not_escapes():
    assert control_problem("note", "line one\n\tline two\r\n", free_text=True) is None
    assert control_problem("note", "bell\x07", free_text=True) is not None


def test_a_record_names_each_field_that_holds_one():
    patient = make_patient("R\x1b0001", name="王\x00小红", note="fine\nnote")
    problems = [(p.field, p.message.split(" at ")[0]) for p in validate_patient(patient)]
    assert ("registry_no", "contains the control character U+001B") in problems
    assert ("name", "contains the control character U+0000") in problems
    assert not any(field == "note" for field, _ in problems)


def test_nested_items_are_checked_with_their_path():
    patient = make_patient(observations=[Observation(code="creatinine", date="2026-10-30", value=90, unit="umol/L\x00")])
    fields = [p.field for p in validate_patient(patient)]
    assert "observations[0].unit" in fields


def test_an_imported_item_is_checked_too():
    item = Observation(code="creatinine", date="2026-10-30", value=90, unit="umol/L", note="ok\x1b")
    assert [p.field for p in validate_part("observations", item, make_patient().birth_date)][0] == "observation.note"


def test_messages_quote_only_a_short_excerpt():
    huge = "王" * 10_000_000 + "\x00"
    problem = control_problem("name", huge)
    assert problem is not None and len(problem.message) < 200
    assert excerpt("x" * 100).endswith("…") and len(excerpt("x" * 100)) == 40


def test_an_override_reason_with_an_escape_sequence_is_refused():
    from coordinator.screening.eligibility import evaluate
    from coordinator.screening.trial_library import load_trials

    trial = load_trials()["NCT05916781"]
    import datetime as dt

    from coordinator.screening.rules.answers import Answer

    checklist = evaluate(trial, make_patient(), dt.date(2026, 11, 1))
    criterion = checklist.criteria[0].id
    investigator = Actor("dr.li", Role.INVESTIGATOR)
    with pytest.raises(WorkflowError, match=r"U\+001B"):
        check_override(investigator, Status.IN_PROGRESS, checklist, criterion, Answer.YES, "ok\x1b[2J")
