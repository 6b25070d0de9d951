"""Profiles tables: profiles, skills, projects."""

from engnest.profiles.models.profile import Profile, Project, Skill

__all__ = ["Profile", "Project", "Skill"]
