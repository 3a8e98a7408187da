"""studies: enrolments with their on-study history (visits, doses, adverse events, exits)

A patient enrolled in a trial gets a `study` row (trial, arm, subject number, enrolment day),
and the study's dated lists get a table each, deleted with their study. A subject number is
given once per trial. New tables only: existing data is untouched.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

STUDY_CHILDREN = ('study_visit', 'dose_record', 'adverse_event', 'exit_event')


def _study_child(name: str, *columns: sa.Column) -> None:
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    *columns,
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_study_id'), ['study_id'], unique=False)


def upgrade() -> None:
    op.create_table('study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('nct', sa.String(length=11), nullable=False),
    sa.Column('arm', sa.String(length=60), nullable=False),
    sa.Column('subject_no', sa.String(length=40), nullable=False),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nct', 'subject_no')
    )
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_study_nct'), ['nct'], unique=False)
        batch_op.create_index(batch_op.f('ix_study_patient_id'), ['patient_id'], unique=False)

    _study_child('study_visit',
    sa.Column('visit', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True))
    _study_child('dose_record',
    sa.Column('drug', sa.String(length=60), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('dose', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True))
    _study_child('adverse_event',
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('onset', sa.Date(), nullable=False),
    sa.Column('resolved', sa.Date(), nullable=True),
    sa.Column('serious', sa.Boolean(), nullable=True),
    sa.Column('related_to', sa.String(length=60), nullable=True),
    sa.Column('note', sa.Text(), nullable=True))
    _study_child('exit_event',
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('criterion', sa.String(length=10), nullable=True),
    sa.Column('by', sa.String(length=80), nullable=True),
    sa.Column('note', sa.Text(), nullable=True))


def downgrade() -> None:
    for name in reversed(STUDY_CHILDREN):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{name}_study_id'))
        op.drop_table(name)
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_study_patient_id'))
        batch_op.drop_index(batch_op.f('ix_study_nct'))
    op.drop_table('study')
