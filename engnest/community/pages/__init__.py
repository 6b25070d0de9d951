"""engnest.community.pages: the room directory and a room."""
