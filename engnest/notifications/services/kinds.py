"""The registry of notification kinds. The notifications feature knows no other feature: each feature registers
its kinds at start-up (engnest/<feature>/wiring.py) with how they look, whether they are emailed, whether the
bell counts them, and what their email adds (e.g. the meeting's time, place and .ics file)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.notifications.domain.notification_kinds import STYLES, KindStyle
from engnest.notifications.models import Notification


@dataclass(frozen=True)
class EmailPart:
    """What a kind adds to its email, between the notification's text and the link: lines, and an attachment."""

    lines: list[str] = field(default_factory=list)
    attachment_name: str = ""
    attachment: str = ""  # text (e.g. iCalendar)


EmailPartBuilder = Callable[[Session, Notification, User, dt.datetime], EmailPart | None]


@dataclass(frozen=True)
class KindSpec:
    style: KindStyle
    emailed: bool = False  # also emailed (unless the recipient opted out)
    on_bell: bool = True  # False: another badge already shows it (new messages are on the Messages badge)
    email_part: EmailPartBuilder | None = None


SPECS: dict[str, KindSpec] = {}


def register_kind(kind: str, spec: KindSpec) -> None:
    SPECS[kind] = spec
    STYLES[kind] = spec.style


def spec_for(kind: str) -> KindSpec | None:
    return SPECS.get(kind)


def off_the_bell() -> tuple[str, ...]:
    return tuple(sorted(kind for kind, spec in SPECS.items() if not spec.on_bell))
