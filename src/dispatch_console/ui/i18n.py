"""Loading the console's translations (Qt .ts sources in resources/translations)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"


def install_translations(app: QApplication, lang: str | None) -> list[QTranslator]:
    """Qt's own strings and ours, for `lang` or the system locale. Missing files mean English."""
    locale = QLocale(lang) if lang else QLocale.system()
    installed = []
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    ours = QTranslator(app)
    if ours.load(locale, "dispatch_console", "_", str(TRANSLATIONS)):
        app.installTranslator(ours)
        installed.append(ours)
    return installed
