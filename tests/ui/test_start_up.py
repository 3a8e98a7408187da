"""Starting the application: the window is painted first, then the registry opens in the
background, then set-up or sign-in, then the views. Cancelling or a registry that cannot be
opened closes the window with nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from coordinator.records.demo import demo_patients
from db.accounts import AccountRepository
from db.patients import PatientRepository
from db.registry import DEMO, Registry
from tests.ui.conftest import PASSWORD
from ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def opening(qtbot, db: str, kind: str | None = None) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_registry(db, kind)
    return window


def test_a_demo_registry_opens_in_the_background_and_shows_its_patients(qtbot, tmp_path):
    db = str(tmp_path / "demo.sqlite3")
    registry = Registry.open(db, kind=DEMO)
    with registry.writing() as session:
        PatientRepository(session, "demo").add(demo_patients(12, 1), reason="test")
    registry.close()

    window = opening(qtbot, db, DEMO)
    assert window.pages is None and not window.sidebar.isEnabled()  # the frame, waiting
    assert window.stack.currentWidget() is window.opening_pane
    assert window.sidebar.item(1).text() == "Registry"  # the views are named before they exist
    with qtbot.waitSignal(window.started, timeout=20_000):
        pass
    assert window.sidebar.isEnabled() and window.stack.currentWidget() is window.pages["today"]
    assert window.model.rowCount() == 12 and "[DEMO DATA]" in window.windowTitle()
    window.close()
    window.close_registry()


def test_a_site_registry_asks_who_signs_in_before_showing_anything(qtbot, site_db):
    window = opening(qtbot, site_db)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=20_000)
    dialog = window.sign_in_dialog
    assert window.pages is None  # no view, and so no patient, before the password
    assert window.opening_pane.label.text() == "Sign in to continue." and window.opening_pane.busy.isHidden()
    assert window.statusBar().currentMessage().startswith("Registry: ")
    qtbot.keyClicks(dialog.username, "ann")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(window.started, timeout=10_000):
        dialog.buttons.accepted.emit()
    assert window.actor.name == "ann" and window.import_action.isVisible()
    assert window.statusBar().findChildren(type(window.count_label))  # who is signed in, and the count
    window.close()
    window.close_registry()


def test_cancelling_the_sign_in_closes_the_window_and_the_registry(qtbot, site_db):
    window = opening(qtbot, site_db)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=20_000)
    window.sign_in_dialog.reject()
    assert not window.isVisible() and window.pages is None
    window.close_registry()


def test_a_new_registry_starts_with_the_site_set_up(qtbot, tmp_path):
    db = str(tmp_path / "new.sqlite3")
    window = opening(qtbot, db)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=20_000)
    setup = window.sign_in_dialog
    assert setup.windowTitle() == "Set up TrialDesk for this site"
    setup.reject()  # nothing was set up: the next start asks again
    assert not window.isVisible()
    window.close_registry()
    registry = Registry.open(db)
    with registry.reading() as session:
        assert not AccountRepository(session).is_set_up()
    registry.close()


def test_a_registry_that_cannot_be_opened_is_told_and_closes_the_window(qtbot, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the registry's folder should be")
    window = opening(qtbot, str(blocked / "registry.sqlite3"))
    qtbot.waitUntil(lambda: window.failure is not None and window.failure.isVisible(), timeout=20_000)
    assert "could not be opened" in window.failure.text() and window.pages is None
    window.failure.button(QMessageBox.StandardButton.Close).click()
    assert not window.isVisible()


def test_the_window_is_painted_before_the_database_libraries_are_loaded(tmp_path):
    """In a fresh interpreter, as `trialdesk` starts with no arguments: at the window's first paint
    neither SQLAlchemy, nor the command-line parser, nor any view's module has been imported
    (they come after, the database in the background)."""
    program = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.launcher import main\n"
        "import ui.window.main_window\n"
        "def first_paint():\n"
        "    heavy = {'sqlalchemy', 'sqlmodel', 'alembic', 'pydantic', 'click'}\n"
        "    print(sorted({n.split('.')[0] for n in sys.modules} & heavy),\n"
        "          sorted(n for n in sys.modules if n.startswith('ui.window.') and n.endswith('.page')), flush=True)\n"
        "    app.exit(0)\n"
        "ui.window.main_window.MainWindow._after_first_paint = lambda self: first_paint()\n"
        "sys.argv[1:] = []\n"
        "main()\n")
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
                                   TRIALDESK_DB=str(tmp_path / "r.sqlite3")))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[] []"


def test_trialdesk_with_arguments_is_the_command_line(tmp_path):
    done = subprocess.run([sys.executable, "-c", "from ui.launcher import main; main()", "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("trialdesk, version "), done.stderr


def test_a_window_that_is_never_painted_opens_its_registry_all_the_same(qtbot, tmp_path, monkeypatch):
    """Started minimised or on another desktop, the window gets no paint: the registry opens anyway."""
    import ui.window.main_window

    monkeypatch.setattr(ui.window.main_window, "OPEN_ANYWAY_MS", 50)
    db = str(tmp_path / "demo.sqlite3")
    Registry.open(db, kind=DEMO).close()
    window = MainWindow()
    qtbot.addWidget(window)  # never shown
    with qtbot.waitSignal(window.started, timeout=20_000):
        window.open_registry(db, DEMO)
    assert window.pages is not None and window.registry is not None
    window.close_registry()


def test_a_registry_upgraded_on_opening_says_where_its_copy_is(qtbot, site_db):
    from alembic import command

    from db.engine import alembic_config, make_engine
    from db.schema import known_revisions

    engine = make_engine(f"sqlite:///{site_db}")
    command.downgrade(alembic_config(engine), known_revisions()[-2])  # as the previous version left it
    engine.dispose()
    window = opening(qtbot, site_db)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=20_000)
    backup = window.registry.upgrade_backup
    assert backup is not None and backup.is_file()
    assert window.opening_pane.label.text().startswith("Sign in to continue.")
    assert f"a copy of it as it was before is kept at {backup}" in window.opening_pane.label.text()
    window.sign_in_dialog.reject()
    window.close_registry()


def test_a_registry_from_a_newer_version_is_refused_untouched(qtbot, tmp_path):
    import sqlite3

    db = tmp_path / "newer.sqlite3"
    Registry.open(db).close()
    connection = sqlite3.connect(db)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    window = opening(qtbot, str(db))
    qtbot.waitUntil(lambda: window.failure is not None and window.failure.isVisible(), timeout=20_000)
    assert "written by a newer version of TrialDesk" in window.failure.text()
    assert "nothing in the registry was changed" in window.failure.text()
    window.failure.button(QMessageBox.StandardButton.Close).click()
