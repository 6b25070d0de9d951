"""Messaging's part of deleting an account: the person's direct conversations, their files and the message
notifications they caused."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.messaging.models import DIRECT, Conversation, ConversationMember
from engnest.messaging.services import attachment_files
from engnest.messaging.services.messages import TOPIC
from engnest.network.services.relations import collaborator_ids
from engnest.notifications.models import Notification
from engnest.platform import events


def do_forget_account(*, session: Session, user_id: int) -> None:
    """Part of deleting an account (the caller deletes the user and commits).

    The person's direct conversations go with the account, for both people (the members and messages with
    them, ON DELETE CASCADE; their files after the commit); the message notifications they caused go too,
    since they quote those messages.
    Collaborators' open tabs are told, so a thread or list showing the person reloads (and finds it gone).
    """
    peers_to_tell = collaborator_ids(session=session, user_id=user_id)
    direct = (
        select(ConversationMember.conversation_id)
        .join(Conversation, col(Conversation.id) == col(ConversationMember.conversation_id))
        .where(ConversationMember.user_id == user_id, Conversation.kind == DIRECT)
    )
    attachment_files.remove_with_conversations(session, direct)
    session.execute(sa.delete(Conversation).where(col(Conversation.id).in_(direct)))
    session.execute(sa.delete(Notification).where(col(Notification.actor_id) == user_id, col(Notification.kind) == "message"))
    events.push_after_commit(session, peers_to_tell, TOPIC, {"kind": "gone", "peer": user_id})
