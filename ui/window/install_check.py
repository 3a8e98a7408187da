"""The window half of `trialdesk check`: can this machine draw TrialDesk's window in Chinese?

It starts the application as a person would (shipped fonts registered, the Chinese interface) on
a throwaway demo registry of synthetic patients (so the grabbed image shows Chinese names in the
patient table, and the window's whole way in, registry opened and views built, is exercised),
grabs it to a PNG for whoever runs the check to look at, and asks Qt which font family draws
Chinese: the shipped one, a system one, or none (boxes). The user's own registry is never opened."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from ui.window.fonts import register_shipped_fonts
from ui.window.i18n import CHINESE, install_translators
from ui.window.icon import application_icon

GRAB_AFTER_MS = 300  # after the views are up: laid out and painted by then
GIVE_UP_AFTER_MS = 60_000
DEMO_PATIENTS = 12
SAMPLE = "陈静张伟筛选"  # common name characters and the word "screening"


def chinese_family(app: QApplication) -> str | None:
    """The family Qt draws Simplified Chinese with in the application font, None when it has
    none with these glyphs (Qt would draw boxes)."""
    raw = QRawFont.fromFont(app.font(), QFontDatabase.WritingSystem.SimplifiedChinese)
    if not raw.isValid() or not raw.familyName() or 0 in raw.glyphIndexesForString(SAMPLE):
        return None
    return raw.familyName()


def _demo_registry(folder: Path) -> str:
    from coordinator.records.demo import demo_patients
    from db.registry import DEMO, Registry
    from db.patients import PatientRepository

    location = str(folder / "check-demo.sqlite3")
    registry = Registry.open(location, kind=DEMO)
    with registry.writing() as session:
        PatientRepository(session, "check").add(demo_patients(DEMO_PATIENTS), reason="trialdesk check")
    registry.close()
    return location


def check_window(image: Path) -> int:
    """Print what was found; 0 when the window came up, Chinese is drawn and the image was
    written, 1 otherwise."""
    with tempfile.TemporaryDirectory(prefix="trialdesk-check-") as folder:
        # the window saves its layout when it closes: into the throwaway folder, not the user's settings
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        return _check_window(image, _demo_registry(Path(folder)))


def _check_window(image: Path, demo: str) -> int:
    from db.registry import DEMO
    from ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialDesk")
    app.setOrganizationName("TrialDesk")
    shipped = register_shipped_fonts(app)
    app.setWindowIcon(application_icon())
    install_translators(app, CHINESE)
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    image.parent.mkdir(parents=True, exist_ok=True)
    started: list[bool] = []
    grabbed: list[bool] = []

    def grab() -> None:
        grabbed.append(window.grab().save(str(image)))
        window.close()
        app.quit()

    window.started.connect(lambda: (started.append(True), QTimer.singleShot(GRAB_AFTER_MS, grab)))
    QTimer.singleShot(GIVE_UP_AFTER_MS, grab)  # whatever the window shows by then
    window.open_registry(demo, DEMO)
    app.exec()
    if window.registry is not None:
        window.registry.close()
    written = bool(grabbed and grabbed[0])
    family = chinese_family(app)
    print(f"Qt platform: {app.platformName()}")
    print(f"shipped fonts registered: {', '.join(shipped) or 'none'}")
    print("window: opened a demo registry and showed its views" if started else
          f"window: did not open a demo registry within {GIVE_UP_AFTER_MS // 1000} s: FAILED")
    if family is None:
        print("window: Chinese cannot be drawn (no font with Chinese glyphs): FAILED")
    else:
        origin = "shipped with TrialDesk" if family in shipped else "a system font"
        print(f"window: Chinese drawn with {family} ({origin})")
    print(f"window image: {image}" if written else f"window image: could not write {image}: FAILED")
    return 0 if started and family is not None and written else 1
