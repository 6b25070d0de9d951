"""One-time account links: email verification, password reset, sign-in by email. Only a hash is stored."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class AccountToken(SQLModel, table=True):
    __tablename__ = "account_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    purpose: str = Field(max_length=16)  # services.account_tokens: verify_email | reset_password | sign_in
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))  # sha256 of the link's token
    created_at: dt.datetime = created_at_field()
    expires_at: dt.datetime = Field(sa_column=aware_column())
    used_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))  # used, or superseded
