"""The pre-screen view: the patients x trials matrix fills in the background, filters by verdict,
trial and text, and a cell opens that patient's checklist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.screening.workflow import Actor, Role
from coordinator.screening.trial_library import load_trials
from db.importer import import_records
from db.registry import Registry
from tests.conftest import EXAMPLES
from ui.window.main_window import MainWindow
from ui.window.prescreen.page import PrescreenPage
from ui.window.screening.page import ScreeningPage

NCT = "NCT06394063"


@pytest.fixture
def window(qtbot, site_db):
    registry = Registry.open(site_db)
    for path in sorted(Path(EXAMPLES).glob("NCT*.json")):
        assert import_records(registry, path.read_bytes(), path.name, "setup").accepted
    main = MainWindow(registry, Actor("ann", Role.COORDINATOR))
    qtbot.addWidget(main)
    main.show()
    yield main
    registry.close()


@pytest.fixture
def page(qtbot, window) -> PrescreenPage:
    shown = window.show_page("prescreen")
    assert isinstance(shown, PrescreenPage)
    shown.on_date.setDate(QDate(2026, 11, 23))
    qtbot.waitUntil(lambda: not shown.running, timeout=20000)  # the run started when first shown
    qtbot.mouseClick(shown.run_button, Qt.MouseButton.LeftButton)
    assert shown.running and not shown.progress.isHidden() and not shown.run_button.isEnabled()
    qtbot.waitUntil(lambda: not shown.running, timeout=20000)
    return shown


def cell_text(page: PrescreenPage, patient: str, trial_id: str, role=Qt.ItemDataRole.DisplayRole) -> str:
    proxy = page.proxy
    column = next(c for c in range(proxy.columnCount()) if proxy.headerData(c, Qt.Orientation.Horizontal)
                  .startswith(trial_id))
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == patient)
    return proxy.index(row, column).data(role)


def cell_tooltip(page: PrescreenPage, patient: str, trial_id: str) -> str:
    return cell_text(page, patient, trial_id, Qt.ItemDataRole.ToolTipRole)


def test_nothing_is_computed_until_the_view_is_shown(qtbot, window):
    page = window.pages["prescreen"]
    window.show_page("registry")  # the window may reopen on the view it was closed on
    qtbot.waitUntil(lambda: not page.running, timeout=20000)
    page.on_date.setDate(QDate(2020, 1, 1))
    assert not page.running
    window.show_page("prescreen")
    assert page.running
    qtbot.waitUntil(lambda: not page.running, timeout=20000)
    assert "on 2020-01-01" in page.summary.text()


def test_the_matrix_fills_in_the_background(page):
    assert page.model.rowCount() == 28 and page.proxy.columnCount() == 2 + len(load_trials())
    assert cell_text(page, "EX-4063-02", NCT) == "✘ ineligible: E8"
    # what the open criteria ask: consent (I4) and the investigator's judgement (E9), and the
    # investigator's choice of a GFR reading (E1: eGFR 63, creatinine clearance 54)
    assert cell_text(page, "EX-4063-01", NCT) == "? incomplete: choose 1 · ask 2"
    assert page.progress.isHidden() and page.run_button.isEnabled()
    assert "28 patients on 2026-11-23" in page.summary.text()
    assert "incomplete 5 (to ask 0, to obtain data 4, readings to choose 1)" in \
        page.summary.text().split(NCT)[1].split("<br>")[0]
    tooltip = cell_tooltip(page, "EX-4063-01", NCT)
    assert "Ask a person: I4, E9" in tooltip and "Readings for the investigator to choose: E1" in tooltip
    assert "Double-click" in tooltip


def test_a_candidate_missing_data_says_which_tests_to_obtain(page):
    row = next(r for r in page.model.rows() if r.results[NCT].open_by_kind and r.results[NCT].open_by_kind.data)
    text = cell_text(page, row.patient_ref, NCT)
    assert text.startswith("? incomplete: obtain ")
    tooltip = cell_tooltip(page, row.patient_ref, NCT)
    assert "Data missing: " in tooltip
    assert all(f"  · {item}" in tooltip for item in row.results[NCT].open_by_kind.to_obtain)


def test_filters_by_trial_verdict_and_text(qtbot, page):
    page.trial_box.setCurrentIndex(page.trial_box.findData(NCT))
    assert page.proxy.columnCount() == 3
    assert page.proxy.headerData(2, Qt.Orientation.Horizontal).startswith(NCT)
    page.verdict_box.setCurrentIndex(page.verdict_box.findData("incomplete"))
    shown = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert "EX-4063-01" in shown and "EX-4063-02" not in shown
    assert all(page.proxy.index(r, 2).data().startswith("? incomplete") for r in range(page.proxy.rowCount()))
    qtbot.keyClicks(page.search, "ex-4063")
    assert {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())} == {"EX-4063-01", "EX-4063-05"}
    page.verdict_box.setCurrentIndex(0)
    page.trial_box.setCurrentIndex(0)
    assert page.proxy.rowCount() == 5 and page.proxy.columnCount() == 2 + len(load_trials())


def test_choosing_a_trial_ranks_its_candidates_as_the_worklist_does(page):
    from coordinator.screening.prescreen import worklist_rank

    page.trial_box.setCurrentIndex(page.trial_box.findData(NCT))
    assert page.proxy.headerData(2, Qt.Orientation.Horizontal).startswith(NCT)
    by_ref = {row.patient_ref: row.results[NCT] for row in page.model.rows()}
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    ranks = [worklist_rank(by_ref[ref]) for ref in shown]
    assert ranks == sorted(ranks) and len(set(group for group, _ in ranks)) >= 3
    # data to obtain (fewest first) before readings to choose, the ineligible last
    assert page.proxy.index(0, 2).data().startswith("? incomplete: obtain")
    assert shown.index("EX-4063-01") > max(shown.index(ref) for ref, r in by_ref.items() if r.open_by_kind
                                          and r.open_by_kind.data)
    assert page.proxy.index(len(shown) - 1, 2).data().startswith("✘ ineligible")


def test_double_clicking_a_cell_opens_its_checklist(qtbot, window, page):
    page.search.setText("EX-4063-02")
    column = next(c for c in range(page.proxy.columnCount())
                  if page.proxy.headerData(c, Qt.Orientation.Horizontal).startswith(NCT))
    index = page.proxy.index(0, column)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    # as a real double-click arrives: a click, then the double-click on the same cell
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    screening = window.stack.currentWidget()
    assert isinstance(screening, ScreeningPage)
    assert screening.patient_ref == "EX-4063-02" and screening.trial_id == NCT
    assert screening.checklist is not None and "E8" in screening.checklist.failed
