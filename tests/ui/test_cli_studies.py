"""On-study histories through the command line: export -> import -> export gives the same bytes."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from coordinator.records.record import AdverseEvent, DoseRecord, ExitEvent, Study, StudyVisit
from coordinator.records.record_io import dump_records
from tests.conftest import EXAMPLES, make_patient
from tests.ui.conftest import PASSWORD, set_up_site
from ui.cli.main import main

D = dt.date


def _patient_with_two_studies():
    tacrolimus = Study(
        trial="NCT03864250", arm="tac", subject_no="XH-TAC-003", enrolled_on=D(2026, 3, 2), note="IWRS",
        visits=[StudyVisit(visit="week4", date=D(2026, 3, 30)), StudyVisit(visit="baseline", date=D(2026, 3, 2)),
                StudyVisit(visit="week2", status="missed", note="flu"), StudyVisit(visit="week8", date=D(2026, 4, 27))],
        doses=[DoseRecord(drug="tacrolimus", start=D(2026, 4, 1), dose=2, reason="eGFR rule step 1"),
               DoseRecord(drug="tacrolimus", start=D(2026, 3, 2), dose=4, reason="start"),
               DoseRecord(drug="tacrolimus", start=D(2026, 4, 28), dose=0, reason="stopped: eGFR still > 30% down")],
        adverse_events=[AdverseEvent(term="Tremor", grade=1, onset=D(2026, 3, 9), resolved=D(2026, 3, 20),
                                     serious=False, related_to="tacrolimus"),
                        AdverseEvent(term="Acute kidney injury", grade=3, onset=D(2026, 4, 20), serious=True,
                                     related_to="tacrolimus", note="admitted 3 days")],
        exits=[ExitEvent(date=D(2026, 4, 28), reason="eGFR still more than 30% below baseline at the recheck",
                         criterion="X8", by="dr.li")],
    )
    telitacicept = Study(
        trial="NCT06394063", arm="telitacicept", subject_no="TE-11", enrolled_on=D(2026, 9, 1),
        visits=[StudyVisit(visit="day1", date=D(2026, 9, 1))],
        doses=[DoseRecord(drug="telitacicept", start=D(2026, 9, 1), dose=160, unit="mg", reason="weekly injection")],
    )
    return make_patient("R0001", studies=[telitacicept, tacrolimus])


def test_a_full_on_study_history_survives_export_import_export(tmp_path, monkeypatch):
    source = tmp_path / "source.json"
    source.write_text(dump_records([_patient_with_two_studies(), make_patient("R0002", "王小明")]), encoding="utf-8")
    examples = [str(source), str(EXAMPLES / "on-study" / "NCT03864250-followup.json")]

    monkeypatch.setenv("TRIALDESK_PASSWORD", PASSWORD)
    for db in ("first.sqlite3", "second.sqlite3"):
        set_up_site(str(tmp_path / db))

    def cli(db: str, *args: str):
        result = CliRunner().invoke(main, ["--db", str(tmp_path / db), "--user", "ann", *args],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    cli("first.sqlite3", "import", *examples)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    cli("first.sqlite3", "export", "--out", str(first))
    cli("second.sqlite3", "import", str(first))
    cli("second.sqlite3", "export", "--out", str(second))
    assert first.read_bytes() == second.read_bytes()

    exported = {p["registry_no"]: p for p in json.loads(first.read_text(encoding="utf-8"))["patients"]}
    studies = exported["R0001"]["studies"]
    assert [s["trial"] for s in studies] == ["NCT03864250", "NCT06394063"]  # by enrolment day
    assert [d["dose"] for d in studies[0]["doses"]] == [4.0, 2.0, 0.0]  # by start day
    assert studies[0]["visits"][0] == {"visit": "week2", "status": "missed", "note": "flu"}
    assert studies[0]["exits"] == [{"date": "2026-04-28", "reason": "eGFR still more than 30% below baseline at "
                                    "the recheck", "criterion": "X8", "by": "dr.li"}]
    assert exported["R0002"]["studies"] == []
    assert len(exported["EX-4250-F1"]["studies"][0]["doses"]) == 3
