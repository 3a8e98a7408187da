"""A site's own trial from the command line: checked before use, installed by an investigator
into the site trials folder, then screened, enrolled and printed like a shipped one; a bad site
file never stops the shipped trials; a retired trial keeps its screenings."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.ui.conftest import SHIPPED_FILE, USER_FOR, amend_shipped_trial

SITE_TRIAL = Path(__file__).resolve().parents[1] / "trials" / "site" / "ChiCTR2300071234.yaml"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHICTR = "ChiCTR2300071234"
ON = "2026-11-23"


@pytest.fixture
def run(cli, site_db):
    def invoke(*args: str, role: str = "coordinator"):
        return cli(*args, user=USER_FOR.get(role, role))

    invoke.db = site_db
    invoke.folder = Path(site_db).parent / "trials"
    return invoke


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _audit(run, action: str) -> list[dict]:
    exported = run("audit", "export", "--action", action, role="investigator")
    assert exported.exit_code == 0, exported.output
    return list(csv.DictReader(io.StringIO(exported.stdout)))


def _misspelt(tmp_path: Path) -> Path:
    bad = tmp_path / "in" / SITE_TRIAL.name
    bad.parent.mkdir()
    bad.write_text(SITE_TRIAL.read_text(encoding="utf-8").replace("drug: tacrolimus", "drug: tacrolimuss")
                   .replace("code: egfr", "code: egfrr"), encoding="utf-8")
    return bad


def test_check_says_ok_or_every_problem_by_file_criterion_and_field(run, tmp_path):
    good = run("trials", "check", str(SITE_TRIAL))
    assert good.exit_code == 0, good.output
    assert good.output.strip().splitlines() == [
        f"{SITE_TRIAL.name}: OK: {CHICTR} (他克莫司多靶点 LN (site trial)), protocol version protocol v1.0, 2023-05-10, "
        "5 criteria",
        # an English-only file is fine; the checker says what a Chinese reader will see in English
        f"{SITE_TRIAL.name}: note: 15 texts have no Chinese ({{en, zh}}), the first short_name; the Chinese window "
        "and PDFs show their English"]
    shipped = run("trials", "check", str(SHIPPED_FILE))
    assert shipped.exit_code == 0 and len(shipped.output.strip().splitlines()) == 1 and "note:" not in shipped.output
    bad = run("trials", "check", str(SITE_TRIAL), str(_misspelt(tmp_path)))
    assert bad.exit_code == 1
    lines = bad.output.strip().splitlines()
    assert lines[0].endswith("5 criteria") and "note:" in lines[1]
    assert f"{SITE_TRIAL.name}: arms.0.interventions.0.drug: unknown drug 'tacrolimuss'; nearest known: tacrolimus" \
        in lines
    assert f"{SITE_TRIAL.name}: criterion E1: rule.lab.code: unknown observation 'egfrr'; nearest known: egfr" in lines
    assert "Traceback" not in bad.output


def test_check_needs_no_account_and_names_a_yaml_error_with_line_and_column(cli, tmp_path):
    broken = tmp_path / SITE_TRIAL.name
    broken.write_text(SITE_TRIAL.read_text(encoding="utf-8").replace("criteria:\n", "criteria:\n\t"), encoding="utf-8")
    result = cli("trials", "check", str(broken), user="")
    assert result.exit_code == 1
    assert result.output.startswith(f"{SITE_TRIAL.name}: line ") and "not valid YAML" in result.output


def test_a_file_not_named_after_its_id_or_not_utf8_is_refused(run, tmp_path):
    renamed = tmp_path / "lupus-trial.yaml"
    shutil.copy(SITE_TRIAL, renamed)
    result = run("trials", "check", str(renamed))
    assert result.exit_code == 1
    assert result.output.strip() == f"lupus-trial.yaml: trial_id: the file of {CHICTR} must be named {CHICTR}.yaml"
    gbk = tmp_path / SITE_TRIAL.name
    gbk.write_bytes(SITE_TRIAL.read_text(encoding="utf-8").encode("gbk"))
    result = run("trials", "check", str(gbk))
    assert result.exit_code == 1 and "not UTF-8 text" in result.output and "save it as UTF-8" in result.output


def test_only_an_investigator_installs_and_a_bad_file_is_never_copied(run, tmp_path):
    refused = run("trials", "add", str(SITE_TRIAL), "--reason", "site trial approved by the ethics committee")
    assert refused.exit_code == 1 and "may not install or retire a trial definition" in refused.output
    bad = run("trials", "add", str(_misspelt(tmp_path)), "--reason", "x", role="investigator")
    assert bad.exit_code == 1 and "unknown drug 'tacrolimuss'" in bad.output
    assert not run.folder.exists() or list(run.folder.iterdir()) == []
    installed = run("trials", "add", str(SITE_TRIAL), "--reason", "ethics approval 2023-06", role="investigator")
    assert installed.exit_code == 0, installed.output
    assert (run.folder / SITE_TRIAL.name).read_bytes() == SITE_TRIAL.read_bytes()
    listed = _json(run("trials", "list", "--json"))
    assert [t["trial"] for t in listed["trials"]][0] == CHICTR  # ids in order, whatever the registry
    mine = next(t for t in listed["trials"] if t["trial"] == CHICTR)
    assert mine["origin"] == str(run.folder / SITE_TRIAL.name) and mine["other_ids"] == ["NCT09876543"]
    assert {t["origin"] for t in listed["trials"] if t["trial"] != CHICTR} == {"shipped"}
    [install] = _audit(run, "install trial")
    assert json.loads(install["new_value"])["trial"] == CHICTR and install["reason"] == "ethics approval 2023-06"


def test_a_bad_site_file_is_refused_and_the_other_trials_load(run, tmp_path):
    run.folder.mkdir()
    shutil.copy(_misspelt(tmp_path), run.folder / SITE_TRIAL.name)
    (run.folder / "NCT01234567.yaml").write_text("trial_id: [\n", encoding="utf-8")
    listed = _json(run("trials", "list", "--json"))
    assert CHICTR not in [t["trial"] for t in listed["trials"]] and len(listed["trials"]) >= 1
    assert any(p.startswith(f"{SITE_TRIAL.name}: criterion E1: rule.lab.code: unknown observation") for p in listed["refused"])
    assert any(p.startswith("NCT01234567.yaml: line 2, column 1: not valid YAML") for p in listed["refused"])
    shipped = [t["trial"] for t in listed["trials"]]
    assert _json(run("prescreen", "--on", ON, "--json"))["trials"] == shipped


def test_a_chictr_trial_screens_enrols_and_prints_like_a_shipped_one(run, tmp_path):
    assert run("trials", "add", str(SITE_TRIAL), "--reason", "approved", role="investigator").exit_code == 0
    assert run("import", str(EXAMPLES / "NCT03580291.json")).exit_code == 0
    report = _json(run("screen", "--patient", "EX-0291-01", "--trial", "chictr2300071234", "--on", ON, "--json"))
    assert report["trial"] == CHICTR and report["protocol_version"] == "protocol v1.0, 2023-05-10"
    by_other_id = _json(run("screen", "--patient", "EX-0291-01", "--trial", "NCT09876543", "--on", ON, "--json"))
    assert by_other_id["trial"] == CHICTR
    assert CHICTR in _json(run("prescreen", "--on", ON, "--json"))["trials"]

    started = run("screening", "start", "--patient", "EX-0291-01", "--trial", CHICTR, "--on", ON)
    label = f"{CHICTR}-S0001"
    assert started.exit_code == 0 and label in started.output
    report = _json(run("screen", "--patient", "EX-0291-01", "--trial", CHICTR, "--on", ON, "--json"))
    for criterion in report["open"]:
        answer = "yes" if criterion.startswith("I") else "no"
        decided = run("screening", "override", label, criterion, answer, "--reason", "checked in the chart",
                      role="investigator")
        assert decided.exit_code == 0, decided.output
    assert run("screening", "submit", label).exit_code == 0
    assert run("screening", "sign", label, role="investigator").exit_code == 0
    enrolled = run("screening", "enrol", label.lower(), "--date", "2026-11-24", "--subject", "XH-LN-001",
                   "--arm", "multitarget")
    assert enrolled.exit_code == 0, enrolled.output
    shown = _json(run("show", "EX-0291-01", "--json"))
    assert [s["trial"] for s in shown["patient"]["studies"]] == [CHICTR]

    pdf = tmp_path / "checklist.pdf"
    printed = run("report", "--patient", "EX-0291-01", "--trial", CHICTR, "--out", str(pdf))
    assert printed.exit_code == 0, printed.output
    assert pdf.read_bytes().startswith(b"%PDF")
    words = _words(pdf)  # the footer's long document id does not run into the time it was generated
    document_id = next(w for w in words if w[0].startswith(f"{CHICTR}-S0001-"))
    generated = next(w for w in words if w[0] == "Generated")
    assert abs(document_id[2] - generated[2]) < 1 and document_id[3] + 5 < generated[1]
    log = tmp_path / "log.pdf"
    assert run("log", "--trial", CHICTR, "--out", str(log)).exit_code == 0 and log.stat().st_size > 1000


def test_a_retired_trial_keeps_its_screenings_and_takes_no_new_ones(run):
    assert run("import", str(EXAMPLES / "NCT06394063.json")).exit_code == 0
    trial = "NCT06394063"
    assert run("screening", "start", "--patient", "EX-4063-01", "--trial", trial, "--on", ON).exit_code == 0
    refused = run("trials", "retire", "--trial", trial, "--reason", "recruitment closed")
    assert refused.exit_code == 1 and "may not install or retire" in refused.output
    no_reason = run("trials", "retire", "--trial", trial, "--reason", " ", role="investigator")
    assert no_reason.exit_code == 1 and "needs a reason" in no_reason.output
    assert run("trials", "retire", "--trial", trial, "--reason", "recruitment closed", role="investigator").exit_code == 0
    again = run("trials", "retire", "--trial", trial, "--reason", "x", role="investigator")
    assert again.exit_code == 1 and "already retired" in again.output

    listed = _json(run("trials", "list", "--json"))
    retired = next(t for t in listed["trials"] if t["trial"] == trial)["retired"]
    assert retired["reason"] == "recruitment closed" and retired["by"] == "dr.li"
    new = run("screening", "start", "--patient", "EX-4063-02", "--trial", trial, "--on", ON)
    assert new.exit_code == 1 and "was retired at the site" in new.output
    assert trial not in _json(run("prescreen", "--on", ON, "--json"))["trials"]
    kept = _json(run("screening", "list", "--trial", trial, "--json"))
    assert [s["label"] for s in kept] == [f"{trial}-S0001"]
    assert _json(run("screen", "--patient", "EX-4063-01", "--trial", trial, "--json"))["trial"] == trial

    assert run("trials", "restore", "--trial", trial, "--reason", "reopened", role="investigator").exit_code == 0
    assert trial in _json(run("prescreen", "--on", ON, "--json"))["trials"]
    assert len(_audit(run, "retire trial")) == 1 and len(_audit(run, "restore trial")) == 1


def test_an_amendment_flags_the_open_screening_and_leaves_the_signed_one_alone(run, tmp_path):
    trial = "NCT06394063"
    assert run("import", str(EXAMPLES / "NCT06394063.json")).exit_code == 0
    shipped_version = _json(run("trials", "list", "--json"))["trials"]
    shipped_version = next(t for t in shipped_version if t["trial"] == trial)["protocol_version"]
    # one screening signed on the shipped version, one left open on it
    assert run("screening", "start", "--patient", "EX-4063-02", "--trial", trial, "--on", ON).exit_code == 0
    signed = f"{trial}-S0001"
    for criterion, answer in (("I4", "yes"), ("E9", "no")):
        assert run("screening", "answer", signed, criterion, answer).exit_code == 0
    assert run("screening", "submit", signed).exit_code == 0
    assert run("screening", "sign", signed, role="investigator").exit_code == 0
    assert run("screening", "start", "--patient", "EX-4063-01", "--trial", trial, "--on", ON).exit_code == 0
    open_ = f"{trial}-S0002"

    amend_shipped_trial(run.folder)
    listed = next(t for t in _json(run("trials", "list", "--json"))["trials"] if t["trial"] == trial)
    assert listed["protocol_version"] == "amendment 1, 2026-11-30" and listed["replaces"] == shipped_version

    shown = _json(run("screening", "show", open_, "--json"))["screening"]["protocol_amended"]
    assert shown == {"from": shipped_version, "to": "amendment 1, 2026-11-30",
                     "changes": [{"criterion": "I1", "changes": ["reworded", "rule changed"]}]}
    text = run("screening", "show", open_)
    assert f"REVIEW: protocol amended since this screening began ({shipped_version} -> amendment 1, 2026-11-30): " \
           "I1: reworded, rule changed" in text.output
    for criterion, answer in (("I4", "yes"), ("E9", "no")):
        assert run("screening", "answer", open_, criterion, answer).exit_code == 0
    override = run("screening", "override", open_, "E1", "no", "--reason", "checked", role="investigator")
    assert override.exit_code == 0
    refused = run("screening", "submit", open_)
    assert refused.exit_code == 1 and "protocol amended since this screening began" in refused.output
    assert "record the review before it is submitted or signed" in refused.output

    signed_view = _json(run("screening", "show", signed, "--json"))
    assert signed_view["protocol_version"] == shipped_version
    assert signed_view["screening"]["protocol_amended"] is None and signed_view["screening"]["status"] == "signed"

    no_note = run("screening", "review-amendment", open_, "--note", " ")
    assert no_note.exit_code == 1 and "needs a note" in no_note.output
    reviewed = run("screening", "review-amendment", open_, "--note", "I1 widened to 75: still met")
    assert reviewed.exit_code == 0 and "REVIEW" not in reviewed.output
    assert _json(run("screening", "show", open_, "--json"))["screening"]["protocol_amended"] is None
    again = run("screening", "review-amendment", open_, "--note", "x")
    assert again.exit_code == 1 and "is on the trial's current version" in again.output
    assert run("screening", "submit", open_).exit_code == 0
    [entry] = _audit(run, "screening.amendment_reviewed")
    assert json.loads(entry["new_value"])["changes"] == ["I1: reworded, rule changed"]

    changes = run("trials", "changes", "--trial", trial)
    assert changes.exit_code == 0
    assert changes.output.splitlines()[0].startswith(f"{shipped_version} (first used ")
    assert changes.output.splitlines()[1] == "  I1: reworded, rule changed"
    pdf = tmp_path / "signed.pdf"
    assert run("report", "--patient", "EX-4063-02", "--trial", trial, "--out", str(pdf)).exit_code == 0
    assert shipped_version.encode() in _pdf_text(pdf)
    log = tmp_path / "log.pdf"
    assert run("log", "--trial", trial, "--out", str(log)).exit_code == 0
    printed = b" ".join(_pdf_text(log).split())
    assert b"amendment 1, 2026-11-30" in printed  # the header: the version in use
    assert b"NCT06394063-S0001 protocol registry" in printed  # the row signed on the earlier one says so
    assert b"NCT06394063-S0002 protocol" not in printed


def _words(path: Path) -> list[tuple[str, float, float, float]]:
    """(word, x min, y min, x max) of page 1, from poppler's pdftotext -bbox."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [(m[4], float(m[0]), float(m[1]), float(m[2])) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]


def _pdf_text(path: Path) -> bytes:
    import subprocess

    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
