"""The patient page and the registry's patient actions, driven through real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from coordinator.records.derived import derived_egfr
from coordinator.records.record import Observation
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.records.validation import validate_patient
from db.importer import import_records
from db.models import AuditRow, ObservationRow
from db.patient_edits import save_patient_details
from db.patients import PatientRepository
from db.screenings import ScreeningRepository
from tests.conftest import EXAMPLES, make_patient
from ui.window.main_window import MainWindow
from ui.window.patient.draft import check_draft

COORDINATOR = Actor("ann", Role.COORDINATOR)
MONITOR = Actor("mo", Role.MONITOR)
TODAY = dt.date.today()


@pytest.fixture
def stocked(registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient("R0001", "张三丰"),
                                              make_patient("R0002", "王小明", record_no="H-778")])
    return registry


def _window(qtbot, registry, actor=COORDINATOR) -> MainWindow:
    window = MainWindow(registry, actor)
    # edits left on the page would ask (and wait) when pytest-qt closes the window
    qtbot.addWidget(window, before_close_func=lambda shown: shown.pages["patient"].revert())
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, stocked):
    return _window(qtbot, stocked)


def _stored(registry, ref="R0001"):
    with registry.reading() as session:
        return PatientRepository(session, "t").get(ref)


def _audit_count(registry) -> int:
    with registry.reading() as session:
        return session.execute(select(func.count(AuditRow.id))).scalar_one()


def _open(window, ref="R0001"):
    window.context.patient_requested.emit(ref)
    page = window.pages["patient"]
    assert window.stack.currentWidget() is page and page.registry_no == ref
    return page


def _add_result(qtbot, bar, code: str, day: dt.date, value: str, unit: str | None) -> None:
    bar.choose(code)
    bar.set_date(day)
    bar.set_unit(unit)
    bar.value.setFocus()
    qtbot.keyClicks(bar.value, value)
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)


def _answer_next_box(button: QMessageBox.StandardButton, asked: list) -> None:
    """Click `button` on the next modal message box once it is up (it runs its own event loop)."""
    def attempt(tries=200):
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        elif tries:
            QTimer.singleShot(10, lambda: attempt(tries - 1))
    QTimer.singleShot(0, attempt)


# -- adding a patient ----------------------------------------------------------------------------

def test_new_patient_with_creatinine_in_two_units_is_saved_as_entered_converted_and_derived(qtbot, window, stocked):
    qtbot.mouseClick(window.registry_page.buttons["new"], Qt.MouseButton.LeftButton)
    page = window.pages["patient"]
    assert window.stack.currentWidget() is page and page.creating
    assert not page.studies_tab.isEnabled()
    qtbot.keyClicks(page.form.registry_no, "R0100")
    page.form.name.insert("李娜")  # Chinese arrives committed from the input method
    page.form.sex.setCurrentIndex(page.form.sex.findData("F"))
    qtbot.keyClicks(page.form.birth_date, "1980-05-06")
    qtbot.keyClicks(page.form.record_no, "H-900")

    first, second = TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=3)
    bar = page.lab_bar
    qtbot.keyClicks(bar.code.lineEdit(), "Serum creatinine")  # typed in full, as the list names it
    assert bar.chosen_code() == "creatinine"
    assert [bar.unit.itemText(i) for i in range(bar.unit.count())] == ["", "umol/L", "mg/dL", "mg/L", "mmol/L"]
    _add_result(qtbot, bar, "creatinine", first, "106.1", "umol/L")
    assert bar.unit.currentText() == "umol/L" and bar.value.text() == ""  # ready for the next result
    _add_result(qtbot, page.lab_bar, "creatinine", second, "1.2", "mg/dL")
    assert page.labs.proxy.rowCount() == 2
    converted = page.observations.column_of("converted")
    assert page.observations.index(1, converted).data() == "106.08 umol/L"   # 1.2 mg/dL x 88.4
    assert page.observations.index(0, converted).data() == ""                # already in the standard unit
    assert page.save_button.isEnabled() and "*" in page.heading.text()

    with qtbot.waitSignal(window.context.data_changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    stored = _stored(stocked, "R0100")
    assert (stored.name, stored.initials, stored.record_no, stored.sex) == ("李娜", "LN", "H-900", "F")
    assert [(o.date, o.value, o.unit) for o in stored.observations] == [(first, 106.1, "umol/L"),
                                                                         (second, 1.2, "mg/dL")]
    with stocked.reading() as session:
        canonical = session.execute(select(ObservationRow.value_canonical, ObservationRow.unit_canonical)
                                    .order_by(ObservationRow.date.desc())).first()
    assert tuple(canonical) == (106.08, "umol/L")
    # eGFR derived by the core's CKD-EPI 2021 from each creatinine, shown read-only
    expected = [(str(value.date), f"{value.value:.1f}") for value in derived_egfr(stored)]
    shown = [(row[1], row[2]) for row in page.derived_model.texts if row[4] == "CKD-EPI 2021"]
    assert shown == expected[::-1] and len(shown) == 2  # newest first
    assert page.form.facts["egfr"].text().startswith(expected[-1][1])
    assert not page.creating and page.registry_no == "R0100" and not page.is_dirty()
    assert "R0100" in [window.model.summary(row).registry_no for row in range(window.model.rowCount())]
    with stocked.reading() as session:
        created = session.execute(select(AuditRow).where(AuditRow.patient_ref == "R0100")).scalars().all()
    assert [(entry.action, entry.actor) for entry in created] == [("create", "ann")]


def test_a_taken_registry_number_is_refused_next_to_the_field(qtbot, window, stocked):
    window.registry_page.new_action.trigger()
    page = window.pages["patient"]
    qtbot.keyClicks(page.form.registry_no, "R0001")
    qtbot.keyClicks(page.form.name, "Someone Else")
    page.form.sex.setCurrentIndex(page.form.sex.findData("M"))
    qtbot.keyClicks(page.form.birth_date, "1970-01-01")
    before = _audit_count(stocked)
    assert not page.save()
    assert "already in the registry" in page.form.messages["registry_no"].text()
    assert _stored(stocked).name == "张三丰" and _audit_count(stocked) == before


def test_a_new_patient_missing_required_fields_names_them_after_save(qtbot, window, stocked):
    window.registry_page.new_action.trigger()
    page = window.pages["patient"]
    qtbot.keyClicks(page.form.registry_no, "R0200")
    page.check()
    assert not page.form.messages["birth_date"].isVisible()  # not while the form is being filled in
    assert not page.save()
    assert page.form.messages["birth_date"].isVisible() and page.form.messages["birth_date"].text()
    assert page.form.messages["name"].text() and page.form.messages["sex"].text()
    _add_result(qtbot, page.lab_bar, "creatinine", TODAY, "1.1", None)  # checked although the record is not whole
    problems = page.observations.index(0, page.observations.column_of("problems")).data()
    assert problems.startswith("Unit: a unit is required; accepted: umol/L")
    assert not page.save()
    assert _stored(stocked, "R0200") is None


def test_problems_are_placed_on_their_rows_while_other_rows_are_unsound():
    rows = [{"code": "creatinine", "date": "2026-02-30", "value": 80.0, "unit": "umol/L"},
            {"code": "creatinine", "date": dt.date(2026, 1, 5), "value": -3.0, "unit": "umol/L"},
            {"code": "hbsag", "date": dt.date(2026, 1, 5), "text": "maybe"}]
    patient, located = check_draft({"registry_no": "R1", "name": "", "sex": "F", "birth_date": dt.date(1980, 1, 1)},
                                   {"observations": rows}, [])
    assert patient is None
    where = {(item.section, item.row, item.field) for item in located}
    assert where == {(None, None, "name"), ("observations", 0, "date"), ("observations", 1, "value"),
                     ("observations", 2, "text")}
    assert any(item.text.startswith("observations[1] (creatinine).value: value -3 umol/L is impossible")
               for item in located)


# -- bad values ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, days_ago, field", [
    ("-3", "umol/L", 2, "value"),        # impossible
    ("98", "umol/L", -10, "date"),       # in the future
    ("98", None, 2, "unit"),             # missing unit
])
def test_a_bad_result_shows_the_core_message_on_its_row_and_nothing_is_saved(qtbot, window, stocked, value, unit,
                                                                            days_ago, field):
    page = _open(window)
    before, audit_before = _stored(stocked), _audit_count(stocked)
    day = TODAY - dt.timedelta(days=days_ago)
    _add_result(qtbot, page.lab_bar, "creatinine", day, value, unit)
    # the message the core gives for this result, in this record
    bad = Observation(code="creatinine", date=day, value=float(value), unit=unit)
    expected = [p for p in validate_patient(before.model_copy(update={"observations": [*before.observations, bad]}))
                if p.field.startswith("observations[2]")]
    assert len(expected) == 1 and expected[0].field.endswith(f".{field}")

    row = len(page.observations.rows) - 1
    problems = page.observations.index(row, page.observations.column_of("problems")).data()
    assert expected[0].message in problems
    cell = page.observations.index(row, page.observations.column_of(field))
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == expected[0].message
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert f"{expected[0].field}: {expected[0].message}" in page.problem_model.stringList()

    assert not page.save()
    assert "Nothing was written" in page.banner.text()
    assert _stored(stocked) == before and _audit_count(stocked) == audit_before
    assert page.is_dirty()  # the entry stays on the page to be corrected
    page.observations.setData(page.observations.index(row, page.observations.column_of("unit")), "umol/L")
    page.observations.setData(page.observations.index(row, page.observations.column_of("value")), "98")
    page.observations.setData(page.observations.index(row, page.observations.column_of("date")), str(TODAY))
    assert page.save()
    assert _stored(stocked).observations[-1] == Observation(code="creatinine", date=TODAY, value=98.0, unit="umol/L")


def test_a_birth_date_in_the_future_is_named_under_the_field(qtbot, window, stocked):
    page = _open(window)
    page.form.birth_date.selectAll()
    qtbot.keyClicks(page.form.birth_date, str(TODAY.replace(year=TODAY.year + 1)))
    qtbot.waitUntil(lambda: page.form.messages["birth_date"].isVisible(), timeout=2000)
    assert "is in the future" in page.form.messages["birth_date"].text()
    assert not page.save()
    assert _stored(stocked).birth_date == dt.date(1986, 4, 2)


def test_a_later_creatinine_for_an_enrolled_patient_keeps_the_study(qtbot, window, stocked):
    path = EXAMPLES / "on-study" / "NCT03864250-followup.json"
    assert import_records(stocked, path.read_bytes(), path.name, "t").accepted
    stored = _stored(stocked, "EX-4250-F1")
    window.registry_page.refresh()
    page = _open(window, "EX-4250-F1")
    assert page.studies_tab.studies_model.texts[0][:3] == ("NCT03864250", "tac", "XH-TAC-017")
    assert page.studies_tab.followup_button.isEnabled()
    with qtbot.waitSignal(window.context.followup_requested) as requested:
        page.studies_tab.followup_button.click()
    assert requested.args == ["EX-4250-F1", "NCT03864250"]
    page = _open(window, "EX-4250-F1")
    _add_result(qtbot, page.lab_bar, "creatinine", TODAY, "1.6", "mg/dL")
    page.reason.setText("week 28 visit")
    assert page.save()
    after = _stored(stocked, "EX-4250-F1")
    assert after.studies == stored.studies
    assert after.observations[-1] == Observation(code="creatinine", date=TODAY, value=1.6, unit="mg/dL")
    with stocked.reading() as session:
        entry = session.execute(select(AuditRow).order_by(AuditRow.id.desc())).scalars().first()
    assert (entry.action, entry.entity, entry.reason) == ("add", "observations", "week 28 visit")


def test_the_patients_screenings_are_listed_and_open_their_checklist(qtbot, window, stocked):
    with stocked.writing() as session:
        started = ScreeningRepository(session, COORDINATOR).start("R0001", "NCT05863936", TODAY)
    page = _open(window)
    studies = page.studies_tab
    assert studies.screenings_model.texts == [(started.label, "NCT05863936", str(TODAY), "in progress",
                                              str(started.checklist.verdict), "", "")]
    assert studies.trial_choice.currentData() == "NCT05863936" and not studies.followup_button.isEnabled()
    with qtbot.waitSignal(window.context.checklist_requested) as requested:
        qtbot.mouseClick(studies.checklist_button, Qt.MouseButton.LeftButton)
    assert requested.args == ["R0001", "NCT05863936"]


# -- roles -----------------------------------------------------------------------------------------

def test_a_monitor_sees_read_only_controls_and_the_save_is_refused_in_code(qtbot, stocked):
    window = _window(qtbot, stocked, MONITOR)
    page = _open(window)
    assert not page.save_button.isVisible() and not page.lab_bar.isVisible()
    assert page.form.name.isReadOnly() and not page.form.sex.isEnabled()
    assert not page.observations.flags(page.observations.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not window.registry_page.buttons["new"].isVisible()
    before, audit_before = _stored(stocked), _audit_count(stocked)
    page.form.name.setText("Changed")  # as if the controls had been got round
    assert not page.save()
    assert "may not change patient data" in page.banner.text()
    assert _stored(stocked) == before and _audit_count(stocked) == audit_before
    with stocked.writing() as session, pytest.raises(PermissionDenied):
        save_patient_details(session, MONITOR, before.model_copy(update={"name": "Changed"}), creating=False)


# -- unsaved edits -----------------------------------------------------------------------------------

def test_leaving_with_unsaved_edits_asks_save_discard_or_cancel(qtbot, window, stocked):
    page = _open(window)
    page.form.name.selectAll()
    qtbot.keyClicks(page.form.name, "Zhang San")
    assert page.is_dirty()
    asked: list[str] = []

    _answer_next_box(QMessageBox.StandardButton.Cancel, asked)
    window.show_page("registry")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=3000)
    assert asked == ["R0001 has changes that are not saved."] and page.form.name.text() == "Zhang San"

    _answer_next_box(QMessageBox.StandardButton.Discard, asked)
    window.context.patient_requested.emit("R0002")
    assert len(asked) == 2 and page.registry_no == "R0002" and _stored(stocked).name == "张三丰"

    page = _open(window, "R0001")
    page.form.name.selectAll()
    qtbot.keyClicks(page.form.name, "Zhang San")
    _answer_next_box(QMessageBox.StandardButton.Save, asked)
    window.close()
    assert len(asked) == 3 and not window.isVisible()
    assert _stored(stocked).name == "Zhang San"


def test_closing_with_a_bad_edit_and_save_keeps_the_window_open(qtbot, window, stocked):
    page = _open(window)
    page.form.birth_date.setText("1986-02-30")
    page.form.changed.emit()
    asked: list[str] = []
    _answer_next_box(QMessageBox.StandardButton.Save, asked)
    window.close()
    assert asked and window.isVisible()
    assert any(line.startswith("birth_date:") for line in page.problem_model.stringList())
    page.revert()
    assert not page.is_dirty() and page.form.birth_date.text() == "1986-04-02"
