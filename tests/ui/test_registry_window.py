"""The registry window, driven through real widgets with pytest-qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coordinator.demo import demo_patients
from coordinator.screening import Actor, Role
from db.patients import PatientRepository
from db.registry import DEMO, Registry
from tests.conftest import make_patient
from ui.app import MainWindow
from ui.registry_model import PAGE


@pytest.fixture
def window(qtbot, registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([
            make_patient("R0001", "张三丰"), make_patient("R0002", "王小明", record_no="H-778"),
            make_patient("R0003", "Mary Watson")])
    shown = MainWindow(registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _column(window, name: str) -> list[str]:
    model = window.table.model()
    column = [key for key, _ in model.COLUMNS].index(name)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_window_lists_the_registry(window):
    assert _column(window, "registry_no") == ["R0001", "R0002", "R0003"]
    assert _column(window, "name")[0] == "张三丰"
    assert _column(window, "initials") == ["ZSF", "WXM", "MW"]
    assert window.count_label.text() == "3 patients"
    headers = [window.table.model().headerData(i, Qt.Orientation.Horizontal)
               for i in range(window.table.model().columnCount())]
    assert headers[:3] == ["Registry no.", "Name", "Initials"]


@pytest.mark.parametrize("typed, expected", [("wang", ["R0002"]), ("张", ["R0001"]), ("H-778", ["R0002"]),
                                             ("mw", ["R0003"]), ("zzz", [])])
def test_typing_in_search_filters_the_table(qtbot, window, typed, expected):
    window.search.setFocus()
    if typed.isascii():
        qtbot.keyClicks(window.search, typed)
    else:  # Chinese arrives committed from the input method, not as key presses
        window.search.insert(typed)
    qtbot.waitUntil(lambda: _column(window, "registry_no") == expected, timeout=2000)
    assert window.count_label.text() == f"{len(expected)} patients"


def test_clearing_the_search_shows_everyone_again(qtbot, window):
    qtbot.keyClicks(window.search, "wang")
    qtbot.waitUntil(lambda: window.table.model().rowCount() == 1, timeout=2000)
    window.search.clear()
    qtbot.waitUntil(lambda: window.table.model().rowCount() == 3, timeout=2000)


def test_large_registry_pages_in_as_the_view_scrolls(qtbot, tmp_path):
    registry = Registry.open(tmp_path / "big.sqlite3", kind=DEMO)
    with registry.writing() as session:
        PatientRepository(session, "demo").add(demo_patients(PAGE + 40, seed=3))
    shown = MainWindow(registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(shown)
    shown.show()
    model = shown.table.model()
    assert model.rowCount() == PAGE and model.total == PAGE + 40
    assert "DEMO" in shown.windowTitle()
    shown.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE + 40, timeout=3000)
    registry.close()


def test_import_runs_off_the_gui_thread_and_reports_every_problem(qtbot, window, tmp_path):
    import json
    from coordinator.record_io import dump_records

    good = tmp_path / "good.json"
    good.write_text(dump_records([make_patient("R0100", "李娜")]), encoding="utf-8")
    broken = json.loads(dump_records([make_patient("R0101", "赵敏")]))
    broken["patients"][0]["observations"][0]["value"] = -3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")

    window.import_files([good, bad])
    assert not window.import_action.isEnabled()
    qtbot.waitUntil(lambda: window.import_report is not None and window.import_report.isVisible(), timeout=10_000)
    report = window.import_report.text.toPlainText()
    assert "good.json: imported 1 patient(s)" in report
    assert "bad.json: rejected, nothing imported (1 problem(s)):" in report
    assert "patient R0101: observations[0] (creatinine).value: value -3 umol/L is impossible" in report
    assert window.import_action.isEnabled()
    assert "R0100" in _column(window, "registry_no") and "R0101" not in _column(window, "registry_no")
    assert window.count_label.text() == "4 patients"
