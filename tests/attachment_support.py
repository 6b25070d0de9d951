"""Sample files for the attachment tests (service, HTTP and state tiers) and a per-test data directory."""

from __future__ import annotations

import io

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png(width: int = 40, height: int = 30, *, exif: bool = False) -> bytes:
    """A small image (a JPEG carrying a camera-make EXIF tag when `exif`)."""
    img = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "SecretCam"  # Make
        img.save(out, format="JPEG", exif=info)
    else:
        img.save(out, format="PNG")
    return out.getvalue()
