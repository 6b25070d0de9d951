"""direct messages: one row per message between two collaborators; (sender, client_key) unique for idempotent sends

Revision ID: a112228c605a
Revises: 8c7899eb1d58
Create Date: 2026-11-21 04:04:47.318264

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = 'a112228c605a'
down_revision: Union[str, Sequence[str], None] = '8c7899eb1d58'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('direct_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['recipient_id'], ['user_account.id'], name=op.f('fk_direct_message_recipient_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['user_account.id'], name=op.f('fk_direct_message_sender_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direct_message')),
    sa.UniqueConstraint('sender_id', 'client_key', name='uq_direct_message_sender_key')
    )
    with op.batch_alter_table('direct_message', schema=None) as batch_op:
        batch_op.create_index('ix_direct_message_pair', ['sender_id', 'recipient_id', 'id'], unique=False)
        batch_op.create_index('ix_direct_message_unread', ['recipient_id', 'read_at', 'sender_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('direct_message', schema=None) as batch_op:
        batch_op.drop_index('ix_direct_message_unread')
        batch_op.drop_index('ix_direct_message_pair')

    op.drop_table('direct_message')
