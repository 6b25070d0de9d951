"""engnest.platform.scheduler."""
