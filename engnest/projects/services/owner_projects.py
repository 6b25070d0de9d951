"""A person's own projects as the profile page edits them (title, description, skills wanted), and the copy the
profile keeps of them (`Profile.current_projects`: cards, search, suggestions and completeness read it).

The profile page's short form creates a full project: the other fields come from the profile (discipline,
preference, city or online; stage "idea"); editing keeps them and the levels of skills already wanted. Every
change of a project someone owns ends with `do_sync_profile`, so the profile never shows a project that is gone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col

from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import NOT_TEXT, require_text
from engnest.profiles.domain import profile as rules
from engnest.profiles.models import Profile
from engnest.projects.domain import roles
from engnest.projects.domain.project import Draft, WantedSkill
from engnest.projects.models import JoinRequest, ProjectMember, ProjectRepo, ProjectSkill, ProjectTask, TeamProject
from engnest.projects.services import access
from engnest.projects.services import projects as project_service
from engnest.projects.services.profile_copy import do_sync_profile, owned_count

# The short form's fields, and where a full project's messages go on it.
_FIELD = {"title": "project_title", "summary": "project_description", "skills": "project_skills"}


def _short_fields(title: object, description: object, skills_wanted: object) -> tuple[str, str, list[str]]:
    require_text(project_title=title, project_description=description)
    if not isinstance(skills_wanted, str) and not (isinstance(skills_wanted, list) and all(isinstance(s, str) for s in skills_wanted)):
        raise ValidationFailed(project_skills=NOT_TEXT)
    assert isinstance(title, str) and isinstance(description, str)
    errors = Collector()
    clean_title = rules.clean_text(title, max_len=rules.PROJECT_TITLE_MAX + 1)
    if not clean_title:
        errors.add("project_title", "Give the project a title.")
    elif len(clean_title) > rules.PROJECT_TITLE_MAX:
        errors.add("project_title", f"Keep the title under {rules.PROJECT_TITLE_MAX} characters.")
    clean_desc = rules.clean_text(description, max_len=rules.PROJECT_DESCRIPTION_MAX + 1)
    if len(clean_desc) > rules.PROJECT_DESCRIPTION_MAX:
        errors.add("project_description", f"Keep the description under {rules.PROJECT_DESCRIPTION_MAX} characters.")
    wanted = errors.check("project_skills", rules.check_skills_list, skills_wanted, field_name="project_skills")
    errors.raise_if_any()
    return clean_title, clean_desc, wanted or []


def _checked(draft: Draft) -> Draft:
    try:
        return draft.check()
    except ValidationFailed as exc:
        raise ValidationFailed({_FIELD.get(k, "project_title"): v for k, v in exc.errors.items()}) from None


@dataclass(frozen=True)
class SaveFromProfile:
    user_id: int
    project_id: int | None  # None: a new project
    draft: Draft  # checked


def check_save_project(
    *, session: Session, user_id: int, title: object, description: object, skills_wanted: object, project_id: int | None = None
) -> SaveFromProfile:
    """A new project of the caller's, or an edit of one they may edit (owner or maintainer)."""
    clean_title, clean_desc, wanted = _short_fields(title, description, skills_wanted)
    profile = session.get(Profile, user_id)
    if profile is None:
        raise ValidationFailed(form="Your account no longer exists.")
    if project_id:
        try:
            project, _ = access.require(session=session, project_id=project_id, user_id=user_id, action=roles.EDIT)
        except ValidationFailed:
            raise ValidationFailed(project_title="That project does not exist.") from None
        levels = {s["key"]: s["level"] for s in project.skills_wanted}
        draft = Draft(clean_title, clean_desc, list(project.disciplines), [WantedSkill(w, levels.get(rules.skill_key(w), "intermediate")) for w in wanted],
                      project.stage, project.preference, project.online, project.city, list(project.links))
    else:
        if owned_count(session=session, user_id=user_id) >= rules.MAX_PROJECTS:
            raise ValidationFailed(project_title=f"You can list at most {rules.MAX_PROJECTS} projects.")
        city = profile.city_name.strip()
        online = profile.preference == "online" or not city
        draft = Draft(clean_title, clean_desc, [profile.discipline or "other"], [WantedSkill(w) for w in wanted], "idea",
                      profile.preference or "hybrid", online, "" if online else city)
    return SaveFromProfile(user_id, project_id or None, _checked(draft))


def do_save_project(*, session: Session, request: SaveFromProfile, now: dt.datetime) -> TeamProject:
    if request.project_id is None:
        project = project_service.do_create(session=session, request=project_service.CreateProject(request.user_id, request.draft), now=now)
    else:
        project = project_service.do_update(session=session, request=project_service.UpdateProject(request.project_id, request.draft), now=now)
    return project


def save_project(
    *, session: Session, user_id: int, title: object, description: object, skills_wanted: object, now: dt.datetime,
    project_id: int | None = None,
) -> TeamProject:
    request = check_save_project(
        session=session, user_id=user_id, title=title, description=description, skills_wanted=skills_wanted, project_id=project_id
    )
    return do_save_project(session=session, request=request, now=now)


@dataclass(frozen=True)
class DeleteProject:
    project_id: int
    owner_id: int


def check_delete(*, session: Session, project_id: int, user_id: int) -> DeleteProject:
    """Only the owner deletes; a creator keeps at least one project (they switch to recruit first)."""
    try:
        project, _ = access.require(session=session, project_id=project_id, user_id=user_id, action=roles.DELETE)
    except ValidationFailed:
        raise ValidationFailed(project_title="That project does not exist, or it is not yours to delete.") from None
    profile = session.get(Profile, user_id)
    if profile is not None and profile.status == "creator" and owned_count(session=session, user_id=user_id) == 1:
        raise ValidationFailed(project_title="Creators need at least one current project. Add another first, or switch to recruit.")
    return DeleteProject(project_id, project.owner_id)


def do_delete(*, session: Session, request: DeleteProject, now: dt.datetime) -> None:
    """The project and everything on it (members, requests, tasks, repository), then the owner's profile copy."""
    for table in (ProjectTask, JoinRequest, ProjectMember, ProjectRepo, ProjectSkill):
        session.execute(sa.delete(table).where(col(table.project_id) == request.project_id))
    session.execute(sa.delete(TeamProject).where(col(TeamProject.id) == request.project_id))
    session.expire_all()
    do_sync_profile(session=session, owner_id=request.owner_id, now=now)


def delete(*, session: Session, project_id: int, user_id: int, now: dt.datetime) -> None:
    do_delete(session=session, request=check_delete(session=session, project_id=project_id, user_id=user_id), now=now)


def remove_project(*, session: Session, user_id: int, project_id: int, now: dt.datetime) -> None:
    """The profile page's "Remove": deletes the caller's project."""
    delete(session=session, project_id=project_id, user_id=user_id, now=now)
