"""registry and record numbers compared in code point order on PostgreSQL

Search as you type matches every prefix of a registry or record number (`DEMO-0123` finds
DEMO-01230) with `number >= prefix AND number < prefix || U+10FFFF`, which, as for the name
keys (0003), needs code point order: on PostgreSQL patient.registry_no and patient.record_no
get the "C" collation (their indexes are rebuilt with it); on SQLite nothing changes.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

NUMBERS = (('registry_no', False), ('record_no', True))


def _collate(collation: str | None) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for column, nullable in NUMBERS:
        op.alter_column('patient', column, existing_type=sa.String(40), existing_nullable=nullable,
                        type_=sa.String(40, collation=collation))


def upgrade() -> None:
    _collate('C')


def downgrade() -> None:
    _collate(None)
