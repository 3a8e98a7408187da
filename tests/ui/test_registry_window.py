"""The registry window, driven through real widgets with pytest-qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from coordinator.records.demo import demo_patients
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from db.models import AuditRow
from db.patient_edits import ReasonRequired, archive_patient
from db.patients import PatientRepository
from db.registry import DEMO, Registry
from tests.conftest import make_patient
from ui.window.main_window import MainWindow
from ui.window.registry.model import PAGE


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
    assert window.count_label.text() == f"{len(expected)} patient" + ("" if len(expected) == 1 else "s")


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
    from coordinator.records.record_io import dump_records

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
    assert "good.json: imported 1 patient\n" in report
    assert "bad.json: rejected, nothing imported (1 problem):" in report
    assert "patient R0101: observations[0] (creatinine).value: value -3 umol/L is impossible" in report
    assert window.import_action.isEnabled()
    assert "R0100" in _column(window, "registry_no") and "R0101" not in _column(window, "registry_no")
    assert window.count_label.text() == "4 patients"


# -- patient actions ---------------------------------------------------------------------------------

def _registry_numbers(page) -> list[str]:
    return [page.model.summary(row).registry_no for row in range(page.model.rowCount())]


def test_enter_and_double_click_open_the_patient_and_ctrl_n_starts_a_new_one(qtbot, window):
    table = window.table
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.pages["patient"]
    assert window.pages["patient"].registry_no == "R0002"
    window.show_page("registry")
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first half
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.pages["patient"].registry_no == "R0001"
    window.show_page("registry")
    table.selectRow(2)
    qtbot.mouseClick(window.registry_page.buttons["open"], Qt.MouseButton.LeftButton)
    assert window.pages["patient"].registry_no == "R0003"
    window.show_page("registry")
    qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.pages["patient"].creating and window.stack.currentWidget() is window.pages["patient"]


def test_archive_asks_for_a_reason_and_is_audited(qtbot, window, registry):
    page = window.registry_page
    assert not page.buttons["archive"].isEnabled()  # nothing selected
    page.table.selectRow(1)
    qtbot.mouseClick(page.buttons["archive"], Qt.MouseButton.LeftButton)
    dialog = page.archive_dialog
    assert dialog.isVisible() and not dialog.archive_button.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: nothing happens
    assert dialog.isVisible() and _registry_numbers(page) == ["R0001", "R0002", "R0003"]
    qtbot.keyClicks(dialog.reason, "consent withdrawn")
    with qtbot.waitSignal(window.context.data_changed):
        qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert _registry_numbers(page) == ["R0001", "R0003"] and window.count_label.text() == "2 patients"
    with registry.reading() as session:
        entry = session.execute(select(AuditRow).where(AuditRow.action == "archive")).scalar_one()
    assert (entry.patient_ref, entry.actor, entry.reason) == ("R0002", "tester", "consent withdrawn")


def test_a_cancelled_archive_writes_nothing_and_a_blank_reason_is_refused(qtbot, window, registry):
    page = window.registry_page
    page.table.selectRow(0)
    page.archive_selected()
    qtbot.keyClicks(page.archive_dialog.reason, "mistake")
    page.archive_dialog.reject()
    assert _registry_numbers(page) == ["R0001", "R0002", "R0003"]
    assert not page.archive("R0001", "   ")
    assert "needs a reason" in page.refusal.text()
    with registry.writing() as session, pytest.raises(ReasonRequired):
        archive_patient(session, Actor("tester", Role.COORDINATOR), "R0001", "")
    with registry.reading() as session:
        assert session.execute(select(AuditRow).where(AuditRow.action == "archive")).first() is None


def test_a_monitor_cannot_archive_or_add(qtbot, registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient("R0001", "张三丰")])
    shown = MainWindow(registry, Actor("mo", Role.MONITOR))
    qtbot.addWidget(shown)
    page = shown.registry_page
    assert not page.buttons["archive"].isVisibleTo(shown) and not page.new_action.isEnabled()
    assert not page.archive("R0001", "tidy up")  # refused in code, whatever the buttons show
    assert "may not change patient data" in page.refusal.text()
    with registry.writing() as session, pytest.raises(PermissionDenied):
        archive_patient(session, Actor("mo", Role.MONITOR), "R0001", "tidy up")
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 1


def test_an_administrator_sees_no_patient_data(qtbot, registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient("R0001", "张三丰")])
    shown = MainWindow(registry, Actor("helpdesk", Role.ADMINISTRATOR))
    qtbot.addWidget(shown)
    assert shown.table.model().rowCount() == 0 and shown.count_label.text() == "0 patients"
    qtbot.keyClicks(shown.search, "R0001")
    shown.registry_page._apply_search()
    assert shown.table.model().rowCount() == 0
    shown.context.patient_requested.emit("R0001")  # as if asked for by another view
    page = shown.pages["patient"]
    assert "may not read the registry" in page.banner.text() and page.form.name.text() == ""


def test_a_broad_search_counts_up_to_a_cap_and_pages_in_the_rest(qtbot, registry, monkeypatch):
    import ui.window.registry.model

    monkeypatch.setattr(ui.window.registry.model, "BROAD_MATCHES", 3)
    monkeypatch.setattr(ui.window.registry.model, "PAGE", 2)
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient(f"R{n:04d}", name) for n, name in
                                             enumerate(["张伟", "张敏", "王芳", "张静", "张丽", "张磊"])])
    shown = MainWindow(registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(shown)
    qtbot.keyClicks(shown.search, "zhang")
    qtbot.waitUntil(lambda: shown.count_label.text() == "3+ patients", timeout=2000)
    model = shown.table.model()
    assert model.rowCount() == 2 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert [model.summary(row).name for row in range(model.rowCount())] == ["张伟", "张敏", "张静", "张丽", "张磊"]
    shown.search.clear()
    qtbot.keyClicks(shown.search, "wang")
    qtbot.waitUntil(lambda: shown.count_label.text() == "1 patient", timeout=2000)


def test_hospital_data_imports_from_the_window_with_its_summary(qtbot, window, tmp_path):
    from tests.conftest import EXAMPLES

    export = tmp_path / "lab.csv"
    export.write_bytes("病历号,姓名,项目名称,结果,单位,参考范围,采样时间\nH-778,王小明,谷丙转氨酶,35,U/L,7-40,2026-12-01 08:00\n"
                       "H-778,王小明,钾,4.1,mmol/L,3.5-5.3,2026-12-01 08:00\n".encode("gbk"))
    window.import_files([export, EXAMPLES / "hospital" / "oru_r01.hl7"])
    qtbot.waitUntil(lambda: window.import_report is not None and window.import_report.isVisible(), timeout=10_000)
    report = window.import_report.text.toPlainText()
    assert "lab.csv: imported 1 result or other item\n" in report
    assert "not needed by any trial: 钾 (1)" in report
    assert "oru_r01.hl7: rejected, nothing imported" in report
    assert "no patient in the registry has the record or registry number '0067890'" in report
