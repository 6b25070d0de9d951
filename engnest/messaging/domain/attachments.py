"""Files sent in a conversation, the pure part: which kinds are accepted (by their content, never by the name
or type the browser gives), the name offered on download, and how a size reads. No I/O here."""

from __future__ import annotations

import re
import unicodedata

IMAGE_TYPE = "image/webp"  # every image is re-encoded to WebP (metadata and anything hidden in it dropped)
PDF_TYPE = "application/pdf"
IMAGE, FILE = "image", "file"
MAX_NAME = 100
ACCEPTED = "PNG, JPEG, WebP or GIF images and PDF files"

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"'\\/:*?<>|;%`$]+")


def is_pdf(data: bytes) -> bool:
    """A PDF starts with its header within the first 1024 bytes (readers accept leading junk; we do not)."""
    return data.startswith(b"%PDF-1.") or data.startswith(b"%PDF-2.")


def clean_file_name(name: object, extension: str) -> str:
    """The name to offer on download: the browser's base name without path, control or shell characters,
    shortened, and ending in the extension of what the file really is ("report.pdf", "photo.webp")."""
    raw = name if isinstance(name, str) else ""
    base = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = _UNSAFE.sub("_", stem).strip(" ._") or "file"
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")[: MAX_NAME - len(extension) - 1] or "file"
    return f"{stem}.{extension}"


def size_phrase(n: int) -> str:
    """'812 bytes', '34 KB', '1.5 MB'."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def too_large(size: int, limit: int) -> str:
    return f"That file is {size_phrase(size)}; files can be at most {size_phrase(limit)}."
