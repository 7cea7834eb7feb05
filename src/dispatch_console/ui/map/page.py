"""The base page, built once by folium: the map, its tile layer, and our scripts. Everything it
loads comes from `dcmap:` (Leaflet from the xstatic packages) except the tiles when the tile URL
points elsewhere.

The page sits next to the QWebChannel bridge that can assign jobs, so only our own scripts may
run in it: a Content-Security-Policy allows scripts from `dcmap:`/`qrc:` and, by their hashes, the
inline ones folium writes; values from the database reach the page as JSON and are shown as text
(resources/map/bridge.js), never parsed as HTML."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

import folium
from branca.element import Element

from ...config import MapSettings

ASSETS = "dcmap:///assets"
SHANGHAI = (31.2304, 121.4737)


def page_url(key: str) -> str:
    return f"dcmap:///{key}/page.html"


def build_page(settings: MapSettings, key: str, center: tuple[float, float] = SHANGHAI) -> bytes:
    # Baidu draws its tiles in its own projection (resources/map/crs.js), everyone else in
    # Web Mercator
    crs = "BD09MC" if settings.datum == "bd09" and not settings.mbtiles_path else "EPSG3857"
    m = folium.Map(location=center, zoom_start=12, tiles=None, prefer_canvas=True, crs=crs)
    # per instance: folium's class defaults point at CDNs
    m.default_js = [
        ("leaflet", f"{ASSETS}/leaflet/leaflet.js"),
        ("dispatch_crs", f"{ASSETS}/dispatch/crs.js"),
    ]
    m.default_css = [("leaflet_css", f"{ASSETS}/leaflet/leaflet.css")]
    url = (
        f"dcmap:///{key}/tiles/{{z}}/{{x}}/{{y}}.png"
        if settings.mbtiles_path
        else settings.tile_url
    )
    folium.TileLayer(tiles=url, attr=settings.attribution or " ", name="tiles", max_zoom=19).add_to(
        m
    )
    config = json.dumps({"map": m.get_name()})
    root: Any = m.get_root()  # a branca Figure; typed as a plain Element
    head = root.header
    for css in ("MarkerCluster.css", "MarkerCluster.Default.css"):
        head.add_child(Element(f'<link rel="stylesheet" href="{ASSETS}/markercluster/{css}"/>'))
    body = root.html
    body.add_child(
        Element(f'<script id="dispatch-config" type="application/json">{config}</script>')
    )
    for script in (
        f"{ASSETS}/markercluster/leaflet.markercluster.js",
        "qrc:///qtwebchannel/qwebchannel.js",
        f"{ASSETS}/dispatch/bridge.js",
    ):
        body.add_child(Element(f'<script src="{script}"></script>'))
    html: str = root.render()
    return with_policy(html).encode("utf-8")


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def with_policy(html: str) -> str:
    """The page with a Content-Security-Policy allowing exactly its own inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    policy = (
        f"default-src 'none'; script-src dcmap: qrc: {hashes}; style-src dcmap: 'unsafe-inline'; "
        "img-src dcmap: data: blob: https: http:; font-src dcmap:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}"/>'
    return html.replace("<head>", "<head>\n    " + meta, 1)
