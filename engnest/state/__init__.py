"""Shared Reflex states: thin (read input, call a service, assign results)."""
