"""The Leaflet spot map as a Reflex component (react-leaflet, client-side only).

Takes typed vars: `spots` (MapSpot), `people` (MapPerson), the selected spot id, and the tile layer from
settings (omit the URL and the map still shows every marker, on a blank background). The markers reach the
browser as the same JSON objects ({id, name, lat, lon} and {label, lat, lon}).
"""

from __future__ import annotations

import dataclasses

import reflex as rx


@dataclasses.dataclass
class MapSpot:
    id: str = ""
    name: str = ""
    lat: float = 0.0
    lon: float = 0.0


@dataclasses.dataclass
class MapPerson:
    """A home marker: the viewer's city, and the other person's as the viewer may see it (approximate for strangers)."""

    label: str = ""
    lat: float = 0.0
    lon: float = 0.0

_SOURCE = rx.asset("spot_map.jsx", shared=True)


class SpotMap(rx.NoSSRComponent):
    library = _SOURCE.importable_path
    tag = "SpotMap"
    lib_dependencies: list[str] = ["leaflet@1.9.4", "react-leaflet@5.0.0"]

    spots: rx.Var[list[MapSpot]]
    people: rx.Var[list[MapPerson]]
    selected: rx.Var[str]
    tile_url: rx.Var[str]
    tile_attribution: rx.Var[str]
    height: rx.Var[str]

    on_select: rx.EventHandler[lambda spot_id: [spot_id]]


spot_map = SpotMap.create
