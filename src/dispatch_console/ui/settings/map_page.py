"""Where map tiles come from. Presets fill the URL and the datum the provider draws in (AMap and
Tencent use GCJ-02, Baidu BD-09); "offline" promises that the map contacts no other host."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...config import MapSettings
from ..widgets import named
from .fields import error_label, mark, validated

# source: (tile URL, the datum it is drawn in, the credit the provider asks for)
PRESETS = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "wgs84",
        "© OpenStreetMap contributors",
    ),
    "amap": (
        "https://webrd01.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
        "gcj02",
        "© 高德地图 AutoNavi",
    ),
    "baidu": (
        "https://maponline1.bdimg.com/tile/?qt=vtile&x={x}&y={y}&z={z}&styles=pl&scaler=1",
        "bd09",
        "© 百度地图 Baidu",
    ),
}


class MapPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attribution = MapSettings().attribution
        self.source = named(QComboBox(), "map_source")
        self.source.addItem(self.tr("OpenStreetMap"), "osm")
        self.source.addItem(self.tr("AMap (高德)"), "amap")
        self.source.addItem(self.tr("Baidu (百度)"), "baidu")
        self.source.addItem(self.tr("Our own tile server"), "custom")
        self.source.addItem(self.tr("An MBTiles file (offline)"), "mbtiles")
        self.tile_url = named(QLineEdit(), "tile_url")
        self.datum = named(QComboBox(), "datum")
        self.datum.addItem(self.tr("WGS-84 (GPS, OpenStreetMap)"), "wgs84")
        self.datum.addItem(self.tr("GCJ-02 (AMap, Tencent)"), "gcj02")
        self.datum.addItem(self.tr("BD-09 (Baidu)"), "bd09")
        self.mbtiles_path = named(QLineEdit(), "mbtiles_path")
        self.browse = named(QPushButton(self.tr("Browse…")), "mbtiles_browse")
        self.offline = named(
            QCheckBox(self.tr("Offline: the map never contacts another host")), "offline"
        )
        self.route_url = named(QLineEdit(), "route_url")
        self.route_url.setPlaceholderText(
            self.tr("e.g. http://osrm.corp.local:5000 (empty: estimate)")
        )
        self.route_kind = named(QComboBox(), "route_kind")
        self.route_kind.addItem("OSRM", "osrm")
        self.route_kind.addItem("Valhalla", "valhalla")
        self.error = error_label("map_error")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mbtiles_path, 1)
        row.addWidget(self.browse)
        self._file_row = QWidget()
        self._file_row.setLayout(row)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Map tiles"), self.source)
        self.form.addRow(self.tr("Tile URL"), self.tile_url)
        self.form.addRow(self.tr("Drawn in"), self.datum)
        self.form.addRow(self.tr("File"), self._file_row)
        self.form.addRow("", self.offline)
        self.form.addRow(self.tr("Travel times by road"), self.route_url)
        self.form.addRow(self.tr("Route service"), self.route_kind)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.browse.clicked.connect(self._browse)

    def load(self, settings: MapSettings) -> None:
        if settings.mbtiles_path:
            source = "mbtiles"
        else:
            source = next(
                (k for k, (url, *_) in PRESETS.items() if url == settings.tile_url), "custom"
            )
        self.tile_url.setText(settings.tile_url)
        self._attribution = settings.attribution
        self.datum.setCurrentIndex(self.datum.findData(settings.datum))
        self.mbtiles_path.setText(settings.mbtiles_path)
        self.offline.setChecked(settings.offline)
        self.route_url.setText(settings.route_url)
        self.route_kind.setCurrentIndex(max(0, self.route_kind.findData(settings.route_kind)))
        self.source.setCurrentIndex(self.source.findData(source))
        self._source_changed()

    def settings(self) -> MapSettings | None:
        source = self.source.currentData()
        mbtiles = self.mbtiles_path.text().strip() if source == "mbtiles" else ""
        if source == "mbtiles" and not Path(mbtiles).is_file():
            mark(self._fields(), "mbtiles_path: missing")
            self.error.setText(self.tr("Choose an existing MBTiles file."))
            return None
        return validated(
            lambda: MapSettings(
                tile_url=self.tile_url.text() if source != "mbtiles" else "",
                datum=self.datum.currentData(),
                attribution=PRESETS[source][2] if source in PRESETS else self._attribution,
                mbtiles_path=mbtiles,
                offline=self.offline.isChecked(),
                route_url=self.route_url.text(),
                route_kind=self.route_kind.currentData(),
            ),
            self._fields(),
            self.error,
        )

    def _source_changed(self, *_: object) -> None:
        source = self.source.currentData()
        if source in PRESETS:
            url, datum, _credit = PRESETS[source]
            self.tile_url.setText(url)
            self.datum.setCurrentIndex(self.datum.findData(datum))
        self.tile_url.setReadOnly(source in PRESETS)
        self.form.setRowVisible(self.tile_url, source != "mbtiles")
        self.form.setRowVisible(self._file_row, source == "mbtiles")

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("MBTiles file"), self.mbtiles_path.text(), "MBTiles (*.mbtiles)"
        )
        if path:
            self.mbtiles_path.setText(path)

    def _fields(self) -> dict[str, QWidget]:
        return {
            "tile_url": self.tile_url,
            "mbtiles_path": self.mbtiles_path,
            "route_url": self.route_url,
        }
