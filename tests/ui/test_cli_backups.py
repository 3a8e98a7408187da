"""`trialdesk backup` and `trialdesk restore` as a site uses them: a backup while the registry is in
use, listed and checked; a restore by an administrator only, with the password asked again, that
gives back what was backed up; the backup folder as a site setting."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES


def _backup(cli, *args, user="ann"):
    result = cli("backup", "--json", *args, user=user)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_backup_is_made_checked_and_listed(cli, site_db):
    made = _backup(cli)
    assert Path(made["file"]).parent == Path(site_db).parent / "backups"
    assert made["patients"] == 0 and made["audit_entries"] > 0 and made["pruned"] == []
    listed = cli("backup", "--list", "--check")
    assert listed.exit_code == 0, listed.output
    assert Path(made["file"]).name in listed.output and "checked" in listed.output


def test_a_backup_to_a_folder_of_ones_choosing_and_a_damaged_one_is_named(cli, tmp_path):
    folder = tmp_path / "usb"
    made = _backup(cli, "--to", str(folder))
    Path(made["file"]).write_bytes(b"broken")
    listed = cli("backup", "--list", "--check", "--to", str(folder))
    assert listed.exit_code == 1
    assert "PROBLEM" in listed.output and "has changed since the backup was made" in listed.output


def test_restore_is_the_administrators_and_asks_the_password_again(cli, tmp_path, monkeypatch):
    imported = cli("import", str(EXAMPLES / "NCT03580291.json"))
    assert imported.exit_code == 0, imported.output
    made = _backup(cli)
    assert made["patients"] > 0
    assert cli("archive", "EX-0291-01", "--reason", "test").exit_code == 0

    refused = cli("restore", made["file"], user="ann")
    assert refused.exit_code == 1 and "may not restore the registry" in refused.output

    monkeypatch.delenv("TRIALDESK_PASSWORD")
    wrong = cli("restore", made["file"], user="helpdesk", input="granite tulip 1987\nwrong password\n")
    assert wrong.exit_code == 1
    restored = cli("restore", made["file"], "--reason", "disk replaced", user="helpdesk",
                   input="granite tulip 1987\ngranite tulip 1987\n")
    assert restored.exit_code == 0, restored.output
    assert "the registry as it was is kept at" in restored.output
    monkeypatch.setenv("TRIALDESK_PASSWORD", "granite tulip 1987")
    shown = cli("patients", "--json")
    assert "EX-0291-01" in shown.output  # archived after the backup: back as it was


def test_restore_of_a_file_that_is_not_a_backup_says_so(cli, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("hello")
    result = cli("restore", str(junk), user="helpdesk")
    assert result.exit_code == 1 and "no manifest" in result.output


def test_the_backup_folder_is_a_site_setting(cli, tmp_path):
    share = tmp_path / "share"
    result = cli("site", "set", "--backup-folder", str(share), "--backup-warning-days", "5", user="helpdesk")
    assert result.exit_code == 0, result.output
    assert f"backup folder: {share}; warning after 5 days" in result.output
    assert Path(_backup(cli)["file"]).parent == share
    shown = json.loads(cli("site", "show", "--json").output)
    assert (shown["backup_folder"], shown["backup_warning_days"]) == (str(share), 5)
    assert cli("site", "set", "--backup-folder", "relative", user="helpdesk").exit_code == 1
    assert cli("site", "set", user="helpdesk").exit_code == 2
    assert cli("site", "set", "--backup-warning-days", "4", user="ann").exit_code == 1


def test_audit_verify_catches_deleted_newest_entries_by_the_backups_heads(cli, site_db):
    import sqlite3

    _backup(cli)
    intact = cli("audit", "verify", user="dr.li")
    assert intact.exit_code == 0
    assert "and the 2 heads recorded outside it (backups, the last closing) found in it" in intact.output
    with sqlite3.connect(site_db) as raw:
        raw.execute("DELETE FROM audit_event WHERE id > (SELECT MAX(id) - 3 FROM audit_event)")
    broken = cli("audit", "verify", user="dr.li")
    # The newest head known, written when the last command closed the registry, tells it first.
    assert broken.exit_code == 1 and "are missing: the registry's last closing" in broken.output
    (Path(site_db).parent / "registry.sqlite3.audit-head").unlink()  # that file deleted too: the backup's head
    broken = cli("audit", "verify", user="dr.li")
    # Signing in wrote a new entry where the deleted ones were: it is not the one the backup recorded.
    assert broken.exit_code == 1 and "differs from what the backup registry-" in broken.output
