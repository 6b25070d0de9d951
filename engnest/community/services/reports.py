"""Reporting: a member reports a room message, a person (or a post or comment: any registered kind) with a
reason. The report goes to the room's moderators and to site admins; the reported person is never told who
reported them (nothing they can read names the reporter, and warnings and suspensions are sent without an
actor). Reporting the same thing twice changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain import moderation as rules
from engnest.community.domain import permissions as perm
from engnest.community.models import Report, RoomMember
from engnest.community.services import moderation_admins, moderation_gate
from engnest.community.services.report_targets import Target, kind_of
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed

TOPIC = "moderation"  # pushes to moderators' and admins' tabs: ids only
NOT_FOUND = "That is not there any more, or you cannot report it."
REPORT_LIMIT = "20/hour"


@dataclass(frozen=True)
class FileReport:
    reporter_id: int
    target: Target
    reason: str
    note: str


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_report(*, session: Session, reporter_id: int, kind: object, target_id: object, reason: object, note: object = "",
                 room_id: object = None, now: dt.datetime) -> FileReport:
    """A target the reporter can see (not their own), a reason from the list, within the reporter's limits."""
    spec, tid = kind_of(kind), _int(target_id)
    target = spec.resolve(session, reporter_id, tid, _int(room_id)) if spec is not None and tid is not None else None
    if target is None:
        raise ValidationFailed(form=NOT_FOUND)
    clean_reason, clean_note = rules.check_reason(reason, note)
    moderation_gate.check_may_write(session=session, user_id=reporter_id, kind="report", now=now)
    throttle.take(REPORT_LIMIT, "report", str(reporter_id), field="form", what="reports")
    return FileReport(reporter_id, target, clean_reason, clean_note)


def do_report(*, session: Session, request: FileReport, now: dt.datetime) -> bool:
    """Store the report (False: this person had reported it already; nothing written) and tell the moderators'
    and admins' open tabs that the queue changed."""
    t = request.target
    try:
        with session.begin_nested():
            session.add(Report(
                reporter_id=request.reporter_id, target_kind=t.kind, target_id=t.id, target_user_id=t.author_id, room_id=t.room_id,
                reason=request.reason, note=request.note, excerpt=t.excerpt, created_at=now,
            ))
            session.flush()
    except sa.exc.IntegrityError:
        return False
    events.push_after_commit(session, queue_watchers(session=session, room_id=t.room_id), TOPIC, {"kind": "reports"})
    return True


def queue_watchers(*, session: Session, room_id: int | None) -> list[int]:
    """Who sees a report in their queue: the room's owners and moderators, and the site admins."""
    ids = set(moderation_admins.admin_ids(session=session))
    if room_id is not None:
        ids |= set(session.exec(select(col(RoomMember.user_id)).where(col(RoomMember.room_id) == room_id, col(RoomMember.role).in_([perm.OWNER, perm.MODERATOR]))).all())
    return sorted(ids)
