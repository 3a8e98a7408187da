"""`trialdesk followup`, `alerts` and `ack` on an imported on-study history (NCT03864250,
tacrolimus arm: eGFR fell by more than 30% on 2026-07-27 and the dose was halved the next day)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES
from tests.ui.conftest import USER_FOR

NCT = "NCT03864250"
FOLLOWUP_FILE = EXAMPLES / "on-study" / "NCT03864250-followup.json"
REF = "EX-4250-F1"


@pytest.fixture
def run(cli):
    def invoke(*args: str, role: str = "coordinator"):
        return cli(*args, user=USER_FOR[role])

    assert invoke("import", str(FOLLOWUP_FILE), *map(str, sorted(EXAMPLES.glob("NCT*.json")))).exit_code == 0
    return invoke


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_followup_json_follows_the_contract_on_the_day_the_rule_fires(run):
    report = _json(run("followup", "--patient", REF, "--trial", NCT, "--on", "2026-07-27", "--json"))
    assert {"patient", "trial", "arm", "on", "status", "baseline", "actions", "alerts", "next_visits"} <= report.keys()
    assert (report["patient"], report["trial"], report["arm"], report["status"]) == (REF, NCT, "tac", "on_study")
    assert report["baseline"] == {"egfr": pytest.approx(76.89), "date": "2026-05-18"}
    halve, recheck = report["actions"]
    assert {k: halve[k] for k in ("rule", "action", "drug", "from_mg_per_day", "to_mg_per_day", "due")} == \
        {"rule": "X8", "action": "halve_dose", "drug": "tacrolimus", "from_mg_per_day": 3.0, "to_mg_per_day": 1.5,
         "due": "2026-07-27"}
    assert halve["text"].startswith("In the TAC group, the eGFR decreased by >30%")
    assert (recheck["action"], recheck["due"]) == ("recheck", "2026-08-10")
    assert [v["visit"] for v in report["next_visits"]][:1] == ["week12"]


def test_followup_as_of_later_days(run):
    after_halving = _json(run("followup", "--patient", REF, "--trial", NCT, "--on", "2026-07-29", "--json"))
    assert [a["action"] for a in after_halving["actions"]] == ["recheck"]
    settled = _json(run("followup", "--patient", REF, "--trial", NCT, "--on", "2026-11-23", "--json"))
    assert settled["actions"] == [] and settled["alerts"] == []
    assert settled["responses"][0]["response"] == "partial"


def test_followup_refuses_a_patient_not_enrolled_and_bad_input(run):
    not_enrolled = run("followup", "--patient", "EX-4250-01", "--trial", NCT)
    assert not_enrolled.exit_code == 1 and "EX-4250-01 is not enrolled in NCT03864250" in not_enrolled.output
    unknown = run("followup", "--patient", "NOPE", "--trial", NCT)
    assert unknown.exit_code == 1 and "no patient with registry or record number 'NOPE'" in unknown.output
    assert run("followup", "--patient", REF, "--trial", NCT, "--on", "27/07/2026").exit_code == 2


def test_alerts_list_what_is_due_across_the_registry(run):
    due = _json(run("alerts", "--on", "2026-07-27", "--json"))
    assert [(i["patient"], i["type"], i.get("action")) for i in due["items"]] == \
        [(REF, "action", "halve_dose"), (REF, "action", "recheck")]
    assert _json(run("alerts", "--on", "2026-11-23", "--json"))["items"] == []


def test_an_acknowledgement_is_audited_and_changes_nothing_the_engine_computes(run):
    before = _json(run("followup", "--patient", REF, "--trial", NCT, "--on", "2026-07-27", "--json"))
    key = before["actions"][0]["key"]
    refused = run("ack", "--patient", REF, "--trial", NCT, "--key", key, "--note", "done", role="monitor")
    assert refused.exit_code == 1 and "may not acknowledge a follow-up action" in refused.output
    blank = run("ack", "--patient", REF, "--trial", NCT, "--key", key, "--note", "  ")
    assert blank.exit_code == 1 and "needs a note" in blank.output
    invented = run("ack", "--patient", REF, "--trial", NCT, "--key", "X8:stop_drug:tacrolimus:2026-07-27",
                   "--note", "x")
    assert invented.exit_code == 1 and "is not an action raised" in invented.output
    assert run("ack", "--patient", REF, "--trial", NCT, "--key", key, "--note",
               "dose halved to 1.5 mg/d, patient phoned").exit_code == 0

    after = _json(run("followup", "--patient", REF, "--trial", NCT, "--on", "2026-07-27", "--json"))
    assert after["actions"][0]["acknowledged"]["note"] == "dose halved to 1.5 mg/d, patient phoned"
    strip = lambda report: [{k: v for k, v in a.items() if k != "acknowledged"} for a in report["actions"]]
    assert strip(after) == strip(before)
    exported = json.loads(run("export", "--patient", REF).stdout)
    assert exported["patients"][0]["studies"][0]["doses"] == \
        json.loads(FOLLOWUP_FILE.read_text(encoding="utf-8"))["patients"][0]["studies"][0]["doses"]
