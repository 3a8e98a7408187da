"""electronic signatures: who signed what, when, with what meaning, and the content's hash

New table only: existing data is untouched.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('electronic_signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=True),
    sa.Column('document', sa.String(length=60), nullable=False),
    sa.Column('meaning', sa.String(length=60), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=60), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['screening_id'], ['screening.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('electronic_signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_electronic_signature_screening_id'), ['screening_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('electronic_signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_electronic_signature_screening_id'))
    op.drop_table('electronic_signature')
