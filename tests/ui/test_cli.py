"""The `trialdesk` command line, driven as site IT would drive it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordinator import __version__
from coordinator.records.record_io import dump_records
from tests.conftest import EXAMPLES, make_patient
from tests.ui.conftest import PASSWORD, set_up_site
from ui.cli.main import main


@pytest.fixture
def run(cli):
    """`trialdesk` as ann, a coordinator, on a set-up site."""
    def invoke(*args: str, user: str = "ann", db: str | None = None):
        return cli(*args, user=user, db=db, catch_exceptions=False)

    return invoke


def _file(tmp_path: Path, name: str, *patients) -> str:
    path = tmp_path / name
    path.write_text(dump_records(list(patients)), encoding="utf-8")
    return str(path)


def test_version_and_help():
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    help_text = runner.invoke(main, ["--help"]).output
    for command in ("import", "export", "patients", "show", "demo", "archive"):
        assert command in help_text


def test_import_then_export_then_import_gives_identical_files(run, tmp_path):
    examples = sorted(str(p) for p in EXAMPLES.glob("NCT*.json"))
    result = run("import", *examples)
    assert result.exit_code == 0, result.output
    assert result.output.count("imported") == 5
    first = tmp_path / "first.json"
    assert run("export", "--out", str(first)).exit_code == 0

    other_db = str(tmp_path / "other.sqlite3")
    set_up_site(other_db)
    other = run("import", str(first), db=other_db)
    assert other.exit_code == 0, other.output
    second = tmp_path / "second.json"
    run("export", "--out", str(second), db=other_db)
    assert first.read_bytes() == second.read_bytes()
    assert len(json.loads(first.read_text())["patients"]) == 28


def test_counts_are_said_in_the_singular_and_the_plural(run, tmp_path):
    assert "one.json: imported 1 patient\n" in run("import", _file(tmp_path, "one.json", make_patient("R0001"))).output
    assert "two.json: imported 2 patients\n" in run(
        "import", _file(tmp_path, "two.json", make_patient("R0002"), make_patient("R0003"))).output
    exported = run("export", "--patient", "R0001", "--out", str(tmp_path / "out.json"))
    assert exported.exit_code == 0 and "exported 1 patient to" in exported.output


def test_an_invalid_file_is_rejected_whole_with_every_problem_listed(run, tmp_path):
    good = _file(tmp_path, "good.json", make_patient("R0001"))
    bad_text = json.loads(dump_records([make_patient("R0002", "王小明"), make_patient("R0003", "李娜")]))
    bad_text["patients"][0]["observations"][0].update(value=0)           # impossible creatinine
    bad_text["patients"][1]["observations"][0].update(unit="furlongs")   # unknown unit
    bad_text["patients"][1]["birth_date"] = "2999-01-01"                 # future birth date
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_text, ensure_ascii=False), encoding="utf-8")

    result = run("import", good, str(bad))
    assert result.exit_code == 1
    output = result.output
    assert "good.json: imported 1 patient" in output
    assert "bad.json: rejected, nothing imported" in output
    assert "bad.json: patient R0002: observations[0] (creatinine).value: value 0 umol/L is impossible" in output
    assert "patient R0003: observations[0] (creatinine).unit: unit 'furlongs' is not accepted" in output
    assert "patient R0003: birth_date: date of birth 2999-01-01 is in the future" in output

    listed = json.loads(run("patients", "--json").output)
    assert [p["registry_no"] for p in listed["patients"]] == ["R0001"]


def test_importing_an_existing_patient_needs_update(run, tmp_path):
    assert run("import", _file(tmp_path, "a.json", make_patient("R0001"))).exit_code == 0
    again = run("import", _file(tmp_path, "b.json", make_patient("R0001", "张三")))
    assert again.exit_code == 1
    assert "already in the registry (use --update" in again.output
    updated = run("import", "--update", _file(tmp_path, "b.json", make_patient("R0001", "张三")))
    assert updated.exit_code == 0
    shown = json.loads(run("show", "R0001", "--json").output)
    assert shown["patient"]["name"] == "张三"


def test_show_lists_values_and_derived_egfr(run, tmp_path):
    run("import", _file(tmp_path, "a.json", make_patient("R0001")))
    shown = json.loads(run("show", "R0001", "--json").output)
    egfr = [d for d in shown["derived"] if d["code"] == "egfr"]
    assert egfr and egfr[0]["method"] == "ckd_epi_2021"
    assert "creatinine 106.1 umol/L on 2026-10-30" in egfr[0]["from"]
    text = run("show", "R0001").output
    assert "张三丰 (ZSF)" in text and "derived" in text


def test_unknown_patient_is_a_clear_error(run):
    result = run("show", "NOPE")
    assert result.exit_code == 1
    assert "no patient with registry or record number 'NOPE'" in result.output


def test_a_real_registry_needs_a_site_and_a_signed_in_account(tmp_path, monkeypatch, site_db):
    fresh = CliRunner().invoke(main, ["--db", str(tmp_path / "new.sqlite3"), "patients"])
    assert fresh.exit_code == 1 and "no site yet: run `trialdesk setup`" in fresh.output
    anonymous = CliRunner().invoke(main, ["--db", site_db, "patients"])
    assert anonymous.exit_code == 1 and "sign in: give --user NAME" in anonymous.output
    monkeypatch.setenv("TRIALDESK_PASSWORD", "not the password")
    wrong = CliRunner().invoke(main, ["--db", site_db, "--user", "ann", "patients"])
    assert wrong.exit_code == 1 and "wrong user name or password" in wrong.output


def test_the_password_is_asked_for_without_echo(site_db):
    result = CliRunner().invoke(main, ["--db", site_db, "--user", "ann", "patients", "--json"],
                                input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output


def test_least_privilege_on_the_command_line(run, tmp_path):
    patient_file = _file(tmp_path, "a.json", make_patient("R0001"))
    refused = run("import", patient_file, user="mo")
    assert refused.exit_code == 1 and "mo (monitor) may not change patient data" in refused.output
    assert run("import", patient_file, user="ann").exit_code == 0
    assert run("archive", "R0001", "--reason", "x", user="mo").exit_code == 1
    assert run("patients", "--json", user="mo").exit_code == 0           # a monitor reads
    helpdesk = run("patients", user="helpdesk")                            # an administrator only manages accounts
    assert helpdesk.exit_code == 1 and "may not read the registry" in helpdesk.output


def test_setup_then_accounts(tmp_path, monkeypatch):
    db = str(tmp_path / "new.sqlite3")
    monkeypatch.setenv("TRIALDESK_NEW_PASSWORD", PASSWORD)
    made = CliRunner().invoke(main, ["--db", db, "setup", "--site-name", "复旦大学附属华山医院", "--username", "dr.wu",
                                     "--printed-name", "吴芳"])
    assert made.exit_code == 0, made.output
    again = CliRunner().invoke(main, ["--db", db, "setup", "--site-name", "x", "--username", "y", "--printed-name", "Y"])
    assert again.exit_code == 1 and "already set up" in again.output
    monkeypatch.setenv("TRIALDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("TRIALDESK_NEW_PASSWORD", "orchid river 1987")
    as_wu = ["--db", db, "--user", "dr.wu"]
    assert CliRunner().invoke(main, [*as_wu, "users", "add", "ann", "--printed-name", "王安", "--role",
                                     "coordinator"]).exit_code == 0
    listed = CliRunner().invoke(main, [*as_wu, "users", "list"]).output
    assert "ann" in listed and "coordinator" in listed and "administrator,investigator" in listed
    monkeypatch.setenv("TRIALDESK_PASSWORD", "orchid river 1987")
    refused = CliRunner().invoke(main, ["--db", db, "--user", "ann", "users", "add", "bob", "--printed-name", "B",
                                        "--role", "monitor"])
    assert refused.exit_code == 1 and "may not manage accounts" in refused.output


def test_patients_searches_and_archive_hides(run, tmp_path):
    run("import", _file(tmp_path, "a.json", make_patient("R0001"), make_patient("R0002", "王小明")))
    found = json.loads(run("patients", "wang", "--json").output)
    assert [p["registry_no"] for p in found["patients"]] == ["R0002"]
    assert run("archive", "R0002", "--reason", "duplicate").exit_code == 0
    assert json.loads(run("patients", "--json").output)["total"] == 1


def test_demo_builds_its_own_registry_and_refuses_a_real_one(tmp_path):
    runner = CliRunner()
    demo_db = str(tmp_path / "demo.sqlite3")
    result = runner.invoke(main, ["--db", demo_db, "demo", "--patients", "28"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(main, ["--db", demo_db, "patients", "--json", "--limit", "100"]).output)
    assert listed["total"] == 28
    assert {p["registry_no"][:5] for p in listed["patients"]} == {"DEMO-"}

    real_db = str(tmp_path / "real.sqlite3")
    runner.invoke(main, ["--db", real_db, "patients"])
    refused = runner.invoke(main, ["--db", real_db, "demo"])
    assert refused.exit_code != 0
    assert "demo patients go only into a demo registry" in refused.output


def test_demo_covers_a_trial_the_site_installed_from_its_demo_section(tmp_path):
    site_trial = Path(__file__).resolve().parents[1] / "trials" / "site" / "ChiCTR2300071234.yaml"
    (tmp_path / "trials").mkdir()
    shutil.copy(site_trial, tmp_path / "trials" / site_trial.name)  # the folder beside the demo registry
    runner = CliRunner()
    demo_db = str(tmp_path / "demo.sqlite3")
    assert runner.invoke(main, ["--db", demo_db, "demo", "--patients", "6"]).exit_code == 0
    shown = runner.invoke(main, ["--db", demo_db, "show", "DEMO-00001", "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["patient"]["note"] == "synthetic: ChiCTR2300071234 eligible"  # the trials in id order
    listed = json.loads(runner.invoke(main, ["--db", demo_db, "patients", "--json"]).output)
    assert listed["total"] == 6


def test_demo_without_db_never_touches_the_default_registry(isolated_user_folders):
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--patients", "5"]).exit_code == 0
    folder = isolated_user_folders / "data" / "TrialDesk"
    assert (folder / "demo.sqlite3").exists()
    assert not (folder / "registry.sqlite3").exists()
