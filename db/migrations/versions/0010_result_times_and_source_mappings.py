"""result times and source mappings: an observation keeps the time of its sample when the
hospital's system gives it, and each data source's site mapping (local test names and codes)
is kept with the site's settings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time', sa.Time(), nullable=True))
    op.create_table('source_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source')
    )


def downgrade() -> None:
    op.drop_table('source_mapping')
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_column('time')
