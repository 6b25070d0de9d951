"""community rooms: pseudonyms, rooms (a room's chat is a messaging conversation of kind 'room'), room members with
roles, join requests and invitations, and the moderation audit (issue 13)

Revision ID: w13_community_rooms
Revises: w14_projects_teams

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'w13_community_rooms'
down_revision: Union[str, Sequence[str], None] = 'w14_projects_teams'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('pseudonym',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('handle', sa.String(length=80), nullable=False),
    sa.Column('handle_key', sa.String(length=80), nullable=False),
    sa.Column('chosen', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pseudonym_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_pseudonym')),
    sa.UniqueConstraint('handle_key', name=op.f('uq_pseudonym_handle_key'))
    )
    op.create_table('room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('topic', sa.String(length=280), nullable=False),
    sa.Column('tags', sa.String(length=200), nullable=False),
    sa.Column('visibility', sa.String(length=8), nullable=False),
    sa.Column('member_count', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'], name=op.f('fk_room_conversation_id_conversation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_room_created_by_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
    sa.UniqueConstraint('conversation_id', name=op.f('uq_room_conversation_id'))
    )
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_index('ix_room_visibility_activity', ['visibility', 'last_activity_at'], unique=False)

    op.create_table('moderation_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('target_user_id', sa.Integer(), nullable=True),
    sa.Column('target_message_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=280), nullable=False),
    sa.Column('detail', sa.String(length=280), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_moderation_action_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_moderation_action_room_id_room'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_user_id'], ['user_account.id'], name=op.f('fk_moderation_action_target_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_action'))
    )
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_action_room_id'), ['room_id'], unique=False)

    op.create_table('room_invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_room_invite_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_room_invite_room_id_room'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_room_invite_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_invite')),
    sa.UniqueConstraint('room_id', 'user_id', name='uq_room_invite_room_user')
    )
    op.create_table('room_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('muted_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_room_member_room_id_room'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_room_member_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_member')),
    sa.UniqueConstraint('room_id', 'user_id', name='uq_room_member_room_user')
    )
    with op.batch_alter_table('room_member', schema=None) as batch_op:
        batch_op.create_index('ix_room_member_user', ['user_id', 'room_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('room_member', schema=None) as batch_op:
        batch_op.drop_index('ix_room_member_user')

    op.drop_table('room_member')
    op.drop_table('room_invite')
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_action_room_id'))

    op.drop_table('moderation_action')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_index('ix_room_visibility_activity')

    op.drop_table('room')
    op.drop_table('pseudonym')
