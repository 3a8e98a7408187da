"""`trialdesk screen`, `prescreen` and `screening ...`, driven as a coordinator, an
investigator and a site's scripts would drive them."""

from __future__ import annotations

import json

import pytest

from coordinator.screening.trial_library import load_trials
from tests.conftest import EXAMPLES
from click.testing import CliRunner

from tests.ui.conftest import USER_FOR
from ui.cli.main import main

ON = "2026-11-23"
NCT = "NCT06394063"
CRITERION_KEYS = {"id", "kind", "text", "auto", "final", "evidence", "note", "override"}
ANSWERS = {"yes", "no", "unknown", "needs_review"}


@pytest.fixture
def run(cli, site_db):
    """The command against a registry holding the 28 example patients, as the account that
    plays the role (ann the coordinator, dr.li the investigator, mo the monitor)."""

    def invoke(*args: str, role: str = "coordinator"):
        return cli(*args, user=USER_FOR.get(role, role))

    invoke.db = site_db

    imported = invoke("import", *sorted(str(p) for p in EXAMPLES.glob("NCT*.json")))
    assert imported.exit_code == 0, imported.output
    return invoke


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_screen_json_follows_the_contract_for_a_screen_failure(run):
    report = _json(run("screen", "--patient", "EX-4063-02", "--trial", NCT, "--on", ON, "--json"))
    assert {"patient", "trial", "protocol_version", "on", "verdict", "criteria", "failed", "open"} <= report.keys()
    assert (report["patient"], report["trial"], report["on"]) == ("EX-4063-02", NCT, ON)
    assert report["protocol_version"] == load_trials()[NCT].protocol_version
    assert report["verdict"] == "ineligible" and report["failed"] == ["E8"]
    assert [c["id"] for c in report["criteria"]] == [c.id for c in load_trials()[NCT].criteria]
    for criterion in report["criteria"]:
        assert CRITERION_KEYS <= criterion.keys()
        assert criterion["kind"] in ("inclusion", "exclusion")
        assert {criterion["auto"], criterion["final"]} <= ANSWERS
    e8 = next(c for c in report["criteria"] if c["id"] == "E8")
    assert e8["auto"] == e8["final"] == "yes"
    assert any("Immunoglobulin G 4.2 g/L" in line for line in e8["evidence"])


def test_screen_json_shows_each_reading_of_ambiguous_text_and_how_it_was_resolved(run):
    trial = "NCT05863936"
    report = _json(run("screen", "--patient", "EX-3936-01", "--trial", trial, "--on", ON, "--json"))
    e7 = next(c for c in report["criteria"] if c["id"] == "E7")
    e7e = next(p for p in e7["parts"] if p["id"] == "E7e")
    assert [r["id"] for r in e7e["readings"]] == ["all_low", "any_low"]
    assert {"id", "label", "literal", "answer", "evidence", "missing"} == e7e["readings"][0].keys()
    assert e7e["readings"][0]["literal"] is True and e7e["readings"][1]["literal"] is False
    assert e7e["resolved_by"] == ("agreement" if len({r["answer"] for r in e7e["readings"]}) == 1 else None)
    assert {p["id"] for p in e7["parts"] if p["readings"]} == {"E7c", "E7e"}  # as the trial file gives them
    assert all(p["resolved_by"] is None for p in e7["parts"] if not p["readings"])


def test_screen_by_hospital_record_number_and_plain_text(run):
    record_no = _json(run("show", "EX-4063-02", "--json"))["patient"]["record_no"]
    report = _json(run("screen", "--patient", record_no, "--trial", NCT.lower(), "--on", ON, "--json"))
    assert report["patient"] == "EX-4063-02"
    text = run("screen", "--patient", "EX-4063-02", "--trial", NCT, "--on", ON)
    assert text.exit_code == 0
    assert "verdict: ineligible" in text.output and "failed: E8" in text.output


def test_missing_data_is_unknown_and_listed_as_open(run):
    report = _json(run("screen", "--patient", "EX-4063-05", "--trial", NCT, "--on", ON, "--json"))
    e8 = next(c for c in report["criteria"] if c["id"] == "E8")
    assert e8["auto"] == "unknown" and "E8" in report["open"] and report["verdict"] == "incomplete"


