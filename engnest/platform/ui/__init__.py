"""engnest.platform.ui."""
