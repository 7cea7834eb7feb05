"""`dcmap:` — the page, Leaflet and its plugins (from the xstatic packages on PyPI), our bridge
script and, when configured, tiles from an MBTiles file. One origin, no TCP port."""

from __future__ import annotations

import functools
import mimetypes
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as leaflet_pkg
import xstatic.pkg.leaflet_markercluster as cluster_pkg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

SCHEME = b"dcmap"
RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "map"
ASSET_DIRS = {
    "leaflet": Path(leaflet_pkg.BASE_DIR),
    "markercluster": Path(cluster_pkg.BASE_DIR),
    "dispatch": RESOURCES,
}


@functools.cache
def register_scheme() -> None:
    """Declare `dcmap:` to Chromium. Must run before the QApplication exists (app start, test
    session start); calling it again is harmless."""
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    QWebEngineUrlScheme.registerScheme(scheme)


class MbTiles:
    """Tiles from an MBTiles file (SQLite; rows are TMS, so y counts from the bottom)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()  # Chromium asks from its IO thread; one connection each

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        row = conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
        return bytes(row[0]) if row else None


@dataclass
class PageContent:
    html: bytes
    tiles: MbTiles | None
    served: int = 0
    tiles_served: int = 0


class MapSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves every map page of the process: `dcmap:///<key>/page.html` and its tiles, and the
    shared assets. One handler on the default profile (which outlives every page, as Chromium
    requires); each panel registers its page under its own key."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, PageContent] = {}
        self.assets_served: set[Path] = set()  # the files behind dcmap:///assets/… (reports)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802
        path = job.requestUrl().path().lstrip("/")
        found = self._resolve(path)
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        data, mime = found
        buffer = QBuffer(job)  # lives as long as the request
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buffer)

    def _resolve(self, path: str) -> tuple[bytes, str] | None:
        parts = path.split("/")
        if parts[0] == "assets" and len(parts) >= 3 and parts[1] in ASSET_DIRS:
            base = ASSET_DIRS[parts[1]].resolve()
            file = (base / "/".join(parts[2:])).resolve()
            if base in file.parents and file.is_file():  # nothing outside the folder
                mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                self.assets_served.add(file)
                return file.read_bytes(), mime
            return None
        page = self.pages.get(parts[0])
        if page is None:
            return None
        page.served += 1
        if parts[1:] == ["page.html"]:
            return page.html, "text/html"
        if len(parts) == 5 and parts[1] == "tiles" and page.tiles is not None:
            try:
                z, x, y = int(parts[2]), int(parts[3]), int(parts[4].split(".")[0])
            except ValueError:
                return None
            tile = page.tiles.tile(z, x, y)
            if tile is None:
                return None
            page.tiles_served += 1
            return tile, _image_type(tile)
        return None


def _image_type(data: bytes) -> str:
    """MBTiles files hold PNG, JPEG or WebP tiles; the bytes say which."""
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/png"


@functools.cache
def scheme_handler() -> MapSchemeHandler:
    """The process's one handler, installed on the default profile on first use."""
    profile = QWebEngineProfile.defaultProfile()
    handler = MapSchemeHandler(profile)
    profile.installUrlSchemeHandler(SCHEME, handler)
    return handler
