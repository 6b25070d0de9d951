"""calls: a call (ringing, live, ended, missed, declined) and its participants

Issue 12: 1:1 video/audio calls between collaborators. Participants are rows, not two columns, so a room call with a
few people can follow without a schema change.

Revision ID: w12_calls
Revises: w11_conversations
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w12_calls"
down_revision: Union[str, Sequence[str], None] = "w11_conversations"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("media", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('ringing', 'live', 'ended', 'missed', 'declined')", name=op.f("ck_call_status")),
        sa.CheckConstraint("media IN ('video', 'audio')", name=op.f("ck_call_media")),
        sa.ForeignKeyConstraint(["started_by"], ["user_account.id"], name=op.f("fk_call_started_by_user_account"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_call_meeting_id_meeting"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call")),
    )
    op.create_index(op.f("ix_call_started_by"), "call", ["started_by"], unique=False)
    op.create_index(op.f("ix_call_meeting_id"), "call", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_call_status"), "call", ["status"], unique=False)
    op.create_table(
        "call_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["call.id"], name=op.f("fk_call_participant_call_id_call"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_call_participant_user_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_participant")),
        sa.UniqueConstraint("call_id", "user_id", name="uq_call_participant_pair"),
    )
    op.create_index(op.f("ix_call_participant_call_id"), "call_participant", ["call_id"], unique=False)
    op.create_index(op.f("ix_call_participant_user_id"), "call_participant", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_call_participant_user_id"), table_name="call_participant")
    op.drop_index(op.f("ix_call_participant_call_id"), table_name="call_participant")
    op.drop_table("call_participant")
    op.drop_index(op.f("ix_call_status"), table_name="call")
    op.drop_index(op.f("ix_call_meeting_id"), table_name="call")
    op.drop_index(op.f("ix_call_started_by"), table_name="call")
    op.drop_table("call")
