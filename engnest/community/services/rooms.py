"""Writing rooms: create, join (public), request and invite (private), approve, leave, change roles.

Convention (messaging's): `check_<verb>` validates and returns a frozen request, writing nothing; `do_<verb>`
writes; nothing here commits (the outermost caller does, and pushes go out after that commit). A room's chat
members are its conversation's members: every membership change keeps `room_member` and `conversation_member`
in step, and `room.member_count` with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from engnest.accounts.models import User
from engnest.community.domain import permissions as perm
from engnest.community.domain.permissions import Action
from engnest.community.domain.rooms import PRIVATE, PUBLIC, RoomSettings, check_settings, tags_text
from engnest.community.models import ROOM, ModerationAction, Room, RoomInvite, RoomMember
from engnest.community.services.pseudonyms import do_ensure_pseudonym
from engnest.community.services.room_bans import THEY_ARE_BANNED, refuse_if_banned
from engnest.messaging.models import Conversation, ConversationMember
from engnest.platform import events, throttle
from engnest.platform.domain.errors import Conflict, ValidationFailed

TOPIC = "room"
CREATE_LIMIT = "5/hour"
NO_ROOM = "This room is not available to you."  # the same for one that does not exist: ids cannot be probed
PRIVATE_ROOM = "This room is private: ask to join, or wait for an invitation."
NOT_A_MEMBER = "That person is not a member of this room."


@dataclass(frozen=True)
class Membership:
    room_id: int
    conversation_id: int
    visibility: str
    user_id: int
    role: str | None  # None: not a member
    muted_until: dt.datetime | None = None


def membership(*, session: Session, room_id: object, user_id: int) -> Membership:
    """The room and the person's role in it; ValidationFailed(NO_ROOM) if there is no such room."""
    if not isinstance(room_id, int) or isinstance(room_id, bool):
        raise ValidationFailed(form=NO_ROOM)
    # sqlmodel's select() is typed up to 4 columns; its Select class (what select() builds) takes any number. Column
    # types as declared, except that a primary key read back from the database is never None.
    stmt = (
        Select[int, int, str, str | None, dt.datetime | None](col(Room.id), col(Room.conversation_id), col(Room.visibility), col(RoomMember.role), col(RoomMember.muted_until))
        .outerjoin(RoomMember, sa.and_(col(RoomMember.room_id) == col(Room.id), col(RoomMember.user_id) == user_id))
        .where(col(Room.id) == room_id)
    )
    row = session.exec(stmt).first()
    if row is None:
        raise ValidationFailed(form=NO_ROOM)
    rid, conversation_id, visibility, role, muted = row
    return Membership(rid, conversation_id, visibility, user_id, role, muted)


def require(*, session: Session, room_id: object, user_id: int, action: Action, target_role: str | None = None) -> Membership:
    """The caller's membership if their role allows `action` (on a member with `target_role`), else refused. A
    private room is not shown to a non-member at all."""
    found = membership(session=session, room_id=room_id, user_id=user_id)
    if found.role is None and found.visibility == PRIVATE:
        raise ValidationFailed(form=NO_ROOM)
    if not perm.may_act_on(found.role, action, target_role):
        raise ValidationFailed(form=perm.NOT_ALLOWED if found.role else "Join the room first.")
    return found


def role_of(*, session: Session, room_id: int, user_id: int) -> str | None:
    return session.exec(select(RoomMember.role).where(RoomMember.room_id == room_id, RoomMember.user_id == user_id)).first()


def member_ids(*, session: Session, room_id: int) -> list[int]:
    return list(session.exec(select(RoomMember.user_id).where(RoomMember.room_id == room_id)).all())


def audit(session: Session, *, room_id: int | None, actor_id: int, action: str, now: dt.datetime, target_user_id: int | None = None,
          target_message_id: int | None = None, reason: str = "", detail: str = "") -> None:
    session.add(ModerationAction(
        room_id=room_id, actor_id=actor_id, action=action, target_user_id=target_user_id,
        target_message_id=target_message_id, reason=reason[:280], detail=detail[:280], created_at=now,
    ))


def tell(session: Session, room_id: int, payload: dict[str, object], extra: tuple[int, ...] = ()) -> None:
    events.push_after_commit(session, [*member_ids(session=session, room_id=room_id), *extra], TOPIC, {"room": room_id, **payload})