def test_the_date_moves_windows(run):
    """Three years later the same labs are outside every window: nothing settles from stale data."""
    later = _json(run("screen", "--patient", "EX-4063-02", "--trial", NCT, "--on", "2029-11-23", "--json"))
    e8 = next(c for c in later["criteria"] if c["id"] == "E8")
    assert e8["auto"] == "unknown" and later["verdict"] == "incomplete"


@pytest.mark.parametrize("args, message", [
    (("--patient", "NOPE", "--trial", NCT), "no patient with registry or record number 'NOPE'"),
    (("--patient", "EX-4063-02", "--trial", "NCT00000001"), "unknown trial NCT00000001; known: "),
])
def test_bad_input_is_a_clear_error(run, args, message):
    result = run("screen", *args, "--json")
    assert result.exit_code == 1 and message in result.output and result.stdout == ""


def test_a_bad_date_is_a_usage_error(run):
    result = run("screen", "--patient", "EX-4063-02", "--trial", NCT, "--on", "2026-13-01")
    assert result.exit_code == 2 and "'--on'" in result.output


def test_prescreen_one_trial_against_the_registry(run):
    report = _json(run("prescreen", "--trial", NCT, "--on", ON, "--json"))
    assert report["trials"] == [NCT] and report["patients"] == 28 and len(report["results"]) == 28
    by_patient = {r["patient"]: r for r in report["results"]}
    assert by_patient["EX-4063-02"]["verdict"] == "ineligible" and by_patient["EX-4063-02"]["failed"] == ["E8"]
    assert by_patient["EX-4063-01"]["verdict"] == "incomplete" and by_patient["EX-4063-01"]["open"] == ["I4", "E1", "E9"]
    counts = report["summary"][NCT]
    assert sum(counts.values()) == 28 and set(counts) == {"eligible", "ineligible", "incomplete"}
    only = _json(run("prescreen", "--trial", NCT, "--on", ON, "--only", "incomplete", "--json"))
    assert len(only["results"]) == counts["incomplete"]
    assert {r["verdict"] for r in only["results"]} == {"incomplete"}


def test_prescreen_one_patient_against_every_trial(run):
    report = _json(run("prescreen", "--patient", "EX-4250-03", "--on", ON, "--json"))
    assert sorted(r["trial"] for r in report["results"]) == sorted(load_trials())
    tacrolimus = next(r for r in report["results"] if r["trial"] == "NCT03864250")
    assert tacrolimus["verdict"] == "ineligible" and tacrolimus["failed"] == ["E2"]


def test_prescreen_skips_archived_patients_unless_asked(run):
    assert run("archive", "EX-4063-02", "--reason", "duplicate record").exit_code == 0
    assert _json(run("prescreen", "--trial", NCT, "--on", ON, "--json"))["patients"] == 27
    assert _json(run("prescreen", "--trial", NCT, "--on", ON, "--include-archived", "--json"))["patients"] == 28


def test_a_whole_screening_from_the_command_line_with_roles_enforced(run):
    started = run("screening", "start", "--patient", "EX-4063-01", "--trial", NCT, "--on", ON)
    assert started.exit_code == 0 and f"{NCT}-S0001" in started.output
    label = f"{NCT}-S0001"

    assert run("screening", "answer", label, "I4", "yes", "--note", "consent signed 2026-11-20").exit_code == 0
    refused = run("screening", "answer", label, "E1", "no")
    assert refused.exit_code == 1 and "investigator must confirm" in refused.output
    refused = run("screening", "override", label, "E1", "no", "--reason", "eGFR is fine")
    assert refused.exit_code == 1 and "may not override" in refused.output
    no_reason = run("screening", "override", label, "E1", "no", "--reason", " ", role="investigator")
    assert no_reason.exit_code == 1 and "needs a reason" in no_reason.output
    assert run("screening", "override", label, "E1", "no", "--reason", "CKD-EPI eGFR 116",
               role="investigator").exit_code == 0
    assert run("screening", "answer", label, "E9", "no", "--note", "investigator judged suitable").exit_code == 0

    report = _json(run("screen", "--patient", "EX-4063-01", "--trial", NCT, "--json"))
    assert report["verdict"] == "eligible" and report["screening"]["status"] == "in_progress"
    by_id = {c["id"]: c for c in report["criteria"]}
    assert (by_id["I4"]["auto"], by_id["I4"]["final"], by_id["I4"]["note"]) == \
        ("needs_review", "yes", "consent signed 2026-11-20")
    assert (by_id["E1"]["auto"], by_id["E1"]["final"]) == ("needs_review", "no")
    assert by_id["E1"]["override"]["reason"] == "CKD-EPI eGFR 116"

    assert run("screening", "submit", label).exit_code == 0
    refused = run("screening", "sign", label)
    assert refused.exit_code == 1 and "may not sign" in refused.output
    assert run("screening", "sign", label, role="investigator").exit_code == 0
    late = run("screening", "answer", label, "I4", "no", role="investigator")
    assert late.exit_code == 1 and "locked" in late.output
    bad_arm = run("screening", "enrol", label, "--date", "2026-11-24", "--subject", "RJ-001", "--arm", "x")
    assert bad_arm.exit_code == 1 and "unknown arm 'x'" in bad_arm.output
    enrolled = run("screening", "enrol", label, "--date", "2026-11-24", "--subject", "RJ-001", "--arm", "telitacicept")
    assert enrolled.exit_code == 0 and "enrolled" in enrolled.output

    listed = _json(run("screening", "list", "--trial", NCT, "--json", role="monitor"))
    assert listed == [{"label": label, "patient": "EX-4063-01", "trial": NCT, "on": ON, "status": "enrolled",
                       "verdict": "eligible", "stale": False}]
    shown = _json(run("screening", "show", label, "--json", role="monitor"))
    assert shown["screening"]["enrolment"] == {"date": "2026-11-24", "subject_no": "RJ-001", "arm": "telitacicept"}


