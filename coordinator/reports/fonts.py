"""The one font of the reports: an embedded TrueType CJK font (Chinese and Latin alike).

reportlab embeds a subset of a TTFont (only the glyphs used), so a PDF prints its Chinese names
on any viewer. reportlab's own CID fonts (STSong-Light...) are never used: they are not embedded
and show as boxes on a machine without Chinese fonts.

Search order: the font shipped in resources/fonts/ (WenQuanYi Micro Hei), then the same as
Debian's fonts-wqy-microhei installs it, then a few other known places (a source checkout whose
font file was removed).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from coordinator.resource_files import shipped_fonts
from coordinator.problems import Refusal

FONT = "TrialDeskCJK"
PACKAGE = "fonts-wqy-microhei"

# TrueType (not CFF/OpenType) fonts with Chinese glyphs; a .ttc's first face is used.
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",  # Fedora
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",  # Microsoft YaHei
    "C:/Windows/Fonts/simhei.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)


class ReportFontError(Refusal, RuntimeError):
    """No CJK TrueType font: the reports cannot print Chinese names."""


def candidates() -> list[Path]:
    return shipped_fonts() + [Path(p) for p in SYSTEM_FONTS]


def _has_chinese(font: TTFont) -> bool:
    return all(ord(ch) in font.face.charToGlyph for ch in "陈静张")


def find_font() -> TTFont:
    """The first usable CJK TrueType font of `candidates()`, loaded (not yet registered)."""
    tried = []
    for path in candidates():
        if not path.is_file():
            tried.append(str(path))
            continue
        try:
            font = TTFont(FONT, os.fspath(path), subfontIndex=0)
        except Exception as error:  # a damaged font, or CFF outlines reportlab cannot embed
            tried.append(f"{path} (unusable: {error})")
            continue
        if not _has_chinese(font):
            tried.append(f"{path} (no Chinese glyphs)")
            continue
        return font
    raise ReportFontError(
        "no Chinese TrueType font found for the PDF reports: install the Debian package "
        f"{PACKAGE} (sudo apt-get install {PACKAGE}; packaging/setup.sh does it) or put a .ttf/.ttc "
        "font with Chinese glyphs in resources/fonts/. Looked for: " + "; ".join(tried))


@cache
def register() -> str:
    """Register the CJK font with reportlab (once per process) and return its name."""
    pdfmetrics.registerFont(find_font())
    # <b> and <i> in paragraphs map to the same face (the font has no bold or italic).
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT, bold, italic, FONT)
    return FONT
