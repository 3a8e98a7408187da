"""observations indexed by patient, code and date (a pre-screen reads a few codes of each
patient from some day on); the index by patient alone is its prefix, so it goes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_observation_patient_code_date', 'observation', ['patient_id', 'code', 'date'], unique=False)
    op.drop_index('ix_observation_patient_id', table_name='observation')


def downgrade() -> None:
    op.create_index('ix_observation_patient_id', 'observation', ['patient_id'], unique=False)
    op.drop_index('ix_observation_patient_code_date', table_name='observation')
