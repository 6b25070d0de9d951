"""Site admins: made and unmade by `python -m engnest.admin` (never through the UI), read by the moderation
queue and audit. Every grant and revocation is an audit row (no room; the actor is the command's OS user)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.domain.accounts import normalize_email
from engnest.accounts.models import User
from engnest.community.models import ModerationAction, SiteRole
from engnest.platform.domain.errors import ValidationFailed

ADMIN = "admin"
NO_ACCOUNT = "No account has that email address."


def is_admin(*, session: Session, user_id: int) -> bool:
    return session.exec(select(SiteRole.user_id).where(SiteRole.user_id == user_id, SiteRole.role == ADMIN)).first() is not None


def admin_ids(*, session: Session) -> list[int]:
    return list(session.exec(select(col(SiteRole.user_id)).where(col(SiteRole.role) == ADMIN).order_by(col(SiteRole.user_id))).all())


@dataclass(frozen=True)
class SiteRoleChange:
    user_id: int
    email: str
    by: str


def check_site_role_change(*, session: Session, email: object, by: str) -> SiteRoleChange:
    """The account with this address (any spelling of it)."""
    address = normalize_email(email if isinstance(email, str) else "")
    user_id = session.exec(select(User.id).where(User.email == address)).first()
    if user_id is None:
        raise ValidationFailed(email=NO_ACCOUNT)
    return SiteRoleChange(user_id, address, by[:80])


def do_grant(*, session: Session, request: SiteRoleChange, now: dt.datetime) -> bool:
    """Make the person an admin; False if they already were (nothing written)."""
    try:
        with session.begin_nested():
            session.add(SiteRole(user_id=request.user_id, role=ADMIN, granted_by=request.by, granted_at=now))
            session.flush()
    except sa.exc.IntegrityError:
        return False
    session.add(ModerationAction(room_id=None, actor_id=None, action="grant_admin", target_user_id=request.user_id, detail=f"by {request.by}", created_at=now))
    return True


def do_revoke(*, session: Session, request: SiteRoleChange, now: dt.datetime) -> bool:
    """The person is no longer an admin; False if they were not."""
    gone = session.exec(sa.delete(SiteRole).where(col(SiteRole.user_id) == request.user_id)).rowcount
    if gone:
        session.add(ModerationAction(room_id=None, actor_id=None, action="revoke_admin", target_user_id=request.user_id, detail=f"by {request.by}", created_at=now))
    return bool(gone)


@dataclass(frozen=True)
class AdminLine:
    email: str
    granted_at: dt.datetime
    granted_by: str


def admins(*, session: Session) -> list[AdminLine]:
    rows = session.exec(select(col(User.email), col(SiteRole.granted_at), col(SiteRole.granted_by)).join(User, col(User.id) == col(SiteRole.user_id)).order_by(col(User.email))).all()
    return [AdminLine(email, granted_at, by) for email, granted_at, by in rows]
