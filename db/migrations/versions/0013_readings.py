"""readings of ambiguous text: the investigator's choice for a screening (a decision with the
reading's id) and the readings adopted for a trial at the site

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('screening_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reading_id', sa.String(length=12), nullable=True))
    op.create_table(
        'adopted_reading',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('nct', sa.String(length=11), nullable=False),
        sa.Column('item_id', sa.String(length=10), nullable=False),
        sa.Column('reading_id', sa.String(length=12), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('by', sa.String(length=80), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_adopted_reading_nct'), 'adopted_reading', ['nct'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_adopted_reading_nct'), table_name='adopted_reading')
    op.drop_table('adopted_reading')
    with op.batch_alter_table('screening_decision', schema=None) as batch_op:
        batch_op.drop_column('reading_id')
