"""The report's map: placed events and places on country outlines, as data for an inline SVG.

Outlines come from the GeoJSON shipped in the ``countryinfo`` package (one feature per
country), so the map needs no tiles and no network.  The view holds every placed point and
the whole of the countries they lie in; every other country whose outline reaches into that
view (the neighbours) is drawn too.  Projection: equirectangular with its standard parallel at
the view's middle latitude, so shapes near the story keep their proportions.

Works on the report document (see :func:`~newsfuse.render.report_json.to_dict`); pure, and
byte-stable (coordinates are rounded to 0.1 px).
"""

from __future__ import annotations

from collections import Counter

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Drawing size in SVG user units (the SVG scales to the page width).
MAP_WIDTH = 760
MAP_MIN_HEIGHT = 300
MAP_MAX_HEIGHT = 520
#: Margin added around the points and their countries, as a share of the view's span ...
MARGIN_SHARE = 0.08
#: ... and the smallest span (degrees) a view may have, so one lone point still shows its region.
MIN_SPAN_DEG = 4.0
#: A country whose outline is wider than this (degrees of longitude: Russia, the US, Fiji cross
#: the antimeridian) does not set the view: it would zoom the map out to the whole world.
MAX_COUNTRY_SPAN_DEG = 90.0
#: Marker radii: a placed event, and a place that is only mentioned.
EVENT_R = 6.0
PLACE_R = 3.5


@dataclass(frozen=True, slots=True)
class Outline:
    code: str  # ISO alpha-2
    name: str
    d: str  # SVG path data
    main: bool  # a country where something in the report is placed
    label: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class Marker:
    x: float
    y: float
    r: float
    kind: str  # "event" | "place"
    title: str
    href: str
    ref: str  # the event or entity id


@dataclass(frozen=True, slots=True)
class MapView:
    width: int
    height: int
    outlines: tuple[Outline, ...]
    markers: tuple[Marker, ...]
    bounds: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float
    kind: str
    title: str
    href: str
    ref: str
    country: str | None = None
    country_code: str | None = None


