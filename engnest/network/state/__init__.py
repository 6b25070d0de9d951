"""engnest.network.state."""
