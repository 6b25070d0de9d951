"""random calendar feed tokens, sign-in bound to the browser

calendar_feed: the feed URL held an HMAC of the user id under SECRET_KEY (and `make run` used a published
default key, so anyone could compute any feed URL). Now it holds a random token of which only the SHA-256 is
stored; no row means the feed is off. Existing rows are deleted: their URLs were computable, so every feed
starts off and its owner creates a new link in Settings.

user_session.binding_hash: the SHA-256 of the pre-session secret of the browser that signed in; only that
browser can redeem the activation code (login CSRF).

Revision ID: w9_auth_feeds_binding
Revises: 9208b7c6180a
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w9_auth_feeds_binding"
down_revision: Union[str, Sequence[str], None] = "w10_redaction_identity"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("DELETE FROM calendar_feed")
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.add_column(sa.Column("token_hash", sa.String(length=64), nullable=False))
        batch_op.create_unique_constraint(batch_op.f("uq_calendar_feed_token_hash"), ["token_hash"])
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("binding_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("binding_hash")
    op.execute("DELETE FROM calendar_feed")
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_calendar_feed_token_hash"), type_="unique")
        batch_op.drop_column("token_hash")
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
