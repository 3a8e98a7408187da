"""search keys compared in code point order on PostgreSQL

Name search matches a prefix with `key >= prefix AND key < prefix || U+10FFFF`, which needs
the search keys (patient.name_key, patient.name_pinyin) compared in code point order. SQLite
does that already; PostgreSQL compares by the database's collation, and the usual ones
(glibc zh_CN.UTF-8, en_US.UTF-8) ignore U+10FFFF, so only exact names were found. On
PostgreSQL the two columns get the "C" collation (their indexes are rebuilt with it); on
SQLite nothing changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SEARCH_KEYS = (('name_key', 200), ('name_pinyin', 400))


def _collate(collation: str | None) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for column, length in SEARCH_KEYS:
        op.alter_column('patient', column, existing_type=sa.String(length), existing_nullable=False,
                        type_=sa.String(length, collation=collation))


def upgrade() -> None:
    _collate('C')


def downgrade() -> None:
    _collate(None)
