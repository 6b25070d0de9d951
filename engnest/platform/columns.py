"""Shared column helpers: aware UTC datetimes everywhere."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Deterministic constraint names, so migrations can alter them on SQLite (batch mode) and Postgres.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def aware_column(*, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable, index=index)


def created_at_field() -> dt.datetime:
    return Field(default_factory=utcnow, sa_column=aware_column())


def fk(target: str, *, ondelete: str = "CASCADE", index: bool = True, nullable: bool = False) -> sa.Column:
    return sa.Column(sa.Integer, sa.ForeignKey(target, ondelete=ondelete), index=index, nullable=nullable)
