"""The shipped CJK font, registered with Qt at start so that Chinese shows on a workstation that
has no Chinese font installed (a fresh UOS/Kylin or Debian machine draws boxes otherwise).

The system's own font stays first, so the window keeps the desktop's look; the shipped family
comes second and draws every glyph the first one lacks."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from coordinator.resource_files import shipped_fonts

log = logging.getLogger(__name__)


def register_shipped_fonts(app: QApplication) -> list[str]:
    """Add resources/fonts/ to Qt's fonts and make them the fall-back of the application font;
    the families registered, in order."""
    families: list[str] = []
    for path in shipped_fonts():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load the shipped font %s", path.name)
            continue
        families += [family for family in QFontDatabase.applicationFontFamilies(font_id)
                     if family not in families and not family.endswith(" Mono")]
    if families:
        font = QFont(app.font())
        font.setFamilies([app.font().family(), *families])
        app.setFont(font)
    return families
