"""The application icon, from the PNG sizes in resources/icons/ (no SVG support needed)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from coordinator.resource_files import resource

SIZES = (16, 24, 32, 48, 64, 128, 256)


def application_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addFile(str(resource("icons", f"trialdesk-{size}.png")))
    return icon
