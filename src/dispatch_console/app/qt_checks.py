"""The self-test's checks that need a running QApplication: the translations really loaded,
and the map page really drawn by QtWebEngine (Leaflet fetched through our dcmap: scheme, the
web channel answering)."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication

from ..config import MapSettings
from ..ui.i18n import TRANSLATIONS, follow_language, install_translations

Check = tuple[str, bool, str]
MAP_TIMEOUT_S = 30.0
# a sentence every translation has (the Help menu): read back, it proves ours is installed
PROBE = ("menus", "&Help")


def language_of(configured: str | None) -> str:
    """The language the console will show: the one set, else the system's."""
    if configured and configured != "system":
        return configured
    return QLocale.system().name()


def translation_files(language: str) -> list[Path]:
    return [TRANSLATIONS / f"dispatch_console_{language}{ext}" for ext in (".qm", ".ts")]


def translations(app: QApplication, configured: str | None) -> Check:
    """Installs them (as the console would) and reads a translated sentence back."""
    language = language_of(configured)
    if language.startswith("en") or language == "C":
        if configured not in (None, "system"):  # chosen: English dates too, whatever the PC's
            follow_language(language)
        return ("translations", True, f"{language}: English, built in")
    install_translations(app, None if configured in (None, "system") else language)
    text = QCoreApplication.translate(*PROBE)
    if text != PROBE[1]:
        return ("translations", True, f"{language}: loaded ({PROBE[1]!r} reads {text!r})")
    files = translation_files(language)
    if configured in (None, "system") and not any(f.exists() for f in files):
        # a system language we were never translated into: English is the right answer
        return ("translations", True, f"{language}: not translated, English shown")
    present = [f.name for f in files if f.exists()]
    why = f"{', '.join(present)} present but not loadable" if present else "no file"
    return (
        "translations",
        False,
        f"{language}: {why} in {TRANSLATIONS}; reinstall the console "
        f"(it should ship {files[0].name})",
    )


def map_page(timeout_s: float = MAP_TIMEOUT_S) -> Check:
    """Loads the map page in an off-screen view and waits for the page's own "ready" (sent by
    bridge.js once Leaflet and the web channel are up), then asks the page for its map."""
    from ..ui.map.panel import MapPanel

    panel = MapPanel(MapSettings(offline=True))  # no tiles from the internet: only our page
    loaded: list[bool] = []
    ready: list[bool] = []
    answer: list[object] = []
    loop = QEventLoop()
    panel.view.loadFinished.connect(loaded.append)

    def on_ready() -> None:
        ready.append(True)
        loop.quit()

    def on_answer(value: object) -> None:
        answer.append(value)
        loop.quit()

    panel.ready.connect(on_ready)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # drawn, never on screen
    panel.resize(480, 320)
    panel.show()
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    if ready:
        probe = "typeof L === 'object' && !!document.querySelector('.leaflet-container')"
        panel.page.runJavaScript(probe, 0, on_answer)
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
    panel.close()
    # now, not later: a page still alive when the profile goes at exit crashes the process
    shiboken6.delete(panel)
    if not ready:
        why = "the page failed to load" if loaded and not loaded[-1] else "no answer"
        return ("map", False, f"{why} within {timeout_s:.0f} s: QtWebEngine or the Leaflet "
                              "assets are missing; reinstall the console")  # fmt: skip
    if answer != [True]:
        return ("map", False, "the page loaded but Leaflet did not draw a map")
    return ("map", True, "page drawn, Leaflet running")
