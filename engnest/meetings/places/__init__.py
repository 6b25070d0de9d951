"""Places and geocoding: an offline gazetteer of cities, and meeting-place providers."""
