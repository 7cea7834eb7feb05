"""Translations. Our strings come from Qt Linguist .ts sources (resources/translations), read
directly: nothing binary is committed or compiled at build time, and the file translators edit
is the file the console uses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"


class TsTranslator(QTranslator):
    """A QTranslator over a .ts file: finished translations only, plural forms included."""

    def __init__(self, path: Path, parent: QApplication | None = None) -> None:
        super().__init__(parent)
        self._messages: dict[tuple[str, str], list[str]] = {}
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                    continue
                forms = [f.text or "" for f in translation.iter("numerusform")] or [
                    translation.text or ""
                ]
                if any(forms):
                    self._messages[(name, message.findtext("source") or "")] = forms

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        forms = self._messages.get((context, source))
        if not forms:
            return ""  # Qt then shows the source text
        return forms[0]  # Chinese has one plural form

    def isEmpty(self) -> bool:  # noqa: N802
        return not self._messages

    def __len__(self) -> int:
        return len(self._messages)


def install_translations(app: QApplication, lang: str | None) -> list[QTranslator]:
    """Qt's own strings and ours, for `lang` or the system locale. No file means English."""
    locale = QLocale(lang) if lang else QLocale.system()
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    for name in locale.uiLanguages():
        path = TRANSLATIONS / f"dispatch_console_{name.replace('-', '_')}.ts"
        if path.exists():
            ours = TsTranslator(path, app)
            app.installTranslator(ours)
            installed.append(ours)
            break
    return installed
