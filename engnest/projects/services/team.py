"""Join requests and invitations, roles, leaving. Each change notifies the other side (committed with the rows).

Joining is not collaborating: an accepted request makes a team member (who then sees the team's names on the
project page), and the acceptance notification invites both to meet; members become collaborators (DMs, full
profiles) only through an accepted meeting, as everywhere else (docs/projects.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engnest.network.services import relations
from engnest.notifications.services import notifications
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.profiles.models import Profile
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


@dataclass(frozen=True)
class NewJoinRequest:
    """A request to join (`invited_by` None) or an invitation (`invited_by` the inviter)."""

    project_id: int
    user_id: int
    note: str
    invited_by: int | None = None


@dataclass(frozen=True)
class Decision:
    request_id: int
    by: int
    accept: bool


def check_request_join(*, session: Session, project_id: int, user_id: int, note: str) -> NewJoinRequest:
    project = access.get_project(session=session, project_id=project_id)
    note = check_note(note)
    _refuse_if_member_or_blocked(session, project_id, project.owner_id, user_id)
    return NewJoinRequest(project_id, user_id, note)


def do_request_join(*, session: Session, request: NewJoinRequest, now: dt.datetime) -> JoinRequest:
    project = access.get_project(session=session, project_id=request.project_id)
    row = JoinRequest(project_id=request.project_id, user_id=request.user_id, kind="request", note=request.note, created_at=ensure_aware_utc(now))
    session.add(row)
    session.flush()
    for deciders in access.member_ids(session=session, project_id=request.project_id, roles_=("owner", "maintainer")):
        notifications.do_notify(
            session=session, user_id=deciders, kind=JOIN_REQUEST, title=f"Someone asks to join {project.title}",
            body=request.note, link=routes.project_url(request.project_id), now=now, actor_id=request.user_id,
            subject_type="project_join_request", subject_id=row.id,
        )
    return row


def request_join(*, session: Session, project_id: int, user_id: int, note: str, now: dt.datetime) -> JoinRequest:
    return do_request_join(session=session, request=check_request_join(session=session, project_id=project_id, user_id=user_id, note=note), now=now)


def check_invite(*, session: Session, project_id: int, by: int, user_id: int, note: str) -> NewJoinRequest:
    project, _ = access.require(session=session, project_id=project_id, user_id=by, action=roles.INVITE)
    note = check_note(note)
    if not 0 < user_id < 2**31 or session.get(Profile, user_id) is None:  # an id typed by hand, or an account that is gone
        raise ValidationFailed(project="That person is not on EngNest (any more).")
    _refuse_if_member_or_blocked(session, project_id, project.owner_id, user_id)
    return NewJoinRequest(project_id, user_id, note, invited_by=by)


def do_invite(*, session: Session, request: NewJoinRequest, now: dt.datetime) -> JoinRequest:
    project = access.get_project(session=session, project_id=request.project_id)
    row = JoinRequest(
        project_id=request.project_id, user_id=request.user_id, kind="invite", note=request.note, invited_by=request.invited_by,
        created_at=ensure_aware_utc(now),
    )
    session.add(row)
    session.flush()
    notifications.do_notify(
        session=session, user_id=request.user_id, kind=INVITED, title=f"You are invited to join {project.title}", body=request.note,
        link=routes.project_url(request.project_id), now=now, actor_id=request.invited_by, subject_type="project_join_request", subject_id=row.id,
    )
    return row


def invite(*, session: Session, project_id: int, by: int, user_id: int, note: str, now: dt.datetime) -> JoinRequest:
    return do_invite(session=session, request=check_invite(session=session, project_id=project_id, by=by, user_id=user_id, note=note), now=now)


def _join(session: Session, row: JoinRequest, decided_by: int, now: dt.datetime) -> ProjectMember:
    row.status, row.decided_by, row.decided_at = "accepted", decided_by, ensure_aware_utc(now)
    member = ProjectMember(project_id=row.project_id, user_id=row.user_id, role="member", joined_at=ensure_aware_utc(now))
    session.add_all([row, member])
    session.flush()
    return member


def check_decide(*, session: Session, request_id: int, by: int, accept: bool) -> Decision:
    """A maintainer or the owner accepts or declines a join request; the invitee answers an invitation."""
    row = session.get(JoinRequest, request_id)
    if row is None or row.status != "pending":
        raise ValidationFailed(project="That request was already answered or withdrawn.")
    access.get_project(session=session, project_id=row.project_id)
    if row.kind == "request":
        access.require(session=session, project_id=row.project_id, user_id=by, action=roles.DECIDE)
    elif row.user_id != by:
        raise ValidationFailed(project="You are not allowed to do that in this project.")
    return Decision(request_id, by, accept)


def do_decide(*, session: Session, request: Decision, now: dt.datetime) -> JoinRequest:
    row = session.get(JoinRequest, request.request_id)
    assert row is not None
    project = access.get_project(session=session, project_id=row.project_id)
    by = request.by
    if not request.accept:
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


def decide(*, session: Session, request_id: int, by: int, accept: bool, now: dt.datetime) -> JoinRequest:
    return do_decide(session=session, request=check_decide(session=session, request_id=request_id, by=by, accept=accept), now=now)


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
        JoinRequest.project_id == project_id, JoinRequest.status == "pending", JoinRequest.kind == "request").order_by(col(JoinRequest.id)))
    return [Pending(r.id or 0, r.note, routes.person_url(r.user_id)) for r in rows]


def pending_invitation(*, session: Session, project_id: int, user_id: int) -> int:
    """The id of `user_id`'s own pending invitation to the project, or 0."""
    row = _pending(session, project_id, user_id)
    return row.id or 0 if row is not None and row.kind == "invite" else 0


