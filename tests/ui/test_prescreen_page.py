"""The pre-screen view: the patients x trials matrix fills in the background, filters by verdict,
trial and text, and a cell opens that patient's checklist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from coordinator.screening.workflow import Actor, Role
from coordinator.screening.trial import load_trials
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


def cell_text(page: PrescreenPage, patient: str, nct: str) -> str:
    proxy = page.proxy
    column = next(c for c in range(proxy.columnCount()) if proxy.headerData(c, Qt.Orientation.Horizontal)
                  .startswith(nct))
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == patient)
    return proxy.index(row, column).data()


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
    assert cell_text(page, "EX-4063-01", NCT) == "? incomplete (3 open)"
    assert page.progress.isHidden() and page.run_button.isEnabled()
    assert "28 patients on 2026-11-23" in page.summary.text()
    tooltip = page.proxy.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "Double-click" in tooltip


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
    assert page.proxy.rowCount() == 5 and page.proxy.columnCount() == 7


def test_sorting_a_trial_column_puts_the_closest_to_eligible_first(page):
    column = next(c for c in range(page.proxy.columnCount())
                  if page.proxy.headerData(c, Qt.Orientation.Horizontal).startswith(NCT))
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    first = page.proxy.index(0, column).data()
    assert first.startswith("? incomplete")


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
    assert screening.patient_ref == "EX-4063-02" and screening.nct == NCT
    assert screening.checklist is not None and "E8" in screening.checklist.failed
