"""The screening PDFs (coordinator.reports): what they say, read back with poppler's pdftotext,
pdffonts and pdfinfo (Debian poppler-utils, installed by packaging/setup.sh)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coordinator import reports
from coordinator.screening.eligibility import Checklist, CriterionResult, Decision, evaluate
from coordinator.records.names import initials
from coordinator.reports import (CONFIRMED_BY_INVESTIGATOR, LOG_REVIEWED, PREPARED_BY, ChecklistReport, LogRow,
                                 ScreeningLogReport, SignatureBlock, Site, TrialInfo, atomic_output,
                                 failure_reasons, render_checklist, render_screening_log, write_pdf_atomically)
from coordinator.reports import fonts
from tests.conftest import demo_patient_for
from coordinator.screening.rules.answers import NEEDS_REVIEW, NO, UNKNOWN, YES
from coordinator.screening.trial_library import load_trials



@pytest.fixture(autouse=True)
def _poppler_installed():
    """packaging/setup.sh --tests installs poppler-utils: missing is a broken set-up, not a skip."""
    missing = [tool for tool in ("pdftotext", "pdffonts", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: install poppler-utils (packaging/setup.sh --tests)")

TODAY = dt.date(2026, 11, 23)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 23, 10, 5, 9, tzinfo=SHANGHAI)
SITE = Site("北京协和医院 Peking Union Medical College Hospital", "北京市东城区帅府园1号", "Asia/Shanghai")
COORDINATOR = "陈静 (CJ)"
INVESTIGATOR = "李梦涛"
OVERRIDE_REASON = "Reading confirmed with the sponsor's medical monitor on 2026-11-20 (creatinine stable)"
MANUAL_NOTE = "患者同意 physician agrees"


# -- poppler ----------------------------------------------------------------------------------

def _pdf(data: bytes, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdftext(path: Path, mode: str = "-layout") -> str:
    return subprocess.run(["pdftotext", mode, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def fonts_of(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def squash(text: str) -> str:
    """Text without any whitespace: wrapped lines compare equal to the one-line original."""
    return re.sub(r"\s+", "", text)


def in_pieces(needle: str, haystack: str, pieces: int = 3) -> bool:
    """`needle` found in `haystack` whole or cut in at most `pieces` parts (a table row split over
    pages is drawn in parts, the next column's text between them)."""
    while needle and pieces:
        size = len(needle)
        while size and needle[:size] not in haystack:
            size -= 1
        if size < min(len(needle), 20):
            return False
        needle, pieces = needle[size:], pieces - 1
    return not needle


def assert_every_page_numbered(path: Path, document_id: str) -> int:
    pages = int(pdfinfo(path)["Pages"])
    texts = pdftext(path).split("\f")[:pages]
    assert len(texts) == pages
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in page
        assert f"Document {document_id}" in page
    return pages


def assert_fonts_embedded(path: Path) -> None:
    rows = fonts_of(path)
    assert rows, "no fonts listed"
    for row in rows:
        # name type [type...] encoding emb sub uni object ID: emb is the 5th field from the end
        assert row[-5] == "yes", f"font not embedded: {' '.join(row)}"


# -- reports from real checklists -------------------------------------------------------------

# demo cases of NCT05916781 (eligible; fails I1 and E2; fails E6; fails E4) and of NCT05863936
REMISSION, ACTIVE_NEPHRITIS, BIOLOGIC, INFECTION = (("NCT05916781", case) for case in (
    "eligible", "fail_active_nephritis", "fail_biologic", "fail_infection"))
INDUCTION = ("NCT05863936", "eligible")


def real_checklist(case: tuple[str, str]) -> tuple[str, object, Checklist]:
    trial_id, _, patient = demo_patient_for(*case, seed=1, today=TODAY)
    return trial_id, patient, evaluate(load_trials()[trial_id], patient, TODAY)


def checklist_report(case: tuple[str, str] = REMISSION, *, full_name: str | None = None, decisions: bool = True,
                     document_id: str = "TD-CHK-2026-0001", site: Site = SITE,
                     checklist: Checklist | None = None) -> tuple[ChecklistReport, object]:
    trial_id, patient, real = real_checklist(case)
    checklist = checklist or real
    if decisions:
        open_ids = [r.id for r in checklist.criteria if r.auto in (UNKNOWN, NEEDS_REVIEW)]
        manual = {open_ids[1]: Decision(open_ids[1], YES, COORDINATOR, MANUAL_NOTE, NOW)}
        overrides = {open_ids[0]: Decision(open_ids[0], YES, INVESTIGATOR, OVERRIDE_REASON, NOW)}
        checklist = checklist.with_decisions(manual, overrides)
    report = ChecklistReport(
        site=site, trial=TrialInfo.of(load_trials()[trial_id]), screening_label=f"{trial_id}-S0001",
        patient_initials=initials(patient.name), age=38, sex=str(patient.sex), status="ready_for_review",
        checklist=checklist, full_name=full_name, document_id=document_id, generated_at=NOW,
        signatures=(SignatureBlock(PREPARED_BY, COORDINATOR, "coordinator", NOW, "chenjing"),
                    SignatureBlock(CONFIRMED_BY_INVESTIGATOR, INVESTIGATOR, "investigator")))
    return report, patient


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> tuple[ChecklistReport, object, Path]:
    report, patient = checklist_report()
    path = _pdf(render_checklist(report), tmp_path_factory.mktemp("pdf"), "checklist.pdf")
    return report, patient, path


def test_checklist_header_patient_and_pages(decided):
    report, patient, path = decided
    text = pdftext(path)
    for expected in ("Eligibility screening checklist", SITE.name, report.trial.trial_id, report.trial.title,
                     report.trial.protocol_version, report.screening_label, report.patient_initials,
                     "38 / female", report.checklist.on.isoformat(), "ready for review"):
        assert squash(expected) in squash(text), expected
    pages = assert_every_page_numbered(path, report.document_id)
    assert pages >= 2
    assert pdfinfo(path)["Page size"].startswith("595.276 x 841.89")  # portrait A4
    assert patient.name not in text  # the full name only when the site turns it on
    assert_fonts_embedded(path)


def test_checklist_criteria_verbatim_evidence_and_answers(decided):
    report, _, path = decided
    raw = squash(pdftext(path, "-raw"))
    checklist = report.checklist
    for result in checklist.criteria:
        assert squash(result.id) in raw
        assert squash(result.text) in raw, f"{result.id}: verbatim text missing"
        for item in result.evidence:
            assert squash(item) in raw, f"{result.id}: evidence {item!r} missing"
        if result.ambiguous:
            assert squash(f"Ambiguous text: {result.ambiguous}") in raw
    # Each criterion's row: id ... automatic answer, final answer and where it came from.
    table = pdftext(path, "-raw")
    for result in checklist.criteria:
        final = str(checklist.final(result)).replace("_", " ")
        source = ("override" if result.id in checklist.overrides else
                  "manual" if result.id in checklist.manual else "automatic")
        pattern = rf"{str(result.auto).replace('_', ' ')}\s+{final}\s+{source}".replace(" ", r"\s+")
        assert re.search(pattern, table), f"{result.id}: answers {pattern!r} not found"


def test_checklist_override_manual_verdict_and_signatures(decided):
    report, _, path = decided
    raw = squash(pdftext(path, "-raw"))
    (override,) = report.checklist.overrides.values()
    (manual,) = report.checklist.manual.values()
    assert squash(f"Override by {INVESTIGATOR}, 2026-11-23 10:05:09 UTC+08:00 (Asia/Shanghai): final answer yes") in raw
    assert squash(f"Reason: {OVERRIDE_REASON}") in raw
    assert squash(f"Manual answer by {COORDINATOR}, 2026-11-23 10:05:09 UTC+08:00 (Asia/Shanghai): yes.") in raw
    assert squash(f"Note: {MANUAL_NOTE}") in raw
    assert override.criterion_id != manual.criterion_id
    assert report.checklist.verdict == "incomplete"
    assert squash("Verdict INCOMPLETE") in raw
    assert squash("Without a final answer: " + ", ".join(report.checklist.open)) in raw
    # Signature blocks: meaning, printed name, role, time with zone; the unsigned one left blank.
    for expected in (PREPARED_BY, CONFIRMED_BY_INVESTIGATOR, "Printed name", "coordinator", "investigator",
                     "Signed electronically as chenjing", "Sign and date by hand"):
        assert squash(expected) in raw
    text = pdftext(path)
    assert COORDINATOR in text and INVESTIGATOR in text  # Chinese names, extracted as text


def test_checklist_screen_failure_reasons(tmp_path):
    report, _ = checklist_report(ACTIVE_NEPHRITIS, decisions=False)  # fails I1 and E2
    assert report.checklist.failed == ["I1", "E2"]
    path = _pdf(render_checklist(report), tmp_path, "failure.pdf")
    raw = squash(pdftext(path, "-raw"))
    assert squash("NOT ELIGIBLE (screen failure)") in raw
    assert squash("Screen-failure reasons:") in raw
    for result in report.checklist.criteria:
        if result.id in report.checklist.failed:
            final = str(report.checklist.final(result))
            assert squash(f"{result.id} ({result.kind}, final answer {final}): {result.text}") in raw


def test_full_name_printed_only_when_given(tmp_path):
    report, patient = checklist_report(INFECTION, full_name=None)
    without = pdftext(_pdf(render_checklist(report), tmp_path, "a.pdf"))
    report, patient = checklist_report(INFECTION, full_name=patient.name)
    with_name = pdftext(_pdf(render_checklist(report), tmp_path, "b.pdf"))
    assert patient.name not in without and "Full name" not in without
    assert patient.name in with_name and "Full name" in with_name


def test_long_chinese_criteria_wrap_over_three_pages(tmp_path):
    """Long criterion texts (Chinese without spaces, and English) wrap inside their cells."""
    trial_id, _, real = real_checklist(REMISSION)
    chinese = "患者在筛选前六个月内未使用任何生物制剂，包括但不限于利妥昔单抗、贝利尤单抗和泰它西普；" * 6
    english = ("Participants with an estimated glomerular filtration rate below the limit set by the protocol "
               "at screening, confirmed on a second sample at least seven days later. ") * 5
    criteria = tuple(CriterionResult(f"E{n}", "exclusion", f"{chinese if n % 2 else english} ({n})",
                                     NO, tuple(f"证据 evidence item {k} for E{n}: 肌酐 74 umol/L" for k in range(6)),
                                     ()) for n in range(1, 13))
    checklist = Checklist(trial_id, real.protocol_version, TODAY, real.criteria[:2] + criteria)
    report, _ = checklist_report(REMISSION, checklist=checklist, decisions=False, document_id="TD-LONG-7")
    path = _pdf(render_checklist(report), tmp_path, "long.pdf")
    pages = assert_every_page_numbered(path, "TD-LONG-7")
    assert pages >= 3
    raw = squash(pdftext(path, "-raw"))
    for result in criteria:
        assert in_pieces(squash(result.text), raw), result.id
    assert_fonts_embedded(path)


def test_a_criterion_taller_than_a_page_is_split(tmp_path):
    trial_id, _, real = real_checklist(REMISSION)
    evidence = tuple(f"肌酐 creatinine {70 + k} umol/L on day {k}" for k in range(160))
    huge = CriterionResult("E1", "exclusion", "Renal dysfunction 肾功能不全", NO, evidence, ())
    checklist = Checklist(trial_id, real.protocol_version, TODAY, real.criteria[:1] + (huge,))
    report, _ = checklist_report(REMISSION, checklist=checklist, decisions=False, document_id="TD-HUGE")
    path = _pdf(render_checklist(report), tmp_path, "huge.pdf")
    assert assert_every_page_numbered(path, "TD-HUGE") >= 3
    raw = pdftext(path, "-raw")
    assert all(item in raw for item in evidence)


# -- screening log ----------------------------------------------------------------------------

OUTCOME_CYCLE = ("screen_failure", "pending", "eligible", "enrolled", "screen_failure", "screen_failure", "enrolled")


def log_rows(count: int) -> list[LogRow]:
    """`count` screenings of NCT05916781, the failure reasons taken from real checklists."""
    reasons = [failure_reasons(real_checklist(case)[2], limit=60)
               for case in (ACTIVE_NEPHRITIS, BIOLOGIC, INFECTION)]
    first = dt.date(2026, 1, 5)
    rows = []
    for n in range(1, count + 1):
        outcome = OUTCOME_CYCLE[n % len(OUTCOME_CYCLE)]
        day = first + dt.timedelta(days=n // 4)
        enrolled = outcome == "enrolled"
        rows.append(LogRow(
            screening_label=f"NCT05916781-S{n:04d}", date_screened=day, initials="CJ" if n % 3 else "OYXL",
            age=20 + n % 50, sex="F" if n % 5 else "M", outcome=outcome,
            failure_reasons=reasons[n % 3] if outcome == "screen_failure" else (),
            consent_date=day if outcome in ("enrolled", "eligible") else None,
            subject_no=f"PUMC-{n:04d}" if enrolled else None, arm="mmf_tac" if enrolled else None,
            comments="患者拒绝随访 declined follow-up" if n % 50 == 0 else ""))
    return rows


def log_report(rows: list[LogRow], document_id: str = "TD-LOG-2026-0001") -> ScreeningLogReport:
    return ScreeningLogReport(
        site=SITE, trial=TrialInfo.of(load_trials()["NCT05916781"]), period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31), rows=rows, document_id=document_id, generated_at=NOW,
        signatures=(SignatureBlock(LOG_REVIEWED, INVESTIGATOR, "investigator", NOW, "limt"),))


@pytest.fixture(scope="module")
def big_log(tmp_path_factory) -> tuple[ScreeningLogReport, Path]:
    report = log_report(log_rows(1000))
    return report, _pdf(render_screening_log(report), tmp_path_factory.mktemp("pdf"), "log.pdf")


def test_log_is_landscape_paged_and_embedded(big_log):
    report, path = big_log
    width, _, height = pdfinfo(path)["Page size"].split()[:3]
    assert float(width) > float(height)  # landscape
    pages = assert_every_page_numbered(path, report.document_id)
    assert pages >= 5
    assert_fonts_embedded(path)


def test_log_rows_and_header(big_log):
    report, path = big_log
    text = pdftext(path)
    raw = pdftext(path, "-raw")
    for expected in ("Screening log", SITE.name, "NCT05916781", report.trial.title, "2026-01-01 to 2026-12-31",
                     "Screening no.", "Date", "Initials", "Age/sex", "Outcome", "Screen-failure reasons",
                     "Consent", "Subject no.", "Arm", "Comments"):
        assert squash(expected) in squash(text), expected
    assert "NCT05916781-S0001" in raw and "NCT05916781-S1000" in raw
    assert re.search(r"NCT05916781-S0003 \S+ OYXL 23/F enrolled\s+\S+ PUMC-0003 mmf_tac", raw)
    assert squash("患者拒绝随访 declined follow-up") in squash(raw)
    assert squash(LOG_REVIEWED) in squash(raw) and "Signed electronically as limt" in raw


def test_log_summary_counts(big_log):
    report, path = big_log
    rows = report.rows
    first_page = pdftext(path, "-raw").split("\f")[0]
    printed = dict(re.findall(r"^(eligible|screen failure|pending|enrolled|total) (\d+)$", first_page, re.M))
    expected = {o: sum(1 for r in rows if r.outcome == o) for o in ("eligible", "screen_failure", "pending",
                                                                     "enrolled")}
    assert sum(expected.values()) == 1000 and all(expected.values())
    assert printed == {"eligible": str(expected["eligible"]), "screen failure": str(expected["screen_failure"]),
                       "pending": str(expected["pending"]), "enrolled": str(expected["enrolled"]),
                       "total": "1000"}
    by_reason: dict[str, int] = {}
    for row in rows:
        for criterion_id, _ in row.failure_reasons:
            by_reason[criterion_id] = by_reason.get(criterion_id, 0) + 1
    summary = first_page.split("Screen-failure reason Screenings", 1)[1].split("A screening may fail", 1)[0]
    printed_reasons = {m[0]: int(m[1]) for m in re.findall(r"^([IE]\d+) .* (\d+)$", summary, re.M)}
    assert printed_reasons == by_reason
    counts = [n for _, _, n in report.failure_counts()]
    assert counts == sorted(counts, reverse=True)  # most frequent first


def test_log_row_taller_than_a_page(tmp_path):
    comment = "患者多次改期，" + "follow-up call notes, 随访电话记录; " * 400
    rows = log_rows(30)
    rows[3] = LogRow(**{**vars(rows[3]), "comments": comment})
    path = _pdf(render_screening_log(log_report(rows, "TD-TALL")), tmp_path, "tall.pdf")
    assert assert_every_page_numbered(path, "TD-TALL") >= 3
    assert in_pieces(squash(comment), squash(pdftext(path, "-raw")), pieces=20)


def test_empty_log_still_renders(tmp_path):
    path = _pdf(render_screening_log(log_report([], "TD-EMPTY")), tmp_path, "empty.pdf")
    assert assert_every_page_numbered(path, "TD-EMPTY") == 1
    text = pdftext(path)
    assert "no screenings in this period" in text and "no screen failures" in text
    assert "Screening log reviewed" in text


def test_signature_boxes_name_where_each_block_is(tmp_path):
    report, _ = checklist_report()
    rendered = reports.layout_checklist(report)
    path = _pdf(rendered.data, tmp_path, "c.pdf")
    pages = int(pdfinfo(path)["Pages"])
    assert [b.meaning for b in rendered.signature_boxes] == [PREPARED_BY, CONFIRMED_BY_INVESTIGATOR]
    for box in rendered.signature_boxes:
        x1, y1, x2, y2 = box.box
        assert 0 <= box.page < pages and 0 < x1 < x2 <= 595.3 and 0 < y1 < y2 <= 841.9


# -- values -----------------------------------------------------------------------------------

def test_values_refuse_naive_times_and_unknown_outcomes():
    with pytest.raises(ValueError, match="timezone-aware"):
        SignatureBlock(PREPARED_BY, COORDINATOR, "coordinator", dt.datetime(2026, 11, 23, 10, 0))
    with pytest.raises(ValueError, match="outcome"):
        LogRow("NCT05916781-S0001", TODAY, "CJ", 40, "F", "withdrawn")
    with pytest.raises(ValueError, match="timezone-aware"):
        log_report([]).__class__(SITE, TrialInfo("NCT05916781", "t", "1"), None, None, (), (), "x",
                                 dt.datetime(2026, 1, 1))


def test_short_text_cuts_at_a_word():
    assert reports.short_text("Participants who are pregnant", 80) == "Participants who are pregnant"
    assert reports.short_text("Participants who are pregnant or planning to become pregnant.", 33) == \
        "Participants who are pregnant..."


def test_no_cjk_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "candidates", lambda: [tmp_path / "missing.ttc"])
    with pytest.raises(fonts.ReportFontError, match="fonts-wqy-microhei"):
        fonts.find_font()


