"""Moderation rules, pure (no DB, no clock: `now` is a parameter): report reasons, who may take which action on
a report (room moderators in their rooms, site admins everywhere), suspensions, and what counts as a new account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from engnest.community.domain import permissions as perm
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import clean

REASONS: dict[str, str] = {
    "spam": "Spam or advertising",
    "harassment": "Harassment or bullying",
    "hate": "Hate or discrimination",
    "personal_info": "Reveals someone's identity or contact details",
    "off_topic": "Off topic for this room",
    "other": "Something else",
}
NOTE_MAX, REASON_TEXT_MAX = 500, 280
SUSPENSION_DAYS = (1, 3, 7, 30, 90, 365)
NEW_ACCOUNT_HOURS = 24


class Resolution(StrEnum):
    DISMISS = "dismiss"
    REMOVE = "remove"  # the reported content
    WARN = "warn"
    MUTE = "mute"  # in the report's room
    BAN = "ban"  # from the report's room
    SUSPEND = "suspend"  # the account, site-wide (admins)


ROOM_MODERATION = frozenset({Resolution.DISMISS, Resolution.REMOVE, Resolution.WARN, Resolution.MUTE, Resolution.BAN})
IN_A_ROOM = frozenset({Resolution.MUTE, Resolution.BAN})  # need the report's room
ON_THE_PERSON = frozenset({Resolution.WARN, Resolution.MUTE, Resolution.BAN, Resolution.SUSPEND})
# A room moderator acting on the reported person needs a room role above theirs (the room's own rule).
AS_ROOM_ACTION = {Resolution.MUTE: perm.Action.MUTE_MEMBER, Resolution.BAN: perm.Action.REMOVE_MEMBER}

NOT_YOURS = "This report is not in a room you moderate."
ADMINS_ONLY = "Only site admins can suspend accounts."
NO_ROOM = "This report is not about a room: mute and ban act in a room."
NOTHING_TO_REMOVE = "A report about a person has no content to remove."
NO_PERSON = "The reported account no longer exists."
ABOUT_YOU = "This report is about you: another moderator or an admin handles it."
OWNER_STAYS = "A room's owner cannot be muted or banned in it: suspend the account instead."


@dataclass(frozen=True)
class ReportCase:
    """What the rules need to know about a report and the person acting on it."""

    kind: str  # message | person | (post | comment, registered by their feature)
    in_room: bool
    target_user_id: int | None
    target_room_role: str | None  # the reported person's role in the report's room (None: not a member)


def resolution_problem(*, actor_id: int, actor_room_role: str | None, is_admin: bool, case: ReportCase, resolution: Resolution) -> str | None:
    """None if the actor may take `resolution` on the report, else the message saying why not. Admins may do
    everything a room moderator may, anywhere, and suspend; room owners and moderators act in their rooms only,
    and on a person only if their role is above that person's; nobody acts on a report about themselves."""
    moderates = case.in_room and actor_room_role in (perm.OWNER, perm.MODERATOR)
    if not is_admin and not moderates:
        return NOT_YOURS
    if case.target_user_id is not None and case.target_user_id == actor_id:
        return ABOUT_YOU
    if resolution == Resolution.SUSPEND and not is_admin:
        return ADMINS_ONLY
    if resolution in IN_A_ROOM and not case.in_room:
        return NO_ROOM
    if resolution == Resolution.REMOVE and case.kind == "person":
        return NOTHING_TO_REMOVE
    if resolution in ON_THE_PERSON and case.target_user_id is None:
        return NO_PERSON
    if resolution in AS_ROOM_ACTION and case.target_room_role == perm.OWNER:
        return OWNER_STAYS  # a room always keeps its owners (admins too go through a suspension)
    if resolution in AS_ROOM_ACTION and not is_admin and case.target_room_role is not None:
        if not perm.may_act_on(actor_room_role, AS_ROOM_ACTION[resolution], case.target_room_role):
            return perm.NOT_ALLOWED
    return None


def check_reason(reason: object, note: object) -> tuple[str, str]:
    """A reason from the list and an optional note (required for "other"): (reason, note)."""
    if reason not in REASONS:
        raise ValidationFailed(reason="Choose a reason.")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise ValidationFailed(note="The note must be text.")
    text = clean(note).strip()
    if len(text) > NOTE_MAX:
        raise ValidationFailed(note=f"The note can be at most {NOTE_MAX} characters; this one has {len(text)}.")
    if reason == "other" and not text:
        raise ValidationFailed(note="Say what is wrong.")
    return str(reason), text


def check_resolution(value: object) -> Resolution:
    try:
        return Resolution(value)  # type: ignore[arg-type]
    except ValueError:
        raise ValidationFailed(form="Choose an action.") from None


def check_message_to_person(value: object, *, required: bool) -> str:
    """What the person is told (a warning's words, a suspension's reason): text, at most REASON_TEXT_MAX."""
    text = " ".join(clean(value).split()) if isinstance(value, str) else ""
    if required and len(text) < 3:
        raise ValidationFailed(message="Write the reason the person will be shown.")
    if len(text) > REASON_TEXT_MAX:
        raise ValidationFailed(message=f"At most {REASON_TEXT_MAX} characters; this has {len(text)}.")
    return text


def check_days(value: object) -> int:
    if isinstance(value, bool) or value not in SUSPENSION_DAYS:
        raise ValidationFailed(days="Choose how long: " + ", ".join(f"{d}" for d in SUSPENSION_DAYS) + " days.")
    return int(value)  # type: ignore[call-overload]


@dataclass(frozen=True)
class SuspensionSpan:
    ends_at: dt.datetime
    reason: str
    lifted_at: dt.datetime | None = None


def active_suspension(spans: list[SuspensionSpan], now: dt.datetime) -> SuspensionSpan | None:
    """The suspension in force at `now` that ends last (None: not suspended). A lifted one is over."""
    live = [s for s in spans if s.lifted_at is None and s.ends_at > now]
    return max(live, key=lambda s: s.ends_at) if live else None


def suspension_notice(ends_at_text: str, reason: str) -> str:
    return f"Your account is suspended until {ends_at_text}. Reason: {reason}"


def is_new_account(*, created_at: dt.datetime, verified_at: dt.datetime | None, now: dt.datetime, hours: int = NEW_ACCOUNT_HOURS) -> bool:
    """An account under `hours` old, or one whose email is not confirmed yet, gets the tighter limits."""
    return verified_at is None or now - created_at < dt.timedelta(hours=hours)
