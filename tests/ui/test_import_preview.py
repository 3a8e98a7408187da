"""File > Import previews the files before anything is written: each row's patient, mapped test,
value, limits and status; an unmapped name or unit is mapped in place (remembered in the site
mapping or for this import only); Import then writes the files as previewed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from sqlalchemy import func, select

from coordinator.intake.lab_names import NOT_NEEDED
from coordinator.intake.mapper import Status
from coordinator.screening.workflow import Actor, Role
from db.models import AuditRow, ObservationRow
from db.patients import PatientRepository
from db.source_mappings import SourceMappings
from tests.conftest import make_patient
from ui.window.main_window import MainWindow

HEADINGS = "病历号,姓名,项目名称,结果,单位,参考范围,采样时间\n"
EXPORT = HEADINGS + ("H-778,王小明,谷丙转氨酶,35,U/L,7-40,2026-12-01 08:00\n"
                     "H-778,王小明,钾,4.1,mmol/L,3.5-5.3,2026-12-01 08:00\n"
                     "H-778,王小明,LOC042,0.9,g/24h,0-0.15,2026-12-01 08:00\n")


@pytest.fixture
def window(qtbot, registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add([make_patient("R0002", "王小明", record_no="H-778")])
    shown = MainWindow(registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _export(tmp_path, text=EXPORT, name="lab.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


def _preview(qtbot, window, paths):
    preview = window.preview_import(paths)
    qtbot.waitUntil(lambda: bool(preview.outcomes) and not preview.progress.isVisible(), timeout=10_000)
    return preview


def _shown(preview, column: str) -> list[str]:
    model = preview.table.model()
    number = [c.header for c in preview.rows.columns].index(column)
    return [model.index(row, number).data() for row in range(model.rowCount())]


def _select(qtbot, preview, row: int = 0):
    preview.table.selectRow(row)
    qtbot.waitUntil(lambda: preview.selected() is not None, timeout=2000)


def _settle(qtbot, preview):
    qtbot.waitUntil(lambda: not preview.progress.isVisible(), timeout=10_000)


def test_preview_shows_every_row_with_its_mapping_and_writes_nothing(qtbot, window, registry, tmp_path):
    preview = _preview(qtbot, window, [_export(tmp_path)])
    # An unmapped row blocks the file: the preview opens on the rows that need attention.
    assert preview.filter.currentText() == "Rows that need attention"
    assert _shown(preview, "In the file") == ["LOC042"]
    assert _shown(preview, "Value") == ["0.9 g/24h [0-0.15]"]  # as the file wrote it: it does not map
    assert not preview.import_button.isEnabled()
    assert "Not imported unless mapped or corrected: lab.csv" in preview.status_line.text()

    preview.filter.setCurrentText("All rows")
    assert _shown(preview, "Patient") == ["R0002"] * 3
    assert _shown(preview, "Mapped to") == ["ALT", "not needed by any trial", ""]
    assert _shown(preview, "Value")[0] == "35 U/L"
    assert _shown(preview, "LLN–ULN")[0] == "7–40"
    assert _shown(preview, "Taken")[0] == "2026-12-01 08:00"
    assert _shown(preview, "Status") == ["ready", "not needed", "unmapped"]
    files = preview.files_table.model()
    assert [files.index(0, n).data() for n in range(8)] == ["lab.csv", "csv", "1", "0", "1", "0", "1", "0"]
    with registry.reading() as session:  # a preview is a dry run
        assert session.execute(select(func.count()).select_from(ObservationRow)).scalar() == 2


def test_mapping_a_test_in_place_remembers_it_audited_and_the_import_writes_the_file(qtbot, window, registry,
                                                                                     tmp_path):
    preview = _preview(qtbot, window, [_export(tmp_path)])
    _select(qtbot, preview)
    assert preview.map_button.isEnabled()
    dialog = preview.map_selected()
    assert "The test 'LOC042' (1 row) is not in the vocabulary" in dialog.findChild(type(preview.status_line)).text()
    assert not dialog.ok_button.isEnabled()
    dialog.choice.setCurrentText("24-h urine protein (urine_protein_24h)")
    assert dialog.code == "urine_protein_24h" and dialog.ok_button.isEnabled()
    assert dialog.remember.isChecked()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, preview)

    assert preview.import_button.isEnabled()
    assert preview.filter.currentText() == "All rows"
    assert _shown(preview, "Status") == ["ready", "not needed", "ready"]
    assert _shown(preview, "Mapped to")[2] == "24-h urine protein"
    with registry.reading() as session:
        assert SourceMappings(session, "t").get("lis").tests == {"LOC042": "urine_protein_24h"}
        audited = session.execute(select(AuditRow).where(AuditRow.entity == "source_mapping[lis]")).scalar()
        assert audited.actor == "tester" and "LOC042: urine_protein_24h" in audited.new_value

    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.import_report is not None and window.import_report.isVisible(), timeout=10_000)
    assert "lab.csv: imported 2 results or other items" in window.import_report.text.toPlainText()
    with registry.reading() as session:
        codes = set(session.execute(select(ObservationRow.code)).scalars())
    assert {"alt", "urine_protein_24h"} <= codes


def test_a_mapping_for_this_import_only_is_used_by_the_import_and_not_saved(qtbot, window, registry, tmp_path):
    preview = _preview(qtbot, window, [_export(tmp_path)])
    _select(qtbot, preview)
    dialog = preview.map_selected()
    dialog.choice.setCurrentIndex(dialog.choice.findData(NOT_NEEDED))
    dialog.remember.setChecked(False)
    dialog.accept()
    _settle(qtbot, preview)
    assert _shown(preview, "Status") == ["ready", "not needed", "not needed"]
    with registry.reading() as session:
        assert SourceMappings(session, "t").get("lis").tests == {}
    preview.accept()
    qtbot.waitUntil(lambda: window.import_report is not None and window.import_report.isVisible(), timeout=10_000)
    report = window.import_report.text.toPlainText()
    assert "lab.csv: imported 1 result or other item" in report and "LOC042 (1)" in report


def test_an_unknown_unit_is_mapped_to_one_the_test_accepts(qtbot, window, registry, tmp_path):
    path = _export(tmp_path, HEADINGS + "H-778,王小明,谷丙转氨酶,35,IU/升,7-40,2026-12-01 08:00\n")
    preview = _preview(qtbot, window, [path])
    assert _shown(preview, "Status") == ["unmapped"]
    _select(qtbot, preview)
    dialog = preview.map_selected()
    units = [dialog.choice.itemData(n) for n in range(dialog.choice.count())]
    assert "U/L" in units and "umol/L" not in units  # only what ALT can be measured in
    dialog.choice.setCurrentIndex(units.index("U/L"))
    dialog.accept()
    _settle(qtbot, preview)
    assert _shown(preview, "Status") == ["ready"]
    assert _shown(preview, "Value") == ["35 U/L"]
    with registry.reading() as session:
        assert SourceMappings(session, "t").get("lis").units == {"IU/升": "U/L"}


def test_problems_are_not_mappable_and_an_unreadable_file_is_named_with_its_problem(qtbot, window, tmp_path):
    impossible = _export(tmp_path, HEADINGS + "H-778,王小明,谷丙转氨酶,-5,U/L,7-40,2026-12-01 08:00\n"
                                              "H-999,李四,谷丙转氨酶,30,U/L,7-40,2026-12-01 08:00\n")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    preview = _preview(qtbot, window, [impossible, empty])
    assert _shown(preview, "Status") == ["problem", "problem"]
    assert "no patient in the registry" in _shown(preview, "Message")[1]
    for row in range(2):
        _select(qtbot, preview, row)
        assert not preview.map_button.isEnabled()
    files = preview.files_table.model()
    assert files.index(1, 0).data() == "empty.csv" and files.index(1, 8).data() == "blocked: nothing from it"
    assert files.index(1, 9).data()  # the file's own problem, since it has no rows
    assert not preview.import_button.isEnabled()


def test_the_preview_sorts_filters_and_fits_a_small_screen(qtbot, window, tmp_path):
    preview = _preview(qtbot, window, [_export(tmp_path)])
    preview.filter.setCurrentText("Ready")
    assert _shown(preview, "Status") == ["ready"]
    preview.filter.setCurrentText("Not needed or skipped")
    assert _shown(preview, "In the file") == ["钾"]
    preview.filter.setCurrentText("All rows")
    status_column = [c.header for c in preview.rows.columns].index("Status")
    preview.table.sortByColumn(status_column, Qt.SortOrder.DescendingOrder)
    assert _shown(preview, "Status") == ["unmapped", "not needed", "ready"]
    assert preview.width() <= 1366 and preview.height() <= 768
    assert preview.rows.data(preview.rows.index(2, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert Status.UNMAPPED.blocks


def test_the_preview_speaks_chinese(qtbot, qapp, window, tmp_path):
    from ui.window.i18n import CHINESE, install_translators, remove_translators

    translators, previous = install_translators(qapp, CHINESE), QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))  # vocabulary terms follow the locale
    try:
        preview = _preview(qtbot, window, [_export(tmp_path)])
        assert preview.windowTitle() == "导入：预览"
        assert preview.filter.currentText() == "需要处理的行"
        model = preview.table.model()
        headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
        assert headers[:5] == ["文件", "位置", "患者", "文件中名称", "映射为"]
        preview.filter.setCurrentIndex(1)
        assert _shown(preview, "Status") == ["就绪", "不需要", "未映射"]
        assert _shown(preview, "Mapped to")[:2] == ["丙氨酸氨基转移酶", "任何试验都不需要"]
        assert _shown(preview, "Where") == ["第 2 行", "第 3 行", "第 4 行"]
        assert _shown(preview, "Message")[2] == "检验项目“LOC042”不在词表或本中心映射中"
        assert "lab.csv" in preview.status_line.text() and "映射或更正之前不会导入" in preview.status_line.text()
    finally:
        remove_translators(qapp, translators)
        QLocale.setDefault(previous)
