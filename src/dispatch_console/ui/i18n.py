"""Translations. Our sources are Qt Linguist .ts files (resources/translations), the files
translators edit. Qt loads compiled .qm files: the source tree compiles them with the lrelease
that ships in the PySide6 wheel, on first use, into the user's cache folder (nothing binary is
committed); a frozen build has no lrelease, so its spec compiles them at build time
(`compile_all`) and ships the .qm alone."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from ..config.environment import APP_NAME

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"
PREFIX = "dispatch_console_"
TRANSLATED = ("zh_CN",)  # the languages we ship (resources/translations/*.ts)
_loaded: list[Path] = []  # our translation this process installed last (for reports)
log = logging.getLogger(__name__)


class TranslationBuildError(Exception):
    """A build cannot compile a translation: it must not ship without it."""


def _lrelease() -> Path:
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).parent / name


def _run_lrelease(ts: Path, qm: Path) -> str | None:
    """Compile `ts` into `qm`; None when done, else what went wrong."""
    tool = _lrelease()
    if not tool.exists():
        return f"no lrelease at {tool}"
    done = subprocess.run(
        [str(tool), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if done.returncode != 0 or not qm.exists():
        return (done.stderr or done.stdout).decode(errors="replace").strip() or "lrelease failed"
    return None


def compile_all(dest: Path, sources: Path = TRANSLATIONS) -> list[Path]:
    """Build time: every .ts of `sources` compiled into `dest`. Raises on any failure, so a
    build never ships without a translation."""
    dest.mkdir(parents=True, exist_ok=True)
    built = []
    for ts in sorted(sources.glob(f"{PREFIX}*.ts")):
        qm = dest / ts.with_suffix(".qm").name
        error = _run_lrelease(ts, qm)
        if error is not None:
            raise TranslationBuildError(f"cannot compile {ts}: {error}")
        built.append(qm)
    if not built:
        raise TranslationBuildError(f"no {PREFIX}*.ts in {sources}")
    return built


def compiled(ts: Path, cache: Path | None = None) -> Path | None:
    """The .qm for `ts`: shipped beside it (a frozen build ships it without the .ts), or
    compiled into the cache when missing or stale."""
    shipped = ts.with_suffix(".qm")
    if not ts.exists():
        return shipped if shipped.exists() else None
    if shipped.exists() and shipped.stat().st_mtime >= ts.stat().st_mtime:
        return shipped
    folder = cache or Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "i18n"
    qm = folder / shipped.name
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    folder.mkdir(parents=True, exist_ok=True)
    error = _run_lrelease(ts, qm)
    if error is not None:
        log.error("cannot compile %s: %s", ts, error)
        return None
    return qm


def install_translations(
    app: QApplication, lang: str | None, cache: Path | None = None
) -> list[QTranslator]:
    """Qt's own strings and ours, for `lang` or the system locale. English needs no file; a
    system language we have no translation for is English too. A language we ship (TRANSLATED)
    that does not load is a damaged install: logged, naming the file (the start-up check,
    app/failures.py, tells the agent what to do)."""
    _loaded.clear()
    locale = QLocale(lang) if lang else QLocale.system()
    if lang:
        follow_language(lang)
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    for name in locale.uiLanguages():
        ts = TRANSLATIONS / f"{PREFIX}{name.replace('-', '_')}.ts"
        qm = compiled(ts, cache)
        if qm is None:
            continue
        ours = QTranslator(app)
        if ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
            _loaded.append(qm)
            log.info("translation loaded: %s", qm)
            return installed
        log.error("cannot load translation %s", qm)
    wanted = (lang or locale.name()).replace("-", "_")
    if wanted in TRANSLATED:
        log.error("translation for %s missing: %s", wanted, TRANSLATIONS / f"{PREFIX}{wanted}.qm")
    return installed


def follow_language(lang: str) -> None:
    """Dates, weekdays and the calendar pop-ups in the language chosen for the console, not the
    PC's: a Chinese console on an English Windows says 周一, not Mon. Every widget made after
    this takes it; call it before the window exists."""
    locale = QLocale(lang)
    if locale.language() == QLocale.Language.C:
        log.warning("language %r unknown to Qt: dates keep the system's locale", lang)
        return
    QLocale.setDefault(locale)


def loaded() -> Path | None:
    """The file our translation came from (None: English), for reports."""
    return _loaded[-1] if _loaded else None
