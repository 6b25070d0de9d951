"""Projects and teams: the project, its members with a role, join requests and invitations, and its tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk, utcnow


class TeamProject(SQLModel, table=True):
    __tablename__ = "team_project"
    __table_args__ = (
        sa.Index("ix_team_project_stage_created", "stage", "created_at"),
        sa.Index("ix_team_project_created", "created_at", "id"),  # Find a team: newest first
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(sa_column=fk("user_account.id"))
    title: str = Field(max_length=100)
    summary: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    disciplines: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    # [{"name": "SolidWorks", "key": "solidworks", "level": "intermediate"}]
    skills_wanted: list[dict[str, Any]] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    skill_keys: str = Field(
        default="", sa_column=sa.Column(sa.String(600), nullable=False, server_default=""),
        description="' key1 key2 ' for the directory's skill filter (a LIKE on one column, no JSON operators)",
    )
    stage: str = Field(default="idea", max_length=16)
    preference: str = Field(default="hybrid", max_length=16)
    online: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false(), index=True))
    city: str = Field(default="", sa_column=sa.Column(sa.String(120), nullable=False, server_default=""))
    city_key: str = Field(default="", sa_column=sa.Column(sa.String(120), nullable=False, server_default="", index=True))
    links: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    # What strangers read (the owner's names removed), stored at save and when the owner's profile changes.
    title_public: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    summary_public: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    skills_public: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False, server_default="[]"))
    redaction_version: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    source_project_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer, nullable=True, unique=True),
        description="The profile project it was migrated from (issue 14), if any",
    )
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=aware_column())


class ProjectMember(SQLModel, table=True):
    __tablename__ = "project_member"
    __table_args__ = (sa.UniqueConstraint("project_id", "user_id", name="uq_project_member"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column=fk("team_project.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id"))
    role: str = Field(default="member", max_length=16)
    joined_at: dt.datetime = created_at_field()


class JoinRequest(SQLModel, table=True):
    """kind "request": `user_id` asks to join; kind "invite": a maintainer asks `user_id` to join."""

    __tablename__ = "project_join_request"
    __table_args__ = (sa.Index("ix_project_join_request_project_status", "project_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column=fk("team_project.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id"))
    kind: str = Field(default="request", max_length=8)
    note: str = Field(default="", sa_column=sa.Column(sa.String(500), nullable=False, server_default=""))
    status: str = Field(default="pending", max_length=10)  # pending | accepted | declined | withdrawn
    invited_by: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    decided_by: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    created_at: dt.datetime = created_at_field()
    decided_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class ProjectTask(SQLModel, table=True):
    __tablename__ = "project_task"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column=fk("team_project.id"))
    title: str = Field(max_length=120)
    description: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    status: str = Field(default="todo", max_length=8)
    assignee_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", nullable=True))
    due_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=aware_column())


class ProjectRepo(SQLModel, table=True):
    """The project's linked GitHub repository and what the last sync fetched (with ETags to ask again cheaply)."""

    __tablename__ = "project_repo"

    project_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("team_project.id", ondelete="CASCADE"), primary_key=True))
    full_name: str = Field(max_length=140)
    description: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    stars: int = Field(default=0)
    open_issues: int = Field(default=0)
    languages: dict[str, int] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    last_commit_sha: str = Field(default="", max_length=40)
    last_commit_message: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))
    last_commit_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    etags: dict[str, str] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    synced_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    retry_after: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    message: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))


class ProjectSkill(SQLModel, table=True):
    """One row per skill a project wants, kept at save: "projects for a person" finds projects by the person's
    skill keys through the (key, project_id) index instead of scanning every project's JSON."""

    __tablename__ = "project_skill"
    __table_args__ = (sa.Index("ix_project_skill_key_project", "key", "project_id"),)

    project_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("team_project.id", ondelete="CASCADE"), primary_key=True))
    key: str = Field(sa_column=sa.Column(sa.String(40), primary_key=True))
