"""Community tables."""

from engnest.community.models.moderation import Report, RoomBan, SiteRole, Suspension
from engnest.community.models.post import Comment, MessageReaction, MessageReply, Post, PostTag, PostVote
from engnest.community.models.room import ROOM, ModerationAction, Pseudonym, Room, RoomInvite, RoomMember

__all__ = [
    "ROOM", "Comment", "MessageReaction", "MessageReply", "ModerationAction", "Post", "PostTag", "PostVote", "Pseudonym", "Report",
    "Room", "RoomBan", "RoomInvite", "RoomMember", "SiteRole", "Suspension",
]
