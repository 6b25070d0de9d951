"""notifications: an index in the list's sort order

Issue 17: the notification centre lists a user's notifications newest first (created_at, id), but the only
index per user was (user_id, read_at, id), so every page read all of the user's rows and sorted them in a
temporary B-tree (178 ms for page 1 and 708 ms for the last page at 100k rows). With (user_id, created_at, id)
a page walks the index in order, and the ids of a deep page come from the index alone.

Revision ID: w17_notification_created_index
Revises: w11_reshape_notif_subject
"""
from typing import Sequence, Union

from alembic import op

revision: str = "w17_notification_created_index"
down_revision: Union[str, Sequence[str], None] = "w11_reshape_notif_subject"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_notification_user_created", "notification", ["user_id", "created_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_notification_user_created", table_name="notification")
