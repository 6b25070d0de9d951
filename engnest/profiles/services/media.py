"""Images sent by people (avatars here; messaging's attachments use the same checks): checked by content (not
by file name), re-encoded to strip metadata, stored on disk."""

from __future__ import annotations

import io
import secrets
import threading
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
# Pixels are checked from the header, before anything is decoded. A JPEG is decoded at 1/2, 1/4 or 1/8
# scale (libjpeg's own reduction), so a camera photo costs a few MB; other formats decode at full size,
# so their limit is lower (16 MP of RGBA is 64 MB).
MAX_PIXELS_JPEG = 50_000_000
MAX_PIXELS_OTHER = 16_000_000
AVATAR_SIZE = 256
# At most this many images are decoded at once per process; the others wait their turn.
IMAGE_WORKERS = 2
image_slots = threading.BoundedSemaphore(IMAGE_WORKERS)

NOT_AN_IMAGE = "That file is not an image we can read (use PNG, JPEG, WebP or GIF)."
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def avatar_dir() -> Path:
    path = get_settings().upload_dir / "avatars"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_image_header(data: bytes, field: str = "avatar") -> None:
    """Format and dimensions from the header alone, then the file's structure; no pixels are decoded. Refusals
    are ValidationFailed on `field`."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt, (width, height) = probe.format, probe.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationFailed({field: "Use a PNG, JPEG, WebP or GIF image."})
            limit = MAX_PIXELS_JPEG if fmt == "JPEG" else MAX_PIXELS_OTHER
            if width * height > limit:
                raise ValidationFailed(
                    {field: f"That image is {width} × {height} pixels; use one of at most {limit // 1_000_000} megapixels."}
                )
            probe.verify()
    except UNREADABLE:
        raise ValidationFailed({field: NOT_AN_IMAGE}) from None


def _square_thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as opened:
        if opened.format == "JPEG":
            opened.draft("RGB", (AVATAR_SIZE, AVATAR_SIZE))  # decode reduced, never below the target size
        img: Image.Image = opened
        if img.mode not in ("RGB", "RGBA", "L"):
            img = img.convert("RGBA" if "transparency" in img.info or img.mode in ("LA", "PA") else "RGB")
        side = min(img.size)
        left, top = (img.width - side) // 2, (img.height - side) // 2
        box = (left, top, left + side, top + side)
        small = img.resize((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)
        out = io.BytesIO()
        small.convert("RGB").save(out, format="WEBP", quality=85)
    return out.getvalue()


def process_avatar(data: bytes) -> bytes:
    """Validate an uploaded image and return a square 256 px WebP."""
    limit = get_settings().avatar_max_bytes
    if not data:
        raise ValidationFailed(avatar="The file is empty.")
    if len(data) > limit:
        raise ValidationFailed(avatar=f"The image is too large (max {limit // (1024 * 1024)} MB).")
    check_image_header(data)
    with image_slots:
        try:
            return _square_thumbnail(data)
        except UNREADABLE:
            raise ValidationFailed(avatar=NOT_AN_IMAGE) from None


def store_avatar(image: bytes) -> str:
    name = f"{secrets.token_urlsafe(16)}.webp"
    (avatar_dir() / name).write_bytes(image)
    return name


def avatar_path(name: str) -> Path | None:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = avatar_dir() / name
    return path if path.is_file() else None


def remove_avatar_file(name: str) -> None:
    path = avatar_path(name)
    if path is not None:
        path.unlink(missing_ok=True)
