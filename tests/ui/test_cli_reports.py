"""`trialdesk report`, `log`, `verify` and `site`, driven as a site's people would drive them, with
poppler's pdfsig (NSS) as an independent verifier. pdfsig, certutil and pdftotext are part of
the test set-up (packaging/setup.sh): missing, these tests fail rather than skip."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from db.models import AuditRow
from db.registry import Registry
from tests.conftest import EXAMPLES, flip_a_signed_byte
from tests.ui.conftest import PASSWORD
from ui.cli.main import main

NCT = "NCT06394063"
LABEL = f"{NCT}-S0001"
PATIENT = "EX-4063-01"


def _run(db: str, user: str, *args: str, **kwargs):
    return CliRunner().invoke(main, ["--db", db, "--user", user, *args], **kwargs)


@pytest.fixture(scope="module")
def prepared_template(site_template, tmp_path_factory) -> Path:
    """The site with the example patients and one screening prepared by ann ("Prepared by")
    and consent recorded; built once, copied for each test."""
    folder = tmp_path_factory.mktemp("prepared")
    for source in site_template.iterdir():
        shutil.copy(source, folder / source.name)
    db = str(folder / "registry.sqlite3")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIALDESK_PASSWORD", PASSWORD)
        for user, *args in (
                ("ann", "import", str(EXAMPLES / f"{NCT}.json")),
                ("ann", "screening", "start", "--patient", PATIENT, "--trial", NCT, "--on", "2026-11-23"),
                ("ann", "screening", "answer", LABEL, "I4", "yes", "--note", "consent signed 2026-11-20"),
                ("dr.li", "screening", "override", LABEL, "E1", "no", "--reason", "CKD-EPI eGFR 116"),
                ("ann", "screening", "answer", LABEL, "E9", "no", "--note", "suitable"),
                ("ann", "screening", "consent", LABEL, "--date", "2026-11-20"),
                ("ann", "screening", "submit", LABEL)):
            result = _run(db, user, *args)
            assert result.exit_code == 0, (args, result.output)
    return folder


@pytest.fixture
def run(prepared_template, tmp_path, monkeypatch):
    for source in prepared_template.iterdir():
        shutil.copy(source, tmp_path / source.name)
    db = str(tmp_path / "registry.sqlite3")
    monkeypatch.setenv("TRIALDESK_PASSWORD", PASSWORD)

    def invoke(user: str, *args: str, **kwargs):
        return _run(db, user, *args, **kwargs)

    invoke.db = db
    return invoke


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} missing: packaging/setup.sh installs poppler-utils and libnss3-tools"
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def pdfsig(path: Path, nss: Path | None = None) -> list[str]:
    command = [_tool("pdfsig")] + (["-nssdir", f"sql:{nss}"] if nss else []) + [str(path)]
    output = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    return re.split(r"^Signature #\d+:$", output, flags=re.M)[1:]


def nss_trusting(ca_pem: Path, folder: Path) -> Path:
    """An NSS database trusting the site's authority for signatures (the e-mail/document
    signing trust field: `C,,` would trust it for TLS servers only)."""
    folder.mkdir()
    certutil = _tool("certutil")
    subprocess.run([certutil, "-N", "-d", f"sql:{folder}", "--empty-password"], check=True, capture_output=True)
    subprocess.run([certutil, "-A", "-n", "site", "-t", ",C,", "-i", str(ca_pem), "-d", f"sql:{folder}"],
                   check=True, capture_output=True)
    return folder


def _ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_checklist_signed_by_each_signer_and_verified(run, tmp_path):
    _ok(run("dr.li", "screening", "sign", LABEL))
    prepared, confirmed = tmp_path / "prepared.pdf", tmp_path / "confirmed.pdf"
    output = _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(prepared), "--sign"))
    assert 'signed "Prepared by" by 王安 (coordinator)' in output
    _ok(run("dr.li", "report", "--patient", PATIENT, "--trial", NCT.lower(), "--out", str(confirmed), "--sign"))
    text = pdf_text(confirmed)
    assert "Eligibility confirmed by investigator" in text and "李明" in text and "王安" in text

    checked = _ok(run("mo", "verify", str(confirmed)))
    assert "李明 (investigator) \"Eligibility confirmed by investigator\"" in checked
    assert "intact, covers the whole file; trusted by this site" in checked
    assert "registry: on record and still matching" in checked
    report = json.loads(_ok(run("mo", "verify", str(prepared), "--json")))
    [signature] = report["signatures"]
    assert report["valid"] is True
    assert (signature["signer"], signature["username"], signature["meaning"]) == ("王安", "ann", "Prepared by")
    assert signature["intact"] and signature["trusted"] and not signature["modified_after_signing"]
    assert signature["registry"]["status"] == "matches"
    # the printed block shows the time the PDF signature carries, in the site's zone
    signed_at = signature["signed_at"]   # e.g. 2026-11-23T21:30:05+08:00
    assert f"{signed_at[:10]} {signed_at[11:19]} UTC+08:00" in pdf_text(prepared)


def test_pdfsig_finds_our_signatures_valid_unmodified_and_trusted_with_the_site_authority(run, tmp_path):
    _ok(run("dr.li", "screening", "sign", LABEL))
    checklist, log, ca = tmp_path / "checklist.pdf", tmp_path / "log.pdf", tmp_path / "ca.pem"
    _ok(run("dr.li", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(checklist), "--sign"))
    _ok(run("dr.li", "log", "--trial", NCT, "--out", str(log), "--sign"))
    _ok(run("mo", "site", "export-ca", "--out", str(ca)))
    nss = nss_trusting(ca, tmp_path / "nss")
    for path in (checklist, log):
        [untrusted] = pdfsig(path)
        assert "Signature Validation: Signature is Valid." in untrusted
        assert "Total document signed" in untrusted and "Signer Certificate Common Name: 李明" in untrusted
        assert "Certificate is Trusted." not in untrusted
        [trusted] = pdfsig(path, nss)
        assert "Signature Validation: Signature is Valid." in trusted
        assert "Certificate Validation: Certificate is Trusted." in trusted


def test_roles_are_refused_where_they_must_be(run, tmp_path):
    out = tmp_path / "x.pdf"
    _ok(run("mo", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out)))   # a monitor reads
    out.unlink()
    refused = run("mo", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out), "--sign")
    assert refused.exit_code == 1 and "mo (monitor) may not sign documents" in refused.output
    refused = run("helpdesk", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out))
    assert refused.exit_code == 1 and "may not read the registry" in refused.output
    refused = run("ann", "log", "--trial", NCT, "--out", str(out), "--sign")
    assert refused.exit_code == 1 and "ann (coordinator) may not sign a screening" in refused.output
    refused = run("mo", "log", "--trial", NCT, "--out", str(out), "--sign")
    assert refused.exit_code == 1 and "may not sign" in refused.output
    unsigned = run("dr.li", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out), "--sign")
    assert unsigned.exit_code == 1 and "dr.li has given no electronic signature on NCT06394063-S0001" in unsigned.output
    assert not out.exists()   # nothing written by a refused step
    none = run("mo", "report", "--patient", "EX-4063-02", "--trial", NCT, "--out", str(out))
    assert none.exit_code == 1 and "EX-4063-02 has no screening for NCT06394063" in none.output
    refused = run("ann", "site", "set", "--show-full-names", "on")
    assert refused.exit_code == 1 and "may not manage accounts" in refused.output


def test_a_pdf_signature_needs_the_password_again(run, tmp_path, monkeypatch):
    monkeypatch.delenv("TRIALDESK_PASSWORD")
    out = tmp_path / "x.pdf"
    out.write_bytes(b"%PDF-1.4 an earlier file\n")
    refused = run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out), "--sign",
                  input=f"{PASSWORD}\nnot the password\n")
    assert refused.exit_code == 1 and "the password does not match: not signed" in refused.output
    assert out.read_bytes() == b"%PDF-1.4 an earlier file\n"   # the old file stands
    registry = Registry.open(run.db)
    with registry.reading() as session:
        refusals = session.execute(select(AuditRow).where(AuditRow.action == "signature.refused")).scalars().all()
    registry.close()
    assert [r.actor for r in refusals] == ["ann"]
    signed = run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out), "--sign",
                 input=f"{PASSWORD}\n{PASSWORD}\n")
    assert signed.exit_code == 0, signed.output


def test_one_flipped_byte_in_the_signed_range_fails_verification(run, tmp_path):
    signed = tmp_path / "signed.pdf"
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(signed), "--sign"))
    tampered = flip_a_signed_byte(signed, tmp_path / "tampered.pdf")
    result = run("mo", "verify", str(tampered))
    assert result.exit_code == 1 and "BROKEN" in result.output and "NOT VALID" in result.output
    assert json.loads(run("mo", "verify", str(tampered), "--json").stdout)["signatures"][0]["intact"] is False
    [signature] = pdfsig(tampered)
    assert "Signature is Valid." not in signature


def test_a_screening_changed_after_signing_shows_in_the_pdf_and_in_verify(run, tmp_path):
    before = tmp_path / "before.pdf"
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(before), "--sign"))
    _ok(run("dr.li", "screening", "return", LABEL, "--note", "check E9 again"))
    _ok(run("ann", "screening", "answer", LABEL, "E9", "yes", "--note", "not suitable after all"))
    result = run("mo", "verify", str(before))
    assert result.exit_code == 1 and "has CHANGED since it was signed" in result.output
    assert "intact, covers the whole file; trusted by this site" in result.output   # the PDF itself is untouched
    assert "registry: CHANGED since signing" in result.output
    after = tmp_path / "after.pdf"
    _ok(run("mo", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(after)))
    assert "NO LONGER MATCHES" in pdf_text(after)
    refused = run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(after), "--sign")
    assert refused.exit_code == 1 and "no longer matches" in refused.output


def test_the_screening_log_signed_by_the_investigator(run, tmp_path):
    _ok(run("dr.li", "screening", "sign", LABEL))
    _ok(run("ann", "screening", "enrol", LABEL, "--date", "2026-11-24", "--subject", "RJ-001", "--arm",
            "telitacicept"))
    out = tmp_path / "log.pdf"
    output = _ok(run("dr.li", "log", "--trial", NCT, "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out),
                     "--sign"))
    assert 'signed "Screening log reviewed" by 李明 (investigator)' in output
    text = pdf_text(out)
    assert "Screening log" in text and "2026-11-01 to 2026-11-30" in text
    assert "RJ-001" in text and "telitacicept" in text and "2026-11-20" in text and "enrolled" in text
    report = json.loads(_ok(run("mo", "verify", str(out), "--json")))
    assert report["valid"] and report["signatures"][0]["registry"]["document"] == f"{NCT} log 2026-11-01 2026-11-30"
    bad = run("mo", "log", "--trial", NCT, "--from", "2026-12-01", "--to", "2026-11-01", "--out", str(out))
    assert bad.exit_code == 1 and "is after" in bad.output


def test_full_names_only_when_the_site_turns_them_on(run, tmp_path):
    name = json.loads(_ok(run("ann", "show", PATIENT, "--json")))["patient"]["name"]
    out = tmp_path / "c.pdf"
    _ok(run("mo", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out)))
    assert name not in pdf_text(out)
    _ok(run("helpdesk", "site", "set", "--show-full-names", "on", "--reason", "sponsor request"))
    assert json.loads(_ok(run("mo", "site", "show", "--json")))["show_full_names"] is True
    _ok(run("mo", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out)))
    assert name in pdf_text(out)


def test_password_changes_keep_signing_and_old_pdfs_verifying(run, tmp_path, monkeypatch):
    old = tmp_path / "old.pdf"
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(old), "--sign"))
    monkeypatch.setenv("TRIALDESK_NEW_PASSWORD", "orchid river 1987")
    _ok(run("dr.li", "users", "password", "ann"))            # an administrator's reset: a new certificate
    monkeypatch.setenv("TRIALDESK_PASSWORD", "orchid river 1987")
    new = tmp_path / "new.pdf"
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(new), "--sign"))
    monkeypatch.setenv("TRIALDESK_NEW_PASSWORD", "her own passphrase 42")
    _ok(run("ann", "users", "password", "ann"))              # her own change: the same key, re-encrypted
    monkeypatch.setenv("TRIALDESK_PASSWORD", "her own passphrase 42")
    newest = tmp_path / "newest.pdf"
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(newest), "--sign"))
    prints = [json.loads(_ok(run("ann", "verify", str(path), "--json")))["signatures"][0]["certificate_fingerprint"]
              for path in (old, new, newest)]
    assert prints[0] != prints[1] == prints[2]   # every one valid and trusted (exit 0), the old one too
    monkeypatch.setenv("TRIALDESK_PASSWORD", PASSWORD)
    listed = _ok(run("dr.li", "users", "list"))
    assert re.search(r"^ann .* cert " + prints[1][:12], listed, flags=re.M)


def test_a_pdf_that_cannot_be_written_is_a_clear_error(run, tmp_path):
    out = tmp_path / "no such folder" / "c.pdf"
    result = run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(out), "--sign")
    assert result.exit_code == 1 and "No such file or directory" in result.output
    assert list(tmp_path.glob("**/*.tmp")) == []
    registry = Registry.open(run.db)
    with registry.reading() as session:   # the signing step was undone with it
        assert session.execute(select(AuditRow).where(AuditRow.action == "document.sign")).first() is None
    registry.close()


def test_a_checklist_pdf_in_chinese_by_option_or_by_the_systems_language(run, tmp_path, monkeypatch):
    chinese, english, system = tmp_path / "zh.pdf", tmp_path / "en.pdf", tmp_path / "system.pdf"
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(chinese), "--language", "zh"))
    text = pdf_text(chinese)
    assert "入选资格筛选核对表" in text and "参考译文（以注册原文为准）：" in text and "Age 18-70 years;" in text
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(english)))
    assert "Eligibility screening checklist" in pdf_text(english) and "参考译文" not in pdf_text(english)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _ok(run("ann", "report", "--patient", PATIENT, "--trial", NCT, "--out", str(system)))
    assert "入选资格筛选核对表" in pdf_text(system)
