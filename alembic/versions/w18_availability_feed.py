"""availability_feed: the secret free/busy .ics feed (issue 18)

One row per person who turned the feed on: the SHA-256 of the token in its URL and when it was made.

Revision ID: w18_availability_feed
Revises: w18_message_attachments
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w18_availability_feed"
down_revision: Union[str, Sequence[str], None] = "w18_message_attachments"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "availability_feed",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name="fk_availability_feed_user_id_user_account", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name="pk_availability_feed"),
        sa.UniqueConstraint("token_hash", name="uq_availability_feed_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("availability_feed")
