"""screenings: a patient against a trial on a date, with manual answers and overrides

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('screening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('nct', sa.String(length=11), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('protocol_version', sa.String(length=200), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=True),
    sa.Column('snapshot', sa.Text(), nullable=True),
    sa.Column('signed_by', sa.String(length=80), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('enrolled_on', sa.Date(), nullable=True),
    sa.Column('subject_no', sa.String(length=40), nullable=True),
    sa.Column('arm', sa.String(length=60), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nct', 'number')
    )
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_nct'), ['nct'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_patient_id'), ['patient_id'], unique=False)

    op.create_table('screening_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=10), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('by', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['screening_id'], ['screening.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('screening_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_decision_screening_id'), ['screening_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('screening_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_decision_screening_id'))

    op.drop_table('screening_decision')
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_patient_id'))
        batch_op.drop_index(batch_op.f('ix_screening_nct'))

    op.drop_table('screening')
