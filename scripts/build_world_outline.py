#!/usr/bin/env python3
"""Builds src/serve/web/vendor/world-land.json, the world outline the web page's meetings map
draws (meetings.js), from Natural Earth's 1:110m land polygons.

Source: the `world-atlas` package on npm (ISC, Mike Bostock), pinned below, which carries
Natural Earth 4.1.0 (public domain, https://www.naturalearthdata.com) as TopoJSON. The
package is fetched with `npm pack` into a temporary directory; nothing is installed. Run
from the project root:

    python3 scripts/build_world_outline.py     # rewrites src/serve/web/vendor/world-land.json

The TopoJSON arcs are decoded (quantized, delta-encoded) and every polygon of `land` is
written as SVG path data in an equirectangular projection: x = longitude + 180, y = 90 -
latitude, so the world is the box 0 0 360 180 and a place is a dot at the same formula.
Coordinates keep one decimal (a tenth of a degree, finer than the 1:110m data shows at the
page's sizes) and points that rounding makes equal are dropped.

world-atlas merges the land for spherical renderers, so some rings cross the antimeridian
(Eurasia with Chukotka, Fiji, Wrangel Island) and Antarctica's goes round the pole. On a flat
map a ring is unwrapped (each step of longitude taken the short way round, so it runs past
180 instead of jumping back) and drawn again 360 degrees to the left or right where that
copy reaches the map, which the map's box cuts at its edge; a ring that goes once round the
world (Antarctica) is closed along the bottom edge.
"""
import json
import os
import subprocess
import tarfile
import tempfile

VERSION = "2.0.2"
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "serve", "web", "vendor", "world-land.json")


def decode_arcs(topology):
    """The arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    """One ring's points: its arcs joined, a negative index (~i) being arc i reversed."""
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points):
    """The ring with each step of longitude the short way round (a ring crossing the
    antimeridian then runs past 180 or -180), closed along the pole it goes round, if any."""
    out = [points[0]]
    for (lon0, _), (lon, lat) in zip(points, points[1:]):
        step = (lon - lon0 + 180) % 360 - 180
        out.append((out[-1][0] + step, lat))
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90 if max(lat for _, lat in out) < 0 else 90
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def copies(points):
    """The ring, and its copies 360 degrees left or right where they reach the map."""
    lons = [lon for lon, _ in points]
    for shift in (-360, 0, 360):
        if min(lons) + shift < 180 and max(lons) + shift > -180:
            yield [(lon + shift, lat) for lon, lat in points]


def path(points):
    """SVG path data of one closed ring, projected and rounded, repeats dropped."""
    xy = []
    for lon, lat in points:
        p = (round(lon + 180, 1), round(90 - lat, 1))
        if not xy or xy[-1] != p:
            xy.append(p)
    if len(xy) > 1 and xy[0] == xy[-1]:
        xy.pop()
    if len(xy) < 3:
        return ""
    num = lambda v: ("%.1f" % v).rstrip("0").rstrip(".")
    return "M" + " ".join(f"{num(x)},{num(y)}" for x, y in xy) + "Z"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", f"world-atlas@{VERSION}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        with tarfile.open(os.path.join(tmp, f"world-atlas-{VERSION}.tgz")) as tar:
            topology = json.load(tar.extractfile("package/land-110m.json"))
    arcs = decode_arcs(topology)
    parts = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                for points in copies(unwrapped(ring(arcs, indexes))):
                    parts.append(path(points))
    out = {
        "source": f"Natural Earth 1:110m land (public domain), through world-atlas {VERSION} (ISC); "
                  "built by scripts/build_world_outline.py",
        "projection": "equirectangular: x = longitude + 180, y = 90 - latitude",
        "width": 360,
        "height": 180,
        "d": "".join(p for p in parts if p),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {sum(1 for p in parts if p)} rings, {os.path.getsize(OUT)} bytes to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
