"""The map panel: a QWebEngineView on the `dcmap:` page and the Python side of the bridge.

Positions are stored in WGS-84; this class converts them to the datum the tiles are drawn in on
the way to the page and converts clicks back, so nothing else needs to know about datums."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...config import MapSettings
from ...domain.candidates import Candidate, FleetMember, TicketPin
from ...domain.datum import from_display, to_display
from ..tasks import TaskRunner
from ..widgets import named
from .basemap import ATTRIBUTION, basemap
from .bridge import MapBridge
from .guard import OfflineGuard
from .scheme import MbTiles, PageContent, scheme_handler

log = logging.getLogger(__name__)
STALE_FIX = timedelta(minutes=15)  # an older fix is drawn grey: the technician may be elsewhere


class MapPanel(QWidget):
    """Signals:
    ready(): the page is loaded; everything sent before it has been delivered.
    technician_clicked(int), ticket_clicked(int): the agent clicked a marker.
    map_clicked(float, float): a click on the map, in WGS-84.
    applied(str, int, float): the page applied a message (kind, items, milliseconds).
    painted(str, int, float): ... and the frame showing it was drawn (milliseconds since the
        message arrived).
    """

    ready = Signal()
    technician_clicked = Signal(int)
    ticket_clicked = Signal(int)
    map_clicked = Signal(float, float)
    applied = Signal(str, int, float)
    painted = Signal(str, int, float)

    def __init__(
        self, settings: MapSettings, parent: QWidget | None = None, *, deferred: bool = False
    ) -> None:
        super().__init__(parent)
        self.datum = settings.datum
        self.tile_source = (
            Path(settings.mbtiles_path).name
            if settings.mbtiles_path
            else (urlsplit(settings.tile_url).hostname or settings.tile_url)
        )
        self.tiles_down = False
        self.key = uuid.uuid4().hex
        self._settings = settings
        self.content: PageContent | None = None
        self._loading = False
        self.bridge = MapBridge(self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.bridge.ready.connect(self.ready)
        self.bridge.message.connect(self._from_page)
        self.destroyed.connect(lambda: scheme_handler().pages.pop(self.key, None))
        if not deferred:
            self.load()

    def load(self, runner: TaskRunner | None = None) -> None:
        """Make the web view, build the page and load it (once). The window defers this until
        its queue is on screen and builds the page on `runner`'s thread: Chromium's view, folium
        and its templates take a good part of a cold start. Until then `view`, `page` and
        `guard` do not exist; what is sent to the page before it is ready waits in the bridge."""
        if self._loading:
            return
        self._loading = True
        self._make_view()
        if runner is None:
            self._show_page(self._build_page())
        else:
            runner.run(self._build_page, self._show_page, receiver=self)

    def _make_view(self) -> None:
        self.view = named(QWebEngineView(self), "map_view")
        self.page = QWebEnginePage(self.view)  # the default profile: it outlives every page
        self.guard = OfflineGuard(self._settings.offline, self.page)
        self.page.setUrlRequestInterceptor(self.guard)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.view.setPage(self.page)
        self._layout.addWidget(self.view)

    def _build_page(self) -> bytes:
        from .page import build_page

        return build_page(self._settings, self.key)

    def _show_page(self, html: bytes) -> None:
        from .page import page_url

        path = self._settings.mbtiles_path
        self.content = PageContent(html, MbTiles(Path(path)) if path else None)
        scheme_handler().pages[self.key] = self.content
        self.view.load(QUrl(page_url(self.key)))

    # --- to the page -----------------------------------------------------------------------------
    def show_technicians(self, members: Iterable[FleetMember], now: datetime) -> None:
        items = []
        for m in members:
            if m.lat is None or m.lon is None:
                continue
            lat, lon = to_display(m.lat, m.lon, self.datum)
            items.append(
                {
                    "id": m.id,
                    "name": m.name,
                    "lat": lat,
                    "lon": lon,
                    "status": m.status.value,
                    "fix_at": _epoch_ms(m.position_at),
                }
            )
        self.bridge.send(
            "technicians",
            items=items,
            stale_after_ms=int(STALE_FIX.total_seconds() * 1000),
            labels={"ago": self.tr("%1 min ago")},
        )

    def move_technicians(self, fixes: Iterable[tuple[int, float, float, datetime | None]]) -> None:
        """(technician id, lat, lon in WGS-84, when fixed or None for now): markers move,
        nothing is rebuilt."""
        now = datetime.now(UTC)
        items = []
        for tech_id, lat, lon, at in fixes:
            shown = to_display(lat, lon, self.datum)
            items.append(
                {"id": tech_id, "lat": shown[0], "lon": shown[1], "fix_at": _epoch_ms(at or now)}
            )
        self.bridge.send("positions", items=items)

    def restyle_technicians(self, statuses: Iterable[tuple[int, str]]) -> None:
        """(technician id, status): colours change, markers stay where they are."""
        items = [{"id": i, "status": status} for i, status in statuses]
        self.bridge.send("positions", items=items)

    def fit_technicians(self) -> None:
        """Zoom and pan so that every technician shown is in view."""
        self.bridge.send("fit")

    def show_tickets(self, tickets: Iterable[TicketPin]) -> None:
        items = []
        for t in tickets:
            lat, lon = to_display(t.lat, t.lon, self.datum)
            items.append(
                {
                    "id": t.ticket_id,
                    "label": f"{t.number} · {t.category}",
                    "lat": lat,
                    "lon": lon,
                    "priority": t.priority,
                    "risk": t.risk,
                }
            )
        self.bridge.send("tickets", items=items)

    def select(
        self,
        site: tuple[float, float] | None,
        candidates: Iterable[tuple[Candidate, float, float]] = (),
        *,
        pan: bool = True,
    ) -> None:
        """Ring the ticket's site and draw lines to the top candidates (with their positions)."""
        if site is None:
            self.bridge.send("select", site=None)
            return
        lat, lon = to_display(*site, self.datum)
        lines = []
        for rank, (_, c_lat, c_lon) in enumerate(candidates, start=1):
            shown = to_display(c_lat, c_lon, self.datum)
            lines.append({"rank": rank, "lat": shown[0], "lon": shown[1]})
        self.bridge.send("select", site={"lat": lat, "lon": lon}, candidates=lines, pan=pan)

    def _tiles_failed(self, errors: int) -> None:
        """The page could not load a single tile: say so there in words, and under the markers
        draw the outline map that ships with the program."""
        self.tiles_down = True
        log.warning(
            "map tiles from %s cannot be fetched (%d failed, none loaded); drawing the built-in "
            "outline map",
            self.tile_source,
            errors,
        )
        self.bridge.send(
            "basemap",
            notice=self.tr(
                "Map tiles from %1 cannot be fetched. Showing the built-in outline map."
            ).replace("%1", self.tile_source),
            geojson=basemap(self.datum),
            attribution=ATTRIBUTION,
        )

    # --- from the page ---------------------------------------------------------------------------
    def _from_page(self, message: dict[str, Any]) -> None:
        """Only the messages the page sends, with the types it sends; anything else is logged
        and dropped (the page is ours, but what reaches a slot must never break the console)."""
        try:
            self._handle(message)
        except (KeyError, TypeError, ValueError, OverflowError):
            log.warning("map page sent a malformed %r message; ignored", message.get("type"))

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "technician_clicked":
            self.technician_clicked.emit(int(message["id"]))
        elif kind == "ticket_clicked":
            self.ticket_clicked.emit(int(message["id"]))
        elif kind == "map_clicked":
            lat, lon = from_display(float(message["lat"]), float(message["lon"]), self.datum)
            self.map_clicked.emit(lat, lon)
        elif kind == "tiles_failed":
            self._tiles_failed(int(message.get("errors", 0)))
        elif kind == "tiles_back":
            self.tiles_down = False
            log.info("map tiles from %s load again", self.tile_source)
        elif kind in ("applied", "painted"):
            signal = self.applied if kind == "applied" else self.painted
            signal.emit(str(message["kind"]), int(message["count"]), float(message["ms"]))


def _epoch_ms(at: datetime | None) -> int | None:
    return None if at is None else int(at.timestamp() * 1000)
