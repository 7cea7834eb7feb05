"""Translations. Our sources are Qt Linguist .ts files (resources/translations), the files
translators edit. They are compiled to .qm with the lrelease that ships in the PySide6 wheel, on
first use, into the user's cache folder; nothing binary is committed. (A frozen Windows build
compiles them at build time and ships the .qm next to the .ts, which is then used directly.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"
APP_NAME = "DispatchConsole"


def _lrelease() -> Path:
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).parent / name


def compiled(ts: Path, cache: Path | None = None) -> Path | None:
    """The .qm for `ts`: shipped beside it, or compiled into the cache when missing or stale."""
    shipped = ts.with_suffix(".qm")
    if shipped.exists() and shipped.stat().st_mtime >= ts.stat().st_mtime:
        return shipped
    folder = cache or Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "i18n"
    qm = folder / ts.with_suffix(".qm").name
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    folder.mkdir(parents=True, exist_ok=True)
    tool = _lrelease()
    if not tool.exists():
        return None
    done = subprocess.run(
        [str(tool), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return qm if done.returncode == 0 and qm.exists() else None


def install_translations(
    app: QApplication, lang: str | None, cache: Path | None = None
) -> list[QTranslator]:
    """Qt's own strings and ours, for `lang` or the system locale. No file means English."""
    locale = QLocale(lang) if lang else QLocale.system()
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    for name in locale.uiLanguages():
        ts = TRANSLATIONS / f"dispatch_console_{name.replace('-', '_')}.ts"
        qm = compiled(ts, cache) if ts.exists() else None
        if qm is not None:
            ours = QTranslator(app)
            if ours.load(str(qm)):
                app.installTranslator(ours)
                installed.append(ours)
                break
    return installed
