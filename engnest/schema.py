"""Every table of every feature, on one metadata (composition layer: Alembic, `reflex db`, the drift check and
the tests import this). The platform's own tables (mail queue, scheduler jobs) come with it."""

from sqlmodel import SQLModel

from engnest.accounts.models import AccountToken, ApiToken, User, UserPublic, UserSession
from engnest.billing.models import CreditEntry, CreditPurchase
from engnest.calls.models import Call, CallParticipant
from engnest.community.models import (
    ModerationAction,
    Pseudonym,
    Report,
    Room,
    RoomBan,
    RoomInvite,
    RoomMember,
    SiteRole,
    Suspension,
)
from engnest.community.models.post import Comment, MessageReaction, MessageReply, Post, PostTag, PostVote
from engnest.meetings.models import (
    AvailabilityFeed,
    AvailabilityWindow,
    CalendarFeed,
    Meeting,
    MeetingEvent,
    MeetingParticipant,
    MeetingReview,
)
from engnest.messaging.models import Conversation, ConversationMember, Message, MessageAttachment
from engnest.network.models import Block, Collaboration, Friendship
from engnest.notifications.models import Notification
from engnest.platform import columns as _columns  # noqa: F401, I001  (naming convention before any table)
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.scheduler.models import scheduler_jobs
from engnest.profiles.models import Profile, Skill
from engnest.projects.models import JoinRequest, ProjectMember, ProjectRepo, ProjectSkill, ProjectTask, TeamProject

metadata = SQLModel.metadata

__all__ = [
    "AccountToken",
    "ApiToken",
    "AvailabilityFeed",
    "AvailabilityWindow",
    "Block",
    "Call",
    "CallParticipant",
    "CalendarFeed",
    "Collaboration",
    "Conversation",
    "ConversationMember",
    "CreditEntry",
    "CreditPurchase",
    "Friendship",
    "JoinRequest",
    "Meeting",
    "MeetingEvent",
    "MeetingParticipant",
    "MeetingReview",
    "Message",
    "MessageAttachment",
    "ModerationAction",
    "Notification",
    "OutboundEmail",
    "Profile",
    "ProjectMember",
    "ProjectRepo",
    "ProjectSkill",
    "ProjectTask",
    "Pseudonym",
    "Report",
    "Room",
    "RoomBan",
    "RoomInvite",
    "RoomMember",
    "SiteRole",
    "Suspension",
    "Skill",
    "TeamProject",
    "User",
    "UserPublic",
    "UserSession",
    "Comment",
    "MessageReaction",
    "MessageReply",
    "Post",
    "PostTag",
    "PostVote",
    "metadata",
    "scheduler_jobs",
]