@dataclass(frozen=True)
class MemberChange:
    """Set `user_id`'s role (`role`), or remove them (`role` None)."""

    project_id: int
    user_id: int
    role: str | None


def _member(session: Session, project_id: int, user_id: int) -> ProjectMember | None:
    return session.exec(select(ProjectMember).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)).first()


def check_set_role(*, session: Session, project_id: int, by: int, user_id: int, role: str) -> MemberChange:
    access.require(session=session, project_id=project_id, user_id=by, action=roles.SET_ROLE)
    if role not in ("maintainer", "member"):
        raise ValidationFailed(role="Pick maintainer or member.")
    member = _member(session, project_id, user_id)
    if member is None or member.role == "owner":
        raise ValidationFailed(role="Only another member's role can change.")
    return MemberChange(project_id, user_id, role)


def do_set_role(*, session: Session, request: MemberChange) -> ProjectMember:
    member = _member(session, request.project_id, request.user_id)
    assert member is not None and request.role is not None
    member.role = request.role
    session.add(member)
    session.flush()
    return member


def set_role(*, session: Session, project_id: int, by: int, user_id: int, role: str) -> ProjectMember:
    return do_set_role(session=session, request=check_set_role(session=session, project_id=project_id, by=by, user_id=user_id, role=role))


def check_remove(*, session: Session, project_id: int, by: int, user_id: int) -> MemberChange:
    """Remove a member (see roles.can_remove), or leave when `user_id == by` (not the owner)."""
    access.get_project(session=session, project_id=project_id)
    actor = access.role_of(session=session, project_id=project_id, user_id=by)
    member = _member(session, project_id, user_id)
    if member is None:
        raise ValidationFailed(project="Not on the team.")
    allowed = roles.can(actor, roles.LEAVE) if user_id == by else roles.can_remove(actor, member.role)
    if not allowed:
        raise ValidationFailed(project="You are not allowed to do that in this project.")
    return MemberChange(project_id, user_id, None)


def do_remove(*, session: Session, request: MemberChange) -> None:
    member = _member(session, request.project_id, request.user_id)
    if member is not None:
        session.delete(member)
        session.flush()


def remove(*, session: Session, project_id: int, by: int, user_id: int) -> None:
    do_remove(session=session, request=check_remove(session=session, project_id=project_id, by=by, user_id=user_id))
