"""`trialdesk prescreen --workers N`: worker processes give exactly the verdicts of one process."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ui.cli.main import main

ON = "2026-11-23"


def test_prescreen_in_worker_processes_gives_what_one_process_gives(tmp_path):
    db = str(tmp_path / "demo.sqlite3")
    runner = CliRunner()
    # enough patients for several chunks of a registry read as it comes (250 each)
    built = runner.invoke(main, ["--db", db, "demo", "--patients", "600"])
    assert built.exit_code == 0, built.output

    def prescreen(*args: str) -> dict:
        result = runner.invoke(main, ["--db", db, "prescreen", "--on", ON, "--json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    alone = prescreen("--workers", "1")
    assert alone["patients"] == 600 and len(alone["results"]) == 600 * len(alone["trials"])
    assert prescreen("--workers", "2") == alone
    assert prescreen() == alone  # the default: one worker per CPU
    ineligible = prescreen("--workers", "3", "--only", "ineligible")
    assert ineligible["results"] == [r for r in alone["results"] if r["verdict"] == "ineligible"]


def test_prescreen_refuses_no_workers(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "demo.sqlite3"), "prescreen", "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
