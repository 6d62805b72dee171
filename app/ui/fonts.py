"""The bundled Thai font (Sarabun), used app-wide at the size the user chose.

Fonts are bundled rather than taken from the system: a Windows laptop may lack a
good Thai font, and Debian's Noto Sans Thai has no Latin digits. The application
style sheet carries the sizes derived from the base size (headings, the sidebar),
so changing the size in ตั้งค่า re-sizes every screen at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "th" / "fonts"
FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
FALLBACK_FAMILY = "Sarabun"

log = logging.getLogger(__name__)
_family: str | None = None


def register_fonts() -> str:
    """Register the bundled font files once; returns the family name to use."""
    global _family
    if _family is not None:
        return _family
    family = FALLBACK_FAMILY
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            log.warning("could not load the bundled font %s", FONT_DIR / name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            family = families[0]
    _family = family
    return family


def style_sheet(size: int) -> str:
    """Sizes derived from the base point size, for the named widgets of every screen."""
    return f"""
        QLabel#heading {{ font-size: {round(size * 1.45)}pt; font-weight: bold; }}
        QLabel#subheading {{ font-size: {round(size * 1.15)}pt; font-weight: bold; }}
        QLabel#fieldError {{ color: #b00020; }}
        QLabel#hint {{ color: #555555; }}
        QLabel#total {{ font-weight: bold; }}
        QListWidget#sidebar {{ font-size: {round(size * 1.15)}pt; }}
        QListWidget#sidebar::item {{ padding: 8px 14px; }}
        QPushButton {{ padding: 6px 16px; }}
        QPushButton#bigChoice {{ font-size: {round(size * 1.2)}pt; padding: 16px 24px;
                                 text-align: left; }}
    """


def apply_font(app: QApplication, size: int) -> None:
    """Use the bundled font at `size` points everywhere, now and in new windows."""
    font = QFont(register_fonts())
    font.setPointSize(size)
    app.setFont(font)
    app.setStyleSheet(style_sheet(size))
