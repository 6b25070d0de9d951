"""engnest.community.state."""
