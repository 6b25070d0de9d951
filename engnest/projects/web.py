"""Projects' registrations with the web layer (loaded by engnest.features.load_web): the profile page's current
projects editor."""

from __future__ import annotations

from engnest.profiles.pages.sections import register_projects_editor
from engnest.projects.pages.profile_editor import projects_editor

register_projects_editor(projects_editor)
