"""Helpers for account-email tests: read the one-time link out of an email that reached the SMTP sink."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

LINK = re.compile(r"https?://\S+/account/[\w-]+\?token=[\w%-]+")


def body(msg) -> str:
    return msg.get_body().get_content()


def link_in(msg) -> str:
    found = LINK.findall(body(msg))
    assert len(found) == 1, body(msg)
    return found[0]


def token_in(msg) -> str:
    return parse_qs(urlparse(link_in(msg)).query)["token"][0]


def in_queue_order(messages: list) -> list:
    """Emails in the order they were queued (after-commit delivery runs on two threads, so arrival order varies)."""
    return sorted(messages, key=lambda m: int(re.match(r"<email-(\d+)-", m["Message-ID"]).group(1)))
