"""Accounts and login sessions."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk, utcnow


class UserBase(SQLModel):
    email: str = Field(sa_column=sa.Column(sa.String(254), unique=True, index=True, nullable=False))
    timezone: str = Field(default="UTC", max_length=64)


class User(UserBase, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=100)
    birth_date: dt.date
    timezone_auto: bool = Field(default=True, description="Follow the browser's timezone at login")
    email_notifications: bool = Field(
        default=True,
        sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()),
        description="Email meeting confirmations and reminders (opt-out in Settings)",
    )
    created_at: dt.datetime = created_at_field()
    password_changed_at: dt.datetime = Field(default_factory=utcnow, sa_column=aware_column())
    # None until the owner opens the verification link (or a reset / sign-in link, which prove the same).
    email_verified_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class UserPublic(UserBase):
    """What the owner may see of their own account. Never the hash."""

    id: int


class UserSession(SQLModel, table=True):
    """A browser login. Only hashes of the secret values are stored.

    A session starts as *pending* with a one-time activation code (handed to the tab that logged
    in) bound to that browser; redeeming the code at the cookie endpoint (by POST, from that browser)
    mints the real token, set as an HttpOnly cookie.
    """

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    token_hash: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(64), unique=True, index=True, nullable=True)
    )
    activation_hash: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(64), unique=True, index=True, nullable=True)
    )
    activation_expires_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    # SHA-256 of the pre-session secret held (in an HttpOnly cookie) by the browser that signed in: only that
    # browser can redeem the activation code.
    binding_hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    created_at: dt.datetime = created_at_field()
    last_seen_at: dt.datetime = Field(default_factory=utcnow, sa_column=aware_column())
    expires_at: dt.datetime = Field(sa_column=aware_column())
    revoked_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    user_agent: str = Field(default="", max_length=300)
    ip: str = Field(default="", max_length=64)
