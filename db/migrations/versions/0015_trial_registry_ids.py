"""trials are named by their id in any public registry (ChiCTR2300071234, CTRI/2020/05/025123, ...),
not only by an NCT number: the `nct` columns become `trial_id`, wide enough for every registry's form

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# table -> indexed? (each index is named after its column)
TABLES = {'study': True, 'screening': True, 'adopted_reading': True, 'action_acknowledgement': False}


def _rename(old: str, new: str, length: int) -> None:
    for table, indexed in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if indexed:
                batch_op.drop_index(f'ix_{table}_{old}')
            batch_op.alter_column(old, new_column_name=new, type_=sa.String(length=length),
                                  existing_nullable=False)
        if indexed:  # (after the batch: inside it, SQLite's copy of the table has only the old name)
            op.create_index(f'ix_{table}_{new}', table, [new], unique=False)


def upgrade() -> None:
    _rename('nct', 'trial_id', 40)


def downgrade() -> None:
    _rename('trial_id', 'nct', 11)
