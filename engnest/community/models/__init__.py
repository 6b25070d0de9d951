"""Community tables."""

from engnest.community.models.moderation import Report, RoomBan, SiteRole, Suspension
from engnest.community.models.room import ROOM, ModerationAction, Pseudonym, Room, RoomInvite, RoomMember

__all__ = ["ROOM", "ModerationAction", "Pseudonym", "Report", "Room", "RoomBan", "RoomInvite", "RoomMember", "SiteRole", "Suspension"]
