"""a kidney biopsy records the share of glomeruli with fibrocellular crescents (trials exclude on
cellular or fibrocellular crescents together)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('biopsy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fibrocellular_crescents_pct', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('biopsy', schema=None) as batch_op:
        batch_op.drop_column('fibrocellular_crescents_pct')
