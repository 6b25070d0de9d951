"""community moderation: reports, room bans, account suspensions, site roles; site-wide audit rows (issue 13)

Revision ID: w13_moderation
Revises: w14_profile_projects_move

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'w13_moderation'
down_revision: Union[str, Sequence[str], None] = 'w14_profile_projects_move'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('account_suspension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=280), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_account_suspension_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_account_suspension_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_suspension'))
    )
    with op.batch_alter_table('account_suspension', schema=None) as batch_op:
        batch_op.create_index('ix_account_suspension_user_ends', ['user_id', 'ends_at'], unique=False)

    op.create_table('site_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('granted_by', sa.String(length=80), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_site_role_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_site_role'))
    )
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('target_kind', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('target_user_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('excerpt', sa.String(length=280), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolution', sa.String(length=24), nullable=False),
    sa.Column('handled_by', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['handled_by'], ['user_account.id'], name=op.f('fk_report_handled_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_id'], ['user_account.id'], name=op.f('fk_report_reporter_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_report_room_id_room'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_user_id'], ['user_account.id'], name=op.f('fk_report_target_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('reporter_id', 'target_kind', 'target_id', name='uq_report_reporter_target')
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_status_room', ['status', 'room_id', 'id'], unique=False)
        batch_op.create_index('ix_report_target', ['target_kind', 'target_id', 'status'], unique=False)

    op.create_table('room_ban',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=280), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_room_ban_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_room_ban_room_id_room'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_room_ban_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_ban')),
    sa.UniqueConstraint('room_id', 'user_id', name='uq_room_ban_room_user')
    )
    with op.batch_alter_table('room_ban', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_ban_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.alter_column('room_id',
               existing_type=sa.INTEGER(),
               nullable=True)



def downgrade() -> None:
    """Downgrade schema."""
    # Site-wide audit rows (no room) cannot stay in a table whose rows all belong to a room.
    op.execute("DELETE FROM moderation_action WHERE room_id IS NULL")
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.alter_column('room_id',
               existing_type=sa.INTEGER(),
               nullable=False)

    with op.batch_alter_table('room_ban', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_ban_user_id'))

    op.drop_table('room_ban')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_target')
        batch_op.drop_index('ix_report_status_room')

    op.drop_table('report')
    op.drop_table('site_role')
    with op.batch_alter_table('account_suspension', schema=None) as batch_op:
        batch_op.drop_index('ix_account_suspension_user_ends')

    op.drop_table('account_suspension')
