"""A site's whole day through the window (issue 6): the coordinator (ann) and the investigator
(dr.li) sign in, add a patient with creatinine in two units, screen her for NCT03864250, answer,
override (refused to ann and without a reason), submit, sign, export the signed checklist PDF,
enrol her in the tacrolimus arm, enter a follow-up creatinine that trips the tacrolimus rule and
acknowledge the halving it asks for.

Dates run back from today so that nothing lies in the future: screening 60 days ago, the
follow-up creatinine 30 days after randomisation. The screening labs (with the lab's ULN) are
typed into the patient page's result entry and the tacrolimus start into the follow-up view's
dose entry; the diagnosis, the biopsy and reproductive status are added as a record file, the
way a site imports them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from coordinator.records.record_io import dump_records
from coordinator.screening.workflow import Actor, Status
from coordinator.signing.pdf_signatures import verify_pdf
from db.acknowledgements import AcknowledgementRepository
from db.importer import import_records
from db.models import AuditRow
from db.patients import PatientRepository
from db.registry import Registry
from tests.conftest import EXAMPLES
from tests.ui.conftest import PASSWORD
from tests.ui.test_patient_page import _add_result
from tests.ui.test_screening_page import answer, final, override, sign_dialog
from ui.window.main_window import MainWindow
from ui.window.followup.page import FollowUpPage
from ui.window.screening.page import ScreeningPage
from ui.window.sign_in import SignInDialog

NCT = "NCT03864250"
REF = "R-DAY-01"
TODAY = dt.date.today()
SCREENED = TODAY - dt.timedelta(days=60)
ENROLLED = SCREENED + dt.timedelta(days=1)
FOLLOW_UP = ENROLLED + dt.timedelta(days=30)
EXAMPLE_DAY = dt.date(2026, 11, 23)  # the day tests/examples/NCT03864250.json is eligible on


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    yield opened
    opened.close()


def sign_in(qtbot, registry: Registry, username: str) -> Actor:
    dialog = SignInDialog(registry, "北京协和医院")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None, dialog.message.text()
    return dialog.actor


def open_window(qtbot, registry: Registry, username: str) -> MainWindow:
    window = MainWindow(registry, sign_in(qtbot, registry, username))

    def leave_clean(shown: MainWindow) -> None:  # unsaved edits would ask, and wait, on close
        if shown.pages.is_built("patient"):
            shown.pages["patient"].revert()

    qtbot.addWidget(window, before_close_func=leave_clean)
    window.show()
    qtbot.waitExposed(window)
    return window


def shifted(value, days: int):
    """The example's dates moved by `days`, so its data stand where this day's screening needs them."""
    if isinstance(value, dict):
        return {key: shifted(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [shifted(item, days) for item in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    return value


def example() -> dict:
    """The eligible example patient, moved to this day's screening."""
    found = json.loads((EXAMPLES / "NCT03864250.json").read_text())["patients"][0]
    return shifted(found, (SCREENED - EXAMPLE_DAY).days)


def type_result(qtbot, bar, result: dict) -> None:
    """One result as a coordinator types it: test, date, value or coded result, unit, ULN, Return."""
    bar.choose(result["code"])
    bar.set_date(dt.date.fromisoformat(result["date"]))
    if "text" in result:
        bar.result.setCurrentIndex(bar.result.findText(result["text"]))
        qtbot.mouseClick(bar.add, Qt.MouseButton.LeftButton)
        return
    bar.set_unit(result["unit"])
    if "uln" in result:
        qtbot.keyClicks(bar.uln, f"{result['uln']:g}")
    qtbot.keyClicks(bar.value, f"{result['value']:g}")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)


def import_the_rest(registry: Registry) -> None:
    """Add the eligible example's diagnoses, biopsy and reproductive status to the patient entered
    in the window, keeping what was entered there."""
    with registry.reading() as session:
        patient = PatientRepository(session, "t").require(REF)
    record = json.loads(dump_records([patient]))
    entered = record["patients"][0]
    for section in ("diagnoses", "biopsies", "reproductive"):
        entered[section] = example()[section]
    outcome = import_records(registry, json.dumps(record), "screening-extras.json", "ann", update=True)
    assert outcome.accepted, outcome.problems