# --- Creating --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateRoom:
    owner_id: int
    settings: RoomSettings


def check_create_room(*, session: Session, owner_id: int, name: object, topic: object, tags: object, visibility: object) -> CreateRoom:
    settings = check_settings(name=name, topic=topic, tags=tags, visibility=visibility)
    throttle.take(CREATE_LIMIT, "room-create", str(owner_id), field="form", what="new rooms")
    return CreateRoom(owner_id, settings)


def do_create_room(*, session: Session, request: CreateRoom, now: dt.datetime) -> int:
    """The room, its conversation, and its creator as owner; returns the room id."""
    conversation = Conversation(kind=ROOM, created_at=now)
    session.add(conversation)
    session.flush()
    assert conversation.id is not None
    s = request.settings
    room = Room(
        conversation_id=conversation.id, name=s.name, topic=s.topic, tags=tags_text(s.tags), visibility=s.visibility,
        created_by=request.owner_id, created_at=now, last_activity_at=now,
    )
    session.add(room)
    session.flush()
    assert room.id is not None
    _add_member(session, room.id, conversation.id, request.owner_id, perm.OWNER, now)
    return room.id


def _add_member(session: Session, room_id: int, conversation_id: int, user_id: int, role: str, now: dt.datetime) -> bool:
    """Add the person (both rows, the count); False if they already were a member (a double click, a race)."""
    do_ensure_pseudonym(session=session, user_id=user_id, now=now)
    try:
        with session.begin_nested():
            session.add(RoomMember(room_id=room_id, user_id=user_id, role=role, joined_at=now))
            session.add(ConversationMember(conversation_id=conversation_id, user_id=user_id, joined_at=now))
            session.flush()
    except sa.exc.IntegrityError:
        return False
    session.exec(sa.update(Room).where(col(Room.id) == room_id).values(member_count=col(Room.member_count) + 1))
    session.exec(sa.delete(RoomInvite).where(col(RoomInvite.room_id) == room_id, col(RoomInvite.user_id) == user_id))
    return True


def drop_member(session: Session, found: Membership, user_id: int) -> None:
    gone = session.exec(sa.delete(RoomMember).where(col(RoomMember.room_id) == found.room_id, col(RoomMember.user_id) == user_id)).rowcount
    session.exec(sa.delete(ConversationMember).where(
        col(ConversationMember.conversation_id) == found.conversation_id, col(ConversationMember.user_id) == user_id
    ))
    if gone:
        session.exec(sa.update(Room).where(col(Room.id) == found.room_id).values(member_count=col(Room.member_count) - 1))


def _owners(session: Session, room_id: int) -> int:
    return session.exec(select(sa.func.count()).select_from(RoomMember).where(RoomMember.room_id == room_id, RoomMember.role == perm.OWNER)).one()


def _owners_locked(session: Session, room_id: int) -> int:
    """How many owners the room has, counted under the room row's write lock (held until the caller commits): two
    owners demoting or removing each other at once are counted one after the other, so one owner always stays.
    The lock is an update that changes nothing: it is a row lock on PostgreSQL and starts the write transaction
    on SQLite (whose SELECT ... FOR UPDATE does nothing and whose reads take no lock). `do_*` take it; a check
    counts without it, and the `do_*` recount raises `Conflict` when a parallel change took the last other owner."""
    session.exec(sa.update(Room).where(col(Room.id) == room_id).values(id=col(Room.id)))
    return _owners(session, room_id)


def _still_an_owner_left(session: Session, room_id: int, role: str, new_role: str | None) -> None:
    problem = perm.last_owner_problem(role, new_role, _owners_locked(session, room_id))
    if problem:
        raise Conflict(form=problem)


# --- Joining ---------------------------------------------------------------------------------------------------


def _invite(session: Session, room_id: int, user_id: int) -> RoomInvite | None:
    return session.exec(select(RoomInvite).where(RoomInvite.room_id == room_id, RoomInvite.user_id == user_id)).first()


