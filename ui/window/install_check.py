"""The window half of `trialdesk check`: can this machine draw TrialDesk's window in Chinese?

It starts the application as a person would (shipped fonts registered, the Chinese interface),
shows the main window, grabs it to a PNG for whoever runs the check to look at, and asks Qt
which font family draws Chinese: the shipped one, a system one, or none (boxes)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from ui.window.fonts import register_shipped_fonts
from ui.window.i18n import CHINESE, install_translators
from ui.window.icon import application_icon

GRAB_AFTER_MS = 500
SAMPLE = "陈静张伟筛选"  # common name characters and the word "screening"


def chinese_family(app: QApplication) -> str | None:
    """The family Qt draws Simplified Chinese with in the application font, None when it has
    none with these glyphs (Qt would draw boxes)."""
    raw = QRawFont.fromFont(app.font(), QFontDatabase.WritingSystem.SimplifiedChinese)
    if not raw.isValid() or not raw.familyName() or 0 in raw.glyphIndexesForString(SAMPLE):
        return None
    return raw.familyName()


def check_window(image: Path) -> int:
    """Print what was found; 0 when Chinese is drawn and the image was written, 1 otherwise."""
    from ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialDesk")
    shipped = register_shipped_fonts(app)
    app.setWindowIcon(application_icon())
    install_translators(app, CHINESE)
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    image.parent.mkdir(parents=True, exist_ok=True)
    grabbed: list[bool] = []

    def grab() -> None:
        grabbed.append(window.grab().save(str(image)))
        window.close()
        app.quit()

    QTimer.singleShot(GRAB_AFTER_MS, grab)  # laid out and painted by then
    app.exec()
    written = bool(grabbed and grabbed[0])
    family = chinese_family(app)
    print(f"Qt platform: {app.platformName()}")
    print(f"shipped fonts registered: {', '.join(shipped) or 'none'}")
    if family is None:
        print("window: Chinese cannot be drawn (no font with Chinese glyphs): FAILED")
    else:
        origin = "shipped with TrialDesk" if family in shipped else "a system font"
        print(f"window: Chinese drawn with {family} ({origin})")
    print(f"window image: {image}" if written else f"window image: could not write {image}: FAILED")
    return 0 if family is not None and written else 1
