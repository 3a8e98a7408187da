"""The screening checklist view, driven as a site's coordinator (ann) and investigator (dr.li)
drive it: start, answer, override (refused as a coordinator and without a reason), submit and
sign with the password entered again, enrol; a screen failure; a signed screening gone stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.screening.workflow import Actor, Role, Status
from db.importer import import_records
from db.patients import PatientRepository
from db.registry import Registry
from db.screenings import ScreeningRepository
from tests.conftest import EXAMPLES
from tests.ui.conftest import ADMIN, PASSWORD
from ui.window.main_window import MainWindow
from ui.window.screening.page import ScreeningPage
from ui.window.screening.checklist_model import ChecklistModel

NCT = "NCT06394063"
ANN = Actor("ann", Role.COORDINATOR)


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    for path in sorted(Path(EXAMPLES).glob("NCT*.json")):
        assert import_records(opened, path.read_bytes(), path.name, "setup").accepted
    yield opened
    opened.close()


@pytest.fixture
def open_as(qtbot, registry):
    """open_as(actor, patient): a window signed in as `actor` showing the patient's checklist."""

    def make(actor: Actor, patient: str = "EX-4063-01") -> ScreeningPage:
        window = MainWindow(registry, actor)
        qtbot.addWidget(window)
        window.show()
        window.context.checklist_requested.emit(patient, NCT)
        page = window.stack.currentWidget()
        assert isinstance(page, ScreeningPage)
        return page

    return make


def final(page: ScreeningPage, criterion_id: str) -> str:
    return page.model.index(page.model.row_of(criterion_id), ChecklistModel.FINAL).data()


