"""generic notifications: a subject reference and a payload

Issue 11: a notification names what it is about (subject_type, subject_id) instead of the notifications code
knowing meetings. Existing rows get their subject from their dedupe key, which every creator has always set:
  meeting:<id>:...          -> ("meeting", id)          (every meeting kind, through meeting_common.notify)
  dm:<id>                   -> ("direct_message", id)
  friend_request:<id>:...   -> ("friendship", id)
  friend_accepted:<id>:...  -> ("friendship", id)
Rows without such a key keep no subject (they still show and open their stored link). Payloads start empty.

Revision ID: w11_reshape_notif_subject
Revises: w9_accounts_tokens
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w11_reshape_notif_subject"
down_revision: Union[str, Sequence[str], None] = "w9_accounts_tokens"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SUBJECTS = {"meeting": "meeting", "dm": "direct_message", "friend_request": "friendship", "friend_accepted": "friendship"}


def _subject(dedupe_key: str | None) -> tuple[str, int] | None:
    parts = (dedupe_key or "").split(":")
    if len(parts) >= 2 and parts[0] in SUBJECTS and parts[1].isdigit():
        return SUBJECTS[parts[0]], int(parts[1])
    return None


def upgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_type", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), server_default="{}", nullable=False))
        batch_op.create_index("ix_notification_subject", ["subject_type", "subject_id"], unique=False)

    conn = op.get_bind()
    table = sa.table("notification", sa.column("id", sa.Integer), sa.column("dedupe_key", sa.String),
                     sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer))
    rows = conn.execute(sa.select(table.c.id, table.c.dedupe_key).where(table.c.dedupe_key.is_not(None))).all()
    for row_id, key in rows:
        subject = _subject(key)
        if subject is not None:
            conn.execute(table.update().where(table.c.id == row_id).values(subject_type=subject[0], subject_id=subject[1]))


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_subject")
        batch_op.drop_column("payload")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("subject_type")