def test_a_screen_failure_is_recorded_with_its_note(run):
    label = f"{NCT}-S0001"
    assert run("screening", "start", "--patient", "EX-4063-02", "--trial", NCT, "--on", ON).exit_code == 0
    assert run("screening", "start", "--patient", "EX-4063-02", "--trial", NCT).exit_code == 1  # one open at a time
    for criterion, answer in (("I4", "yes"), ("E9", "no")):
        assert run("screening", "answer", label, criterion, answer).exit_code == 0
    assert run("screening", "submit", label).exit_code == 0
    assert run("screening", "sign", label, role="investigator").exit_code == 0
    refused = run("screening", "enrol", label, "--date", ON, "--subject", "S1", "--arm", "placebo")
    assert refused.exit_code == 1 and "only an eligible patient can be enrolled" in refused.output
    failed = run("screening", "fail", label, "--note", "IgG 4.2 g/L")
    assert failed.exit_code == 0 and "screen_failure" in failed.output and "failed E8" in failed.output
    monitor = run("screening", "start", "--patient", "EX-4063-03", "--trial", NCT, role="monitor")
    assert monitor.exit_code == 1 and "may not start or prepare a screening" in monitor.output


def test_a_monitor_reads_but_cannot_change(run):
    assert run("screen", "--patient", "EX-4063-02", "--trial", NCT, "--json", role="monitor").exit_code == 0
    assert run("prescreen", "--trial", NCT, "--json", role="monitor").exit_code == 0
    stranger = run("screen", "--patient", "EX-4063-02", "--trial", NCT, role="janitor")
    assert stranger.exit_code == 1 and "wrong user name or password" in stranger.output


def test_signing_on_the_command_line_asks_for_the_password_again(run, monkeypatch):
    label = f"{NCT}-S0001"
    assert run("screening", "start", "--patient", "EX-4063-01", "--trial", NCT, "--on", ON).exit_code == 0
    for criterion, answer in (("I4", "yes"), ("E9", "no")):
        assert run("screening", "answer", label, criterion, answer).exit_code == 0
    assert run("screening", "answer", label, "E1", "no", role="investigator").exit_code == 0
    submitted = run("screening", "submit", label)
    assert submitted.exit_code == 0 and "Prepared by: 王安 (coordinator)" in submitted.output
    monkeypatch.delenv("TRIALDESK_PASSWORD")  # typed at the prompts: sign-in, then the signature
    wrong = CliRunner().invoke(main, ["--db", run.db, "--user", "dr.li", "screening", "sign", label],
                               input="granite tulip 1987\nnot my password\n")
    assert wrong.exit_code == 1 and "the password does not match: not signed" in wrong.output
    signed = CliRunner().invoke(main, ["--db", run.db, "--user", "dr.li", "screening", "sign", label],
                                input="granite tulip 1987\ngranite tulip 1987\n")
    assert signed.exit_code == 0, signed.output
    assert "Eligibility confirmed by investigator: 李明 (investigator)" in signed.output and "+0800" in signed.output
    monkeypatch.setenv("TRIALDESK_PASSWORD", "granite tulip 1987")
    shown = _json(run("screening", "show", label, "--json", role="monitor"))
    assert [(s["meaning"], s["matches"]) for s in shown["screening"]["signatures"]] == \
        [("Prepared by", True), ("Eligibility confirmed by investigator", True)]


