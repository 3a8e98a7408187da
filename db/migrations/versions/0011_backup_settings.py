"""backup settings: where the site's automatic backups go (a local folder or a network share;
empty: beside the registry) and after how many days without a good backup the window warns

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('backup_folder', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('backup_warning_days', sa.Integer(), nullable=False, server_default='3'))


def downgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('backup_warning_days')
        batch_op.drop_column('backup_folder')
