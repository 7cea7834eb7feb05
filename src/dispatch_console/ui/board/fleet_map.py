"""The board's technicians on the console's own map (the tiles the Map dock is set up with,
MBTiles or a tile server, in its datum), framed on the whole fleet once it is known, with a
count per status underneath. The minimap (minimap.py) stands in where there is no map."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...config import MapSettings
from ...domain.candidates import FleetMember
from ..map.panel import MapPanel
from ..tickets.labels import technician_status_label
from ..widgets import named
from .minimap import COLOURS, status_counts


class FleetMap(QWidget):
    def __init__(self, settings: MapSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members: list[FleetMember] = []
        self.panel = MapPanel(settings, self)
        self.legend = named(QLabel(), "board_legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel, 1)
        column.addWidget(self.legend)
        self.setMinimumSize(320, 260)
        self._framed = False

    def show_fleet(self, members: list[FleetMember]) -> None:
        self.members = members
        self.panel.show_technicians(members, datetime.now(UTC))
        if not self._framed and any(m.lat is not None for m in members):
            self.panel.fit_technicians()  # once: a wall screen that jumps about is not read
            self._framed = True
        self.legend.setText(
            "&nbsp;&nbsp;".join(
                f"<span style='color:{COLOURS[status].name()}'>●</span> "
                f"{technician_status_label(status)} <b>{count}</b>"
                for status, count in status_counts(members).items()
            )
        )
