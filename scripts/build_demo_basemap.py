"""Build the offline base layer the map draws when its tiles cannot be fetched (issue 24).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_demo_basemap.py package/land-10m.json

Reads Natural Earth's 1:10m land (public domain) as packaged in TopoJSON by the npm package
`world-atlas` (ISC), cuts out the demo region around Shanghai, and writes
src/dispatch_console/resources/map/basemap/shanghai.geojson: the land, so that the sea, the
Yangtze estuary and the islands show; the district names come from the demo's own places
(seed/shanghai.py). Nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from dispatch_console.seed.shanghai import HUBS

OUT = (
    Path(__file__).resolve().parents[1]
    / "src" / "dispatch_console" / "resources" / "map" / "basemap" / "shanghai.geojson"
)  # fmt: skip
BOX = (120.6, 30.5, 122.4, 32.0)  # west, south, east, north: the municipality and its waters
Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON arcs: delta-encoded integers, scaled back to degrees."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    out: list[Point] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def clip(points: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland-Hodgman against the box's four edges."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
    for inside, cross in edges:
        if not points:
            break
        result: list[Point] = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    result.append(cross(prev, cur))
                result.append(cur)
            elif inside(prev):
                result.append(cross(prev, cur))
            prev = cur
        points = result
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def land_polygons(topo: dict[str, Any]) -> list[list[list[list[float]]]]:
    arcs = decode_arcs(topo)
    polygons = []
    for geometry in topo["objects"]["land"]["geometries"]:
        shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for shape in shapes:
            rings = [clip(ring(arcs, r), BOX) for r in shape]
            if len(rings[0]) >= 3:
                polygons.append(
                    [[[round(x, 4), round(y, 4)] for x, y in r] for r in rings if len(r) >= 3]
                )
    return polygons


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("land", type=Path, help="land-10m.json from the npm package world-atlas")
    args = p.parse_args()
    topo = json.loads(args.land.read_text("utf-8"))
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "properties": {"kind": "land"},
            "geometry": {"type": "MultiPolygon", "coordinates": land_polygons(topo)},
        }
    ]
    districts: dict[str, list[Any]] = {}
    for hub in HUBS:  # some districts have several hubs: one name, at their middle
        districts.setdefault(hub.district, []).append(hub)
    features += [
        {
            "type": "Feature",
            "properties": {"kind": "district", "name": name, "pinyin": hubs[0].pinyin},
            "geometry": {
                "type": "Point",
                "coordinates": [
                    round(sum(h.lon for h in hubs) / len(hubs), 4),
                    round(sum(h.lat for h in hubs) / len(hubs), 4),
                ],
            },
        }
        for name, hubs in districts.items()
    ]
    collection = {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (public domain), via world-atlas (ISC)",
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB, {len(features)} features)")


if __name__ == "__main__":
    main()
