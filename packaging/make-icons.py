"""Render the application icon (resources/icons/trialdesk.svg) to the PNG sizes desktops ask for
and to a Windows .ico; run after changing the SVG and commit the results (the application reads
the PNGs, so it needs no SVG support at run time).

    .venv/bin/python packaging/make-icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841  (QImage and QPainter need one)
    renderer = QSvgRenderer(str(ICONS / "trialdesk.svg"))
    if not renderer.isValid():
        print(f"{ICONS / 'trialdesk.svg'}: not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"trialdesk-{size}.png"))
    # Qt's ICO writer stores one image; Windows scales the 256 px one (Explorer accepts it).
    if not render(renderer, 256).save(str(ICONS / "trialdesk.ico"), "ICO"):
        print("this Qt has no ICO writer (imageformats/qico)", file=sys.stderr)
        return 1
    print(f"wrote {len(SIZES)} PNGs and trialdesk.ico in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