def test_a_day_at_the_site(qtbot, registry, tmp_path):
    ann = open_window(qtbot, registry, "ann")
    li = open_window(qtbot, registry, "dr.li")
    assert (ann.actor.name, li.actor.name) == ("ann", "dr.li")

    # -- a new patient, creatinine in umol/L and in mg/dL ------------------------------------------
    qtbot.mouseClick(ann.registry_page.buttons["new"], Qt.MouseButton.LeftButton)
    page = ann.pages["patient"]
    assert page.creating
    qtbot.keyClicks(page.form.registry_no, REF)
    page.form.name.insert("徐霞")  # Chinese arrives committed from the input method
    page.form.sex.setCurrentIndex(page.form.sex.findData("F"))
    qtbot.keyClicks(page.form.birth_date, "1982-08-25")
    qtbot.keyClicks(page.form.record_no, "H-DAY-1")
    _add_result(qtbot, page.lab_bar, "creatinine", SCREENED - dt.timedelta(days=20), "86", "umol/L")
    _add_result(qtbot, page.lab_bar, "creatinine", SCREENED - dt.timedelta(days=8), "1.0", "mg/dL")
    converted = page.observations.column_of("converted")
    assert sorted(page.observations.index(row, converted).data() for row in range(2)) == ["", "88.4 umol/L"]
    screening_labs = [o for o in example()["observations"] if o["code"] != "creatinine"]
    for result in screening_labs:
        type_result(qtbot, page.lab_bar, result)
    uln = page.observations.column_of("uln")
    alt = next(row for row, values in enumerate(page.observations.rows) if values["code"] == "alt")
    assert page.observations.index(alt, uln).data() == "40" and page.observations.rows[alt]["uln"] == 40.0
    with qtbot.waitSignal(ann.context.data_changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.creating and page.registry_no == REF and not page.is_dirty(), page.banner.text()
    with registry.reading() as session:
        saved = PatientRepository(session, "t").require(REF).observations
    typed = {(o["code"], o["date"], o.get("value"), o.get("text"), o.get("uln")) for o in screening_labs}
    assert typed <= {(o.code, str(o.date), o.value, o.text, o.uln) for o in saved}
    import_the_rest(registry)

    # -- the screening, reached from the patient's screenings tab ---------------------------------
    ann.context.patient_requested.emit(REF)
    studies = page.studies_tab
    studies.trial_choice.setCurrentIndex(studies.trial_choice.findData(NCT))
    qtbot.mouseClick(studies.checklist_button, Qt.MouseButton.LeftButton)
    screening = ann.stack.currentWidget()
    assert isinstance(screening, ScreeningPage) and screening.trial_id == NCT
    screening.start_date.setDate(qdate(SCREENED))
    qtbot.mouseClick(screening.start_button, Qt.MouseButton.LeftButton)
    assert screening.view is not None and screening.view.status == Status.IN_PROGRESS, screening.message.text()
    answer(qtbot, screening, "I4", True, "consent signed today")
    answer(qtbot, screening, "E11", False, "lives nearby, keen")
    assert (final(screening, "I4"), final(screening, "E11")) == ("yes", "no")

    # E4's garbled text reads two ways, and both readings agree for a patient without a
    # malignancy: it stands without anyone; only an investigator could override it, with a reason
    assert final(screening, "E4") == "no"
    screening.select_criterion("E4")
    assert not screening.override_button.isEnabled()
    screening.override_choice.buttons()[0].setChecked(True)
    screening.override_reason.setText("suspected relapse")
    assert not screening.record_override()  # driven anyway: the core refuses
    assert "may not override" in screening.message.text() and final(screening, "E4") == "no"

    li.context.checklist_requested.emit(REF, NCT)
    review = li.stack.currentWidget()
    override(qtbot, review, "E4", True, "   ")
    assert "needs a reason" in review.message.text() and final(review, "E4") == "no"
    assert "Eligible" in review.banner.text(), review.banner.text()

    # -- submit, sign, export the signed PDF -------------------------------------------------------
    screening.load()
    sign_dialog(qtbot, screening.submit(), PASSWORD)
    assert screening.view.status == Status.READY_FOR_REVIEW
    review.load()
    sign_dialog(qtbot, review.sign(), PASSWORD)
    assert review.view.status == Status.SIGNED
    pdf = tmp_path / "checklist.pdf"
    sign_dialog(qtbot, review.export_pdf(pdf, signed=True), PASSWORD)
    qtbot.waitUntil(lambda: review.pdf_task is None and pdf.exists(), timeout=30000)
    assert pdf.read_bytes().startswith(b"%PDF-")
    reports = verify_pdf(pdf.read_bytes(), [])
    assert [(r.signer_name, r.meaning, r.intact) for r in reports] == [
        ("李明", "Eligibility confirmed by investigator", True)]
    if shutil.which("pdfsig"):  # poppler, where installed, sees the same signature
        listed = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
        assert "Signature #1" in listed and "Signature #2" not in listed

    # -- enrolment in the tacrolimus arm -------------------------------------------------------------
    screening.load()
    dialog = screening.enrol()
    dialog.date.setDate(qdate(ENROLLED))
    qtbot.keyClicks(dialog.subject_no, "XH-TAC-101")
    dialog.arm.setCurrentIndex(dialog.arm.findData("tac"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.message.text()
    assert screening.view.status == Status.ENROLLED

    # -- the tacrolimus start, typed into the follow-up view -----------------------------------------
    ann.context.followup_requested.emit(REF, NCT)
    followup = ann.stack.currentWidget()
    assert isinstance(followup, FollowUpPage) and followup.entry.isEnabled()
    entry = followup.entry
    assert entry.drug.currentData().drug == "tacrolimus" and entry.dose_unit.text() == "mg/d"
    entry.dose_date.setDate(qdate(ENROLLED))
    qtbot.keyClicks(entry.dose, "4")
    qtbot.keyClicks(entry.dose_note, "2 mg twice daily")
    with qtbot.waitSignal(ann.context.data_changed):
        qtbot.mouseClick(entry.dose_button, Qt.MouseButton.LeftButton)
    assert entry.dose_error.isHidden() and entry.dose.text() == ""
    assert followup.result.doses == {"tacrolimus": 4.0}

    # -- the follow-up creatinine trips the tacrolimus rule ---------------------------------------------
    ann.context.patient_requested.emit(REF)
    page = ann.pages["patient"]
    page.revert()  # shows what is stored, the dose entered on the follow-up view included
    _add_result(qtbot, page.lab_bar, "creatinine", FOLLOW_UP, "1.6", "mg/dL")
    page.reason.setText("week 4 visit")
    assert page.save(), page.banner.text()

    ann.context.followup_requested.emit(REF, NCT)
    followup = ann.stack.currentWidget()
    assert isinstance(followup, FollowUpPage)
    followup.as_of.setDate(qdate(FOLLOW_UP))
    assert followup.result is not None, followup.message.text()
    halving = [a for a in followup.result.actions if a.action == "halve_dose"]
    assert len(halving) == 1 and (halving[0].from_mg_per_day, halving[0].to_mg_per_day) == (4.0, 2.0)
    rows = [[followup.actions_model.index(r, c).data() for c in range(6)]
            for r in range(followup.actions_model.rowCount())]
    row = next(i for i, shown in enumerate(rows) if shown[2] == "Halve dose")
    assert rows[row][3:] == ["Tacrolimus", "4", "2"]
    followup.select_action(row)
    qtbot.keyClicks(followup.note, "dose halved to 2 mg/d, patient phoned")
    qtbot.mouseClick(followup.ack_button, Qt.MouseButton.LeftButton)
    assert followup.ack_error.text() == ""
    assert followup.actions_model.index(row, 6).data().endswith(": dose halved to 2 mg/d, patient phoned")
    with registry.reading() as session:
        stored = AcknowledgementRepository(session, ann.actor).for_patient(REF, NCT)
        actions = [entry.action for entry in session.execute(
            select(AuditRow).where(AuditRow.patient_ref == REF).order_by(AuditRow.id)).scalars()]
    assert [ack.note for ack in stored.values()] == ["dose halved to 2 mg/d, patient phoned"]
    assert actions[0] == "create" and len(actions) > 8  # every step of the day is on the audit trail
