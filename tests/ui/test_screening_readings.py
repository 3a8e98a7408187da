"""Readings side by side in the screening view: each reading of ambiguous text is a row under
the part it reads, with its answer and evidence; the investigator chooses one for the screening
or adopts one for the trial (and withdraws it); a coordinator sees them but cannot choose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.screening.workflow import Actor, Role
from db.patients import PatientRepository
from db.readings import adopted_readings
from db.registry import Registry
from tests.conftest import READINGS_TRIAL as NCT, with_neutrophils
from ui.window.main_window import MainWindow
from ui.window.screening.checklist_model import ChecklistModel
from ui.window.screening.page import ScreeningPage

ANN, DR_LI = Actor("ann", Role.COORDINATOR), Actor("dr.li", Role.INVESTIGATOR)


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    with opened.writing() as session:
        PatientRepository(session, "setup").add([with_neutrophils(1.2)])
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot, registry):
    def make(actor: Actor) -> ScreeningPage:
        window = MainWindow(registry, actor)
        qtbot.addWidget(window)
        window.show()
        ref = with_neutrophils(1.2).registry_no
        window.context.checklist_requested.emit(ref, NCT)
        shown = window.stack.currentWidget()
        assert isinstance(shown, ScreeningPage)
        shown.start_date.setDate(QDate(2026, 11, 23))
        return shown
    return make


def _reading_rows(page: ScreeningPage) -> dict[str, tuple[str, str, str]]:
    found = {}
    for number, row in enumerate(page.model.rows()):
        if row.reading is not None and row.id == "E7e":
            cells = [page.model.index(number, column).data()
                     for column in (ChecklistModel.STATUS, ChecklistModel.TEXT, ChecklistModel.DECISION)]
            found[row.reading.id] = tuple(cells)
    return found


def test_readings_stand_side_by_side_and_the_investigator_chooses_one(qtbot, page):
    shown = page(DR_LI)
    qtbot.mouseClick(shown.start_button, Qt.MouseButton.LeftButton)
    assert shown.view is not None
    rows = _reading_rows(shown)
    assert rows == {"all_low": ("      ⟷ no", "Reading “all three counts low” (literal text)", ""),
                    "any_low": ("      ⟷ yes", "Reading “any count low”", "")}
    shown.table.selectRow(shown.model.row_of_item("E7e"))
    detail = shown.detail.toPlainText()
    assert "Readings side by side" in detail and "all three counts low" in detail and "any count low" in detail
    box = shown.readings_box
    assert shown.decision_tabs.currentWidget() is box and box.isVisible()
    assert box.choose_button.isEnabled() and not box.withdraw_button.isEnabled()

    box.reading.setCurrentIndex(box.reading.findData("any_low"))
    qtbot.keyClicks(box.note, "intent: any cytopenia")
    qtbot.mouseClick(box.choose_button, Qt.MouseButton.LeftButton)
    assert shown.message.text() == ""
    assert _reading_rows(shown)["any_low"] == ("      ★ yes", "Reading “any count low”", "Chosen by the investigator")
    assert shown.model.index(shown.model.row_of("E7"), ChecklistModel.STATUS).data() == "✘ Fails"
    assert "reason: intent: any cytopenia" in shown.detail.toPlainText()

    qtbot.mouseClick(box.adopt_button, Qt.MouseButton.LeftButton)
    dialog = shown.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "needs a reason" in dialog.message.text()
    qtbot.keyClicks(dialog.note, "sponsor's letter of 2026-10-02")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with shown.context.registry.reading() as session:
        assert adopted_readings(session, NCT)["E7e"].reason == "sponsor's letter of 2026-10-02"
    shown.table.selectRow(shown.model.row_of_item("E7e"))
    assert box.withdraw_button.isEnabled()
    qtbot.mouseClick(box.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(shown.dialog.note, "amendment 3")
    qtbot.mouseClick(shown.dialog.ok_button, Qt.MouseButton.LeftButton)
    with shown.context.registry.reading() as session:
        assert adopted_readings(session, NCT) == {}


def test_a_coordinator_sees_the_readings_but_cannot_choose(page):
    shown = page(ANN)
    shown.table.selectRow(shown.model.row_of_item("E7e"))
    box = shown.readings_box
    assert shown.decision_tabs.currentWidget() is box and shown.decision_tabs.isTabEnabled(0)
    assert not box.choose_button.isEnabled() and not box.adopt_button.isEnabled()
    assert "Only an investigator" in box.hint.text()


def test_an_item_without_readings_has_no_reading_to_choose(page):
    shown = page(DR_LI)
    shown.table.selectRow(shown.model.row_of_item("E7a"))
    assert not shown.decision_tabs.isTabEnabled(shown.decision_tabs.indexOf(shown.readings_box))
    assert shown.readings_box.reading.count() == 0
