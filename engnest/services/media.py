"""Avatar images: checked by content (not by file name), re-encoded to strip metadata, stored on disk."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from engnest.domain.errors import ValidationFailed
from engnest.settings import get_settings

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000
AVATAR_SIZE = 256


def avatar_dir() -> Path:
    path = get_settings().upload_dir / "avatars"
    path.mkdir(parents=True, exist_ok=True)
    return path


def process_avatar(data: bytes) -> bytes:
    """Validate an uploaded image and return a square 256 px WebP."""
    limit = get_settings().avatar_max_bytes
    if not data:
        raise ValidationFailed(avatar="The file is empty.")
    if len(data) > limit:
        raise ValidationFailed(avatar=f"The image is too large (max {limit // (1024 * 1024)} MB).")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(avatar="That file is not an image we can read (use PNG, JPEG, WebP or GIF).") from None
    if fmt not in ALLOWED_FORMATS:
        raise ValidationFailed(avatar="Use a PNG, JPEG, WebP or GIF image.")
    if width * height > MAX_PIXELS:
        raise ValidationFailed(avatar="The image has too many pixels.")
    with Image.open(io.BytesIO(data)) as img:
        img = img.convert("RGB")
        side = min(img.size)
        left, top = (img.width - side) // 2, (img.height - side) // 2
        img = img.crop((left, top, left + side, top + side)).resize((AVATAR_SIZE, AVATAR_SIZE))
        out = io.BytesIO()
        img.save(out, format="WEBP", quality=85)
    return out.getvalue()


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