def check_join(*, session: Session, user_id: int, room_id: object) -> Membership:
    """Anyone may join a public room; a private one only with an invitation."""
    found = membership(session=session, room_id=room_id, user_id=user_id)
    if found.role is None:
        refuse_if_banned(session=session, room_id=found.room_id, user_id=user_id)
    if found.role is None and found.visibility == PRIVATE:
        invite = _invite(session, found.room_id, user_id)
        if invite is None or invite.kind != "invite":
            raise ValidationFailed(form=PRIVATE_ROOM)
    return found


def do_join(*, session: Session, request: Membership, now: dt.datetime) -> bool:
    if request.role is not None:
        return False
    added = _add_member(session, request.room_id, request.conversation_id, request.user_id, perm.MEMBER, now)
    if added:
        tell(session, request.room_id, {"kind": "members"})
    return added


def check_request_join(*, session: Session, user_id: int, room_id: object) -> Membership:
    found = membership(session=session, room_id=room_id, user_id=user_id)
    if found.role is not None:
        raise ValidationFailed(form="You are already a member of this room.")
    if found.visibility == PUBLIC:
        raise ValidationFailed(form="This room is public: join it.")
    refuse_if_banned(session=session, room_id=found.room_id, user_id=user_id)
    throttle.take("10/hour", "room-request", str(user_id), field="form", what="requests to join")
    return found


def do_request_join(*, session: Session, request: Membership, now: dt.datetime) -> None:
    """Ask to join a private room (once; asking again changes nothing). Its moderators' tabs are told."""
    if _invite(session, request.room_id, request.user_id) is not None:
        return
    do_ensure_pseudonym(session=session, user_id=request.user_id, now=now)
    session.add(RoomInvite(room_id=request.room_id, user_id=request.user_id, kind="request", by_id=request.user_id, created_at=now))
    moderators = session.exec(select(RoomMember.user_id).where(
        col(RoomMember.room_id) == request.room_id, col(RoomMember.role).in_([perm.OWNER, perm.MODERATOR])
    )).all()
    events.push_after_commit(session, moderators, TOPIC, {"room": request.room_id, "kind": "requests"})


@dataclass(frozen=True)
class Admit:
    actor: Membership
    user_id: int
    request_pending: bool  # the person asked: admitting makes them a member now


def check_admit(*, session: Session, actor_id: int, room_id: object, user_id: object) -> Admit:
    """A moderator or owner approves a request, or invites someone (who then joins)."""
    actor = require(session=session, room_id=room_id, user_id=actor_id, action=Action.APPROVE_REQUEST)
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise ValidationFailed(form="Choose someone to invite.")
    if role_of(session=session, room_id=actor.room_id, user_id=user_id) is not None:
        raise ValidationFailed(form="That person is already a member.")
    refuse_if_banned(session=session, room_id=actor.room_id, user_id=user_id, message=THEY_ARE_BANNED)
    invite = _invite(session, actor.room_id, user_id)
    if invite is None and session.get(User, user_id) is None:
        raise ValidationFailed(form="Choose someone to invite.")
    return Admit(actor, user_id, invite is not None and invite.kind == "request")


def do_admit(*, session: Session, request: Admit, now: dt.datetime) -> None:
    actor = request.actor
    if request.request_pending:
        _add_member(session, actor.room_id, actor.conversation_id, request.user_id, perm.MEMBER, now)
        tell(session, actor.room_id, {"kind": "members"})
        audit(session, room_id=actor.room_id, actor_id=actor.user_id, action="approve", target_user_id=request.user_id, now=now)
        return
    if _invite(session, actor.room_id, request.user_id) is None:
        session.add(RoomInvite(room_id=actor.room_id, user_id=request.user_id, kind="invite", by_id=actor.user_id, created_at=now))
        audit(session, room_id=actor.room_id, actor_id=actor.user_id, action="invite", target_user_id=request.user_id, now=now)
    events.push_after_commit(session, [request.user_id], TOPIC, {"room": actor.room_id, "kind": "invited"})


def check_leave(*, session: Session, user_id: int, room_id: object) -> Membership:
    found = membership(session=session, room_id=room_id, user_id=user_id)
    if found.role is None:
        raise ValidationFailed(form="You are not a member of this room.")
    problem = perm.last_owner_problem(found.role, None, _owners(session, found.room_id))
    if problem:
        raise ValidationFailed(form=problem)
    return found


