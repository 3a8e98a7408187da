"""`trialdesk` imports a sub-command's module only when that command runs: listing alerts loads
neither Qt nor the PDF and PDF-signing libraries, and every command is still there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import EXAMPLES
from tests.ui.conftest import PASSWORD
from ui.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("PySide6", "reportlab", "pyhanko")
PROGRAM = """
import json, sys
from ui.cli.main import main
try:
    main(sys.argv[1:], prog_name="trialdesk")
except SystemExit as stop:
    code = stop.code
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(%r))), file=sys.stderr)
""" % (HEAVY,)


def loaded_by(*args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    environment = dict(os.environ, TRIALDESK_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROGRAM, *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)
    return done, json.loads(done.stderr.strip().splitlines()[-1])


def test_alerts_and_followup_load_no_qt_and_no_pdf_libraries(site_db):
    path = EXAMPLES / "on-study" / "NCT03864250-followup.json"
    imported = CliRunner().invoke(main, ["--db", site_db, "--user", "ann", "import", str(path)],
                                  env={"TRIALDESK_PASSWORD": PASSWORD})
    assert imported.exit_code == 0, imported.output
    done, heavy = loaded_by("--db", site_db, "--user", "ann", "alerts", "--on", "2026-07-27", "--json")
    assert '"patient": "EX-4250-F1"' in done.stdout and heavy == []
    done, heavy = loaded_by("--db", site_db, "--user", "ann", "followup", "--patient", "EX-4250-F1",
                            "--trial", "NCT03864250", "--on", "2026-07-27", "--json")
    assert '"halve_dose"' in done.stdout and heavy == []


def test_the_pdf_commands_still_load_what_they_need():
    done, heavy = loaded_by("report", "--help")
    assert "Usage: trialdesk report" in done.stdout and "reportlab" in heavy


def test_every_command_is_listed_and_runs_its_help():
    listed = CliRunner().invoke(main, ["--help"])
    commands = ["ack", "alerts", "archive", "audit", "demo", "export", "followup", "import", "log", "patients",
                "prescreen", "report", "screen", "screening", "setup", "show", "site", "users", "verify"]
    for command in commands:
        assert f"  {command} " in listed.output
        shown = CliRunner().invoke(main, [command, "--help"])
        assert shown.exit_code == 0 and f"Usage: main {command}" in shown.output
