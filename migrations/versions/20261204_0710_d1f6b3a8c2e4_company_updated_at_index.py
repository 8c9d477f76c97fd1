"""company: an index on updated_at, so the matcher's look at the companies changed since its last
one (before each new call is matched against all companies) reads those few rows instead of the
whole network

Revision ID: d1f6b3a8c2e4
Revises: c5e8a2f4b1d9
Create Date: 2026-12-04 07:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd1f6b3a8c2e4'
down_revision = 'c5e8a2f4b1d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.create_index('ix_company_updated_at', ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_index('ix_company_updated_at')
