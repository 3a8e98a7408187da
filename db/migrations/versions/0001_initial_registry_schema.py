"""initial registry schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('patient_ref', sa.String(length=40), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_patient_ref'), ['patient_ref'], unique=False)

    op.create_table('patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registry_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('initials', sa.String(length=12), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('record_no', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('registry_no')
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_initials'), ['initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_record_no'), ['record_no'], unique=False)

    op.create_table('registry_info',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('biopsy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('isn_rps_classes', sa.String(length=60), nullable=True),
    sa.Column('activity_index', sa.Integer(), nullable=True),
    sa.Column('chronicity_index', sa.Integer(), nullable=True),
    sa.Column('glomeruli_total', sa.Integer(), nullable=True),
    sa.Column('glomerulosclerosis_pct', sa.Float(), nullable=True),
    sa.Column('cellular_crescents_pct', sa.Float(), nullable=True),
    sa.Column('capillary_loop_necrosis_pct', sa.Float(), nullable=True),
    sa.Column('microthrombi_pct', sa.Float(), nullable=True),
    sa.Column('tma_lesions', sa.Boolean(), nullable=True),
    sa.Column('interstitial_fibrosis_pct', sa.Float(), nullable=True),
    sa.Column('imn_stage', sa.Integer(), nullable=True),
    sa.Column('methods', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('biopsy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_biopsy_patient_id'), ['patient_id'], unique=False)

    op.create_table('clinical_procedure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('stop', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clinical_procedure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinical_procedure_patient_id'), ['patient_id'], unique=False)

    op.create_table('diagnosis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('onset', sa.Date(), nullable=True),
    sa.Column('classification', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('diagnosis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnosis_patient_id'), ['patient_id'], unique=False)

    op.create_table('medical_condition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=True),
    sa.Column('onset', sa.Date(), nullable=True),
    sa.Column('resolved', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('severity', sa.String(length=30), nullable=True),
    sa.Column('controlled', sa.Boolean(), nullable=True),
    sa.Column('treatment', sa.String(length=30), nullable=True),
    sa.Column('hospitalised', sa.Boolean(), nullable=True),
    sa.Column('agent', sa.String(length=60), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medical_condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medical_condition_patient_id'), ['patient_id'], unique=False)

    op.create_table('medication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('drug', sa.String(length=60), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('stop', sa.Date(), nullable=True),
    sa.Column('dose', sa.Float(), nullable=True),
    sa.Column('dose_unit', sa.String(length=20), nullable=True),
    sa.Column('route', sa.String(length=20), nullable=True),
    sa.Column('cumulative_dose_mg', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medication_patient_id'), ['patient_id'], unique=False)

    op.create_table('observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=30), nullable=True),
    sa.Column('text', sa.String(length=40), nullable=True),
    sa.Column('uln', sa.Float(), nullable=True),
    sa.Column('lln', sa.Float(), nullable=True),
    sa.Column('method', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('value_canonical', sa.Float(), nullable=True),
    sa.Column('unit_canonical', sa.String(length=30), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observation_patient_id'), ['patient_id'], unique=False)

    op.create_table('reproductive_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('childbearing_potential', sa.Boolean(), nullable=True),
    sa.Column('pregnant', sa.Boolean(), nullable=True),
    sa.Column('lactating', sa.Boolean(), nullable=True),
    sa.Column('planning_pregnancy', sa.Boolean(), nullable=True),
    sa.Column('contraception', sa.String(length=30), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reproductive_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reproductive_status_patient_id'), ['patient_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reproductive_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reproductive_status_patient_id'))

    op.drop_table('reproductive_status')
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observation_patient_id'))

    op.drop_table('observation')
    with op.batch_alter_table('medication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medication_patient_id'))

    op.drop_table('medication')
    with op.batch_alter_table('medical_condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medical_condition_patient_id'))

    op.drop_table('medical_condition')
    with op.batch_alter_table('diagnosis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diagnosis_patient_id'))

    op.drop_table('diagnosis')
    with op.batch_alter_table('clinical_procedure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinical_procedure_patient_id'))

    op.drop_table('clinical_procedure')
    with op.batch_alter_table('biopsy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_biopsy_patient_id'))

    op.drop_table('biopsy')
    op.drop_table('registry_info')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_record_no'))
        batch_op.drop_index(batch_op.f('ix_patient_name_key'))
        batch_op.drop_index(batch_op.f('ix_patient_initials'))

    op.drop_table('patient')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_patient_ref'))

    op.drop_table('audit_event')
