"""TURN credentials by the shared-secret scheme coturn implements (`use-auth-secret`, draft-uberti-behave-turn-rest):
the username is "<expiry unix time>:<label>", the password base64(HMAC-SHA1(secret, username)). coturn recomputes the
password from its `static-auth-secret` and refuses a username whose time has passed, so the browser only ever holds
a credential that dies on its own; the secret itself never leaves the server."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class TurnCredential:
    username: str
    credential: str
    expires_at: dt.datetime


def mint(secret: str, label: str, *, now: dt.datetime, ttl_seconds: int) -> TurnCredential:
    if not secret:
        raise ValueError("a TURN secret is required")
    if ":" in label:
        raise ValueError("the label may not contain ':' (coturn splits the username there)")
    expires = int(now.timestamp()) + int(ttl_seconds)
    username = f"{expires}:{label}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return TurnCredential(username, base64.b64encode(digest).decode(), dt.datetime.fromtimestamp(expires, dt.timezone.utc))


def is_valid(secret: str, username: str, credential: str, *, now: dt.datetime) -> bool:
    """What coturn checks (used by tests and by anyone debugging a deployment): right password, not expired."""
    expiry, _, _label = username.partition(":")
    if not expiry.isdigit() or int(expiry) < now.timestamp():
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()).decode()
    return hmac.compare_digest(expected, credential)


def ice_servers(*, stun_urls: list[str], turn_urls: list[str], credential: TurnCredential | None) -> list[dict[str, object]]:
    """RTCPeerConnection's `iceServers`. TURN is left out without a credential (it would only fail)."""
    servers: list[dict[str, object]] = []
    if stun_urls:
        servers.append({"urls": stun_urls})
    if turn_urls and credential is not None:
        servers.append({"urls": turn_urls, "username": credential.username, "credential": credential.credential})
    return servers
