"""action acknowledgements: who saw a follow-up action, when, and what was done

New table only: existing data is untouched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('action_acknowledgement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('nct', sa.String(length=11), nullable=False),
    sa.Column('action_key', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('action_acknowledgement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_acknowledgement_patient_id'), ['patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('action_acknowledgement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_acknowledgement_patient_id'))
    op.drop_table('action_acknowledgement')
