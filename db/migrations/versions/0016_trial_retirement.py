"""trials retired at the site: no new screenings, their screenings kept (rows never changed; the
newest per trial counts)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'trial_retirement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trial_id', sa.String(length=40), nullable=False),
        sa.Column('retired', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('by', sa.String(length=80), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_trial_retirement_trial_id', 'trial_retirement', ['trial_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_trial_retirement_trial_id', table_name='trial_retirement')
    op.drop_table('trial_retirement')
