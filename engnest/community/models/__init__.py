"""Community tables."""

from engnest.community.models.room import ROOM, ModerationAction, Pseudonym, Room, RoomInvite, RoomMember

__all__ = ["ROOM", "ModerationAction", "Pseudonym", "Room", "RoomInvite", "RoomMember"]
