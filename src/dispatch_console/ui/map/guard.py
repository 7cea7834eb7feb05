"""Counts every request the map page makes to another host, and in offline mode blocks it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

LOCAL_SCHEMES = {"dcmap", "qrc", "data", "blob"}


class OfflineGuard(QWebEngineUrlRequestInterceptor):
    def __init__(self, offline: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.offline = offline
        self._lock = threading.Lock()  # Chromium calls from its IO thread
        self.external: list[str] = []
        self.blocked = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802
        url = info.requestUrl()
        if url.scheme() in LOCAL_SCHEMES:
            return
        with self._lock:
            self.external.append(url.toString())
            if self.offline:
                self.blocked += 1
        if self.offline:
            info.block(True)
