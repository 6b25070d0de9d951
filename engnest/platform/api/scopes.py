"""Token scopes: `read` may call GET endpoints, `write` may call every endpoint."""

from __future__ import annotations

READ = "read"
WRITE = "write"
SCOPES = {READ: "Read only", WRITE: "Read and write"}


def allows(granted: str, needed: str) -> bool:
    return granted == WRITE or (granted == READ and needed == READ)
