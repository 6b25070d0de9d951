"""Projects' registrations with the web layer (loaded by engnest.features.load_web): the profile page's current
projects editor (projects own projects; the profile page keeps only a copy)."""

from __future__ import annotations

from engnest.profiles.pages import page as profile_page
from engnest.projects.pages.profile_editor import ProjectsState, projects_editor

profile_page.register_projects_editor(projects_editor, ProjectsState.load)
