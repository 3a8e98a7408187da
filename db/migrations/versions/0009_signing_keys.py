"""signing keys: the site authority's key once per administrator, each signer's certificates,
and the consent date of a screening

The site authority's certificate stays in site.ca_cert_pem. The single-key columns 0007 left
for keys (site.ca_key_pem, user_account.cert_pem, user_account.key_pem) were never written:
keys live in the new tables instead, which keep a certificate's history.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('ca_key_pem')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('cert_pem')
        batch_op.drop_column('key_pem')
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_on', sa.Date(), nullable=True))

    op.create_table('site_authority_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_pem', sa.Text(), nullable=False),
    sa.Column('wrapped_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('wrapped_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id']),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('site_authority_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_authority_key_user_id'), ['user_id'], unique=True)

    op.create_table('signing_credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('certificate_pem', sa.Text(), nullable=False),
    sa.Column('key_pem', sa.Text(), nullable=True),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.String(length=40), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint')
    )
    with op.batch_alter_table('signing_credential', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_credential_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signing_credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_credential_user_id'))
    op.drop_table('signing_credential')
    with op.batch_alter_table('site_authority_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_authority_key_user_id'))
    op.drop_table('site_authority_key')
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.drop_column('consent_on')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_pem', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cert_pem', sa.Text(), nullable=True))
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ca_key_pem', sa.Text(), nullable=True))
