"""pinyin search key for patient names

Registries made by 0001 searched names only as typed; coordinators also type pinyin
(zhang for 张). Adds patient.name_pinyin, fills it for existing patients, and indexes it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

from coordinator.records.names import pinyin_key

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patient') as batch_op:
        batch_op.add_column(sa.Column('name_pinyin', sa.String(length=400), nullable=True))

    connection = op.get_bind()
    patient = sa.table('patient', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('name_pinyin', sa.String))
    rows = connection.execute(sa.select(patient.c.id, patient.c.name)).all()
    if rows:
        connection.execute(
            patient.update().where(patient.c.id == sa.bindparam('row_id'))
            .values(name_pinyin=sa.bindparam('key')),
            # Cut to the column's length, as db.patients does: PostgreSQL refuses longer values.
            [{'row_id': row.id, 'key': pinyin_key(row.name)[:400]} for row in rows],
        )

    with op.batch_alter_table('patient') as batch_op:
        batch_op.alter_column('name_pinyin', existing_type=sa.String(length=400), nullable=False)
        batch_op.create_index('ix_patient_name_pinyin', ['name_pinyin'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('patient') as batch_op:
        batch_op.drop_index('ix_patient_name_pinyin')
        batch_op.drop_column('name_pinyin')