def _rings(geometry: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [[(float(x), float(y)) for x, y, *_ in ring] for poly in polys for ring in poly if len(ring) >= 3]


def _bbox(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)


def countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-2 -> {name, rings [(lon, lat)...], latlng, keys (lower-case names it goes by)}."""
    from countryinfo import CountryInfo  # imported here: only a report with places needs it

    out: dict[str, dict[str, Any]] = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2")
        geo = info.get("geoJSON") or {}
        rings = [r for f in geo.get("features") or [] for r in _rings(f.get("geometry") or {})]
        if not code or not rings or code in out:
            continue
        keys = {str(info.get("name", "")).lower(), *(str(s).lower() for s in info.get("altSpellings") or [])}
        out[code] = {"name": info.get("name", code), "rings": rings, "latlng": info.get("latlng") or None, "keys": keys}
    return out


def _code_of(p: Point, table: Mapping[str, Mapping[str, Any]], by_name: Mapping[str, str]) -> str | None:
    if p.country_code and p.country_code.upper() in table:
        return p.country_code.upper()
    if p.country:
        if p.country.upper() in table:
            return p.country.upper()
        return by_name.get(p.country.lower())
    return None


def points(doc: Mapping[str, Any], href_of: Any) -> list[Point]:
    """Placed events (``location``) and placed entities of the document, as map points.

    ``href_of(prov)`` gives the link target of a mention.
    """
    out: list[Point] = []
    for v in doc.get("events") or []:
        loc = v.get("location") or None
        if not loc or loc.get("lat") is None or loc.get("lon") is None:
            continue
        what = " ".join(x for x in (v.get("type"), v.get("subtype") and f"({v['subtype']})") if x)
        when = v.get("date") or "undated"
        actors = " → ".join(a for a in (v.get("actor1"), v.get("actor2")) if a)
        title = f"{what}: {loc.get('name') or 'unnamed place'}, {when}" + (f" · {actors}" if actors else "")
        mentions = v.get("mentions") or []
        out.append(Point(float(loc["lat"]), float(loc["lon"]), "event", title, href_of(mentions[0]) if mentions else "",
                         str(v.get("id")), loc.get("country"), loc.get("country_code")))
    for e in doc.get("entities") or []:
        pl = e.get("place") or None
        if not pl or pl.get("lat") is None or pl.get("lon") is None:
            continue
        where = ", ".join(x for x in (pl.get("admin1"), pl.get("country")) if x and x != e.get("name"))
        title = f"{e.get('name')} ({float(pl['lat']):.2f}, {float(pl['lon']):.2f})" + (f" · {where}" if where else "")
        mentions = e.get("mentions") or []
        out.append(Point(float(pl["lat"]), float(pl["lon"]), "place", title, href_of(mentions[0]) if mentions else "",
                         str(e.get("id")), pl.get("country"), pl.get("country_code")))
    return out


def _path(rings: list[list[tuple[float, float]]], project: Any) -> str:
    parts = []
    for ring in rings:
        pts: list[str] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            p = f"{x:.1f},{y:.1f}"
            if not pts or pts[-1] != p:
                pts.append(p)
        if len(pts) >= 3:
            parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


#: A country is in the map's focus when it holds at least this share of the placed events of the
#: country holding most (1.0 would show only the top country; 0 every country named).
FOCUS_SHARE = 0.5


def map_view(doc: Mapping[str, Any], href_of: Any) -> MapView | None:
    """The map of the document's placed events and places, or None when nothing is placed."""
    pts = points(doc, href_of)
    if not pts:
        return None
    table = countries()
    by_name = {k: code for code, c in sorted(table.items()) for k in sorted(c["keys"]) if k}
    # Focus on where the story happens: the country with the most placed events, and any with at
    # least FOCUS_SHARE as many (a Washington statement must not zoom a Kabul story out to the world).
    code_of = {id(p): _code_of(p, table, by_name) for p in pts}
    counts = Counter(code_of[id(p)] for p in pts if p.kind == "event" and code_of[id(p)])
    if not counts:
        counts = Counter(code_of[id(p)] for p in pts if code_of[id(p)])
    top = max(counts.values(), default=0)
    main = sorted(c for c, n in counts.items() if n >= FOCUS_SHARE * top)
    focus = [p for p in pts if code_of[id(p)] in main] or list(pts)

    boxes = [_bbox((p.lon, p.lat) for p in focus)]
    for code in main:
        box = _bbox(pt for ring in table[code]["rings"] for pt in ring)
        if box[2] - box[0] <= MAX_COUNTRY_SPAN_DEG:
            boxes.append(box)
    lon0, lat0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    lon1, lat1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    # margin and minimum span
    dlon, dlat = max(lon1 - lon0, MIN_SPAN_DEG), max(lat1 - lat0, MIN_SPAN_DEG)
    clon, clat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    dlon, dlat = dlon * (1 + 2 * MARGIN_SHARE), dlat * (1 + 2 * MARGIN_SHARE)
    kx = max(math.cos(math.radians(max(-80.0, min(80.0, clat)))), 0.1)
    # fit the view to the drawing's aspect: widen the shorter side
    height = int(min(MAP_MAX_HEIGHT, max(MAP_MIN_HEIGHT, round(MAP_WIDTH * dlat / (dlon * kx)))))
    if dlon * kx / dlat < MAP_WIDTH / height:
        dlon = dlat * MAP_WIDTH / height / kx
    else:
        dlat = dlon * kx * height / MAP_WIDTH
    lon0, lon1 = clon - dlon / 2, clon + dlon / 2
    lat0, lat1 = max(-90.0, clat - dlat / 2), min(90.0, clat + dlat / 2)
    scale = MAP_WIDTH / (dlon * kx)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - lon0) * kx * scale, 1), round((lat1 - lat) * scale, 1)

    def in_view(box: tuple[float, float, float, float]) -> bool:
        return box[0] < lon1 and box[2] > lon0 and box[1] < lat1 and box[3] > lat0

    outlines = []
    for code, c in sorted(table.items()):
        rings = [r for r in c["rings"] if in_view(_bbox(r))]
        if not rings:
            continue
        label = None
        if c["latlng"] and len(c["latlng"]) == 2:
            lat, lon = float(c["latlng"][0]), float(c["latlng"][1])
            if lon0 < lon < lon1 and lat0 < lat < lat1:
                label = project(lon, lat)
        outlines.append(Outline(code, c["name"], _path(rings, project), code in main, label))
    # main countries last, so their outline draws over the neighbours' shared borders
    outlines.sort(key=lambda o: (o.main, o.code))
    markers = [  # items placed outside the view stay in the events and places tables
        Marker(*project(p.lon, p.lat), EVENT_R if p.kind == "event" else PLACE_R, p.kind, p.title, p.href, p.ref)
        for p in pts
        if lon0 <= p.lon <= lon1 and lat0 <= p.lat <= lat1
    ]
    # places under events; each group in a stable order
    markers.sort(key=lambda m: (m.kind != "place", m.ref, m.x, m.y))
    return MapView(MAP_WIDTH, height, tuple(outlines), tuple(markers), (round(lon0, 3), round(lat0, 3), round(lon1, 3), round(lat1, 3)))
