"""HTTP endpoints mounted next to Reflex's own (same process, same port in single-port mode)."""