def _e7e(report):
    e7 = next(c for c in report["criteria"] if c["id"] == "E7")
    return next(p for p in e7["parts"] if p["id"] == "E7e")


def test_readings_adopted_for_the_trial_and_chosen_for_a_screening(run):
    trial = "NCT05863936"
    listed = _json(run("readings", "list", "--trial", trial, "--json"))
    assert [(i["id"], [r["id"] for r in i["readings"]], i["adopted"]) for i in listed["items"]] == \
        [("I4b", ["below_30", "at_least_30"], None), ("E4c", ["not_listed", "implied"], None),
         ("E7c", ["any_copd", "oral_treated"], None), ("E7e", ["all_low", "any_low"], None)]
    refused = run("readings", "adopt", "--trial", trial, "E7e", "any_low", "--reason", "sponsor's letter")
    assert refused.exit_code == 1 and "may not choose or adopt a reading" in refused.output
    adopted = run("readings", "adopt", "--trial", trial.lower(), "e7e", "any_low", "--reason", "sponsor's letter",
                  role="investigator")
    assert adopted.exit_code == 0 and "E7e: reading any_low adopted" in adopted.output
    items = {i["id"]: i for i in _json(run("readings", "list", "--trial", trial, "--json"))["items"]}
    assert items["E7e"]["adopted"]["reason"] == "sponsor's letter" and items["E7c"]["adopted"] is None

    preview = _e7e(_json(run("screen", "--patient", "EX-3936-01", "--trial", trial, "--on", ON, "--json")))
    assert preview["resolved_by"] == "adopted_reading" and "reason: sponsor's letter" in preview["evidence"]
    label = run("screening", "start", "--patient", "EX-3936-01", "--trial", trial, "--on", ON).output.split()[0]
    chosen = run("screening", "choose", label, "E7E", "all_low", "--note", "this case", role="investigator")
    assert chosen.exit_code == 0, chosen.output
    shown = _e7e(_json(run("screening", "show", label, "--json")))
    assert shown["resolved_by"] == "investigators_choice" and shown["evidence"][1] == "reason: this case"
    text = run("screening", "show", label).output
    assert "E7e reading all_low \u201call three counts low\u201d, literal text: no (taken)" in text
    bad = run("screening", "choose", label, "E7e", "none_low", role="investigator")
    assert bad.exit_code == 1 and "its readings: all_low, any_low" in bad.output

    withdrawn = run("readings", "withdraw", "--trial", trial, "E7e", "--reason", "amendment 3", role="investigator")
    assert withdrawn.exit_code == 0
    again = _e7e(_json(run("screen", "--patient", "EX-3936-02", "--trial", trial, "--on", ON, "--json")))
    assert again["resolved_by"] != "adopted_reading"


def test_prescreen_says_what_each_open_criterion_asks_and_ranks_the_worklist(run):
    report = _json(run("prescreen", "--trial", NCT, "--on", ON, "--json"))
    by_patient = {r["patient"]: r for r in report["results"]}
    asked = by_patient["EX-4063-01"]  # open I4 (consent), E9 (judgement); E1: eGFR 63 but clearance 54
    assert asked["open_by_kind"] == {"question": ["I4", "E9"], "data": [], "readings": ["E1"], "to_obtain": []}
    assert asked["next"] == "readings"
    missing = by_patient["EX-4063-05"]  # E8's IgG is missing
    assert "E8" in missing["open_by_kind"]["data"] and missing["open_by_kind"]["to_obtain"]
    assert missing["next"] == "data"
    assert by_patient["EX-4063-02"]["open_by_kind"] is None and by_patient["EX-4063-02"]["next"] is None
    order = [(w["patient"], w["next"]) for w in report["worklist"]]
    assert "EX-4063-02" not in {p for p, _ in order}  # ineligible: not a candidate
    steps = [step for _, step in order]
    assert steps == sorted(steps, key=[None, "question", "data", "readings"].index)
    text = run("prescreen", "--trial", NCT, "--on", ON).output
    assert "ask I4, E9; choose reading E1" in text and "obtain data E8" in text
