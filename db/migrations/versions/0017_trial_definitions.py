"""every version of a trial definition a screening was begun on is kept (a protocol amendment
never loses the one a screening used); each screening names its version by content hash

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'trial_definition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trial_id', sa.String(length=40), nullable=False),
        sa.Column('protocol_version', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('definition', sa.Text(), nullable=False),
        sa.Column('first_used_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trial_id', 'sha256'),
    )
    op.create_index('ix_trial_definition_trial_id', 'trial_definition', ['trial_id'], unique=False)
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.add_column(sa.Column('definition_sha256', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.drop_column('definition_sha256')
    op.drop_index('ix_trial_definition_trial_id', table_name='trial_definition')
    op.drop_table('trial_definition')
