"""A small file cache for places fetched from a live API (JSON per query, with a time to live)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict
from pathlib import Path

from engnest.meetings.domain.spot_index import Place
from engnest.platform.clock import utcnow


class PlaceCache:
    """Entries live in `directory` (shared by the processes of one host); ids seen are kept in memory so a
    picked spot can be looked up again without the network."""

    def __init__(self, directory: Path, ttl_hours: float) -> None:
        self.directory = Path(directory)
        self.ttl_seconds = ttl_hours * 3600
        self._known: dict[str, Place] = {}
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")

    @staticmethod
    def _load(path: Path) -> tuple[float, list[Place]] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return float(data["fetched_at"]), [Place(**p) for p in data["places"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def read(self, key: str, *, allow_stale: bool = False) -> list[Place] | None:
        entry = self._load(self._path(key))
        if entry is None:
            return None
        fetched_at, places = entry
        self._remember(places)
        if not allow_stale and utcnow().timestamp() - fetched_at > self.ttl_seconds:
            return None
        return places

    def write(self, key: str, places: list[Place]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"key": key, "fetched_at": utcnow().timestamp(), "places": [asdict(p) for p in places]}), encoding="utf-8")
        tmp.replace(path)  # atomic: readers never see half a file
        self._remember(places)

    def _remember(self, places: list[Place]) -> None:
        with self._lock:
            for place in places:
                self._known[place.id] = place

    def find(self, place_id: str) -> Place | None:
        with self._lock:
            found = self._known.get(place_id)
        if found is not None or not self.directory.is_dir():
            return found
        for path in self.directory.glob("*.json"):  # another process of this host fetched it
            entry = self._load(path)
            if entry is not None:
                self._remember(entry[1])
        with self._lock:
            return self._known.get(place_id)
