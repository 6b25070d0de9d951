"""messages: edited_at and deleted_at (edit and delete your own message within a window)

Issue 18: a sender may edit or delete their message for a short while; the thread shows "edited" or
"message deleted" in its place. A deleted message keeps its row (ids, read positions and receipts stay
valid) with an empty body.

Revision ID: w18_message_edits
Revises: w13_community_rooms
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w18_message_edits"
down_revision: Union[str, Sequence[str], None] = "w13_community_rooms"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("edited_at")
