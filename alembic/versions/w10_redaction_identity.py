"""redaction identity

Issue 10: the names and words the pitch redactor hides besides first and last name: other names the owner
goes by, their name in another script, words they chose to hide, and the account email's user name (kept
by services.anonymise). Existing profiles get empty values; the redaction version bump re-redacts them in
the background at start-up.

Revision ID: w10_redaction_identity
Revises: 9208b7c6180a
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w10_redaction_identity"
down_revision: Union[str, Sequence[str], None] = "9208b7c6180a"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("other_names", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(sa.Column("script_name", sa.String(length=120), server_default="", nullable=False))
        batch_op.add_column(sa.Column("hidden_words", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("email_name", sa.String(length=64), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("email_name")
        batch_op.drop_column("hidden_words")
        batch_op.drop_column("script_name")
        batch_op.drop_column("other_names")
