"""conversations, not pairs: direct messages move into conversations with members; meetings get participants

Issue 11 item 7. A direct message belonged to a (sender, recipient) pair and carried its own read_at. Now:
  conversation          one per pair of people who ever wrote (kind 'direct', direct_key 'low:high'); group rooms
                        will be conversations of many
  conversation_member   (conversation, user) with the member's read position: last_read_message_id (everything up
                        to it is read) and last_read_at (when it last moved: the "Seen" time)
  message               the messages, same ids as before (notifications' dm:<id> keys and subject ids stay valid),
                        idempotency keys kept: unique (sender_id, client_key)
  meeting_participant   (meeting, user, role): the requester and the recipient of every meeting

Reading state: a member's position is the newest message to them that was read. Reads always covered everything
up to an id, so the read messages are the ones up to it; if an unread message is older than a read one (ids are
not committed in order, so a message can land under a read position), the position stops just before the
oldest unread message: no unread message is lost, at worst a read one shows unread again. last_read_at is the
newest read_at at or under the position (the time the "Seen" receipt showed).

Notifications about a message change subject_type 'direct_message' -> 'message'.
On PostgreSQL the id sequence of `message` continues after the copied ids.

Revision ID: w11_conversations
Revises: w18_availability_windows
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "w11_conversations"
down_revision: Union[str, Sequence[str], None] = "w18_availability_windows"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_LOW = "CASE WHEN sender_id < recipient_id THEN sender_id ELSE recipient_id END"
_HIGH = "CASE WHEN sender_id < recipient_id THEN recipient_id ELSE sender_id END"


def _create_tables() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("direct_key", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation")),
        sa.UniqueConstraint("direct_key", name=op.f("uq_conversation_direct_key")),
    )
    op.create_table(
        "conversation_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_read_message_id", sa.Integer(), nullable=True),
        sa.Column("last_read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"], name=op.f("fk_conversation_member_conversation_id_conversation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_conversation_member_user_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_member")),
        sa.UniqueConstraint("conversation_id", "user_id", name="uq_conversation_member_conversation_user"),
    )
    op.create_index("ix_conversation_member_user", "conversation_member", ["user_id", "conversation_id"], unique=False)
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"], name=op.f("fk_message_conversation_id_conversation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_id"], ["user_account.id"], name=op.f("fk_message_sender_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
        sa.UniqueConstraint("sender_id", "client_key", name="uq_message_sender_key"),
    )
    op.create_index("ix_message_conversation", "message", ["conversation_id", "id", "sender_id"], unique=False)
    op.create_table(
        "meeting_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_participant_meeting_id_meeting"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_meeting_participant_user_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_participant")),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_meeting_participant_meeting_user"),
    )
    op.create_index("ix_meeting_participant_user", "meeting_participant", ["user_id", "meeting_id"], unique=False)


def _read_positions(conn, conversation_id: int, low: int, high: int) -> dict[int, tuple[int | None, object]]:
    """user -> (last_read_message_id, last_read_at) from the old per-message read_at."""
    out = {}
    for reader, sender in ((low, high), (high, low)):
        pair = "FROM direct_message WHERE sender_id = :s AND recipient_id = :r"
        args = {"s": sender, "r": reader}
        newest_read = conn.execute(sa.text(f"SELECT max(id) {pair} AND read_at IS NOT NULL"), args).scalar()
        oldest_unread = conn.execute(sa.text(f"SELECT min(id) {pair} AND read_at IS NULL"), args).scalar()
        position = newest_read
        if newest_read is not None and oldest_unread is not None and oldest_unread < newest_read:
            position = conn.execute(
                sa.text(f"SELECT max(id) {pair} AND read_at IS NOT NULL AND id < :u"), {**args, "u": oldest_unread}
            ).scalar()
        read_at = None
        if position is not None:
            read_at = conn.execute(
                sa.text(f"SELECT max(read_at) {pair} AND read_at IS NOT NULL AND id <= :p"), {**args, "p": position}
            ).scalar()
        out[reader] = (position, read_at)
    return out


def upgrade() -> None:
    _create_tables()
    conn = op.get_bind()
    conn.execute(sa.text(
        f"INSERT INTO conversation (kind, direct_key, created_at) "
        f"SELECT 'direct', CAST({_LOW} AS VARCHAR(20)) || ':' || CAST({_HIGH} AS VARCHAR(20)), min(created_at) "
        f"FROM direct_message GROUP BY {_LOW}, {_HIGH}"
    ))
    conversations = conn.execute(sa.text("SELECT id, direct_key, created_at FROM conversation")).all()
    for conversation_id, key, created_at in conversations:
        low, high = (int(part) for part in key.split(":"))
        for user_id, (position, read_at) in _read_positions(conn, conversation_id, low, high).items():
            conn.execute(sa.text(
                "INSERT INTO conversation_member (conversation_id, user_id, joined_at, last_read_message_id, last_read_at) "
                "VALUES (:c, :u, :j, :p, :r)"
            ), {"c": conversation_id, "u": user_id, "j": created_at, "p": position, "r": read_at})
    conn.execute(sa.text(
        "INSERT INTO message (id, conversation_id, sender_id, body, client_key, created_at) "
        "SELECT d.id, c.id, d.sender_id, d.body, d.client_key, d.created_at FROM direct_message d JOIN conversation c "
        f"ON c.direct_key = CAST({_LOW.replace('sender_id', 'd.sender_id').replace('recipient_id', 'd.recipient_id')} AS VARCHAR(20)) "
        f"|| ':' || CAST({_HIGH.replace('sender_id', 'd.sender_id').replace('recipient_id', 'd.recipient_id')} AS VARCHAR(20))"
    ))
    conn.execute(sa.text(
        "INSERT INTO meeting_participant (meeting_id, user_id, role) "
        "SELECT id, requester_id, 'requester' FROM meeting UNION ALL SELECT id, recipient_id, 'recipient' FROM meeting"
    ))
    conn.execute(sa.text("UPDATE notification SET subject_type = 'message' WHERE subject_type = 'direct_message'"))
    if conn.dialect.name == "postgresql":  # ids were copied: new messages continue after them
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('message', 'id'), coalesce(max(id), 0) + 1, false) FROM message"))
    with op.batch_alter_table("direct_message", schema=None) as batch_op:
        batch_op.drop_index("ix_direct_message_unread")
        batch_op.drop_index("ix_direct_message_pair")
    op.drop_table("direct_message")


def downgrade() -> None:
    """Back to pairs (direct conversations only): a message to a member is read (at their last_read_at) when it is
    at or under their read position."""
    op.create_table(
        "direct_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["recipient_id"], ["user_account.id"], name=op.f("fk_direct_message_recipient_id_user_account"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_id"], ["user_account.id"], name=op.f("fk_direct_message_sender_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_message")),
        sa.UniqueConstraint("sender_id", "client_key", name="uq_direct_message_sender_key"),
    )
    with op.batch_alter_table("direct_message", schema=None) as batch_op:
        batch_op.create_index("ix_direct_message_pair", ["sender_id", "recipient_id", "id"], unique=False)
        batch_op.create_index("ix_direct_message_unread", ["recipient_id", "read_at", "sender_id"], unique=False)
    conn = op.get_bind()
    conn.execute(sa.text(
        "INSERT INTO direct_message (id, sender_id, recipient_id, body, client_key, created_at, read_at) "
        "SELECT m.id, m.sender_id, r.user_id, m.body, m.client_key, m.created_at, "
        "CASE WHEN m.id <= coalesce(r.last_read_message_id, 0) THEN r.last_read_at ELSE NULL END "
        "FROM message m JOIN conversation c ON c.id = m.conversation_id AND c.kind = 'direct' "
        "JOIN conversation_member r ON r.conversation_id = m.conversation_id AND r.user_id <> m.sender_id"
    ))
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(
            "SELECT setval(pg_get_serial_sequence('direct_message', 'id'), coalesce(max(id), 0) + 1, false) FROM direct_message"
        ))
    conn.execute(sa.text("UPDATE notification SET subject_type = 'direct_message' WHERE subject_type = 'message'"))
    op.drop_index("ix_meeting_participant_user", table_name="meeting_participant")
    op.drop_table("meeting_participant")
    op.drop_index("ix_message_conversation", table_name="message")
    op.drop_table("message")
    op.drop_index("ix_conversation_member_user", table_name="conversation_member")
    op.drop_table("conversation_member")
    op.drop_table("conversation")
