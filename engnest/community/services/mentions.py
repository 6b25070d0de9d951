"""Notifications from the community: `@handle` mentions (in posts, comments and room messages) and replies to my
post or comment.

A notification names the author as its recipient would see them in the community (`shown_names`: the real name
only for a collaborator, else the pseudonym) and carries no actor id, so nothing in it says more than the post
does. Only people who may read the text are told (members, for a private room or a room's chat), never someone
blocked either way with the author, never the author. One notification per person and text (a dedupe key), so an
edit that keeps a mention does not notify twice.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain.threads import mention_keys
from engnest.community.models import Pseudonym, Room, RoomMember
from engnest.community.services.pseudonyms import shown_names
from engnest.messaging.domain.messages import preview
from engnest.network.services.relations import blocked_ids
from engnest.notifications.services.notifications import do_notify
from engnest.platform import routes

MENTION, REPLY = "community_mention", "community_reply"


def _readers(session: Session, candidates: set[int], room_id: int | None, members_only: bool) -> set[int]:
    """Those of `candidates` who may read a text in the room (`members_only`: its chat, or a private room)."""
    if room_id is None or not candidates:
        return candidates
    if not members_only:
        visibility = session.exec(select(Room.visibility).where(Room.id == room_id)).first()
        if visibility == "public":
            return candidates
    return set(session.exec(select(col(RoomMember.user_id)).where(col(RoomMember.room_id) == room_id, col(RoomMember.user_id).in_(list(candidates)))).all())


def _tell(session: Session, author_id: int, recipients: set[int], kind: str, what: str, body: str, link: str, key: str, now: dt.datetime) -> None:
    if not recipients:
        return
    for uid in sorted(recipients):
        name = shown_names(session=session, viewer_id=uid, user_ids={author_id})[author_id].name
        do_notify(
            session=session, user_id=uid, kind=kind, title=f"{name} {what}"[:200], body=preview(body, 300), link=link,
            dedupe_key=f"{key}:{uid}", now=now,
        )


def do_notify_mentions(*, session: Session, author_id: int, text: str, now: dt.datetime, post_id: int | None = None, post_title: str = "",
                       comment_id: int | None = None, room_id: int | None = None, message_id: int | None = None) -> set[int]:
    """Tell everyone `text` mentions who may read it; returns who was told."""
    keys = mention_keys(text)
    if not keys:
        return set()
    found = set(session.exec(select(col(Pseudonym.user_id)).where(col(Pseudonym.handle_key).in_(keys))).all())
    found -= {author_id} | blocked_ids(session=session, user_id=author_id)
    in_chat = message_id is not None
    recipients = _readers(session, found, room_id, members_only=in_chat)
    if in_chat and room_id is not None:
        room_name = session.exec(select(Room.name).where(Room.id == room_id)).first() or "a room"
        what, link, key = f"mentioned you in {room_name}", routes.room_url(room_id), f"mention:message:{message_id}"
    else:
        what, link = f"mentioned you in “{post_title[:80]}”", routes.post_url(post_id or 0)
        key = f"mention:comment:{comment_id}" if comment_id is not None else f"mention:post:{post_id}"
    _tell(session, author_id, recipients, MENTION, what, text, link, key, now)
    return recipients


def do_notify_reply(*, session: Session, author_id: int, to_user_id: int | None, text: str, post_id: int, post_title: str, comment_id: int,
                    on_comment: bool, room_id: int | None, now: dt.datetime, already: set[int] | None = None) -> None:
    """Tell the author of the post (or of the comment replied to) about a reply, unless it is their own, they were
    already told by a mention in it, or they are blocked either way with the replier."""
    if to_user_id is None or to_user_id == author_id or to_user_id in (already or set()):
        return
    if to_user_id in blocked_ids(session=session, user_id=author_id):
        return
    if not _readers(session, {to_user_id}, room_id, members_only=False):
        return
    what = f"replied to your {'comment' if on_comment else 'post'} “{post_title[:80]}”"
    _tell(session, author_id, {to_user_id}, REPLY, what, text, routes.post_url(post_id) + f"#comment-{comment_id}", f"reply:{comment_id}", now)


def handle_keys_of(*, session: Session, user_ids: set[int]) -> dict[int, str]:
    """People's handles (for an '@[handle]' the composer inserts when replying)."""
    if not user_ids:
        return {}
    return dict(session.exec(select(col(Pseudonym.user_id), col(Pseudonym.handle)).where(sa.and_(col(Pseudonym.user_id).in_(list(user_ids))))).all())
