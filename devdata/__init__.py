"""devdata."""
