"""Avatar decoding keeps memory flat (issue 9, item 8): dimensions are checked from the header before any
pixel is decoded, JPEGs decode reduced, and only a few images decode at once.

The memory test runs ten parallel uploads in a fresh Python process and compares its peak resident memory
with the peak before the uploads: a 35 KB PNG of 6000 × 6000 px used to cost ~150 MB each, at full size.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.services import media


def big_png(width: int, height: int) -> bytes:
    """A solid RGBA PNG, written row by row (a few KB per megapixel; never held decoded here)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    packer = zlib.compressobj(9)
    row = b"\0" + b"\x30\x60\x90\xff" * width
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(out, format="JPEG", quality=90)
    return out.getvalue()


def test_a_huge_png_is_refused_from_its_header_with_its_size():
    data = big_png(6000, 6000)
    assert len(data) < 200_000
    with pytest.raises(ValidationFailed) as refused:
        media.process_avatar(data)
    assert "6000 × 6000 pixels" in refused.value.errors["avatar"]


def test_large_photos_within_the_limits_become_small_square_avatars():
    for data in (jpeg(6000, 4000), big_png(4000, 4000)):
        with Image.open(io.BytesIO(media.process_avatar(data))) as out:
            assert out.format == "WEBP" and out.size == (media.AVATAR_SIZE, media.AVATAR_SIZE)


def test_a_palette_image_with_transparency_is_accepted():
    img = Image.new("P", (300, 200), 0)
    img.info["transparency"] = 0
    out = io.BytesIO()
    img.save(out, format="GIF", transparency=0)
    with Image.open(io.BytesIO(media.process_avatar(out.getvalue()))) as avatar:
        assert avatar.size == (media.AVATAR_SIZE, media.AVATAR_SIZE)


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_at_most_a_few_images_decode_at_once(monkeypatch):
    """Eight uploads at once: every one reaches the gate, exactly IMAGE_WORKERS get past it."""
    lock, release = threading.Lock(), threading.Event()
    counts = {"at_gate": 0, "decoding": 0, "peak": 0}
    slots, real = media.image_slots, media._square_thumbnail

    class Gate:
        def __enter__(self):
            with lock:
                counts["at_gate"] += 1
            return slots.__enter__()

        def __exit__(self, *exc):
            return slots.__exit__(*exc)

    def decoding(data: bytes) -> bytes:
        with lock:
            counts["decoding"] += 1
            counts["peak"] = max(counts["peak"], counts["decoding"])
        release.wait(30)
        try:
            return real(data)
        finally:
            with lock:
                counts["decoding"] -= 1

    monkeypatch.setattr(media, "image_slots", Gate())
    monkeypatch.setattr(media, "_square_thumbnail", decoding)
    data = jpeg(400, 300)
    threads = [threading.Thread(target=media.process_avatar, args=(data,)) for _ in range(8)]
    for t in threads:
        t.start()
    try:
        wait_for(lambda: counts["at_gate"] == 8 and counts["decoding"] == media.IMAGE_WORKERS)
    finally:
        release.set()
        for t in threads:
            t.join(30)
    assert counts["peak"] == media.IMAGE_WORKERS < 8


CHILD = """
import json, resource, sys, threading
from pathlib import Path
from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.services import media

payloads = [Path(p).read_bytes() for p in sys.argv[1:]]
media.process_avatar(payloads[-1])  # load the codecs once
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
outcomes = []

def upload(data):
    try:
        media.process_avatar(data)
        outcomes.append("ok")
    except ValidationFailed:
        outcomes.append("refused")

threads = [threading.Thread(target=upload, args=(payloads[i % len(payloads)],)) for i in range(10 * len(payloads))]
for t in threads: t.start()
for t in threads: t.join()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew_mb": (after - before) / 1024, "outcomes": sorted(outcomes)}))
"""


def test_ten_parallel_uploads_of_each_kind_keep_memory_flat(tmp_path: Path):
    kinds = {"bomb.png": big_png(6000, 6000), "square.png": big_png(4000, 4000), "photo.jpg": jpeg(6000, 4000)}
    paths = []
    for name, data in kinds.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    result = subprocess.run([sys.executable, "-c", CHILD, *paths], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["outcomes"].count("refused") == 10  # the 36 MP PNGs, from their header
    assert report["outcomes"].count("ok") == 20
    # Two 16 MP RGBA decodes at a time (64 MB each) is the worst case; ten at full size was gigabytes.
    assert report["grew_mb"] < 300, report