def test_reports_stay_in_the_pure_core():
    code = ("import sys, coordinator.reports; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel', 'PySide6', 'db', 'ui'});"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stdout + result.stderr


# -- writing ----------------------------------------------------------------------------------

def test_write_pdf_atomically(tmp_path):
    report, _ = checklist_report()
    target = tmp_path / "checklist.pdf"
    write_pdf_atomically(target, render_checklist(report))
    assert target.read_bytes().startswith(b"%PDF-")
    assert os.listdir(tmp_path) == ["checklist.pdf"]
    with pytest.raises(ValueError, match="not a PDF"):
        write_pdf_atomically(target, b"<html>")
    assert target.read_bytes().startswith(b"%PDF-")


def test_failed_render_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "checklist.pdf"
    target.write_bytes(b"%PDF-1.4 old signed copy")
    report, _ = checklist_report(REMISSION, site=Site("某医院", "", "Mars/Olympus_Mons"))  # unknown zone: render raises
    with pytest.raises(ValueError, match="Mars/Olympus_Mons"):
        with atomic_output(target) as handle:
            handle.write(b"%PDF-1.4 half")
            handle.write(render_checklist(report))
    assert target.read_bytes() == b"%PDF-1.4 old signed copy"
    assert os.listdir(tmp_path) == ["checklist.pdf"]


def test_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "log.pdf"
    target.write_bytes(b"%PDF-1.4 old")

    def refuse(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_pdf_atomically(target, render_screening_log(log_report(log_rows(5))))
    assert target.read_bytes() == b"%PDF-1.4 old"
    assert os.listdir(tmp_path) == ["log.pdf"]


def test_the_readings_of_ambiguous_text_print_side_by_side_with_how_they_were_resolved(tmp_path):
    from coordinator.screening.eligibility import ReadingChoice, checklist_from_dict, checklist_to_dict
    from tests.conftest import READINGS_TRIAL, with_neutrophils

    patient = with_neutrophils(1.2, TODAY)
    trial = load_trials()[READINGS_TRIAL]
    open_checklist = evaluate(trial, patient, TODAY)
    chosen = evaluate(trial, patient, TODAY, {"E7e": ReadingChoice("any_low", INVESTIGATOR, reason="任一血细胞减少")})
    for name, checklist, says in (
            ("open", open_checklist, "The readings disagree or lack data: the investigator chooses a reading."),
            ("chosen", checklist_from_dict(checklist_to_dict(chosen)),  # as signed: read back from the snapshot
             "Reading any count low chosen by the investigator for this screening. Reason: 任一血细胞减少.")):
        report, _ = checklist_report(INDUCTION, decisions=False, checklist=checklist)
        raw = squash(pdftext(_pdf(render_checklist(report), tmp_path, f"{name}.pdf"), "-raw"))
        assert squash(f"Readings of E7e side by side. {says}") in raw, name
        assert squash("all three counts low (literal text) Answer: no") in raw
        assert squash("Answer: yes") in raw and squash("Absolute neutrophil count 1.2 10^9/L") in raw


# -- Chinese reports --------------------------------------------------------------------------

def test_a_chinese_checklist_prints_its_words_in_chinese_and_each_criterion_with_its_reference_translation(tmp_path):
    from dataclasses import replace

    from coordinator.reports.wording import Wording
    english, _ = checklist_report()
    report = replace(english, language="zh")
    path = _pdf(render_checklist(report), tmp_path, "zh.pdf")
    raw = squash(pdftext(path, "-raw"))
    for expected in ("入选资格筛选核对表", "筛选号", "方案版本", "38/女", "待审核", "纳入标准（须为“是”）",
                     "编制人(Preparedby)", "研究者确认入选资格(Eligibilityconfirmedbyinvestigator)", "以chenjing电子签名",
                     "手写签名并注明日期", f"推翻：{INVESTIGATOR}", f"理由：{OVERRIDE_REASON}", "尚无最终答案："):
        assert squash(expected) in raw, expected
    say = Wording("zh")
    for result in report.checklist.criteria:
        assert squash(result.text) in raw, f"{result.id}: the registered English is printed"
        assert squash(f"参考译文（以注册原文为准）：{result.text.zh}") in raw, f"{result.id}: reference translation"
        for item in result.evidence:
            assert squash(say(item)) in raw, f"{result.id}: evidence {item!r} in Chinese"
        for item in result.missing:
            assert squash(f"缺少 / 待回答：{say(item)}") in raw
    pages = int(pdfinfo(path)["Pages"])
    texts = pdftext(path).split("\f")[:pages]
    assert all(f"第 {n} 页，共 {pages} 页" in page and f"文件 {report.document_id}" in page
               for n, page in enumerate(texts, start=1))
    assert_fonts_embedded(path)
    english_text = pdftext(_pdf(render_checklist(english), tmp_path, "en.pdf"))
    assert "参考译文" not in english_text and "Eligibility screening checklist" in english_text


def test_a_chinese_checklist_prints_the_trial_files_chinese_questions_and_readings(tmp_path):
    from dataclasses import replace
    report, _ = checklist_report()
    trial = load_trials()[report.trial.trial_id]
    items = [(i, t, readings) for i, t, _, readings in trial.read_items()]
    path = _pdf(render_checklist(replace(report, language="zh")), tmp_path, "zh.pdf")
    raw = squash(pdftext(path, "-raw"))
    for _, _, readings in items:
        for reading in readings:
            assert squash(reading.label.zh) in raw
    for result in report.checklist.criteria:
        if result.ambiguous:
            assert squash(f"原文歧义：{result.ambiguous.zh}") in raw


def test_a_chinese_log_prints_its_words_in_chinese(tmp_path):
    from dataclasses import replace
    report = replace(log_report(log_rows(12), "TD-LOG-ZH"), language="zh")
    path = _pdf(render_screening_log(report), tmp_path, "log-zh.pdf")
    text = pdftext(path)
    for expected in ("筛选日志", "2026-01-01 至 2026-12-31", "筛选号", "筛选失败原因", "受试者编号",
                     "合计", "筛选日志已审阅 (Screening log reviewed)", "研究者", "第 1 页，共", "文件 TD-LOG-ZH",
                     "MMF+TAC激素减停", "吗替麦考酚酯联合他克莫司用于系统性红斑狼疮激素减停的有效性"):
        assert squash(expected) in squash(text), expected
    first_page = pdftext(path, "-raw").split("\f")[0]
    counts = report.outcome_counts()
    printed = dict(re.findall(r"^(符合入选|筛选失败|待定|已入组|合计) (\d+)$", first_page, re.M))
    assert printed == {"符合入选": str(counts["eligible"]), "筛选失败": str(counts["screen_failure"]),
                       "待定": str(counts["pending"]), "已入组": str(counts["enrolled"]), "合计": "12"}


def test_wording_puts_core_text_into_the_reports_language():
    from coordinator.bilingual import Bilingual, Registered
    from coordinator.phrase import Phrase, term
    from coordinator.reports.wording import Wording
    zh, en = Wording("zh"), Wording("en")
    phrase = Phrase("Missing: {item}", item=term("egfr"))
    assert en(phrase) == "Missing: eGFR" and zh(phrase) == "缺少：估算肾小球滤过率"
    assert zh(Bilingual("any count low", "任一计数低")) == "任一计数低"
    assert zh(Registered("Age 18-70 years;", "年龄18-70岁；")) == "Age 18-70 years;"  # registered text governs
    assert zh.reference(Registered("Age 18-70 years;", "年龄18-70岁；")) == "年龄18-70岁；"
    assert en.reference(Registered("Age 18-70 years;", "年龄18-70岁；")) is None
    assert zh(Phrase("a template no catalogue has: {x}", x=1)) == "a template no catalogue has: 1"
    assert zh("plain text") == "plain text" and zh(None) == ""
    with pytest.raises(ValueError, match="language must be one of en, zh, not 'fr'"):
        Wording("fr")  # type: ignore[arg-type]
