"""message_attachment: files sent in conversations (issue 18)

One row per message that carries a file: which conversation it belongs to (the members-only download checks
it), the random name of the bytes under the data directory, the name offered on download, and the type and
kind found from the content on upload.

Revision ID: w18_message_attachments
Revises: w18_message_edits
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w18_message_attachments"
down_revision: Union[str, Sequence[str], None] = "w13_moderation"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "message_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"], name="fk_message_attachment_message_id_message", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["conversation_id"], ["conversation.id"], name="fk_message_attachment_conversation_id_conversation", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"], ["user_account.id"], name="fk_message_attachment_uploader_id_user_account", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_message_attachment"),
        sa.UniqueConstraint("message_id", name="uq_message_attachment_message_id"),
        sa.UniqueConstraint("stored_name", name="uq_message_attachment_stored_name"),
    )
    op.create_index("ix_message_attachment_conversation", "message_attachment", ["conversation_id", "message_id"])
    op.create_index("ix_message_attachment_uploader_id", "message_attachment", ["uploader_id"])


def downgrade() -> None:
    op.drop_index("ix_message_attachment_uploader_id", table_name="message_attachment")
    op.drop_index("ix_message_attachment_conversation", table_name="message_attachment")
    op.drop_table("message_attachment")
