"""Accounts that existed before email verification count as confirmed (the migration), and so do seeded ones."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from factories import NOW

from devdata import seed
from engnest.accounts.models import User
from engnest.migrations import upgrade


def test_the_migration_marks_existing_accounts_verified(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "9208b7c6180a")  # the schema before verification existed
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO user_account (email, timezone, password_hash, birth_date, timezone_auto, email_notifications, created_at, password_changed_at) "
            "VALUES ('old@example.com', 'UTC', 'x', '1990-01-01', 1, 1, :at, :at)"
        ), {"at": dt.datetime(2026, 1, 2, 3, 4, 5)})
    upgrade(url, "heads")
    with engine.connect() as conn:
        verified_at = conn.execute(sa.text("SELECT email_verified_at FROM user_account WHERE email = 'old@example.com'")).scalar_one()
    engine.dispose()
    assert verified_at is not None and str(verified_at).startswith("2026-01-02 03:04:05")


def test_seeded_accounts_are_verified(sqlite_session):
    seed.seed(session=sqlite_session, count=5, now=NOW)
    users = sqlite_session.execute(sa.select(User)).scalars().all()
    assert users and all(u.email_verified_at is not None for u in users)
