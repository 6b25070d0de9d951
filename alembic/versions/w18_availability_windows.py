"""weekly availability

Issue 18: the hours each person is usually free, per weekday, in their own timezone (local minutes after
midnight). New table only; nobody has windows until they set them in Settings.

Revision ID: w18_availability_windows
Revises: w15_api_tokens
Create Date: 2026-12-01 02:33:39.411200

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'w18_availability_windows'
down_revision: Union[str, Sequence[str], None] = 'w15_api_tokens'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('availability_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.CheckConstraint('start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute', name=op.f('ck_availability_window_minute_range')),
    sa.CheckConstraint('weekday >= 0 AND weekday <= 6', name=op.f('ck_availability_window_weekday_range')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_availability_window_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_window'))
    )
    with op.batch_alter_table('availability_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_window_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('availability_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_window_user_id'))

    op.drop_table('availability_window')
