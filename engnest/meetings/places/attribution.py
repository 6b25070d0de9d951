"""The attribution the place data requires, shown together wherever the data is used."""

from __future__ import annotations

BUNDLED_ATTRIBUTION: tuple[str, ...] = (
    "Library data: Institute of Museum and Library Services, Public Libraries Survey FY2019 (public domain).",
    "Arts Council England, Basic dataset for libraries 2023, enhanced by Libraries Hacked. Contains OS data "
    "© Crown copyright and database right 2024; contains Royal Mail data © Royal Mail copyright and database "
    "right 2024; Source: Office for National Statistics, licensed under the Open Government Licence v3.0.",
    "Australian public library locations © Library Map contributors (librarymap.hugh.run), CC BY-SA 4.0.",
    "Japan cafés/libraries © OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright).",
    "City names: GeoNames (geonames.org), CC BY 4.0.",
)

OVERPASS_ATTRIBUTION = "Live places © OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright), via the Overpass API."
NOMINATIM_ATTRIBUTION = "Search by Nominatim, data © OpenStreetMap contributors, ODbL 1.0."

# What the bundled data covers, said plainly in the UI when an area has few places.
BUNDLED_COVERAGE = (
    "Our built-in place list is uneven: cafés only in Japan, libraries in the US, England, Japan and "
    "Australia, and no coworking spaces yet."
)
