"""The Leaflet spot map as a Reflex component (react-leaflet, client-side only).

Takes plain vars: `spots` [{id, name, lat, lon}], `people` [{label, lat, lon}], the selected spot id, and the
tile layer from settings (omit the URL and the map still shows every marker, on a blank background).
"""

from __future__ import annotations

import reflex as rx

_SOURCE = rx.asset("spot_map.jsx", shared=True)


class SpotMap(rx.NoSSRComponent):
    library = _SOURCE.importable_path
    tag = "SpotMap"
    lib_dependencies: list[str] = ["leaflet@1.9.4", "react-leaflet@5.0.0"]

    spots: rx.Var[list[dict]]
    people: rx.Var[list[dict]]
    selected: rx.Var[str]
    tile_url: rx.Var[str]
    tile_attribution: rx.Var[str]
    height: rx.Var[str]

    on_select: rx.EventHandler[lambda spot_id: [spot_id]]


spot_map = SpotMap.create
