// A Leaflet map of meeting spots (and the two people), for EngNest's spot picker and meeting page.
// Markers are CircleMarkers (SVG), so they render even when map tiles cannot be loaded.
import { useEffect } from "react";
import { CircleMarker, MapContainer, TileLayer, Tooltip, useMap } from "react-leaflet";
import "leaflet/dist/leaflet.css";

const PADDING = 28;

function FitBounds({ points }) {
  const map = useMap();
  const key = JSON.stringify(points);
  useEffect(() => {
    map.invalidateSize({ animate: false }); // the panel may have laid out since the map measured itself
    const size = map.getSize();
    const usable = points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (usable.length === 1) {
      map.setView(usable[0], 15, { animate: false });
    } else if (usable.length > 1 && size.x > 2 * PADDING && size.y > 2 * PADDING) {
      // Leaflet computes a NaN zoom when the padding is wider than the map (a map not laid out yet).
      map.fitBounds(usable, { padding: [PADDING, PADDING], maxZoom: 15, animate: false });
    } else if (usable.length > 1) {
      map.setView(usable[0], 12, { animate: false });
    }
  }, [map, key]);
  return null;
}

export function SpotMap({ spots = [], people = [], selected = "", tileUrl = "", tileAttribution = "", height = "360px", onSelect }) {
  const points = [...spots.map((s) => [s.lat, s.lon]), ...people.map((p) => [p.lat, p.lon])];
  return (
    <div data-testid="spot-map" style={{ height, width: "100%" }}>
      {/* No animations: an animated zoom still running when React unmounts the map throws in Leaflet. */}
      <MapContainer center={points[0] || [20, 0]} zoom={points.length ? 12 : 2} scrollWheelZoom={false}
        zoomAnimation={false} fadeAnimation={false} markerZoomAnimation={false} style={{ height: "100%", width: "100%", borderRadius: "8px" }}>
        {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} /> : null}
        <FitBounds points={points} />
        {people.map((p, i) => (
          <CircleMarker key={`person-${i}`} center={[p.lat, p.lon]} radius={9} className="person-marker"
            pathOptions={{ color: "#1f2937", weight: 2, fillColor: "#f59e0b", fillOpacity: 0.95 }}>
            <Tooltip>{p.label}</Tooltip>
          </CircleMarker>
        ))}
        {spots.map((s) => {
          const chosen = s.id === selected;
          // The class is fixed when a marker is created, so a (de)selected marker is a new one (key).
          return (
            <CircleMarker key={`${s.id}-${chosen ? "on" : "off"}`} center={[s.lat, s.lon]} radius={chosen ? 11 : 7}
              className={chosen ? "spot-marker spot-marker-selected" : "spot-marker"}
              pathOptions={{ color: chosen ? "#312e81" : "#4338ca", weight: chosen ? 3 : 2, fillColor: chosen ? "#4338ca" : "#a5b4fc", fillOpacity: 0.9 }}
              eventHandlers={{ click: () => onSelect && onSelect(s.id) }}>
              <Tooltip>{s.name}</Tooltip>
            </CircleMarker>
          );
        })}
      </MapContainer>
    </div>
  );
}
