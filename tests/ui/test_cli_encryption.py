"""`trialdesk` on an encrypted registry: set-up encrypts and prints the recovery key; `site
encrypt` converts a clear site after a backup and every account keeps working; a wrong password
and a mistyped recovery key get a clear message; `site recover` gives a new password."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from db.encryption import is_encrypted, key_file_path
from tests.ui.conftest import PASSWORD
from ui.cli.main import main

NEW = "orchid river 1987"
KEY = re.compile(r"(?:[0-9A-Z]{4}-){13}[0-9A-Z]{4}")


def _run(db, *args, env=None):
    return CliRunner().invoke(main, ["--db", str(db), *args], env=env or {})


def test_setup_encrypts_and_prints_the_recovery_key_once(tmp_path):
    db = tmp_path / "registry.sqlite3"
    made = _run(db, "setup", "--site-name", "北京协和医院", "--username", "dr.li", "--printed-name", "李明",
                "--recovery-sheet", str(tmp_path / "sheet.pdf"), env={"TRIALDESK_NEW_PASSWORD": PASSWORD})
    assert made.exit_code == 0, made.output
    assert KEY.search(made.output) and "site file" in made.output
    sheet = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True).stdout
    assert KEY.search(made.output).group(0).split("-")[0] in sheet and "北京协和医院" in sheet
    assert is_encrypted(db) and key_file_path(db).exists()
    as_li = {"TRIALDESK_PASSWORD": PASSWORD}
    listed = _run(db, "--user", "dr.li", "users", "list", env=as_li)
    assert listed.exit_code == 0 and "李明" in listed.output
    wrong = _run(db, "--user", "dr.li", "patients", env={"TRIALDESK_PASSWORD": "not the password"})
    assert wrong.exit_code == 1 and "wrong user name or password" in wrong.output and "Traceback" not in wrong.output
    verified = _run(db, "--user", "dr.li", "audit", "verify", env=as_li)
    assert verified.exit_code == 0 and "intact" in verified.output
    again = _run(db, "setup", "--site-name", "x", "--username", "y", "--printed-name", "Y",
                 env={"TRIALDESK_NEW_PASSWORD": PASSWORD})
    assert again.exit_code == 1 and "already set up" in again.output


def test_site_encrypt_converts_a_clear_site_and_every_account_goes_on(cli, site_db):
    imported = cli("import", str(Path("tests/examples/NCT06394063.json")))
    assert imported.exit_code == 0, imported.output
    refused = cli("site", "encrypt", user="ann")
    assert refused.exit_code == 1 and "may not encrypt the registry" in refused.output
    done = cli("site", "encrypt", user="helpdesk")
    assert done.exit_code == 0, done.output
    assert "backup of the clear registry first" in done.output and KEY.search(done.output)
    assert is_encrypted(Path(site_db))
    for user in ("ann", "dr.li", "mo"):
        assert cli("patients", user=user).exit_code == 0
    assert "EX-4063-01" in cli("patients").output
    again = cli("site", "encrypt", user="helpdesk")
    assert again.exit_code == 1 and "already encrypted" in again.output


def test_recovery_with_the_printed_key(tmp_path):
    db = tmp_path / "registry.sqlite3"
    made = _run(db, "setup", "--site-name", "协和", "--username", "dr.li", "--printed-name", "李明",
                env={"TRIALDESK_NEW_PASSWORD": PASSWORD})
    recovery = KEY.search(made.output).group(0)
    key_file_path(db).unlink()  # lost with every password
    typo = recovery[:-1] + ("A" if recovery[-1] != "A" else "B")
    mistyped = _run(db, "site", "recover", "--user", "dr.li", env={"TRIALDESK_RECOVERY_KEY": typo})
    assert mistyped.exit_code == 1 and "does not check out" in mistyped.output
    recovered = _run(db, "site", "recover", "--user", "dr.li",
                     env={"TRIALDESK_RECOVERY_KEY": recovery.lower().replace("-", " "), "TRIALDESK_NEW_PASSWORD": NEW})
    assert recovered.exit_code == 0, recovered.output
    assert _run(db, "--user", "dr.li", "users", "list", env={"TRIALDESK_PASSWORD": NEW}).exit_code == 0


def test_backups_and_restores_of_an_encrypted_registry(tmp_path):
    db = tmp_path / "registry.sqlite3"
    _run(db, "setup", "--site-name", "协和", "--username", "dr.li", "--printed-name", "李明",
         env={"TRIALDESK_NEW_PASSWORD": PASSWORD})
    as_li = {"TRIALDESK_PASSWORD": PASSWORD}
    made = _run(db, "--user", "dr.li", "backup", "--json", env=as_li)
    assert made.exit_code == 0, made.output
    backup = next((tmp_path / "backups").glob("registry-*.sqlite3"))
    assert is_encrypted(backup) and key_file_path(backup).exists()
    checked = _run(db, "--user", "dr.li", "backup", "--list", "--check", env=as_li)
    assert checked.exit_code == 0 and "checked" in checked.output
    restored = _run(db, "--user", "dr.li", "restore", str(backup), env=as_li)
    assert restored.exit_code == 0, restored.output
    assert _run(db, "--user", "dr.li", "audit", "verify", env=as_li).exit_code == 0