def do_leave(*, session: Session, request: Membership, now: dt.datetime) -> None:
    assert request.role is not None  # check_leave refused non-members
    _still_an_owner_left(session, request.room_id, request.role, None)
    tell(session, request.room_id, {"kind": "members"})
    drop_member(session, request, request.user_id)


# --- Roles -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetRole:
    actor: Membership
    user_id: int
    role: str
    target_role: str


def check_set_role(*, session: Session, actor_id: int, room_id: object, user_id: object, role: object) -> SetRole:
    """Owners change roles; the last owner stays owner."""
    if role not in perm.ROLES:
        raise ValidationFailed(form="Choose owner, moderator or member.")
    found = membership(session=session, room_id=room_id, user_id=actor_id)
    target = role_of(session=session, room_id=found.room_id, user_id=user_id) if isinstance(user_id, int) else None
    actor = require(session=session, room_id=room_id, user_id=actor_id, action=Action.SET_ROLE, target_role=target)
    if target is None or not isinstance(user_id, int):
        raise ValidationFailed(form=NOT_A_MEMBER)
    problem = perm.last_owner_problem(target, str(role), _owners(session, actor.room_id))
    if problem:
        raise ValidationFailed(form=problem)
    return SetRole(actor, user_id, str(role), target)


def do_set_role(*, session: Session, request: SetRole, now: dt.datetime) -> None:
    room_id = request.actor.room_id
    _still_an_owner_left(session, room_id, request.target_role, request.role)
    session.exec(sa.update(RoomMember).where(col(RoomMember.room_id) == room_id, col(RoomMember.user_id) == request.user_id).values(role=request.role))
    audit(session, room_id=room_id, actor_id=request.actor.user_id, action="set_role", target_user_id=request.user_id, detail=request.role, now=now)
    tell(session, room_id, {"kind": "members"})


def do_forget_account(*, session: Session, user_id: int, now: dt.datetime) -> None:
    """Part of deleting an account (the caller deletes the user, whose member rows go by ON DELETE CASCADE): the
    rooms' member counts drop, and a room whose only owner this was passes to its longest-standing moderator (or
    member), with an audit row, so no room is left without an owner."""
    mine = session.exec(select(RoomMember.room_id, RoomMember.role).where(RoomMember.user_id == user_id)).all()
    for room_id, role in mine:
        session.exec(sa.update(Room).where(col(Room.id) == room_id).values(member_count=col(Room.member_count) - 1))
        if role != perm.OWNER or _owners_locked(session, room_id) > 1:
            continue
        heir = session.exec(
            select(RoomMember.user_id)
            .where(RoomMember.room_id == room_id, RoomMember.user_id != user_id)
            .order_by(sa.case((col(RoomMember.role) == perm.MODERATOR, 0), else_=1), col(RoomMember.joined_at), col(RoomMember.id))
        ).first()
        if heir is not None:
            session.exec(sa.update(RoomMember).where(col(RoomMember.room_id) == room_id, col(RoomMember.user_id) == heir).values(role=perm.OWNER))
            audit(session, room_id=room_id, actor_id=heir, action="set_role", target_user_id=heir, detail="owner (the only owner left)", now=now)


@dataclass(frozen=True)
class EditRoom:
    actor: Membership
    settings: RoomSettings


def check_edit_room(*, session: Session, actor_id: int, room_id: object, name: object, topic: object, tags: object, visibility: object) -> EditRoom:
    """Owners change a room's name, topic, tags and visibility."""
    actor = require(session=session, room_id=room_id, user_id=actor_id, action=Action.EDIT_SETTINGS)
    return EditRoom(actor, check_settings(name=name, topic=topic, tags=tags, visibility=visibility))


def do_edit_room(*, session: Session, request: EditRoom, now: dt.datetime) -> None:
    s, room_id = request.settings, request.actor.room_id
    session.exec(sa.update(Room).where(col(Room.id) == room_id).values(name=s.name, topic=s.topic, tags=tags_text(s.tags), visibility=s.visibility))
    audit(session, room_id=room_id, actor_id=request.actor.user_id, action="edit_room", detail=f"{s.visibility}: {s.name}", now=now)
    tell(session, room_id, {"kind": "members"})
