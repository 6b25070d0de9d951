"""GitHub repository links and the REST API's answers, as pure rules: which repository a link names, how long
the rate limit asks us to wait, and what to tell the owner on 404 / 403."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from engnest.platform.domain.errors import ValidationFailed

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_REPO = r"[A-Za-z0-9._-]{1,100}"
_LINK = re.compile(rf"^(?:https?://(?:www\.)?github\.com/)?({_NAME})/({_REPO}?)(?:\.git)?/?$")


def parse_repo(text: str) -> str:
    """"owner/name" from "owner/name" or "https://github.com/owner/name(.git)"."""
    m = _LINK.match(text.strip())
    if not m or m.group(2) in ("", ".", ".."):
        raise ValidationFailed(repo="Give the repository as owner/name or its https://github.com/owner/name link.")
    return f"{m.group(1)}/{m.group(2)}"


def rate_limited_until(status: int, headers: Mapping[str, str], now: dt.datetime) -> dt.datetime | None:
    """When the next call may be made, if GitHub says we are out of calls (primary or secondary limit)."""
    retry = headers.get("retry-after", "")
    if status in (403, 429) and retry.isdigit():
        return now + dt.timedelta(seconds=int(retry))
    if headers.get("x-ratelimit-remaining") == "0":
        reset = headers.get("x-ratelimit-reset", "")
        if reset.isdigit():
            return max(now, dt.datetime.fromtimestamp(int(reset), dt.timezone.utc))
        return now + dt.timedelta(minutes=1)
    if status == 429:
        return now + dt.timedelta(minutes=1)
    return None


def failure_message(status: int, repo: str, until: dt.datetime | None) -> str:
    if until is not None:
        return f"GitHub's rate limit is used up; the next sync can run after {until:%H:%M} UTC."
    if status == 404:
        return f"GitHub has no public repository {repo}: check the name, or it may be private."
    if status in (401, 403):
        return f"GitHub refused access to {repo} ({status}): it may be private, or the token lacks access."
    return f"GitHub answered {status} for {repo}; try again later."
