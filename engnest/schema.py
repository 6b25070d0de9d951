"""Every table of every feature, on one metadata (composition layer: Alembic, `reflex db`, the drift check and
the tests import this). The platform's own tables (mail queue, scheduler jobs) come with it."""

from sqlmodel import SQLModel

from engnest.accounts.models import AccountToken, User, UserPublic, UserSession
from engnest.billing.models import CreditEntry, CreditPurchase
from engnest.community.models import ModerationAction, Pseudonym, Room, RoomInvite, RoomMember
from engnest.meetings.models import CalendarFeed, Meeting, MeetingEvent, MeetingParticipant, MeetingReview
from engnest.messaging.models import Conversation, ConversationMember, Message
from engnest.network.models import Block, Collaboration, Friendship
from engnest.notifications.models import Notification
from engnest.platform import columns as _columns  # noqa: F401, I001  (naming convention before any table)
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.scheduler.models import scheduler_jobs
from engnest.profiles.models import Profile, Project, Skill

metadata = SQLModel.metadata

__all__ = [
    "AccountToken",
    "Block",
    "CalendarFeed",
    "Collaboration",
    "Conversation",
    "ConversationMember",
    "CreditEntry",
    "CreditPurchase",
    "Friendship",
    "Meeting",
    "MeetingEvent",
    "MeetingParticipant",
    "MeetingReview",
    "Message",
    "ModerationAction",
    "Notification",
    "OutboundEmail",
    "Profile",
    "Project",
    "Pseudonym",
    "Room",
    "RoomInvite",
    "RoomMember",
    "Skill",
    "User",
    "UserPublic",
    "UserSession",
    "metadata",
    "scheduler_jobs",
]
