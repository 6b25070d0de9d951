"""Join requests and invitations, roles, leaving. Each change notifies the other side (committed with the rows).

Joining is not collaborating: an accepted request makes a team member (who then sees the team's names on the
project page), and the acceptance notification invites both to meet; members become collaborators (DMs, full
profiles) only through an accepted meeting, as everywhere else (docs/projects.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from engnest.network.services import relations
from engnest.notifications.services import notifications
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.projects.domain import roles
from engnest.projects.domain.project import check_note
from engnest.projects.models import JoinRequest, ProjectMember
from engnest.projects.services import access

JOIN_REQUEST, JOINED, INVITED = "project_join_request", "project_joined", "project_invite"


def _pending(session: Session, project_id: int, user_id: int) -> JoinRequest | None:
    return session.exec(select(JoinRequest).where(
        JoinRequest.project_id == project_id, JoinRequest.user_id == user_id, JoinRequest.status == "pending")).first()


def _refuse_if_member_or_blocked(session: Session, project_id: int, owner_id: int, user_id: int) -> None:
    if access.role_of(session=session, project_id=project_id, user_id=user_id) is not None:
        raise ValidationFailed(project="Already on the team.")
    if relations.is_blocked_between(session=session, a=owner_id, b=user_id):
        raise ValidationFailed(project="You cannot join this project.")
    if _pending(session, project_id, user_id) is not None:
        raise ValidationFailed(project="There is already a pending request or invitation.")


def check_request_join(*, session: Session, project_id: int, user_id: int, note: str, now: dt.datetime) -> JoinRequest:
    project = access.get_project(session=session, project_id=project_id)
    note = check_note(note)
    _refuse_if_member_or_blocked(session, project_id, project.owner_id, user_id)
    row = JoinRequest(project_id=project_id, user_id=user_id, kind="request", note=note, created_at=ensure_aware_utc(now))
    session.add(row)
    session.flush()
    for deciders in access.member_ids(session=session, project_id=project_id, roles_=("owner", "maintainer")):
        notifications.do_notify(
            session=session, user_id=deciders, kind=JOIN_REQUEST, title=f"Someone asks to join {project.title}",
            body=note, link=routes.project_url(project_id), now=now, actor_id=user_id, subject_type="project_join_request", subject_id=row.id,
        )
    return row


def check_invite(*, session: Session, project_id: int, by: int, user_id: int, note: str, now: dt.datetime) -> JoinRequest:
    project, _ = access.require(session=session, project_id=project_id, user_id=by, action=roles.INVITE)
    note = check_note(note)
    _refuse_if_member_or_blocked(session, project_id, project.owner_id, user_id)
    row = JoinRequest(project_id=project_id, user_id=user_id, kind="invite", note=note, invited_by=by, created_at=ensure_aware_utc(now))
    session.add(row)
    session.flush()
    notifications.do_notify(
        session=session, user_id=user_id, kind=INVITED, title=f"You are invited to join {project.title}", body=note,
        link=routes.project_url(project_id), now=now, actor_id=by, subject_type="project_join_request", subject_id=row.id,
    )
    return row


def _join(session: Session, row: JoinRequest, decided_by: int, now: dt.datetime) -> ProjectMember:
    row.status, row.decided_by, row.decided_at = "accepted", decided_by, ensure_aware_utc(now)
    member = ProjectMember(project_id=row.project_id, user_id=row.user_id, role="member", joined_at=ensure_aware_utc(now))
    session.add_all([row, member])
    session.flush()
    return member


def check_decide(*, session: Session, request_id: int, by: int, accept: bool, now: dt.datetime) -> JoinRequest:
    """A maintainer or the owner accepts or declines a join request; the invitee answers an invitation."""
    row = session.get(JoinRequest, request_id)
    if row is None or row.status != "pending":
        raise ValidationFailed(project="That request was already answered or withdrawn.")
    project = access.get_project(session=session, project_id=row.project_id)
    if row.kind == "request":
        access.require(session=session, project_id=row.project_id, user_id=by, action=roles.DECIDE)
    elif row.user_id != by:
        raise ValidationFailed(project="You are not allowed to do that in this project.")
    if not accept:
        row.status, row.decided_by, row.decided_at = "declined", by, ensure_aware_utc(now)
        session.add(row)
        session.flush()
        return row
    _join(session, row, by, now)
    other = row.user_id if row.kind == "request" else project.owner_id
    notifications.do_notify(
        session=session, user_id=other, kind=JOINED,
        title=f"Welcome to {project.title}" if row.kind == "request" else f"A new member joined {project.title}",
        body="Request a meeting to become collaborators: messages and full profiles open after you meet.",
        link=routes.meeting_request_url(project.owner_id if row.kind == "request" else row.user_id),
        now=now, actor_id=by, subject_type="team_project", subject_id=project.id,
    )
    return row


@dataclass
class Pending:
    id: int
    note: str
    url: str  # the requester's card (anonymised until the two have met)


def pending_requests(*, session: Session, project_id: int, viewer_id: int) -> list[Pending]:
    """Join requests waiting for a decision: maintainers and the owner only (others get an empty list)."""
    if not roles.can(access.role_of(session=session, project_id=project_id, user_id=viewer_id), roles.DECIDE):
        return []
    rows = session.exec(select(JoinRequest).where(
        JoinRequest.project_id == project_id, JoinRequest.status == "pending", JoinRequest.kind == "request").order_by(JoinRequest.id))
    return [Pending(r.id or 0, r.note, routes.person_url(r.user_id)) for r in rows]


def pending_invitation(*, session: Session, project_id: int, user_id: int) -> int:
    """The id of `user_id`'s own pending invitation to the project, or 0."""
    row = _pending(session, project_id, user_id)
    return row.id or 0 if row is not None and row.kind == "invite" else 0


def check_set_role(*, session: Session, project_id: int, by: int, user_id: int, role: str) -> ProjectMember:
    access.require(session=session, project_id=project_id, user_id=by, action=roles.SET_ROLE)
    if role not in ("maintainer", "member"):
        raise ValidationFailed(role="Pick maintainer or member.")
    member = session.exec(select(ProjectMember).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)).first()
    if member is None or member.role == "owner":
        raise ValidationFailed(role="Only another member's role can change.")
    member.role = role
    session.add(member)
    session.flush()
    return member


def check_remove(*, session: Session, project_id: int, by: int, user_id: int) -> None:
    """Remove a member (see roles.can_remove), or leave when `user_id == by` (not the owner)."""
    access.get_project(session=session, project_id=project_id)
    actor = access.role_of(session=session, project_id=project_id, user_id=by)
    member = session.exec(select(ProjectMember).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)).first()
    if member is None:
        raise ValidationFailed(project="Not on the team.")
    allowed = roles.can(actor, roles.LEAVE) if user_id == by else roles.can_remove(actor, member.role)
    if not allowed:
        raise ValidationFailed(project="You are not allowed to do that in this project.")
    session.delete(member)
    session.flush()
