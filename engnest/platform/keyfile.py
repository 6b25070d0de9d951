"""The generated secret key of a deployment without SECRET_KEY (dev, test): random on first start, kept in the
data directory with mode 0600, and created atomically so processes starting at the same time agree on it."""

from __future__ import annotations

import functools
import os
import secrets
import stat
from pathlib import Path

KEY_FILE_NAME = "secret_key"
MIN_KEY_LENGTH = 32


class KeyFileError(RuntimeError):
    pass


def _read(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_KEY_LENGTH:
        raise KeyFileError(f"{path} holds no usable key; delete it to generate a new one (everyone is signed out)")
    return key


def _tighten(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        path.chmod(0o600)


def _create(path: Path) -> None:
    """Write a fresh key to a private temporary file, then hard-link it into place: the link either creates the
    complete file or fails because another process got there first (never a half-written or replaced key)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(48) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
    finally:
        tmp.unlink(missing_ok=True)


def read_or_create(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path)
    _tighten(path)
    return _read(path)


@functools.cache
def load_or_create(data_dir: Path) -> str:
    """The key kept in `data_dir` (created on first use; read once per process)."""
    return read_or_create(Path(data_dir) / KEY_FILE_NAME)
