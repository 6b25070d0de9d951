"""Reusable UI pieces. Components take vars and callbacks, never State classes."""
