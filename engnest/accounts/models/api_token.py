"""Personal access tokens for the REST API. Only a SHA-256 of the token is stored (it carries 32 random bytes,
so an unkeyed hash gives nothing to call the API with); the owner sees the token once, when it is created."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    name: str = Field(max_length=60)
    scope: str = Field(max_length=8)  # api.domain.scopes: read | write
    # personal (Settings), or a pair from POST /auth/login: a short-lived access token and a rotating refresh
    # token, both in one `family` (revoked together at sign-out or when a used refresh token comes back).
    kind: str = Field(default="personal", sa_column=sa.Column(sa.String(8), nullable=False, server_default="personal"))
    family: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True, index=True))
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))
    hint: str = Field(max_length=8)  # the token's last 4 characters, to tell tokens apart in Settings
    created_at: dt.datetime = created_at_field()
    expires_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    last_used_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    revoked_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
