"""Profiles: pitch, status, discipline, city, skills, links, avatar, and a copy of the person's current projects
(projects own them: engnest.projects keeps `current_projects` in step, see profiles.domain.current_projects)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk, utcnow


class Profile(SQLModel, table=True):
    __tablename__ = "profile"
    __table_args__ = (
        sa.Index("ix_profile_city_lat_lon", "city_lat", "city_lon", "city_id"),  # distance bounding box
        sa.Index("ix_profile_complete_created", "is_complete", "created_at"),  # newest first
    )

    user_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    )
    first_name: str = Field(default="", max_length=60)
    last_name: str = Field(default="", max_length=60)
    pitch: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    status: str = Field(default="recruit", max_length=16, index=True)
    discipline: str = Field(default="", max_length=32, index=True)
    preference: str = Field(default="", max_length=16)
    city_id: int | None = Field(default=None, index=True)
    city_name: str = Field(default="", max_length=120)
    city_country: str = Field(default="", max_length=2)
    city_lat: float | None = None
    city_lon: float | None = None
    city_timezone: str = Field(default="", max_length=64)
    github_url: str = Field(default="", max_length=300)
    linkedin_url: str = Field(default="", max_length=300)
    portfolio_url: str = Field(default="", max_length=300)
    avatar_file: str | None = Field(default=None, max_length=100)
    is_complete: bool = Field(default=False, index=True)
    # Names the redactor hides besides first and last name (never shown to strangers; see domain.owner_identity).
    other_names: str = Field(
        default="", sa_column=sa.Column(sa.String(200), nullable=False, server_default=""), description="Other names I go by"
    )
    script_name: str = Field(
        default="", sa_column=sa.Column(sa.String(120), nullable=False, server_default=""), description="My name in another script"
    )
    hidden_words: list[str] = Field(
        default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False, server_default="[]"), description="Words the owner hides"
    )
    email_name: str = Field(
        default="", sa_column=sa.Column(sa.String(64), nullable=False, server_default=""),
        description="The account email's user name, kept for the redactor by services.anonymise",
    )
    # What strangers see and search: kept by services.profiles on every edit (see domain.redaction).
    pitch_redacted: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    redaction_version: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    search_doc: str = Field(
        default="",
        sa_column=sa.Column(sa.Text, nullable=False, server_default=""),
        description="Redacted pitch, projects and skills; indexed by FTS5 (SQLite) / tsvector+GIN (PostgreSQL)",
    )
    current_projects: list[dict] = Field(
        default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False, server_default="[]"),
        description="The projects this person owns, as cards show them: written only by engnest.projects",
    )
    project_count: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    reliability: float | None = Field(
        default=None, description="Share of confirmed meetings kept, 0..1; NULL = new member (written by reviews)"
    )
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=aware_column())


class Skill(SQLModel, table=True):
    __tablename__ = "skill"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_skill_user_key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    name: str = Field(max_length=40)
    key: str = Field(max_length=40, index=True)
    proficiency: str = Field(default="intermediate", max_length=16)

