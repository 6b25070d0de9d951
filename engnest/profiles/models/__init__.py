"""Profiles' tables."""

from engnest.profiles.models.profile import Profile, Skill

__all__ = ["Profile", "Skill"]