def cell(page: ScreeningPage, criterion_id: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(page.model.row_of(criterion_id), column).data(role)


def start(qtbot, page: ScreeningPage) -> None:
    page.start_date.setDate(QDate(2026, 11, 23))
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.view is not None and page.view.status == Status.IN_PROGRESS, page.message.text()


def answer(qtbot, page: ScreeningPage, criterion_id: str, yes: bool, note: str = "") -> None:
    page.select_criterion(criterion_id)
    page.answer_choice.buttons()[0 if yes else 1].setChecked(True)
    page.answer_note.clear()
    qtbot.keyClicks(page.answer_note, note)
    qtbot.mouseClick(page.answer_button, Qt.MouseButton.LeftButton)


def override(qtbot, page: ScreeningPage, criterion_id: str, yes: bool, reason: str) -> None:
    page.select_criterion(criterion_id)
    page.override_choice.buttons()[0 if yes else 1].setChecked(True)
    page.override_reason.clear()
    qtbot.keyClicks(page.override_reason, reason)
    qtbot.mouseClick(page.override_button, Qt.MouseButton.LeftButton)


def sign_dialog(qtbot, dialog, password: str) -> None:
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_before_a_screening_the_checklist_is_a_preview(open_as):
    page = open_as(ANN)
    assert page.view is None and "preview" in page.heading.text()
    page.start_date.setDate(QDate(2026, 11, 23))
    assert page.checklist.on.isoformat() == "2026-11-23"
    assert page.model.rowCount() >= len(page.checklist.criteria)
    assert cell(page, "I1", ChecklistModel.STATUS) == "✔ Passes"
    assert "Incomplete: 3 open" in page.banner.text() and "I4" in page.banner.text()
    assert page.start_button.isEnabled() and not page.answer_button.isEnabled()
    assert "Start a screening" in page.answer_hint.text()


def test_a_whole_screening_through_the_window(qtbot, open_as):
    ann = open_as(ANN)
    start(qtbot, ann)
    assert f"{NCT}-S0001" in ann.heading.text() and "In progress" in ann.heading.text()

    answer(qtbot, ann, "I4", True, "consent signed 2026-11-20")
    assert final(ann, "I4") == "yes" and ann.message.text() == ""
    assert ann.answer_choice.checkedButton() is None and ann.answer_note.text() == ""  # never carried over
    assert cell(ann, "I4", ChecklistModel.DECISION) == "Answer yes by ann: consent signed 2026-11-20"
    assert cell(ann, "I4", ChecklistModel.STATUS) == "✔ Passes"
    answer(qtbot, ann, "E9", False, "investigator judged suitable")
    assert final(ann, "E9") == "no"

    # E1 rests on ambiguous text: the coordinator's answer is refused by the core
    answer(qtbot, ann, "E1", False)
    assert "investigator must confirm" in ann.message.text() and final(ann, "E1") == "needs review"
    # the override control is the investigator's; driven anyway, the core refuses it
    ann.select_criterion("E1")
    assert not ann.override_button.isEnabled() and "Only an investigator" in ann.override_hint.text()
    ann.override_choice.buttons()[1].setChecked(True)
    ann.override_reason.setText("eGFR is fine")
    assert not ann.record_override()
    assert "may not override" in ann.message.text() and final(ann, "E1") == "needs review"

    li = open_as(ADMIN)
    override(qtbot, li, "E1", False, "   ")
    assert "needs a reason" in li.message.text() and final(li, "E1") == "needs review"
    override(qtbot, li, "E1", False, "CKD-EPI eGFR 104: the reading is eGFR")
    assert li.message.text() == "" and final(li, "E1") == "no"
    assert cell(li, "E1", ChecklistModel.DECISION) == "Override no by dr.li: CKD-EPI eGFR 104: the reading is eGFR"
    assert cell(li, "E1", ChecklistModel.AUTO) == "needs review"  # the automatic answer is kept beside it
    assert "Eligible" in li.banner.text()

    ann.load()
    assert ann.submit_button.isEnabled() and not ann.sign_button.isEnabled()
    dialog = ann.submit()
    sign_dialog(qtbot, dialog, "not my password")
    assert "does not match" in dialog.message.text() and dialog.isVisible()
    assert ann.view.status == Status.IN_PROGRESS
    sign_dialog(qtbot, dialog, PASSWORD)
    assert not dialog.isVisible() and ann.view.status == Status.READY_FOR_REVIEW
    assert "Prepared by: 王安 (coordinator)" in ann.heading.text()

    li.load()
    assert li.sign_button.isEnabled()
    dialog = li.sign()
    sign_dialog(qtbot, dialog, "wrong")
    assert "does not match" in dialog.message.text() and li.view.status == Status.READY_FOR_REVIEW
    sign_dialog(qtbot, dialog, PASSWORD)
    assert li.view.status == Status.SIGNED
    assert "Eligibility confirmed by investigator: 李明" in li.heading.text()
    assert not li.override_button.isEnabled() and "locked" in li.override_hint.text()

    ann.load()
    assert ann.enrol_button.isEnabled()
    dialog = ann.enrol()
    dialog.date.setDate(QDate(2026, 11, 24))
    qtbot.keyClicks(dialog.subject_no, "RJ-001")
    dialog.arm.setCurrentIndex(dialog.arm.findData("telitacicept"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.message.text()
    assert ann.view.status == Status.ENROLLED and "enrolled 2026-11-24 as RJ-001" in ann.heading.text()
    with ann.context.registry.reading() as session:
        study = PatientRepository(session, "t").require("EX-4063-01").studies[0]
    assert (study.trial, study.subject_no, study.arm) == (NCT, "RJ-001", "telitacicept")


def test_an_enrolment_without_a_subject_number_is_refused_and_nothing_changes(qtbot, open_as, registry):
    _signed_screening(registry, "EX-4063-01", {"I4": "yes", "E9": "no", "E1": "no"})
    page = open_as(ANN)
    dialog = page.enrol()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "subject / randomisation number is required" in dialog.message.text() and dialog.isVisible()
    dialog.reject()
    page.load()
    assert page.view.status == Status.SIGNED


def test_a_screen_failure_and_a_stale_signed_screening(qtbot, open_as, registry):
    _signed_screening(registry, "EX-4063-02", {"I4": "yes", "E9": "no"})
    page = open_as(ANN, "EX-4063-02")
    assert "Ineligible: fails E8" in page.banner.text()
    assert not page.enrol_button.isEnabled() and page.fail_button.isEnabled()
    assert page.stale_label.isHidden()

    with registry.writing() as session:
        patients = PatientRepository(session, "ann")
        patient = patients.require("EX-4063-02")
        patients.save(patient.model_copy(update={"note": "record corrected"}), reason="correction")
    page.load()
    assert not page.stale_label.isHidden() and "Stale" in page.stale_label.text()

    dialog = page.screen_failure()
    qtbot.keyClicks(dialog.note, "IgG 4.2 g/L")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.view.status == Status.SCREEN_FAILURE and "note: IgG 4.2 g/L" in page.heading.text()
    assert page.start_button.isEnabled() and page.start_button.text() == "&Start a new screening"


def test_a_monitor_reads_but_every_control_is_off(open_as, registry):
    _signed_screening(registry, "EX-4063-01", {"I4": "yes", "E9": "no", "E1": "no"}, submit_only=True)
    page = open_as(Actor("mo", Role.MONITOR))
    assert page.view.status == Status.READY_FOR_REVIEW
    for button in (page.start_button, page.submit_button, page.send_back_button, page.sign_button,
                   page.enrol_button, page.fail_button, page.answer_button, page.override_button):
        assert not button.isEnabled(), button.text()


def test_an_unknown_patient_is_said_plainly(open_as):
    page = open_as(ANN, "NOPE")
    assert "no patient with registry or record number 'NOPE'" in page.message.text()
    assert page.model.rowCount() == 0


def _signed_screening(registry, patient: str, answers: dict[str, str], submit_only: bool = False) -> None:
    """A screening prepared and signed through the repository, as the command line would."""
    import datetime as dt

    from coordinator.screening.rules.answers import Answer
    with registry.writing() as session:
        screenings = ScreeningRepository(session, ADMIN)
        view = screenings.start(patient, NCT, dt.date(2026, 11, 23))
        for criterion, value in answers.items():
            screenings.answer(view.id, criterion, Answer(value), "")
    with registry.writing() as session:
        ScreeningRepository(session, ANN).submit(view.id, PASSWORD)
    if not submit_only:
        with registry.writing() as session:
            ScreeningRepository(session, ADMIN).sign(view.id, PASSWORD)


def test_the_checklist_pdf_is_exported_in_the_background(qtbot, open_as, registry, tmp_path):
    _signed_screening(registry, "EX-4063-01", {"I4": "yes", "E9": "no", "E1": "no"}, submit_only=True)
    page = open_as(Actor("mo", Role.MONITOR))  # reading is enough for an unsigned copy
    assert page.export_button.isEnabled() and not page.export_signed_button.isEnabled()
    target = tmp_path / "checklist.pdf"
    page.export_pdf(target)
    assert not page.export_button.isEnabled()  # one PDF at a time
    qtbot.waitUntil(lambda: page.pdf_task is None, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF") and str(target) in page.pdf_status.text()
    assert page.export_button.isEnabled()


def test_a_signed_pdf_asks_for_the_password_again(qtbot, open_as, registry, tmp_path):
    from coordinator.signing.pdf_signatures import verify_pdf
    _signed_screening(registry, "EX-4063-01", {"I4": "yes", "E9": "no", "E1": "no"}, submit_only=True)
    page = open_as(ANN)  # ann signed "Prepared by": her PDF signature goes over that block
    assert page.export_signed_button.isEnabled()
    target = tmp_path / "signed.pdf"
    dialog = page.export_pdf(target, signed=True)
    sign_dialog(qtbot, dialog, "not my password")
    assert "does not match" in dialog.message.text() and not target.exists()
    sign_dialog(qtbot, dialog, PASSWORD)
    qtbot.waitUntil(lambda: page.pdf_task is None and target.exists(), timeout=30000)
    assert "signed by 王安" in page.pdf_status.text()
    reports = verify_pdf(target.read_bytes(), [])
    assert [(r.signer_name, r.meaning, r.intact) for r in reports] == [("王安", "Prepared by", True)]


def test_a_preview_has_no_pdf(open_as):
    page = open_as(ANN)
    assert not page.export_button.isEnabled() and not page.print_button.isEnabled()


def test_printing_draws_every_page_of_the_pdf(qtbot, open_as, registry, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    _signed_screening(registry, "EX-4063-01", {"I4": "yes", "E9": "no", "E1": "no"})
    page = open_as(ANN)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.print_checklist(printer)
    qtbot.waitUntil(lambda: "Printed" in page.pdf_status.text(), timeout=20000)
    from PySide6.QtPdf import QPdfDocument
    from ui.window.screening.pdf_export import checklist_pdf
    source = tmp_path / "source.pdf"
    source.write_bytes(checklist_pdf(registry, ANN, "EX-4063-01", NCT))
    counts = []
    for path in (source, tmp_path / "printed.pdf"):
        document = QPdfDocument()
        document.load(str(path))
        counts.append(document.pageCount())
    assert counts[0] >= 1 and counts[0] == counts[1]
    assert page.pdf_status.text() == f"Printed {counts[0]} page" + ("s" if counts[0] > 1 else "")


def test_an_amended_protocol_shows_on_the_open_checklist_until_its_review_is_recorded(qtbot, open_as, registry,
                                                                                        monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from tests.ui.conftest import amend_shipped_trial

    page = open_as(ANN)
    start(qtbot, page)
    assert not page.amendment_label.isVisibleTo(page)
    amend_shipped_trial(registry.database.parent / "trials")
    page.load()
    assert page.amendment_label.isVisibleTo(page) and page.review_amendment_button.isVisibleTo(page)
    text = page.amendment_label.text()
    assert text.startswith("⚠ Protocol amended: review.") and "now amendment 1, 2026-11-30" in text
    assert "I1 (reworded, rule changed)" in text
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("I1 widened to 75: still met", True))
    page.review_amendment_button.click()
    assert not page.amendment_label.isVisibleTo(page), page.message.text()
    assert page.view.checklist.protocol_version == "amendment 1, 2026-11-30"
