"""The screening log view: the rows of a trial's log filtered by screening date, the PDF exported
in the background, and signed by the investigator as "Screening log reviewed" after the
password is entered again, as `trialdesk log --sign` does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from coordinator.screening.rules.answers import Answer
from coordinator.screening.workflow import Actor, Role
from coordinator.signing.pdf_signatures import verify_pdf
from db.importer import import_records
from db.registry import Registry
from db.screenings import ScreeningRepository
from tests.conftest import EXAMPLES
from tests.ui.conftest import ADMIN, PASSWORD
from ui.window.main_window import MainWindow
from ui.window.log.model import LogTableModel
from ui.window.log.page import LogPage

NCT = "NCT06394063"
ANN = Actor("ann", Role.COORDINATOR)


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    path = Path(EXAMPLES) / f"{NCT}.json"
    assert import_records(opened, path.read_bytes(), path.name, "setup").accepted
    with opened.writing() as session:
        screenings = ScreeningRepository(session, ADMIN)
        first = screenings.start("EX-4063-01", NCT, dt.date(2026, 11, 10))
        for criterion, value in {"I4": "yes", "E9": "no", "E1": "no"}.items():
            screenings.answer(first.id, criterion, Answer(value), "")
        screenings.start("EX-4063-02", NCT, dt.date(2026, 11, 23))
    yield opened
    opened.close()


@pytest.fixture
def open_as(qtbot, registry):
    def make(actor: Actor) -> LogPage:
        window = MainWindow(registry, actor)
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("log")
        assert isinstance(page, LogPage)
        page.select_trial(NCT)
        return page

    return make


def labels(page: LogPage) -> list[str]:
    return [page.proxy.index(row, LogTableModel.LABEL).data() for row in range(page.proxy.rowCount())]


def test_the_log_lists_the_screenings_of_the_period(open_as):
    page = open_as(ANN)
    assert labels(page) == [f"{NCT}-S0001", f"{NCT}-S0002"]
    assert page.proxy.index(0, LogTableModel.DATE).data() == "2026-11-10"
    assert page.proxy.index(0, LogTableModel.OUTCOME).data() == "Pending"
    assert page.counts.text().startswith("2 screenings: ")
    page.set_period(dt.date(2026, 11, 15), None)
    assert labels(page) == [f"{NCT}-S0002"]
    page.set_period(None, dt.date(2026, 11, 15))
    assert labels(page) == [f"{NCT}-S0001"]
    page.set_period(dt.date(2026, 11, 20), dt.date(2026, 11, 1))
    assert labels(page) == [] and "is after" in page.message.text() and not page.export_button.isEnabled()


def test_the_log_pdf_is_exported_in_the_background(qtbot, open_as, tmp_path):
    page = open_as(Actor("mo", Role.MONITOR))  # reading is enough for an unsigned copy
    assert page.export_button.isEnabled() and not page.export_signed_button.isEnabled()
    target = tmp_path / "log.pdf"
    page.set_period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    page.export_pdf(target)
    assert not page.export_button.isEnabled()  # one PDF at a time
    qtbot.waitUntil(lambda: page.pdf_task is None, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF") and str(target) in page.pdf_status.text()
    assert verify_pdf(target.read_bytes(), []) == [] and page.export_button.isEnabled()


def test_an_investigator_signs_the_log_after_entering_the_password_again(qtbot, open_as, tmp_path):
    page = open_as(ADMIN)
    assert page.export_signed_button.isEnabled()
    target = tmp_path / "signed.pdf"
    dialog = page.export_pdf(target, signed=True)
    qtbot.keyClicks(dialog.password, "not my password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "does not match" in dialog.message.text() and not target.exists()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pdf_task is None and target.exists(), timeout=30000)
    assert "signed by 李明" in page.pdf_status.text()
    [report] = verify_pdf(target.read_bytes(), [])
    assert (report.signer_name, report.meaning, report.intact) == ("李明", "Screening log reviewed", True)


def test_printing_draws_the_log(qtbot, open_as, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    page = open_as(ANN)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.print_log(printer)
    qtbot.waitUntil(lambda: "Printed" in page.pdf_status.text(), timeout=20000)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
