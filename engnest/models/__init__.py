"""SQLModel tables. Importing this package registers every table on `SQLModel.metadata`."""

from sqlmodel import SQLModel

from engnest.accounts.models.account_token import AccountToken
from engnest.accounts.models.user import User, UserPublic, UserSession
from engnest.billing.models.credits import CreditEntry, CreditPurchase
from engnest.meetings.models.meeting import CalendarFeed, Meeting, MeetingEvent, MeetingReview
from engnest.messaging.models.message import DirectMessage
from engnest.network.models.friends import Friendship
from engnest.network.models.relations import Block, Collaboration
from engnest.notifications.models.notification import Notification
from engnest.platform import columns as _base  # noqa: F401  (naming convention first)
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.scheduler.models import scheduler_jobs
from engnest.profiles.models.profile import Profile, Project, Skill

metadata = SQLModel.metadata

__all__ = [
    "AccountToken",
    "Block",
    "CalendarFeed",
    "Collaboration",
    "CreditEntry",
    "CreditPurchase",
    "DirectMessage",
    "Friendship",
    "Meeting",
    "MeetingEvent",
    "MeetingReview",
    "Notification",
    "OutboundEmail",
    "Profile",
    "Project",
    "Skill",
    "User",
    "UserPublic",
    "UserSession",
    "metadata",
    "scheduler_jobs",
]
